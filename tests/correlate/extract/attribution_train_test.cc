// Training the attribution model: BRAT reading (character offsets to bytes),
// the trainer on a small synthetic corpus written here (then the model finds
// the same constructions in new sentences), and the train_attributions
// program's exit codes.
#include "correlate/extract/attribution_train.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "correlate/extract/attributions.h"

namespace corroborate::extract::attribution {
namespace {

namespace fs = std::filesystem;

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// One synthetic article and its BRAT annotation.
struct Article {
  std::string text;
  std::string ann;
  int next_t = 1, next_e = 1;

  // Character offsets of text.substr(b, e - b) as BRAT writes them.
  std::string Span(const char* kind, std::size_t b, std::size_t e) {
    std::string id = "T" + std::to_string(next_t++);
    ann += id + "\t" + kind + " " + std::to_string(CodePoints(text.substr(0, b))) + " " +
           std::to_string(CodePoints(text.substr(0, e))) + "\t" + text.substr(b, e - b) + "\n";
    return id;
  }
  void Relation(std::size_t sb, std::size_t se, std::size_t cb, std::size_t ce, std::size_t tb,
                std::size_t te) {
    std::string s = Span("Source", sb, se), c = Span("Cue", cb, ce), t = Span("Content", tb, te);
    std::string a = Span("Attribution", cb, ce);
    ann += "E" + std::to_string(next_e++) + "\tAttribution:" + a + " Content:" + t + " Cue:" + c +
           " Source:" + s + "\n";
  }
};

const std::vector<std::string> kNames = {"Ana Silva",
                                         "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
                                         "ez",
                                         "Li Wei",
                                         "Olga Petrova",
                                         "Tom Baker",
                                         "Sara Kim",
                                         "Ra\xC3\xBAl Ortiz",
                                         "Maya Cohen"};
const std::vector<std::string> kOrgs = {"NetBlocks", "Acme Research", "Oracle Labs", "Cloudflare"};
const std::vector<std::string> kClauses = {
    "the network was down",      "the cable was cut",     "traffic fell sharply",
    "the servers were restored", "prices would rise",     "the storm caused the damage",
    "the outage lasted an hour", "nobody had been warned"};
const std::vector<std::string> kFiller = {
    "The weather was mild on Monday.", "Shops opened late in the city.",
    "The bridge carries two lanes.", "Trains ran on time all week."};

// Adds one sentence of a kind (0: "NAME said that ...", 1: "“...,” NAME
// told reporters.", 2: "According to ORG, ...", 3: no attribution).
void AddSentence(Article* a, int kind, const std::string& name, const std::string& org,
                 const std::string& clause) {
  std::string& t = a->text;
  if (kind == 0) {
    std::size_t sb = t.size();
    t += name;
    std::size_t cb = t.size() + 1;
    t += " said ";
    std::size_t tb = t.size();
    t += "that " + clause;
    a->Relation(sb, sb + name.size(), cb, cb + 4, tb, t.size());
    t += ".";
  } else if (kind == 1) {
    std::size_t tb = t.size();
    std::string c = clause;
    c[0] = static_cast<char>(c[0] - 'a' + 'A');
    t += "\xE2\x80\x9C" + c + ",\xE2\x80\x9D ";
    std::size_t te = t.size() - 1;
    std::size_t sb = t.size();
    t += name;
    std::size_t cb = t.size() + 1;
    t += " told reporters.";
    a->Relation(sb, sb + name.size(), cb, cb + 4, tb, te);
  } else if (kind == 2) {
    std::size_t cb = t.size();
    t += "According to ";
    std::size_t sb = t.size();
    t += org + ", ";
    std::size_t tb = t.size();
    t += clause;
    a->Relation(sb, sb + org.size(), cb, cb + 12, tb, t.size());
    t += ".";
  } else {
    t += kFiller[clause.size() % kFiller.size()];
  }
}

// Writes `n` articles into dir/text and dir/attributions.
void WriteCorpus(const fs::path& dir, int n) {
  fs::create_directories(dir / "text");
  fs::create_directories(dir / "attributions");
  std::mt19937 rng(11);
  for (int d = 0; d < n; ++d) {
    Article a;
    for (int s = 0; s < 6; ++s) {
      if (s > 0) a.text += (s % 2 == 0) ? "\n\n" : " ";
      AddSentence(&a, static_cast<int>(rng() % 4), kNames[rng() % kNames.size()],
                  kOrgs[rng() % kOrgs.size()], kClauses[rng() % kClauses.size()]);
    }
    a.text += "\n";
    std::string name = "doc" + std::to_string(d);
    std::ofstream(dir / "text" / (name + ".txt"), std::ios::binary) << a.text;
    std::ofstream(dir / "attributions" / (name + "_a1.ann"), std::ios::binary) << a.ann;
  }
  // A second annotator's file for doc0, alphabetically after the first: ignored.
  std::ofstream(dir / "attributions" / "doc0_b2.ann") << "T1\tSource 0 3\txxx\n";
}

class AttributionTrainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("attribution_train_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    WriteCorpus(dir_ / "train", 60);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AttributionTrainTest, BratOffsetsAreCharactersAndBecomeBytes) {
  const std::string text =
      "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
      "ez said it.\n";
  const std::string ann =
      "T1\tSource 0 10\tJos\xC3\xA9 N\xC3\xBA\xC3\xB1"
      "ez\nT2\tCue 11 15\tsaid\nT3\tContent 16 18\tit\n"
      "T4\tAttribution 11 15\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
      "T5\tContent 0 999\tout of range\nE2\tAttribution:T4 Content:T5 Cue:T2\n"
      "E3\tAttribution:T4 Cue:T2 Source:T1\n";
  TrainingDocument doc = ParseBratDocument("x", text, ann);
  ASSERT_EQ(doc.gold.size(), 1u);  // E2's content is outside the text, E3 has none
  const GoldAttribution& g = doc.gold[0];
  ASSERT_EQ(g.source.size(), 1u);
  EXPECT_EQ(text.substr(g.source[0].first, g.source[0].second - g.source[0].first),
            "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
            "ez");
  EXPECT_EQ(text.substr(g.cue[0].first, g.cue[0].second - g.cue[0].first), "said");
  EXPECT_EQ(text.substr(g.content[0].first, g.content[0].second - g.content[0].first), "it");
}

TEST_F(AttributionTrainTest, ReadsTheCorpusAndTheFirstAnnotationOfEachText) {
  auto docs = ReadBratCorpus(dir_ / "train");
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 60u);
  EXPECT_EQ((*docs)[0].name, "doc0");
  std::size_t gold = 0;
  for (const TrainingDocument& d : *docs) {
    for (const GoldAttribution& g : d.gold) {
      ++gold;
      ASSERT_FALSE(g.cue.empty());
      const std::string cue = d.text.substr(g.cue[0].first, g.cue[0].second - g.cue[0].first);
      EXPECT_TRUE(cue == "said" || cue == "told" || cue == "According to") << cue;
    }
  }
  EXPECT_GT(gold, 150u);
  EXPECT_FALSE(ReadBratCorpus(dir_ / "missing"));
}

TEST_F(AttributionTrainTest, TheTrainedModelFindsTheConstructionsInNewText) {
  auto docs = ReadBratCorpus(dir_ / "train");
  ASSERT_TRUE(docs);
  TrainOptions options;
  options.cue_epochs = 4;
  options.role_epochs = 6;
  auto model = TrainModel(*docs, options);
  ASSERT_TRUE(model) << model.error().message;
  EXPECT_NE(std::find_if(model->cue_words.begin(), model->cue_words.end(),
                         [](const auto& w) { return w.first == "said"; }),
            model->cue_words.end());
  EXPECT_NE(std::find(model->cue_phrases.begin(), model->cue_phrases.end(), "according to"),
            model->cue_phrases.end());
  // The file round-trips, and the extractor runs with it.
  auto parsed = Model::Parse(model->Serialize());
  ASSERT_TRUE(parsed);
  LoadedModel loaded(*parsed);
  AttributionOptions ao;
  ao.model = &loaded;
  const std::string text =
      "Pedro Alves said that the bridge was closed.\n\n"
      "\xE2\x80\x9CThe lights went out,\xE2\x80\x9D Nina Berg told reporters.\n\n"
      "According to Kentik, the link was slow. The weather was mild on Monday.\n";
  std::vector<AttributionRelation> found = ExtractAttributions(text, ao);
  ASSERT_EQ(found.size(), 3u);
  auto span = [&](const ByteSpan& b) { return text.substr(b.begin, b.end - b.begin); };
  ASSERT_TRUE(found[0].source && found[0].cue);
  EXPECT_EQ(span(*found[0].source), "Pedro Alves");
  EXPECT_EQ(span(*found[0].cue), "said");
  EXPECT_EQ(span(found[0].content[0]), "that the bridge was closed");
  ASSERT_TRUE(found[1].source && found[1].cue);
  EXPECT_EQ(span(*found[1].source), "Nina Berg");
  EXPECT_EQ(span(found[1].content[0]), "\xE2\x80\x9CThe lights went out,\xE2\x80\x9D");
  EXPECT_EQ(found[1].kind, AttributionKind::kDirect);
  ASSERT_TRUE(found[2].source && found[2].cue);
  EXPECT_EQ(span(*found[2].cue), "According to");
  EXPECT_EQ(span(*found[2].source), "Kentik");
  EXPECT_EQ(span(found[2].content[0]), "the link was slow");
  EXPECT_EQ(found[2].kind, AttributionKind::kAccordingTo);
}

TEST_F(AttributionTrainTest, TrainingIsDeterministic) {
  auto docs = ReadBratCorpus(dir_ / "train");
  ASSERT_TRUE(docs);
  TrainOptions options;
  options.cue_epochs = 2;
  options.role_epochs = 2;
  auto a = TrainModel(*docs, options);
  auto b = TrainModel(*docs, options);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->Serialize(), b->Serialize());
}

TEST_F(AttributionTrainTest, ACorpusWithoutAttributionsIsAnError) {
  std::vector<TrainingDocument> docs(1);
  docs[0].text = "Nothing here.";
  EXPECT_FALSE(TrainModel(docs, TrainOptions{}));
}

int RunCommand(const std::string& cmd) {
  int st = std::system((cmd + " >/dev/null 2>&1").c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

TEST_F(AttributionTrainTest, TheTrainingProgram) {
  const std::string bin = TRAIN_ATTRIBUTIONS_BIN;
  const fs::path out = dir_ / "out.model";
  EXPECT_EQ(RunCommand(bin + " --quiet --cue-epochs 2 --role-epochs 2 " + (dir_ / "train").string() + " " +
                out.string()),
            0);
  auto loaded = LoadAttributionModel(out.string());
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_FALSE((*loaded)->runtime().empty);
  EXPECT_EQ(
      RunCommand(bin + " --quiet " + (dir_ / "missing").string() + " " + (dir_ / "x.model").string()), 1);
  EXPECT_FALSE(fs::exists(dir_ / "x.model"));
  EXPECT_EQ(RunCommand(bin), 2);
  EXPECT_EQ(RunCommand(bin + " --bits 99 a b"), 2);
  EXPECT_EQ(RunCommand(bin + " --no-such-flag a b"), 2);
  EXPECT_FALSE(LoadAttributionModel((dir_ / "train" / "text" / "doc0.txt").string()));
  EXPECT_FALSE(LoadAttributionModel((dir_ / "nothing.model").string()));
}

}  // namespace
}  // namespace corroborate::extract::attribution
