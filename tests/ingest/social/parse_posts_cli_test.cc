// End to end: `corroborate parse posts FILE...` on the fixtures.
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RunResult RunCli(const std::string& args) {
  // Per-process names: CTest runs test cases in parallel processes.
  std::string dir = testing::TempDir() + "/social_cli_" + std::to_string(getpid());
  std::string out = dir + "_out.txt", err = dir + "_err.txt";
  std::string cmd = std::string("'") + CORROBORATE_BIN + "' " + args + " >'" + out + "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  return r;
}

std::string Data(const std::string& name) {
  return std::string("'") + CORROBORATE_SOURCE_DIR + "/tests/data/social/" + name + "'";
}

std::vector<nlohmann::json> Lines(const std::string& out) {
  std::vector<nlohmann::json> lines;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
  return lines;
}

TEST(ParsePostsCliTest, PrintsOneObjectPerPost) {
  RunResult r = RunCli("parse posts " + Data("mastodon_tag_timeline.json") + " " +
                    Data("bluesky_author_feed.json") +
                    " --source-url https://social.example.net/api/v1/timelines/tag/outage");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<nlohmann::json> posts = Lines(r.out);
  ASSERT_EQ(posts.size(), 11u);  // 6 Mastodon + 5 Bluesky
  const nlohmann::json& first = posts[0];
  EXPECT_EQ(first["kind"], "post");
  EXPECT_EQ(first["guid"], "https://social.example.net/users/alice/statuses/113520000000000001");
  EXPECT_EQ(first["url"], "https://social.example.net/@alice/113520000000000001");
  EXPECT_EQ(first["author"], "Alice Netwatch (@alice@social.example.net)");
  EXPECT_EQ(first["published"], "2024-11-20T16:21:05Z");
  EXPECT_EQ(first["reply_to"], "");
  EXPECT_EQ(posts[4]["reply_to"], "mastodon:social.example.net:113510000000000042");
  EXPECT_EQ(posts[5]["quote_of"], "https://remote.example.org/users/erin/statuses/987654");
  EXPECT_EQ(posts[6]["url"], "https://bsky.app/profile/alice.example.com/post/3lbcq2zrwxk2a");
  EXPECT_EQ(posts[6]["reply_to"],
            "at://did:plc:bob44example4bbbbbbbbbbbb/app.bsky.feed.post/3lbcpzz2yts2b");
  EXPECT_EQ(posts[7]["quote_of"],
            "at://did:plc:carol4example4ccccccccccc/app.bsky.feed.post/3lbcq4hxt7s2d");
  for (const auto& post : posts) {
    for (const char* key : {"kind", "url", "guid", "author", "published", "text", "reply_to", "quote_of"}) {
      EXPECT_TRUE(post.contains(key)) << key;
    }
  }
}

TEST(ParsePostsCliTest, WarnsAboutSkippedPosts) {
  RunResult r = RunCli("parse posts " + Data("mastodon_missing_fields.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).size(), 1u);
  EXPECT_NE(r.err.find("corroborate: warning: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mastodon_missing_fields.json: status 1"), std::string::npos) << r.err;
  RunResult quiet = RunCli("-q parse posts " + Data("mastodon_missing_fields.json"));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
}

TEST(ParsePostsCliTest, BadFilesGiveOneLineEachAndFail) {
  RunResult bad = RunCli("parse posts " + Data("bad_truncated.json"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_NE(bad.err.find("corroborate: error: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("bad_truncated.json: invalid JSON"), std::string::npos) << bad.err;

  // Good files are still printed; each bad one gets one line.
  RunResult mixed = RunCli("parse posts " + Data("bad_truncated.json") + " " + Data("bluesky_thread.json") +
                        " /nonexistent/posts.json");
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_EQ(Lines(mixed.out).size(), 5u);
  EXPECT_NE(mixed.err.find("bad_truncated.json: invalid JSON"), std::string::npos) << mixed.err;
  EXPECT_NE(mixed.err.find("/nonexistent/posts.json: cannot open"), std::string::npos) << mixed.err;
  EXPECT_EQ(std::count(mixed.err.begin(), mixed.err.end(), '\n'), 4) << mixed.err;  // + 2 thread warnings

  std::string feed = testing::TempDir() + "/social_jsonfeed_" + std::to_string(getpid()) + ".json";
  std::ofstream(feed) << R"({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []})";
  RunResult json_feed = RunCli("parse posts '" + feed + "'");
  EXPECT_EQ(json_feed.exit_code, 1);
  EXPECT_NE(json_feed.err.find("a JSON Feed"), std::string::npos) << json_feed.err;

  RunResult usage = RunCli("parse posts");
  EXPECT_EQ(usage.exit_code, 2);  // usage error: required argument missing
}

}  // namespace
