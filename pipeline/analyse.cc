#include "pipeline/analyse.h"

#include <fmt/core.h>

#include <cstdlib>
#include <map>
#include <set>

#include "core/file.h"
#include "core/text.h"
#include "correlate/align/align.h"
#include "correlate/events/as_org.h"
#include "correlate/events/cluster.h"
#include "correlate/rank/ach.h"
#include "correlate/rank/signatures.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "store/sources.h"

namespace corroborate::pipeline {

namespace {

// Everything an analysis reads from the store.
struct Loaded {
  std::map<std::int64_t, store::StoredDocument> documents;  // raw bytes not loaded
  std::map<std::int64_t, Source> sources;
  std::vector<store::StoredClaim> claims;
  std::vector<OutageWindow> windows;
  std::vector<Series> series;
};

Result<Loaded> Load(store::Database& db) {
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

// A statement about another outage, a definition or a question is not
// evidence; nor is one that the cause is not known.
bool IsEvidence(const Claim& c) {
  return c.about_this_event && c.stance != Stance::kQuestions && c.cause != "unknown";
}

bool IsCheckable(ClaimType t) {
  return t == ClaimType::kOutageDuration || t == ClaimType::kOutageStart ||
         t == ClaimType::kOutageEnd || t == ClaimType::kOutageState || t == ClaimType::kOutageScope;
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
    if (!source.title.empty() && ToLowerAscii(source.title) == ToLowerAscii(w.source))
      return source.reliability;
  }
  return 'B';
}

Result<correlate::ClusterOptions> ClusterOptionsFor(const AnalysisOptions& options) {
  correlate::ClusterOptions cluster;
  for (const std::string& a : options.aliases) {
    size_t eq = a.find('=');
    std::string from = eq == std::string::npos ? "" : NormalizeEntity(a.substr(0, eq));
    std::string to = eq == std::string::npos ? "" : NormalizeEntity(a.substr(eq + 1));
    if (from.empty() || to.empty()) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--alias {}: want ENTITY=ENTITY, e.g. asn:131279=country:KP", a));
    }
    cluster.aliases[from] = to;
  }
  return cluster;
}

// Documents about a network with a measured outage: they name its organisation.
std::map<std::int64_t, std::vector<std::string>> DocumentNetworks(const Loaded& data) {
  std::map<std::int64_t, std::vector<std::string>> doc_networks;
  std::set<std::uint32_t> asns;
  for (const OutageWindow& w : data.windows) {
    if (w.entity.rfind("asn:", 0) == 0) {
      asns.insert(static_cast<std::uint32_t>(std::strtoul(w.entity.c_str() + 4, nullptr, 10)));
    }
  }
  if (asns.empty()) return doc_networks;
  correlate::AsOrgTable orgs = correlate::LoadAsOrgTable(correlate::DefaultAsOrgCachePath());
  for (const auto& [id, d] : data.documents) {
    for (std::uint32_t asn : asns) {
      if (orgs.Mentions(asn, d.doc.title) || orgs.Mentions(asn, d.doc.text)) {
        doc_networks[id].push_back(fmt::format("asn:{}", asn));
      }
    }
  }
  return doc_networks;
}

// The claims as the clustering sees them; syndicated copies count once.
std::vector<correlate::ClaimRef> ClaimRefs(const Loaded& data) {
  const std::map<std::int64_t, std::vector<std::string>> doc_networks = DocumentNetworks(data);
  std::vector<correlate::ClaimRef> refs;
  for (const store::StoredClaim& c : data.claims) {
    auto doc = data.documents.find(c.document_id);
    if (doc != data.documents.end() && doc->second.duplicate_of != 0) continue;
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
    if (auto it = doc_networks.find(c.document_id); it != doc_networks.end())
      r.networks = it->second;
    refs.push_back(r);
  }
  return refs;
}

Result<std::vector<Incident>> FindIncidents(const Loaded& data, const AnalysisOptions& options) {
  auto cluster = ClusterOptionsFor(options);
  if (!cluster) return std::unexpected(cluster.error());
  std::vector<Incident> incidents =
      correlate::ClusterIncidents(data.windows, ClaimRefs(data), *cluster);
  if (!options.entity.empty()) {
    std::string e = NormalizeEntity(options.entity);
    std::erase_if(incidents, [&](const Incident& i) { return i.entity != e; });
  }
  if (options.since) {
    std::erase_if(incidents, [&](const Incident& i) { return i.end < options.since; });
  }
  return incidents;
}

// The incident the options select; kNotFound when there is none.
Result<Incident> SelectIncident(const std::vector<Incident>& incidents,
                                const AnalysisOptions& options) {
  if (incidents.empty()) {
    return Fail(ErrorCode::kNotFound,
                "no incidents: import or detect outage windows first (corroborate measure import / "
                "measure windows)");
  }
  if (options.incident) {
    for (const Incident& i : incidents) {
      if (i.id == options.incident) return i;
    }
    return Fail(ErrorCode::kNotFound,
                fmt::format("no incident {} (see corroborate events)", options.incident));
  }
  const Incident* best = &incidents.front();
  for (const Incident& i : incidents) {
    if (i.claim_ids.size() > best->claim_ids.size()) best = &i;
  }
  return *best;
}

// The incident's windows (without the warning-level blips an instability
// window already covers), its entities' visibility series, and a note for
// each synthetic provenance.
void AddMeasurements(const Loaded& data, const Incident& incident, render::Report& r) {
  std::set<std::int64_t> window_ids(incident.window_ids.begin(), incident.window_ids.end());
  std::set<std::string> entities{incident.entity};
  for (const OutageWindow& w : data.windows) {
    bool blip =
        w.kind == WindowKind::kOutage && w.severity == "warning" && w.end - w.start < 30 * kMinute;
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
      r.notes.push_back(fmt::format(
          "Measurements from {} are SYNTHETIC (generated for an example), not observed.", p));
    }
  }
}

render::ClaimView ClaimViewOf(const Loaded& data, const store::StoredClaim& sc,
                              const store::StoredDocument& d) {
  const Claim& c = sc.claim;
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
  return v;
}

correlate::CheckableClaim CheckableOf(const store::StoredClaim& sc,
                                      const store::StoredDocument& d) {
  const Claim& c = sc.claim;
  correlate::CheckableClaim k;
  k.id = sc.id;
  k.type = c.type;
  k.state = correlate::AlignmentState(c.state);
  k.scope = c.scope;
  if (c.time) k.when = c.time;
  k.duration = c.duration_seconds;
  k.duration_mod = c.duration_mod;
  k.published = d.doc.published;
  return k;
}

correlate::ClaimEvidence EvidenceOf(const store::StoredClaim& sc, const store::StoredDocument& d,
                                    const render::ClaimView& v, const Incident& incident) {
  const Claim& c = sc.claim;
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
  e.stance = c.stance != Stance::kAsserts
                 ? StanceName(c.stance)
                 : correlate::DeriveStance(c.negated, c.certainty, c.sentence);
  e.reliability = v.reliability;
  e.independence_group =
      correlate::IndependenceGroup(c, d.duplicate_of ? d.duplicate_of : d.doc.id);
  e.precedes_incident = c.time && c.time->end <= incident.start;
  return e;
}

// The incident's claims: a view of each for the renderers, the checkable
// ones for alignment, the explanatory ones as evidence for the ranking.
struct IncidentClaims {
  std::vector<correlate::CheckableClaim> checkable;
  std::vector<correlate::ClaimEvidence> evidence;
  std::vector<std::string> named_actors;
};

IncidentClaims AddClaims(const Loaded& data, const Incident& incident, render::Report& r) {
  IncidentClaims out;
  std::set<std::int64_t> claim_ids(incident.claim_ids.begin(), incident.claim_ids.end());
  for (const store::StoredClaim& sc : data.claims) {
    if (!claim_ids.count(sc.id)) continue;
    auto doc_it = data.documents.find(sc.document_id);
    if (doc_it == data.documents.end()) continue;
    const store::StoredDocument& d = doc_it->second;
    r.claims.push_back(ClaimViewOf(data, sc, d));
    if (IsCheckable(sc.claim.type)) {
      out.checkable.push_back(CheckableOf(sc, d));
    } else if (IsExplanatory(sc.claim.type) && IsEvidence(sc.claim)) {
      out.evidence.push_back(EvidenceOf(sc, d, r.claims.back(), incident));
      if (sc.claim.actor.find(':') != std::string::npos) out.named_actors.push_back(sc.claim.actor);
    }
  }
  return out;
}

Result<correlate::Taxonomy> LoadTaxonomy(const AnalysisOptions& options) {
  correlate::Taxonomy taxonomy = correlate::DefaultTaxonomy();
  if (options.taxonomy_file.empty()) return taxonomy;
  auto text = ReadFile(options.taxonomy_file);
  if (!text) return std::unexpected(text.error());
  return correlate::ExtendTaxonomy(taxonomy, *text, options.taxonomy_file);
}

// Hypotheses, the ACH matrix of claims and measurement signatures, and the ranking.
Status Rank(const Loaded& data, const IncidentClaims& claims,
            const std::vector<Incident>& incidents, const Incident& incident,
            const AnalysisOptions& options, render::Report& r) {
  auto taxonomy = LoadTaxonomy(options);
  if (!taxonomy) return std::unexpected(taxonomy.error());
  std::vector<Hypothesis> hypotheses =
      correlate::InstantiateHypotheses(*taxonomy, claims.named_actors);
  std::vector<EvidenceRow> rows;
  for (const correlate::ClaimEvidence& e : correlate::MergeStatements(claims.evidence)) {
    rows.push_back(correlate::RateClaim(e, hypotheses, *taxonomy));
  }
  for (const OutageWindow& w : r.windows) {
    if (!w.cause.empty()) {
      rows.push_back(
          correlate::RateMeasuredCause(w, MeasurementGrade(data, w), hypotheses, *taxonomy));
    }
  }
  for (const correlate::SignatureObservation& s :
       correlate::MeasurementSignatures(r.windows, incidents, incident)) {
    rows.push_back(correlate::RateSignature(*taxonomy, s.signature, s.description, hypotheses));
  }
  r.assessment = correlate::Rank(
      incident.entity, hypotheses, rows,
      correlate::HypothesisPriors(*taxonomy, hypotheses, correlate::ScopeOf(incident.entity)));
  return {};
}

Result<render::Report> BuildReport(const Loaded& data, const std::vector<Incident>& incidents,
                                   const Incident& incident, const AnalysisOptions& options,
                                   Instant now) {
  render::Report r;
  r.generated = now;
  r.incident = incident;
  r.title = fmt::format("Outage of {}, {} to {} UTC", incident.entity,
                        FormatRfc3339(incident.start).substr(0, 16),
                        FormatRfc3339(incident.end).substr(0, 16));
  AddMeasurements(data, incident, r);
  IncidentClaims claims = AddClaims(data, incident, r);
  r.alignments = correlate::AlignClaims(claims.checkable, r.windows);
  if (Status s = Rank(data, claims, incidents, incident, options, r); !s)
    return std::unexpected(s.error());
  return r;
}

}  // namespace

Result<std::vector<Incident>> ListIncidents(store::Database& db, const AnalysisOptions& options) {
  auto data = Load(db);
  if (!data) return std::unexpected(data.error());
  return FindIncidents(*data, options);
}

Result<IncidentReport> AnalyseIncident(store::Database& db, const AnalysisOptions& options,
                                       Clock& clock) {
  auto data = Load(db);
  if (!data) return std::unexpected(data.error());
  auto incidents = FindIncidents(*data, options);
  if (!incidents) return std::unexpected(incidents.error());
  auto incident = SelectIncident(*incidents, options);
  if (!incident) return std::unexpected(incident.error());
  auto report = BuildReport(*data, *incidents, *incident, options, clock.Now());
  if (!report) return std::unexpected(report.error());
  return IncidentReport{std::move(*incidents), std::move(*report)};
}

}  // namespace corroborate::pipeline
