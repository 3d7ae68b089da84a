#include "ingest/fetch/robots.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.h"

namespace corroborate::ingest {
namespace {

constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

bool Unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One spelling per octet: %XX of an unreserved character decoded, other
// escapes upper-cased, non-ASCII octets escaped. Both sides of a match are
// normalised so "/%7Euser" and "/~user" are the same path.
std::string NormalisePercent(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      const auto decoded = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (Unreserved(decoded)) {
        out.push_back(static_cast<char>(decoded));
      } else {
        out.push_back('%');
        out.push_back(kHex[decoded >> 4]);
        out.push_back(kHex[decoded & 15]);
      }
      i += 2;
    } else if (c >= 0x80 || c <= 0x20) {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

// Whether `pattern` ("*" any run, a final "$" the end) matches a prefix of
// `path` (or the whole of it when anchored). Greedy leftmost matching of the
// pieces between stars is exact for this pattern language and linear in
// practice, whatever the number of stars.
bool Matches(std::string_view pattern, std::string_view path) {
  bool anchored = false;
  if (!pattern.empty() && pattern.back() == '$') {
    anchored = true;
    pattern.remove_suffix(1);
  }
  std::vector<std::string_view> pieces;
  std::size_t start = 0;
  while (true) {
    const std::size_t star = pattern.find('*', start);
    pieces.push_back(
        pattern.substr(start, star == std::string_view::npos ? pattern.npos : star - start));
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
  // The first piece is anchored at the start of the path.
  if (!path.starts_with(pieces.front())) return false;
  std::size_t pos = pieces.front().size();
  if (pieces.size() == 1) return !anchored || pos == path.size();
  // Middle pieces: leftmost occurrence after the previous one.
  for (std::size_t i = 1; i + 1 < pieces.size(); ++i) {
    const std::size_t at = path.find(pieces[i], pos);
    if (at == std::string_view::npos) return false;
    pos = at + pieces[i].size();
  }
  const std::string_view last = pieces.back();
  if (!anchored) return path.find(last, pos) != std::string_view::npos;
  return path.size() >= pos + last.size() && path.ends_with(last);
}

}  // namespace

RobotsRules RobotsRules::AllowAll() { return RobotsRules{}; }

RobotsRules RobotsRules::DisallowAll() {
  RobotsRules rules;
  rules.disallow_all_ = true;
  return rules;
}

RobotsRules RobotsRules::Parse(std::string_view body, std::string_view product_token) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  const std::string token = ToLowerAscii(product_token);

  // A group is a run of user-agent lines and the rules after them; the rules
  // of every group that names our token (or, when none does, of every "*"
  // group) apply, merged.
  RobotsRules ours;
  RobotsRules star;
  bool ours_found = false;
  bool group_is_ours = false;
  bool group_is_star = false;
  bool in_agents = false;  // the previous meaningful line was a user-agent line

  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find_first_of("\r\n", pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    pos = eol + 1;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = ToLowerAscii(TrimAscii(line.substr(0, colon)));
    const std::string_view value = TrimAscii(line.substr(colon + 1));

    if (key == "user-agent" || key == "useragent" || key == "user agent") {
      if (!in_agents) group_is_ours = group_is_star = false;
      in_agents = true;
      // The product token is the value up to the first space or slash.
      const std::string agent = ToLowerAscii(value.substr(0, value.find_first_of(" /")));
      if (agent == "*") {
        group_is_star = true;
      } else if (!agent.empty() && agent == token) {
        group_is_ours = true;
        ours_found = true;
      }
      continue;
    }
    in_agents = false;
    if (key == "allow" || key == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with no path disallows nothing
      Rule rule{NormalisePercent(value), key == "allow"};
      if (group_is_ours) ours.rules_.push_back(rule);
      if (group_is_star) star.rules_.push_back(std::move(rule));
    } else if (key == "crawl-delay") {
      double seconds = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc{} && end == value.data() + value.size() && std::isfinite(seconds) &&
          seconds >= 0) {
        if (group_is_ours) ours.crawl_delay_ = seconds;
        if (group_is_star) star.crawl_delay_ = seconds;
      }
    }
  }
  return ours_found ? ours : star;
}

bool RobotsRules::Allowed(std::string_view path) const {
  const std::string normal = NormalisePercent(path.empty() ? std::string_view("/") : path);
  if (normal == "/robots.txt") return true;
  if (disallow_all_) return false;
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (!Matches(rule.pattern, normal)) continue;
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  return best == nullptr || best->allow;
}

std::optional<std::string> RobotsUrlFor(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  const std::string scheme = ToLowerAscii(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  const std::size_t host_start = scheme_end + 3;
  const std::size_t host_end = url.find_first_of("/?#", host_start);
  std::string_view authority =
      url.substr(host_start, host_end == std::string_view::npos ? url.npos : host_end - host_start);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  if (authority.empty()) return std::nullopt;
  return scheme + "://" + ToLowerAscii(authority) + "/robots.txt";
}

std::string RobotsPathOf(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  std::size_t path_start =
      url.find_first_of("/?#", scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
  if (path_start == std::string_view::npos) return "/";
  std::string_view rest = url.substr(path_start);
  if (const std::size_t hash = rest.find('#'); hash != std::string_view::npos)
    rest = rest.substr(0, hash);
  if (rest.empty()) return "/";
  if (rest.front() == '?') return "/" + std::string(rest);
  return std::string(rest);
}

std::string ProductToken(std::string_view user_agent) {
  user_agent = TrimAscii(user_agent);
  return std::string(user_agent.substr(0, user_agent.find_first_of(" /")));
}

RobotsRules RobotsFromFetch(const Result<FetchResponse>& fetched, std::string_view product_token) {
  if (fetched) return RobotsRules::Parse(fetched->body, product_token);
  if (const std::optional<int> status = HttpStatusOf(fetched.error());
      status && *status >= 400 && *status < 500 && *status != 429) {
    return RobotsRules::AllowAll();
  }
  return RobotsRules::DisallowAll();
}

}  // namespace corroborate::ingest
