// Hostile XML: external entities, entity expansion bombs, network access.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "ingest/feeds/feed.h"
#include "ingest/limits.h"

namespace corroborate::ingest {
namespace {

TEST(HostileXml, ExternalEntityToALocalFileIsNeverRead) {
  const std::string docs[] = {
      R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>before &xxe; after</title><item><title>&xxe;</title></item></channel></rss>)",
      R"(<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % pe SYSTEM "file:///etc/passwd"> %pe;]>
<rss version="2.0"><channel><title>t</title></channel></rss>)",
      R"(<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file:///etc/passwd">
<rss version="2.0"><channel><title>t</title></channel></rss>)",
  };
  for (const std::string& doc : docs) {
    auto f = ParseFeed(doc);
    if (!f) continue;  // refusing is fine too
    EXPECT_EQ(f->title.find("root:"), std::string::npos) << f->title;
    for (const FeedItem& it : f->items) EXPECT_EQ(it.title.find("root:"), std::string::npos);
  }
  auto f = ParseFeed(docs[0]);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->title, "before  after");
}

TEST(HostileXml, BillionLaughsIsRefused) {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n";
  doc += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i) {
    std::string prev = "&lol" + std::to_string(i - 1) + ";";
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += prev;
    doc += "\">\n";
  }
  doc += "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
  auto f = ParseFeed(doc);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kForbidden);
  EXPECT_NE(f.error().message.find("entity expansion"), std::string::npos) << f.error().message;
}

TEST(HostileXml, UnreferencedBombIsRefusedToo) {
  // Declared but never used: libxml2 would not notice, the declaration scan does.
  std::string doc = "<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">";
  std::string prev = "a";
  for (int i = 0; i < 6; ++i) {
    std::string name = "b" + std::to_string(i);
    doc += "<!ENTITY " + name + " \"";
    for (int k = 0; k < 12; ++k) doc += "&" + prev + ";";
    doc += "\">";
    prev = name;
  }
  doc += "]><rss version=\"2.0\"><channel><title>t</title></channel></rss>";
  auto f = ParseFeed(doc);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kForbidden);
}

TEST(HostileXml, SmallInternalEntitiesStillWork) {
  auto f = ParseFeed(R"(<!DOCTYPE rss [<!ENTITY org "Example Org">]><rss version="2.0"><channel><title>&org; news</title></channel></rss>)");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->title, "Example Org news");
  EXPECT_FALSE(f->recovered);
}

TEST(HostileXml, NoNetworkAccess) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(server, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(server, 4), 0);
  socklen_t len = sizeof addr;
  ASSERT_EQ(getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/evil";
  const std::string docs[] = {
      "<!DOCTYPE rss SYSTEM \"" + url + ".dtd\"><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
      "<!DOCTYPE rss [<!ENTITY x SYSTEM \"" + url + "\">]><rss version=\"2.0\"><channel><title>&x;</title></channel></rss>",
      "<!DOCTYPE rss [<!ENTITY % p SYSTEM \"" + url + "\"> %p;]><rss version=\"2.0\"><channel><title>t</title></channel></rss>",
      "<rss version=\"2.0\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><channel><title>t</title><xi:include href=\"" + url + "\"/></channel></rss>",
  };
  for (const std::string& doc : docs) (void)ParseFeed(doc);
  pollfd pfd{server, POLLIN, 0};
  EXPECT_EQ(poll(&pfd, 1, 200), 0) << "the parser connected to " << url;
  close(server);
}

}  // namespace
}  // namespace corroborate::ingest

namespace corroborate::ingest {
namespace {

TEST(HostileXml, QuadraticBlowupIsBounded) {
  // One 100 kB entity referenced 20,000 times would be 2 GB of text.
  std::string doc = "<!DOCTYPE rss [<!ENTITY big \"" + std::string(100000, 'x') + "\">]><rss version=\"2.0\"><channel>";
  for (int i = 0; i < 2000; ++i) {
    doc += "<item><title>";
    for (int k = 0; k < 10; ++k) doc += "&big;";
    doc += "</title></item>";
  }
  doc += "</channel></rss>";
  auto f = ParseFeed(doc);
  if (!f) {
    EXPECT_EQ(f.error().code, ErrorCode::kForbidden);
    return;
  }
  size_t total = 0;
  for (const FeedItem& it : f->items) total += it.title.size();
  EXPECT_LE(total, size_t{16} << 20);
}

// An Atom entry whose first `content_refs` categories reference a 100 kB
// entity in their text and whose next `attribute_refs` reference it from
// the term attribute.
std::string EntityFeed(int content_refs, int attribute_refs) {
  std::string doc =
      "<!DOCTYPE feed [<!ENTITY a \"" + std::string(100000, 'x') +
      "\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><title>e</title>"
      "<id>urn:x:1</id>";
  for (int i = 0; i < content_refs; ++i) doc += "<title>&a;</title>";
  for (int i = 0; i < attribute_refs; ++i) doc += "<category term=\"&a;\"/>";
  return doc + "</entry></feed>";
}

// Issue 17, failure 3: entity references in attribute values were not
// counted; 40,000 of a 100 kB entity took the parser to 3.9 GB.
TEST(HostileXml, EntityExpansionThroughAttributesIsRefused) {
  auto f = ParseFeed(EntityFeed(0, 100));  // 10 MB of categories from a 10 kB document
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(
      f.error().message,
      "refused: entity references would add 9.5 MB of text, over the 8 MB limit for one document "
      "(entity expansion)");
}

TEST(HostileXml, EntityExpansionIsCountedOverTheWholeDocument) {
  // 40 + 40 references of 100 kB: 8,000,000 bytes, within 8 MB.
  auto within = ParseFeed(EntityFeed(40, 40));
  ASSERT_TRUE(within.has_value()) << within.error().message;
  ASSERT_EQ(within->items.size(), 1u);
  ASSERT_EQ(within->items[0].categories.size(), 1u);  // 40 equal ones, kept once
  EXPECT_EQ(within->items[0].categories[0], std::string(100000, 'x'));
  // 45 + 45: neither part alone is over the limit, together they are.
  ASSERT_TRUE(ParseFeed(EntityFeed(45, 0)).has_value());
  ASSERT_TRUE(ParseFeed(EntityFeed(0, 45)).has_value());
  auto over = ParseFeed(EntityFeed(45, 45));
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code, ErrorCode::kForbidden);
}

TEST(HostileXml, NestedEntitiesCountWithWhatTheyReference) {
  // b is 5 references to a 100 kB entity (500 kB); 20 references to b.
  std::string doc = "<!DOCTYPE feed [<!ENTITY a \"" + std::string(100000, 'x') + "\"><!ENTITY b \"";
  for (int i = 0; i < 5; ++i) doc += "&a;";
  doc += "\">]><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title>";
  for (int i = 0; i < 20; ++i) doc += "<category term=\"&b;\"/>";
  auto f = ParseFeed(doc + "</feed>");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kForbidden);
  EXPECT_NE(f.error().message.find("would add 9.5 MB"), std::string::npos) << f.error().message;
}

TEST(HostileXml, OpmlEntityExpansionThroughAttributesIsRefused) {
  std::string opml =
      "<!DOCTYPE opml [<!ENTITY a \"" + std::string(100000, 'x') + "\">]><opml><body>";
  for (int i = 0; i < 100; ++i) {
    opml += "<outline text=\"&a;\" xmlUrl=\"https://e.org/" + std::to_string(i) + "\"/>";
  }
  auto o = ParseOpml(opml + "</body></opml>");
  ASSERT_FALSE(o.has_value());
  EXPECT_EQ(o.error().code, ErrorCode::kForbidden);
  EXPECT_NE(o.error().message.find("over the 8 MB limit for one document"), std::string::npos)
      << o.error().message;
}

// An xml:base is inherited by every item under it: a 1 MB one was copied
// into every relative link, so a 1.4 MB feed of 5,000 entries took 16 GB
// and ended in bad_alloc. Resolution reads at most kMaxUrlResolutionBytes
// of bases per document; later links are kept as written.
TEST(HostileXml, LongXmlBaseIsNotCopiedIntoEveryLink) {
  const std::string base = "https://example.org/" + std::string(1 << 20, 'a') + "/";
  std::string doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"" + base + "\"><title>t</title>";
  for (int i = 0; i < 200; ++i) {
    doc += "<entry><title>t</title><id>urn:" + std::to_string(i) + "</id><link href=\"p" +
           std::to_string(i) + "\"/><content type=\"html\">&lt;a href=\"x\"&gt;x&lt;/a&gt; &lt;img src=\"y\"&gt;</content></entry>";
  }
  auto f = ParseFeed(doc + "</feed>");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  ASSERT_EQ(f->items.size(), 200u);
  size_t total = 0;
  for (const FeedItem& it : f->items) total += it.link.size() + it.content.size();
  EXPECT_LE(total, kMaxUrlResolutionBytes + doc.size()) << total;
  EXPECT_EQ(f->items[0].link, base + "p0");  // resolved while the budget lasts
  EXPECT_EQ(f->items[199].link, "p199");     // kept as written after
  EXPECT_EQ(f->items[199].content, "<a href=\"x\">x</a> <img src=\"y\">");

  // A feed of ordinary size resolves every link.
  auto small = ParseFeed(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://example.org/news/">
<title>t</title><entry><title>t</title><id>urn:1</id><link href="a/1"/></entry></feed>)");
  ASSERT_TRUE(small.has_value());
  EXPECT_EQ(small->items[0].link, "https://example.org/news/a/1");
}

}  // namespace
}  // namespace corroborate::ingest
