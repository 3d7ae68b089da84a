// Measurements fetched from the services that publish them: IODA API v2
// (raw signals and outage events) and Cloudflare Radar outage annotations.
// The MRT archives of RIPE RIS and RouteViews are in mrt_archive.h.
//
// Each fetcher takes the Fetcher to use, the service's base URL (from
// MeasureServices) and the caller's "now", and returns plain structs: the
// series and windows the existing importers read from the responses, and a
// record of every request made (URL, time fetched, status). Stored rows
// name the endpoint without its query string as their provenance, so the
// same record fetched again over an overlapping range is the same row.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/measure.h"
#include "core/time.h"
#include "ingest/fetch/fetcher.h"

namespace corroborate::ingest {

// Where each service lives; the defaults are the public services.
struct MeasureServices {
  std::string ioda_url = "https://api.ioda.inetintel.cc.gatech.edu/v2";
  std::string radar_url = "https://api.cloudflare.com";
  std::string ris_url = "https://data.ris.ripe.net";
  std::string routeviews_url = "https://archive.routeviews.org";
  std::string radar_token;  // Cloudflare API token, sent as a Bearer token
};

// The one place the environment is read: CORROBORATE_IODA_URL,
// CORROBORATE_RADAR_URL, CORROBORATE_RIS_URL, CORROBORATE_ROUTEVIEWS_URL
// (for mirrors and tests) and CLOUDFLARE_API_TOKEN, through `get`
// (std::getenv in the program). Unset or empty variables keep the defaults;
// trailing slashes are removed from URLs.
[[nodiscard]] MeasureServices MeasureServicesFromEnvironment(
    const std::function<const char*(const char*)>& get);

// One request a fetcher made.
struct FetchedFrom {
  std::string url;         // as requested
  Instant fetched_at = 0;  // the caller's "now"
  int status = 0;          // HTTP status; 0 when the request failed before one
};

struct MeasureFetch {
  std::vector<Series> series;
  std::vector<OutageWindow> windows;
  std::vector<FetchedFrom> fetched;   // every request, in the order made
  std::vector<std::string> warnings;  // records the importers skipped
};

struct IodaQuery {
  std::string entity;  // "country:KP", "asn:131279", "region:1234", ...
  Instant from = 0;
  Instant until = 0;
  std::string datasource;  // "bgp", "ping-slash24", ...; "" = every one
  int max_points = 0;      // signals: points per series (maxPoints); 0 = the API's choice
  int page_size = 2000;    // events: asked per page (limit); a full page asks for the next
  int max_pages = 50;      // events: at most this many pages
};

enum class IodaEventFormat { kCodf, kIoda };

// GET {base}/signals/raw/{entityType}/{entityCode}?from&until[&datasource][&maxPoints],
// read by ImportIoda. Fails naming the URL on an HTTP error, an error in
// IODA's envelope or a body that is not IODA JSON; kInvalidArgument for an
// entity that is not "type:code" or an empty or reversed range.
[[nodiscard]] Result<MeasureFetch> FetchIodaSignals(Fetcher& fetcher, const std::string& base_url,
                                                    const IodaQuery& query, Instant now);

// GET {base}/outages/events?entityType&entityCode&from&until&format=codf|ioda
// [&datasource]&limit&page, page after page (from 0) while a page comes back
// full. Same failures as FetchIodaSignals; a page that fails after others
// fails the whole fetch (nothing half-read is returned).
[[nodiscard]] Result<MeasureFetch> FetchIodaEvents(Fetcher& fetcher, const std::string& base_url,
                                                   const IodaQuery& query, IodaEventFormat format,
                                                   Instant now);

struct RadarQuery {
  std::string entity;  // "country:KP" (location) or "asn:N"; "" = every outage
  Instant from = 0;
  Instant until = 0;
  int page_size = 100;  // limit; a full page asks for the next (offset)
  int max_pages = 50;
};

// GET {base}/client/v4/radar/annotations/outages?dateStart&dateEnd
// [&location|&asn]&limit&offset&format=json with "Authorization: Bearer
// TOKEN", read by ImportRadar, page after page. kInvalidArgument without a
// token or with an entity other than a country or an ASN; otherwise as
// FetchIodaEvents.
[[nodiscard]] Result<MeasureFetch> FetchRadarOutages(Fetcher& fetcher, const std::string& base_url,
                                                     const std::string& token,
                                                     const RadarQuery& query, Instant now);

// Percent-encodes everything but RFC 3986 unreserved characters.
[[nodiscard]] std::string PercentEncode(std::string_view text);

}  // namespace corroborate::ingest
