#include "cli/analysis.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/numeric_flags.h"
#include "core/file.h"
#include "core/text.h"
#include "correlate/align/align.h"
#include "correlate/events/as_org.h"
#include "correlate/events/cluster.h"
#include "store/measurements.h"
#include "store/sources.h"

namespace corroborate::cli {

namespace {

// The entity a claim is about: its subject, else the first country it names.
std::string ClaimEntity(const Claim& c) {
  if (!c.subject.empty()) return c.subject;
  for (const Mention& m : c.mentions) {
    if (m.kind == EntityKind::kCountry) return m.id;
  }
  return "";
}

bool IsExplanatory(ClaimType t) {
  return t == ClaimType::kCauseAssertion || t == ClaimType::kDenial || t == ClaimType::kThreat;
}

std::string StateForAlignment(const std::string& state) {
  if (state == "up" || state == "back" || state == "restored" || state == "online") return "back";
  if (state == "degraded" || state == "unstable") return "unstable";
  return state;
}

const Source* SourceOf(const Loaded& data, const store::StoredDocument& d) {
  auto it = data.sources.find(d.doc.source_id);
  return it == data.sources.end() ? nullptr : &it->second;
}

std::string Outlet(const Loaded& data, const store::StoredDocument& d) {
  if (const Source* s = SourceOf(data, d); s && !s->title.empty()) return s->title;
  return d.doc.author.empty() ? d.doc.url : d.doc.author;
}

char Reliability(const Loaded& data, const store::StoredDocument& d) {
  const Source* s = SourceOf(data, d);
  return s ? s->reliability : 'F';
}

// A measurement source's Admiralty grade: that of a registered source of the
// same name, else B (a usually reliable service whose cause annotations are
// an analyst's judgement).
char MeasurementGrade(const Loaded& data, const OutageWindow& w) {
  for (const auto& [id, source] : data.sources) {
    if (!source.title.empty() && ToLowerAscii(source.title) == ToLowerAscii(w.source)) return source.reliability;
  }
  return 'B';
}

nlohmann::json Evidence(const OutageWindow& w) {
  auto j = nlohmann::json::parse(w.evidence.empty() ? "{}" : w.evidence, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

// Measurement signatures of an incident (names as in signatures.tsv).
std::vector<std::pair<std::string, std::string>> Signatures(const std::vector<OutageWindow>& windows,
                                                            const std::vector<Incident>& incidents,
                                                            const Incident& incident) {
  std::vector<std::pair<std::string, std::string>> out;
  const OutageWindow* main = nullptr;
  bool routing = false, unstable = false;
  for (const OutageWindow& w : windows) {
    if (w.kind == WindowKind::kInstability) {
      unstable = true;
      continue;
    }
    if (w.source == "corroborate" && Evidence(w).contains("prefixes_visible_before")) routing = true;
    if (!main || (w.source == "corroborate" && main->source != "corroborate") ||
        (w.source == main->source && w.end - w.start > main->end - main->start)) {
      main = &w;
    }
  }
  if (unstable) {
    const OutageWindow* first = nullptr;
    for (const OutageWindow& w : windows) {
      if (w.kind == WindowKind::kInstability && (!first || w.start < first->start)) first = &w;
    }
    out.emplace_back("prior_instability",
                     fmt::format("routing instability measured from {} before the outage",
                                 FormatRfc3339(first->start).substr(0, 16) + "Z"));
  } else if (routing) {
    out.emplace_back("no_prior_instability", "no routing instability measured in the days before the outage");
  }
  if (main) {
    nlohmann::json e = Evidence(*main);
    if (e.contains("prefixes_visible_worst") && e.contains("prefixes_visible_before")) {
      double before = e["prefixes_visible_before"].get<double>(), worst = e["prefixes_visible_worst"].get<double>();
      if (worst == 0 && before > 0) {
        if (e.contains("withdrawal_spread_seconds") && e["withdrawal_spread_seconds"].get<std::int64_t>() <= 300) {
          out.emplace_back("abrupt_full_withdrawal",
                           fmt::format("all {:.0f} prefixes withdrawn at every peer within {} s",
                                       before, e["withdrawal_spread_seconds"].get<std::int64_t>()));
        }
      } else if (worst > 0 && worst < before) {
        out.emplace_back("partial_loss", fmt::format("{:.0f} of {:.0f} prefixes stayed visible", worst, before));
      }
    }
    if (e.contains("upstream_before") && e.contains("upstream_after")) {
      auto b = e["upstream_before"].get<std::int64_t>(), a = e["upstream_after"].get<std::int64_t>();
      if (b && a) {
        out.emplace_back(b == a ? "same_upstream_return" : "different_upstream_return",
                         b == a ? fmt::format("routes came back through the same upstream, AS{}", a)
                                : fmt::format("routes came back through AS{} instead of AS{}", a, b));
      }
    }
    Instant length = main->end - main->start;
    if (length > 0 && length < kDay) {
      out.emplace_back("short_outage", fmt::format("the outage lasted {} h {:02} min", length / 3600, length % 3600 / 60));
    } else if (length >= 3 * kDay) {
      out.emplace_back("long_outage", fmt::format("the outage lasted {} days", length / kDay));
    }
  }
  for (const Incident& other : incidents) {
    if (other.id != incident.id && other.entity == incident.entity &&
        std::llabs(other.start - incident.start) <= 7 * kDay) {
      out.emplace_back("repeated_outage", fmt::format("another outage of {} began {}", other.entity,
                                                      FormatRfc3339(other.start).substr(0, 16) + "Z"));
      break;
    }
  }
  return out;
}

}  // namespace

void AddAnalysisFlags(CLI::App* cmd, AnalysisOptions& o) {
  cmd->add_option("--alias", o.aliases, "Treat one entity as another, e.g. asn:131279=country:KP (repeatable)");
  cmd->add_option("--taxonomy", o.taxonomy_file, "TSV file extending the hypothesis taxonomy");
  cmd->add_option("--incident", o.incident,
                  "Incident id (see `corroborate events`); default: the most discussed")
      ->check(WholeNumber(1, std::numeric_limits<std::int64_t>::max()));
  cmd->add_option("--entity", o.entity, "Only incidents of this entity (country:KP, asn:131279, ...)");
}

Result<Loaded> LoadForAnalysis(store::Database& db) {
  Loaded data;
  auto docs = store::Documents(db).ListDocuments(store::DocumentFilter{});
  if (!docs) return std::unexpected(docs.error());
  for (store::StoredDocument& d : *docs) data.documents.emplace(d.doc.id, std::move(d));
  auto sources = store::Sources(db).ListSources();
  if (!sources) return std::unexpected(sources.error());
  for (Source& s : *sources) data.sources.emplace(s.id, std::move(s));
  auto claims = store::Extractions(db).ListClaims();
  if (!claims) return std::unexpected(claims.error());
  data.claims = std::move(*claims);
  store::Measurements measurements(db);
  auto windows = measurements.ListWindows();
  if (!windows) return std::unexpected(windows.error());
  data.windows = std::move(*windows);
  auto series = measurements.ListSeries();
  if (!series) return std::unexpected(series.error());
  data.series = std::move(*series);
  return data;
}

Result<std::vector<Incident>> FindIncidents(const Loaded& data, const AnalysisOptions& options) {
  correlate::ClusterOptions cluster;
  for (const std::string& a : options.aliases) {
    size_t eq = a.find('=');
    std::string from = eq == std::string::npos ? "" : NormalizeEntity(a.substr(0, eq));
    std::string to = eq == std::string::npos ? "" : NormalizeEntity(a.substr(eq + 1));
    if (from.empty() || to.empty()) {
      return Fail(ErrorCode::kInvalidArgument, fmt::format("--alias {}: want ENTITY=ENTITY, e.g. asn:131279=country:KP", a));
    }
    cluster.aliases[from] = to;
  }
  // Documents about a network with a measured outage: they name its organisation.
  std::map<std::int64_t, std::vector<std::string>> doc_networks;
  std::set<std::uint32_t> asns;
  for (const OutageWindow& w : data.windows) {
    if (w.entity.rfind("asn:", 0) == 0) asns.insert(static_cast<std::uint32_t>(std::strtoul(w.entity.c_str() + 4, nullptr, 10)));
  }
  if (!asns.empty()) {
    correlate::AsOrgTable orgs = correlate::LoadAsOrgTable(correlate::DefaultAsOrgCachePath());
    for (const auto& [id, d] : data.documents) {
      for (std::uint32_t asn : asns) {
        if (orgs.Mentions(asn, d.doc.title) || orgs.Mentions(asn, d.doc.text)) doc_networks[id].push_back(fmt::format("asn:{}", asn));
      }
    }
  }
  std::vector<correlate::ClaimRef> refs;
  for (const store::StoredClaim& c : data.claims) {
    auto doc = data.documents.find(c.document_id);
    if (doc != data.documents.end() && doc->second.duplicate_of != 0) continue;  // syndicated copies count once
    correlate::ClaimRef r;
    r.id = c.id;
    r.document_id = c.document_id;
    if (doc != data.documents.end()) r.published = doc->second.doc.published;
    // Explanatory claims (causes, denials, threats) follow their documents'
    // incidents; outage claims place themselves by entity and stated time
    // (claims dated only by their document's day go by publication time).
    if (!IsExplanatory(c.claim.type)) {
      r.entity = ClaimEntity(c.claim);
      if (c.claim.time && !c.claim.time_text.empty()) r.when = c.claim.time;
    } else {
      for (const Mention& m : c.claim.mentions) {
        if (m.kind == EntityKind::kCountry && r.context_entity.empty()) r.context_entity = m.id;
      }
    }
    if (auto it = doc_networks.find(c.document_id); it != doc_networks.end()) r.networks = it->second;
    refs.push_back(r);
  }
  std::vector<Incident> incidents = correlate::ClusterIncidents(data.windows, refs, cluster);
  if (!options.entity.empty()) {
    std::string e = NormalizeEntity(options.entity);
    std::erase_if(incidents, [&](const Incident& i) { return i.entity != e; });
  }
  return incidents;
}

Result<Incident> SelectIncident(const std::vector<Incident>& incidents, const AnalysisOptions& options) {
  if (incidents.empty()) {
    return Fail(ErrorCode::kNotFound,
                "no incidents: import or detect outage windows first (corroborate measure import / measure windows)");
  }
  if (options.incident) {
    for (const Incident& i : incidents) {
      if (i.id == options.incident) return i;
    }
    return Fail(ErrorCode::kNotFound, fmt::format("no incident {} (see corroborate events)", options.incident));
  }
  const Incident* best = &incidents.front();
  for (const Incident& i : incidents) {
    if (i.claim_ids.size() > best->claim_ids.size()) best = &i;
  }
  return *best;
}

Result<render::Report> BuildReport(const Loaded& data, const std::vector<Incident>& incidents, const Incident& incident,
                                   const AnalysisOptions& options, Instant now) {
  render::Report r;
  r.generated = now;
  r.incident = incident;
  r.title = fmt::format("Outage of {}, {} to {} UTC", incident.entity, FormatRfc3339(incident.start).substr(0, 16),
                        FormatRfc3339(incident.end).substr(0, 16));
  std::set<std::int64_t> window_ids(incident.window_ids.begin(), incident.window_ids.end());
  std::set<std::string> entities{incident.entity};
  for (const OutageWindow& w : data.windows) {
    // Warning-level dips shorter than half an hour are the flapping an
    // instability window already covers; they would only clutter the report.
    bool blip = w.kind == WindowKind::kOutage && w.severity == "warning" && w.end - w.start < 30 * kMinute;
    if (window_ids.count(w.id) && !blip) {
      r.windows.push_back(w);
      entities.insert(w.entity);
    }
  }
  for (const Series& s : data.series) {
    if (entities.count(s.entity) && s.datasource != "bgp-churn" && s.datasource != "bgp-announce" &&
        s.datasource != "bgp-withdraw" && s.datasource != "bgp-pathchange") {
      r.series.push_back(s);
    }
  }
  std::set<std::string> provenances;
  for (const OutageWindow& w : r.windows) provenances.insert(w.provenance);
  for (const Series& s : r.series) provenances.insert(s.provenance);
  for (const std::string& p : provenances) {
    if (ToLowerAscii(p).find("synthetic") != std::string::npos) {
      r.notes.push_back(fmt::format("Measurements from {} are SYNTHETIC (generated for an example), not observed.", p));
    }
  }
  // Claims of the incident, with their documents.
  std::set<std::int64_t> claim_ids(incident.claim_ids.begin(), incident.claim_ids.end());
  std::vector<correlate::CheckableClaim> checkable;
  std::vector<correlate::ClaimEvidence> evidence;
  std::vector<std::string> named_actors;
  for (const store::StoredClaim& sc : data.claims) {
    if (!claim_ids.count(sc.id)) continue;
    const Claim& c = sc.claim;
    auto doc_it = data.documents.find(sc.document_id);
    if (doc_it == data.documents.end()) continue;
    const store::StoredDocument& d = doc_it->second;
    render::ClaimView v;
    v.id = sc.id;
    v.type = ClaimTypeName(c.type);
    v.text = c.sentence;
    v.quote = c.quote;
    v.speaker = c.attribution.speaker;
    v.role = c.attribution.role;
    v.organisation = c.attribution.organisation;
    v.via = c.attribution.via;
    v.subject = c.subject;
    v.cause = c.cause;
    v.actor = c.actor;
    v.state = c.state;
    v.scope = c.scope;
    if (c.time && !c.time_text.empty()) v.when = c.time;
    v.duration = c.duration_seconds;
    v.certainty = c.certainty;
    v.certainty_label = c.certainty_label;
    v.cues = c.cues;
    v.document_id = sc.document_id;
    v.document_title = d.doc.title;
    v.document_url = d.doc.canonical_url.empty() ? d.doc.url : d.doc.canonical_url;
    v.outlet = Outlet(data, d);
    v.reliability = Reliability(data, d);
    v.published = d.doc.published;
    r.claims.push_back(v);

    switch (c.type) {
      case ClaimType::kOutageDuration:
      case ClaimType::kOutageStart:
      case ClaimType::kOutageEnd:
      case ClaimType::kOutageState:
      case ClaimType::kOutageScope: {
        correlate::CheckableClaim k;
        k.id = sc.id;
        k.type = ClaimTypeName(c.type);
        k.state = StateForAlignment(c.state);
        k.scope = c.scope;
        if (c.time) k.when = c.time;
        k.duration = c.duration_seconds;
        k.duration_mod = c.duration_mod;
        k.published = d.doc.published;
        checkable.push_back(k);
        break;
      }
      case ClaimType::kCauseAssertion:
      case ClaimType::kDenial:
      case ClaimType::kThreat: {
        // A statement about another outage, a definition or a question is
        // not evidence; nor is one that the cause is not known.
        if (!c.about_this_event || c.stance == Stance::kQuestions || c.cause == "unknown") break;
        correlate::ClaimEvidence e;
        e.id = fmt::format("claim:{}", sc.id);
        e.description = c.quote.empty() ? c.sentence : c.quote;
        e.source = c.attribution.speaker.empty() ? v.outlet : c.attribution.speaker;
        e.type = ClaimTypeName(c.type);
        e.cause = c.cause;
        e.actor = c.actor;
        e.certainty = c.certainty;
        e.negated = c.negated;
        // Until extraction decides every stance, the default (asserts) defers to negated/certainty.
        e.stance = c.stance != Stance::kAsserts ? StanceName(c.stance)
                                                : correlate::DeriveStance(c.negated, c.certainty, c.sentence);
        e.reliability = v.reliability;
        // One speaker counts once however often quoted; unattributed claims
        // count once per original document and proposition.
        e.independence_group = !c.attribution.speaker.empty()
                                   ? "speaker:" + ToLowerAscii(c.attribution.speaker)
                                   : fmt::format("doc:{}:{}:{}:{}", d.duplicate_of ? d.duplicate_of : d.doc.id,
                                                 ClaimTypeName(c.type), c.cause, c.actor);
        e.precedes_incident = c.time && c.time->end <= incident.start;
        if (c.actor.find(':') != std::string::npos) named_actors.push_back(c.actor);
        evidence.push_back(e);
        break;
      }
      case ClaimType::kMeasurementReport:
        break;
    }
  }
  r.alignments = correlate::AlignClaims(checkable, r.windows);
  // Hypotheses and the ACH matrix.
  correlate::Taxonomy taxonomy = correlate::DefaultTaxonomy();
  if (!options.taxonomy_file.empty()) {
    auto text = ReadFile(options.taxonomy_file);
    if (!text) return std::unexpected(text.error());
    auto extended = correlate::ExtendTaxonomy(taxonomy, *text, options.taxonomy_file);
    if (!extended) return std::unexpected(extended.error());
    taxonomy = std::move(*extended);
  }
  std::vector<Hypothesis> hypotheses = correlate::InstantiateHypotheses(taxonomy, named_actors);
  std::vector<EvidenceRow> rows;
  for (const correlate::ClaimEvidence& e : correlate::MergeStatements(std::move(evidence))) {
    rows.push_back(correlate::RateClaim(e, hypotheses, taxonomy));
  }
  for (const OutageWindow& w : r.windows) {
    if (!w.cause.empty()) rows.push_back(correlate::RateMeasuredCause(w, MeasurementGrade(data, w), hypotheses, taxonomy));
  }
  for (const auto& [signature, description] : Signatures(r.windows, incidents, incident)) {
    rows.push_back(correlate::RateSignature(taxonomy, signature, description, hypotheses));
  }
  r.assessment = correlate::Rank(incident.entity, hypotheses, rows,
                                 correlate::HypothesisPriors(taxonomy, hypotheses, correlate::ScopeOf(incident.entity)));
  return r;
}

}  // namespace corroborate::cli
