#include <gtest/gtest.h>

#include "ingest/social/posts.h"

namespace corroborate::ingest {
namespace {

TEST(TimelineApiUrlTest, MapsPublicPages) {
  struct Case {
    const char* page;
    const char* api;
  } cases[] = {
      {"https://mastodon.social/tags/outage", "https://mastodon.social/api/v1/timelines/tag/outage?limit=40"},
      {"https://Mastodon.Social/tags/NorthKorea?foo=1#x",
       "https://mastodon.social/api/v1/timelines/tag/NorthKorea?limit=40"},
      {" https://infosec.example/@alice ", "https://infosec.example/api/v1/accounts/lookup?acct=alice"},
      {"https://infosec.example/@alice/with_replies", "https://infosec.example/api/v1/accounts/lookup?acct=alice"},
      {"https://infosec.example/@bob@remote.example", "https://infosec.example/api/v1/accounts/lookup?acct=bob@remote.example"},
      {"https://infosec.example/users/alice", "https://infosec.example/api/v1/accounts/lookup?acct=alice"},
      {"https://infosec.example/@alice/113520000000000001", "https://infosec.example/api/v1/statuses/113520000000000001"},
      {"https://infosec.example/users/alice/statuses/1135", "https://infosec.example/api/v1/statuses/1135"},
      {"http://localhost:3000/tags/x", "http://localhost:3000/api/v1/timelines/tag/x?limit=40"},
      {"https://bsky.app/profile/alice.example.com",
       "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=alice.example.com&limit=50"},
      {"https://bsky.app/profile/did:plc:abc123",
       "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=did%3Aplc%3Aabc123&limit=50"},
      {"https://bsky.app/profile/alice.example.com/post/3lbcq2zrwxk2a",
       "https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?uri="
       "at%3A%2F%2Falice.example.com%2Fapp.bsky.feed.post%2F3lbcq2zrwxk2a"},
      // Already API URLs: unchanged.
      {"https://mastodon.social/api/v1/timelines/tag/outage?limit=20",
       "https://mastodon.social/api/v1/timelines/tag/outage?limit=20"},
      {"https://mastodon.social/api/v2/search?q=outage&type=statuses",
       "https://mastodon.social/api/v2/search?q=outage&type=statuses"},
      {"https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=outage",
       "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=outage"},
  };
  for (const Case& c : cases) {
    auto api = TimelineApiUrl(c.page);
    ASSERT_TRUE(api) << c.page << ": " << api.error().message;
    EXPECT_EQ(*api, c.api) << c.page;
  }
}

TEST(TimelineApiUrlTest, RejectsOtherPages) {
  const char* unsupported[] = {
      "https://mastodon.social/",
      "https://mastodon.social/explore",
      "https://mastodon.social/@",
      "https://mastodon.social/@al ice",
      "https://mastodon.social/tags/",
      "https://bsky.app/",
      "https://bsky.app/profile/alice.example.com/lists/x",
      "https://bsky.app/profile/a%2Fb",
      "https://example.org/news/2024/outage.html",
  };
  for (const char* url : unsupported) {
    auto api = TimelineApiUrl(url);
    ASSERT_FALSE(api) << url << " -> " << *api;
    EXPECT_EQ(api.error().code, ErrorCode::kUnsupported) << url;
    EXPECT_NE(api.error().message.find(url), std::string::npos);
  }
  for (const char* url : {"ftp://mastodon.social/tags/x", "mastodon.social/tags/x", "", "https://"}) {
    auto api = TimelineApiUrl(url);
    ASSERT_FALSE(api) << url;
    EXPECT_EQ(api.error().code, ErrorCode::kInvalidArgument) << url;
  }
}

TEST(AccountStatusesUrlTest, FromLookupAnswer) {
  std::string account = R"({"id": "109000000000000001", "username": "alice", "acct": "alice",
    "display_name": "Alice", "url": "https://infosec.example/@alice"})";
  EXPECT_EQ(AccountStatusesUrl("infosec.example", account).value_or("error"),
            "https://infosec.example/api/v1/accounts/109000000000000001/statuses?limit=40");
  EXPECT_EQ(AccountStatusesUrl("https://Infosec.Example/api/v1/accounts/lookup?acct=alice", account)
                .value_or("error"),
            "https://infosec.example/api/v1/accounts/109000000000000001/statuses?limit=40");
  EXPECT_EQ(AccountStatusesUrl("pleroma.example", R"({"id": "AbC-9_x"})").value_or("error"),
            "https://pleroma.example/api/v1/accounts/AbC-9_x/statuses?limit=40");

  auto not_found = AccountStatusesUrl("infosec.example", R"({"error": "Record not found"})");
  ASSERT_FALSE(not_found);
  EXPECT_EQ(not_found.error().code, ErrorCode::kParse);
  EXPECT_NE(not_found.error().message.find("expected a Mastodon account"), std::string::npos);
  auto injected = AccountStatusesUrl("infosec.example", R"({"id": "1/../../admin"})");
  ASSERT_FALSE(injected);
  auto invalid = AccountStatusesUrl("infosec.example", "{");
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().message.find("invalid JSON"), std::string::npos);
  auto bad_host = AccountStatusesUrl("", R"({"id": "1"})");
  ASSERT_FALSE(bad_host);
  EXPECT_EQ(bad_host.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace corroborate::ingest
