// End-to-end: `corroborate ingest` keeps a batch whole when one item is odd
// or refused, and names what it cannot read (issue 17).
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/cli_dir.h"

namespace corroborate::test {
namespace {

// RSS 2.0, Atom and JSON Feed files whose items have no link, GUID or text,
// beside ordinary ones.
constexpr const char* kRss = R"(<?xml version="1.0"?>
<rss version="2.0"><channel><title>Grid Watch</title><link>https://grid.example/</link>
<item><title>Substation fire</title><link>https://grid.example/1</link>
<description>A substation fire cut power to the data center.</description></item>
<item><title>Only a title</title></item>
<item><description>&lt;img src="https://grid.example/a.png"&gt;</description></item>
<item><enclosure url="https://grid.example/e.mp3" length="1" type="audio/mpeg"/></item>
<item><title>Only a title</title></item>
</channel></rss>)";
constexpr const char* kAtom = R"(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cable Watch</title>
<link href="https://cable.example/"/>
<entry><title>Atom headline alone</title></entry>
<entry><summary type="html">&lt;img src="https://cable.example/b.png"&gt;</summary></entry>
</feed>)";
constexpr const char* kJsonFeed = R"({"version": "https://jsonfeed.org/version/1.1",
"title": "DNS Watch", "items": [{"title": "JSON headline alone"},
{"id": "j2", "content_text": "Resolvers failed in the morning."}]})";

TEST(CmdIngestTest, ItemsWithoutLinkGuidOrTextAreStoredOnce) {
  CliDir dir;
  dir.Write("grid.xml", kRss);
  dir.Write("cable.atom", kAtom);
  dir.Write("dns.json", kJsonFeed);
  CliOutcome first = dir.Run("ingest grid.xml cable.atom dns.json");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_TRUE(Has(first.out, "stored 9 new documents, 0 already present, 0 duplicates"))
      << first.out;
  EXPECT_EQ(first.err, "");
  // Stable identities: the same files again add nothing.
  CliOutcome second = dir.Run("ingest grid.xml cable.atom dns.json");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_TRUE(Has(second.out, "stored 0 new documents, 9 already present")) << second.out;
  for (const char* title :
       {"\"Only a title\"", "\"Atom headline alone\"", "\"JSON headline alone\""}) {
    CliOutcome search = dir.Run(std::string("search '") + title + "' --json");
    ASSERT_EQ(search.exit_code, 0) << search.err;
    EXPECT_TRUE(Has(search.out, title)) << title << ": " << search.out;
  }
  // A feed item's stored bytes are its own HTML, not the whole file.
  SQLite::Database db(dir.db());
  EXPECT_EQ(
      db.execAndGet("SELECT sum(raw_size) FROM documents WHERE title = 'Only a title'").getInt(),
      0);
  EXPECT_EQ(db.execAndGet("SELECT raw_size FROM documents WHERE title = '' AND raw_size > 0 "
                          "ORDER BY id LIMIT 1")
                .getInt(),
            38)  // <img src="https://grid.example/a.png">
      << "the image item's description";
}

// An item with nothing in it is named in a warning; the rest is stored.
TEST(CmdIngestTest, EmptyItemIsAWarningNamingFileAndItem) {
  CliDir dir;
  dir.Write("feed.xml", R"(<rss version="2.0"><channel><title>T</title>
<item><title>Kept</title></item><item></item></channel></rss>)");
  CliOutcome r = dir.Run("ingest feed.xml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document,")) << r.out;
  EXPECT_EQ(r.err,
            "corroborate: warning: feed.xml: item 2: nothing to store (no title, text, image or "
            "enclosure); skipped\n");
}

// A document the database refuses (here through a trigger another program
// added) is an error naming the file and the document; the rest of the
// batch, the other files included, is stored; the exit status is 1, not
// the usage status.
TEST(CmdIngestTest, RefusedDocumentCostsOnlyItself) {
  CliDir dir;
  dir.Write("first.txt", "First note\nThe first note about the outage.\n");
  ASSERT_EQ(dir.Run("ingest first.txt").exit_code, 0);
  {
    SQLite::Database db(dir.db(), SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.title = 'Poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned document'); END");
  }
  dir.Write("grid.xml", kRss);
  dir.Write("poison.xml", R"(<rss version="2.0"><channel><title>P</title>
<item><title>Fine</title><link>https://p.example/1</link><description>Fine text.</description></item>
<item><title>Poison</title><link>https://p.example/2</link><description>Bad text.</description></item>
</channel></rss>)");
  dir.Write("note.txt", "Second note\nA second note about the outage.\n");
  CliOutcome r = dir.Run("ingest grid.xml poison.xml note.txt");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.out,
                  "stored 7 new documents, 0 already present, 0 duplicates of stored text, "
                  "1 not stored"))
      << r.out;
  EXPECT_TRUE(Has(r.err,
                  "corroborate: error: poison.xml: document 2 (https://p.example/2) not "
                  "stored: poisoned document\n"))
      << r.err;
  EXPECT_TRUE(Has(r.err, "corroborate: error: ingest: 1 document not stored\n")) << r.err;
  EXPECT_EQ(Lines(r.err), 2) << r.err;
  SQLite::Database db(dir.db());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM documents").getInt(), 8);
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM documents WHERE title = 'Poison'").getInt(), 0);
  // The extractor ran on what was stored.
  EXPECT_TRUE(Has(r.out, "from 7 documents")) << r.out;
}

// UTF-16 and UTF-32 text is named as such, with the iconv command that
// converts it, and never passes as UTF-8 (ASCII in UTF-16 is valid UTF-8
// with NUL bytes).
TEST(CmdIngestTest, WideTextIsNamedWithTheRightConversion) {
  CliDir dir;
  const std::string text = "Power cut\nThe grid failed.\n";
  auto wide = [&](int width, bool little_endian, bool bom) {
    std::string out;
    auto put = [&](char32_t u) {
      for (int i = 0; i < width; ++i) {
        const int shift = 8 * (little_endian ? i : width - 1 - i);
        out += static_cast<char>((u >> shift) & 0xFF);
      }
    };
    if (bom) put(0xFEFF);
    for (char c : text) put(static_cast<unsigned char>(c));
    return out;
  };
  dir.Write("le.txt", wide(2, true, true));
  dir.Write("be.txt", wide(2, false, false));
  dir.Write("w32.txt", wide(4, true, false));
  dir.Write("w32bom.txt", wide(4, false, true));
  struct Case {
    const char* file;
    const char* message;
  };
  for (const Case& c :
       {Case{"le.txt",
             "le.txt: UTF-16LE text (byte-order mark), not UTF-8; convert it, e.g. with "
             "iconv -f UTF-16 -t UTF-8"},
        Case{"be.txt",
             "be.txt: UTF-16BE text (by its NUL bytes), not UTF-8; convert it, e.g. "
             "with iconv -f UTF-16BE -t UTF-8"},
        Case{"w32.txt",
             "w32.txt: UTF-32LE text (by its NUL bytes), not UTF-8; convert it, e.g. "
             "with iconv -f UTF-32LE -t UTF-8"},
        Case{"w32bom.txt",
             "w32bom.txt: UTF-32BE text (byte-order mark), not UTF-8; convert "
             "it, e.g. with iconv -f UTF-32 -t UTF-8"}}) {
    CliOutcome r = dir.Run(std::string("ingest ") + c.file);
    EXPECT_EQ(r.exit_code, 1) << c.file;
    EXPECT_TRUE(Has(r.err, std::string("corroborate: error: ") + c.message + "\n")) << r.err;
    EXPECT_FALSE(Has(r.err, "LATIN1")) << r.err;
  }
  SQLite::Database db(dir.db());
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM documents").getInt(), 0);
}

}  // namespace
}  // namespace corroborate::test
