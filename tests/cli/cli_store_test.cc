// End-to-end: runs the built `corroborate` binary in a temporary directory.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

class CliStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_cli_store_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `corroborate ARGS` in the temp dir with CORROBORATE_DB unset unless `env` sets it.
  Outcome Corroborate(const std::string& args, const std::string& env = "") {
    const std::string cmd = "cd '" + dir_.string() + "' && env -u CORROBORATE_DB " + env + " '" +
                            CORROBORATE_BIN + "' " + args + " >out.txt 2>err.txt";
    const int status = std::system(cmd.c_str());
    Outcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Read("out.txt");
    r.err = Read("err.txt");
    return r;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }
  static int Lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
  }

  fs::path dir_;
};

TEST_F(CliStoreTest, SourcesAddListRemove) {
  Outcome add =
      Corroborate("sources add https://example.org/feed.xml --reliability B --title 'Example'");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("added source 1"), std::string::npos);
  Outcome again = Corroborate("sources add https://example.org/feed.xml");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("updated source 1"), std::string::npos);
  ASSERT_EQ(Corroborate("sources add https://social.example/tags/nk --kind mastodon").exit_code, 0);

  Outcome list = Corroborate("sources list --json");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\"reliability\": \"B\""), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\"kind\": \"mastodon\""), std::string::npos);
  EXPECT_NE(list.out.find("\"title\": \"Example\""), std::string::npos);
  Outcome table = Corroborate("sources list");
  EXPECT_NE(table.out.find("https://example.org/feed.xml"), std::string::npos);

  Outcome ftp = Corroborate("sources add ftp://example.org/feed");
  EXPECT_EQ(ftp.exit_code, 2);
  EXPECT_EQ(Lines(ftp.err), 1);
  EXPECT_NE(ftp.err.find("ftp://example.org/feed"), std::string::npos);
  // A URL without a host is refused as a usage error (issue 17).
  for (const char* hostless : {"http://", "https:///feed.xml", "http://:8080/x"}) {
    Outcome none = Corroborate(std::string("sources add '") + hostless + "'");
    EXPECT_EQ(none.exit_code, 2) << hostless;
    EXPECT_EQ(none.err, std::string("corroborate: error: ") + hostless +
                            ": no host in the URL (expected " +
                            (hostless[4] == 's' ? "https" : "http") + "://HOST/...)\n");
  }
  Outcome grade = Corroborate("sources add https://example.org/x --reliability G");
  EXPECT_EQ(grade.exit_code, 2);
  EXPECT_NE(grade.err.find("A..F"), std::string::npos);
  EXPECT_EQ(Corroborate("sources add https://example.org/x --kind podcast").exit_code, 2);

  ASSERT_EQ(Corroborate("sources remove https://example.org/feed.xml").exit_code, 0);
  Outcome gone = Corroborate("sources remove https://example.org/feed.xml");
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("no such source"), std::string::npos);
  list = Corroborate("sources list --json");
  EXPECT_EQ(list.out.find("example.org/feed.xml"), std::string::npos);
}

TEST_F(CliStoreTest, IngestTwiceStoresOnceAndSearchFindsIt) {
  Write("a.txt",
        "North Korea offline\n\nThe country lost its internet for nine hours after "
        "a denial of service attack, officials said.\n");
  Write("b.txt", "\n\n  Routing table notes  \r\nPrefixes were withdrawn at 16:15 UTC.\r\n");
  Outcome first = Corroborate("ingest a.txt b.txt --published 2014-12-22T21:00-05:00");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("stored 2 new documents, 0 already present, 0 duplicates"),
            std::string::npos)
      << first.out;
  Outcome second = Corroborate("ingest a.txt b.txt --published 2014-12-22T21:00-05:00");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("stored 0 new documents, 2 already present"), std::string::npos)
      << second.out;

  // The same text under another file name is a duplicate of the stored one,
  // and is left out of search results.
  fs::copy_file(dir_ / "a.txt", dir_ / "copy.txt");
  Outcome copy = Corroborate("ingest copy.txt");
  EXPECT_NE(copy.out.find("stored 0 new documents, 0 already present, 1 duplicate of stored text"),
            std::string::npos)
      << copy.out;

  Outcome search = Corroborate("search '\"denial of service\"'");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("North Korea offline"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("2014-12-23T02:00:00Z"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("[denial of service]"), std::string::npos) << search.out;
  EXPECT_EQ(Lines(search.out), 2) << search.out;  // one hit: id line + snippet line
  Outcome routing = Corroborate("search withdrawn --json");
  ASSERT_EQ(routing.exit_code, 0) << routing.err;
  EXPECT_NE(routing.out.find("\"title\": \"Routing table notes\""), std::string::npos)
      << routing.out;
  Outcome none = Corroborate("search nosuchwordanywhere");
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.out, "");
  // Not FTS5 syntax: searched as words, one warning line saying so, and
  // one saying nothing matched.
  Outcome bad = Corroborate("search '\"unterminated'");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(Lines(bad.err), 2) << bad.err;
  EXPECT_NE(bad.err.find("(unterminated string); searched for its words: \"\"\"unterminated\""),
            std::string::npos)
      << bad.err;
}

// Issue 17, failures 4 and 9: search queries are bounded (terms, prefix
// expansions, time) with a one-line message each, exit 1, and messages
// quote only the first 80 characters of a query.
TEST_F(CliStoreTest, SearchBoundsAndShortMessages) {
  std::string words = "Network notes\n\n";
  for (int i = 0; i <= 10000; ++i) words += "tw" + std::to_string(i) + " ";
  Write("a.txt", words + "\n");
  ASSERT_EQ(Corroborate("ingest a.txt").exit_code, 0);
  std::string terms = "t*";
  for (int i = 1; i < 100; ++i) terms += " OR t*";
  Write("terms.txt", terms);
  Outcome many = Corroborate("search \"$(cat terms.txt)\"");
  EXPECT_EQ(many.exit_code, 1);
  EXPECT_EQ(Lines(many.err), 1) << many.err;
  EXPECT_NE(many.err.find("100 terms, more than the limit of 32"), std::string::npos) << many.err;
  EXPECT_LT(many.err.size(), 200u) << many.err;

  Outcome prefix = Corroborate("search 'tw*'");
  EXPECT_EQ(prefix.exit_code, 1);
  EXPECT_EQ(Lines(prefix.err), 1) << prefix.err;
  EXPECT_NE(prefix.err.find("more than 10000 indexed words"), std::string::npos) << prefix.err;
  EXPECT_EQ(Corroborate("search 'tw1000*'").exit_code, 0);

  Outcome slow = Corroborate("search 'tw1* OR tw2*' --timeout 0.000001");
  EXPECT_EQ(slow.exit_code, 1);
  EXPECT_EQ(Lines(slow.err), 1) << slow.err;
  EXPECT_NE(slow.err.find("time limit"), std::string::npos) << slow.err;
  EXPECT_EQ(Corroborate("search network --timeout 0").exit_code, 2);

  Write("long.txt", "\"" + std::string(40000, 'x'));
  // Not FTS5 syntax (an unterminated quote): searched as words, with one
  // short warning line saying so.
  Outcome bad = Corroborate("search \"$(cat long.txt)\"");
  EXPECT_EQ(bad.exit_code, 0);
  EXPECT_EQ(Lines(bad.err), 2) << bad.err.substr(0, 300);  // and "no documents match"
  EXPECT_NE(bad.err.find("is not FTS5 syntax (unterminated string); searched for its words"),
            std::string::npos)
      << bad.err.substr(0, 300);
  EXPECT_LT(bad.err.size(), 450u) << bad.err.substr(0, 300);
  EXPECT_NE(bad.err.find(std::string(79, 'x') + "\xE2\x80\xA6"), std::string::npos)
      << bad.err.substr(0, 300);
  Outcome none = Corroborate("search " + std::string(200, 'y'));
  EXPECT_EQ(none.exit_code, 0);
  EXPECT_LT(none.err.size(), 200u) << none.err;
}

// "Today" in a text published at 21:00 US Eastern on 22 December is the 22nd,
// although it was already the 23rd in UTC: the publication offset is stored
// and extraction reads the text in the publisher's zone.
// A query that is not FTS5 syntax finds the words it names, and never
// prints SQLite's error alone (issue 21, item 6).
TEST_F(CliStoreTest, AQueryThatIsNotFts5SyntaxIsSearchedAsWords) {
  Write("n.txt", "The outage hit North-Korea's AS131279 network (see www.example.org).\n");
  ASSERT_EQ(Corroborate("ingest n.txt").exit_code, 0);
  Outcome r = Corroborate("search north-korea");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err,
            "corroborate: warning: search query \"north-korea\" is not FTS5 syntax (no such "
            "column: korea); searched for its words: \"north-korea\"\n");
  EXPECT_NE(r.out.find("[North-Korea]'s"), std::string::npos) << r.out;
  for (const char* q : {"AS131279:", "www.example.org", "'(network'", "'network)'"}) {
    Outcome k = Corroborate(std::string("search ") + q);
    EXPECT_EQ(k.exit_code, 0) << q << ": " << k.err;
    EXPECT_EQ(Lines(k.out), 2) << q << ": " << k.out;
    EXPECT_EQ(Lines(k.err), 1) << q << ": " << k.err;
  }
  EXPECT_EQ(Corroborate("-q search north-korea").err, "");
}

TEST_F(CliStoreTest, TodayIsThePublishersDay) {
  Write("today.txt", "Ruritania's Internet went down today, officials said.\n");
  Outcome ingest = Corroborate("ingest today.txt --published 2014-12-22T21:00-05:00");
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  SQLite::Database db((dir_ / "corroborate.db").string());
  SQLite::Statement doc(db, "SELECT published, published_offset FROM documents");
  ASSERT_TRUE(doc.executeStep());
  EXPECT_EQ(doc.getColumn(0).getInt64(), 1419300000);  // 2014-12-23T02:00:00Z
  EXPECT_EQ(doc.getColumn(1).getInt(), -5 * 3600);
  SQLite::Statement timex(db, "SELECT value, utc_start FROM timexes WHERE text = 'today'");
  ASSERT_TRUE(timex.executeStep());
  EXPECT_EQ(timex.getColumn(0).getString(), "2014-12-22");
  EXPECT_EQ(timex.getColumn(1).getInt64(), 1419224400);  // 2014-12-22T00:00-05:00
}

TEST_F(CliStoreTest, UnknownSourceIsRefusedAndNothingStored) {
  Write("a.txt", "Routes were withdrawn at 16:15 UTC.\n");
  Outcome ingest = Corroborate("ingest a.txt --source https://nope.example/feed.xml");
  EXPECT_NE(ingest.exit_code, 0);
  EXPECT_EQ(Lines(ingest.err), 1) << ingest.err;
  EXPECT_NE(ingest.err.find("--source https://nope.example/feed.xml: not a registered source"),
            std::string::npos)
      << ingest.err;
  Outcome fetch = Corroborate("fetch --source https://nope.example/feed.xml");
  EXPECT_NE(fetch.exit_code, 0);
  EXPECT_NE(fetch.err.find("--source https://nope.example/feed.xml: not a registered source"),
            std::string::npos)
      << fetch.err;
  Outcome search = Corroborate("search withdrawn");
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_EQ(search.out, "");
}

TEST_F(CliStoreTest, BadFilesAreReportedAndOthersStillStored) {
  Write("good.txt", "A good note\nwith text about the outage.\n");
  Write("latin1.txt", std::string("Caf\xe9 au lait\n"));
  Write("feed.xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>");
  Outcome r = Corroborate("ingest good.txt latin1.txt missing.txt feed.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("stored 1 new document,"), std::string::npos) << r.out;
  // One line per bad file, then the summary line.
  EXPECT_EQ(Lines(r.err), 4) << r.err;
  EXPECT_NE(r.err.find("latin1.txt: not valid UTF-8 (first bad byte at offset 3)"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("missing.txt: cannot open: No such file or directory"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("feed.xml: the feed has no entries"), std::string::npos) << r.err;
  Outcome search = Corroborate("search outage");
  EXPECT_NE(search.out.find("A good note"), std::string::npos);
  Outcome cafe = Corroborate("search lait");
  EXPECT_EQ(cafe.out, "");

  Outcome only_missing = Corroborate("ingest missing.txt");
  EXPECT_EQ(only_missing.exit_code, 1);
  Outcome bad_time = Corroborate("ingest good.txt --published yesterday");
  EXPECT_EQ(bad_time.exit_code, 2);
  EXPECT_NE(bad_time.err.find("--published"), std::string::npos);
  Outcome no_zone = Corroborate("ingest good.txt --published 2014-12-22T21:00");
  EXPECT_EQ(no_zone.exit_code, 2);
}

// Files are parsed on several threads (--jobs), but documents get their ids,
// and errors and output lines come, in the order of the command line:
// the same database and output as with one thread.
TEST_F(CliStoreTest, ParallelParsingKeepsTheOrderOfTheFiles) {
  std::string files;
  for (int i = 0; i < 40; ++i) {
    const std::string name = "page" + std::to_string(i) + ".html";
    std::string body =
        "<html><head><title>Page " + std::to_string(i) + "</title></head><body><article>";
    // Uneven sizes, so the threads finish out of order.
    for (int p = 0; p < 1 + (i * 7) % 23; ++p) {
      body += "<p>Paragraph " + std::to_string(p) + " of page " + std::to_string(i) +
              ": the national network was down for " + std::to_string(1 + p % 9) +
              " hours on Monday, officials said, and experts believe it was a denial-of-service "
              "attack.</p>";
    }
    Write(name, body + "</article></body></html>");
    files += name + " ";
    if (i == 17) files += "missing.html ";
  }
  const std::string published = " --published 2014-12-22T21:00-05:00";
  Outcome one = Corroborate("--db one.db -j 1 ingest " + files + published);
  Outcome four = Corroborate("--db four.db -j 4 ingest " + files + published);
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(four.exit_code, 1);
  EXPECT_EQ(four.err, one.err);
  EXPECT_NE(four.err.find("missing.html: cannot open: No such file or directory"),
            std::string::npos)
      << four.err;
  EXPECT_NE(four.out.find("stored 40 new documents"), std::string::npos) << four.out;
  auto titles = [&](const std::string& db) {
    SQLite::Database d((dir_ / db).string());
    SQLite::Statement s(
        d, "SELECT group_concat(title, '|') FROM (SELECT title FROM documents ORDER BY id)");
    return s.executeStep() ? s.getColumn(0).getString() : std::string();
  };
  std::string expected;
  for (int i = 0; i < 40; ++i) expected += (i ? "|Page " : "Page ") + std::to_string(i);
  EXPECT_EQ(titles("one.db"), expected);
  EXPECT_EQ(titles("four.db"), expected);
  // The extractor ran on 4 threads too: the same timexes and claims, row for row.
  auto dump = [&](const std::string& db, const std::string& table) {
    SQLite::Database d((dir_ / db).string());
    SQLite::Statement s(d, "SELECT * FROM " + table + " ORDER BY 1");
    std::string out;
    while (s.executeStep()) {
      for (int c = 0; c < s.getColumnCount(); ++c) out += s.getColumn(c).getString() + "|";
      out += "\n";
    }
    return out;
  };
  for (const std::string table : {"timexes", "claims"}) {
    const std::string rows = dump("one.db", table);
    EXPECT_GE(Lines(rows), 40) << table;
    EXPECT_EQ(dump("four.db", table), rows) << table;
  }

  Outcome parse_one = Corroborate("-j 1 parse article " + files);
  Outcome parse_four = Corroborate("--jobs 4 parse article " + files);
  EXPECT_EQ(parse_four.exit_code, 1);
  EXPECT_EQ(Lines(parse_four.out), 40);
  EXPECT_EQ(parse_four.out, parse_one.out);
  EXPECT_EQ(parse_four.err, parse_one.err);
  EXPECT_LT(parse_four.out.find("page16.html"), parse_four.out.find("page18.html"));
  EXPECT_EQ(Corroborate("-j 0 parse article page0.html").exit_code, 2);  // out of range
}

TEST_F(CliStoreTest, SidecarGivesMetadata) {
  Write("note.txt", "first line is not the title\nbody text about shutdown\n");
  Write("note.txt.json", R"({"title": "Sidecar title", "published": "2014-12-22T16:15:00Z",
                             "kind": "post", "author": "Someone"})");
  // Naming the sidecar too does not ingest it as a document of its own.
  Outcome r = Corroborate("ingest note.txt note.txt.json --published 2000-01-01T00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stored 1 new document,"), std::string::npos) << r.out;
  Outcome search = Corroborate("search shutdown --json");
  EXPECT_NE(search.out.find("\"title\": \"Sidecar title\""), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("\"published\": \"2014-12-22T16:15:00Z\""), std::string::npos)
      << search.out;
  Write("broken.txt", "text\n");
  Write("broken.txt.json", "{not json");
  Outcome broken = Corroborate("ingest broken.txt");
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_NE(broken.err.find("broken.txt.json"), std::string::npos);
}

TEST_F(CliStoreTest, DbFlagAndEnvironmentAreHonoured) {
  Write("a.txt", "Text for the database flag test\n");
  ASSERT_EQ(Corroborate("--db flag.db ingest a.txt").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "flag.db"));
  EXPECT_FALSE(fs::exists(dir_ / "corroborate.db"));
  ASSERT_EQ(Corroborate("ingest a.txt", "CORROBORATE_DB=env.db").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "env.db"));
  EXPECT_FALSE(fs::exists(dir_ / "corroborate.db"));
  // --db wins over the environment.
  Outcome both = Corroborate("--db flag.db ingest a.txt", "CORROBORATE_DB=env.db");
  EXPECT_NE(both.out.find("1 already present"), std::string::npos) << both.out;
  ASSERT_EQ(Corroborate("ingest a.txt").exit_code, 0);
  EXPECT_TRUE(fs::exists(dir_ / "corroborate.db"));

  Write("notadb.db", std::string(4096, 'x'));
  Outcome bad = Corroborate("--db notadb.db search x");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("notadb.db: not a SQLite database"), std::string::npos) << bad.err;
}

}  // namespace
