// The report the render fuzz targets (fuzz_render_brief, fuzz_render_json)
// build from their input: every string (title, notes, windows, claims,
// speakers, outlets, URLs, hypotheses' actors) comes from the input.
//
// Input: one record per line, its kind in the first byte and its fields
// separated by '|' (missing fields are empty):
//   T title              N note
//   W start|end|entity|source|description|url
//   C when|text|quote|speaker|outlet|url|document title|actor
//   A claim index|claimed|measured|explanation|aspect
// Times are Unix seconds, clamped to years 0..9999.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "render/report.h"
#include "correlate/rank/ach.h"

namespace corroborate::fuzz {

inline std::vector<std::string> SplitFields(std::string_view s, char by) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(by, start);
    out.emplace_back(
        s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

inline Instant FuzzTime(const std::string& s) {
  constexpr Instant kFirst = -62167219200, kLast = 253402300799;  // 0000-01-01, 9999-12-31T23:59:59
  long long t = std::strtoll(s.c_str(), nullptr, 10);
  return std::clamp<Instant>(t, kFirst, kLast);
}

inline render::Report ReportFromInput(const std::uint8_t* data, std::size_t size) {
  render::Report r;
  r.generated = 1419400000;
  r.incident.id = 1;
  r.incident.entity = "country:KP";
  r.incident.start = 1419264900;
  r.incident.end = 1419299160;
  std::vector<correlate::ClaimEvidence> evidence;
  std::vector<std::string> actors;
  for (const std::string& line :
       SplitFields(std::string_view(reinterpret_cast<const char*>(data), size), '\n')) {
    if (line.empty()) continue;
    std::vector<std::string> f = SplitFields(std::string_view(line).substr(1), '|');
    f.resize(8);
    switch (line[0]) {
      case 'T':
        r.title = f[0];
        break;
      case 'N':
        r.notes.push_back(f[0]);
        break;
      case 'W': {
        if (r.windows.size() >= 16) break;
        OutageWindow w;
        w.id = static_cast<std::int64_t>(r.windows.size()) + 1;
        w.start = FuzzTime(f[0]);
        w.end = std::max(w.start, FuzzTime(f[1]));
        w.entity = f[2];
        w.source = f[3];
        w.description = f[4];
        w.url = f[5];
        r.windows.push_back(w);
        r.incident.start = std::min(r.incident.start, w.start);
        r.incident.end = std::max(r.incident.end, w.end);
        break;
      }
      case 'C': {
        if (r.claims.size() >= 16) break;
        render::ClaimView c;
        c.id = static_cast<std::int64_t>(r.claims.size()) + 1;
        c.type = "cause_assertion";
        if (!f[0].empty())
          c.when = Interval{FuzzTime(f[0]), FuzzTime(f[0]) + kDay, Granularity::kDay};
        c.text = f[1];
        c.quote = f[2];
        c.speaker = f[3];
        c.outlet = f[4];
        c.document_url = f[5];
        c.document_title = f[6];
        c.published = r.generated;
        r.claims.push_back(c);
        if (!f[7].empty()) actors.push_back("foreign_state:" + f[7]);
        evidence.push_back({"claim:" + std::to_string(c.id), c.text, c.speaker, "cause_assertion",
                            "cyberattack", f[7].empty() ? "hacktivist" : "foreign_state:" + f[7],
                            0.7, false, 'C', c.outlet, false});
        break;
      }
      case 'A': {
        if (r.alignments.size() >= 16) break;
        Alignment a;
        a.claim_id = std::strtoll(f[0].c_str(), nullptr, 10);
        a.window_id = 1;
        constexpr Verdict kVerdicts[] = {Verdict::kConsistent, Verdict::kPartlyConsistent,
                                         Verdict::kInconsistent, Verdict::kNotCheckable};
        a.verdict = kVerdicts[f[4].size() % 4];
        a.claimed = f[1];
        a.measured = f[2];
        a.explanation = f[3];
        a.aspect = f[4];
        r.alignments.push_back(a);
        break;
      }
      default:
        break;
    }
  }
  auto hypotheses = correlate::InstantiateHypotheses(correlate::DefaultTaxonomy(), actors);
  std::vector<EvidenceRow> rows;
  for (const correlate::ClaimEvidence& e : evidence)
    rows.push_back(correlate::RateClaim(e, hypotheses));
  r.assessment = correlate::Rank(r.incident.entity, hypotheses, rows);
  return r;
}

}  // namespace corroborate::fuzz
