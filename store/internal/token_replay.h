// TokenReplay: lets the FTS5 index take the tokens of a batch's texts from
// worker threads instead of tokenizing them on the writing thread.
//
// Tokenizing is about a fifth of the instructions the writing thread spends
// in InsertDocuments (callgrind, bench_store), and it needs nothing but the
// text, so worker threads can do it while the writer is busy with earlier
// rows. On its connection, TokenReplay registers a tokenizer named
// "unicode61" in front of SQLite's built-in one (FTS5 looks tokenizers up
// newest first): the schema stays `tokenize = 'unicode61 ...'`, and any other
// program opening the database uses the built-in tokenizer on the same
// index. Each instance wraps a built-in unicode61 instance made with the
// same arguments and passes every call through, except while a Source is
// active: then a document text that is the next one the source expects, byte
// for byte, and whose tokens a worker has finished, is answered with those
// tokens. The workers tokenize with their own built-in unicode61 instances,
// made with the arguments of the table's instance, so the tokens are the ones
// the built-in tokenizer would give. Anything else (another text, tokens not
// ready yet, a query, a snippet) goes to the built-in tokenizer.
#pragma once

#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corroborate::store::internal {

class TokenReplay {
 public:
  // One token as FTS5's xToken callback takes it; `offset` and `size` locate
  // its bytes in Tokens::bytes, `start` and `end` its bytes in the text.
  struct Token {
    std::uint32_t offset;
    std::int32_t size;
    std::int32_t start;
    std::int32_t end;
    std::int32_t flags;
  };
  struct Tokens {
    std::string bytes;
    std::vector<Token> list;
    void clear() {
      bytes.clear();
      list.clear();
    }
  };

  // The texts of one INSERT into the FTS5 table, in the order FTS5
  // tokenizes them (row by row, column by column).
  class Source {
   public:
    virtual ~Source() = default;
    // The arguments of the tokenizers that made its tokens (Tokenizer::args).
    [[nodiscard]] virtual const std::vector<std::string>& Args() const = 0;
    [[nodiscard]] virtual std::size_t Count() const = 0;
    [[nodiscard]] virtual std::string_view Text(std::size_t i) const = 0;
    // Text i's tokens if a worker has finished them, else null. Called on
    // the writing thread; must not wait.
    [[nodiscard]] virtual const Tokens* Ready(std::size_t i) const = 0;
  };

  // A built-in unicode61 tokenizer for one worker thread.
  class Tokenizer {
   public:
    ~Tokenizer();
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    // Replaces `out` with the tokens of `text`; false if tokenizing failed.
    bool Tokenize(std::string_view text, Tokens& out);
    [[nodiscard]] const std::vector<std::string>& args() const { return args_; }

   private:
    friend class TokenReplay;
    Tokenizer(const fts5_tokenizer& module, Fts5Tokenizer* instance, std::vector<std::string> args)
        : module_(module), instance_(instance), args_(std::move(args)) {}
    fts5_tokenizer module_;
    Fts5Tokenizer* instance_;
    std::vector<std::string> args_;
  };

  // Registers the "unicode61" wrapper on `db`, before any FTS5 table is
  // used on it (instances made earlier are the built-in's and never
  // replay). Returns null when the connection has no FTS5. The connection
  // owns the object and frees it when it closes.
  static TokenReplay* Register(sqlite3* db);

  // A tokenizer for a worker thread with the arguments of the last
  // "unicode61" instance FTS5 made on the connection (the FTS5 table's,
  // once a statement on the table is prepared); null before there is one.
  [[nodiscard]] std::unique_ptr<Tokenizer> NewTokenizer() const;

  // While a source is set, document texts it expects are replayed by
  // instances made with the source's Args(). `source` must outlive the next
  // SetSource call.
  void SetSource(const Source* source);

  // Texts answered from a source, and texts the built-in tokenizer
  // tokenized as documents (in and out of a source), since registration.
  [[nodiscard]] std::int64_t replayed() const { return replayed_; }
  [[nodiscard]] std::int64_t tokenized() const { return tokenized_; }

 private:
  struct Instance;
  static int Create(void* ctx, const char** argv, int argc, Fts5Tokenizer** out);
  static void Delete(Fts5Tokenizer* tokenizer);
  static int Tokenize(Fts5Tokenizer* tokenizer, void* ctx, int flags, const char* text, int size,
                      int (*token)(void*, int, const char*, int, int, int));
  static void Destroy(void* ctx);

  void* builtin_context_ = nullptr;
  fts5_tokenizer builtin_{};
  std::vector<std::string> last_args_;
  bool seen_instance_ = false;
  const Source* source_ = nullptr;
  std::size_t next_ = 0;  // the source's text expected next
  std::int64_t replayed_ = 0;
  std::int64_t tokenized_ = 0;
};

}  // namespace corroborate::store::internal
