// The attribution model: two linear models over hashed token features.
//
// 1. Cues. Every token whose word may mark an attribution (a cue word the
//    training corpus showed, or one of the reporting words of
//    lexicons/attribution_cues.tsv, or a colon) is scored by an averaged
//    perceptron: is it part of a cue? Positive tokens are grown to the cue
//    phrases the corpus showed ("said in a statement", "according to") and
//    over the auxiliaries and adverbs before them ("has also said").
// 2. Roles. For each cue, the tokens of its paragraph are labelled source,
//    content or neither by a structured averaged perceptron (first-order,
//    Viterbi), with features relative to the cue (side, distance, quotation
//    marks, commas and other cues in between, the cue word).
//
// Features are keys of 64 bits hashed into tables of 2^bits weights; the
// model file (models/attributions.model, embedded) holds the weights, the
// cue words and the cue phrases: no text of the corpus. The trainer
// (attribution_train.h) computes the features with the same functions.
#pragma once

#include <array>
#include <cassert>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/error.h"
#include "correlate/extract/attribution_tokens.h"

namespace corroborate::extract::attribution {

inline constexpr int kLabels = 3;
enum Label : std::uint8_t { kOutside = 0, kSource = 1, kContent = 2 };

// How often the training corpus had a word in a cue, as a bucket 1..kRateBuckets.
inline constexpr int kRateBuckets = 8;

// What the taggers know of a word (by the hash of its lower-cased form),
// packed: its closed class (a pronoun, "that", punctuation ...; 0: none),
// its cue rate bucket (0: never a cue in training) and whether the cue
// lexicon lists it. An open-addressing table of one 64-bit word per entry
// (the key's high bits beside the value), at most half full: looked up for
// every token, it stays small enough for the first-level cache. Keys equal
// but for their low 12 bits are one key (for hashes of two words, a chance
// of 2^-52).
class WordTable {
 public:
  static std::uint32_t Pack(std::uint32_t cls, std::uint32_t rate, bool lexicon) {
    return cls | (rate << 5) | (lexicon ? 1u << 9 : 0u);
  }
  static std::uint32_t Class(std::uint32_t v) { return v & 31u; }
  static std::uint32_t Rate(std::uint32_t v) { return (v >> 5) & 15u; }
  static bool Lexicon(std::uint32_t v) { return (v >> 9) & 1u; }
  static constexpr std::uint32_t kPhraseStart = 1u << 10;  // first word of a cue phrase

  // Merges `value` into the key's entry (fields already set are kept unless `value` sets them).
  void Merge(std::uint64_t key, std::uint32_t value);
  std::uint32_t Find(std::uint64_t key) const {
    if (slots_.empty()) return 0;
    const std::uint64_t tag = Tag(key);
    for (std::size_t i = (tag >> 12) & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t s = slots_[i];
      if ((s & ~kValueMask) == tag) return static_cast<std::uint32_t>(s & kValueMask);
      if (s == 0) return 0;
    }
  }

 private:
  static constexpr std::uint64_t kValueMask = 0xFFF;
  // The key's bits above the value's, never 0 (0 marks an empty slot).
  static std::uint64_t Tag(std::uint64_t key) {
    const std::uint64_t t = key & ~kValueMask;
    return t != 0 ? t : kValueMask + 1;
  }
  void Grow();
  std::vector<std::uint64_t> slots_;  // Tag(key) | value; 0: empty
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

using PhraseTable = std::unordered_map<std::uint64_t, std::vector<std::vector<std::uint64_t>>>;

struct Model {
  std::uint32_t cue_bits = 20;
  std::uint32_t role_bits = 20;
  std::vector<float> cue;   // 2^cue_bits weights
  std::vector<float> role;  // 2^role_bits * kLabels weights
  std::uint32_t extension_bits = 18;
  std::vector<float> extension;  // 2^extension_bits weights
  // transitions[from * kLabels + to]; from == kLabels is the start.
  std::array<float, (kLabels + 1) * kLabels> transitions{};
  float cue_threshold = 0;  // a token is a cue when its score is above
  // Cue words the training corpus showed, lower-cased, with their rate bucket.
  std::vector<std::pair<std::string, std::uint8_t>> cue_words;
  // Cue phrases of two or more tokens (lower-cased tokens joined by ' ').
  std::vector<std::string> cue_phrases;

  // The model file's bytes, and back. Parse fails on a malformed file.
  [[nodiscard]] std::string Serialize() const;
  [[nodiscard]] static Result<Model> Parse(std::string_view bytes);
};

// "" when the model embedded in the binary parsed, else why not (a build
// error the tests catch; the extractor then finds nothing).
std::string EmbeddedModelProblem();

// Words of lexicons/attribution_cues.tsv, lower-cased (reporting verbs in
// all their forms, reporting nouns, "according").
const std::vector<std::string>& LexiconCueWords();

// Fixed-capacity list of feature keys.
struct Features {
  static constexpr int kMax = 48;
  Features() noexcept {}  // keys are not zeroed: only keys[0, n) are read
  std::array<std::uint64_t, kMax> keys;
  int n = 0;
  void Add(std::uint64_t k) {  // the feature functions add at most kMax
    assert(n < kMax);
    keys[static_cast<std::size_t>(n++)] = k;
  }
};

// A cue: token range [begin, end) and its head (the token the cue model
// scored highest).
struct CueSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t head = 0;
};

// Per-document state shared by both models: token classes, candidate cue
// words, running counts for "how many X between two tokens".
class DocContext {
 public:
  DocContext(const TokenizedText& tt, const WordTable& words, const PhraseTable& phrases);

  const TokenizedText& text() const { return tt_; }
  std::size_t size() const { return tt_.tokens.size(); }
  // Whether the cue model looks at token i.
  bool IsCandidate(std::size_t i) const { return candidate_[i] != 0; }
  void CueFeatures(std::size_t i, Features* f) const;

  // Marks the tokens of the document's cues (before RoleFeatures).
  void SetCues(const std::vector<CueSpan>& cues);
  bool IsCue(std::size_t i) const { return !is_cue_.empty() && is_cue_[i]; }
  // The token window the role model labels for `cue`: its sentence, with
  // the quotations and colon-introduced text that run on from it within its
  // paragraph, at most kWindow tokens on each side.
  static constexpr std::uint32_t kWindow = 160;
  TokenRange RoleWindow(const CueSpan& cue) const;
  // The part of the role window the role model labels: tokens at most
  // kReach from the cue. ExtendLabels carries its labels over the rest.
  static constexpr std::uint32_t kReach = 16;
  TokenRange ModelWindow(const CueSpan& cue) const;
  // Labels of `window` from the labels of its part `model` (on entry indexed
  // from model.begin, on return from window.begin): a token beyond the model
  // part is content when the model part's nearest token is, or when it is
  // quoted and the model took quoted words as content; else nothing. Content
  // never runs into the clause of a cue farther out ("..., and Y said").
  void ExtendLabels(const CueSpan& cue, TokenRange window, TokenRange model,
                    std::vector<Label>* labels) const;
  // Features of token i (outside the cue) for the cue.
  void RoleFeatures(const CueSpan& cue, std::size_t i, Features* f) const;
  // Records that tokens [r.begin, r.end) are the source of the cue starting
  // at token `cue_begin`: the role model knows a later cue's tokens that
  // were an earlier one's source ("X complained ..., suggesting ...").
  void MarkSource(TokenRange r, std::uint32_t cue_begin);

  // Features of token j just outside `cue`, for growing the cue over it
  // ("has" + "said").
  void ExtensionFeatures(const CueSpan& cue, std::size_t j, Features* f) const;
  static constexpr std::uint32_t kMaxExtension = 3;

  // The longest cue phrase holding token i, as a token range; {i, i+1} if none.
  TokenRange PhraseAround(std::size_t i) const;

 private:
  const TokenizedText& tt_;
  const PhraseTable& phrases_;
  std::vector<std::uint8_t> coarse_;          // token class
  std::vector<std::uint8_t> candidate_;       // 1 + rate bucket, 0: not a candidate
  std::vector<std::uint8_t> lexicon_;         // in the cue lexicon
  std::vector<std::uint32_t> quotes_before_;  // quotation marks among tokens [0, i)
  std::vector<std::uint32_t> commas_before_;
  std::vector<std::uint32_t> cues_before_;  // cue tokens among [0, i)
  static constexpr std::uint32_t kNoToken = UINT32_MAX;
  std::vector<std::uint32_t> prev_quote_, next_quote_;  // nearest quotation mark, kNoToken: none
  std::vector<std::uint32_t> prev_candidate_, next_candidate_;  // nearest seen cue word
  // DetailOf of the candidates, by detail_of_[token] - 1 (0: not computed).
  const TokenDetail& Detail(std::size_t i) const {
    static const TokenDetail kNoDetail;
    return detail_of_[i] ? details_[detail_of_[i] - 1] : kNoDetail;
  }
  std::vector<std::uint32_t> detail_of_;
  std::vector<TokenDetail> details_;
  std::vector<std::uint8_t> phrase_start_;  // the token's word begins a cue phrase
  std::vector<std::uint8_t> is_cue_;
  std::vector<std::uint32_t>
      source_of_;  // first token of the cue it is the source of; UINT32_MAX: none
};

// A weight table as the taggers read it: weights quantised to 8 bits
// (small tables stay in cache beside the rest of the extractor; on PolNeAR
// dev this costs at most 0.002 F1 against 16 bits), w[bucket * width + k]
// * scale, bucket = key >> shift. The cue and extension tables have width
// 1; the role table width 2: source and content less outside, which decodes
// alike (Viterbi's best path is the same when a token's scores all shift).
struct QuantTable {
  std::vector<std::int8_t> w;
  float scale = 1.0f;
  int shift = 64;
};

// Everything the taggers need at run time, built from a model.
struct Runtime {
  WordTable words;
  PhraseTable phrases;
  QuantTable cue, role, extension;
  std::array<float, (kLabels + 1) * kLabels> transitions{};
  float cue_threshold = 0;
  bool empty = true;  // no weights: finds nothing
};
// The tables of `m`; its weights are quantised (the float ones are left in `m`).
Runtime MakeRuntime(const Model& m);

// Scores and decoding.
float CueScore(const Runtime& rt, const Features& f);
float ExtensionScore(const Runtime& rt, const Features& f);
// Best labels for the tokens of a window given their features (one Features
// per token); tokens with forced[i] get kOutside. The float overload decodes
// with a trainer's current weights.
void DecodeRoles(const Runtime& rt, const std::vector<Features>& feats,
                 const std::vector<std::uint8_t>& forced, std::vector<Label>* labels);
void DecodeRoles(const std::vector<float>& role, std::uint32_t role_bits,
                 const std::array<float, (kLabels + 1) * kLabels>& transitions,
                 const std::vector<Features>& feats, const std::vector<std::uint8_t>& forced,
                 std::vector<Label>* labels);

// A model's run-time tables (the float weights are not kept).
class LoadedModel {
 public:
  explicit LoadedModel(const Model& m) : runtime_(MakeRuntime(m)) {}
  LoadedModel(const LoadedModel&) = delete;
  LoadedModel& operator=(const LoadedModel&) = delete;
  const Runtime& runtime() const { return runtime_; }

 private:
  Runtime runtime_;
};

// The embedded model, loaded once.
const LoadedModel& EmbeddedLoadedModel();

// The cues of a document: candidates scored above the threshold, grown to
// phrases, overlapping ones merged, then grown leftwards over the tokens the
// extension features score positive.
std::vector<CueSpan> FindCues(const Runtime& rt, const DocContext& dc);

}  // namespace corroborate::extract::attribution
