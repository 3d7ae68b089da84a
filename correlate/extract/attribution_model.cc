#include "correlate/extract/attribution_model.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

#include "core/tsv.h"

namespace corroborate::extract::attributiondata {
std::string_view EmbeddedFile(std::string_view name);
}

namespace corroborate::extract::attribution {
namespace {

// Coarse token classes, for features that combine a class with a position.
enum Coarse : std::uint8_t {
  kPunct = 0,
  kLower,
  kCap,
  kCapFirst,  // capitalised, first of its sentence
  kCaps,
  kNum,
  kSubjectPronoun,
  kObjectPronoun,
  kComma,
  kEnd,
  kColon,
  kSemicolon,
  kDash,
  kOpenQuote,
  kCloseQuote,
  kThat,
  kParen,
  kWho,
  kPossessive,
  kDeterminer,
  kSingleQuote,
  kNone,  // outside the sentence / window
};

std::uint64_t H(std::string_view s) { return HashString(s); }

// A feature key: the template number and its values, combined by xor and
// multiplication, the high half folded in once more.
template <class... T>
std::uint64_t F(std::uint64_t tmpl, T... v) {
  std::uint64_t h = tmpl * 0x9E3779B97F4A7C15ull;
  ((h = (h ^ static_cast<std::uint64_t>(v)) * 0xD6E8FEB86659FD93ull), ...);
  h ^= h >> 32;
  return h * 0xD6E8FEB86659FD93ull;  // the tables take the top bits
}

// The closed word classes, by the hash of the word.
const std::vector<std::pair<std::uint64_t, Coarse>>& ClassWords() {
  static const auto* words = [] {
    auto* m = new std::vector<std::pair<std::uint64_t, Coarse>>();
    for (const char* w : {"he", "she", "they", "i", "we", "you", "it"})
      m->emplace_back(H(w), kSubjectPronoun);
    for (const char* w : {"him", "her", "them", "us", "me"}) m->emplace_back(H(w), kObjectPronoun);
    m->emplace_back(H("that"), kThat);
    for (const char* w : {"who", "which", "whom", "whose"}) m->emplace_back(H(w), kWho);
    m->emplace_back(H("'s"), kPossessive);
    for (const char* w :
         {"the", "a", "an", "this", "these", "those", "his", "its", "their", "our", "my"})
      m->emplace_back(H(w), kDeterminer);
    m->emplace_back(H(","), kComma);
    for (const char* w : {".", "?", "!", "...", "\xE2\x80\xA6"}) m->emplace_back(H(w), kEnd);
    m->emplace_back(H(":"), kColon);
    m->emplace_back(H(";"), kSemicolon);
    for (const char* w : {"-", "--", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"})
      m->emplace_back(H(w), kDash);
    for (const char* w : {"(", ")", "[", "]"}) m->emplace_back(H(w), kParen);
    return m;
  }();
  return *words;
}

std::uint8_t CoarseOf(const Token& t, std::uint32_t info) {
  if (t.flags & kQuoteMark) {
    if (t.flags & kOpensQuote) return kOpenQuote;
    if (t.flags & kClosesQuote) return kCloseQuote;
    return kPunct;
  }
  if (t.flags & kSingleQuoteMark) return kSingleQuote;
  if (std::uint32_t c = WordTable::Class(info)) return static_cast<std::uint8_t>(c - 1);
  if (t.flags & kNumber) return kNum;
  if (t.flags & kAllCaps) return kCaps;
  if (t.flags & kCapitalised) return (t.flags & kSentenceStart) ? kCapFirst : kCap;
  if (t.flags & kWord) return kLower;
  return kPunct;
}

int DistanceBucket(std::uint32_t d) {
  if (d <= 4) return static_cast<int>(d);
  if (d <= 6) return 5;
  if (d <= 9) return 6;
  if (d <= 14) return 7;
  if (d <= 24) return 8;
  if (d <= 39) return 9;
  return 10;
}
int SmallBucket(std::uint32_t d) { return d <= 2 ? static_cast<int>(d) : (d <= 5 ? 3 : 4); }
int Cap3(std::uint32_t n) { return n > 3 ? 3 : static_cast<int>(n); }

// Little-endian binary helpers for the model file.
void PutU32(std::string* out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out->push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}
void PutF32(std::string* out, float f) {
  std::uint32_t v;
  std::memcpy(&v, &f, 4);
  PutU32(out, v);
}
void PutVarint(std::string* out, std::uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
std::uint64_t ZigZag(std::int64_t v) {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
std::int64_t UnZigZag(std::uint64_t v) {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool U32(std::uint32_t* v) {
    if (p_ + 4 > b_.size()) return false;
    *v = 0;
    for (int k = 0; k < 4; ++k)
      *v |= static_cast<std::uint32_t>(static_cast<unsigned char>(b_[p_ + k])) << (8 * k);
    p_ += 4;
    return true;
  }
  bool F32(float* f) {
    std::uint32_t v;
    if (!U32(&v)) return false;
    std::memcpy(f, &v, 4);
    return std::isfinite(*f);
  }
  bool Varint(std::uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= b_.size()) return false;
      unsigned char c = static_cast<unsigned char>(b_[p_++]);
      *v |= static_cast<std::uint64_t>(c & 0x7F) << shift;
      if (!(c & 0x80)) return true;
    }
    return false;
  }
  bool Bytes(std::size_t n, std::string_view* s) {
    if (p_ + n > b_.size()) return false;
    *s = b_.substr(p_, n);
    p_ += n;
    return true;
  }
  bool done() const { return p_ == b_.size(); }

 private:
  std::string_view b_;
  std::size_t p_ = 0;
};

constexpr std::string_view kMagic = "CRBATTR1";

void PutWeights(std::string* out, const std::vector<float>& w, int width) {
  float maxabs = 0;
  for (float x : w) maxabs = std::max(maxabs, std::fabs(x));
  float scale = maxabs > 0 ? maxabs / 32767.0f : 1.0f;
  PutF32(out, scale);
  std::string body;
  std::uint32_t n = 0;
  std::size_t buckets = w.size() / static_cast<std::size_t>(width);
  std::size_t last = 0;
  for (std::size_t b = 0; b < buckets; ++b) {
    std::array<std::int64_t, kLabels> q{};
    bool any = false;
    for (int l = 0; l < width; ++l) {
      q[static_cast<std::size_t>(l)] = std::llround(
          w[b * static_cast<std::size_t>(width) + static_cast<std::size_t>(l)] / scale);
      any |= q[static_cast<std::size_t>(l)] != 0;
    }
    if (!any) continue;
    PutVarint(&body, b - last);
    last = b;
    for (int l = 0; l < width; ++l) PutVarint(&body, ZigZag(q[static_cast<std::size_t>(l)]));
    ++n;
  }
  PutU32(out, n);
  out->append(body);
}

bool ReadWeights(Reader* r, std::vector<float>* w, int width) {
  float scale;
  std::uint32_t n;
  if (!r->F32(&scale) || !r->U32(&n)) return false;
  std::size_t buckets = w->size() / static_cast<std::size_t>(width);
  std::size_t b = 0;
  for (std::uint32_t k = 0; k < n; ++k) {
    std::uint64_t delta;
    if (!r->Varint(&delta)) return false;
    b += delta;
    if (b >= buckets) return false;
    for (int l = 0; l < width; ++l) {
      std::uint64_t z;
      if (!r->Varint(&z)) return false;
      (*w)[b * static_cast<std::size_t>(width) + static_cast<std::size_t>(l)] =
          static_cast<float>(UnZigZag(z)) * scale;
    }
  }
  return true;
}

}  // namespace

std::string Model::Serialize() const {
  std::string out(kMagic);
  PutU32(&out, cue_bits);
  PutU32(&out, role_bits);
  PutU32(&out, extension_bits);
  PutF32(&out, cue_threshold);
  for (float t : transitions) PutF32(&out, t);
  PutU32(&out, static_cast<std::uint32_t>(cue_words.size()));
  for (const auto& [w, rate] : cue_words) {
    out.push_back(static_cast<char>(std::min<std::size_t>(w.size(), 255)));
    out.append(w.substr(0, 255));
    out.push_back(static_cast<char>(rate));
  }
  PutU32(&out, static_cast<std::uint32_t>(cue_phrases.size()));
  for (const std::string& p : cue_phrases) {
    out.push_back(static_cast<char>(std::min<std::size_t>(p.size(), 255)));
    out.append(p.substr(0, 255));
  }
  PutWeights(&out, cue, 1);
  PutWeights(&out, role, kLabels);
  PutWeights(&out, extension, 1);
  return out;
}

Result<Model> Model::Parse(std::string_view bytes) {
  auto bad = [](const char* what) {
    return Fail(ErrorCode::kParse, std::string("attribution model: ") + what);
  };
  if (bytes.substr(0, kMagic.size()) != kMagic) return bad("not a model file (magic)");
  Reader r(bytes.substr(kMagic.size()));
  Model m;
  if (!r.U32(&m.cue_bits) || !r.U32(&m.role_bits) || !r.U32(&m.extension_bits) ||
      !r.F32(&m.cue_threshold))
    return bad("truncated header");
  for (std::uint32_t bits : {m.cue_bits, m.role_bits, m.extension_bits}) {
    if (bits < 4 || bits > 26) return bad("table sizes out of range");
  }
  for (float& t : m.transitions) {
    if (!r.F32(&t)) return bad("truncated transitions");
  }
  std::uint32_t n;
  if (!r.U32(&n)) return bad("truncated word list");
  for (std::uint32_t k = 0; k < n; ++k) {
    std::string_view len, w, rate;
    if (!r.Bytes(1, &len) || !r.Bytes(static_cast<unsigned char>(len[0]), &w) || !r.Bytes(1, &rate))
      return bad("truncated word list");
    m.cue_words.emplace_back(std::string(w), static_cast<std::uint8_t>(rate[0]));
  }
  if (!r.U32(&n)) return bad("truncated phrase list");
  for (std::uint32_t k = 0; k < n; ++k) {
    std::string_view len, p;
    if (!r.Bytes(1, &len) || !r.Bytes(static_cast<unsigned char>(len[0]), &p))
      return bad("truncated phrase list");
    m.cue_phrases.emplace_back(p);
  }
  m.cue.assign(std::size_t{1} << m.cue_bits, 0.0f);
  m.role.assign((std::size_t{1} << m.role_bits) * kLabels, 0.0f);
  if (!ReadWeights(&r, &m.cue, 1)) return bad("bad cue weights");
  if (!ReadWeights(&r, &m.role, kLabels)) return bad("bad role weights");
  m.extension.assign(std::size_t{1} << m.extension_bits, 0.0f);
  if (!ReadWeights(&r, &m.extension, 1)) return bad("bad extension weights");
  if (!r.done()) return bad("trailing bytes");
  return m;
}

namespace {
struct Embedded {
  std::unique_ptr<LoadedModel> loaded;
  std::string problem;
};
const Embedded& GetEmbedded() {
  static const Embedded* e = [] {
    auto* out = new Embedded();
    std::string_view bytes = attributiondata::EmbeddedFile("attributions.model");
    Result<Model> m = bytes.empty()
                          ? Fail(ErrorCode::kNotFound, "attributions.model is not embedded")
                          : Model::Parse(bytes);
    if (m) {
      out->loaded = std::make_unique<LoadedModel>(std::move(*m));
    } else {
      out->problem = m.error().message;
      out->loaded = std::make_unique<LoadedModel>(Model{});
    }
    return out;
  }();
  return *e;
}
}  // namespace

const LoadedModel& EmbeddedLoadedModel() { return *GetEmbedded().loaded; }
std::string EmbeddedModelProblem() { return GetEmbedded().problem; }

const std::vector<std::string>& LexiconCueWords() {
  static const std::vector<std::string>* words = [] {
    auto* out = new std::vector<std::string>();
    // key<TAB>other forms separated by spaces
    for (const TsvRow& row : ReadTsv(attributiondata::EmbeddedFile("attribution_cues.tsv"))) {
      for (std::string_view field : row.fields) {
        std::size_t p = 0;
        while (p < field.size()) {
          std::size_t q = field.find(' ', p);
          if (q == std::string_view::npos) q = field.size();
          if (q > p) out->push_back(LowerForm(field.substr(p, q - p)));
          p = q + 1;
        }
      }
    }
    return out;
  }();
  return *words;
}

void WordTable::Merge(std::uint64_t key, std::uint32_t value) {
  if ((size_ + 1) * 2 > slots_.size()) Grow();  // at most half full: a miss is about one probe
  const std::uint64_t tag = Tag(key);
  std::size_t i = (tag >> 12) & mask_;
  while (slots_[i] != 0 && (slots_[i] & ~kValueMask) != tag) i = (i + 1) & mask_;
  if (slots_[i] == 0) {
    slots_[i] = tag;
    ++size_;
  }
  std::uint32_t v = static_cast<std::uint32_t>(slots_[i] & kValueMask);
  if (Class(value)) v = (v & ~31u) | Class(value);
  if (Rate(value)) v = (v & ~(15u << 5)) | (Rate(value) << 5);
  if (Lexicon(value)) v |= 1u << 9;
  v |= value & kPhraseStart;
  slots_[i] = tag | v;
}

void WordTable::Grow() {
  std::vector<std::uint64_t> slots = std::move(slots_);
  const std::size_t cap = slots.empty() ? 1024 : slots.size() * 2;
  slots_.assign(cap, 0);
  mask_ = cap - 1;
  for (std::uint64_t s : slots) {
    if (s == 0) continue;
    std::size_t j = (s >> 12) & mask_;
    while (slots_[j] != 0) j = (j + 1) & mask_;
    slots_[j] = s;
  }
}

DocContext::DocContext(const TokenizedText& tt, const WordTable& words, const PhraseTable& phrases)
    : tt_(tt), phrases_(phrases) {
  const std::size_t n = tt.tokens.size();
  coarse_.resize(n);
  candidate_.assign(n, 0);
  phrase_start_.resize(n);
  lexicon_.assign(n, 0);
  quotes_before_.resize(n + 1);
  commas_before_.resize(n + 1);
  static const std::uint64_t kColonHash = H(":");
  quotes_before_[0] = commas_before_[0] = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = tt.tokens[i];
    const std::uint32_t info = words.Find(t.lower);
    coarse_[i] = CoarseOf(t, info);
    phrase_start_[i] = (info & WordTable::kPhraseStart) != 0;
    quotes_before_[i + 1] = quotes_before_[i] + ((t.flags & kQuoteMark) ? 1 : 0);
    commas_before_[i + 1] = commas_before_[i] + (coarse_[i] == kComma ? 1 : 0);
    if (t.flags & kWord) {
      if (WordTable::Rate(info) || WordTable::Lexicon(info)) {
        candidate_[i] = static_cast<std::uint8_t>(1 + WordTable::Rate(info));
        lexicon_[i] = WordTable::Lexicon(info);
      }
    } else if (t.lower == kColonHash) {
      candidate_[i] = 1;
    } else if (coarse_[i] == kDash && i > 0 && (tt.tokens[i - 1].flags & kQuoteMark)) {
      candidate_[i] = 1;  // "...,” ― Jane Roe"
    }
  }
  detail_of_.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (!candidate_[i]) continue;
    details_.push_back(DetailOf(tt, i));
    detail_of_[i] = static_cast<std::uint32_t>(details_.size());
  }
}

void DocContext::CueFeatures(std::size_t i, Features* f) const {
  static const std::uint64_t kBos = H("<s>"), kEos = H("</s>");
  const Token& t = tt_.tokens[i];
  const TokenRange s = tt_.sentences[t.sentence];
  auto word = [&](std::int64_t k) -> std::uint64_t {
    if (k < s.begin) return kBos;
    if (k >= s.end) return kEos;
    return tt_.tokens[static_cast<std::size_t>(k)].lower;
  };
  auto cls = [&](std::int64_t k) -> std::uint64_t {
    if (k < s.begin || k >= s.end) return kNone;
    return coarse_[static_cast<std::size_t>(k)];
  };
  const std::int64_t k = static_cast<std::int64_t>(i);
  const std::uint64_t w0 = t.lower;
  const int rate = candidate_[i];
  const int lex = lexicon_[i];
  const int inq = t.quote != 0 ? 1 : 0;
  f->Add(F(1));
  f->Add(F(2, w0));
  f->Add(F(3, rate, lex));
  const TokenDetail& detail = Detail(i);
  f->Add(F(5, detail.suffix));
  f->Add(F(6, detail.shape));
  f->Add(F(7, word(k - 1)));
  f->Add(F(8, word(k + 1)));
  f->Add(F(9, word(k - 2)));
  f->Add(F(10, word(k + 2)));
  f->Add(F(11, word(k - 1), w0));
  f->Add(F(12, w0, word(k + 1)));
  f->Add(F(13, cls(k - 1), cls(k + 1)));
  f->Add(F(14, cls(k - 2), cls(k - 1)));
  f->Add(F(15, cls(k + 1), cls(k + 2)));
  f->Add(F(16, inq, rate));
  f->Add(F(17, inq, w0));
  bool quote_first = (tt_.tokens[s.begin].flags & kQuoteMark) != 0;
  f->Add(F(18, inq, quote_first));
  f->Add(F(19, DistanceBucket(static_cast<std::uint32_t>(i - s.begin))));
  f->Add(F(20, DistanceBucket(static_cast<std::uint32_t>(s.end - 1 - i))));
  f->Add(F(21, (t.flags & kParagraphStart) != 0,
           i > 0 && (tt_.tokens[i - 1].flags & kParagraphStart) != 0, cls(k - 1), coarse_[i]));
  std::uint32_t q_before = quotes_before_[i] - quotes_before_[s.begin];
  std::uint32_t q_after = quotes_before_[s.end] - quotes_before_[i + 1];
  f->Add(F(22, Cap3(q_before), Cap3(q_after)));
  f->Add(F(23, Cap3(q_before), Cap3(q_after), rate));
  // Distance to the nearest quotation mark on each side within the sentence
  // (looked for 5 tokens away; farther ones count as 6).
  std::uint32_t dl = 0, dr = 0;
  for (std::uint32_t d = 1; d <= 5 && i >= s.begin + d && !dl; ++d) {
    if (tt_.tokens[i - d].flags & kQuoteMark) dl = d;
  }
  if (!dl && q_before) dl = 6;
  for (std::uint32_t d = 1; d <= 5 && i + d < s.end && !dr; ++d) {
    if (tt_.tokens[i + d].flags & kQuoteMark) dr = d;
  }
  if (!dr && q_after) dr = 6;
  f->Add(F(24, SmallBucket(dl), SmallBucket(dr)));
  bool name_left = false, name_right = false;
  for (std::int64_t j = k - 1; j >= k - 3 && j >= s.begin; --j) {
    std::uint8_t c = coarse_[static_cast<std::size_t>(j)];
    name_left |= c == kCap || c == kCaps || c == kSubjectPronoun || c == kCapFirst;
  }
  for (std::int64_t j = k + 1; j <= k + 3 && j < s.end; ++j) {
    std::uint8_t c = coarse_[static_cast<std::size_t>(j)];
    name_right |= c == kCap || c == kCaps || c == kSubjectPronoun || c == kCapFirst;
  }
  f->Add(F(25, name_left, name_right));
  f->Add(F(26, name_left, name_right, w0));
  f->Add(F(27, w0, cls(k - 1)));
  f->Add(F(28, w0, cls(k + 1)));
  f->Add(F(29, rate, cls(k - 1), cls(k + 1)));
  f->Add(F(30, lex, cls(k - 1), cls(k + 1)));
  f->Add(F(31, detail.suffix, cls(k - 1), cls(k + 1)));
  f->Add(F(32, w0, inq, SmallBucket(dl), SmallBucket(dr)));
  const TokenRange p = tt_.paragraphs[t.paragraph];
  f->Add(F(33, DistanceBucket(static_cast<std::uint32_t>(i - p.begin)), cls(k - 1), coarse_[i]));
  f->Add(F(34, detail.stem));
  f->Add(F(35, detail.stem, cls(k - 1), cls(k + 1)));
  f->Add(F(36, word(k - 1), w0, word(k + 1)));
  f->Add(F(37, coarse_[s.begin], inq, rate));
  // The nearest other candidates of the sentence: "said he expected" is one cue.
  // The nearest other cue words of the sentence, up to 12 tokens away:
  // "said he expected" is one cue.
  std::uint64_t prev_word = kBos, next_word = kEos;
  std::uint32_t prev_d = 0, next_d = 0;
  for (std::uint32_t d = 1; d <= 12 && i >= s.begin + d; ++d) {
    if (candidate_[i - d] > 1) {
      prev_word = tt_.tokens[i - d].lower;
      prev_d = d;
      break;
    }
  }
  for (std::uint32_t d = 1; d <= 12 && i + d < s.end; ++d) {
    if (candidate_[i + d] > 1) {
      next_word = tt_.tokens[i + d].lower;
      next_d = d;
      break;
    }
  }
  f->Add(F(38, prev_word, SmallBucket(prev_d)));
  f->Add(F(39, next_word, SmallBucket(next_d)));
  f->Add(F(40, prev_word, w0));
  f->Add(F(41, w0, next_word));
  f->Add(F(42, rate, SmallBucket(prev_d), SmallBucket(next_d)));
}

void DocContext::SetCues(const std::vector<CueSpan>& cues) {
  const std::size_t n = tt_.tokens.size();
  is_cue_.assign(n, 0);
  for (const CueSpan& c : cues) {
    for (std::uint32_t k = c.begin; k < c.end && k < n; ++k) is_cue_[k] = 1;
  }
  cues_before_.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) cues_before_[i + 1] = cues_before_[i] + is_cue_[i];
  source_of_.assign(n, UINT32_MAX);
}

void DocContext::MarkSource(TokenRange r, std::uint32_t cue_begin) {
  for (std::uint32_t k = r.begin; k < r.end && k < source_of_.size(); ++k) {
    source_of_[k] = std::min(source_of_[k], cue_begin);
  }
}

void DocContext::ExtensionFeatures(const CueSpan& cue, std::size_t j, Features* f) const {
  static const std::uint64_t kBos = H("<s>"), kEos = H("</s>");
  const Token& t = tt_.tokens[j];
  const TokenRange s = tt_.sentences[t.sentence];
  const bool left = j < cue.begin;
  const std::uint64_t side = left ? 1 : 2;
  const std::uint32_t d = left ? cue.begin - static_cast<std::uint32_t>(j)
                               : static_cast<std::uint32_t>(j) - cue.end + 1;
  const std::size_t edge = left ? cue.begin : cue.end - 1;  // the cue token next to it
  const std::int64_t k = static_cast<std::int64_t>(j);
  auto word = [&](std::int64_t x) -> std::uint64_t {
    if (x < s.begin) return kBos;
    if (x >= s.end) return kEos;
    return tt_.tokens[static_cast<std::size_t>(x)].lower;
  };
  const std::uint64_t beyond = word(left ? k - 1 : k + 1);
  const std::uint64_t hw = tt_.tokens[cue.head].lower;
  f->Add(F(201, side, d));
  f->Add(F(202, side, t.lower));
  f->Add(F(203, side, t.lower, hw));
  f->Add(F(204, side, coarse_[j], d));
  f->Add(F(205, side, t.lower, beyond));
  f->Add(F(206, side, coarse_[j], coarse_[edge]));
  f->Add(F(207, side, t.lower, tt_.tokens[edge].lower));
  const std::uint64_t beyond_class =
      left ? (j > 0 ? coarse_[j - 1] : std::uint8_t{kNone})
           : (j + 1 < coarse_.size() ? coarse_[j + 1] : std::uint8_t{kNone});
  f->Add(F(208, side, coarse_[j], beyond_class));
  f->Add(F(209, side, t.lower, Detail(cue.head).stem));
  f->Add(F(210, side, t.quote != 0, tt_.tokens[edge].quote != 0, coarse_[j]));
}

TokenRange DocContext::RoleWindow(const CueSpan& cue) const {
  // The cue's sentence; grown back to the start of a quotation it opens
  // inside of, on to the end of one it closes outside of, and to the end of
  // the paragraph after a closing colon ("He said:"); never out of the
  // paragraph nor more than kWindow tokens from the cue.
  const Token& head = tt_.tokens[cue.head];
  const TokenRange p = tt_.paragraphs[head.paragraph];
  const TokenRange s = tt_.sentences[head.sentence];
  std::uint32_t b = s.begin, e = s.end;
  if (tt_.tokens[b].quote != 0) b = std::min(b, tt_.quotes[tt_.tokens[b].quote - 1].begin);
  if (tt_.tokens[e - 1].quote != 0) e = std::max(e, tt_.quotes[tt_.tokens[e - 1].quote - 1].end);
  std::uint32_t last = e - 1;
  while (last > s.begin && (tt_.tokens[last].flags & kQuoteMark)) --last;
  if (coarse_[last] == kColon || coarse_[cue.end - 1] == kColon) e = p.end;
  // Quotations that follow in the paragraph ("“A,” she said. “B.”") and one that ends right before
  // it.
  // Only after a sentence that attributes a quotation, and only quotations
  // whose sentence holds no cue of its own.
  const bool quotes_here = quotes_before_[s.end] > quotes_before_[s.begin];
  while (quotes_here && e < p.end && (tt_.tokens[e].flags & kOpensQuote) && e - cue.end < kWindow) {
    const TokenRange next = tt_.sentences[tt_.tokens[e].sentence];
    const std::uint32_t q_end = std::max(e + 1, tt_.quotes[tt_.tokens[e].quote - 1].end);
    const std::uint32_t until = std::max(next.end, q_end);
    if (!is_cue_.empty() && cues_before_[until] > cues_before_[e]) break;
    e = q_end;
  }
  if (b > p.begin && (tt_.tokens[b - 1].flags & kClosesQuote) && tt_.tokens[b - 1].quote != 0) {
    b = std::min(b, tt_.quotes[tt_.tokens[b - 1].quote - 1].begin);
  }
  b = std::max({b, p.begin, cue.begin > kWindow ? cue.begin - kWindow : 0u});
  e = std::min({e, p.end, cue.end + kWindow});
  return {b, e};
}

TokenRange DocContext::ModelWindow(const CueSpan& cue) const {
  TokenRange w = RoleWindow(cue);
  w.begin = std::max(w.begin, cue.begin > kReach ? cue.begin - kReach : 0u);
  w.end = std::min(w.end, cue.end + kReach);
  return w;
}

void DocContext::ExtendLabels(const CueSpan& cue, TokenRange window, TokenRange model,
                              std::vector<Label>* labels) const {
  std::vector<Label>& l = *labels;
  const std::size_t mb = model.begin - window.begin, me = model.end - window.begin;
  l.resize(window.end - window.begin);
  // `labels` held the model part's labels at [0, me - mb): move them into place.
  if (mb > 0) {
    for (std::size_t k = me; k-- > mb;) l[k] = l[k - mb];
  }
  const Label first = me > mb ? l[mb] : kOutside;
  const Label last = me > mb ? l[me - 1] : kOutside;
  // Quotations beyond the model part are content when the model took quoted words as content.
  bool quoted_content = false;
  for (std::size_t k = mb; k < me && !quoted_content; ++k) {
    quoted_content = l[k] == kContent && tt_.tokens[window.begin + k].quote != 0;
  }
  auto beyond = [&](std::size_t k, Label nearest) {
    if (nearest == kContent) return kContent;
    return quoted_content && tt_.tokens[window.begin + k].quote != 0 ? kContent : kOutside;
  };
  // Content carried on stops before another cue's clause: at the cue, backed
  // off to the comma, semicolon or dash before it ("..., and the regulator said").
  auto is_cue = [&](std::size_t k) { return !is_cue_.empty() && is_cue_[window.begin + k]; };
  auto is_break = [&](std::size_t k) {
    const std::uint8_t c = coarse_[window.begin + k];
    return c == kComma || c == kSemicolon || c == kDash;
  };
  const std::size_t cb = cue.begin - window.begin, ce = cue.end - window.begin;
  std::size_t stop = l.size();
  for (std::size_t k = me; k < l.size(); ++k) {
    if (!is_cue(k)) continue;
    stop = k;
    for (std::size_t j = k; j > ce; --j) {
      if (is_break(j - 1)) {
        stop = j - 1;
        break;
      }
    }
    break;
  }
  std::size_t start = 0;
  for (std::size_t k = mb; k-- > 0;) {
    if (!is_cue(k)) continue;
    start = k + 1;
    for (std::size_t j = k + 1; j < cb; ++j) {
      if (is_break(j)) {
        start = j + 1;
        break;
      }
    }
    break;
  }
  for (std::size_t k = 0; k < mb; ++k) l[k] = beyond(k, first);
  for (std::size_t k = me; k < l.size(); ++k) l[k] = beyond(k, last);
  for (std::size_t k = 0; k < start; ++k) {
    if (l[k] == kContent) l[k] = kOutside;
  }
  for (std::size_t k = stop; k < l.size(); ++k) {
    if (l[k] == kContent) l[k] = kOutside;
  }
}

void DocContext::RoleFeatures(const CueSpan& cue, std::size_t i, Features* f) const {
  static const std::uint64_t kBos = H("<s>"), kEos = H("</s>");
  const Token& t = tt_.tokens[i];
  const Token& head = tt_.tokens[cue.head];
  const bool before = i < cue.begin;
  const std::uint64_t dir = before ? 1 : 2;
  const std::uint32_t d = before ? cue.begin - static_cast<std::uint32_t>(i)
                                 : static_cast<std::uint32_t>(i) - cue.end + 1;
  const int db = DistanceBucket(d);
  const int ds = SmallBucket(d);
  const TokenRange p = tt_.paragraphs[t.paragraph];
  auto word = [&](std::size_t k, int delta) -> std::uint64_t {
    std::int64_t j = static_cast<std::int64_t>(k) + delta;
    if (j < p.begin) return kBos;
    if (j >= p.end) return kEos;
    return tt_.tokens[static_cast<std::size_t>(j)].lower;
  };
  auto cls = [&](std::int64_t j) -> std::uint64_t {
    if (j < p.begin || j >= p.end) return kNone;
    return coarse_[static_cast<std::size_t>(j)];
  };
  int qrel;
  if (t.quote == 0 && head.quote == 0)
    qrel = 0;
  else if (head.quote == 0)
    qrel = 1;
  else if (t.quote == 0)
    qrel = 2;
  else
    qrel = t.quote == head.quote ? 3 : 4;
  std::size_t lo = before ? i + 1 : cue.end;
  std::size_t hi = before ? cue.begin : i;
  std::uint32_t nq = quotes_before_[hi] - quotes_before_[lo];
  std::uint32_t nc = commas_before_[hi] - commas_before_[lo];
  std::uint32_t ncue = cues_before_[hi] - cues_before_[lo];
  std::uint32_t ns =
      t.sentence > head.sentence ? t.sentence - head.sentence : head.sentence - t.sentence;
  const std::uint64_t cw = head.lower;
  const std::uint64_t cue_next = cls(static_cast<std::int64_t>(cue.end));
  const std::uint64_t cue_prev = cls(static_cast<std::int64_t>(cue.begin) - 1);
  const std::int64_t k = static_cast<std::int64_t>(i);
  const std::uint64_t c0 = coarse_[i];
  f->Add(F(101, dir, db));
  f->Add(F(103, dir, t.lower));
  f->Add(F(106, dir, word(i, -1)));
  f->Add(F(107, dir, word(i, 1)));
  f->Add(F(109, dir, qrel, Cap3(nq)));
  f->Add(F(110, dir, Cap3(nc), ds));
  f->Add(F(112, dir, Cap3(ncue)));
  f->Add(F(114, dir, cw, db));
  f->Add(F(116, dir, cue_next, ds));
  f->Add(F(119, dir, c0, cls(k - 1), cls(k + 1)));
  const int was_source = source_of_[i] < cue.begin ? 1 : 0;
  f->Add(F(127, dir, was_source, ns == 0, Cap3(ncue)));
  f->Add(F(128, dir, was_source, cue_prev, Detail(cue.head).suffix));
  // "According to X, Y": where the cue sits in its sentence and which commas lie between.
  const bool cue_first = cue.begin == tt_.sentences[head.sentence].begin ||
                         (cue.begin > 0 && (tt_.tokens[cue.begin - 1].flags & kQuoteMark) &&
                          cue.begin - 1 == tt_.sentences[head.sentence].begin);
  f->Add(F(129, dir, cue_first, Cap3(nc), c0 == kComma));
  f->Add(F(130, dir, cw, Cap3(nc)));
}

TokenRange DocContext::PhraseAround(std::size_t i) const {
  TokenRange best{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(i + 1)};
  const TokenRange s = tt_.sentences[tt_.tokens[i].sentence];
  std::size_t from = i >= s.begin + 5 ? i - 5 : s.begin;
  for (std::size_t b = from; b <= i; ++b) {
    if (!phrase_start_[b]) continue;
    auto it = phrases_.find(tt_.tokens[b].lower);
    if (it == phrases_.end()) continue;
    for (const auto& ph : it->second) {
      std::size_t e = b + ph.size();
      if (e <= i || e > s.end || e - b <= best.end - best.begin) continue;
      bool ok = true;
      for (std::size_t j = 1; j < ph.size() && ok; ++j) ok = tt_.tokens[b + j].lower == ph[j];
      if (ok) best = {static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
    }
  }
  return best;
}

namespace {

float LinearScore(const QuantTable& t, const Features& f) {
  std::int32_t s = 0;
  for (int k = 0; k < f.n; ++k) s += t.w[f.keys[static_cast<std::size_t>(k)] >> t.shift];
  return static_cast<float>(s) * t.scale;
}

// Emission scores of one token: the float table (width kLabels) of a
// trainer, or the quantised one (width 4) at run time.
std::array<float, kLabels> Emissions(const float* table, float, int shift, const Features& f) {
  std::array<float, kLabels> e{};
  for (int k = 0; k < f.n; ++k) {
    const float* w = &table[(f.keys[static_cast<std::size_t>(k)] >> shift) * kLabels];
    for (std::size_t l = 0; l < kLabels; ++l) e[l] += w[l];
  }
  return e;
}

// The quantised role table holds, per bucket, the source and content
// weights less the outside one: the same shift of a token's three scores
// leaves the best path as it was, and the table is two bytes a bucket.
std::array<float, kLabels> Emissions(const std::int8_t* table, float scale, int shift,
                                     const Features& f) {
  std::int32_t source = 0, content = 0;
  for (int k = 0; k < f.n; ++k) {
    const std::int8_t* w = &table[(f.keys[static_cast<std::size_t>(k)] >> shift) * 2];
    source += w[0];
    content += w[1];
  }
  return {0.0f, static_cast<float>(source) * scale, static_cast<float>(content) * scale};
}

template <class W>
void Decode(const W* table, float scale, int shift,
            const std::array<float, (kLabels + 1) * kLabels>& trans,
            const std::vector<Features>& feats, const std::vector<std::uint8_t>& forced,
            std::vector<Label>* labels) {
  const std::size_t n = feats.size();
  labels->assign(n, kOutside);
  if (n == 0) return;
  constexpr float kNeg = -std::numeric_limits<float>::infinity();
  thread_local std::vector<std::array<std::uint8_t, kLabels>> back;
  back.resize(n);
  auto emissions = [&](std::size_t i) {
    return forced[i] ? std::array<float, kLabels>{0.0f, kNeg, kNeg}
                     : Emissions(table, scale, shift, feats[i]);
  };
  std::array<float, kLabels> prev = emissions(0);
  for (std::size_t to = 0; to < kLabels; ++to) {
    prev[to] += trans[kLabels * kLabels + to];
    back[0][to] = 0;
  }
  for (std::size_t i = 1; i < n; ++i) {
    const std::array<float, kLabels> e = emissions(i);
    std::array<float, kLabels> cur;
    for (std::size_t to = 0; to < kLabels; ++to) {
      float best = prev[0] + trans[to];
      std::uint8_t arg = 0;
      for (std::size_t from = 1; from < kLabels; ++from) {
        const float s = prev[from] + trans[from * kLabels + to];
        if (s > best) {
          best = s;
          arg = static_cast<std::uint8_t>(from);
        }
      }
      cur[to] = best + e[to];
      back[i][to] = arg;
    }
    prev = cur;
  }
  std::size_t best = 0;
  for (std::size_t l = 1; l < kLabels; ++l) {
    if (prev[l] > prev[best]) best = l;
  }
  for (std::size_t i = n; i-- > 0;) {
    (*labels)[i] = static_cast<Label>(best);
    best = back[i][best];
  }
}

QuantTable Quantise(const std::vector<float>& w, std::uint32_t bits) {
  QuantTable t;
  t.shift = 64 - static_cast<int>(bits);
  float maxabs = 0;
  for (float x : w) maxabs = std::max(maxabs, std::fabs(x));
  t.scale = maxabs > 0 ? maxabs / 127.0f : 1.0f;
  t.w.resize(w.size());
  const float inv = 1.0f / t.scale;
  for (std::size_t b = 0; b < w.size(); ++b) {
    t.w[b] = static_cast<std::int8_t>(std::clamp(std::nearbyint(w[b] * inv), -127.0f, 127.0f));
  }
  return t;
}

// The role weights (kLabels a bucket) as source and content less outside.
QuantTable QuantiseRoles(const std::vector<float>& w, std::uint32_t bits) {
  const std::size_t buckets = w.size() / kLabels;
  std::vector<float> rel(buckets * 2);
  for (std::size_t b = 0; b < buckets; ++b) {
    rel[2 * b] = w[b * kLabels + kSource] - w[b * kLabels + kOutside];
    rel[2 * b + 1] = w[b * kLabels + kContent] - w[b * kLabels + kOutside];
  }
  return Quantise(rel, bits);
}

}  // namespace

float CueScore(const Runtime& rt, const Features& f) { return LinearScore(rt.cue, f); }
float ExtensionScore(const Runtime& rt, const Features& f) { return LinearScore(rt.extension, f); }

void DecodeRoles(const Runtime& rt, const std::vector<Features>& feats,
                 const std::vector<std::uint8_t>& forced, std::vector<Label>* labels) {
  Decode(rt.role.w.data(), rt.role.scale, rt.role.shift, rt.transitions, feats, forced, labels);
}

void DecodeRoles(const std::vector<float>& role, std::uint32_t role_bits,
                 const std::array<float, (kLabels + 1) * kLabels>& transitions,
                 const std::vector<Features>& feats, const std::vector<std::uint8_t>& forced,
                 std::vector<Label>* labels) {
  Decode(role.data(), 1.0f, 64 - static_cast<int>(role_bits), transitions, feats, forced, labels);
}

Runtime MakeRuntime(const Model& m) {
  Runtime rt;
  rt.empty = m.cue.empty() || m.role.empty() || m.extension.empty();
  if (!rt.empty) {
    rt.cue = Quantise(m.cue, m.cue_bits);
    rt.role = QuantiseRoles(m.role, m.role_bits);
    rt.extension = Quantise(m.extension, m.extension_bits);
  }
  rt.transitions = m.transitions;
  rt.cue_threshold = m.cue_threshold;
  for (const auto& [key, cls] : ClassWords())
    rt.words.Merge(key, WordTable::Pack(cls + 1u, 0, false));
  for (const auto& [w, rate] : m.cue_words) {
    rt.words.Merge(HashString(w),
                   WordTable::Pack(0, std::clamp<std::uint32_t>(rate, 1, kRateBuckets), false));
  }
  for (const std::string& w : LexiconCueWords())
    rt.words.Merge(HashString(w), WordTable::Pack(0, 0, true));
  for (const std::string& p : m.cue_phrases) {
    std::vector<std::uint64_t> toks;
    std::size_t s = 0;
    while (s <= p.size()) {
      std::size_t e = p.find(' ', s);
      if (e == std::string::npos) e = p.size();
      if (e > s) toks.push_back(HashString(p.substr(s, e - s)));
      s = e + 1;
    }
    if (toks.size() < 2) continue;
    rt.words.Merge(toks[0], WordTable::kPhraseStart);
    rt.phrases[toks[0]].push_back(std::move(toks));
  }
  return rt;
}

std::vector<CueSpan> FindCues(const Runtime& rt, const DocContext& dc) {
  std::vector<CueSpan> out;
  std::vector<float> scores;
  Features f;
  for (std::size_t i = 0; i < dc.size(); ++i) {
    if (!dc.IsCandidate(i)) continue;
    f.n = 0;
    dc.CueFeatures(i, &f);
    float s = CueScore(rt, f);
    if (s <= rt.cue_threshold) continue;
    TokenRange r = dc.PhraseAround(i);
    if (!out.empty() && r.begin <= out.back().end) {
      CueSpan& c = out.back();
      c.begin = std::min(c.begin, r.begin);
      c.end = std::max(c.end, r.end);
      if (s > scores.back()) {
        c.head = static_cast<std::uint32_t>(i);
        scores.back() = s;
      }
      continue;
    }
    out.push_back({r.begin, r.end, static_cast<std::uint32_t>(i)});
    scores.push_back(s);
  }
  // Grow each cue leftwards over the words the extension features score
  // positive ("has also said"), not into the cue before nor out of its sentence.
  for (std::size_t c = 0; c < out.size(); ++c) {
    CueSpan& cue = out[c];
    const TokenRange s = dc.text().sentences[dc.text().tokens[cue.head].sentence];
    const std::uint32_t lo = std::max(s.begin, c > 0 ? out[c - 1].end : 0u);
    for (std::uint32_t n = 0; n < DocContext::kMaxExtension && cue.begin > lo; ++n) {
      f.n = 0;
      dc.ExtensionFeatures(cue, cue.begin - 1, &f);
      if (ExtensionScore(rt, f) <= 0) break;
      --cue.begin;
    }
  }
  return out;
}

}  // namespace corroborate::extract::attribution
