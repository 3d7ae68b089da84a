// The attribution model file (round trip, rejection of damaged files), the
// embedded model and lexicons, and the feature functions' bounds.
#include "correlate/extract/attribution_model.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace corroborate::extract::attribution {
namespace {

Model SmallModel() {
  Model m;
  m.cue_bits = m.role_bits = m.extension_bits = 8;
  m.cue.assign(1u << 8, 0.0f);
  m.role.assign((1u << 8) * kLabels, 0.0f);
  m.extension.assign(1u << 8, 0.0f);
  m.cue[3] = 1.5f;
  m.cue[200] = -0.25f;
  m.role[7 * kLabels + 2] = 4.0f;
  m.extension[9] = -2.0f;
  m.transitions[1] = 0.5f;
  m.cue_threshold = 0.125f;
  m.cue_words = {{"said", 8}, {"according", 5}};
  m.cue_phrases = {"according to", "said in a statement"};
  return m;
}

TEST(AttributionModelTest, SerializeParseRoundTrip) {
  const Model m = SmallModel();
  Result<Model> back = Model::Parse(m.Serialize());
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->cue_bits, 8u);
  EXPECT_EQ(back->cue_words, m.cue_words);
  EXPECT_EQ(back->cue_phrases, m.cue_phrases);
  EXPECT_FLOAT_EQ(back->cue_threshold, 0.125f);
  EXPECT_FLOAT_EQ(back->transitions[1], 0.5f);
  // Weights are stored in 16 bits relative to the table's largest.
  EXPECT_NEAR(back->cue[3], 1.5f, 1e-4);
  EXPECT_NEAR(back->cue[200], -0.25f, 1e-4);
  EXPECT_NEAR(back->role[7 * kLabels + 2], 4.0f, 1e-3);
  EXPECT_NEAR(back->extension[9], -2.0f, 1e-3);
  EXPECT_EQ(back->cue[4], 0.0f);
}

TEST(AttributionModelTest, DamagedFilesAreRejected) {
  const std::string bytes = SmallModel().Serialize();
  EXPECT_FALSE(Model::Parse(""));
  EXPECT_FALSE(Model::Parse("not a model"));
  for (std::size_t cut : {std::size_t{8}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(Model::Parse(bytes.substr(0, cut))) << "cut at " << cut;
  }
  EXPECT_FALSE(Model::Parse(bytes + "x"));
  std::string bad_bits = bytes;
  bad_bits[8] = 40;  // cue_bits 40
  Result<Model> r = Model::Parse(bad_bits);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("attribution model"), std::string::npos);
}

TEST(AttributionModelTest, EmbeddedModelAndLexiconsLoad) {
  EXPECT_EQ(EmbeddedModelProblem(), "");
  EXPECT_FALSE(EmbeddedLoadedModel().runtime().empty);
  const auto& words = LexiconCueWords();
  for (const char* w : {"said", "tweeted", "according", "statement", "denied"}) {
    EXPECT_NE(std::find(words.begin(), words.end(), w), words.end()) << w;
  }
}

TEST(AttributionModelTest, FeatureFunctionsStayWithinTheirCapacity) {
  TokenizedText tt = Tokenize(
      "\xE2\x80\x9CIt was not an attack,\xE2\x80\x9D she said, according to a statement: "
      "\"service is back\" -- officials told reporters.\n\nPENCE: We will see.");
  const Runtime& rt = EmbeddedLoadedModel().runtime();
  DocContext dc(tt, rt.words, rt.phrases);
  std::vector<CueSpan> cues = FindCues(rt, dc);
  ASSERT_FALSE(cues.empty());
  dc.SetCues(cues);
  for (std::size_t i = 0; i < dc.size(); ++i) {
    if (!dc.IsCandidate(i)) continue;
    Features f;
    dc.CueFeatures(i, &f);
    EXPECT_GT(f.n, 20);
    EXPECT_LE(f.n, Features::kMax);
  }
  for (const CueSpan& c : cues) {
    const TokenRange w = dc.RoleWindow(c);
    const TokenRange m = dc.ModelWindow(c);
    EXPECT_LE(w.begin, m.begin);
    EXPECT_GE(w.end, m.end);
    EXPECT_LE(m.begin, c.begin);
    EXPECT_GE(m.end, c.end);
    for (std::uint32_t i = m.begin; i < m.end; ++i) {
      if (i >= c.begin && i < c.end) continue;
      Features f;
      dc.RoleFeatures(c, i, &f);
      EXPECT_LE(f.n, Features::kMax);
    }
    if (c.begin > 0) {
      Features f;
      dc.ExtensionFeatures(c, c.begin - 1, &f);
      EXPECT_LE(f.n, Features::kMax);
    }
  }
}

TEST(AttributionModelTest, ExtendLabelsCarriesContentToTheWindowsEnd) {
  // Window = the whole sentence; the model part ends inside the content.
  TokenizedText tt = Tokenize("He said the network had been down since early on Monday morning.");
  const Runtime& rt = EmbeddedLoadedModel().runtime();
  DocContext dc(tt, rt.words, rt.phrases);
  const CueSpan cue{1, 2, 1};
  dc.SetCues({cue});
  const TokenRange window{0, static_cast<std::uint32_t>(tt.tokens.size())};
  const TokenRange model{0, 6};
  std::vector<Label> labels = {kSource, kOutside, kContent, kContent, kContent, kContent};
  dc.ExtendLabels(cue, window, model, &labels);
  ASSERT_EQ(labels.size(), tt.tokens.size());
  EXPECT_EQ(labels[0], kSource);
  for (std::size_t k = 2; k < labels.size(); ++k) EXPECT_EQ(labels[k], kContent) << k;
}

// The word table keeps every key through its growth, tells absent keys
// apart from present ones, and merges fields.
TEST(AttributionModelTest, WordTableFindsWhatWasMerged) {
  WordTable t;
  EXPECT_EQ(t.Find(HashString("said")), 0u);
  for (int k = 0; k < 5000; ++k) {
    t.Merge(HashString("w" + std::to_string(k)),
            WordTable::Pack(1u + static_cast<std::uint32_t>(k % 30), 0, k % 2 == 0));
  }
  t.Merge(0, WordTable::Pack(3, 0, false));  // a key whose high bits are zero still counts
  t.Merge(std::uint64_t{1} << 63, WordTable::Pack(4, 0, false));
  for (int k = 0; k < 5000; ++k) {
    const std::uint32_t v = t.Find(HashString("w" + std::to_string(k)));
    EXPECT_EQ(WordTable::Class(v), 1u + static_cast<std::uint32_t>(k % 30)) << k;
    EXPECT_EQ(WordTable::Lexicon(v), k % 2 == 0) << k;
  }
  for (int k = 0; k < 5000; ++k) EXPECT_EQ(t.Find(HashString("x" + std::to_string(k))), 0u) << k;
  EXPECT_EQ(WordTable::Class(t.Find(0)), 3u);
  EXPECT_EQ(WordTable::Class(t.Find(std::uint64_t{1} << 63)), 4u);
  const std::uint64_t said = HashString("said");
  t.Merge(said, WordTable::Pack(0, 7, false));
  t.Merge(said, WordTable::Pack(0, 0, true) | WordTable::kPhraseStart);
  const std::uint32_t v = t.Find(said);
  EXPECT_EQ(WordTable::Rate(v), 7u);
  EXPECT_TRUE(WordTable::Lexicon(v));
  EXPECT_TRUE(v & WordTable::kPhraseStart);
}

// The run-time role table holds source and content less outside, quantised:
// decoding with it gives the labels the float weights give.
TEST(AttributionModelTest, QuantisedRolesDecodeAsTheFloatWeights) {
  Model m;
  m.cue_bits = m.role_bits = m.extension_bits = 10;
  m.cue.assign(1u << 10, 0.0f);
  m.extension.assign(1u << 10, 0.0f);
  m.role.assign((1u << 10) * kLabels, 0.0f);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> weight(-2.0f, 2.0f);
  for (float& w : m.role) w = weight(rng);
  for (float& t : m.transitions) t = weight(rng);
  const Runtime rt = MakeRuntime(m);
  std::vector<Features> feats(40);
  std::vector<std::uint8_t> forced(40, 0);
  forced[17] = forced[18] = 1;
  int differ = 0;
  for (int trial = 0; trial < 50; ++trial) {
    for (Features& f : feats) {
      f.n = 0;
      for (int k = 0; k < 12; ++k) f.Add((static_cast<std::uint64_t>(rng()) << 32) | rng());
    }
    std::vector<Label> a, b;
    DecodeRoles(rt, feats, forced, &a);
    DecodeRoles(m.role, m.role_bits, m.transitions, feats, forced, &b);
    ASSERT_EQ(a.size(), feats.size());
    EXPECT_EQ(a[17], kOutside);
    for (std::size_t i = 0; i < a.size(); ++i) differ += a[i] != b[i];
  }
  // Quantisation to 8 bits may flip a near tie now and then, no more.
  EXPECT_LE(differ, 50 * 40 / 100);
}

}  // namespace
}  // namespace corroborate::extract::attribution
