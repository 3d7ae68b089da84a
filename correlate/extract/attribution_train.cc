#include "correlate/extract/attribution_train.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <unordered_map>

namespace corroborate::extract::attribution {
namespace {

// Byte offset of every code point start of `text`, plus its size: the
// offsets BRAT (and Python) count.
std::vector<std::size_t> CodePointOffsets(std::string_view text) {
  std::vector<std::size_t> out;
  out.reserve(text.size() + 1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(text.size());
  return out;
}

struct Averaged {
  std::vector<float> w;
  std::vector<double> u;  // sum of step * update, for the average
  void Init(std::size_t n) {
    w.assign(n, 0.0f);
    u.assign(n, 0.0);
  }
  void Add(std::size_t i, float delta, double step) {
    w[i] += delta;
    u[i] += step * delta;
  }
  std::vector<float> Average(double steps) const {
    std::vector<float> out(w.size());
    for (std::size_t i = 0; i < w.size(); ++i) out[i] = static_cast<float>(w[i] - u[i] / steps);
    return out;
  }
};

int RateBucket(double rate) {
  static constexpr double kEdges[kRateBuckets - 1] = {0.06, 0.1, 0.2, 0.35, 0.5, 0.7, 0.85};
  int b = 1;
  for (double e : kEdges) {
    if (rate >= e) ++b;
  }
  return b;
}

// Token ranges covering byte spans.
std::vector<std::uint32_t> TokensIn(const TokenizedText& tt, const ByteSpans& spans) {
  std::vector<std::uint32_t> out;
  for (const auto& [b, e] : spans) {
    auto it = std::lower_bound(tt.tokens.begin(), tt.tokens.end(), b,
                               [](const Token& t, std::size_t x) { return t.end <= x; });
    for (; it != tt.tokens.end() && it->begin < e; ++it)
      out.push_back(static_cast<std::uint32_t>(it - tt.tokens.begin()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

struct PreparedDoc {
  TokenizedText tt;
  std::vector<std::uint8_t> cue_token;                 // in some gold cue
  std::vector<std::vector<std::uint32_t>> cue_tokens;  // per gold attribution
};

void Log(const TrainOptions& options, const std::string& line) {
  if (options.log) options.log(line);
}

// Step 1: each document's tokens and gold cue tokens into `prepared`; the
// cue words and phrases of the corpus into `model`. Fails when the corpus
// holds no attribution.
Status PrepareDocuments(const std::vector<TrainingDocument>& docs, const TrainOptions& options,
                        std::vector<PreparedDoc>& prepared, Model& model) {
  prepared.resize(docs.size());
  std::unordered_map<std::string, std::pair<int, int>>
      word_counts;  // lower form -> (in a cue, all)
  std::map<std::string, int> phrase_counts;
  std::size_t n_gold = 0;
  for (std::size_t d = 0; d < docs.size(); ++d) {
    PreparedDoc& p = prepared[d];
    p.tt = Tokenize(docs[d].text);
    p.cue_token.assign(p.tt.tokens.size(), 0);
    for (const GoldAttribution& g : docs[d].gold) {
      ++n_gold;
      std::vector<std::uint32_t> toks = TokensIn(p.tt, g.cue);
      for (std::uint32_t k : toks) p.cue_token[k] = 1;
      if (g.cue.size() == 1 && toks.size() >= 2 && toks.size() <= 6) {
        std::string phrase;
        for (std::uint32_t k : toks) {
          const Token& t = p.tt.tokens[k];
          if (!phrase.empty()) phrase += ' ';
          phrase += LowerForm(p.tt.text.substr(t.begin, t.end - t.begin));
        }
        ++phrase_counts[phrase];
      }
      p.cue_tokens.push_back(std::move(toks));
    }
    for (std::size_t k = 0; k < p.tt.tokens.size(); ++k) {
      const Token& t = p.tt.tokens[k];
      if (!(t.flags & kWord)) continue;
      auto& c = word_counts[LowerForm(p.tt.text.substr(t.begin, t.end - t.begin))];
      c.first += p.cue_token[k];
      c.second += 1;
    }
  }
  if (n_gold == 0)
    return Fail(ErrorCode::kInvalidArgument, "training: the corpus holds no attribution");
  for (const auto& [w, c] : word_counts) {
    if (c.first < options.min_cue_count) continue;
    double rate = static_cast<double>(c.first) / c.second;
    if (rate < options.min_cue_rate) continue;
    model.cue_words.emplace_back(w, static_cast<std::uint8_t>(RateBucket(rate)));
  }
  std::sort(model.cue_words.begin(), model.cue_words.end());
  for (const auto& [p, c] : phrase_counts) {
    if (c >= options.min_phrase_count) model.cue_phrases.push_back(p);
  }
  Log(options, fmt::format("training: {} documents, {} attributions, {} cue words, {} cue phrases",
                           docs.size(), n_gold, model.cue_words.size(), model.cue_phrases.size()));

  return {};
}

// Step 2: the cue model, an averaged perceptron (or logistic regression)
// over the candidate tokens.
void TrainCueModel(const std::vector<PreparedDoc>& prepared, std::vector<DocContext>& contexts,
                   const TrainOptions& options, std::mt19937_64& rng, Model& model) {
  struct CueExample {
    std::uint32_t doc, token;
    bool positive;
  };
  std::vector<CueExample> cue_examples;
  std::size_t positives = 0, cue_tokens_total = 0;
  for (std::uint32_t d = 0; d < prepared.size(); ++d) {
    for (std::uint32_t k = 0; k < prepared[d].tt.tokens.size(); ++k) {
      cue_tokens_total += prepared[d].cue_token[k];
      if (!contexts[d].IsCandidate(k)) continue;
      cue_examples.push_back({d, k, prepared[d].cue_token[k] != 0});
      positives += prepared[d].cue_token[k];
    }
  }
  Log(options, fmt::format("cue model: {} candidate tokens, {} in a cue ({} cue tokens in all)",
                           cue_examples.size(), positives, cue_tokens_total));
  {
    const int shift = 64 - static_cast<int>(model.cue_bits);
    Averaged w;
    w.Init(model.cue.size());
    double step = 1;
    Features f;
    const bool logistic = options.cue_learning_rate > 0;
    const double rate = options.cue_learning_rate;
    std::vector<float> sq(logistic ? w.w.size() : 0, 0.0f);
    for (int epoch = 0; epoch < options.cue_epochs; ++epoch) {
      std::shuffle(cue_examples.begin(), cue_examples.end(), rng);
      std::size_t errors = 0;
      for (const CueExample& ex : cue_examples) {
        f.n = 0;
        contexts[ex.doc].CueFeatures(ex.token, &f);
        float s = 0;
        for (int k = 0; k < f.n; ++k) s += w.w[f.keys[static_cast<std::size_t>(k)] >> shift];
        bool predicted = s > options.cue_threshold;
        if (logistic) {
          double p = 1.0 / (1.0 + std::exp(-static_cast<double>(s)));
          double g = p - (ex.positive ? 1.0 : 0.0);
          errors += predicted != ex.positive;
          for (int k = 0; k < f.n; ++k) {
            std::size_t b = f.keys[static_cast<std::size_t>(k)] >> shift;
            sq[b] += static_cast<float>(g * g);
            w.Add(b, static_cast<float>(-rate * g / std::sqrt(sq[b] + 1e-6)), step);
          }
        } else if (predicted != ex.positive) {
          ++errors;
          float delta = ex.positive ? 1.0f : -1.0f;
          for (int k = 0; k < f.n; ++k)
            w.Add(f.keys[static_cast<std::size_t>(k)] >> shift, delta, step);
        }
        step += 1;
      }
      Log(options, fmt::format("cue model: epoch {} errors {}", epoch + 1, errors));
    }
    model.cue = w.Average(step);
  }
}

// Step 2b: cue extension. From each gold cue's head (grown to its phrase),
// is the next token to the left part of the cue ("has" said)?
void TrainCueExtension(const std::vector<PreparedDoc>& prepared, std::vector<DocContext>& contexts,
                       const TrainOptions& options, std::mt19937_64& rng, Model& model) {
  {
    const int shift = 64 - static_cast<int>(model.extension_bits);
    struct ExtExample {
      std::uint32_t doc;
      CueSpan cue;
      std::uint32_t token;
      bool positive;
    };
    std::vector<ExtExample> ext;
    for (std::uint32_t d = 0; d < prepared.size(); ++d) {
      const PreparedDoc& p = prepared[d];
      for (const std::vector<std::uint32_t>& toks : p.cue_tokens) {
        if (toks.empty()) continue;
        std::uint32_t head = toks.front();
        for (std::uint32_t k : toks) {
          if (contexts[d].IsCandidate(k)) {
            head = k;
            break;
          }
        }
        TokenRange r = contexts[d].PhraseAround(head);
        CueSpan c{r.begin, r.end, head};
        auto in_cue = [&](std::uint32_t k) {
          return std::binary_search(toks.begin(), toks.end(), k);
        };
        const TokenRange sent = p.tt.sentences[p.tt.tokens[head].sentence];
        CueSpan grow = c;
        for (std::uint32_t n = 0; n < DocContext::kMaxExtension && grow.begin > sent.begin; ++n) {
          bool pos = in_cue(grow.begin - 1);
          ext.push_back({d, grow, grow.begin - 1, pos});
          if (!pos) break;
          --grow.begin;
        }
      }
    }
    Averaged w;
    w.Init(std::size_t{1} << model.extension_bits);
    double step = 1;
    Features f;
    for (int epoch = 0; epoch < options.cue_epochs; ++epoch) {
      std::shuffle(ext.begin(), ext.end(), rng);
      std::size_t errors = 0;
      for (const ExtExample& ex : ext) {
        f.n = 0;
        contexts[ex.doc].ExtensionFeatures(ex.cue, ex.token, &f);
        float s = 0;
        for (int k = 0; k < f.n; ++k) s += w.w[f.keys[static_cast<std::size_t>(k)] >> shift];
        if ((s > 0) != ex.positive) {
          ++errors;
          float delta = ex.positive ? 1.0f : -1.0f;
          for (int k = 0; k < f.n; ++k)
            w.Add(f.keys[static_cast<std::size_t>(k)] >> shift, delta, step);
        }
        step += 1;
      }
      Log(options,
          fmt::format("cue extension: epoch {} errors {} of {}", epoch + 1, errors, ext.size()));
    }
    model.extension = w.Average(step);
  }
}

struct RoleExample {
  std::uint32_t doc;
  CueSpan cue;
  std::vector<Label> labels;  // over the window
};

// Step 3a: a role example per gold cue, labelled over the cue's model
// window; marks the gold cues and sources in `contexts`.
std::vector<RoleExample> RoleExamples(const std::vector<TrainingDocument>& docs,
                                      const std::vector<PreparedDoc>& prepared,
                                      std::vector<DocContext>& contexts) {
  std::vector<RoleExample> role_examples;
  for (std::uint32_t d = 0; d < prepared.size(); ++d) {
    const PreparedDoc& p = prepared[d];
    std::vector<CueSpan> cues;
    std::vector<std::size_t> which;  // gold index per cue
    for (std::size_t g = 0; g < docs[d].gold.size(); ++g) {
      const std::vector<std::uint32_t>& toks = p.cue_tokens[g];
      if (toks.empty()) continue;
      CueSpan c{toks.front(), toks.back() + 1, toks.front()};
      int best = -1;
      for (std::uint32_t k : toks) {
        int r = contexts[d].IsCandidate(k) ? 1 : 0;
        if (r > best) {
          best = r;
          c.head = k;
        }
      }
      cues.push_back(c);
      which.push_back(g);
    }
    contexts[d].SetCues(cues);
    for (std::size_t c = 0; c < cues.size(); ++c) {
      std::vector<std::uint32_t> src = TokensIn(p.tt, docs[d].gold[which[c]].source);
      if (!src.empty()) contexts[d].MarkSource({src.front(), src.back() + 1}, cues[c].begin);
    }
    for (std::size_t c = 0; c < cues.size(); ++c) {
      const GoldAttribution& g = docs[d].gold[which[c]];
      TokenRange win = contexts[d].ModelWindow(cues[c]);
      RoleExample ex{d, cues[c], std::vector<Label>(win.end - win.begin, kOutside)};
      for (std::uint32_t k : TokensIn(p.tt, g.content)) {
        if (k >= win.begin && k < win.end) ex.labels[k - win.begin] = kContent;
      }
      for (std::uint32_t k : TokensIn(p.tt, g.source)) {
        if (k >= win.begin && k < win.end) ex.labels[k - win.begin] = kSource;
      }
      for (std::uint32_t k = cues[c].begin; k < cues[c].end; ++k) {
        if (k >= win.begin && k < win.end) ex.labels[k - win.begin] = kOutside;
      }
      role_examples.push_back(std::move(ex));
    }
  }
  return role_examples;
}

// Step 3b: the role model, a structured perceptron over each example's window.
void TrainRoleModel(std::vector<RoleExample>& role_examples, std::vector<DocContext>& contexts,
                    const TrainOptions& options, std::mt19937_64& rng, Model& model) {
  Log(options, fmt::format("role model: {} cues", role_examples.size()));
  {
    const int shift = 64 - static_cast<int>(model.role_bits);
    Averaged w;
    w.Init(model.role.size());
    Averaged tr;
    tr.Init(model.transitions.size());
    double step = 1;
    std::vector<Features> feats;
    std::vector<std::uint8_t> forced;
    std::vector<Label> pred;
    std::array<float, (kLabels + 1) * kLabels> transitions{};
    for (int epoch = 0; epoch < options.role_epochs; ++epoch) {
      std::shuffle(role_examples.begin(), role_examples.end(), rng);
      std::size_t token_errors = 0, tokens = 0;
      for (const RoleExample& ex : role_examples) {
        const DocContext& dc = contexts[ex.doc];
        TokenRange win = dc.ModelWindow(ex.cue);
        std::size_t n = win.end - win.begin;
        feats.resize(n);
        for (Features& f : feats) f.n = 0;
        forced.assign(n, 0);
        for (std::size_t k = 0; k < n; ++k) {
          std::size_t i = win.begin + k;
          if (i >= ex.cue.begin && i < ex.cue.end) {
            forced[k] = 1;
            continue;
          }
          dc.RoleFeatures(ex.cue, i, &feats[k]);
        }
        std::copy(tr.w.begin(), tr.w.end(), transitions.begin());
        DecodeRoles(w.w, model.role_bits, transitions, feats, forced, &pred);
        tokens += n;
        for (std::size_t k = 0; k < n; ++k) {
          Label gold = ex.labels[k], got = pred[k];
          Label gold_prev = k == 0 ? static_cast<Label>(kLabels) : ex.labels[k - 1];
          Label got_prev = k == 0 ? static_cast<Label>(kLabels) : pred[k - 1];
          if (gold != got) {
            ++token_errors;
            for (int j = 0; j < feats[k].n; ++j) {
              std::size_t b = (feats[k].keys[static_cast<std::size_t>(j)] >> shift) * kLabels;
              w.Add(b + gold, 1.0f, step);
              w.Add(b + got, -1.0f, step);
            }
          }
          if (gold != got || gold_prev != got_prev) {
            tr.Add(static_cast<std::size_t>(gold_prev) * kLabels + gold, 1.0f, step);
            tr.Add(static_cast<std::size_t>(got_prev) * kLabels + got, -1.0f, step);
          }
        }
        step += 1;
      }
      Log(options, fmt::format("role model: epoch {} token errors {} of {}", epoch + 1,
                               token_errors, tokens));
    }
    model.role = w.Average(step);
    std::vector<float> t = tr.Average(step);
    std::copy(t.begin(), t.end(), model.transitions.begin());
  }
}

}  // namespace

TrainingDocument ParseBratDocument(std::string name, std::string text, std::string_view ann) {
  TrainingDocument doc;
  doc.name = std::move(name);
  std::vector<std::size_t> cp = CodePointOffsets(text);
  std::map<std::string, ByteSpans, std::less<>> spans;
  std::vector<std::multimap<std::string, std::string>> events;
  std::size_t start = 0;
  while (start < ann.size()) {
    std::size_t nl = ann.find('\n', start);
    if (nl == std::string_view::npos) nl = ann.size();
    std::string_view line = ann.substr(start, nl - start);
    start = nl + 1;
    std::size_t tab1 = line.find('\t');
    if (tab1 == std::string_view::npos || line.empty()) continue;
    std::string_view id = line.substr(0, tab1);
    std::size_t tab2 = line.find('\t', tab1 + 1);
    std::string_view body = line.substr(
        tab1 + 1, tab2 == std::string_view::npos ? std::string_view::npos : tab2 - tab1 - 1);
    if (id[0] == 'T') {
      std::size_t sp = body.find(' ');
      if (sp == std::string_view::npos) continue;
      ByteSpans frags;
      std::istringstream offs(std::string(body.substr(sp + 1)));
      std::string frag;
      bool ok = true;
      while (std::getline(offs, frag, ';')) {
        std::istringstream fs(frag);
        long long a = -1, b = -1;
        if (!(fs >> a >> b) || a < 0 || b <= a || static_cast<std::size_t>(b) >= cp.size()) {
          ok = false;
          break;
        }
        frags.emplace_back(cp[static_cast<std::size_t>(a)], cp[static_cast<std::size_t>(b)]);
      }
      if (ok) spans.emplace(std::string(id), std::move(frags));
    } else if (id[0] == 'E') {
      std::multimap<std::string, std::string> roles;
      std::istringstream items{std::string(body)};
      std::string item;
      while (items >> item) {
        std::size_t colon = item.find(':');
        if (colon == std::string::npos) continue;
        std::string role = item.substr(0, colon);
        while (!role.empty() && role.back() >= '0' && role.back() <= '9') role.pop_back();
        roles.emplace(role, item.substr(colon + 1));
      }
      events.push_back(std::move(roles));
    }
  }
  for (const auto& roles : events) {
    auto collect = [&](const char* role) {
      ByteSpans out;
      auto [b, e] = roles.equal_range(role);
      for (auto it = b; it != e; ++it) {
        auto s = spans.find(it->second);
        if (s != spans.end()) out.insert(out.end(), s->second.begin(), s->second.end());
      }
      std::sort(out.begin(), out.end());
      return out;
    };
    GoldAttribution g{collect("Source"), collect("Cue"), collect("Content")};
    if (!g.content.empty()) doc.gold.push_back(std::move(g));
  }
  doc.text = std::move(text);
  return doc;
}

Result<std::vector<TrainingDocument>> ReadBratCorpus(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::map<std::string, fs::path> texts;
  for (const auto& e : fs::directory_iterator(folder / "text", ec)) {
    if (e.path().extension() == ".txt") texts.emplace(e.path().stem().string(), e.path());
  }
  if (ec) return Fail(ErrorCode::kNotFound, (folder / "text").string() + ": " + ec.message());
  std::map<std::string, fs::path> anns;  // first annotation per name
  for (const auto& e : fs::directory_iterator(folder / "attributions", ec)) {
    if (e.path().extension() != ".ann") continue;
    std::string stem = e.path().stem().string();
    std::size_t us = stem.rfind('_');
    if (us == std::string::npos) continue;
    std::string name = stem.substr(0, us);
    auto it = anns.find(name);
    if (it == anns.end() || e.path().filename() < it->second.filename()) anns[name] = e.path();
  }
  if (ec)
    return Fail(ErrorCode::kNotFound, (folder / "attributions").string() + ": " + ec.message());
  auto read = [](const fs::path& p) -> Result<std::string> {
    std::ifstream in(p, std::ios::binary);
    if (!in) return Fail(ErrorCode::kNotFound, p.string() + ": cannot open file");
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) return Fail(ErrorCode::kIo, p.string() + ": read error");
    return s.str();
  };
  std::vector<TrainingDocument> docs;
  for (const auto& [name, text_path] : texts) {
    auto a = anns.find(name);
    if (a == anns.end()) continue;
    Result<std::string> text = read(text_path);
    if (!text) return std::unexpected(text.error());
    Result<std::string> ann = read(a->second);
    if (!ann) return std::unexpected(ann.error());
    docs.push_back(ParseBratDocument(name, std::move(*text), *ann));
  }
  if (docs.empty()) {
    return Fail(ErrorCode::kNotFound,
                folder.string() + ": no text/NAME.txt with an attributions/NAME_*.ann");
  }
  return docs;
}

Result<Model> TrainModel(const std::vector<TrainingDocument>& docs, const TrainOptions& options) {
  Model model;
  model.cue_bits = options.cue_bits;
  model.role_bits = options.role_bits;
  model.extension_bits = options.extension_bits;
  model.cue_threshold = options.cue_threshold;
  std::vector<PreparedDoc> prepared;
  if (Status ok = PrepareDocuments(docs, options, prepared, model); !ok)
    return std::unexpected(ok.error());

  model.cue.assign(std::size_t{1} << model.cue_bits, 0.0f);
  model.role.assign((std::size_t{1} << model.role_bits) * kLabels, 0.0f);
  Runtime rt = MakeRuntime(model);
  std::vector<DocContext> contexts;
  contexts.reserve(docs.size());
  for (PreparedDoc& p : prepared) contexts.emplace_back(p.tt, rt.words, rt.phrases);

  std::mt19937_64 rng(options.seed);
  TrainCueModel(prepared, contexts, options, rng, model);
  TrainCueExtension(prepared, contexts, options, rng, model);
  std::vector<RoleExample> role_examples = RoleExamples(docs, prepared, contexts);
  TrainRoleModel(role_examples, contexts, options, rng, model);
  return model;
}

}  // namespace corroborate::extract::attribution
