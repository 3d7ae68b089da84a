// End-to-end bounds on hostile input: the built binary runs in a temporary
// directory on entity expansion through attributes, oversized files, bad
// numeric flags and compressed input that cannot be MRT. Each run's peak
// memory is the child's own (wait4's ru_maxrss); a watchdog kills a child
// whose resident set passes 1 GB, so a regression fails the test instead of
// taking the machine's memory.
#include <bzlib.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_server.h"

namespace {

namespace fs = std::filesystem;
using corroborate::test::HttpResponse;
using corroborate::test::HttpServer;

constexpr long kWatchdogKb = 1024 * 1024;  // a child above 1 GB is killed
constexpr long kBoundKb = 300 * 1024;      // what a bounded run may reach

struct Outcome {
  int exit_code = -1;
  bool killed_for_memory = false;
  long max_rss_kb = 0;
  std::string out, err;
};

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void Write(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

long RssKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
  }
  return 0;
}

bool Has(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// An Atom feed with one entry whose categories each reference a 100 KB
// entity from an attribute: `refs` of them.
std::string AttributeBombFeed(int refs) {
  std::string doc =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"" + std::string(100000, 'x') +
      "\">]>\n<feed "
      "xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title>bomb</title>"
      "<id>urn:x:bomb</id><link href=\"https://example.org/bomb\"/>";
  for (int i = 0; i < refs; ++i) doc += "<category term=\"&a;\"/>";
  return doc + "</entry></feed>";
}

std::string GoodFeed(const std::string& tag) {
  return "<?xml version=\"1.0\"?><rss "
         "version=\"2.0\"><channel><title>Grid</title><item><title>Good item " +
         tag + "</title><link>https://example.org/good/" + tag +
         "</link><description>Power to the data center failed on 20 November 2024 in Springfield " +
         tag + ".</description></item></channel></rss>";
}

// gzip of `copies` members, each `member` zero bytes.
std::string GzipZeros(size_t member, int copies) {
  std::string zeros(member, '\0');
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string one(deflateBound(&z, member), '\0');
  z.next_in = reinterpret_cast<Bytef*>(zeros.data());
  z.avail_in = static_cast<uInt>(member);
  z.next_out = reinterpret_cast<Bytef*>(one.data());
  z.avail_out = static_cast<uInt>(one.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  one.resize(z.total_out);
  deflateEnd(&z);
  std::string all;
  for (int i = 0; i < copies; ++i) all += one;
  return all;
}

// bzip2 of `copies` streams, each `member` zero bytes.
std::string Bzip2Zeros(size_t member, int copies) {
  std::string zeros(member, '\0');
  std::string one(member / 100 + 4096, '\0');
  unsigned size = static_cast<unsigned>(one.size());
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(one.data(), &size, zeros.data(), static_cast<unsigned>(member),
                                     9, 0, 0),
            BZ_OK);
  one.resize(size);
  std::string all;
  for (int i = 0; i < copies; ++i) all += one;
  return all;
}

class CliBoundsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_cli_bounds_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `corroborate --db test.db ARGS...` in the temp dir, watching its memory.
  Outcome Corroborate(std::vector<std::string> args) {
    args.insert(args.begin(), {CORROBORATE_BIN, "--db", "test.db"});
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out = (dir_ / "out.txt").string(), err = (dir_ / "err.txt").string();
    pid_t pid = fork();
    if (pid == 0) {
      if (chdir(dir_.c_str()) != 0) _exit(126);
      int in = open("/dev/null", O_RDONLY);
      int o = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int e = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (in < 0 || o < 0 || e < 0) _exit(126);
      dup2(in, 0);
      dup2(o, 1);
      dup2(e, 2);
      execv(argv[0], argv.data());
      _exit(127);
    }
    Outcome r;
    if (pid < 0) return r;
    int status = 0;
    rusage usage{};
    for (;;) {
      pid_t done = wait4(pid, &status, WNOHANG, &usage);
      if (done == pid) break;
      if (!r.killed_for_memory && RssKb(pid) > kWatchdogKb) {
        r.killed_for_memory = true;
        kill(pid, SIGKILL);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.max_rss_kb = usage.ru_maxrss;
    r.out = Read(out);
    r.err = Read(err);
    return r;
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

// Failure 3 of issue 17: a 100 KB entity referenced 40,000 times in
// attribute values took `ingest` to 3.9 GB (and under a 2 GB limit, it
// aborted and lost the good file of the same command).
TEST_F(CliBoundsTest, IngestAttributeEntityExpansionRefusedWithBoundedMemory) {
  Write(dir_ / "bomb.xml", AttributeBombFeed(40000));
  Write(dir_ / "good.xml", GoodFeed("alpha"));
  Outcome r = Corroborate({"ingest", "bomb.xml", "good.xml"});
  ASSERT_FALSE(r.killed_for_memory) << "over 1 GB";
  EXPECT_LT(r.max_rss_kb, kBoundKb);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(
      Has(r.err,
          "corroborate: error: bomb.xml: refused: entity references would add 3.7 GB of text, "
          "over the 8 MB limit for one document"))
      << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document")) << r.out;
  Outcome search = Corroborate({"search", "Springfield"});
  EXPECT_TRUE(Has(search.out, "Good item alpha")) << search.out << search.err;
}

// The same feed as a fetched body: 1 GB before, for a 520 KB body.
TEST_F(CliBoundsTest, FetchAttributeEntityExpansionRefusedWithBoundedMemory) {
  HttpServer server;
  server.Route("/bomb.xml", HttpResponse::Text(AttributeBombFeed(20000), "application/atom+xml"));
  server.Route("/good.xml", HttpResponse::Text(GoodFeed("beta"), "application/rss+xml"));
  for (const char* path : {"/bomb.xml", "/good.xml"}) {
    Outcome add = Corroborate({"sources", "add", server.Url(path)});
    ASSERT_EQ(add.exit_code, 0) << add.err;
  }
  Outcome r = Corroborate({"fetch", "--delay", "0"});
  ASSERT_FALSE(r.killed_for_memory) << "over 1 GB";
  EXPECT_LT(r.max_rss_kb, kBoundKb);
  EXPECT_EQ(r.exit_code, 3) << r.err;  // one of two sources failed
  EXPECT_TRUE(Has(r.err, server.Url("/bomb.xml") +
                             ": refused: entity references would add 1.9 GB of text, over "
                             "the 8 MB limit for one document"))
      << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document")) << r.out;
}

// And as an OPML subscription list: 2 GB before, for 769 KB; nothing added.
TEST_F(CliBoundsTest, ImportOpmlAttributeEntityExpansionRefusedWithBoundedMemory) {
  std::string opml = "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [<!ENTITY a \"" +
                     std::string(100000, 'x') + "\">]>\n<opml version=\"2.0\"><body>";
  for (int i = 0; i < 20000; ++i)
    opml += "<outline text=\"&a;\" xmlUrl=\"https://e.org/" + std::to_string(i) + "\"/>";
  Write(dir_ / "bomb.opml", opml + "</body></opml>");
  Outcome r = Corroborate({"import-opml", "bomb.opml"});
  ASSERT_FALSE(r.killed_for_memory) << "over 1 GB";
  EXPECT_LT(r.max_rss_kb, kBoundKb);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(
      Has(r.err,
          "corroborate: error: bomb.opml: refused: entity references would add 1.9 GB of text, "
          "over the 8 MB limit for one document"))
      << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  // Nothing was stored: the refusal came before the database was created.
  EXPECT_FALSE(fs::exists(dir_ / "test.db"));
}

// libxml2's HTML parser reads no internal subset: an HTML page with the
// same declarations stores its text, and its memory stays bounded.
TEST_F(CliBoundsTest, HtmlPageWithEntityDeclarationsStaysBounded) {
  std::string html =
      "<!DOCTYPE html [<!ENTITY a \"" + std::string(100000, 'x') +
      "\">]>\n<html><head><title>Page</title></head><body><p>Power failed in Springfield on "
      "20 November 2024, the operator said.</p>";
  for (int i = 0; i < 40000; ++i) html += "<a title=\"&a;\" href=\"x\">y</a>";
  Write(dir_ / "page.html", html + "</body></html>");
  Outcome r = Corroborate({"ingest", "page.html"});
  ASSERT_FALSE(r.killed_for_memory) << "over 1 GB";
  EXPECT_LT(r.max_rss_kb, kBoundKb);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 1 new document")) << r.out;
}

// One value repeated into many documents: a 1 MB xml:base inherited by
// every entry's link, a 1 MB canonical URL in every comment's identity,
// and the file's bytes given as raw to each document without markup of its
// own. Before, each of these took `ingest` past several GB.
TEST_F(CliBoundsTest, RepeatedValuesStayBounded) {
  const std::string long_url = "https://example.org/" + std::string(1 << 20, 'a') + "/";
  std::string feed =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"" + long_url + "\"><title>t</title>";
  for (int i = 0; i < 2000; ++i) {
    feed += "<entry><title>Entry " + std::to_string(i) + "</title><id>urn:e:" + std::to_string(i) +
            "</id><link href=\"p" + std::to_string(i) + "\"/></entry>";
  }
  Write(dir_ / "base.xml", feed + "</feed>");
  std::string page =
      "<html><head><title>Outage</title><link rel=\"canonical\" href=\"" + long_url +
      "\"></head><body><div class=\"entry\"><p>Power failed in Springfield on 20 November "
      "2024, and the data center went dark for three hours, the operator said.</p></div>"
      "<div id=\"comments\"><h3>Responses</h3><ol>";
  for (int i = 0; i < 5000; ++i) {
    page += "<li><p>Carol on February 25, 2008 at 3:10 pm</p><p>Comment " + std::to_string(i) +
            ".</p></li>";
  }
  Write(dir_ / "page.html", page + "</ol></div></body></html>");
  Outcome r = Corroborate({"ingest", "base.xml", "page.html"});
  ASSERT_FALSE(r.killed_for_memory) << "over 1 GB";
  EXPECT_LT(r.max_rss_kb, kBoundKb);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "stored 7001 new documents")) << r.out;
}

// Per-document caps (ingest/limits.h), checked before a file is read: a
// 70 MB file of any kind is refused by its size, the good file beside it
// is stored. The big files are sparse, so they take no disk.
TEST_F(CliBoundsTest, OversizedInputsRefusedBeforeParsing) {
  const uintmax_t kSize = uintmax_t{70} << 20;
  struct Case {
    std::string name;
    std::string phrase;
  };
  const Case cases[] = {{"big.html", "one HTML page"},
                        {"big.xml", "one feed"},
                        {"big.json", "one JSON document"},
                        {"big.txt", "one text document"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    fs::remove(dir_ / "test.db");
    std::ofstream(dir_ / c.name).close();
    fs::resize_file(dir_ / c.name, kSize);
    Write(dir_ / "good.xml", GoodFeed("gamma"));
    Outcome r = Corroborate({"ingest", c.name, "good.xml"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(Has(
        r.err, "corroborate: error: " + c.name + ": 70 MB exceeds the 64 MB limit for " + c.phrase))
        << r.err;
    EXPECT_TRUE(Has(r.out, "stored 1 new document")) << r.out;
    EXPECT_LT(r.max_rss_kb, 64 * 1024) << "the file was read";
  }
  const std::string big = (dir_ / "big.html").string();
  struct Command {
    std::vector<std::string> args;
    std::string phrase;
  };
  const Command commands[] = {
      {{"parse", "article", big}, "one HTML page"},
      {{"parse", "feed", big}, "one feed"},
      {{"parse", "posts", big}, "one JSON document"},
      {{"import-opml", big}, "one OPML file"},
      {{"measure", "import", "--format", "ioda", big}, "one JSON document"},
      {{"measure", "import", "--format", "radar", big}, "one JSON document"},
  };
  for (const Command& c : commands) {
    SCOPED_TRACE(c.args[0] + " " + c.args[1]);
    Outcome r = Corroborate(c.args);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(Has(
        r.err, "corroborate: error: " + big + ": 70 MB exceeds the 64 MB limit for " + c.phrase))
        << r.err;
    EXPECT_LT(r.max_rss_kb, 64 * 1024) << "the file was read";
  }
}

// Failure 8 of issue 17: `fetch --max-body -5` (and a 20-digit value) was
// accepted and removed the body cap. Every numeric flag is now read
// strictly: a usage error (exit 2) naming the flag, and nothing runs.
TEST_F(CliBoundsTest, NumericFlagsAreStrict) {
  HttpServer server;
  server.Route("/feed.xml", HttpResponse::Text(GoodFeed("delta"), "application/rss+xml"));
  Outcome add = Corroborate({"sources", "add", server.Url("/feed.xml")});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const std::vector<std::vector<std::string>> bad = {
      {"fetch", "--max-body", "-5"},
      {"fetch", "--max-body", "99999999999999999999"},
      {"fetch", "--max-body", "0x100000"},
      {"fetch", "--max-body", "100000000000"},
      {"fetch", "--max-body", "0"},
      {"fetch", "--max-body", "12abc"},
      {"fetch", "--timeout", "-1"},
      {"fetch", "--timeout", "nan"},
      {"fetch", "--timeout", "1e999"},
      {"fetch", "--per-host", "-1"},
      {"fetch", "--per-host", "4294967297"},
      {"fetch", "--delay", "-1"},
      {"fetch", "--delay", "99999999999999999999"},
      {"-j", "-5", "fetch"},
      {"-j", "0x10", "fetch"},
      {"-j", "18446744073709551617", "fetch"},
      {"search", "x", "--limit", "-1"},
      {"search", "x", "--limit", "010x"},
      {"search", "x", "--limit", "99999999999999999999"},
      {"search", "x", "--timeout", "-1"},
      {"search", "x", "--timeout", "inf"},
      {"sources", "add", "https://example.org/a", "--interval", "-60"},
      {"sources", "add", "https://example.org/b", "--interval", "99999999999999999999"},
      {"sources", "add", "https://example.org/c", "--interval", "3600.5"},
      {"rank", "--incident", "-3"},
      {"rank", "--incident", "99999999999999999999"},
      {"measure", "import", "--step", "0x3c", "x.csv"},
      {"measure", "import", "--step", "-300", "x.csv"},
  };
  for (const std::vector<std::string>& args : bad) {
    std::string flag;
    for (const std::string& a : args) {
      if (a.starts_with("-") && !std::isdigit(static_cast<unsigned char>(a[1]))) flag = a;
    }
    SCOPED_TRACE(flag + " " + args[args.size() - 1]);
    Outcome r = Corroborate(args);
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_TRUE(Has(r.err, flag == "-j" ? "--jobs" : flag)) << r.err;
    EXPECT_EQ(r.out, "");
  }
  EXPECT_TRUE(server.RequestsTo("/feed.xml").empty()) << "a fetch ran";
  Outcome list = Corroborate({"sources", "list", "--json"});
  EXPECT_FALSE(Has(list.out, "example.org")) << list.out;

  // Values in range still work.
  Outcome ok = Corroborate({"-j", "2", "fetch", "--max-body", "1048576", "--timeout", "2.5",
                            "--per-host", "1", "--delay", "0"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(server.RequestsTo("/feed.xml").size(), 1u);
  EXPECT_EQ(Corroborate({"search", "Springfield", "--limit", "5"}).exit_code, 0);
}

// From failure 9 of issue 17: 2 GiB of zeros, gzip-compressed, given as MRT
// was streamed for 7.6 s to a truncation error. Compressed input is refused
// by its first decoded header; bzip2 alike.
TEST_F(CliBoundsTest, CompressedInputThatIsNotMrtRefusedByItsFirstHeader) {
  Write(dir_ / "zeros.gz", GzipZeros(size_t{64} << 20, 32));
  Write(dir_ / "zeros.bz2", Bzip2Zeros(size_t{64} << 20, 32));
  for (const char* name : {"zeros.gz", "zeros.bz2"}) {
    SCOPED_TRACE(name);
    const std::string kind = std::string(name).ends_with(".gz") ? "gzip" : "bzip2";
    const std::string why =
        std::string(name) + ": not MRT: the " + kind +
        " data decodes to a first record header whose timestamp 0 is before 1990";
    Outcome imported = Corroborate({"measure", "import", "--target", "asn:64500", name});
    EXPECT_EQ(imported.exit_code, 1) << imported.err;
    EXPECT_TRUE(Has(imported.err, why)) << imported.err;
    Outcome parsed = Corroborate({"parse", "mrt", name});
    EXPECT_EQ(parsed.exit_code, 1) << parsed.err;
    EXPECT_TRUE(Has(parsed.err, why)) << parsed.err;
    EXPECT_EQ(parsed.out, "");
  }
}

}  // namespace
