// IODA and Cloudflare Radar fetchers, and where the services live.
#include "ingest/measure/fetch.h"

#include <fmt/core.h>

#include <utility>

#include "core/text.h"
#include "ingest/measure/import.h"
#include "ingest/measure/json_input.h"

namespace corroborate::ingest {

namespace {

std::string TrimSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string WithoutQuery(const std::string& url) { return url.substr(0, url.find('?')); }

// "country:KP" -> {"country", "KP"}; fails for what IODA has no entities of.
Result<std::pair<std::string, std::string>> IodaEntity(const std::string& entity) {
  std::string normal = NormalizeEntity(entity);
  std::size_t colon = normal.find(':');
  std::string type = colon == std::string::npos ? "" : normal.substr(0, colon);
  if (type.empty() || type == "prefix") {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("IODA entity '{}': want country:CC, asn:N, region:ID or continent:CODE",
                            entity));
  }
  return std::pair{type, normal.substr(colon + 1)};
}

Status CheckRange(Instant from, Instant until, std::string_view service) {
  if (until <= from) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("{}: the range {} .. {} is empty", service, FormatRfc3339(from),
                            FormatRfc3339(until)));
  }
  return {};
}

// Fetches `request`, recording it in `out`; the body on a 2xx.
Result<std::string> Get(Fetcher& fetcher, const FetchRequest& request, Instant now,
                        MeasureFetch& out) {
  Result<FetchResponse> response = fetcher.Fetch(request);
  FetchedFrom record{.url = request.url, .fetched_at = now};
  if (response) {
    record.status = response->status;
  } else if (std::optional<int> status = HttpStatusOf(response.error())) {
    record.status = *status;
  }
  out.fetched.push_back(std::move(record));
  if (!response) return std::unexpected(response.error());
  return std::move(response->body);
}

void Append(MeasureImport imported, MeasureFetch& out) {
  for (Series& s : imported.series) out.series.push_back(std::move(s));
  for (OutageWindow& w : imported.windows) out.windows.push_back(std::move(w));
  for (std::string& w : imported.warnings) out.warnings.push_back(std::move(w));
}

// Records in one page of a paged API's answer: `data` (IODA) or
// `result.annotations` (Radar); 0 for anything else, which ends the paging
// (the importer reports what is wrong with it).
std::size_t PageCount(const std::string& body, std::string_view url, bool radar) {
  auto doc = ParseJsonInput(body, url);
  if (!doc || !doc->is_object()) return 0;
  const nlohmann::json* list = nullptr;
  if (radar) {
    auto result = doc->find("result");
    if (result != doc->end() && result->is_object()) {
      auto annotations = result->find("annotations");
      if (annotations != result->end()) list = &*annotations;
    }
  } else {
    auto data = doc->find("data");
    if (data != doc->end()) list = &*data;
  }
  return list && list->is_array() ? list->size() : 0;
}

}  // namespace

MeasureServices MeasureServicesFromEnvironment(const std::function<const char*(const char*)>& get) {
  MeasureServices services;
  auto read = [&](const char* name, std::string& field, bool url) {
    const char* value = get ? get(name) : nullptr;
    if (value && *value) field = url ? TrimSlashes(value) : std::string(value);
  };
  read("CORROBORATE_IODA_URL", services.ioda_url, true);
  read("CORROBORATE_RADAR_URL", services.radar_url, true);
  read("CORROBORATE_RIS_URL", services.ris_url, true);
  read("CORROBORATE_ROUTEVIEWS_URL", services.routeviews_url, true);
  read("CLOUDFLARE_API_TOKEN", services.radar_token, false);
  return services;
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

Result<MeasureFetch> FetchIodaSignals(Fetcher& fetcher, const std::string& base_url,
                                      const IodaQuery& query, Instant now) {
  auto entity = IodaEntity(query.entity);
  if (!entity) return std::unexpected(entity.error());
  if (auto st = CheckRange(query.from, query.until, "IODA signals"); !st)
    return std::unexpected(st.error());
  std::string url = fmt::format("{}/signals/raw/{}/{}?from={}&until={}", TrimSlashes(base_url),
                                PercentEncode(entity->first), PercentEncode(entity->second),
                                query.from, query.until);
  if (!query.datasource.empty()) url += "&datasource=" + PercentEncode(query.datasource);
  if (query.max_points > 0) url += fmt::format("&maxPoints={}", query.max_points);
  MeasureFetch out;
  auto body = Get(fetcher, FetchRequest{.url = url}, now, out);
  if (!body) return std::unexpected(body.error());
  auto imported = ImportIoda(*body, WithoutQuery(url), now);
  if (!imported) return std::unexpected(imported.error());
  Append(std::move(*imported), out);
  return out;
}

Result<MeasureFetch> FetchIodaEvents(Fetcher& fetcher, const std::string& base_url,
                                     const IodaQuery& query, IodaEventFormat format, Instant now) {
  auto entity = IodaEntity(query.entity);
  if (!entity) return std::unexpected(entity.error());
  if (auto st = CheckRange(query.from, query.until, "IODA events"); !st)
    return std::unexpected(st.error());
  const int limit = std::max(1, query.page_size);
  std::string endpoint = TrimSlashes(base_url) + "/outages/events";
  MeasureFetch out;
  for (int page = 0; page < std::max(1, query.max_pages); ++page) {
    std::string url =
        fmt::format("{}?entityType={}&entityCode={}&from={}&until={}&format={}", endpoint,
                    PercentEncode(entity->first), PercentEncode(entity->second), query.from,
                    query.until, format == IodaEventFormat::kCodf ? "codf" : "ioda");
    if (!query.datasource.empty()) url += "&datasource=" + PercentEncode(query.datasource);
    url += fmt::format("&limit={}&page={}", limit, page);
    auto body = Get(fetcher, FetchRequest{.url = url}, now, out);
    if (!body) return std::unexpected(body.error());
    auto imported = ImportIoda(*body, endpoint, now);
    if (!imported) return std::unexpected(imported.error());
    Append(std::move(*imported), out);
    if (PageCount(*body, url, false) < static_cast<std::size_t>(limit)) return out;
  }
  out.warnings.push_back(
      fmt::format("{}: stopped after {} pages of {} events; narrow the range for the rest",
                  endpoint, query.max_pages, limit));
  return out;
}

Result<MeasureFetch> FetchRadarOutages(Fetcher& fetcher, const std::string& base_url,
                                       const std::string& token, const RadarQuery& query,
                                       Instant now) {
  if (token.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                "Cloudflare Radar: no API token (set CLOUDFLARE_API_TOKEN to a token with Radar "
                "read access)");
  }
  if (auto st = CheckRange(query.from, query.until, "Cloudflare Radar"); !st)
    return std::unexpected(st.error());
  std::string filter;
  if (!query.entity.empty()) {
    std::string normal = NormalizeEntity(query.entity);
    if (normal.rfind("country:", 0) == 0) {
      filter = "&location=" + PercentEncode(normal.substr(8));
    } else if (normal.rfind("asn:", 0) == 0) {
      filter = "&asn=" + PercentEncode(normal.substr(4));
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("Radar entity '{}': want country:CC or asn:N", query.entity));
    }
  }
  const int limit = std::max(1, query.page_size);
  const std::string endpoint = TrimSlashes(base_url) + "/client/v4/radar/annotations/outages";
  FetchRequest request;
  request.headers = {"Authorization: Bearer " + token, "Accept: application/json"};
  MeasureFetch out;
  for (int page = 0; page < std::max(1, query.max_pages); ++page) {
    request.url =
        fmt::format("{}?dateStart={}&dateEnd={}{}&limit={}&offset={}&format=json", endpoint,
                    PercentEncode(FormatRfc3339(query.from)),
                    PercentEncode(FormatRfc3339(query.until)), filter, limit, page * limit);
    auto body = Get(fetcher, request, now, out);
    if (!body) return std::unexpected(body.error());
    auto imported = ImportRadar(*body, endpoint, now);
    if (!imported) return std::unexpected(imported.error());
    Append(std::move(*imported), out);
    if (PageCount(*body, request.url, true) < static_cast<std::size_t>(limit)) return out;
  }
  out.warnings.push_back(
      fmt::format("{}: stopped after {} pages of {} annotations; narrow the range for the rest",
                  endpoint, query.max_pages, limit));
  return out;
}

}  // namespace corroborate::ingest
