#include "ingest/social/posts.h"

#include <fmt/core.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "core/text.h"
#include "core/time.h"
#include "ingest/identity.h"
#include "ingest/limits.h"
#include "ingest/html/fragment_text.h"
#include "ingest/url.h"

namespace corroborate::ingest {

namespace {

using Json = nlohmann::json;

// ---------------------------------------------------------------------------
// JSON plumbing

// Nesting depth of `json` counted over brackets outside strings, stopping
// as soon as it exceeds `limit`. Keeps nlohmann and our own recursion bounded.
bool DepthWithin(std::string_view json, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

Result<Json> ParseJson(std::string_view json) {
  if (Status fits = CheckInputSize(InputKind::kJson, json.size()); !fits) {
    return std::unexpected(fits.error());
  }
  std::string sanitized;
  if (!IsValidUtf8(json)) {
    sanitized = SanitizeUtf8(json);
    json = sanitized;
  }
  if (!DepthWithin(json, kMaxSocialJsonDepth)) {
    return Fail(ErrorCode::kParse,
                fmt::format("JSON nested deeper than {} levels", kMaxSocialJsonDepth));
  }
  try {
    return Json::parse(json);
  } catch (const Json::exception& e) {
    // what(): "[json.exception.parse_error.101] parse error at line 1, column 2: ...".
    std::string_view what = e.what();
    size_t bracket = what.find("] ");
    if (bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
    std::string message(what.substr(0, 200));
    if (what.size() > 200) message += "...";
    for (char& c : message) {
      if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    }
    return Fail(ErrorCode::kParse, "invalid JSON: " + SanitizeUtf8(message));
  }
}

const Json* Member(const Json& obj, const char* key) {
  if (!obj.is_object()) return nullptr;
  auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

const Json* ObjectMember(const Json& obj, const char* key) {
  const Json* m = Member(obj, key);
  return m && m->is_object() ? m : nullptr;
}

const Json* ArrayMember(const Json& obj, const char* key) {
  const Json* m = Member(obj, key);
  return m && m->is_array() ? m : nullptr;
}

// The string member `key`, "" when missing or not a string.
std::string Str(const Json& obj, const char* key) {
  const Json* m = Member(obj, key);
  return m && m->is_string() ? m->get<std::string>() : std::string();
}

// An id that APIs give as a string or, in some implementations, a number.
std::string IdMember(const Json& obj, const char* key) {
  const Json* m = Member(obj, key);
  if (!m) return "";
  if (m->is_string()) return m->get<std::string>();
  if (m->is_number_unsigned()) return std::to_string(m->get<std::uint64_t>());
  if (m->is_number_integer()) return std::to_string(m->get<std::int64_t>());
  return "";
}

std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const char* TypeName(const Json& value) {
  return value.type_name();
}

void Warn(std::vector<std::string>* warnings, std::string message) {
  if (warnings) warnings->push_back(std::move(message));
}

// "Display Name (@handle)", or "@handle" when there is no display name.
std::string AuthorName(std::string_view display_name, std::string_view handle) {
  std::string name = CollapseWhitespace(display_name);
  if (handle.empty()) return name;
  if (name.empty()) return fmt::format("@{}", handle);
  return fmt::format("{} (@{})", name, handle);
}

bool SetPublished(Document& doc, std::string_view text) {
  std::optional<ParsedTime> t = ParseIso8601(text);
  if (!t) return false;
  doc.published = t->instant;
  doc.published_precision = t->granularity;
  if (t->had_zone) doc.published_offset = t->utc_offset;
  return true;
}

// ---------------------------------------------------------------------------
// Mastodon

class MastodonParser {
 public:
  MastodonParser(std::string_view source_url, std::vector<std::string>* warnings)
      : api_host_(UrlHost(source_url)), warnings_(warnings) {}

  void Add(const Json& item, const std::string& where) {
    if (!item.is_object()) {
      Warn(warnings_, fmt::format("{}: a {} where a status was expected, skipped", where,
                                  TypeName(item)));
      return;
    }
    const Json* reblog = ObjectMember(item, "reblog");
    const Json& status = reblog ? *reblog : item;
    std::string uri = Str(status, "uri");
    std::string url = Str(status, "url");
    if (uri.empty()) uri = url;
    if (url.empty()) url = uri;
    std::string id = IdMember(status, "id");
    std::string label = uri.empty() ? where : fmt::format("{} ({})", where, uri);
    if (uri.empty()) {
      Warn(warnings_, fmt::format("{}: status without uri or url, skipped", label));
      return;
    }
    if (!id.empty()) id_to_uri_.emplace(id, uri);
    if (!seen_.insert(uri).second) return;  // reblogged again, or listed twice

    const Json* account = ObjectMember(status, "account");
    const Json* content = Member(status, "content");
    Document doc;
    doc.kind = DocumentKind::kPost;
    if (!account) {
      Warn(warnings_, fmt::format("{}: status without account, skipped", label));
      return;
    }
    if (!content || !content->is_string()) {
      Warn(warnings_, fmt::format("{}: status without content, skipped", label));
      return;
    }
    if (!SetPublished(doc, Str(status, "created_at"))) {
      Warn(warnings_, fmt::format("{}: status without a valid created_at, skipped", label));
      return;
    }
    doc.guid = uri;
    doc.url = url;
    std::string acct = Str(*account, "acct");
    if (acct.empty()) acct = Str(*account, "username");
    if (!acct.empty() && acct.find('@') == std::string::npos) {
      // Local accounts have a bare username; qualify it with their server.
      std::string host = UrlHost(Str(*account, "url"));
      if (host.empty()) host = UrlHost(uri);
      if (!host.empty()) acct += "@" + host;
    }
    doc.author = AuthorName(Str(*account, "display_name"), acct);
    static constexpr std::string_view kHidden[] = {"quote-inline"};
    std::string text = html::HtmlFragmentToText(content->get<std::string>(), kHidden);
    std::string spoiler = CollapseWhitespace(Str(status, "spoiler_text"));
    doc.text = spoiler.empty() ? text : text.empty() ? spoiler : spoiler + "\n" + text;
    doc.language = Str(status, "language");
    doc.quote_of = QuoteOf(status, uri);
    doc.raw = Dump(status);
    doc.raw_type = "application/json";
    FillIdentity(doc);
    std::string in_reply_to = IdMember(status, "in_reply_to_id");
    if (!in_reply_to.empty()) replies_.emplace_back(docs_.size(), std::move(in_reply_to), uri);
    docs_.push_back(std::move(doc));
  }

  std::vector<Document> Finish() {
    for (const auto& [index, parent_id, uri] : replies_) {
      auto it = id_to_uri_.find(parent_id);
      docs_[index].parent_url = it != id_to_uri_.end() ? it->second : Reference(parent_id, uri);
    }
    return std::move(docs_);
  }

 private:
  // "mastodon:<host>:<id>" for an id local to the API server.
  std::string Reference(std::string_view id, std::string_view status_uri) const {
    return fmt::format("mastodon:{}:{}", api_host_.empty() ? UrlHost(status_uri) : api_host_, id);
  }

  // Mastodon 4.4+: "quote": {"state", "quoted_status": Status | null} or, in
  // nested positions, {"state", "quoted_status_id"}. Older forks (Fedibird):
  // "quote": Status, or "quote_id".
  std::string QuoteOf(const Json& status, std::string_view uri) const {
    if (const Json* quote = ObjectMember(status, "quote")) {
      const Json* quoted = ObjectMember(*quote, "quoted_status");
      if (!quoted && Member(*quote, "account")) quoted = quote;
      if (quoted) {
        std::string quoted_uri = Str(*quoted, "uri");
        if (quoted_uri.empty()) quoted_uri = Str(*quoted, "url");
        if (!quoted_uri.empty()) return quoted_uri;
        std::string quoted_id = IdMember(*quoted, "id");
        if (!quoted_id.empty()) return Reference(quoted_id, uri);
      }
      std::string quoted_id = IdMember(*quote, "quoted_status_id");
      if (!quoted_id.empty()) return Reference(quoted_id, uri);
    }
    std::string quote_id = IdMember(status, "quote_id");
    return quote_id.empty() ? "" : Reference(quote_id, uri);
  }

  std::string api_host_;
  std::vector<std::string>* warnings_;
  std::vector<Document> docs_;
  std::unordered_set<std::string> seen_;
  std::unordered_map<std::string, std::string> id_to_uri_;
  std::vector<std::tuple<size_t, std::string, std::string>> replies_;  // doc, parent id, uri
};

bool LooksLikeMastodonStatus(const Json& value) {
  return value.is_object() && Member(value, "account") && (Member(value, "content") || Member(value, "uri"));
}

std::string DescribeShape(const Json& value) {
  if (!value.is_object()) return fmt::format("a JSON {}", TypeName(value));
  std::string keys;
  int n = 0;
  for (auto it = value.begin(); it != value.end() && n < 6; ++it, ++n) {
    keys += (n ? ", " : "") + SanitizeUtf8(it.key().substr(0, 40));
  }
  if (value.size() > 6) keys += ", ...";
  return keys.empty() ? "an empty object" : fmt::format("an object with keys {}", keys);
}

// ---------------------------------------------------------------------------
// Bluesky

bool IsPostUri(std::string_view uri) {
  return uri.starts_with("at://") && uri.find("/app.bsky.feed.post/") != std::string_view::npos;
}

// record.text with link facets expanded: the app shortens long link text
// ("example.com/some/lo...") and keeps the full URI in the facet.
std::string ExpandLinks(const Json& record, std::string text) {
  const Json* facets = ArrayMember(record, "facets");
  if (!facets) return text;
  struct Link {
    size_t start, end;
    std::string uri;
  };
  std::vector<Link> links;
  for (const Json& facet : *facets) {
    const Json* index = ObjectMember(facet, "index");
    const Json* features = ArrayMember(facet, "features");
    if (!index || !features) continue;
    const Json* start = Member(*index, "byteStart");
    const Json* end = Member(*index, "byteEnd");
    if (!start || !end || !start->is_number_unsigned() || !end->is_number_unsigned()) continue;
    for (const Json& feature : *features) {
      if (Str(feature, "$type") != "app.bsky.richtext.facet#link") continue;
      links.push_back({start->get<size_t>(), end->get<size_t>(), Str(feature, "uri")});
    }
  }
  std::sort(links.begin(), links.end(), [](const Link& a, const Link& b) { return a.start > b.start; });
  size_t limit = text.size();  // ranges must not overlap
  for (const Link& link : links) {
    if (link.start >= link.end || link.end > limit || link.uri.empty()) continue;
    std::string_view shown = std::string_view(text).substr(link.start, link.end - link.start);
    std::string_view stem = shown;
    if (stem.ends_with("...")) stem.remove_suffix(3);
    else if (stem.ends_with("\xE2\x80\xA6")) stem.remove_suffix(3);  // U+2026
    std::string_view full = link.uri;
    size_t scheme = full.find("://");
    std::string_view bare = scheme == std::string_view::npos ? full : full.substr(scheme + 3);
    if (stem.size() != shown.size() && !stem.empty() &&
        (bare.starts_with(stem) || full.starts_with(stem))) {
      text.replace(link.start, link.end - link.start, link.uri);
    }
    limit = link.start;
  }
  return SanitizeUtf8(text);
}

class BlueskyParser {
 public:
  explicit BlueskyParser(std::vector<std::string>* warnings) : warnings_(warnings) {}

  void AddPost(const Json& post, const std::string& where) {
    if (!post.is_object()) {
      Warn(warnings_, fmt::format("{}: a {} where a post view was expected, skipped", where,
                                  TypeName(post)));
      return;
    }
    std::string uri = Str(post, "uri");
    std::string label = uri.empty() ? where : fmt::format("{} ({})", where, uri);
    if (!uri.starts_with("at://")) {
      Warn(warnings_, fmt::format("{}: post without an at:// uri, skipped", label));
      return;
    }
    if (!seen_.insert(uri).second) return;
    const Json* author = ObjectMember(post, "author");
    const Json* record = ObjectMember(post, "record");
    if (!author || !record) {
      Warn(warnings_, fmt::format("{}: post without {}, skipped", label, author ? "record" : "author"));
      return;
    }
    Document doc;
    doc.kind = DocumentKind::kPost;
    if (!SetPublished(doc, Str(*record, "createdAt")) && !SetPublished(doc, Str(post, "indexedAt"))) {
      Warn(warnings_, fmt::format("{}: post without a valid createdAt or indexedAt, skipped", label));
      return;
    }
    std::string_view rest = std::string_view(uri).substr(5);
    std::string did(rest.substr(0, rest.find('/')));
    std::string rkey(rest.substr(rest.rfind('/') + 1));
    std::string handle = Str(*author, "handle");
    std::string profile = handle.empty() || handle == "handle.invalid" ? Str(*author, "did") : handle;
    if (profile.empty()) profile = did;
    doc.guid = uri;
    doc.url = IsPostUri(uri) ? fmt::format("https://bsky.app/profile/{}/post/{}", profile, rkey) : "";
    doc.author = AuthorName(Str(*author, "displayName"), profile);
    doc.text = ExpandLinks(*record, Str(*record, "text"));
    if (const Json* langs = ArrayMember(*record, "langs"); langs && !langs->empty() &&
                                                           (*langs)[0].is_string()) {
      doc.language = (*langs)[0].get<std::string>();
    }
    if (const Json* reply = ObjectMember(*record, "reply")) {
      if (const Json* parent = ObjectMember(*reply, "parent")) doc.parent_url = Str(*parent, "uri");
    }
    if (const Json* embed = ObjectMember(*record, "embed")) {
      // app.bsky.embed.record: embed.record is a strong ref; recordWithMedia
      // nests it once more (embed.record.record).
      if (const Json* ref = ObjectMember(*embed, "record")) {
        std::string quoted = Str(*ref, "uri");
        if (const Json* inner = ObjectMember(*ref, "record"); quoted.empty() && inner) {
          quoted = Str(*inner, "uri");
        }
        if (IsPostUri(quoted)) doc.quote_of = quoted;
      }
    }
    doc.raw = Dump(post);
    doc.raw_type = "application/json";
    FillIdentity(doc);
    docs_.push_back(std::move(doc));
  }

  // A getPostThread node: #threadViewPost {post, parent?, replies?}, or
  // #notFoundPost / #blockedPost. Parents come first (oldest first), then
  // the post, then its replies depth first.
  void AddThread(const Json& node, const std::string& where) {
    std::vector<const Json*> parents;
    for (const Json* p = ObjectMember(node, "parent"); p; p = ObjectMember(*p, "parent")) {
      parents.push_back(p);
    }
    for (auto it = parents.rbegin(); it != parents.rend(); ++it) AddThreadPost(**it, where + " parent");
    AddThreadPost(node, where);
    AddReplies(node, where);
  }

  std::vector<Document> Finish() { return std::move(docs_); }

 private:
  void AddThreadPost(const Json& node, const std::string& where) {
    if (const Json* post = ObjectMember(node, "post")) {
      AddPost(*post, where);
    } else if (Member(node, "notFound") || Member(node, "blocked")) {
      Warn(warnings_, fmt::format("{}: {} is {}, skipped", where, Str(node, "uri"),
                                  Member(node, "blocked") ? "blocked" : "not found"));
    } else {
      Warn(warnings_, fmt::format("{}: thread item without a post, skipped", where));
    }
  }

  void AddReplies(const Json& node, const std::string& where) {
    const Json* replies = ArrayMember(node, "replies");
    if (!replies) return;
    for (size_t i = 0; i < replies->size(); ++i) {
      std::string here = fmt::format("{} reply {}", where, i);
      AddThreadPost((*replies)[i], here);
      AddReplies((*replies)[i], here);
    }
  }

  std::vector<std::string>* warnings_;
  std::vector<Document> docs_;
  std::unordered_set<std::string> seen_;
};

bool LooksLikeBlueskyPost(const Json& value) {
  return value.is_object() && Str(value, "uri").starts_with("at://") && Member(value, "record");
}

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string QueryEscape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Host[:port] of an http(s) URL, lowercased, without userinfo.
std::string Authority(std::string_view url) {
  size_t start = url.find("://");
  if (start == std::string_view::npos) return "";
  url.remove_prefix(start + 3);
  std::string_view authority = url.substr(0, url.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  return ToLowerAscii(authority);
}

// Non-empty path segments of an absolute URL (query and fragment dropped).
std::vector<std::string_view> PathSegments(std::string_view url) {
  size_t start = url.find("://");
  url.remove_prefix(start == std::string_view::npos ? url.size() : start + 3);
  url = url.substr(0, url.find_first_of("?#"));
  size_t slash = url.find('/');
  url.remove_prefix(slash == std::string_view::npos ? url.size() : slash);
  std::vector<std::string_view> out;
  while (!url.empty()) {
    url.remove_prefix(1);
    std::string_view segment = url.substr(0, url.find('/'));
    if (!segment.empty()) out.push_back(segment);
    url.remove_prefix(segment.size());
  }
  return out;
}

bool AllOf(std::string_view s, bool (*ok)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), ok);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}
bool IsAcctChar(char c) { return IsIdChar(c) || c == '.' || c == '@'; }
bool IsHandleChar(char c) { return IsAcctChar(c) || c == ':'; }

}  // namespace

namespace {

Result<std::vector<Document>> MastodonFromJson(const Json& root, std::string_view source_url,
                                               std::vector<std::string>* warnings) {
  MastodonParser parser(source_url, warnings);
  if (root.is_array()) {
    for (size_t i = 0; i < root.size(); ++i) parser.Add(root[i], fmt::format("status {}", i));
  } else if (const Json* statuses = ArrayMember(root, "statuses")) {
    for (size_t i = 0; i < statuses->size(); ++i) {
      parser.Add((*statuses)[i], fmt::format("statuses[{}]", i));
    }
  } else if (ArrayMember(root, "ancestors") || ArrayMember(root, "descendants")) {
    for (const char* key : {"ancestors", "descendants"}) {
      const Json* list = ArrayMember(root, key);
      for (size_t i = 0; list && i < list->size(); ++i) {
        parser.Add((*list)[i], fmt::format("{}[{}]", key, i));
      }
    }
  } else if (LooksLikeMastodonStatus(root)) {
    parser.Add(root, "status");
  } else {
    return Fail(ErrorCode::kParse,
                "expected a Mastodon status, an array of statuses or a search result "
                "{\"statuses\": [...]}, got " + DescribeShape(root));
  }
  return parser.Finish();
}

Result<std::vector<Document>> BlueskyFromJson(const Json& root, std::vector<std::string>* warnings) {
  BlueskyParser parser(warnings);
  if (const Json* feed = ArrayMember(root, "feed")) {
    for (size_t i = 0; i < feed->size(); ++i) {
      const Json& item = (*feed)[i];
      std::string where = fmt::format("feed[{}]", i);
      if (const Json* post = ObjectMember(item, "post")) {
        parser.AddPost(*post, where);
      } else {
        Warn(warnings, where + ": feed item without a post, skipped");
      }
    }
  } else if (const Json* posts = ArrayMember(root, "posts")) {
    for (size_t i = 0; i < posts->size(); ++i) parser.AddPost((*posts)[i], fmt::format("posts[{}]", i));
  } else if (const Json* thread = ObjectMember(root, "thread")) {
    parser.AddThread(*thread, "thread");
  } else if (LooksLikeBlueskyPost(root)) {
    parser.AddPost(root, "post");
  } else {
    return Fail(ErrorCode::kParse,
                "expected a Bluesky feed {\"feed\": [...]}, search result {\"posts\": [...]}, "
                "thread {\"thread\": {...}} or post view, got " + DescribeShape(root));
  }
  return parser.Finish();
}

SocialJsonKind Detect(const Json& root) {
  if (root.is_array()) {
    return root.empty() || LooksLikeMastodonStatus(root[0]) ? SocialJsonKind::kMastodon
                                                            : SocialJsonKind::kUnknown;
  }
  if (!root.is_object()) return SocialJsonKind::kUnknown;
  if (Str(root, "version").starts_with("https://jsonfeed.org/version/")) {
    return SocialJsonKind::kJsonFeed;
  }
  if (ArrayMember(root, "feed") || ArrayMember(root, "posts") || ObjectMember(root, "thread") ||
      LooksLikeBlueskyPost(root)) {
    return SocialJsonKind::kBluesky;
  }
  if (ArrayMember(root, "statuses") ||
      (ArrayMember(root, "ancestors") && ArrayMember(root, "descendants")) ||
      LooksLikeMastodonStatus(root)) {
    return SocialJsonKind::kMastodon;
  }
  return SocialJsonKind::kUnknown;
}

}  // namespace

Result<std::vector<Document>> ParseMastodon(std::string_view json, std::string_view source_url,
                                            std::vector<std::string>* warnings) {
  Result<Json> root = ParseJson(json);
  if (!root) return std::unexpected(root.error());
  return MastodonFromJson(*root, source_url, warnings);
}

Result<std::vector<Document>> ParseBluesky(std::string_view json, std::vector<std::string>* warnings) {
  Result<Json> root = ParseJson(json);
  if (!root) return std::unexpected(root.error());
  return BlueskyFromJson(*root, warnings);
}

Result<std::vector<Document>> ParseSocialPosts(std::string_view json, std::string_view source_url,
                                               std::vector<std::string>* warnings) {
  Result<Json> root = ParseJson(json);
  if (!root) return std::unexpected(root.error());
  switch (Detect(*root)) {
    case SocialJsonKind::kMastodon: return MastodonFromJson(*root, source_url, warnings);
    case SocialJsonKind::kBluesky: return BlueskyFromJson(*root, warnings);
    case SocialJsonKind::kJsonFeed:
      return Fail(ErrorCode::kUnsupported, "a JSON Feed, not social posts (parse it as a feed)");
    case SocialJsonKind::kUnknown: break;
  }
  return Fail(ErrorCode::kParse,
              "expected Mastodon or Bluesky API JSON, got " + DescribeShape(*root));
}

SocialJsonKind DetectSocialJson(std::string_view json) {
  Result<Json> root = ParseJson(json);
  return root ? Detect(*root) : SocialJsonKind::kUnknown;
}

const char* SocialJsonKindName(SocialJsonKind kind) {
  switch (kind) {
    case SocialJsonKind::kMastodon: return "mastodon";
    case SocialJsonKind::kBluesky: return "bluesky";
    case SocialJsonKind::kJsonFeed: return "jsonfeed";
    case SocialJsonKind::kUnknown: break;
  }
  return "unknown";
}

Result<std::string> TimelineApiUrl(std::string_view input) {
  std::string_view url = TrimAscii(input);
  std::string scheme = UrlScheme(url);
  std::string authority = Authority(url);
  if ((scheme != "http" && scheme != "https") || authority.empty()) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not an http(s) URL", url));
  }
  std::vector<std::string_view> path = PathSegments(url);
  std::string base = scheme + "://" + authority;
  auto unsupported = [&] {
    return Fail(ErrorCode::kUnsupported,
                fmt::format("{}: not a Mastodon hashtag, account or status page, a Bluesky "
                            "profile or post, or an API URL", url));
  };
  if (!path.empty() && (path[0] == "xrpc" || (path[0] == "api" && path.size() >= 2 &&
                                              (path[1] == "v1" || path[1] == "v2")))) {
    return std::string(url);
  }
  if (authority == "bsky.app" || authority == "www.bsky.app") {
    const std::string xrpc = "https://public.api.bsky.app/xrpc/";
    if (path.size() == 2 && path[0] == "profile" && AllOf(path[1], IsHandleChar)) {
      return fmt::format("{}app.bsky.feed.getAuthorFeed?actor={}&limit=50", xrpc, QueryEscape(path[1]));
    }
    if (path.size() == 4 && path[0] == "profile" && path[2] == "post" &&
        AllOf(path[1], IsHandleChar) && AllOf(path[3], IsIdChar)) {
      std::string at_uri = fmt::format("at://{}/app.bsky.feed.post/{}", path[1], path[3]);
      return fmt::format("{}app.bsky.feed.getPostThread?uri={}", xrpc, QueryEscape(at_uri));
    }
    return unsupported();
  }
  if (path.size() == 2 && path[0] == "tags") {
    return fmt::format("{}/api/v1/timelines/tag/{}?limit=40", base, path[1]);
  }
  std::string_view acct;
  std::string_view status_id;
  if (!path.empty() && path[0].size() > 1 && path[0][0] == '@') {
    acct = path[0].substr(1);
    if (path.size() >= 2 && AllOf(path[1], IsDigit)) status_id = path[1];
  } else if (path.size() >= 2 && path[0] == "users") {
    acct = path[1];
    if (path.size() >= 4 && path[2] == "statuses" && AllOf(path[3], IsIdChar)) status_id = path[3];
  }
  if (!status_id.empty()) return fmt::format("{}/api/v1/statuses/{}", base, status_id);
  if (AllOf(acct, IsAcctChar) && acct.front() != '@') {
    return fmt::format("{}/api/v1/accounts/lookup?acct={}", base, acct);
  }
  return unsupported();
}

Result<std::string> AccountStatusesUrl(std::string_view host, std::string_view account_json) {
  std::string authority = host.find("://") != std::string_view::npos ? Authority(host)
                                                                      : ToLowerAscii(TrimAscii(host));
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, fmt::format("{}: not a host name", host));
  }
  Result<Json> root = ParseJson(account_json);
  if (!root) return std::unexpected(root.error());
  std::string id = IdMember(*root, "id");
  if (!root->is_object() || !AllOf(id, IsIdChar)) {
    return Fail(ErrorCode::kParse, "expected a Mastodon account {\"id\": ...}, got " + DescribeShape(*root));
  }
  return fmt::format("https://{}/api/v1/accounts/{}/statuses?limit=40", authority, id);
}

}  // namespace corroborate::ingest
