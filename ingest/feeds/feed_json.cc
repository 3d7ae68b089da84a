// JSON Feed 1.0/1.1 parsing, and the gofeed-style JSON rendering of a Feed.
#include <nlohmann/json.hpp>

#include <string>

#include "core/text.h"
#include "ingest/feeds/feed.h"
#include "ingest/feeds/internal.h"
#include "ingest/url.h"

namespace corroborate::ingest {
namespace feeds_internal {
namespace {

using Json = nlohmann::json;

std::string Str(const Json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return "";
  if (it->is_string()) return SanitizeUtf8(Trimmed(it->get_ref<const std::string&>()));
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number_unsigned()) return std::to_string(it->get<std::uint64_t>());
  if (it->is_number_float()) return std::to_string(static_cast<std::int64_t>(it->get<double>()));
  return "";
}

std::string Url(const Json& obj, const char* key, const FeedOptions& options) {
  std::string u = Str(obj, key);
  return u.empty() || options.url.empty() ? u : ResolveUrl(options.url, u);
}

std::vector<FeedPerson> Authors(const Json& obj) {
  std::vector<FeedPerson> out;
  auto add = [&out](const Json& a) {
    if (!a.is_object()) return;
    FeedPerson p{Str(a, "name"), "", Str(a, "url"), Str(a, "avatar")};
    if (!p.name.empty() || !p.url.empty() || !p.avatar.empty()) out.push_back(std::move(p));
  };
  if (auto it = obj.find("authors"); it != obj.end() && it->is_array()) {
    for (const Json& a : *it) add(a);
  }
  if (out.empty()) {
    if (auto it = obj.find("author"); it != obj.end()) add(*it);
  }
  return out;
}

}  // namespace

Result<Feed> ParseJsonFeed(std::string_view bytes, const FeedOptions& options) {
  Json root = Json::parse(bytes.begin(), bytes.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return Fail(ErrorCode::kParse, "not valid JSON");
  if (!root.is_object()) return Fail(ErrorCode::kParse, "JSON is not a JSON Feed (not an object)");
  std::string version = Str(root, "version");
  auto items = root.find("items");
  bool has_items = items != root.end() && items->is_array();
  if (version.find("jsonfeed.org/version/") == std::string::npos && !(has_items && !version.empty())) {
    return Fail(ErrorCode::kParse, "JSON is not a JSON Feed (no jsonfeed.org version)");
  }
  if (items != root.end() && !items->is_array()) {
    return Fail(ErrorCode::kParse, "JSON Feed \"items\" is not an array");
  }
  Feed feed;
  feed.feed_type = "json";
  if (size_t at = version.find("jsonfeed.org/version/"); at != std::string::npos) {
    version = version.substr(at + 21);
  }
  feed.feed_version = version;
  feed.title = Str(root, "title");
  feed.description = Str(root, "description");
  feed.link = Url(root, "home_page_url", options);
  feed.feed_link = Url(root, "feed_url", options);
  if (!feed.link.empty()) feed.links.push_back(feed.link);
  if (!feed.feed_link.empty()) feed.links.push_back(feed.feed_link);
  feed.language = NormalizeLanguage(Str(root, "language"));
  std::string icon = Url(root, "icon", options);
  if (icon.empty()) icon = Url(root, "favicon", options);
  if (!icon.empty()) feed.image = FeedImage{icon, ""};
  feed.authors = Authors(root);
  if (has_items) {
    for (const Json& j : *items) {
      if (!j.is_object()) continue;
      FeedItem item;
      item.guid = Str(j, "id");
      item.title = Str(j, "title");
      item.link = Url(j, "url", options);
      std::string external = Url(j, "external_url", options);
      if (!item.link.empty()) item.links.push_back(item.link);
      if (!external.empty()) item.links.push_back(external);
      if (item.link.empty()) item.link = external;
      item.content = Str(j, "content_html");
      if (item.content.empty()) item.content = Str(j, "content_text");
      item.description = Str(j, "summary");
      std::string image = Url(j, "image", options);
      if (image.empty()) image = Url(j, "banner_image", options);
      if (!image.empty()) item.image = FeedImage{image, ""};
      SetDate(Str(j, "date_published"), item.published, item.published_parsed);
      SetDate(Str(j, "date_modified"), item.updated, item.updated_parsed);
      item.authors = Authors(j);
      if (auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
        for (const Json& t : *tags) {
          if (t.is_string() && !t.get_ref<const std::string&>().empty()) {
            item.categories.push_back(SanitizeUtf8(t.get_ref<const std::string&>()));
          }
        }
      }
      if (auto att = j.find("attachments"); att != j.end() && att->is_array()) {
        for (const Json& a : *att) {
          if (!a.is_object()) continue;
          FeedEnclosure e{Url(a, "url", options), Str(a, "size_in_bytes"), Str(a, "mime_type")};
          if (!e.url.empty()) item.enclosures.push_back(std::move(e));
        }
      }
      feed.items.push_back(std::move(item));
    }
  }
  if (!feed.items.empty()) {
    feed.updated = feed.items[0].updated;
    feed.updated_parsed = feed.items[0].updated_parsed;
    feed.published = feed.items[0].published;
    feed.published_parsed = feed.items[0].published_parsed;
  }
  return feed;
}

}  // namespace feeds_internal

namespace {

using OJson = nlohmann::ordered_json;

void Put(OJson& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}

void PutList(OJson& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}

void PutDate(OJson& j, const char* key, const char* parsed_key, const std::string& text,
             const std::optional<ParsedDate>& parsed) {
  Put(j, key, text);
  if (parsed) j[parsed_key] = FormatParsedDate(*parsed);
}

OJson PersonJson(const FeedPerson& p) {
  OJson j = OJson::object();
  Put(j, "name", p.name);
  Put(j, "email", p.email);
  Put(j, "url", p.url);
  Put(j, "avatar", p.avatar);
  return j;
}

void PutAuthors(OJson& j, const std::vector<FeedPerson>& authors) {
  if (authors.empty()) return;
  j["author"] = PersonJson(authors[0]);
  OJson list = OJson::array();
  for (const FeedPerson& p : authors) list.push_back(PersonJson(p));
  j["authors"] = std::move(list);
}

void PutImage(OJson& j, const std::optional<FeedImage>& image) {
  if (!image) return;
  OJson i = OJson::object();
  Put(i, "url", image->url);
  Put(i, "title", image->title);
  j["image"] = std::move(i);
}

}  // namespace

std::string FeedToJson(const Feed& feed, std::string_view path) {
  OJson j = OJson::object();
  if (!path.empty()) j["path"] = SanitizeUtf8(path);
  Put(j, "title", feed.title);
  Put(j, "description", feed.description);
  Put(j, "link", feed.link);
  PutList(j, "links", feed.links);
  Put(j, "feedLink", feed.feed_link);
  Put(j, "id", feed.id);
  PutDate(j, "updated", "updatedParsed", feed.updated, feed.updated_parsed);
  PutDate(j, "published", "publishedParsed", feed.published, feed.published_parsed);
  PutAuthors(j, feed.authors);
  Put(j, "language", feed.language);
  PutImage(j, feed.image);
  Put(j, "copyright", feed.copyright);
  Put(j, "generator", feed.generator);
  PutList(j, "categories", feed.categories);
  OJson items = OJson::array();
  for (const FeedItem& it : feed.items) {
    OJson i = OJson::object();
    Put(i, "title", it.title);
    Put(i, "description", it.description);
    Put(i, "content", it.content);
    Put(i, "link", it.link);
    PutList(i, "links", it.links);
    PutDate(i, "updated", "updatedParsed", it.updated, it.updated_parsed);
    PutDate(i, "published", "publishedParsed", it.published, it.published_parsed);
    PutAuthors(i, it.authors);
    Put(i, "guid", it.guid);
    PutImage(i, it.image);
    PutList(i, "categories", it.categories);
    if (!it.enclosures.empty()) {
      OJson encs = OJson::array();
      for (const FeedEnclosure& e : it.enclosures) {
        OJson ej = OJson::object();
        Put(ej, "url", e.url);
        Put(ej, "length", e.length);
        Put(ej, "type", e.type);
        encs.push_back(std::move(ej));
      }
      i["enclosures"] = std::move(encs);
    }
    items.push_back(std::move(i));
  }
  j["items"] = std::move(items);
  j["feedType"] = feed.feed_type;
  j["feedVersion"] = feed.feed_version;
  j["recovered"] = feed.recovered;
  j["entries"] = feed.items.size();
  return j.dump(-1, ' ', false, OJson::error_handler_t::replace);
}

}  // namespace corroborate::ingest
