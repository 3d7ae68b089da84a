#include "ingest/feeds/feed.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "core/text.h"
#include "ingest/identity.h"

namespace corroborate::ingest {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/feeds/" + name, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

Feed MustParse(std::string_view bytes, const FeedOptions& options = {}) {
  auto feed = ParseFeed(bytes, options);
  EXPECT_TRUE(feed.has_value()) << (feed ? "" : feed.error().message);
  return feed ? *feed : Feed{};
}

TEST(ParseFeed, Rss20) {
  Feed f = MustParse(R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
 <channel>
  <title>Outage Watch</title>
  <link>https://example.org/</link>
  <atom:link href="https://example.org/feed.xml" rel="self" type="application/rss+xml"/>
  <description>Network news</description>
  <language>en-gb</language>
  <lastBuildDate>Mon, 22 Dec 2014 22:00:00 GMT</lastBuildDate>
  <item>
   <title>North Korea offline</title>
   <link>https://example.org/nk</link>
   <guid isPermaLink="false">nk-1</guid>
   <pubDate>Mon, 22 Dec 2014 16:15:00 EST</pubDate>
   <dc:creator>Jane Doe</dc:creator>
   <category>dprk</category><category>outage</category>
   <description>Short &amp; sweet</description>
   <content:encoded><![CDATA[<p>Full <b>story</b></p>]]></content:encoded>
   <enclosure url="https://example.org/a.mp3" length="42" type="audio/mpeg"/>
  </item>
  <item><title>Second</title></item>
 </channel>
</rss>)");
  EXPECT_EQ(f.feed_type, "rss");
  EXPECT_EQ(f.feed_version, "2.0");
  EXPECT_EQ(f.title, "Outage Watch");
  EXPECT_EQ(f.link, "https://example.org/");
  EXPECT_EQ(f.feed_link, "https://example.org/feed.xml");
  EXPECT_EQ(f.links, (std::vector<std::string>{"https://example.org/", "https://example.org/feed.xml"}));
  EXPECT_EQ(f.language, "en-gb");
  ASSERT_TRUE(f.updated_parsed);
  EXPECT_EQ(FormatParsedDate(*f.updated_parsed), "2014-12-22T22:00:00Z");
  EXPECT_FALSE(f.recovered);
  ASSERT_EQ(f.items.size(), 2u);
  const FeedItem& it = f.items[0];
  EXPECT_EQ(it.title, "North Korea offline");
  EXPECT_EQ(it.link, "https://example.org/nk");
  EXPECT_EQ(it.guid, "nk-1");
  EXPECT_EQ(it.published, "Mon, 22 Dec 2014 16:15:00 EST");
  ASSERT_TRUE(it.published_parsed);
  EXPECT_EQ(FormatParsedDate(*it.published_parsed), "2014-12-22T21:15:00Z");
  ASSERT_EQ(it.authors.size(), 1u);
  EXPECT_EQ(it.authors[0].name, "Jane Doe");
  EXPECT_EQ(it.categories, (std::vector<std::string>{"dprk", "outage"}));
  EXPECT_EQ(it.description, "Short & sweet");
  EXPECT_EQ(it.content, "<p>Full <b>story</b></p>");
  ASSERT_EQ(it.enclosures.size(), 1u);
  EXPECT_EQ(it.enclosures[0].length, "42");
  EXPECT_EQ(f.items[1].title, "Second");
}

TEST(ParseFeed, Rss10Rdf) {
  Feed f = MustParse(R"(<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://example.org/rss"><title>RDF feed</title><link>http://example.org/</link></channel>
  <image rdf:about="http://example.org/i.png"><title>Logo</title><url>http://example.org/i.png</url></image>
  <item rdf:about="http://example.org/1"><title>One</title><link>http://example.org/1</link>
    <dc:date>2014-12-22T16:15:00+09:00</dc:date></item>
  <item rdf:about="http://example.org/2"><title>Two</title></item>
</rdf:RDF>)");
  EXPECT_EQ(f.feed_type, "rss");
  EXPECT_EQ(f.feed_version, "1.0");
  EXPECT_EQ(f.title, "RDF feed");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://example.org/i.png");
  ASSERT_EQ(f.items.size(), 2u);
  ASSERT_TRUE(f.items[0].published_parsed);
  EXPECT_EQ(FormatParsedDate(*f.items[0].published_parsed), "2014-12-22T07:15:00Z");
}

TEST(ParseFeed, Atom10ContentTypesAndXmlBase) {
  Feed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de" xml:base="http://example.org/blog/">
  <title type="html">A &amp;lt;b&amp;gt; title</title>
  <link href="index.html"/>
  <link rel="self" href="/atom.xml"/>
  <updated>2014-12-22T16:15:00Z</updated>
  <author><name>Ann</name><email>ann@example.org</email></author>
  <entry xml:base="posts/">
    <title>Entry</title>
    <id>tag:example.org,2014:1</id>
    <link rel="alternate" href="one.html"/>
    <link rel="enclosure" href="one.mp3" type="audio/mpeg" length="7"/>
    <updated>2014-12-22T16:15:00Z</updated>
    <summary type="text">Plain &lt;summary&gt;</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>world</em></p></div></content>
    <category term="net" label="Networks"/>
  </entry>
  <entry><title>Html</title><content type="html">&lt;p&gt;Escaped&lt;/p&gt;</content></entry>
</feed>)");
  EXPECT_EQ(f.feed_type, "atom");
  EXPECT_EQ(f.feed_version, "1.0");
  EXPECT_EQ(f.title, "A &lt;b&gt; title");
  EXPECT_EQ(f.language, "de");
  EXPECT_EQ(f.link, "http://example.org/blog/index.html");
  EXPECT_EQ(f.feed_link, "http://example.org/atom.xml");
  ASSERT_EQ(f.authors.size(), 1u);
  EXPECT_EQ(f.authors[0].email, "ann@example.org");
  ASSERT_EQ(f.items.size(), 2u);
  const FeedItem& e = f.items[0];
  EXPECT_EQ(e.link, "http://example.org/blog/posts/one.html");
  EXPECT_EQ(e.guid, "tag:example.org,2014:1");
  EXPECT_EQ(e.description, "Plain <summary>");
  EXPECT_EQ(e.content, "<p>Hello <em>world</em></p>");
  EXPECT_EQ(e.categories, std::vector<std::string>{"Networks"});
  ASSERT_EQ(e.enclosures.size(), 1u);
  EXPECT_EQ(e.enclosures[0].url, "http://example.org/blog/posts/one.mp3");
  // Published falls back to updated.
  EXPECT_EQ(e.published, "2014-12-22T16:15:00Z");
  EXPECT_EQ(f.items[1].content, "<p>Escaped</p>");
}

TEST(ParseFeed, Atom03) {
  Feed f = MustParse(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <title>Old</title><tagline>Tag line</tagline><modified>2004-01-01T19:48:21Z</modified>
  <entry><title>E</title><issued>Thu, 01 Jan 2004 19:48:21 GMT</issued>
    <content type="text/plain" mode="base64">SGVsbG8gYmFzZTY0</content></entry>
</feed>)");
  EXPECT_EQ(f.feed_version, "0.3");
  EXPECT_EQ(f.description, "Tag line");
  EXPECT_EQ(f.updated, "2004-01-01T19:48:21Z");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].content, "Hello base64");
  ASSERT_TRUE(f.items[0].published_parsed);
  EXPECT_EQ(FormatParsedDate(*f.items[0].published_parsed), "2004-01-01T19:48:21Z");
}

TEST(ParseFeed, JsonFeed11) {
  Feed f = MustParse(R"({"version": "https://jsonfeed.org/version/1.1", "title": "J",
    "home_page_url": "https://example.org/", "feed_url": "https://example.org/feed.json",
    "authors": [{"name": "Ann"}],
    "items": [{"id": 7, "url": "/p/7", "content_html": "<p>x</p>", "summary": "s",
               "date_published": "2014-12-22T16:15:00-05:00", "tags": ["a", 3, "b"],
               "attachments": [{"url": "https://example.org/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 9}]}]})",
                     FeedOptions{"https://example.org/feed.json", ""});
  EXPECT_EQ(f.feed_type, "json");
  EXPECT_EQ(f.feed_version, "1.1");
  ASSERT_EQ(f.items.size(), 1u);
  const FeedItem& it = f.items[0];
  EXPECT_EQ(it.guid, "7");
  EXPECT_EQ(it.link, "https://example.org/p/7");
  EXPECT_EQ(it.content, "<p>x</p>");
  EXPECT_EQ(it.categories, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(it.enclosures.size(), 1u);
  EXPECT_EQ(it.enclosures[0].length, "9");
  ASSERT_TRUE(it.published_parsed);
  EXPECT_EQ(FormatParsedDate(*it.published_parsed), "2014-12-22T21:15:00Z");
  ASSERT_TRUE(f.published_parsed);  // from the first item, like gofeed
}

TEST(ParseFeed, JsonFeedErrors) {
  struct Case {
    const char* json;
    const char* message_part;
  };
  for (const Case& c : {Case{"{\"version\": ", "not valid JSON"}, Case{"[1, 2]", "not an object"},
                        Case{"{\"title\": \"x\"}", "no jsonfeed.org version"},
                        Case{"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": 5}", "not an array"}}) {
    auto f = ParseFeed(c.json);
    ASSERT_FALSE(f.has_value()) << c.json;
    EXPECT_EQ(f.error().code, ErrorCode::kParse);
    EXPECT_NE(f.error().message.find(c.message_part), std::string::npos) << f.error().message;
  }
}

TEST(ParseFeed, Windows1252FromTheDeclaration) {
  Feed f = MustParse(ReadData("windows1252.xml"));
  EXPECT_EQ(f.title, "Caf\u00e9 \u20ac news \u2013 r\u00e9sum\u00e9");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Na\u00efve \u201cquotes\u201d");
  EXPECT_FALSE(f.recovered);
}

TEST(ParseFeed, Utf16WithBom) {
  Feed f = MustParse(ReadData("utf16.xml"));
  EXPECT_EQ(f.feed_type, "atom");
  EXPECT_EQ(f.title, "\u65e5\u672c\u8a9e \u00fcber \u0928\u092e\u0938\u094d\u0924\u0947");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Entr\u00e9e \U0001F600");
}

TEST(ParseFeed, HttpCharsetOverridesTheDeclaration) {
  // Latin-1 bytes in a document that claims UTF-8; the server said ISO-8859-1.
  std::string bytes = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title></channel></rss>";
  Feed f = MustParse(bytes, FeedOptions{"", "ISO-8859-1"});
  EXPECT_EQ(f.title, "Caf\u00e9");
  EXPECT_FALSE(f.recovered);
}

TEST(ParseFeed, BomBeatsHttpCharsetAndBogusCharsetIsIgnored) {
  Feed u16 = MustParse(ReadData("utf16.xml"), FeedOptions{"", "ISO-8859-1"});
  EXPECT_EQ(u16.items.size(), 1u);
  EXPECT_EQ(u16.items[0].title, "Entr\u00e9e \U0001F600");
  Feed bogus = MustParse(ReadData("windows1252.xml"), FeedOptions{"", "x-no-such-charset"});
  EXPECT_EQ(bogus.title, "Caf\u00e9 \u20ac news \u2013 r\u00e9sum\u00e9");
}

TEST(ParseFeed, UnsupportedDeclaredEncodingIsAnError) {
  auto f = ParseFeed("<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><rss version=\"2.0\"><channel/></rss>");
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().code, ErrorCode::kUnsupported);
}

TEST(ParseFeed, ShiftJisAndGb2312) {
  // "日本" in Shift_JIS is 93 FA 96 7B; "中文" in GB2312 is D6 D0 CE C4.
  Feed sj = MustParse("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><rss version=\"2.0\"><channel><title>\x93\xfa\x96\x7b</title></channel></rss>");
  EXPECT_EQ(sj.title, "\u65e5\u672c");
  Feed gb = MustParse("<?xml version=\"1.0\" encoding=\"GB2312\"?><rss version=\"2.0\"><channel><title>\xd6\xd0\xce\xc4</title></channel></rss>");
  EXPECT_EQ(gb.title, "\u4e2d\u6587");
}

TEST(ParseFeed, InvalidUtf8IsReplacedAndMarkedRecovered) {
  Feed f = MustParse("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>bad \xff\xfe byte</title></channel></rss>");
  EXPECT_TRUE(f.recovered);
  EXPECT_TRUE(IsValidUtf8(f.title));
  EXPECT_EQ(f.title.substr(0, 4), "bad ");
  EXPECT_NE(f.title.find("byte"), std::string::npos);
}

TEST(ParseFeed, UndeclaredLatin1IsReadAsWindows1252) {
  Feed f = MustParse("<rss version=\"2.0\"><channel><title>Caf\xe9 \x80</title></channel></rss>");
  EXPECT_TRUE(f.recovered);
  EXPECT_EQ(f.title, "Caf\u00e9 \u20ac");
}

TEST(ParseFeed, RelativeUrlsAgainstTheFeedUrl) {
  Feed f = MustParse(R"(<rss version="2.0"><channel><link>/</link>
    <image><url>img/logo.png</url></image>
    <item><link>../post/1?a=b</link><enclosure url="media/1.mp3" type="audio/mpeg" length="1"/></item>
    <item><link>https://other.example/x</link></item></channel></rss>)",
                     FeedOptions{"https://example.org/news/feed.xml", ""});
  EXPECT_EQ(f.link, "https://example.org/");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "https://example.org/news/img/logo.png");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].link, "https://example.org/post/1?a=b");
  EXPECT_EQ(f.items[0].enclosures[0].url, "https://example.org/news/media/1.mp3");
  EXPECT_EQ(f.items[1].link, "https://other.example/x");
}

TEST(ParseFeed, RelativeUrlsInsideHtmlContent) {
  Feed f = MustParse(R"(<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><item>
    <content:encoded><![CDATA[<p><a href="/x">x</a> <img src='i.png'> <a href="#frag">f</a> <a href="mailto:a@b">m</a> src=plain</p>]]></content:encoded>
    </item></channel></rss>)",
                     FeedOptions{"https://example.org/news/feed.xml", ""});
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].content,
            "<p><a href=\"https://example.org/x\">x</a> <img src='https://example.org/news/i.png'> "
            "<a href=\"#frag\">f</a> <a href=\"mailto:a@b\">m</a> src=plain</p>");
  ASSERT_TRUE(f.items[0].image);
  EXPECT_EQ(f.items[0].image->url, "https://example.org/news/i.png");
}

struct RecoveryCase {
  const char* name;
  std::string bytes;
  std::string title;  // expected channel title
  size_t items;
};

TEST(ParseFeed, RecoversMalformedXml) {
  const RecoveryCase cases[] = {
      {"unescaped ampersand", "<rss version=\"2.0\"><channel><title>AT&T & friends</title><item><link>http://x/?a=1&b=2</link></item></channel></rss>",
       "AT&T & friends", 1},
      {"html entities", "<rss version=\"2.0\"><channel><title>A&nbsp;B &mdash; C&eacute;</title></channel></rss>",
       "A\u00a0B \u2014 C\u00e9", 0},
      {"junk before declaration", "garbage\n<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title></channel></rss>", "T", 0},
      {"truncated CDATA", "<rss version=\"2.0\"><channel><title>T</title><item><title>I</title><description><![CDATA[<p>cut off", "T", 1},
      {"control characters", "<rss version=\"2.0\"><channel><title>a\x01" "b\x0b" "c</title></channel></rss>", "a b c", 0},
      {"bad character references", "<rss version=\"2.0\"><channel><title>a&#1;b &#x263A; &#12 &unknownentity;</title></channel></rss>",
       "ab \u263a &#12 &unknownentity;", 0},
      {"unclosed tags", "<rss version=\"2.0\"><channel><title>T</title><item><title>I</title>", "T", 1},
  };
  for (const RecoveryCase& c : cases) {
    auto f = ParseFeed(c.bytes);
    ASSERT_TRUE(f.has_value()) << c.name << ": " << f.error().message;
    EXPECT_TRUE(f->recovered) << c.name;
    EXPECT_EQ(f->title, c.title) << c.name;
    EXPECT_EQ(f->items.size(), c.items) << c.name;
  }
  auto amp = ParseFeed(cases[0].bytes);
  EXPECT_EQ(amp->items[0].link, "http://x/?a=1&b=2");
  auto cdata = ParseFeed(cases[3].bytes);
  EXPECT_EQ(cdata->items[0].description, "<p>cut off");
}

TEST(ParseFeed, RejectsWhatIsNotAFeed) {
  struct Case {
    const char* name;
    std::string bytes;
    const char* message_part;
  };
  const Case cases[] = {
      {"empty", "", "empty input"},
      {"blank", " \n\t ", "empty input"},
      {"bom only", "\xef\xbb\xbf", "empty input"},
      {"html page", "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>", "not a feed (root element <html>)"},
      {"plain text", "hello world", "malformed XML"},
      {"opml", "<opml version=\"2.0\"><body/></opml>", "OPML"},
  };
  for (const Case& c : cases) {
    auto f = ParseFeed(c.bytes);
    ASSERT_FALSE(f.has_value()) << c.name;
    EXPECT_EQ(f.error().code, ErrorCode::kParse) << c.name;
    EXPECT_NE(f.error().message.find(c.message_part), std::string::npos) << c.name << ": " << f.error().message;
  }
}

TEST(ParseOpml, FlattensNestedOutlines) {
  auto out = ParseOpml(R"(<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
    <outline text="News"><outline text="Tech">
      <outline type="rss" text="Ars" title="Ars Technica" xmlUrl="https://arstechnica.com/feed/" htmlUrl="https://arstechnica.com/"/>
    </outline>
    <outline type="rss" text="BBC" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" category="/world"/></outline>
    <outline type="rss" text="Top" xmlUrl="https://example.org/top.xml"/>
  </body></opml>)");
  ASSERT_TRUE(out.has_value()) << out.error().message;
  ASSERT_EQ(out->size(), 3u);
  EXPECT_EQ((*out)[0].title, "Ars Technica");
  EXPECT_EQ((*out)[0].html_url, "https://arstechnica.com/");
  EXPECT_EQ((*out)[0].category, "News/Tech");
  EXPECT_EQ((*out)[1].title, "BBC");
  EXPECT_EQ((*out)[1].category, "/world");
  EXPECT_EQ((*out)[2].category, "");
  EXPECT_EQ((*out)[2].type, "rss");
  EXPECT_FALSE(ParseOpml("<rss/>").has_value());
  EXPECT_FALSE(ParseOpml("").has_value());
}

TEST(FeedToDocuments, MakesArticles) {
  Feed f = MustParse(R"(<rss version="2.0"><channel><language>en</language><item>
    <title>Outage &amp;amp; more</title><link>https://example.org/a</link><guid>g1</guid>
    <author>ann@example.org (Ann)</author><pubDate>22 Dec 2014 16:15 GMT</pubDate>
    <description><![CDATA[<p>First  para.</p><p>Second<br>line</p><script>x()</script>]]></description>
  </item><item><guid>https://example.org/b</guid><description>Plain text</description></item></channel></rss>)");
  std::vector<Document> docs = FeedToDocuments(f, 1000);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].kind, DocumentKind::kArticle);
  EXPECT_EQ(docs[0].url, "https://example.org/a");
  EXPECT_EQ(docs[0].guid, "g1");
  EXPECT_EQ(docs[0].title, "Outage & more");
  EXPECT_EQ(docs[0].author, "Ann");
  EXPECT_EQ(docs[0].text, "First para.\nSecond\nline");
  EXPECT_EQ(docs[0].raw, "<p>First  para.</p><p>Second<br>line</p><script>x()</script>");
  EXPECT_EQ(docs[0].language, "en");
  EXPECT_EQ(docs[0].fetched, 1000);
  ASSERT_TRUE(docs[0].published);
  EXPECT_EQ(*docs[0].published, 1419264900);  // 2014-12-22T16:15:00Z
  EXPECT_EQ(docs[0].published_precision, Granularity::kMinute);
  EXPECT_FALSE(docs[0].content_hash.empty());
  EXPECT_EQ(docs[1].url, "https://example.org/b");
  EXPECT_EQ(docs[1].text, "Plain text");
}

// Issue 17: an item with no link, GUID or text (only a title, an image, an
// enclosure) still gets an identity, in RSS 2.0, Atom and JSON Feed alike.
TEST(FeedToDocuments, ItemsWithoutLinkGuidOrTextGetAnIdentity) {
  const std::string rss = R"(<rss version="2.0"><channel><title>Grid</title>
    <link>https://grid.example/</link>
    <item><title>Full</title><link>https://grid.example/1</link><description>Text.</description></item>
    <item><title>Only a title</title></item>
    <item><description>&lt;img src="https://grid.example/a.png"&gt;</description></item>
    <item><enclosure url="https://grid.example/e.mp3" length="1" type="audio/mpeg"/></item>
  </channel></rss>)";
  const std::string atom = R"(<feed xmlns="http://www.w3.org/2005/Atom"><title>Grid</title>
    <link href="https://grid.example/"/>
    <entry><title>Only a title</title></entry>
    <entry><summary type="html">&lt;img src="https://grid.example/a.png"&gt;</summary></entry>
  </feed>)";
  const std::string json = R"({"version": "https://jsonfeed.org/version/1.1", "title": "Grid",
    "home_page_url": "https://grid.example/",
    "items": [{"title": "Only a title"}, {"content_html": "<img src=\"https://grid.example/a.png\">"}]})";
  for (const std::string& bytes : {rss, atom, json}) {
    std::vector<std::string> warnings;
    std::vector<Document> docs =
        FeedToDocuments(MustParse(bytes), 0, "file:///feeds/grid.xml", &warnings);
    EXPECT_TRUE(warnings.empty()) << warnings.front();
    std::vector<Document> again = FeedToDocuments(MustParse(bytes), 0, "file:///feeds/grid.xml");
    ASSERT_EQ(docs.size(), again.size());
    ASSERT_GE(docs.size(), 2u) << bytes;
    std::set<std::string> hashes;
    for (size_t i = 0; i < docs.size(); ++i) {
      const Document& d = docs[i];
      EXPECT_FALSE(d.content_hash.empty()) << bytes << " item " << i;
      EXPECT_EQ(d.content_hash, again[i].content_hash) << "stable across parses";
      hashes.insert(d.content_hash);
    }
    EXPECT_EQ(hashes.size(), docs.size()) << "each item its own identity";
    auto title_only = std::find_if(docs.begin(), docs.end(),
                                   [](const Document& d) { return d.title == "Only a title"; });
    ASSERT_NE(title_only, docs.end());
    EXPECT_TRUE(title_only->canonical_url.empty());
    EXPECT_TRUE(title_only->guid.empty());
    EXPECT_TRUE(title_only->text.empty());
  }
}

// The identity of such an item holds while the feed adds items before it;
// two items holding the same are told apart by their rank; the same item in
// another feed is another item; an item with nothing is left out, named.
TEST(FeedToDocuments, ItemIdentityIsStableAndDistinct) {
  auto feed = [](const std::string& title, const std::string& items) {
    return R"(<rss version="2.0"><channel><title>)" + title + "</title>" + items +
           "</channel></rss>";
  };
  const std::string older =
      feed("Grid", "<item><title>Storm</title></item><item><title>Storm</title></item>");
  const std::string newer = feed("Grid",
                                 "<item><title>New</title></item><item><title>Storm</title></item>"
                                 "<item><title>Storm</title></item><item/>");
  std::vector<Document> a = FeedToDocuments(MustParse(older));
  std::vector<std::string> warnings;
  std::vector<Document> b = FeedToDocuments(MustParse(newer), 0, "", &warnings);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 3u);
  EXPECT_NE(a[0].content_hash, a[1].content_hash);
  EXPECT_EQ(a[0].content_hash, b[1].content_hash);
  EXPECT_EQ(a[1].content_hash, b[2].content_hash);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "item 4: nothing to store (no title, text, image or enclosure); skipped");
  std::vector<Document> other =
      FeedToDocuments(MustParse(feed("Water", "<item><title>Storm</title></item>")));
  ASSERT_EQ(other.size(), 1u);
  EXPECT_NE(other[0].content_hash, a[0].content_hash);
  // A feed that does not name itself stands where it was read from.
  const std::string bare =
      "<rss version=\"2.0\"><channel><item><title>Storm</title></item></channel></rss>";
  EXPECT_NE(FeedToDocuments(MustParse(bare), 0, "file:///a.xml")[0].content_hash,
            FeedToDocuments(MustParse(bare), 0, "file:///b.xml")[0].content_hash);
  // Never the digest of a text: a title-only item is not the text of its title.
  EXPECT_NE(a[0].content_hash, ContentHash("Storm"));
}

TEST(FeedToJson, GofeedShape) {
  Feed f = MustParse("<rss version=\"2.0\"><channel><title>T</title><item><title>I</title></item></channel></rss>");
  std::string json = FeedToJson(f, "a.xml");
  EXPECT_EQ(json, R"({"path":"a.xml","title":"T","items":[{"title":"I"}],"feedType":"rss","feedVersion":"2.0","recovered":false,"entries":1})");
  Feed empty;
  EXPECT_NE(FeedToJson(empty).find("\"items\":[]"), std::string::npos);
}

}  // namespace
}  // namespace corroborate::ingest
