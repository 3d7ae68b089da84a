#include "store/internal/token_replay.h"

#include <cstring>
#include <limits>
#include <new>
#include <utility>

namespace corroborate::store::internal {
namespace {

constexpr const char* kName = "unicode61";

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return nullptr;
  }
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

// Collects the tokens of one text (a worker tokenizer's callback).
int Collect(void* ctx, int flags, const char* token, int size, int start, int end) {
  auto& out = *static_cast<TokenReplay::Tokens*>(ctx);
  if (size < 0 || out.bytes.size() > std::numeric_limits<std::uint32_t>::max()) return SQLITE_ERROR;
  try {  // nothing may throw through SQLite's C code
    out.list.push_back({static_cast<std::uint32_t>(out.bytes.size()), size, start, end, flags});
    out.bytes.append(token, static_cast<size_t>(size));
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

std::vector<const char*> Pointers(const std::vector<std::string>& args) {
  std::vector<const char*> out;
  out.reserve(args.size());
  for (const std::string& a : args) out.push_back(a.c_str());
  return out;
}

}  // namespace

// A wrapper instance: the built-in instance it passes calls to, the
// arguments both were made with, and the TokenReplay it replays from.
struct TokenReplay::Instance {
  TokenReplay* owner;
  Fts5Tokenizer* builtin;
  void (*builtin_delete)(Fts5Tokenizer*);
  std::vector<std::string> args;
};

TokenReplay* TokenReplay::Register(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr || api->iVersion < 2) return nullptr;
  auto replay = std::make_unique<TokenReplay>();
  if (api->xFindTokenizer(api, kName, &replay->builtin_context_, &replay->builtin_) != SQLITE_OK) {
    return nullptr;
  }
  fts5_tokenizer wrapper{&TokenReplay::Create, &TokenReplay::Delete, &TokenReplay::Tokenize};
  // On success the connection owns the object: Destroy frees it.
  if (api->xCreateTokenizer(api, kName, replay.get(), &wrapper, &TokenReplay::Destroy) !=
      SQLITE_OK) {
    return nullptr;
  }
  return replay.release();
}

void TokenReplay::Destroy(void* ctx) { delete static_cast<TokenReplay*>(ctx); }

int TokenReplay::Create(void* ctx, const char** argv, int argc, Fts5Tokenizer** out) {
  auto& owner = *static_cast<TokenReplay*>(ctx);
  std::unique_ptr<Instance> instance;
  try {
    instance.reset(new Instance{&owner, nullptr, owner.builtin_.xDelete, {}});
    for (int i = 0; i < argc; ++i) instance->args.emplace_back(argv[i]);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  const int rc = owner.builtin_.xCreate(owner.builtin_context_, argv, argc, &instance->builtin);
  if (rc != SQLITE_OK) return rc;  // e.g. an unknown option: FTS5 reports it
  try {
    owner.last_args_ = instance->args;
  } catch (const std::bad_alloc&) {
    owner.builtin_.xDelete(instance->builtin);
    return SQLITE_NOMEM;
  }
  owner.seen_instance_ = true;
  *out = reinterpret_cast<Fts5Tokenizer*>(instance.release());
  return SQLITE_OK;
}

void TokenReplay::Delete(Fts5Tokenizer* tokenizer) {
  auto* instance = reinterpret_cast<Instance*>(tokenizer);
  // Only the built-in's own delete: the owner may be gone already.
  instance->builtin_delete(instance->builtin);
  delete instance;
}

int TokenReplay::Tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text,
                          int size, int (*token)(void*, int, const char*, int, int, int)) {
  auto& instance = *reinterpret_cast<Instance*>(tokenizer);
  TokenReplay& owner = *instance.owner;
  if (flags == FTS5_TOKENIZE_DOCUMENT) {
    if (const Source* source = owner.source_;
        source != nullptr && owner.next_ < source->Count() && instance.args == source->Args()) {
      const std::string_view expected = source->Text(owner.next_);
      if (size >= 0 && expected.size() == static_cast<size_t>(size) &&
          (size == 0 || std::memcmp(expected.data(), text, expected.size()) == 0)) {
        const Tokens* tokens = source->Ready(owner.next_++);
        if (tokens != nullptr) {
          ++owner.replayed_;
          for (const Token& t : tokens->list) {
            if (int rc =
                    token(ctx, t.flags, tokens->bytes.data() + t.offset, t.size, t.start, t.end);
                rc != SQLITE_OK) {
              return rc;
            }
          }
          return SQLITE_OK;
        }
      }
    }
    ++owner.tokenized_;
  }
  return owner.builtin_.xTokenize(instance.builtin, ctx, flags, text, size, token);
}

std::unique_ptr<TokenReplay::Tokenizer> TokenReplay::NewTokenizer() const {
  if (!seen_instance_) return nullptr;
  std::vector<std::string> args = last_args_;
  std::vector<const char*> argv = Pointers(args);
  Fts5Tokenizer* instance = nullptr;
  if (builtin_.xCreate(builtin_context_, argv.data(), static_cast<int>(argv.size()), &instance) !=
      SQLITE_OK) {
    return nullptr;
  }
  return std::unique_ptr<Tokenizer>(new Tokenizer(builtin_, instance, std::move(args)));
}

void TokenReplay::SetSource(const Source* source) {
  source_ = source;
  next_ = 0;
}

TokenReplay::Tokenizer::~Tokenizer() { module_.xDelete(instance_); }

bool TokenReplay::Tokenizer::Tokenize(std::string_view text, Tokens& out) {
  out.clear();
  if (text.size() > static_cast<size_t>(std::numeric_limits<int>::max())) return false;
  return module_.xTokenize(instance_, &out, FTS5_TOKENIZE_DOCUMENT, text.data(),
                           static_cast<int>(text.size()), &Collect) == SQLITE_OK;
}

}  // namespace corroborate::store::internal
