#include "store/documents.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/store/fixture.h"

namespace corroborate::store {
namespace {

class DocumentsTest : public StoreTest {};

TEST_F(DocumentsTest, ReinsertAddsNothing) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::vector<Document> docs = {Doc("https://a.example/1", "one", "h1"),
                                Doc("https://a.example/2", "two", "h2")};
  auto first = documents.InsertDocuments(docs);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->added, 2);
  EXPECT_EQ(first->unchanged, 0);
  auto second = documents.InsertDocuments(docs);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->added, 0);
  EXPECT_EQ(second->unchanged, 2);
  EXPECT_EQ(second->ids, first->ids);
  EXPECT_EQ(*documents.CountDocuments(), 2);
}

TEST_F(DocumentsTest, SameUrlTwiceInOneBatchIsStoredOnce) {
  auto db = OpenOrDie();
  Documents documents(*db);
  auto report = documents.InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), Doc("https://a.example/1", "changed", "h9")});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->ids[0], report->ids[1]);
}

TEST_F(DocumentsTest, SameTextUnderAnotherUrlIsMarkedDuplicate) {
  auto db = OpenOrDie();
  Documents documents(*db);
  auto a = documents.InsertDocuments({Doc("https://wire.example/story", "AP text", "same")});
  ASSERT_TRUE(a);
  auto b = documents.InsertDocuments({Doc("https://paper.example/copy", "AP text", "same"),
                                      Doc("https://other.example/copy", "AP text", "same")});
  ASSERT_TRUE(b);
  EXPECT_EQ(b->added, 0);
  EXPECT_EQ(b->duplicates, 2);
  // Both copies point at the first stored original, not at each other.
  for (std::int64_t id : b->ids) {
    auto doc = documents.GetDocument(id);
    ASSERT_TRUE(doc);
    EXPECT_EQ(doc->duplicate_of, a->ids[0]);
  }
  DocumentFilter originals;
  originals.include_duplicates = false;
  EXPECT_EQ(*documents.CountDocuments(originals), 1);
  EXPECT_EQ(*documents.CountDocuments(), 3);
  // Re-ingesting the copies changes nothing.
  auto again = documents.InsertDocuments({Doc("https://paper.example/copy", "AP text", "same")});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->duplicates, 0);
}

TEST_F(DocumentsTest, DuplicatesWithinOneBatch) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document no_url;
  no_url.text = "AP text";
  no_url.content_hash = "same";
  auto report =
      documents.InsertDocuments({Doc("https://wire.example/a", "AP text", "same"),
                                 Doc("https://paper.example/b", "AP text", "same"), no_url});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 1);
  EXPECT_EQ(report->duplicates, 1);
  EXPECT_EQ(report->unchanged, 1);  // no URL or GUID: identified by its text
  EXPECT_EQ(report->ids[2], report->ids[0]);
  EXPECT_EQ(documents.GetDocument(report->ids[1])->duplicate_of, report->ids[0]);
}

TEST_F(DocumentsTest, GuidIsAnIdentity) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document a = Doc("https://a.example/old-link", "text a", "ha");
  a.guid = "urn:uuid:1234";
  ASSERT_TRUE(documents.InsertDocuments({a}));
  Document b = Doc("https://a.example/new-link", "text b edited", "hb");
  b.guid = "urn:uuid:1234";
  auto report = documents.InsertDocuments({b});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->unchanged, 1);
  EXPECT_EQ(report->added, 0);
  EXPECT_EQ(*documents.CountDocuments(), 1);
}

TEST_F(DocumentsTest, TextWithoutUrlOrGuidIsIdentifiedByHash) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document d;
  d.text = "notes";
  d.content_hash = "hn";
  ASSERT_EQ(documents.InsertDocuments({d})->added, 1);
  EXPECT_EQ(documents.InsertDocuments({d})->unchanged, 1);
}

// A document without identity is left out; the rest of its batch is stored.
TEST_F(DocumentsTest, DocumentWithoutIdentityIsRejectedAlone) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document none;
  none.title = "nothing to identify";
  auto report = documents.InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), none, Doc("https://a.example/3", "three", "h3")});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->added, 2);
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1u);
  EXPECT_NE(report->rejected[0].reason.find("no canonical URL, GUID or content"), std::string::npos)
      << report->rejected[0].reason;
  ASSERT_EQ(report->ids.size(), 3u);
  EXPECT_EQ(report->ids[1], 0);
  EXPECT_EQ(*documents.CountDocuments(), 2);
}

// A row SQLite refuses costs only itself: the others of the batch are stored,
// in full (text, index, identities), and the refused one is named.
TEST_F(DocumentsTest, RefusedRowLeavesTheRestOfTheBatch) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document bad = Doc("https://a.example/bad", "bad", "hbad");
  bad.source_id = 4242;  // no such source: the foreign key fails
  Document copy_of_bad = Doc("https://b.example/bad", "bad", "hbad");  // same text as `bad`
  auto report = documents.InsertDocuments({Doc("https://a.example/1", "one", "h1"), bad,
                                           Doc("https://a.example/3", "three", "h3"), copy_of_bad});
  ASSERT_TRUE(report) << report.error().message;
  ASSERT_EQ(report->rejected.size(), 1u);
  EXPECT_EQ(report->rejected[0].index, 1u);
  EXPECT_NE(report->rejected[0].reason.find("FOREIGN KEY"), std::string::npos)
      << report->rejected[0].reason;
  // The copy was staged as a duplicate of `bad`; it is stored as the original.
  EXPECT_EQ(report->added, 3);
  EXPECT_EQ(report->duplicates, 0);
  EXPECT_EQ(report->ids[1], 0);
  EXPECT_EQ(*documents.CountDocuments(), 3);
  EXPECT_EQ(documents.Search("three")->size(), 1u);
  EXPECT_EQ(documents.Search("bad")->size(), 1u);
  auto copy = documents.GetDocument(report->ids[3]);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->duplicate_of, 0);
  // The identities went in: the same batch again adds nothing but `bad`,
  // which its source makes fail again.
  auto again = documents.InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), bad, Doc("https://a.example/3", "three", "h3")});
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->rejected.size(), 1u);
}

// A failure SQLite does not lay on a row (here a plain SQLITE_ERROR from a
// trigger another program added; the disk-full case is in
// store_crash_test) writes nothing of the batch and names the database.
TEST_F(DocumentsTest, FailedBatchLeavesNothing) {
  auto db = OpenOrDie();
  Documents documents(*db);
  ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/0", "zero", "h0")}));
  {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    other.exec(
        "CREATE TRIGGER fail_three AFTER INSERT ON documents WHEN NEW.text = 'three' "
        "BEGIN SELECT json('not json'); END");
  }
  auto report = documents.InsertDocuments(
      {Doc("https://a.example/1", "one", "h1"), Doc("https://a.example/3", "three", "h3")});
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::kStore);
  EXPECT_NE(report.error().message.find(path_), std::string::npos) << report.error().message;
  EXPECT_NE(report.error().message.find("nothing stored"), std::string::npos);
  EXPECT_EQ(*documents.CountDocuments(), 1);
  EXPECT_TRUE(documents.Search("one")->empty());
  // The store is usable afterwards and the other documents go in.
  auto ok = documents.InsertDocuments({Doc("https://a.example/1", "one", "h1")});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->added, 1);
}

TEST_F(DocumentsTest, RawBytesRoundTripCompressed) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document d = Doc("https://a.example/page", "page text", "hp");
  for (int i = 0; i < 2000; ++i) d.raw += "<p>repeated markup " + std::to_string(i % 7) + "</p>\n";
  d.raw += std::string("\0\xff\x01binary", 9);
  d.raw_type = "text/html";
  d.published = 1419282000;
  d.published_precision = Granularity::kMinute;
  d.published_offset = -5 * 3600;
  d.author = "A. Reporter";
  d.guid = "g-1";
  Document no_zone = Doc("https://a.example/other", "other text", "ho");
  auto report = documents.InsertDocuments({d, no_zone});
  ASSERT_TRUE(report);
  auto got = documents.GetDocument(report->ids[0]);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->doc.raw, d.raw);
  EXPECT_EQ(got->doc.raw_type, "text/html");
  EXPECT_EQ(got->doc.published, d.published);
  EXPECT_EQ(got->doc.published_precision, Granularity::kMinute);
  EXPECT_EQ(got->doc.published_offset, -5 * 3600);
  EXPECT_FALSE(documents.GetDocument(report->ids[1])->doc.published_offset.has_value());
  EXPECT_EQ(got->doc.author, "A. Reporter");
  EXPECT_EQ(got->doc.guid, "g-1");
  EXPECT_FALSE(got->doc.modified.has_value());
  SQLite::Database file(path_);
  const int stored =
      file.execAndGet("SELECT length(raw) FROM documents WHERE guid = 'g-1'").getInt();
  EXPECT_LT(stored, static_cast<int>(d.raw.size()) / 4);
  EXPECT_EQ(documents.GetDocument(999).error().code, ErrorCode::kNotFound);
}

TEST_F(DocumentsTest, SearchFindsRanksAndSnippets) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document a = Doc("https://a.example/ddos",
                   "The outage was a denial of service attack on the "
                   "national network, officials said.",
                   "ha");
  a.title = "North Korea internet down";
  Document b = Doc("https://a.example/other", "Weather was mild. Service resumed later.", "hb");
  b.title = "Weather";
  Document copy = Doc("https://b.example/copy", a.text, "ha");
  ASSERT_TRUE(documents.InsertDocuments({a, b, copy}));
  auto hits = documents.Search("\"denial of service\"");
  ASSERT_TRUE(hits) << hits.error().message;
  ASSERT_EQ(hits->size(), 1u);  // the duplicate copy is left out
  EXPECT_EQ((*hits)[0].title, "North Korea internet down");
  EXPECT_NE((*hits)[0].snippet.find("a [denial of service] attack"), std::string::npos)
      << (*hits)[0].snippet;
  auto service = documents.Search("service");
  ASSERT_TRUE(service);
  EXPECT_EQ(service->size(), 2u);
  auto title_hit = documents.Search("korea OR weather");
  ASSERT_TRUE(title_hit);
  EXPECT_EQ(title_hit->size(), 2u);
  auto limited = documents.Search("service", 1);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->size(), 1u);
  for (const char* bad : {"\"unterminated", "AND OR", "service)", "nosuchcol:word"}) {
    auto r = documents.Search(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(documents.Search("   "));
}

// Issue 17, failure 4: "t* OR t* ..." took 56 s with 100 terms and 9.1 GB
// with 20,000. A query has at most 32 terms and 32 operators.
TEST_F(DocumentsTest, SearchRefusesTooManyTermsOrOperators) {
  auto db = OpenOrDie();
  Documents documents(*db);
  ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/t", "the network went down", "ha")}));
  std::string terms = "t*";
  for (int i = 1; i < 1000; ++i) terms += " OR t*";
  std::string phrase = "\"";
  for (int i = 0; i < 40; ++i) phrase += "the ";
  phrase += "\"";
  for (const std::string& q : {terms, phrase}) {
    auto r = documents.Search(q);
    ASSERT_FALSE(r) << q.substr(0, 40);
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(r.error().message.find("more than the limit of 32"), std::string::npos)
        << r.error().message;
  }
  std::string nested = std::string(40, '(') + "network" + std::string(40, ')');
  auto r = documents.Search(nested);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("40 operators"), std::string::npos) << r.error().message;
  // At the limits the query runs.
  std::string most = "network";
  for (int i = 1; i < 32; ++i) most += " OR w" + std::to_string(i);
  auto ok = documents.Search(most);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
  ok = documents.Search(std::string(32, '(') + "network" + std::string(32, ')'));
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
}

// The indexed words a query's prefix terms expand to, together, are bounded
// (10,000), counted as the index's tokenizer reads the prefix ("TW*" is
// "tw*").
TEST_F(DocumentsTest, SearchBoundsPrefixExpansions) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::string words;
  for (int i = 0; i <= 10000; ++i) words += "tw" + std::to_string(i) + " ";
  ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/words", words, "ha")}));
  for (const char* q : {"tw*", "TW*", "\"tw\"*"}) {
    auto r = documents.Search(q);
    ASSERT_FALSE(r) << q;
    EXPECT_EQ(r.error().code, ErrorCode::kTooLarge) << q;
    EXPECT_NE(r.error().message.find("more than 10000 indexed words"), std::string::npos)
        << r.error().message;
  }
  // tw1*: tw1, tw10..tw19, tw100..tw199, tw1000..tw1999, tw10000 (1,112);
  // tw2* .. tw9*: 1,111 each. Nine prefixes: 10,000 words; a tenth is one
  // too many.
  std::string nine = "tw1*";
  for (int d = 2; d <= 9; ++d) nine += " OR tw" + std::to_string(d) + "*";
  auto ok = documents.Search(nine);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->size(), 1u);
  auto over = documents.Search(nine + " OR tw0*");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::kTooLarge);
  SearchLimits tight;
  tight.max_prefix_words = 12;
  EXPECT_TRUE(documents.Search("tw100*", 20, tight));  // tw100, tw1000..tw1009, tw10000
  EXPECT_FALSE(documents.Search("tw10*", 20, tight));
}

// A query that runs past its time limit is stopped (SQLite's progress
// handler) with a message that names the limit.
TEST_F(DocumentsTest, SearchStopsAtItsTimeLimit) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::vector<Document> docs;
  for (int i = 0; i < 300; ++i) {
    docs.push_back(Doc("https://a.example/" + std::to_string(i),
                       "The network went down again, report " + std::to_string(i) + ".",
                       "h" + std::to_string(i)));
  }
  ASSERT_TRUE(documents.InsertDocuments(docs));
  SearchLimits none;
  none.max_seconds = 0;
  auto r = documents.Search("network OR report", 1000, none);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  EXPECT_NE(r.error().message.find("time limit of 0 s"), std::string::npos) << r.error().message;
  // The handler is gone afterwards: the next search runs to its end.
  auto all = documents.Search("network OR report", 1000);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 300u);
}

// Issue 17, failure 9: a syntax error echoed a 40 KB query. Messages quote
// its first 80 characters.
TEST_F(DocumentsTest, SearchMessagesQuoteAShortPrefixOfTheQuery) {
  auto db = OpenOrDie();
  Documents documents(*db);
  ASSERT_TRUE(documents.InsertDocuments({Doc("https://a.example/t", "the network went down", "ha")}));
  const std::string query = "\"" + std::string(40000, 'x');  // unterminated string
  auto r = documents.Search(query);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_LT(r.error().message.size(), 200u) << r.error().message.substr(0, 300);
  EXPECT_NE(r.error().message.find("\"" + query.substr(0, 80) + "\xE2\x80\xA6\""),
            std::string::npos)
      << r.error().message;
  // Nor does SQLite's own message, which names an unknown column.
  r = documents.Search(std::string(40000, 'c') + ":network");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_LT(r.error().message.size(), 400u) << r.error().message.substr(0, 500);
  EXPECT_NE(r.error().message.find("no such column"), std::string::npos) << r.error().message;
}

TEST_F(DocumentsTest, ListDocumentsFilters) {
  auto db = OpenOrDie();
  Documents documents(*db);
  Document a = Doc("https://a.example/1", "one", "h1");
  a.published = 1000;
  Document b = Doc("https://a.example/2", "two", "h2");
  b.published = 2000;
  b.kind = DocumentKind::kPost;
  Document c = Doc("https://a.example/3", "three", "h3");
  ASSERT_TRUE(documents.InsertDocuments({a, b, c}));
  DocumentFilter posts;
  posts.kind = DocumentKind::kPost;
  auto got = documents.ListDocuments(posts);
  ASSERT_TRUE(got);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].doc.url, "https://a.example/2");
  DocumentFilter window;
  window.published_from = 500;
  window.published_to = 2000;
  EXPECT_EQ(*documents.CountDocuments(window), 1);
  DocumentFilter page;
  page.limit = 2;
  got = documents.ListDocuments(page);
  ASSERT_EQ(got->size(), 2u);
  page.after_id = (*got)[1].doc.id;
  got = documents.ListDocuments(page);
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ((*got)[0].doc.text, "three");
}

}  // namespace
}  // namespace corroborate::store
