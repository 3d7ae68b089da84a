// Internal to ingest/html: a ParseArena's state and the thread's active
// arenas, shared by the allocator hooks (dom.cc) and ArenaOwns
// (arena_state.cc). ArenaOwns lives apart from the hooks so that a program
// that only frees documents (the feed parser) does not link the hooks, which
// dom.cc installs while the program starts.
#pragma once

#include <cstddef>
#include <vector>

#include "ingest/html/dom.h"

namespace corroborate::ingest::html {

struct ParseArena::State {
  struct Chunk {
    char* begin;
    char* end;
  };
  std::vector<Chunk> chunks;  // bump chunks, and big allocations in chunks of their own
  char* cur = nullptr;        // the free part of the current bump chunk
  char* limit = nullptr;
  size_t next_size = 0;
  State* outer = nullptr;  // the arena this one is nested in
  char* last = nullptr;    // the most recent allocation from the bump chunk (grown in place)

  bool Owns(const void* p) const {
    const char* c = static_cast<const char*>(p);
    for (auto it = chunks.rbegin(); it != chunks.rend(); ++it) {
      if (c >= it->begin && c < it->end) return true;
    }
    return false;
  }
};

// The innermost arena active on this thread (its `outer` the next), or null.
extern constinit thread_local ParseArena::State* t_arena;

// The active arena that carved `p`, or null.
inline ParseArena::State* Owner(const void* p) {
  for (ParseArena::State* a = t_arena; a; a = a->outer) {
    if (a->Owns(p)) return a;
  }
  return nullptr;
}

}  // namespace corroborate::ingest::html
