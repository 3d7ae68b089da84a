// RIPE RIS and RouteViews archives: file plans, listings, the download
// cache, and MRT files to series.
#include "ingest/measure/mrt_archive.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>

#include "core/text.h"
#include "ingest/measure/compressed_reader.h"

namespace corroborate::ingest {

namespace {

namespace fs = std::filesystem;

std::string TrimSlashes(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Instant Floor(Instant t, Instant step) { return t - ((t % step) + step) % step; }

std::string MonthDir(Instant t) {
  CivilTime c = ToCivil(t);
  return fmt::format("{:04}.{:02}", c.date.year, c.date.month);
}

std::string Stamp(Instant t) {
  CivilTime c = ToCivil(t);
  return fmt::format("{:04}{:02}{:02}.{:02}{:02}", c.date.year, c.date.month, c.date.day, c.hour,
                     c.minute);
}

// RouteViews' collector directory below the base: route-views2 is the root.
std::string RouteViewsDir(const std::string& name) {
  return name == "route-views2" ? "bgpdata" : name + "/bgpdata";
}

const char* Extension(MrtProject project) { return project == MrtProject::kRis ? ".gz" : ".bz2"; }

const char* Stem(MrtProject project, MrtFileKind kind) {
  if (kind == MrtFileKind::kUpdates) return "updates.";
  return project == MrtProject::kRis ? "bview." : "rib.";
}

// Reads "STEM.YYYYMMDD.HHMM.EXT" for the project; nullopt otherwise.
std::optional<std::pair<MrtFileKind, Instant>> ReadFileName(MrtProject project,
                                                            std::string_view name) {
  for (MrtFileKind kind : {MrtFileKind::kUpdates, MrtFileKind::kRib}) {
    std::string_view stem = Stem(project, kind);
    std::string_view ext = Extension(project);
    if (name.size() != stem.size() + 13 + ext.size() || name.substr(0, stem.size()) != stem ||
        name.substr(name.size() - ext.size()) != ext) {
      continue;
    }
    std::string_view stamp = name.substr(stem.size(), 13);
    if (stamp[8] != '.') continue;
    int digits[12];
    int n = 0;
    bool ok = true;
    for (std::size_t i = 0; i < stamp.size() && ok; ++i) {
      if (i == 8) continue;
      if (!std::isdigit(static_cast<unsigned char>(stamp[i])))
        ok = false;
      else
        digits[n++] = stamp[i] - '0';
    }
    if (!ok) continue;
    CivilTime c;
    c.date.year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    c.date.month = digits[4] * 10 + digits[5];
    c.date.day = digits[6] * 10 + digits[7];
    c.hour = digits[8] * 10 + digits[9];
    c.minute = digits[10] * 10 + digits[11];
    if (!IsValidDate(c.date.year, c.date.month, c.date.day) || c.hour > 23 || c.minute > 59)
      continue;
    return std::pair{kind, ToInstant(c)};
  }
  return std::nullopt;
}

std::string BaseFor(const MeasureServices& services, const MrtCollector& collector) {
  return TrimSlashes(collector.project == MrtProject::kRis ? services.ris_url
                                                           : services.routeviews_url);
}

// The collector's directory in its archive, for provenance.
std::string CollectorUrl(const std::string& base, const MrtCollector& collector) {
  return collector.project == MrtProject::kRis ? base + "/" + collector.name
                                               : base + "/" + RouteViewsDir(collector.name);
}

}  // namespace

Result<MrtCollector> ParseMrtCollector(std::string_view text) {
  std::string_view s = TrimAscii(text);
  MrtCollector collector;
  std::optional<MrtProject> forced;
  if (StartsWithIgnoreCase(s, "ris:")) {
    forced = MrtProject::kRis;
    s.remove_prefix(4);
  } else if (StartsWithIgnoreCase(s, "routeviews:")) {
    forced = MrtProject::kRouteViews;
    s.remove_prefix(11);
  }
  std::string name = ToLowerAscii(s);
  bool ok =
      !name.empty() && name.find("..") == std::string::npos &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
      });
  if (!ok) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("collector '{}': want rrcNN, route-views2, "
                            "route-views.NAME, ris:NAME or routeviews:NAME",
                            text));
  }
  if (forced) {
    collector.project = *forced;
  } else if (name.size() == 5 && name.rfind("rrc", 0) == 0 &&
             std::isdigit(static_cast<unsigned char>(name[3])) &&
             std::isdigit(static_cast<unsigned char>(name[4]))) {
    collector.project = MrtProject::kRis;
  } else if (name.find("route-views") != std::string::npos) {
    collector.project = MrtProject::kRouteViews;
  } else {
    return Fail(
        ErrorCode::kInvalidArgument,
        fmt::format("collector '{}': not a RIS (rrcNN) or RouteViews (route-views...) name; "
                    "say ris:{} or routeviews:{}",
                    text, name, name));
  }
  collector.name = std::move(name);
  return collector;
}

Instant MrtUpdatesInterval(MrtProject project) {
  return project == MrtProject::kRis ? 5 * kMinute : 15 * kMinute;
}
Instant MrtRibInterval(MrtProject project) {
  return project == MrtProject::kRis ? 8 * kHour : 2 * kHour;
}

MrtFileRef MrtFileAt(const MrtCollector& collector, const std::string& base_url, MrtFileKind kind,
                     Instant time) {
  MrtFileRef ref;
  ref.collector = collector;
  ref.kind = kind;
  ref.time = time;
  const std::string base = TrimSlashes(base_url);
  const std::string file =
      std::string(Stem(collector.project, kind)) + Stamp(time) + Extension(collector.project);
  const std::string month = MonthDir(time);
  if (collector.project == MrtProject::kRis) {
    ref.url = fmt::format("{}/{}/{}/{}", base, collector.name, month, file);
    ref.cache_name = fmt::format("ris/{}/{}/{}", collector.name, month, file);
  } else {
    const char* sub = kind == MrtFileKind::kUpdates ? "UPDATES" : "RIBS";
    ref.url = fmt::format("{}/{}/{}/{}/{}", base, RouteViewsDir(collector.name), month, sub, file);
    ref.cache_name = fmt::format("routeviews/{}/{}/{}/{}", collector.name, month, sub, file);
  }
  return ref;
}

std::vector<MrtFileRef> PlanMrtFiles(const MrtCollector& collector, const std::string& base_url,
                                     Instant from, Instant until, bool with_rib) {
  std::vector<MrtFileRef> out;
  if (until <= from) return out;
  if (with_rib) {
    out.push_back(MrtFileAt(collector, base_url, MrtFileKind::kRib,
                            Floor(from, MrtRibInterval(collector.project))));
  }
  const Instant step = MrtUpdatesInterval(collector.project);
  for (Instant t = Floor(from, step); t < until; t += step) {
    out.push_back(MrtFileAt(collector, base_url, MrtFileKind::kUpdates, t));
  }
  return out;
}

std::vector<std::string> MrtListingUrls(const MrtCollector& collector, const std::string& base_url,
                                        MrtFileKind kind, Instant from, Instant until) {
  std::vector<std::string> out;
  if (until <= from) return out;
  const std::string base = TrimSlashes(base_url);
  CivilTime c = ToCivil(from);
  const std::string last = MonthDir(until - 1);
  for (;;) {
    CivilTime first_of_month;
    first_of_month.date = CivilDate{c.date.year, c.date.month, 1};
    const std::string month = MonthDir(ToInstant(first_of_month));
    if (collector.project == MrtProject::kRis) {
      out.push_back(fmt::format("{}/{}/{}/", base, collector.name, month));
    } else {
      out.push_back(fmt::format("{}/{}/{}/{}/", base, RouteViewsDir(collector.name), month,
                                kind == MrtFileKind::kUpdates ? "UPDATES" : "RIBS"));
    }
    if (month == last) break;
    if (++c.date.month > 12) c.date.month = 1, ++c.date.year;
  }
  return out;
}

std::vector<MrtFileRef> ParseMrtListing(const MrtCollector& collector, const std::string& base_url,
                                        std::string_view html) {
  std::vector<MrtFileRef> out;
  std::set<std::pair<int, Instant>> seen;
  std::size_t pos = 0;
  while ((pos = html.find("href=", pos)) != std::string_view::npos) {
    pos += 5;
    if (pos >= html.size()) break;
    char quote = html[pos];
    std::size_t end;
    if (quote == '"' || quote == '\'') {
      end = html.find(quote, ++pos);
    } else {
      end = html.find_first_of(" >", pos);
    }
    if (end == std::string_view::npos) break;
    std::string_view href = html.substr(pos, end - pos);
    pos = end;
    href = href.substr(0, href.find_first_of("?#"));
    std::size_t slash = href.rfind('/');
    std::string_view name = slash == std::string_view::npos ? href : href.substr(slash + 1);
    auto read = ReadFileName(collector.project, name);
    if (!read || !seen.emplace(static_cast<int>(read->first), read->second).second) continue;
    out.push_back(MrtFileAt(collector, base_url, read->first, read->second));
  }
  return out;
}

std::vector<MrtFileRef> PickMrtFiles(std::vector<MrtFileRef> listed, Instant from, Instant until,
                                     bool with_rib) {
  std::sort(listed.begin(), listed.end(),
            [](const MrtFileRef& a, const MrtFileRef& b) { return a.time < b.time; });
  std::vector<MrtFileRef> out;
  const MrtFileRef* rib = nullptr;
  const MrtFileRef* covering = nullptr;  // the last update file starting at or before `from`
  for (const MrtFileRef& f : listed) {
    if (f.kind == MrtFileKind::kRib) {
      if (f.time <= from || (!rib && f.time < until)) rib = &f;
    } else if (f.time <= from) {
      covering = &f;
    } else if (f.time < until) {
      out.push_back(f);
    }
  }
  if (covering) out.push_back(*covering);
  if (with_rib && rib) out.push_back(*rib);
  std::sort(out.begin(), out.end(), [](const MrtFileRef& a, const MrtFileRef& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.kind == MrtFileKind::kRib && b.kind != MrtFileKind::kRib;
  });
  return out;
}

const char* MrtFileStateName(MrtFileState state) {
  switch (state) {
    case MrtFileState::kCached:
      return "cached";
    case MrtFileState::kDownloaded:
      return "downloaded";
    case MrtFileState::kMissing:
      return "missing";
    case MrtFileState::kFailed:
      return "failed";
  }
  return "failed";
}

Status CheckCompressedFile(const std::string& path) {
  auto reader = measure::CompressedReader::Open(path);
  if (!reader) return std::unexpected(reader.error());
  auto buffer = std::make_unique<uint8_t[]>(1 << 16);
  for (;;) {
    auto n = (*reader)->Read(buffer.get(), 1 << 16);
    if (!n) return Fail(n.error().code, fmt::format("{}: {}", path, n.error().message));
    if (*n == 0) return {};
  }
}

Result<std::vector<MrtFileOutcome>> DownloadMrtFiles(Fetcher& fetcher,
                                                     const std::vector<MrtFileRef>& files,
                                                     const MrtDownloadOptions& options, Instant now,
                                                     std::vector<FetchedFrom>& fetched) {
  if (options.cache_dir.empty())
    return Fail(ErrorCode::kInvalidArgument, "MRT download: no cache directory");
  std::error_code ec;
  fs::create_directories(options.cache_dir, ec);
  if (ec)
    return Fail(ErrorCode::kIo, fmt::format("{}: cannot create the cache directory: {}",
                                            options.cache_dir, ec.message()));

  std::vector<MrtFileOutcome> outcomes(files.size());
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < files.size(); ++i) {
    MrtFileOutcome& o = outcomes[i];
    o.file = files[i];
    o.path = (fs::path(options.cache_dir) / files[i].cache_name).string();
    if (fs::is_regular_file(o.path, ec)) {
      o.state = MrtFileState::kCached;
      o.bytes = fs::file_size(o.path, ec);
      continue;
    }
    fs::create_directories(fs::path(o.path).parent_path(), ec);
    if (ec) {
      o.error = Error{ErrorCode::kIo,
                      fmt::format("{}: cannot create its directory: {}", o.path, ec.message())};
      o.path.clear();
      continue;
    }
    pending.push_back(i);
  }

  const int attempts = std::max(1, options.max_attempts);
  for (int round = 1; round <= attempts && !pending.empty(); ++round) {
    std::vector<FetchRequest> requests;
    for (std::size_t i : pending) {
      FetchRequest r;
      r.url = files[i].url;
      r.output_path = outcomes[i].path + ".part";
      r.resume = true;
      r.max_bytes = options.max_file_bytes;
      r.timeout_ms = options.file_timeout_ms;
      requests.push_back(std::move(r));
    }
    std::vector<Result<FetchResponse>> results = fetcher.FetchAll(requests);
    std::vector<std::size_t> again;
    const bool last_round = round == attempts;
    for (std::size_t k = 0; k < pending.size(); ++k) {
      MrtFileOutcome& o = outcomes[pending[k]];
      const std::string part = requests[k].output_path;
      Result<FetchResponse>& result = results[k];
      ++o.requests;
      FetchedFrom record{.url = requests[k].url, .fetched_at = now};
      if (result)
        record.status = result->status;
      else if (auto status = HttpStatusOf(result.error()))
        record.status = *status;
      fetched.push_back(record);

      if (result) {
        Status check = CheckCompressedFile(part);
        if (check) {
          fs::rename(part, o.path, ec);
          if (ec) {
            o.error = Error{ErrorCode::kIo,
                            fmt::format("{}: cannot rename {}: {}", o.path, part, ec.message())};
            continue;
          }
          o.state = MrtFileState::kDownloaded;
          o.bytes = result->file_size;
          o.error.reset();
          continue;
        }
        fs::remove(part, ec);  // complete as served but unreadable: start over
        o.error =
            Error{ErrorCode::kParse, fmt::format("{}: downloaded but damaged: {}",
                                                 files[pending[k]].url, check.error().message)};
        if (!last_round) again.push_back(pending[k]);
        continue;
      }
      const Error& error = result.error();
      o.error = error;
      const std::optional<int> status = HttpStatusOf(error);
      if (status == 404 || status == 410) {
        fs::remove(part, ec);
        o.state = MrtFileState::kMissing;
        continue;
      }
      if (status == 416) {
        fs::remove(part, ec);  // the partial file does not fit the server's: start over
        if (!last_round) again.push_back(pending[k]);
        continue;
      }
      if (IsTransient(error) && !last_round) again.push_back(pending[k]);
    }
    pending = std::move(again);
  }
  for (MrtFileOutcome& o : outcomes) {
    if (o.state == MrtFileState::kFailed) o.path.clear();
  }
  return outcomes;
}

std::size_t MrtFetchResult::missing() const {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(),
                    [](const MrtFileOutcome& o) { return o.state == MrtFileState::kMissing; }));
}

std::size_t MrtFetchResult::failed() const {
  return static_cast<std::size_t>(
      std::count_if(files.begin(), files.end(),
                    [](const MrtFileOutcome& o) { return o.state == MrtFileState::kFailed; }));
}

Result<MrtFetchResult> FetchMrtSeries(Fetcher& fetcher, const MeasureServices& services,
                                      const MrtFetchRequest& request, const WindowDetector& detect,
                                      Instant now,
                                      const std::function<void(const std::string&)>& warn) {
  if (request.collectors.empty())
    return Fail(ErrorCode::kInvalidArgument, "MRT fetch: no collectors");
  if (request.targets.empty()) return Fail(ErrorCode::kInvalidArgument, "MRT fetch: no targets");
  if (request.until <= request.from) {
    return Fail(ErrorCode::kInvalidArgument,
                fmt::format("MRT fetch: the range {} .. {} is empty", FormatRfc3339(request.from),
                            FormatRfc3339(request.until)));
  }
  if (request.download.cache_dir.empty())
    return Fail(ErrorCode::kInvalidArgument, "MRT fetch: no cache directory");
  MrtFetchResult out;
  const bool listing = request.plan == MrtPlanMode::kListing ||
                       (request.plan == MrtPlanMode::kAuto && request.from < kMrtGridSince);

  // Which files: predicted from the grid, or read from the month listings.
  std::vector<std::vector<MrtFileRef>> plans(request.collectors.size());
  if (!listing) {
    for (std::size_t c = 0; c < request.collectors.size(); ++c) {
      const MrtCollector& collector = request.collectors[c];
      plans[c] = PlanMrtFiles(collector, BaseFor(services, collector), request.from, request.until,
                              request.with_rib);
    }
  } else {
    std::vector<FetchRequest> pages;
    std::vector<std::size_t> owner;
    for (std::size_t c = 0; c < request.collectors.size(); ++c) {
      const MrtCollector& collector = request.collectors[c];
      const std::string base = BaseFor(services, collector);
      std::set<std::string> urls;
      // A day back for the update file covering the start, a RIB interval for the RIB.
      for (const std::string& u : MrtListingUrls(collector, base, MrtFileKind::kUpdates,
                                                 request.from - kDay, request.until)) {
        urls.insert(u);
      }
      if (request.with_rib) {
        for (const std::string& u :
             MrtListingUrls(collector, base, MrtFileKind::kRib,
                            request.from - MrtRibInterval(collector.project), request.until)) {
          urls.insert(u);
        }
      }
      for (const std::string& u : urls) {
        pages.push_back(FetchRequest{.url = u});
        owner.push_back(c);
      }
    }
    std::vector<Result<FetchResponse>> answers = fetcher.FetchAll(pages);
    std::vector<std::vector<MrtFileRef>> listed(request.collectors.size());
    for (std::size_t k = 0; k < pages.size(); ++k) {
      FetchedFrom record{.url = pages[k].url, .fetched_at = now};
      if (answers[k]) {
        record.status = answers[k]->status;
        const MrtCollector& collector = request.collectors[owner[k]];
        for (MrtFileRef& f :
             ParseMrtListing(collector, BaseFor(services, collector), answers[k]->body)) {
          listed[owner[k]].push_back(std::move(f));
        }
      } else {
        if (auto status = HttpStatusOf(answers[k].error())) record.status = *status;
        if (record.status != 404) out.warnings.push_back(answers[k].error().message);
      }
      out.fetched.push_back(std::move(record));
    }
    for (std::size_t c = 0; c < request.collectors.size(); ++c) {
      plans[c] = PickMrtFiles(std::move(listed[c]), request.from, request.until, request.with_rib);
    }
  }

  std::vector<MrtFileRef> all;
  for (const auto& plan : plans) all.insert(all.end(), plan.begin(), plan.end());
  auto outcomes = DownloadMrtFiles(fetcher, all, request.download, now, out.fetched);
  if (!outcomes) return std::unexpected(outcomes.error());
  out.files = std::move(*outcomes);

  std::vector<MrtStream> streams;
  std::vector<std::string> sources;
  std::size_t next = 0, had = 0;
  for (std::size_t c = 0; c < request.collectors.size(); ++c) {
    const MrtCollector& collector = request.collectors[c];
    MrtStream stream{.name = collector.name, .paths = {}};
    for (std::size_t k = 0; k < plans[c].size(); ++k, ++next) {
      const MrtFileOutcome& o = out.files[next];
      if (o.state == MrtFileState::kCached || o.state == MrtFileState::kDownloaded) {
        stream.paths.push_back(o.path);
        ++had;
      } else if (o.state == MrtFileState::kMissing) {
        out.warnings.push_back(fmt::format(
            "{}: not in the archive; {} of {}'s data is missing", o.file.url,
            o.file.kind == MrtFileKind::kRib ? "the RIB" : "an update interval", collector.name));
      } else {
        out.warnings.push_back(o.error ? o.error->message : o.file.url + ": failed");
      }
    }
    if (plans[c].empty())
      out.warnings.push_back(fmt::format("{}: no files listed for the range", collector.name));
    sources.push_back(CollectorUrl(BaseFor(services, collector), collector));
    streams.push_back(std::move(stream));
  }
  if (had == 0) {
    return Fail(
        ErrorCode::kNotFound,
        fmt::format("no MRT file for {} .. {} could be had ({} missing, {} failed{})",
                    FormatRfc3339(request.from), FormatRfc3339(request.until), out.missing(),
                    out.failed(), out.warnings.empty() ? "" : "; " + out.warnings.front()));
  }
  std::string provenance;
  for (const std::string& s : sources) provenance += (provenance.empty() ? "" : " ") + s;
  provenance += fmt::format(" {}/{}", FormatRfc3339(request.from), FormatRfc3339(request.until));
  out.bgp = BuildMrtSeries(streams, request.targets, request.step, provenance, detect, warn);
  for (const MrtFileRead& read : out.bgp.files) {
    if (read.error) out.warnings.push_back(read.error->message);
  }
  return out;
}

}  // namespace corroborate::ingest
