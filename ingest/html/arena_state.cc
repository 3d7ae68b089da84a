#include "ingest/html/arena_state.h"

namespace corroborate::ingest::html {

constinit thread_local ParseArena::State* t_arena = nullptr;

bool ArenaOwns(const void* p) { return t_arena && Owner(p); }

}  // namespace corroborate::ingest::html
