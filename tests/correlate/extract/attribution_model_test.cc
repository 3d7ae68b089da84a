// The attribution model file (round trip, rejection of damaged files), the
// embedded model and lexicons, and the feature functions' bounds.
#include "correlate/extract/attribution_model.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace corroborate::extract::attribution
