// A report like the example's (North Korea, December 2014) for the renderer
// tests: two measured windows of one outage (the country and its only AS),
// a routing series, claims from two outlets (one of them a channel of its
// own stories, "Ledger Wire via Ledger Wire"), one sentence extracted as two
// claims, checks and a ranking over the default taxonomy.
#pragma once

#include "render/report.h"
#include "correlate/rank/ach.h"

namespace corroborate::render::testing {

constexpr Instant kStart = 1419264900;  // 2014-12-22T16:15:00Z
constexpr Instant kEnd = 1419299160;    // 2014-12-23T01:46:00Z

inline ClaimView SampleClaim(std::int64_t id, std::string type, std::string text,
                             std::int64_t document_id, std::string outlet, std::string url,
                             Instant published) {
  ClaimView c;
  c.id = id;
  c.type = std::move(type);
  c.text = std::move(text);
  c.subject = "country:KP";
  c.document_id = document_id;
  c.document_title = "Article " + std::to_string(document_id);
  c.outlet = std::move(outlet);
  c.via = {c.outlet};
  c.document_url = std::move(url);
  c.published = published;
  return c;
}

inline Report SampleReport() {
  Report r;
  r.title = "Outage of country:KP, 2014-12-22T16:15 to 2014-12-23T01:46 UTC";
  r.generated = 1419400000;
  r.incident = Incident{1, "country:KP", kStart, kEnd, "country:KP outage", {3, 4}, {}, {}};
  OutageWindow w;
  w.id = 3;
  w.entity = "country:KP";
  w.start = kStart;
  w.end = kEnd;
  w.source = "dyn-research";
  w.signal = "bgp";
  w.severity = "critical";
  r.windows.push_back(w);
  w.id = 4;
  w.entity = "asn:131279";
  w.source = "corroborate";
  w.signal = "bgp-prefixes";
  r.windows.push_back(w);
  Series s;
  s.entity = "country:KP";
  s.datasource = "bgp-prefixes";
  s.start = kStart - 2 * kDay;
  s.step = 300;
  s.values.assign(3 * 288, 4);
  for (size_t i = 2 * 288; i < 2 * 288 + 114; ++i) s.values[i] = 0;
  s.provenance = "nk-2014-synthetic-routing.mrt.gz";
  r.series.push_back(s);

  ClaimView a =
      SampleClaim(2, "outage_start", "At 16:15 UTC today every North Korean route was withdrawn.",
                  7, "Meridian Routing Analytics", "https://meridian.example/blog/nk", kEnd + 3600);
  a.when = Interval{kStart, kStart + 60, Granularity::kMinute};
  ClaimView b = a;  // the same sentence, extracted a second time as another type
  b.id = 3;
  b.type = "measurement_report";
  ClaimView c = SampleClaim(12, "outage_duration",
                            "North Korea's Internet was down for 9 hours and 31 minutes.", 8,
                            "Ledger Wire", "https://ledger.example/nk-offline", kEnd + 6000);
  c.when = Interval{1419206400, 1419292800, Granularity::kDay};
  c.duration = 34260;
  ClaimView d = SampleClaim(13, "cause_assertion",
                            "Some said it was a denial-of-service attack by hacktivists.", 8,
                            "Ledger Wire", "https://ledger.example/nk-offline", kEnd + 6000);
  d.speaker = "Dana Whitcombe";
  d.role = "head of routing research";
  d.organisation = "Meridian Routing Analytics";
  r.claims = {a, b, c, d};

  Alignment x;
  x.claim_id = 12;
  x.window_id = 3;
  x.verdict = Verdict::kConsistent;
  x.aspect = "duration";
  x.claimed = "9 h 31 min";
  x.measured = "9 h 31 min";
  x.explanation = "claimed 9h31m against measured 9h31m";
  r.alignments.push_back(x);
  x.claim_id = 2;
  x.aspect = "start";
  x.claimed = "2014-12-22T16:15Z";
  x.measured = "2014-12-22T16:15Z";
  x.explanation = "claimed start within a minute of the measured start";
  r.alignments.push_back(x);

  auto hs = correlate::InstantiateHypotheses(correlate::DefaultTaxonomy(), {"foreign_state:US"});
  correlate::ClaimEvidence e{"claim:13",    "believed to be a denial-of-service attack",
                             "Ledger Wire", "cause_assertion",
                             "cyberattack", "hacktivist",
                             0.35,          false,
                             'C',           "",
                             false};
  r.assessment = correlate::Rank("country:KP", hs, {correlate::RateClaim(e, hs)});
  r.notes.push_back(
      "Measurements from nk-2014-synthetic-routing.mrt.gz are SYNTHETIC (generated for an "
      "example).");
  return r;
}

}  // namespace corroborate::render::testing
