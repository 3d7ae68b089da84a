#include "ingest/social/posts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/time.h"
#include "ingest/limits.h"

namespace corroborate::ingest {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/social/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Time(const Document& doc) {
  return doc.published ? FormatRfc3339(*doc.published) : "none";
}

constexpr char kTagApi[] = "https://social.example.net/api/v1/timelines/tag/outage?limit=40";
constexpr char kAliceS1[] = "https://social.example.net/users/alice/statuses/113520000000000001";
constexpr char kErin[] = "https://remote.example.org/users/erin/statuses/987654";

TEST(ParseMastodonTest, HashtagTimeline) {
  std::vector<std::string> warnings;
  auto docs = ParseMastodon(Fixture("mastodon_tag_timeline.json"), kTagApi, &warnings);
  ASSERT_TRUE(docs) << docs.error().message;
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(docs->size(), 6u);

  // A reblog by frank: the original status, by its author.
  const Document& s1 = (*docs)[0];
  EXPECT_EQ(s1.kind, DocumentKind::kPost);
  EXPECT_EQ(s1.guid, kAliceS1);
  EXPECT_EQ(s1.url, "https://social.example.net/@alice/113520000000000001");
  EXPECT_EQ(s1.canonical_url, "https://social.example.net/@alice/113520000000000001");
  EXPECT_EQ(s1.author, "Alice Netwatch (@alice@social.example.net)");
  EXPECT_EQ(Time(s1), "2024-11-20T16:21:05Z");
  EXPECT_EQ(s1.published_precision, Granularity::kSecond);
  EXPECT_EQ(s1.language, "en");
  EXPECT_EQ(s1.text,
            "BGP data shows all four prefixes of AS131279 withdrawn at 16:15 UTC \xE2\x80\x94 the whole "
            "country is offline. Details: https://example.org/reports/nk-outage-2024?ref=masto\n"
            "AT&T & Level3 routes unaffected, it's only AS131279.\n"
            "Graphs soon.\n"
            "#outage #BGP");
  EXPECT_EQ(s1.parent_url, "");
  EXPECT_EQ(s1.quote_of, "");
  EXPECT_EQ(s1.raw_type, "application/json");
  EXPECT_NE(s1.raw.find("\"id\":\"113520000000000001\""), std::string::npos);
  EXPECT_EQ(s1.raw.find("frank"), std::string::npos);  // the wrapper is not the post
  EXPECT_EQ(s1.content_hash.size(), 32u);

  // Content warning first, then the text; no display name.
  const Document& cw = (*docs)[1];
  EXPECT_EQ(cw.author, "@carol@social.example.net");
  EXPECT_EQ(cw.text, "Outage speculation\nHearing it was a DDoS by a hacktivist group, unconfirmed. #outage");

  // A reblogged remote status keeps its remote identity and author.
  const Document& erin = (*docs)[2];
  EXPECT_EQ(erin.guid, kErin);
  EXPECT_EQ(erin.url, "https://remote.example.org/@erin/987654");
  EXPECT_EQ(erin.author, "Erin :verified: (@erin@remote.example.org)");
  EXPECT_EQ(erin.language, "de");
  EXPECT_EQ(Time(erin), "2024-11-20T16:30:44Z");

  // Reply to a status in the batch: its uri. Reply to one outside: the reference form.
  EXPECT_EQ((*docs)[3].parent_url, kAliceS1);
  EXPECT_EQ((*docs)[3].text, "@alice Confirmed from our probes too, 0 of 12 responding.");
  EXPECT_EQ((*docs)[4].parent_url, "mastodon:social.example.net:113510000000000042");

  // Quote post (Mastodon 4.4): quote_of is the quoted uri; the RE: fallback line is dropped.
  const Document& quote = (*docs)[5];
  EXPECT_EQ(quote.quote_of, kErin);
  EXPECT_EQ(quote.text, "Independent confirmation from Germany.");
  EXPECT_EQ(quote.parent_url, "");
}

TEST(ParseMastodonTest, SingleStatusSearchResultAndContext) {
  std::string status = R"({"id": "7", "uri": "https://m.example/users/a/statuses/7",
    "url": "https://m.example/@a/7", "created_at": "2024-01-02T03:04:05.678+02:00",
    "in_reply_to_id": "6", "content": "<p>hi</p>", "spoiler_text": "cw",
    "account": {"acct": "a", "display_name": "A", "url": "https://m.example/@a"}})";
  auto one = ParseMastodon(status, "");
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(Time((*one)[0]), "2024-01-02T01:04:05Z");
  EXPECT_EQ((*one)[0].text, "cw\nhi");
  // No source URL: the host of the status's own uri.
  EXPECT_EQ((*one)[0].parent_url, "mastodon:m.example:6");

  auto search = ParseMastodon(R"({"accounts": [], "hashtags": [], "statuses": [)" + status + "]}",
                              "https://other.example/api/v2/search?q=x");
  ASSERT_TRUE(search) << search.error().message;
  ASSERT_EQ(search->size(), 1u);
  EXPECT_EQ((*search)[0].parent_url, "mastodon:other.example:6");

  auto context = ParseMastodon(R"({"ancestors": [)" + status + R"(], "descendants": []})", "");
  ASSERT_TRUE(context);
  EXPECT_EQ(context->size(), 1u);

  auto empty = ParseMastodon("[]", "");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(ParseMastodonTest, ReblogOfAListedStatusIsRecordedOnce) {
  std::string original = R"({"id": "1", "uri": "https://m.example/users/a/statuses/1",
    "created_at": "2024-01-02T03:04:05Z", "content": "<p>x</p>", "account": {"acct": "a"}})";
  std::string reblog = R"({"id": "2", "uri": "https://m.example/users/b/statuses/2/activity",
    "created_at": "2024-01-02T04:00:00Z", "content": "", "account": {"acct": "b"}, "reblog": )" +
                       original + "}";
  auto docs = ParseMastodon("[" + reblog + "," + original + "," + reblog + "]", "");
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].author, "@a@m.example");  // no account url: host of the uri
  EXPECT_EQ((*docs)[0].url, "https://m.example/users/a/statuses/1");  // url missing: uri
}

TEST(ParseMastodonTest, ShallowAndForkQuotes) {
  auto shallow = ParseMastodon(R"({"id": "9", "uri": "https://m.example/users/a/statuses/9",
    "created_at": "2024-01-02T03:04:05Z", "content": "", "account": {"acct": "a"},
    "quote": {"state": "accepted", "quoted_status_id": "5"}})", "https://m.example/api/v1/statuses/9");
  ASSERT_TRUE(shallow);
  EXPECT_EQ((*shallow)[0].quote_of, "mastodon:m.example:5");
  auto fork = ParseMastodon(R"({"id": "9", "uri": "https://m.example/users/a/statuses/9",
    "created_at": "2024-01-02T03:04:05Z", "content": "", "account": {"acct": "a"},
    "quote": {"id": "5", "uri": "https://n.example/notes/q5", "account": {"acct": "q"}}})", "");
  ASSERT_TRUE(fork);
  EXPECT_EQ((*fork)[0].quote_of, "https://n.example/notes/q5");
}

TEST(ParseMastodonTest, MissingFieldsAreSkippedWithWarnings) {
  std::vector<std::string> warnings;
  auto docs = ParseMastodon(Fixture("mastodon_missing_fields.json"), "", &warnings);
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].text, "Only complete status here.");
  ASSERT_EQ(warnings.size(), 5u);
  EXPECT_NE(warnings[0].find("created_at"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("statuses/201"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("account"), std::string::npos) << warnings[1];
  EXPECT_NE(warnings[2].find("created_at"), std::string::npos) << warnings[2];
  EXPECT_NE(warnings[3].find("without uri"), std::string::npos) << warnings[3];
  EXPECT_NE(warnings[4].find("status 5: a number"), std::string::npos) << warnings[4];
  // Without a warnings list the batch still parses.
  EXPECT_EQ(ParseMastodon(Fixture("mastodon_missing_fields.json"), "")->size(), 1u);
}

TEST(ParseMastodonTest, WrongShapeInvalidJsonAndLimits) {
  auto truncated = ParseMastodon("[{\"uri\": \"x\",\n \"content\": ", "");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kParse);
  EXPECT_NE(truncated.error().message.find("invalid JSON"), std::string::npos);
  EXPECT_NE(truncated.error().message.find("line 2"), std::string::npos) << truncated.error().message;
  EXPECT_EQ(truncated.error().message.find('\n'), std::string::npos);

  auto feed = ParseMastodon(R"({"version": "https://jsonfeed.org/version/1.1", "items": []})", "");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code, ErrorCode::kParse);
  EXPECT_NE(feed.error().message.find("expected a Mastodon status"), std::string::npos);
  EXPECT_NE(feed.error().message.find("items, version"), std::string::npos) << feed.error().message;
  auto number = ParseMastodon("42", "");
  ASSERT_FALSE(number);
  EXPECT_NE(number.error().message.find("got a JSON number"), std::string::npos);

  std::string deep(100000, '[');
  auto nested = ParseMastodon(deep, "");
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("nested deeper"), std::string::npos);
  // Brackets inside strings do not count.
  std::string in_string = "[\"" + std::string(1000, '[') + "\\\"\"]";
  EXPECT_TRUE(ParseMastodon(in_string, ""));

  std::string huge(kMaxJsonBytes + 1, ' ');
  auto big = ParseMastodon(huge, "");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(big.error().message, "67108865 bytes exceeds the 64 MB limit for one JSON document");
}

TEST(ParseMastodonTest, InvalidUtf8IsReplaced) {
  std::string status = "{\"uri\": \"https://m.example/users/a/statuses/1\", \"created_at\": "
                       "\"2024-01-02T03:04:05Z\", \"content\": \"<p>bad \xFF\xFE byte</p>\", "
                       "\"account\": {\"acct\": \"a\", \"display_name\": \"\xC3\"}}";
  auto docs = ParseMastodon(status, "");
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].text, "bad \xEF\xBF\xBD\xEF\xBF\xBD byte");
  EXPECT_EQ((*docs)[0].author, "\xEF\xBF\xBD (@a@m.example)");
  EXPECT_NE((*docs)[0].raw.find("\xEF\xBF\xBD"), std::string::npos);
  // A lone surrogate escape is not valid JSON text: one clear error.
  auto surrogate = ParseMastodon(R"([{"content": "\ud800"}])", "");
  ASSERT_FALSE(surrogate);
  EXPECT_EQ(surrogate.error().code, ErrorCode::kParse);
  EXPECT_NE(surrogate.error().message.find("surrogate"), std::string::npos) << surrogate.error().message;
}

constexpr char kAlice[] = "at://did:plc:alice4example4aaaaaaaaaaa/app.bsky.feed.post/";
constexpr char kBobRoot[] = "at://did:plc:bob44example4bbbbbbbbbbbb/app.bsky.feed.post/3lbcpzz2yts2b";
constexpr char kCarol[] = "at://did:plc:carol4example4ccccccccccc/app.bsky.feed.post/3lbcq4hxt7s2d";

TEST(ParseBlueskyTest, AuthorFeed) {
  std::vector<std::string> warnings;
  auto docs = ParseBluesky(Fixture("bluesky_author_feed.json"), &warnings);
  ASSERT_TRUE(docs) << docs.error().message;
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(docs->size(), 5u);  // the second repost of carol's post is not recorded again

  const Document& reply = (*docs)[0];
  EXPECT_EQ(reply.kind, DocumentKind::kPost);
  EXPECT_EQ(reply.guid, std::string(kAlice) + "3lbcq2zrwxk2a");
  EXPECT_EQ(reply.url, "https://bsky.app/profile/alice.example.com/post/3lbcq2zrwxk2a");
  EXPECT_EQ(reply.author, "Alice Netwatch (@alice.example.com)");
  EXPECT_EQ(Time(reply), "2024-11-20T16:31:07Z");
  EXPECT_EQ(reply.language, "en");
  EXPECT_EQ(reply.text, "Yes, RIPE Atlas probes agree: nothing answers since 16:15 UTC.");
  EXPECT_EQ(reply.parent_url, kBobRoot);
  EXPECT_EQ(reply.quote_of, "");
  EXPECT_EQ(reply.raw_type, "application/json");
  EXPECT_NE(reply.raw.find("3lbcq2zrwxk2a"), std::string::npos);

  const Document& quote = (*docs)[1];
  EXPECT_EQ(quote.quote_of, kCarol);
  EXPECT_EQ(quote.parent_url, "");

  // A repost: the original post, by its author.
  const Document& repost = (*docs)[2];
  EXPECT_EQ(repost.guid, kCarol);
  EXPECT_EQ(repost.author, "Carol (@carol.example.org)");
  EXPECT_EQ(repost.url, "https://bsky.app/profile/carol.example.org/post/3lbcq4hxt7s2d");

  // recordWithMedia quote, first of several languages, shortened link expanded, offset time.
  const Document& media = (*docs)[3];
  EXPECT_EQ(media.quote_of, kBobRoot);
  EXPECT_EQ(media.language, "de");
  EXPECT_EQ(media.text,
            "Routing-Grafik: \xC3\xBC" "ber https://example.org/reports/nk-outage-2024/routing-details #outage");
  EXPECT_EQ(Time(media), "2024-11-20T16:02:00Z");

  // An invalid handle: the profile URL uses the DID.
  const Document& invalid = (*docs)[4];
  EXPECT_EQ(invalid.url,
            "https://bsky.app/profile/did:plc:dave4example44dddddddddddd/post/3lbcqm5ffes2f");
  EXPECT_EQ(invalid.author, "@did:plc:dave4example44dddddddddddd");
  EXPECT_EQ(invalid.language, "");
}

TEST(ParseBlueskyTest, SearchPosts) {
  auto docs = ParseBluesky(Fixture("bluesky_search_posts.json"));
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].author, "Erin M. (@erin.bsky.social)");
  EXPECT_EQ((*docs)[0].text,
            "KCNA: the outage was caused by \"a hostile cyberattack\".\nNo technical detail given.");
  EXPECT_EQ(Time((*docs)[0]), "2024-11-20T19:12:45Z");
  // No createdAt: indexedAt.
  EXPECT_EQ(Time((*docs)[1]), "2024-11-20T20:01:02Z");
  EXPECT_EQ((*docs)[1].language, "ko");
  EXPECT_EQ((*docs)[1].author, "@frank.example.net");
}

TEST(ParseBlueskyTest, ThreadIsFlattenedParentsFirst) {
  std::vector<std::string> warnings;
  auto docs = ParseBluesky(Fixture("bluesky_thread.json"), &warnings);
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 5u);
  EXPECT_EQ((*docs)[0].guid, kBobRoot);
  EXPECT_EQ((*docs)[1].guid, "at://did:plc:bob44example4bbbbbbbbbbbb/app.bsky.feed.post/3lbcq3aaaaa2j");
  EXPECT_EQ((*docs)[1].parent_url, kBobRoot);
  EXPECT_EQ((*docs)[2].guid, kCarol);
  EXPECT_EQ((*docs)[3].guid, std::string(kAlice) + "3lbcqa7kq3c2k");
  EXPECT_EQ((*docs)[3].parent_url, kCarol);
  EXPECT_EQ((*docs)[4].text, "A Telegram channel of the group.");
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("not found"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("blocked"), std::string::npos) << warnings[1];
}

TEST(ParseBlueskyTest, SinglePostAndBadPosts) {
  auto one = ParseBluesky(R"({"uri": "at://did:plc:x/app.bsky.feed.post/3k", "cid": "c",
    "author": {"did": "did:plc:x", "handle": "x.example"},
    "record": {"text": "t", "createdAt": "2024-05-06T07:08:09Z",
               "embed": {"$type": "app.bsky.embed.record",
                         "record": {"uri": "at://did:plc:y/app.bsky.feed.generator/hot", "cid": "c"}}}})");
  ASSERT_TRUE(one) << one.error().message;
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].quote_of, "");  // embedding a feed generator is not a quote

  std::vector<std::string> warnings;
  auto docs = ParseBluesky(R"({"posts": [
      {"uri": "https://not-at", "author": {"handle": "a"}, "record": {}},
      {"uri": "at://did:plc:x/app.bsky.feed.post/1", "record": {"text": "no author"}},
      {"uri": "at://did:plc:x/app.bsky.feed.post/2", "author": {"handle": "a"}, "record": {"text": "no time"}},
      "text",
      {"uri": "at://did:plc:x/app.bsky.feed.post/3", "author": {"handle": "a"},
       "record": {"text": "ok", "createdAt": "2024-05-06T07:08:09Z"}}]})",
                           &warnings);
  ASSERT_TRUE(docs) << docs.error().message;
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].text, "ok");
  ASSERT_EQ(warnings.size(), 4u);
  EXPECT_NE(warnings[0].find("at:// uri"), std::string::npos);
  EXPECT_NE(warnings[1].find("without author"), std::string::npos);
  EXPECT_NE(warnings[2].find("createdAt"), std::string::npos);
  EXPECT_NE(warnings[3].find("posts[3]: a string"), std::string::npos) << warnings[3];
}

TEST(ParseBlueskyTest, Errors) {
  auto truncated = ParseBluesky(Fixture("bad_truncated.json"));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, ErrorCode::kParse);
  EXPECT_NE(truncated.error().message.find("invalid JSON"), std::string::npos);

  auto shape = ParseBluesky(Fixture("mastodon_tag_timeline.json"));
  ASSERT_FALSE(shape);
  EXPECT_NE(shape.error().message.find("expected a Bluesky feed"), std::string::npos);
  EXPECT_NE(shape.error().message.find("got a JSON array"), std::string::npos);

  // Facet ranges out of bounds or overlapping are ignored.
  auto facets = ParseBluesky(R"({"uri": "at://did:plc:x/app.bsky.feed.post/3k", "author": {"handle": "x"},
    "record": {"text": "ab...", "createdAt": "2024-05-06T07:08:09Z", "facets": [
      {"index": {"byteStart": 0, "byteEnd": 99}, "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://ab.example"}]},
      {"index": {"byteStart": 3, "byteEnd": 1}, "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://ab.example"}]},
      {"index": {"byteStart": -1, "byteEnd": 2}, "features": [{"$type": "app.bsky.richtext.facet#link", "uri": "https://ab.example"}]}]}})");
  ASSERT_TRUE(facets) << facets.error().message;
  EXPECT_EQ((*facets)[0].text, "ab...");
}

TEST(DetectSocialJsonTest, ByShape) {
  EXPECT_EQ(DetectSocialJson(Fixture("mastodon_tag_timeline.json")), SocialJsonKind::kMastodon);
  EXPECT_EQ(DetectSocialJson(R"({"accounts": [], "statuses": []})"), SocialJsonKind::kMastodon);
  EXPECT_EQ(DetectSocialJson(R"({"uri": "https://m/1", "account": {}, "content": ""})"),
            SocialJsonKind::kMastodon);
  EXPECT_EQ(DetectSocialJson("[]"), SocialJsonKind::kMastodon);
  EXPECT_EQ(DetectSocialJson(Fixture("bluesky_author_feed.json")), SocialJsonKind::kBluesky);
  EXPECT_EQ(DetectSocialJson(Fixture("bluesky_search_posts.json")), SocialJsonKind::kBluesky);
  EXPECT_EQ(DetectSocialJson(Fixture("bluesky_thread.json")), SocialJsonKind::kBluesky);
  EXPECT_EQ(DetectSocialJson(R"({"version": "https://jsonfeed.org/version/1", "title": "t", "items": []})"),
            SocialJsonKind::kJsonFeed);
  EXPECT_EQ(DetectSocialJson(R"({"items": []})"), SocialJsonKind::kUnknown);
  EXPECT_EQ(DetectSocialJson("[1, 2]"), SocialJsonKind::kUnknown);
  EXPECT_EQ(DetectSocialJson("not json"), SocialJsonKind::kUnknown);
  EXPECT_EQ(DetectSocialJson(Fixture("bad_truncated.json")), SocialJsonKind::kUnknown);
  EXPECT_STREQ(SocialJsonKindName(SocialJsonKind::kBluesky), "bluesky");
}

}  // namespace
}  // namespace corroborate::ingest
