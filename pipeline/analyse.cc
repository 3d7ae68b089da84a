#include "pipeline/analyse.h"

#include <fmt/core.h>

#include <algorithm>
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
#include "store/arrivals.h"
#include "store/documents.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "store/sources.h"

namespace corroborate::pipeline {

namespace {

// What an analysis reads from the store: every window (they make the
// incidents), and only the claims near the incidents asked about, with their
// documents and the series of the selected incident's entities.
struct Loaded {
  std::map<std::int64_t, store::StoredDocument> documents;  // raw bytes not loaded
  std::map<std::int64_t, Source> sources;
  std::vector<store::StoredClaim> claims;
  std::vector<OutageWindow> windows;
  std::vector<Series> series;
};

// The windows, the sources, and the incidents the windows make (no claims yet).
struct Skeleton {
  Loaded data;
  correlate::ClusterOptions cluster;
  std::vector<Incident> incidents;
};

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
    if (c.duplicate) continue;
    correlate::ClaimRef r;
    r.id = c.id;
    r.document_id = c.document_id;
    r.published = c.published;
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

Result<Skeleton> LoadSkeleton(store::Database& db, const AnalysisOptions& options) {
  Skeleton k;
  auto cluster = ClusterOptionsFor(options);
  if (!cluster) return std::unexpected(cluster.error());
  k.cluster = std::move(*cluster);
  auto windows = store::Measurements(db).ListWindows();
  if (!windows) return std::unexpected(windows.error());
  k.data.windows = std::move(*windows);
  auto sources = store::Sources(db).ListSources();
  if (!sources) return std::unexpected(sources.error());
  for (Source& s : *sources) k.data.sources.emplace(s.id, std::move(s));
  k.incidents = correlate::ClusterIncidents(k.data.windows, {}, k.cluster);
  return k;
}

// Whether the options' entity and time filters keep `incident`.
bool Wanted(const Incident& incident, const AnalysisOptions& options) {
  if (!options.entity.empty() && incident.entity != NormalizeEntity(options.entity)) return false;
  return options.since == 0 || incident.end >= options.since;
}

// Loads the claims near `wanted` (see correlate::ClaimReach), and the
// documents whose text can place them (DocumentNetworks), and clusters again: the incidents of
// `wanted` come out exactly as clustering every stored claim would make them, since a claim outside
// an incident's reach is never placed in it and a document's claims are loaded together. The others
// may miss claims.
Result<std::vector<Incident>> PlaceClaims(store::Database& db, Skeleton& k,
                                          const std::vector<Incident>& wanted) {
  std::vector<Interval> ranges;
  for (const Incident& i : wanted) ranges.push_back(correlate::ClaimReach(i, k.cluster));
  auto claims = store::Extractions(db).ClaimsNear(ranges);
  if (!claims) return std::unexpected(claims.error());
  k.data.claims = std::move(*claims);
  // Texts are read only where a document naming a network's organisation
  // can join an incident: near those of the entities AS windows map to.
  std::set<std::string> network_entities;
  for (const OutageWindow& w : k.data.windows) {
    if (w.entity.rfind("asn:", 0) != 0) continue;
    auto alias = k.cluster.aliases.find(w.entity);
    network_entities.insert(alias == k.cluster.aliases.end() ? w.entity : alias->second);
  }
  std::vector<Interval> network_ranges;
  for (const Incident& i : wanted) {
    if (network_entities.count(i.entity))
      network_ranges.push_back(correlate::ClaimReach(i, k.cluster));
  }
  std::set<std::int64_t> with_text;
  if (!network_ranges.empty()) {
    auto near = store::Extractions(db).ClaimsNear(network_ranges);
    if (!near) return std::unexpected(near.error());
    for (const store::StoredClaim& c : *near) with_text.insert(c.document_id);
  }
  if (!with_text.empty()) {
    auto docs = store::Documents(db).GetDocuments({with_text.begin(), with_text.end()}, true);
    if (!docs) return std::unexpected(docs.error());
    for (store::StoredDocument& d : *docs) k.data.documents.emplace(d.doc.id, std::move(d));
  }
  std::vector<Incident> all =
      correlate::ClusterIncidents(k.data.windows, ClaimRefs(k.data), k.cluster);
  std::set<std::int64_t> keep;
  for (const Incident& i : wanted) keep.insert(i.id);
  std::erase_if(all, [&](const Incident& i) { return !keep.count(i.id); });
  return all;
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

// The incident's windows, without the warning-level blips an instability
// window already covers.
std::vector<OutageWindow> ReportWindows(const Loaded& data, const Incident& incident) {
  std::set<std::int64_t> window_ids(incident.window_ids.begin(), incident.window_ids.end());
  std::vector<OutageWindow> out;
  for (const OutageWindow& w : data.windows) {
    bool blip =
        w.kind == WindowKind::kOutage && w.severity == "warning" && w.end - w.start < 30 * kMinute;
    if (window_ids.count(w.id) && !blip) out.push_back(w);
  }
  return out;
}

// The entities whose series a report of `incident` shows.
std::set<std::string> SeriesEntities(const Loaded& data, const Incident& incident) {
  std::set<std::string> entities{incident.entity};
  for (const OutageWindow& w : ReportWindows(data, incident)) entities.insert(w.entity);
  return entities;
}

// The incident's windows, its entities' visibility series (data.series holds
// those of SeriesEntities), and a note for each synthetic provenance.
void AddMeasurements(const Loaded& data, const Incident& incident, render::Report& r) {
  r.windows = ReportWindows(data, incident);
  const std::set<std::string> entities = SeriesEntities(data, incident);
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
  auto skeleton = LoadSkeleton(db, options);
  if (!skeleton) return std::unexpected(skeleton.error());
  std::vector<Incident> wanted = skeleton->incidents;
  std::erase_if(wanted, [&](const Incident& i) { return !Wanted(i, options); });
  if (wanted.empty()) return wanted;
  return PlaceClaims(db, *skeleton, wanted);
}

Result<IncidentReport> AnalyseIncident(store::Database& db, const AnalysisOptions& options,
                                       Clock& clock) {
  auto skeleton = LoadSkeleton(db, options);
  if (!skeleton) return std::unexpected(skeleton.error());
  std::vector<Incident> wanted = skeleton->incidents;
  std::erase_if(wanted, [&](const Incident& i) { return !Wanted(i, options); });
  if (wanted.empty() || options.incident) {
    // The same errors as selecting from every incident.
    auto selected = SelectIncident(wanted, options);
    if (!selected) return std::unexpected(selected.error());
    wanted = {*selected};
  }
  auto incidents = PlaceClaims(db, *skeleton, wanted);
  if (!incidents) return std::unexpected(incidents.error());
  auto incident = SelectIncident(*incidents, options);
  if (!incident) return std::unexpected(incident.error());
  const std::set<std::int64_t> in_incident(incident->claim_ids.begin(), incident->claim_ids.end());
  std::vector<std::int64_t> doc_ids;
  for (const store::StoredClaim& c : skeleton->data.claims) {
    if (in_incident.count(c.id)) doc_ids.push_back(c.document_id);
  }
  auto docs = store::Documents(db).GetDocuments(doc_ids, /*with_text=*/false);
  if (!docs) return std::unexpected(docs.error());
  for (store::StoredDocument& d : *docs) skeleton->data.documents.emplace(d.doc.id, std::move(d));
  for (const std::string& entity : SeriesEntities(skeleton->data, *incident)) {
    auto series = store::Measurements(db).ListSeries(entity);
    if (!series) return std::unexpected(series.error());
    for (Series& s : *series) skeleton->data.series.push_back(std::move(s));
  }
  auto report = BuildReport(skeleton->data, skeleton->incidents, *incident, options, clock.Now());
  if (!report) return std::unexpected(report.error());
  return IncidentReport{std::move(*incidents), std::move(*report)};
}

Result<Watermark> CurrentWatermark(store::Database& db) {
  auto latest = store::Arrivals(db).Latest();
  if (!latest) return std::unexpected(latest.error());
  return Watermark{*latest};
}

Result<NewData> IncidentsWithNewData(store::Database& db, const AnalysisOptions& options,
                                     Watermark mark) {
  auto skeleton = LoadSkeleton(db, options);
  if (!skeleton) return std::unexpected(skeleton.error());
  auto arrived = store::Arrivals(db).Since(mark.arrival);
  if (!arrived) return std::unexpected(arrived.error());
  NewData out;
  out.mark = Watermark{arrived->last};
  const std::set<std::int64_t> new_windows(arrived->window_ids.begin(), arrived->window_ids.end());
  const std::set<std::int64_t> new_claims(arrived->claim_ids.begin(), arrived->claim_ids.end());
  // When and about when the new claims were written.
  std::vector<Interval> times;
  auto claims = store::Extractions(db).ClaimsById(arrived->claim_ids);
  if (!claims) return std::unexpected(claims.error());
  std::vector<std::int64_t> doc_ids;
  for (const store::StoredClaim& c : *claims) {
    doc_ids.push_back(c.document_id);
    if (c.claim.time && !c.claim.time_text.empty()) times.push_back(*c.claim.time);
  }
  auto docs = store::Documents(db).GetDocuments(doc_ids, /*with_text=*/false);
  if (!docs) return std::unexpected(docs.error());
  for (const store::StoredDocument& d : *docs) {
    if (d.doc.published) times.push_back(Interval{*d.doc.published, *d.doc.published});
  }
  // Incidents a new window is in, or whose reach holds a new claim's time or
  // publication: the only ones new claims can have joined.
  std::vector<Incident> candidates;
  for (const Incident& i : skeleton->incidents) {
    if (!Wanted(i, options)) continue;
    bool window = std::any_of(i.window_ids.begin(), i.window_ids.end(),
                              [&](std::int64_t id) { return new_windows.count(id) > 0; });
    Interval reach = correlate::ClaimReach(i, skeleton->cluster);
    bool near = std::any_of(times.begin(), times.end(), [&](const Interval& t) {
      return t.start <= reach.end && t.end >= reach.start;
    });
    if (window || near) candidates.push_back(i);
  }
  if (candidates.empty()) return out;
  auto placed = PlaceClaims(db, *skeleton, candidates);
  if (!placed) return std::unexpected(placed.error());
  for (Incident& i : *placed) {
    bool window = std::any_of(i.window_ids.begin(), i.window_ids.end(),
                              [&](std::int64_t id) { return new_windows.count(id) > 0; });
    bool claim = std::any_of(i.claim_ids.begin(), i.claim_ids.end(),
                             [&](std::int64_t id) { return new_claims.count(id) > 0; });
    if (window || claim) out.incidents.push_back(std::move(i));
  }
  return out;
}

}  // namespace corroborate::pipeline
