// Hostile XML: external entities, entity expansion bombs, network access.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

#include "ingest/feeds/feed.h"

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

}  // namespace
}  // namespace corroborate::ingest
