// The feed constructions a liberal reader accepts (issue 22): one test per
// construction, each built from the specification of its format. The
// fixtures under tests/data/feeds/liberal/ say in a comment which rule they
// exercise; the expected values were worked out from those rules by hand.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/feeds/feed.h"

namespace corroborate::ingest {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(CORROBORATE_SOURCE_DIR) + "/tests/data/feeds/liberal/" + name,
                   std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::ostringstream buf;
  buf << in.rdbuf();
  return std::move(buf).str();
}

Feed MustParse(std::string_view bytes, const FeedOptions& options = {}) {
  auto feed = ParseFeed(bytes, options);
  EXPECT_TRUE(feed.has_value()) << (feed ? "" : feed.error().message);
  return feed ? *feed : Feed{};
}

std::string Utc(const std::optional<ParsedDate>& d) { return d ? FormatParsedDate(*d) : "(none)"; }

using Strings = std::vector<std::string>;

TEST(LiberalFeeds, AtomRootInAnUnknownNamespace) {
  Feed f = MustParse(Fixture("atom_foreign_namespace.xml"));
  EXPECT_EQ(f.feed_type, "atom");
  EXPECT_EQ(f.feed_version, "0.3");
  EXPECT_EQ(f.title, "Drafts of a format");
  EXPECT_EQ(f.description, "Written before the namespace settled");
  EXPECT_EQ(f.link, "http://example.com/");
  EXPECT_EQ(f.id, "tag:example.com,2003:feed");
  EXPECT_EQ(f.language, "en");
  EXPECT_EQ(Utc(f.updated_parsed), "2003-12-13T18:30:02Z");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "First entry");
  EXPECT_EQ(f.items[0].link, "http://example.com/2003/12/13/first");
  EXPECT_EQ(f.items[0].guid, "tag:example.com,2003:1");
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2003-12-13T12:29:29Z");
  EXPECT_EQ(f.items[0].description, "An entry of a feed in a namespace of its own.");
}

TEST(LiberalFeeds, RssRootInAnUnknownNamespace) {
  Feed f = MustParse(Fixture("rss_foreign_namespace.xml"));
  EXPECT_EQ(f.feed_type, "rss");
  EXPECT_EQ(f.feed_version, "2.0");
  EXPECT_EQ(f.title, "Namespaced RSS");
  EXPECT_EQ(f.link, "http://example.org/");
  EXPECT_EQ(f.language, "en-gb");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Cable cut");
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2003-06-10T04:00:00Z");
}

TEST(LiberalFeeds, UnknownRootsAreStillRefused) {
  // Only the roots of feed formats are adopted: an unknown namespace does not
  // make any document a feed.
  auto page = ParseFeed(R"(<html xmlns="http://example.org/ns"><body><item/></body></html>)");
  ASSERT_FALSE(page.has_value());
  EXPECT_NE(page.error().message.find("not a feed"), std::string::npos);
}

TEST(LiberalFeeds, AtomFeedIdAndGenerator) {
  Feed f = MustParse(Fixture("atom_id_generator.xml"));
  EXPECT_EQ(f.id, "urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6");
  // The uri "/software/" resolves against xml:base http://example.org/blog/.
  EXPECT_EQ(f.generator, "Example Toolkit v2.1 http://example.org/software/");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].guid, "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a");
  std::string json = FeedToJson(f);
  EXPECT_NE(json.find(R"("id":"urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6")"), std::string::npos)
      << json;
}

TEST(LiberalFeeds, RssChannelIdAndGeneratorAgent) {
  Feed f = MustParse(R"(<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
    <title>T</title><atom:id>tag:example.org,2024:channel</atom:id><generator>Hand v1</generator>
  </channel></rss>)");
  EXPECT_EQ(f.id, "tag:example.org,2024:channel");
  EXPECT_EQ(f.generator, "Hand v1");
  Feed rdf = MustParse(Fixture("rss10_modules.xml"));
  EXPECT_EQ(rdf.generator, "http://www.example.org/generator/?v=1.0");
}

TEST(LiberalFeeds, DublinCoreTermsDates) {
  Feed f = MustParse(Fixture("rss10_modules.xml"));
  EXPECT_EQ(Utc(f.published_parsed), "2004-01-02T03:04:05Z");  // dcterms:issued
  EXPECT_EQ(Utc(f.updated_parsed), "2004-05-06T07:08:09Z");    // dcterms:modified
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2004-05-01T08:00:00Z");
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "2004-05-02T08:00:00Z");
  EXPECT_EQ(Utc(f.items[1].published_parsed), "2004-04-30T00:00:00Z");  // dcterms:created
  EXPECT_FALSE(f.items[1].updated_parsed);
}

TEST(LiberalFeeds, RdfAboutIsTheGuid) {
  Feed f = MustParse(Fixture("rss10_modules.xml"));
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].guid, "http://example.org/item/1");
  EXPECT_EQ(f.items[1].guid, "http://example.org/item/2");
}

TEST(LiberalFeeds, AuthorsSplitIntoNameAndEmail) {
  Feed f = MustParse(Fixture("rss_authors.xml"));
  ASSERT_EQ(f.authors.size(), 1u);  // managingEditor before webMaster
  EXPECT_EQ(f.authors[0].name, "George Matesky");
  EXPECT_EQ(f.authors[0].email, "geo@example.org");
  struct Want {
    std::string name, email;
  };
  const std::vector<Want> want = {{"Lawyer Boyer", "lawyer@example.org"},
                                  {"Jane Roe", "jane@example.org"},
                                  {"John Smith", "john@example.org"},
                                  {"Ann Other", "ann@example.org"},
                                  {"", "only@example.org"},
                                  {"Podcast Host", ""},
                                  {"News Desk", "desk@example.org"}};
  ASSERT_EQ(f.items.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(f.items[i].authors.size(), 1u) << i;
    EXPECT_EQ(f.items[i].authors[0].name, want[i].name) << i;
    EXPECT_EQ(f.items[i].authors[0].email, want[i].email) << i;
  }
}

TEST(LiberalFeeds, WebMasterAndChannelAuthorAsFallbacks) {
  Feed wm = MustParse(R"(<rss version="2.0"><channel><title>T</title>
    <webMaster>betty@example.org (Betty Guernsey)</webMaster></channel></rss>)");
  ASSERT_EQ(wm.authors.size(), 1u);
  EXPECT_EQ(wm.authors[0].name, "Betty Guernsey");
  EXPECT_EQ(wm.authors[0].email, "betty@example.org");
  Feed au = MustParse(R"(<rss version="2.0"><channel><title>T</title>
    <author>Desk Editor (desk@example.org)</author></channel></rss>)");
  ASSERT_EQ(au.authors.size(), 1u);
  EXPECT_EQ(au.authors[0].name, "Desk Editor");
  EXPECT_EQ(au.authors[0].email, "desk@example.org");
  // An author written as Atom's person construct, and one left empty.
  Feed nested = MustParse(R"(<rss version="2.0"><channel><title>T</title>
    <item><author><name>Ann</name><email>ann@example.org</email></author></item>
    <item><author><name></name></author></item></channel></rss>)");
  ASSERT_EQ(nested.items.size(), 2u);
  ASSERT_EQ(nested.items[0].authors.size(), 1u);
  EXPECT_EQ(nested.items[0].authors[0].name, "Ann");
  EXPECT_EQ(nested.items[0].authors[0].email, "ann@example.org");
  EXPECT_TRUE(nested.items[1].authors.empty());
}

TEST(LiberalFeeds, ItunesImageSubtitleAndNestedCategories) {
  Feed f = MustParse(Fixture("itunes.xml"));
  EXPECT_EQ(f.description, "A show about the networks under everything");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://example.org/podcast/show.jpg");
  EXPECT_EQ(f.categories, (Strings{"Technology", "Tech News", "News"}));
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].description, "Why the cables break");
  ASSERT_TRUE(f.items[0].image);
  EXPECT_EQ(f.items[0].image->url, "http://example.org/podcast/ep1.jpg");
}

TEST(LiberalFeeds, ItunesPrefixBoundToAnotherUri) {
  // The namespace written wrong but the prefix is iTunes'.
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:itunes="http://example.com/DTDs/PodCast-1.0.dtd"><channel>
    <title>T</title><itunes:image href="http://example.org/i.png"/>
    <itunes:category text="Arts"><itunes:category text="Design"/></itunes:category></channel></rss>)");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://example.org/i.png");
  EXPECT_EQ(f.categories, (Strings{"Arts", "Design"}));
}

TEST(LiberalFeeds, MediaTitleAndCategory) {
  Feed f = MustParse(Fixture("media_rss.xml"));
  ASSERT_EQ(f.items.size(), 3u);
  EXPECT_EQ(f.items[0].title, "The Video Title");
  EXPECT_EQ(f.items[0].categories, (Strings{"music/artist/album/song"}));
  EXPECT_EQ(f.items[1].title, "Own title wins");
  EXPECT_EQ(f.items[1].categories, (Strings{"outage", "internet", "shutdown"}));
  EXPECT_EQ(f.items[2].title, "Grouped title");
  EXPECT_EQ(f.items[2].categories, (Strings{"grouped", "inner"}));
  ASSERT_TRUE(f.items[2].image);
  EXPECT_EQ(f.items[2].image->url, "http://example.org/a.jpg");
}

TEST(LiberalFeeds, MediaInAtomEntries) {
  Feed f = MustParse(
      R"(<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
    <entry><id>1</id><media:group><media:title>Video</media:title>
      <media:description>What the video shows</media:description>
      <media:category>news</media:category></media:group></entry></feed>)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Video");
  EXPECT_EQ(f.items[0].description, "What the video shows");
  EXPECT_EQ(f.items[0].categories, (Strings{"news"}));
}

TEST(LiberalFeeds, PermalinkGuidIsTheLink) {
  Feed f = MustParse(Fixture("rss_guid_permalink.xml"));
  ASSERT_EQ(f.items.size(), 6u);
  EXPECT_EQ(f.items[0].link, "http://example.org/a");
  EXPECT_EQ(f.items[1].link, "http://example.org/b");
  EXPECT_EQ(f.items[2].link, "");
  EXPECT_EQ(f.items[2].guid, "http://example.org/c");
  EXPECT_EQ(f.items[3].link, "http://example.org/d");
  EXPECT_EQ(f.items[3].guid, "http://example.org/d?guid");
  EXPECT_EQ(f.items[4].link, "");
  EXPECT_EQ(f.items[4].guid, "12345");
  EXPECT_EQ(f.items[5].link, "http://example.org/posts/e.html");
  EXPECT_EQ(f.items[5].guid, "http://example.org/posts/e.html");
  // The article made of the item points at the permalink.
  std::vector<Document> docs = FeedToDocuments(f);
  ASSERT_FALSE(docs.empty());
  EXPECT_EQ(docs[0].url, "http://example.org/a");
}

TEST(LiberalFeeds, LanguageWithAnUnderscore) {
  EXPECT_EQ(MustParse(Fixture("atom_lang_underscore.xml")).language, "en-US");
  EXPECT_EQ(MustParse("<rss version=\"2.0\"><channel><language>pt_BR</language></channel></rss>")
                .language,
            "pt-BR");
  EXPECT_EQ(
      MustParse("<rss version=\"2.0\" xml:lang=\"de_AT\"><channel><title>T</title></channel></rss>")
          .language,
      "de-AT");
  EXPECT_EQ(
      MustParse(R"({"version":"https://jsonfeed.org/version/1.1","language":"fr_CA","items":[]})")
          .language,
      "fr-CA");
}

TEST(LiberalFeeds, InlineSvgAndMathMlInXhtmlContent) {
  Feed f = MustParse(Fixture("atom_inline_svg_mathml.xml"));
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(
      f.items[0].content,
      R"(<p>A circle:</p><svg height="10" width="10" xmlns="http://www.w3.org/2000/svg">)"
      R"(<circle cx="5" cy="5" r="4"></circle>)"
      R"(<a xlink:href="http://example.org/" xmlns:xlink="http://www.w3.org/1999/xlink">x</a></svg>)"
      R"(<p>and <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi><mo>=</mo><mn>2</mn></math>)"
      R"(<br /></p>)");
  EXPECT_EQ(
      f.items[1].content,
      R"(<p>Inline <svg height="4" width="4" xmlns="http://www.w3.org/2000/svg"><rect height="4" width="4">)"
      R"(</rect></svg> &amp; <math xmlns="http://www.w3.org/1998/Math/MathML"><mn>1</mn></math></p>)");
}

TEST(LiberalFeeds, MicrosoftCdfChannel) {
  Feed f = MustParse(Fixture("cdf.xml"));
  EXPECT_EQ(f.feed_type, "cdf");
  EXPECT_EQ(f.title, "Example News Channel");
  EXPECT_EQ(f.description, "News of networks, pushed daily.");
  EXPECT_EQ(f.link, "http://www.example.com/news/");
  EXPECT_EQ(Utc(f.updated_parsed), "1998-11-05T22:12:00Z");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://www.example.com/logo.gif");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].title, "Backbone outage");
  EXPECT_EQ(f.items[0].link, "http://www.example.com/news/outage.htm");
  EXPECT_EQ(f.items[0].description, "A fibre cut took a region offline.");
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "1998-11-05T18:30:00Z");
  EXPECT_EQ(f.items[1].title, "Nested item");
  EXPECT_EQ(f.items[1].link, "http://www.example.com/news/sub/2.htm");
}

TEST(LiberalFeeds, ElementNamesInAnyCase) {
  Feed f = MustParse(
      R"(<rss version="2.0"><Channel><Title>Shouting</Title><LINK>http://example.org/</LINK>
    <Item><TITLE>One</TITLE><PubDate>Tue, 10 Jun 2003 04:00:00 GMT</PubDate>
    <Guid IsPermaLink="false">x1</Guid></Item></Channel></rss>)");
  EXPECT_EQ(f.title, "Shouting");
  EXPECT_EQ(f.link, "http://example.org/");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "One");
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2003-06-10T04:00:00Z");
  EXPECT_EQ(f.items[0].guid, "x1");
  EXPECT_EQ(f.items[0].link, "");
}

TEST(LiberalFeeds, RdfRootWithoutNamespaces) {
  Feed f =
      MustParse("<rdf><item><title>Loose</title><link>http://example.org/1</link></item></rdf>");
  EXPECT_EQ(f.feed_type, "rss");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Loose");
}

TEST(LiberalFeeds, ModuleNamespacesOverHttps) {
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:dc="https://purl.org/dc/elements/1.1/"><channel><title>T</title>
    <item><dc:creator>Ann</dc:creator><dc:date>2024-02-03T04:05:06Z</dc:date></item></channel></rss>)");
  ASSERT_EQ(f.items.size(), 1u);
  ASSERT_EQ(f.items[0].authors.size(), 1u);
  EXPECT_EQ(f.items[0].authors[0].name, "Ann");
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "2024-02-03T04:05:06Z");
}

TEST(LiberalFeeds, XhtmlBodyIsContent) {
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml"><channel><title>T</title>
    <item><title>I</title><xhtml:body><xhtml:p>Full <xhtml:b>text</xhtml:b></xhtml:p></xhtml:body></item>
  </channel></rss>)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].content, "<p>Full <b>text</b></p>");
}

TEST(LiberalFeeds, Atom03CreatedStandsInForIssued) {
  Feed f = MustParse(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#"><entry><title>E</title>
    <created>2003-12-13T08:29:29Z</created><modified>2003-12-14T08:29:29Z</modified></entry></feed>)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2003-12-13T08:29:29Z");
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "2003-12-14T08:29:29Z");
}

TEST(LiberalFeeds, RepeatedCategoriesOnce) {
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
    <item><category>saas</category><category>saas</category><dc:subject>saas</dc:subject>
    <category>news</category></item></channel></rss>)");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].categories, (Strings{"saas", "news"}));
}

TEST(LiberalFeeds, HtmlEntitiesOfAnUnreadDtd) {
  Feed f = MustParse(Fixture("rss091_netscape_dtd.xml"));
  EXPECT_EQ(f.feed_version, "0.91");
  EXPECT_EQ(f.title, "Netscape & RSS");
  EXPECT_EQ(f.description, "Old\u00a0news \u00a9 1999");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Caf\u00e9 outage");
  EXPECT_EQ(f.items[0].description, "More\u2026");
}

TEST(LiberalFeeds, AlternateLinkToHtmlPreferred) {
  Feed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom">
    <link rel="alternate" type="application/atom+xml" href="http://example.org/feed.atom"/>
    <link rel="alternate" type="text/html" href="http://example.org/"/>
    <entry><id>1</id><link rel="alternate" type="audio/mpeg" href="http://example.org/1.mp3"/>
      <link href="http://example.org/1"/></entry></feed>)");
  EXPECT_EQ(f.link, "http://example.org/");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].link, "http://example.org/1");
}

TEST(LiberalFeeds, EveryCreatorIsAnAuthor) {
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
    <item><dc:creator>Ann Author</dc:creator><dc:creator>Bob Writer</dc:creator></item></channel></rss>)");
  ASSERT_EQ(f.items.size(), 1u);
  ASSERT_EQ(f.items[0].authors.size(), 2u);
  EXPECT_EQ(f.items[0].authors[0].name, "Ann Author");
  EXPECT_EQ(f.items[0].authors[1].name, "Bob Writer");
}

TEST(LiberalFeeds, ModulesInAtomFeeds) {
  // Dublin Core and iTunes elements fill what an Atom feed and entry lack.
  Feed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom"
      xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
    <title>Atom with modules</title><dc:language>fr</dc:language><dc:creator>Feed Creator</dc:creator>
    <dc:rights>Rights</dc:rights><itunes:image href="http://example.org/show.jpg"/>
    <entry><title>e</title><id>1</id><dc:creator>Entry Creator</dc:creator><dc:subject>subj</dc:subject>
      <dc:date>2004-02-03T04:05:06Z</dc:date></entry></feed>)");
  EXPECT_EQ(f.language, "fr");
  EXPECT_EQ(f.copyright, "Rights");
  ASSERT_EQ(f.authors.size(), 1u);
  EXPECT_EQ(f.authors[0].name, "Feed Creator");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://example.org/show.jpg");
  ASSERT_EQ(f.items.size(), 1u);
  ASSERT_EQ(f.items[0].authors.size(), 1u);
  EXPECT_EQ(f.items[0].authors[0].name, "Entry Creator");
  EXPECT_EQ(f.items[0].categories, (Strings{"subj"}));
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "2004-02-03T04:05:06Z");
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2004-02-03T04:05:06Z");
}

TEST(LiberalFeeds, AtomElementsInRss) {
  Feed f = MustParse(R"(<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
    <atom:title>Atom title</atom:title><atom:subtitle>Atom subtitle</atom:subtitle>
    <atom:updated>2005-01-01T00:00:00Z</atom:updated><atom:author><atom:name>AA</atom:name></atom:author>
    <item><atom:title>Entry title</atom:title><link>http://example.org/1</link></item></channel></rss>)");
  EXPECT_EQ(f.title, "Atom title");
  EXPECT_EQ(f.description, "Atom subtitle");
  EXPECT_EQ(Utc(f.updated_parsed), "2005-01-01T00:00:00Z");
  ASSERT_EQ(f.authors.size(), 1u);
  EXPECT_EQ(f.authors[0].name, "AA");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "Entry title");
}

TEST(LiberalFeeds, ItunesLinkToAnImage) {
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:itunes="http://www.itunes.com/DTDs/PodCast-1.0.dtd"><channel>
    <title>T</title><itunes:link rel="image" type="image/jpeg" href="http://example.org/i.jpg">i</itunes:link>
  </channel></rss>)");
  ASSERT_TRUE(f.image);
  EXPECT_EQ(f.image->url, "http://example.org/i.jpg");
}

TEST(LiberalFeeds, RelativeUrlsInAtomMarkupTitles) {
  // feedparser resolves relative URLs in every text construct that is markup;
  // a plain-text one is left as written.
  Feed f = MustParse(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/a/">
    <title type="html">&lt;a href="b.html"&gt;B&lt;/a&gt;</title>
    <subtitle type="text">&lt;a href="b.html"&gt;B&lt;/a&gt;</subtitle></feed>)");
  EXPECT_EQ(f.title, R"(<a href="http://example.org/a/b.html">B</a>)");
  EXPECT_EQ(f.description, R"(<a href="b.html">B</a>)");
}

TEST(LiberalFeeds, Iso88591LabelReadAsWindows1252) {
  // The WHATWG Encoding Standard reads the label "iso-8859-1" as
  // windows-1252, whose 0x80..0x9F are printable (0x93 and 0x94 curly
  // quotes, 0x80 the euro sign, 0x96 an en dash), not C1 controls.
  Feed f = MustParse(
      "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><rss version=\"2.0\"><channel>"
      "<title>Caf\xe9 \x93quoted\x94 \x80 5</title><item><title>a \x96 "
      "b</title></item></channel></rss>");
  EXPECT_EQ(f.title, "Caf\u00e9 \u201cquoted\u201d \u20ac 5");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(f.items[0].title, "a \u2013 b");
}

// `text` (ASCII and BMP characters) as UTF-32 with a byte order mark.
std::string Utf32(std::u16string_view text, bool little_endian) {
  std::string out = little_endian ? std::string("\xff\xfe\0\0", 4) : std::string("\0\0\xfe\xff", 4);
  for (char16_t c : text) {
    char bytes[4] = {0, 0, static_cast<char>(c >> 8), static_cast<char>(c & 0xFF)};
    if (little_endian) std::swap(bytes[0], bytes[3]), std::swap(bytes[1], bytes[2]);
    out.append(bytes, 4);
  }
  return out;
}

TEST(LiberalFeeds, Utf32WithAByteOrderMark) {
  // XML 1.0 appendix F: 00 00 FE FF and FF FE 00 00 open UTF-32 documents.
  std::u16string_view feed =
      u"<?xml version=\"1.0\" encoding=\"utf-32\"?><rss version=\"2.0\"><channel>"
      u"<title>Caf\u00e9 \u20ac</title><item><title>\u00fcber</title></item></channel></rss>";
  for (bool le : {true, false}) {
    Feed f = MustParse(Utf32(feed, le));
    EXPECT_EQ(f.title, "Caf\u00e9 \u20ac") << le;
    ASSERT_EQ(f.items.size(), 1u) << le;
    EXPECT_EQ(f.items[0].title, "\u00fcber") << le;
  }
}

TEST(LiberalFeeds, UnescapedMarkupInRssWrittenAsHtml) {
  // RSS says description holds escaped HTML; feeds that put the markup in
  // raw (prefixed XHTML too) get it back as HTML, as feedparser gives it.
  Feed f = MustParse(
      R"(<rss version="2.0" xmlns:x="http://www.w3.org/1999/xhtml"><channel><title>T</title>
    <item><description><p id="y" class="x">line<br/>two <img src="i.png" alt="i"/></p></description></item>
    <item><description><x:p>pre<x:br/>fixed</x:p></description></item></channel></rss>)");
  ASSERT_EQ(f.items.size(), 2u);
  EXPECT_EQ(f.items[0].description,
            R"(<p class="x" id="y">line<br />two <img alt="i" src="i.png" /></p>)");
  EXPECT_EQ(f.items[1].description, "<p>pre<br />fixed</p>");
}

TEST(LiberalFeeds, AtomDateNamesWithoutNamespaceInRss) {
  Feed f = MustParse(R"(<rss version="2.0"><channel><title>T</title>
    <updated>2026-02-17T22:00:00Z</updated>
    <item><pubDate>Tue, 17 Feb 2026 22:04:13 +0000</pubDate><updated>Tue, 17 Feb 2026 22:04:15 +0000</updated>
    </item></channel></rss>)");
  EXPECT_EQ(Utc(f.updated_parsed), "2026-02-17T22:00:00Z");
  ASSERT_EQ(f.items.size(), 1u);
  EXPECT_EQ(Utc(f.items[0].published_parsed), "2026-02-17T22:04:13Z");
  EXPECT_EQ(Utc(f.items[0].updated_parsed), "2026-02-17T22:04:15Z");
}

}  // namespace
}  // namespace corroborate::ingest
