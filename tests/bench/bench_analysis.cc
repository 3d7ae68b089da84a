// bench_analysis: analysis on a large store (issue 21, speed and scale).
//
// When DB_PATH does not exist, first fills it with COUNT documents (default
// 1,000,000) through the store's own API, as years of ingestion would leave
// it: news documents published over ten years (2015-2024) from 40 sources,
// most of them about other things (4% with an outage claim of their own
// about a random country or network, dated or not); INCIDENTS incidents
// (default 300) of 60 countries and 40 networks, each with its measured
// windows (an outage, often a warning from a second source and instability
// before), a visibility series, and 40 documents around it whose claims
// state its start, length, state and cause (mostly the true cause, some
// hedged, some other causes, some denials); plus 2,000 short warning blips
// of no incident. Documents go in batches of 2,000 through
// Documents::InsertDocuments with their claims through Extractions::Save
// (the claims are written directly, not extracted: the extractor has its
// own benchmark). About a minute per million documents on two cores.
//
// Then times the commands an analyst runs, each the best of 3 runs of the
// binary (process start included): `events --since` (the last 30 days),
// `events` (every incident), and `rank`, `check` and `brief` on the latest
// incident; what a watch cycle asks (pipeline::IncidentsWithNewData, in
// process) with nothing new and with the last 500 claims and windows taken as
// new; and the same commands on the bundled example's store (14 documents)
// for comparison.
//
//   bench_analysis [DB_PATH] [COUNT] [INCIDENTS]
//   (default /tmp/corroborate-bench-analysis.db; run it on the release build,
//   at nice; the store takes about 1.5 GB per million documents)
#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/measure.h"
#include "core/time.h"
#include "pipeline/analyse.h"
#include "pipeline/database.h"
#include "store/database.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "store/sources.h"

namespace {

using namespace corroborate;
namespace fs = std::filesystem;

constexpr Instant kFrom = 1'420'070'400;  // 2015-01-01
constexpr Instant kTo = kFrom + 3652 * kDay;
constexpr int kBatch = 2000;
constexpr int kExtractorVersion = 3;  // pipeline/extract_stored.h, so nothing is pending

const char* const kCountries[] = {
    "KP", "IR", "IQ", "SY", "SD", "ET", "MM", "PK", "IN", "BD", "VE", "CU", "RU", "UA", "BY",
    "KZ", "UZ", "TM", "TJ", "KG", "AF", "YE", "LY", "EG", "DZ", "TN", "MA", "NG", "CM", "TD",
    "ML", "NE", "BF", "SN", "GN", "SL", "LR", "CI", "GH", "TG", "BJ", "GA", "CG", "CD", "UG",
    "KE", "TZ", "RW", "BI", "ZW", "ZM", "MZ", "MW", "AO", "NA", "BW", "ZA", "LK", "NP", "TO"};
const char* const kCauses[] = {
    "government_directed", "cable_cut",   "power_outage", "military_action",
    "technical_problem",   "cyberattack", "weather"};
const char* const kWords[] = {
    "the",      "of",      "and",     "to",        "a",         "in",         "that",
    "said",     "was",     "for",     "on",        "with",      "officials",  "government",
    "minister", "market",  "prices",  "election",  "football",  "company",    "report",
    "weather",  "city",    "council", "police",    "hospital",  "school",     "budget",
    "trade",    "exports", "bank",    "inflation", "president", "parliament", "court",
    "festival", "museum",  "film",    "season",    "players",   "coach",      "rain",
    "flooding", "drought", "harvest", "workers",   "strike",    "union",      "talks",
    "summit",   "treaty",  "border",  "ministry",  "agency",    "network",    "service",
    "internet", "mobile",  "users",   "hours",     "monday",    "tuesday",    "week"};
const char* const kSpeakers[] = {
    "Doug Madory", "a ministry spokesperson", "Alp Toker",   "the operator", "a company statement",
    "NetBlocks",   "the regulator",           "an engineer", "the minister"};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  std::uint64_t Next() { return rng_(); }
  Instant Uniform(Instant from, Instant to) {
    return from + static_cast<Instant>(rng_() % static_cast<std::uint64_t>(to - from));
  }
  bool Chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }
  template <class T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[rng_() % N];
  }

  // Prose of `words` words in sentences.
  std::string Text(int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
      const char* w = kWords[static_cast<size_t>(std::pow(Next() % 1000 / 1000.0, 2) *
                                                 static_cast<double>(std::size(kWords)))];
      s += w;
      s += (i % 17 == 16) ? ". " : " ";
    }
    return s;
  }

 private:
  std::mt19937_64 rng_;
};

struct PlannedIncident {
  std::string entity;
  Instant start = 0, end = 0;
  std::string cause;
};

std::string Entity(Generator& g, int i) {
  if (i % 5 == 4) return fmt::format("asn:{}", 64512 + i % 40);
  return fmt::format("country:{}", g.Pick(kCountries));
}

Claim MakeClaim(ClaimType type, const std::string& entity, const std::string& sentence) {
  Claim c;
  c.type = type;
  c.sentence = sentence;
  c.sentence_end = sentence.size();
  c.subject = entity;
  c.certainty = 0.9;
  if (entity.rfind("country:", 0) == 0) {
    c.mentions.push_back(Mention{EntityKind::kCountry, entity, entity.substr(8), 0, 2});
  }
  return c;
}

// The claims of one document about `inc`.
std::vector<Claim> IncidentClaims(Generator& g, const PlannedIncident& inc) {
  std::vector<Claim> out;
  const std::string& e = inc.entity;
  Claim start = MakeClaim(ClaimType::kOutageStart, e,
                          fmt::format("Internet access in {} went down at {} UTC.", e,
                                      FormatRfc3339(inc.start).substr(11, 5)));
  start.state = "down";
  start.time = Interval{inc.start, inc.start + kMinute, Granularity::kMinute};
  start.time_text = FormatRfc3339(inc.start).substr(11, 5) + " UTC";
  out.push_back(start);
  if (g.Chance(60)) {
    Claim length = MakeClaim(ClaimType::kOutageDuration, e,
                             fmt::format("The outage lasted about {} hours.",
                                         std::max<Instant>(1, (inc.end - inc.start) / kHour)));
    length.duration_seconds = inc.end - inc.start + (g.Chance(30) ? kHour : 0);
    length.duration_mod = "APPROX";
    out.push_back(length);
  }
  if (g.Chance(70)) {
    const bool denial = g.Chance(15);
    const std::string cause = g.Chance(70) ? inc.cause : g.Pick(kCauses);
    Claim why = MakeClaim(denial ? ClaimType::kDenial : ClaimType::kCauseAssertion, "",
                          fmt::format("The outage was {}caused by {}, {} said.",
                                      denial ? "not " : "", cause, g.Pick(kSpeakers)));
    why.cause = cause;
    why.attribution.speaker = g.Pick(kSpeakers);
    why.negated = denial;
    why.stance = denial ? Stance::kDenies : g.Chance(30) ? Stance::kHedges : Stance::kAsserts;
    why.certainty = why.stance == Stance::kHedges ? 0.6 : 0.9;
    if (e.rfind("country:", 0) == 0) {
      why.mentions.push_back(Mention{EntityKind::kCountry, e, e.substr(8), 0, 2});
    }
    out.push_back(why);
  }
  if (g.Chance(30)) {
    Claim back = MakeClaim(ClaimType::kOutageEnd, e, "Service was restored later that day.");
    back.state = "up";
    back.time = Interval{inc.end, inc.end + kHour, Granularity::kHour};
    back.time_text = "later that day";
    out.push_back(back);
  }
  return out;
}

// An unrelated outage claim, as news about other places makes.
Claim NoiseClaim(Generator& g, Instant published) {
  std::string e = Entity(g, static_cast<int>(g.Next() % 1000));
  Claim c = MakeClaim(ClaimType::kOutageState, e,
                      fmt::format("Users in {} reported the service was down.", e));
  c.state = "down";
  if (g.Chance(60)) {
    Instant t = published - static_cast<Instant>(g.Next() % (2 * kDay));
    c.time = Interval{t, t + kHour, Granularity::kHour};
    c.time_text = "earlier";
  }
  return c;
}

int Generate(const std::string& path, int count, int incidents_wanted) {
  auto opened = store::Database::Open(path);
  if (!opened) {
    fmt::print(stderr, "{}\n", opened.error().message);
    return 1;
  }
  store::Database& db = **opened;
  Generator g(21);
  const auto t0 = std::chrono::steady_clock::now();

  std::vector<std::int64_t> source_ids;
  for (int i = 0; i < 40; ++i) {
    store::NewSource s;
    s.url = fmt::format("https://news{}.example/feed.xml", i);
    s.title = fmt::format("News {}", i);
    s.reliability = static_cast<char>('A' + i % 6);
    auto added = store::Sources(db).AddSource(s, kFrom);
    if (!added) return fmt::print(stderr, "{}\n", added.error().message), 1;
    source_ids.push_back(added->id);
  }

  // Incidents and their measurements; the latest ends ten days before kTo.
  std::vector<PlannedIncident> incidents;
  std::vector<OutageWindow> windows;
  std::vector<Series> series;
  for (int i = 0; i < incidents_wanted; ++i) {
    PlannedIncident inc;
    inc.entity = Entity(g, i);
    inc.start = i + 1 == incidents_wanted ? kTo - 12 * kDay : g.Uniform(kFrom, kTo - 20 * kDay);
    inc.start -= inc.start % kMinute;
    inc.end = inc.start + kHour + g.Uniform(0, 47 * kHour) / kMinute * kMinute;
    inc.cause = g.Pick(kCauses);
    incidents.push_back(inc);
    OutageWindow w;
    w.entity = inc.entity;
    w.kind = WindowKind::kOutage;
    w.start = inc.start;
    w.end = inc.end;
    w.source = "ioda";
    w.signal = "bgp";
    w.severity = "critical";
    w.score = 1000;
    w.provenance = "bench_analysis";
    windows.push_back(w);
    if (g.Chance(50)) {
      OutageWindow warn = w;
      warn.source = "radar";
      warn.signal = "traffic";
      warn.severity = "warning";
      warn.start = inc.start + 10 * kMinute;
      warn.end = warn.start + 20 * kMinute;
      windows.push_back(warn);
    }
    if (g.Chance(50)) {
      OutageWindow unstable = w;
      unstable.kind = WindowKind::kInstability;
      unstable.signal = "bgp-churn";
      unstable.severity = "";
      unstable.end = inc.start - g.Uniform(kHour, 2 * kDay);
      unstable.start = unstable.end - 3 * kHour;
      windows.push_back(unstable);
    }
    Series s;
    s.entity = inc.entity;
    s.datasource = "bgp";
    s.start = inc.start - 12 * kHour;
    s.step = 300;
    s.provenance = fmt::format("bench_analysis:{}", i);
    for (Instant t = s.start; t < inc.end + 12 * kHour; t += s.step) {
      s.values.push_back(t >= inc.start && t < inc.end ? 3.0
                                                       : 100.0 + static_cast<double>(g.Next() % 5));
    }
    series.push_back(std::move(s));
  }
  for (int i = 0; i < 2000; ++i) {
    OutageWindow blip;
    blip.entity = Entity(g, i);
    blip.start = g.Uniform(kFrom, kTo);
    blip.end = blip.start + 15 * kMinute;
    blip.source = "ioda";
    blip.signal = "ping-slash24";
    blip.severity = "warning";
    blip.provenance = "bench_analysis";
    windows.push_back(blip);
  }
  auto saved = store::Measurements(db).SaveImport(series, windows, kFrom);
  if (!saved) return fmt::print(stderr, "{}\n", saved.error().message), 1;

  // Documents: 40 per incident around it, the rest unrelated.
  const int about = 40;
  const int stride = std::max(1, count / (incidents_wanted * about));
  int made = 0;
  std::vector<Document> docs;
  std::vector<std::vector<Claim>> claims;
  auto flush = [&]() -> bool {
    if (docs.empty()) return true;
    auto inserted = store::Documents(db).InsertDocuments(docs);
    if (!inserted) return fmt::print(stderr, "{}\n", inserted.error().message), false;
    std::vector<store::DocumentExtraction> batch;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (inserted->ids[i] == 0) continue;
      batch.push_back({inserted->ids[i], {}, std::move(claims[i])});
    }
    if (auto st = store::Extractions(db).Save(batch, kExtractorVersion, kTo); !st) {
      return fmt::print(stderr, "{}\n", st.error().message), false;
    }
    docs.clear();
    claims.clear();
    return true;
  };
  for (int i = 0; i < count; ++i) {
    Document d;
    d.id = 0;
    d.kind = DocumentKind::kArticle;
    d.source_id = source_ids[g.Next() % source_ids.size()];
    d.url = fmt::format("https://news{}.example/{}/story-{}", d.source_id, i / 1000, i);
    d.canonical_url = d.url;
    d.guid = d.url;
    d.fetched = kTo;
    std::vector<Claim> cs;
    const bool incident_doc = i % stride == 0 && i / stride < incidents_wanted * about;
    if (incident_doc) {
      const PlannedIncident& inc = incidents[static_cast<size_t>(i / stride) % incidents.size()];
      d.published = g.Uniform(inc.start - 6 * kHour, inc.end + 4 * kDay);
      d.title = fmt::format("{} hit by Internet outage", inc.entity);
      cs = IncidentClaims(g, inc);
      d.text = d.title + ". ";
      for (const Claim& c : cs) d.text += c.sentence + " ";
      d.text += g.Text(40 + static_cast<int>(g.Next() % 120));
    } else {
      d.published = g.Uniform(kFrom, kTo);
      d.title = g.Text(8);
      d.text = g.Text(60 + static_cast<int>(g.Next() % 300));
      if (g.Chance(4)) {
        cs.push_back(NoiseClaim(g, *d.published));
        d.text = cs.back().sentence + " " + d.text;
      }
    }
    d.published_precision = Granularity::kSecond;
    d.content_hash = fmt::format("{:016x}{:016x}", g.Next(), g.Next());
    docs.push_back(std::move(d));
    claims.push_back(std::move(cs));
    if (docs.size() == kBatch && !flush()) return 1;
    if (++made % 100000 == 0) {
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      fmt::print(stderr, "bench_analysis: {} documents stored, {:.0f} s\n", made, s);
    }
  }
  if (!flush()) return 1;
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto claim_count = store::Extractions(db).CountClaims();
  fmt::print("generated {} documents, {} claims, {} windows ({} incidents) in {:.0f} s: {}\n",
             count, claim_count ? *claim_count : -1, windows.size(), incidents_wanted, s, path);
  return 0;
}

// Runs `command` (output discarded) and returns its wall time in seconds,
// the best of `runs`; -1 when it fails.
double Time(const std::string& command, int runs = 3) {
  double best = -1;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    int status = std::system((command + " >/dev/null 2>&1").c_str());
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fmt::print(stderr, "bench_analysis: failed: {}\n", command);
      return -1;
    }
    if (best < 0 || s < best) best = s;
  }
  return best;
}

// What a watch cycle asks: the incidents with claims or windows stored after
// its mark, with nothing new and with the last `recent` arrivals new; each
// the best of 3, in process.
void TimeWatch(const std::string& path, std::int64_t recent) {
  auto db = pipeline::OpenDatabase(path);
  if (!db) return fmt::print(stderr, "{}\n", db.error().message);
  auto mark = pipeline::CurrentWatermark(**db);
  if (!mark) return fmt::print(stderr, "{}\n", mark.error().message);
  for (std::int64_t back : {std::int64_t{0}, recent}) {
    double best = -1;
    std::size_t incidents = 0;
    for (int i = 0; i < 3; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto found = pipeline::IncidentsWithNewData(
          **db, {}, pipeline::Watermark{std::max<std::int64_t>(0, mark->arrival - back)});
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!found) return fmt::print(stderr, "{}\n", found.error().message);
      incidents = found->incidents.size();
      if (best < 0 || s < best) best = s;
    }
    fmt::print(
        "large: {:<15} {:7.3f} s   (IncidentsWithNewData, the last {} arrivals new: {} "
        "incident{})\n",
        "watch", best, back, incidents, incidents == 1 ? "" : "s");
  }
}

// The first whitespace-separated field of the last line `command` prints.
std::string LastId(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  std::string line = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
  return line.substr(0, line.find(' '));
}

void TimeCommands(const std::string& label, const std::string& db, const std::string& since,
                  const std::string& analysis_flags) {
  const std::string bin = fmt::format("'{}' --db '{}' -q ", CORROBORATE_BIN, db);
  const std::string id = LastId(bin + "events --since " + since + " " + analysis_flags);
  if (id.empty() || id == "id") {
    fmt::print(stderr, "bench_analysis: no incident since {} in {}\n", since, db);
    return;
  }
  const std::string out =
      (fs::temp_directory_path() / fmt::format("bench-analysis-{}", ::getpid())).string();
  const std::string one = fmt::format("{} --incident {}", analysis_flags, id);
  struct Row {
    const char* what;
    std::string args;
  } rows[] = {{"events --since", "events --since " + since + " " + analysis_flags},
              {"events (all)", "events " + analysis_flags},
              {"rank", "rank " + one},
              {"check", "check " + one},
              {"brief", fmt::format("brief {} -o '{}'", one, out)}};
  for (const Row& r : rows) {
    fmt::print("{}: {:<15} {:7.3f} s   (corroborate {})\n", label, r.what, Time(bin + r.args),
               r.args.substr(0, r.args.find(" -o ")));
  }
  fs::remove_all(out);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/corroborate-bench-analysis.db";
  const int count = argc > 2 ? std::atoi(argv[2]) : 1'000'000;
  const int incidents = argc > 3 ? std::atoi(argv[3]) : 300;
  if (count < 1 || incidents < 1) {
    fmt::print(stderr, "usage: bench_analysis [DB_PATH] [COUNT] [INCIDENTS]\n");
    return 2;
  }
  if (!fs::exists(path)) {
    if (int rc = Generate(path, count, incidents); rc != 0) return rc;
  }
  std::error_code ec;
  fmt::print("store: {} ({:.0f} MB)\n", path, static_cast<double>(fs::file_size(path, ec)) / 1e6);
  TimeCommands("large", path, FormatRfc3339(kTo - 30 * kDay).substr(0, 10), "");
  TimeWatch(path, 500);

  // The bundled example's store, for comparison.
  const fs::path demo =
      fs::temp_directory_path() / fmt::format("bench-analysis-demo-{}", ::getpid());
  fs::remove_all(demo);
  const std::string make_demo =
      fmt::format("'{}' -q demo -o '{}' >/dev/null 2>&1", CORROBORATE_BIN, demo.string());
  if (std::system(make_demo.c_str()) != 0) {
    fmt::print(stderr, "bench_analysis: the demo failed\n");
    return 1;
  }
  TimeCommands("small", (demo / "corroborate.db").string(), "2014-12-22",
               "--alias asn:131279=country:KP");
  fs::remove_all(demo);
  return 0;
}
