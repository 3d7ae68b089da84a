#include "ingest/url.h"

#include <libxml/uri.h>
#include <libxml/xmlmemory.h>

#include <memory>
#include <vector>

#include "core/text.h"

namespace corroborate::ingest {

namespace {

struct XmlCharDeleter {
  void operator()(xmlChar* p) const { xmlFree(p); }
};

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view reference) {
  std::string ref(TrimAscii(reference));
  if (base.empty()) return ref;
  if (!UrlScheme(ref).empty()) return ref;
  std::string b(TrimAscii(base));
  std::unique_ptr<xmlChar, XmlCharDeleter> built(
      xmlBuildURI(reinterpret_cast<const xmlChar*>(ref.c_str()),
                  reinterpret_cast<const xmlChar*>(b.c_str())));
  if (!built) return ref;
  return reinterpret_cast<const char*>(built.get());
}

std::string UrlScheme(std::string_view url) {
  url = TrimAscii(url);
  size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) return "";
  for (size_t i = 0; i < colon; ++i) {
    char c = url[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return "";
  }
  return ToLowerAscii(url.substr(0, colon));
}

std::string UrlHost(std::string_view url) {
  std::string scheme = UrlScheme(url);
  if (scheme != "http" && scheme != "https") return "";
  url = TrimAscii(url);
  std::string_view rest = url.substr(scheme.size() + 1);
  if (rest.substr(0, 2) != "//") return "";
  rest.remove_prefix(2);
  size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return ToLowerAscii(authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1));
  }
  size_t colon = authority.find(':');
  return ToLowerAscii(authority.substr(0, colon));
}

std::string CanonicalUrl(std::string_view input) {
  std::string url(TrimAscii(input));
  std::string scheme = UrlScheme(url);
  if (scheme != "http" && scheme != "https") return url;
  std::string_view rest = std::string_view(url).substr(scheme.size() + 1);
  if (rest.substr(0, 2) != "//") return url;
  rest.remove_prefix(2);
  size_t path_start = rest.find_first_of("/?#");
  std::string authority(rest.substr(0, path_start));
  std::string tail(path_start == std::string_view::npos ? "" : rest.substr(path_start));
  // Drop userinfo, lowercase host, drop default port.
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority.erase(0, at + 1);
  authority = ToLowerAscii(authority);
  std::string default_port = scheme == "http" ? ":80" : ":443";
  if (authority.size() > default_port.size() &&
      authority.compare(authority.size() - default_port.size(), default_port.size(), default_port) == 0) {
    authority.erase(authority.size() - default_port.size());
  }
  // Drop the fragment.
  size_t hash = tail.find('#');
  if (hash != std::string::npos) tail.erase(hash);
  // Split path and query; drop tracking parameters.
  size_t q = tail.find('?');
  std::string path = q == std::string::npos ? tail : tail.substr(0, q);
  std::string query = q == std::string::npos ? "" : tail.substr(q + 1);
  if (path.empty()) path = "/";
  std::vector<std::string> kept;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t amp = query.find('&', start);
    std::string param = query.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    std::string key = ToLowerAscii(param.substr(0, param.find('=')));
    bool tracking = key.rfind("utm_", 0) == 0 || key == "fbclid" || key == "gclid" ||
                    key == "mc_cid" || key == "mc_eid";
    if (!param.empty() && !tracking) kept.push_back(param);
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  std::string out = scheme + "://" + authority + path;
  for (size_t i = 0; i < kept.size(); ++i) out += (i == 0 ? "?" : "&") + kept[i];
  return out;
}

}  // namespace corroborate::ingest
