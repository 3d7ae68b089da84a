// `corroborate watch` end to end (issue 21): a small world on 127.0.0.1
// (a feed of teasers, the articles behind them, robots.txt, an IODA
// endpoint and a webhook receiver) and the built binary watching it.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "tests/support/cli_dir.h"
#include "tests/support/http_server.h"
#include "tests/support/smtp_server.h"

namespace corroborate::test {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/measure_fetch/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Article(const std::string& title, const std::string& body) {
  return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1>" +
         body + "</article></body></html>";
}

// The world: two teaser entries whose articles hold the claims, IODA's
// signals and events for North Korea in December 2014, and a webhook.
class World {
 public:
  World() {
    server.Route("/robots.txt", HttpResponse::Text("User-agent: *\nDisallow: /private/\n"));
    server.Route("/feed.xml", HttpResponse::Text(Feed(), "application/rss+xml"));
    server.Route(
        "/news/kp-dark",
        HttpResponse::Text(Article("North Korea drops off the Internet",
                                   "<p>North Korea's Internet went completely offline on Monday, "
                                   "according to a routing "
                                   "monitoring firm that watches global BGP announcements.</p>"
                                   "<p>The outage began at about 16:40 UTC, and all of the "
                                   "country's routes disappeared "
                                   "from the global routing table within minutes.</p>"
                                   "<p>Some analysts speculated that a denial-of-service attack "
                                   "was to blame, but no one has "
                                   "claimed responsibility, and the government did not comment.</p>"
                                   "<p>Engineers said the pattern, which they called zebracrossing "
                                   "telemetry, was unusual.</p>"),
                           "text/html"));
    server.Route("/news/kp-back",
                 HttpResponse::Text(
                     Article("North Korea is back online",
                             "<p>North Korea's Internet access was restored on Tuesday after an "
                             "outage of more than nine hours, monitoring firms said.</p>"
                             "<p>Service returned through the same upstream provider.</p>"),
                     "text/html"));
    server.Route("/v2/signals/raw/country/KP",
                 HttpResponse::Text(ReadData("ioda_signals_kp.json"), "application/json"));
    // One outage event: the one of 22 December 2014.
    nlohmann::json events = nlohmann::json::parse(ReadData("ioda_events_codf_page0.json"));
    events["data"] = nlohmann::json::array({events["data"][0]});
    server.Route("/v2/outages/events", HttpResponse::Text(events.dump(), "application/json"));
    server.Route("/hook", HttpResponse::Text("ok"));
    ::setenv("CORROBORATE_IODA_URL", server.Url("/v2").c_str(), 1);
  }

  std::string Feed() const {
    return R"(<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title><link>)" +
           server.Url("/") + R"(</link><description>d</description>
<item><title>North Korea drops off the Internet</title><link>)" +
           server.Url("/news/kp-dark") + R"(</link><guid>kp-dark</guid>
<pubDate>Mon, 22 Dec 2014 21:00:00 GMT</pubDate><description>North Korea is offline.</description></item>
<item><title>North Korea is back online</title><link>)" +
           server.Url("/news/kp-back") + R"(</link><guid>kp-back</guid>
<pubDate>Tue, 23 Dec 2014 08:00:00 GMT</pubDate><description>It is back.</description></item>
<item><title>Private note</title><link>)" +
           server.Url("/private/note") + R"(</link><guid>note</guid>
<pubDate>Tue, 23 Dec 2014 09:00:00 GMT</pubDate><description>A private teaser.</description></item>
</channel></rss>)";
  }

  std::string Watch(const std::string& extra = "") const {
    return "watch --once --entity country:KP --webhook " + server.Url("/hook") + " " + extra;
  }

  std::vector<nlohmann::json> Alerts() const {
    std::vector<nlohmann::json> out;
    for (const HttpRequest& r : server.RequestsTo("/hook"))
      out.push_back(nlohmann::json::parse(r.body));
    return out;
  }

  HttpServer server;
};

TEST(CmdWatchTest, OneCycleReadsTheArticlesDetectsTheOutageAndAlertsOnce) {
  CliDir dir;
  World world;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);

  CliOutcome first = dir.Run(world.Watch());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::vector<nlohmann::json> alerts = world.Alerts();
  ASSERT_EQ(alerts.size(), 1u) << first.err;
  EXPECT_EQ(alerts[0]["kind"], "new-incident");
  EXPECT_EQ(alerts[0]["entity"], "country:KP");
  EXPECT_TRUE(Has(alerts[0]["summary"].get<std::string>(), "country:KP")) << alerts[0].dump();
  // IODA's event starts at 16:15 UTC (tests/data/measure_fetch/ioda_events_codf_page0.json).
  EXPECT_EQ(alerts[0]["subject"], "incident:country:KP@2014-12-22T16:15:00Z");
  EXPECT_TRUE(Has(first.err, "1 incident (1 re-analysed)")) << first.err;
  // The articles behind the teasers were read and stored with their entries.
  EXPECT_EQ(world.server.RequestsTo("/news/kp-dark").size(), 1u);
  EXPECT_TRUE(world.server.RequestsTo("/private/note").empty());  // robots.txt
  CliOutcome found = dir.Run("search zebracrossing --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_TRUE(Has(found.out, "North Korea drops off the Internet")) << found.out;

  // A second cycle, a new process each time as after a restart: nothing new,
  // no alert, no article read again.
  CliOutcome second = dir.Run(world.Watch());
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(world.Alerts().size(), 1u) << second.err;
  EXPECT_EQ(world.server.RequestsTo("/news/kp-dark").size(), 1u);
  // IODA was asked again and the windows detected afresh (new row ids), yet
  // the incident's claims and windows are the same: it is not re-ranked.
  EXPECT_EQ(world.server.RequestsTo("/v2/signals/raw/country/KP").size(), 2u);
  EXPECT_TRUE(Has(second.err, "1 incident (0 re-analysed)")) << second.err;
}

TEST(CmdWatchTest, MailAndCommandChannelsGetTheSameAlert) {
  CliDir dir;
  World world;
  SmtpServer smtp;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);
  CliOutcome r = dir.Run(
      "watch --once --entity country:KP --smtp " + smtp.Url() +
      " --mail-from watch@example.org --mail-to desk@example.org --exec 'cat > alert.json'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(Has(r.err, "alerts are only recorded")) << r.err;
  const nlohmann::json alert = nlohmann::json::parse(dir.Read("alert.json"), nullptr, false);
  ASSERT_TRUE(alert.is_object()) << dir.Read("alert.json");
  EXPECT_EQ(alert["kind"], "new-incident");
  EXPECT_EQ(alert["entity"], "country:KP");
  const std::vector<SmtpMessage> mail = smtp.Messages();
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_EQ(mail[0].mail_from, "watch@example.org");
  EXPECT_EQ(mail[0].rcpt_to, std::vector<std::string>{"desk@example.org"});
  EXPECT_TRUE(Has(mail[0].data, "X-Corroborate-Alert: new-incident")) << mail[0].data;
  EXPECT_TRUE(Has(mail[0].data, "Subject: [corroborate] New incident: country:KP")) << mail[0].data;
}

TEST(CmdWatchTest, OneWatcherPerDatabase) {
  CliDir dir;
  World world;
  const std::string lock_path = dir.db() + ".watch.lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  CliOutcome r = dir.Run(world.Watch());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r.err, "already watched")) << r.err;
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  ::close(fd);
  EXPECT_EQ(dir.Run(world.Watch()).exit_code, 0);
  CliOutcome bad = dir.Run("watch --once --webhook ftp://hooks.example/x");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_TRUE(Has(bad.err, "--webhook ftp://hooks.example/x")) << bad.err;
  CliOutcome bare = dir.Run("watch --once --no-measurements");
  EXPECT_EQ(bare.exit_code, 0) << bare.err;
  EXPECT_TRUE(Has(bare.err, "alerts are only recorded in the database")) << bare.err;
}

// Starts `corroborate --db test.db ARGS` in the background; returns its pid.
pid_t Spawn(const CliDir& dir, const std::string& args) {
  const std::string cmd = "cd '" + dir.path().string() + "' && exec '" + CORROBORATE_BIN +
                          "' --db test.db " + args + " >bg_out.txt 2>bg_err.txt </dev/null";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

TEST(CmdWatchTest, SigtermEndsTheLoopWithinTwoSeconds) {
  CliDir dir;
  World world;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);
  const pid_t pid = Spawn(
      dir, "watch --interval 3600 --entity country:KP --webhook " + world.server.Url("/hook"));
  // Wait for the first cycle's alert, then stop it while it sleeps.
  for (int i = 0; i < 300 && world.Alerts().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(world.Alerts().size(), 1u) << dir.Read("bg_err.txt");
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took, std::chrono::seconds(2));
  ASSERT_TRUE(WIFEXITED(status)) << dir.Read("bg_err.txt");
  EXPECT_EQ(WEXITSTATUS(status), 0) << dir.Read("bg_err.txt");
}

TEST(CmdWatchTest, SigintMidCycleEndsItWithinTwoSecondsAndTheNextRunFinishesTheWork) {
  CliDir dir;
  World world;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);
  HttpResponse slow = HttpResponse::Text(
      Article("Back", "<p>North Korea is back online, firms said.</p>"), "text/html");
  slow.delay = std::chrono::milliseconds(10000);
  world.server.Route("/news/kp-back", slow);
  const pid_t pid = Spawn(
      dir, "watch --interval 3600 --entity country:KP --webhook " + world.server.Url("/hook"));
  for (int i = 0; i < 200 && world.server.RequestsTo("/news/kp-back").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ASSERT_FALSE(world.server.RequestsTo("/news/kp-back").empty()) << dir.Read("bg_err.txt");
  const auto start = std::chrono::steady_clock::now();
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_TRUE(WIFEXITED(status)) << dir.Read("bg_err.txt");
  EXPECT_TRUE(Has(dir.Read("bg_err.txt"), "stopped during a step")) << dir.Read("bg_err.txt");
  EXPECT_TRUE(world.Alerts().empty());

  world.server.Route("/news/kp-back",
                     HttpResponse::Text(Article("Back", "<p>Back online.</p>"), "text/html"));
  CliOutcome after = dir.Run(world.Watch());
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(world.Alerts().size(), 1u) << after.err;
  SQLite::Database db(dir.db());
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM documents WHERE kind = 'article'").getInt(), 3);
}

TEST(CmdWatchTest, AFailingWebhookIsRecordedAndTheOnceRunExitsOne) {
  CliDir dir;
  World world;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);
  HttpResponse refused = HttpResponse::Text("no", "text/plain", 403);  // not retried
  world.server.Route("/hook", refused);
  CliOutcome r = dir.Run(world.Watch());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Has(r.err, "1 alert failed")) << r.err;
  EXPECT_TRUE(Has(r.err, "403")) << r.err;
  SQLite::Database db(dir.db());
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM alerts").getInt(), 1);
  EXPECT_TRUE(Has(db.execAndGet("SELECT delivery FROM alerts").getString(), "failed")) << r.err;
}

TEST(CmdWatchTest, SigkillMidCycleLosesNothingAndRepeatsNoAlert) {
  CliDir dir;
  World world;
  ASSERT_EQ(dir.Run("sources add " + world.server.Url("/feed.xml")).exit_code, 0);
  // The second article is slow: the watcher is killed while it waits.
  HttpResponse slow = HttpResponse::Text(
      Article("Back", "<p>North Korea is back online, firms said.</p>"), "text/html");
  slow.delay = std::chrono::milliseconds(3000);
  world.server.Route("/news/kp-back", slow);
  const pid_t pid = Spawn(
      dir, "watch --interval 3600 --entity country:KP --webhook " + world.server.Url("/hook"));
  for (int i = 0; i < 200 && world.server.RequestsTo("/news/kp-back").empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  world.server.Route("/news/kp-back",
                     HttpResponse::Text(Article("Back", "<p>Back online.</p>"), "text/html"));

  CliOutcome after = dir.Run(world.Watch());
  ASSERT_EQ(after.exit_code, 0) << after.err;
  CliOutcome again = dir.Run(world.Watch());
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(world.Alerts().size(), 1u);
  SQLite::Database db(dir.db());
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM alerts").getInt(), 1);
  EXPECT_EQ(db.execAndGet("SELECT COUNT(*) FROM documents WHERE kind = 'article'").getInt(), 3);
}

}  // namespace
}  // namespace corroborate::test
