#include "pipeline/watch.h"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "core/text.h"
#include "pipeline/analyse.h"
#include "pipeline/import_measurements.h"
#include "pipeline/measure_fetch.h"
#include "pipeline/poll_sources.h"
#include "store/extractions.h"
#include "store/measurements.h"
#include "store/watch.h"

namespace corroborate::pipeline {
namespace {

bool Stopped(const std::atomic<bool>* stop) { return stop != nullptr && stop->load(); }

// The entity a claim is about: its subject, else the first country it names.
std::string ClaimEntity(const Claim& claim) {
  if (!claim.subject.empty()) return claim.subject;
  for (const Mention& m : claim.mentions) {
    if (m.kind == EntityKind::kCountry) return m.id;
  }
  return "";
}

std::int64_t ReadCounter(store::WatchRecords& records, const std::string& topic) {
  auto state = records.State(topic);
  if (!state || !*state) return 0;
  try {
    return std::stoll(**state);
  } catch (...) {
    return 0;
  }
}

// The leading hypothesis as the brief states it, "undetermined" when none leads.
std::string Leader(const Assessment& assessment) {
  return assessment.leader.empty() ? "undetermined" : assessment.leader;
}

constexpr std::string_view kIncidentTopic = "incident|";

std::string KnownJson(const KnownIncident& k) {
  return nlohmann::json{{"entity", k.entity},
                        {"start", k.start},
                        {"end", k.end},
                        {"claims", k.claims},
                        {"windows", k.windows}}
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The incidents recorded by earlier cycles; a state that does not parse is
// left out (its incident is then new again, which costs one alert at most).
Result<std::vector<KnownIncident>> LoadKnown(store::WatchRecords& records) {
  auto states = records.States(kIncidentTopic);
  if (!states) return std::unexpected(states.error());
  std::vector<KnownIncident> out;
  for (const auto& [topic, state] : *states) {
    const nlohmann::json j = nlohmann::json::parse(state, nullptr, false);
    if (!j.is_object()) continue;
    KnownIncident k;
    k.key = topic.substr(kIncidentTopic.size());
    k.entity = j.value("entity", "");
    k.start = j.value("start", Instant{0});
    k.end = j.value("end", Instant{0});
    if (j.contains("claims") && j["claims"].is_array()) {
      for (const auto& c : j["claims"]) {
        if (c.is_number_integer()) k.claims.push_back(c.get<std::int64_t>());
      }
    }
    if (j.contains("windows") && j["windows"].is_array()) {
      for (const auto& w : j["windows"]) {
        if (w.is_string()) k.windows.push_back(w.get<std::string>());
      }
    }
    std::sort(k.claims.begin(), k.claims.end());
    std::sort(k.windows.begin(), k.windows.end());
    out.push_back(std::move(k));
  }
  return out;
}

// Follows the links of the entries of one fetched source that were never
// read before (or changed since), saving the validators of each page.
class LinkFollower {
 public:
  LinkFollower(store::Database& db, ingest::Fetcher& fetcher, ingest::RobotsCache& robots,
               Clock& clock, const NoticeSink& notices, CycleSummary& summary)
      : db_(db),
        fetcher_(fetcher),
        robots_(robots),
        clock_(clock),
        notices_(notices),
        summary_(summary) {}

  void operator()(std::vector<Document>& entries) {
    store::WatchRecords records(db_);
    std::vector<std::string> urls;
    for (const Document& d : entries) {
      if (d.kind == DocumentKind::kArticle)
        urls.push_back(d.canonical_url.empty() ? d.url : d.canonical_url);
    }
    auto known = records.Pages(urls);
    if (!known) {
      Tell(notices_, ItemError(known.error()));
      return;
    }
    // Entries whose page was read, and not modified since, keep what is stored.
    std::vector<Document> fresh;
    std::vector<std::size_t> fresh_index;
    ingest::FollowOptions options;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      const Document& d = entries[i];
      const std::string url = d.canonical_url.empty() ? d.url : d.canonical_url;
      const auto page = known->find(url);
      if (page != known->end()) {
        if (!d.modified || *d.modified <= page->second.fetched) continue;
        options.known[url] = ingest::PageValidators{page->second.etag, page->second.last_modified};
      }
      fresh.push_back(d);
      fresh_index.push_back(i);
    }
    if (fresh.empty()) return;
    const Instant now = clock_.Now();
    const auto links = ingest::FollowArticleLinks(fresh, fetcher_, robots_, now, options);
    for (const ingest::FollowedLink& link : links) {
      ++summary_.links_followed;
      if (link.outcome == ingest::FollowOutcome::kFailed) {
        Tell(notices_, Warning(link.error));
        continue;  // not recorded: tried again when the entry comes back
      }
      if (link.outcome == ingest::FollowOutcome::kMerged) ++summary_.articles_merged;
      pages_.emplace_back(
          link.url, store::PageRecord{link.validators.etag, link.validators.last_modified, now});
    }
    for (std::size_t f = 0; f < fresh.size(); ++f) entries[fresh_index[f]] = std::move(fresh[f]);
  }

  // Records the pages read, once their entries are stored: a page recorded
  // before its entry would, after a crash in between, keep the entry's
  // article from being read again.
  void SavePages() {
    store::WatchRecords records(db_);
    for (const auto& [url, page] : pages_) {
      if (Status saved = records.SavePage(url, page); !saved)
        Tell(notices_, ItemError(saved.error()));
    }
    pages_.clear();
  }

 private:
  store::Database& db_;
  ingest::Fetcher& fetcher_;
  ingest::RobotsCache& robots_;
  Clock& clock_;
  const NoticeSink& notices_;
  CycleSummary& summary_;
  std::vector<std::pair<std::string, store::PageRecord>> pages_;
};

}  // namespace

std::string IncidentKey(const Incident& incident) {
  return fmt::format("{}@{}", incident.entity, FormatRfc3339(incident.start));
}

std::string WindowSignature(const OutageWindow& w) {
  return fmt::format("{}|{}|{}|{}|{}", w.source, w.signal, WindowKindName(w.kind), w.start, w.end);
}

const KnownIncident* MatchIncident(const Incident& incident,
                                   const std::vector<KnownIncident>& known) {
  for (const KnownIncident& k : known) {
    if (k.entity != incident.entity) continue;
    for (std::int64_t id : incident.claim_ids) {
      if (std::binary_search(k.claims.begin(), k.claims.end(), id)) return &k;
    }
  }
  for (const KnownIncident& k : known) {
    if (k.entity == incident.entity && k.start <= incident.end && incident.start <= k.end)
      return &k;
  }
  return nullptr;
}

std::string SummaryLine(const CycleSummary& s) {
  std::string line = fmt::format("{} source{}", s.sources_polled, s.sources_polled == 1 ? "" : "s");
  if (s.sources_failed) line += fmt::format(" ({} failed)", s.sources_failed);
  line += fmt::format(", {} new document{}", s.documents_new, s.documents_new == 1 ? "" : "s");
  if (s.links_followed)
    line += fmt::format(", {} of {} articles read", s.articles_merged, s.links_followed);
  if (s.measurement_requests) {
    line += fmt::format(", {} measurement request{}", s.measurement_requests,
                        s.measurement_requests == 1 ? "" : "s");
    if (s.measurement_failures) line += fmt::format(" ({} failed)", s.measurement_failures);
  }
  line += fmt::format(
      ", {} window{} stored, {} new claim{}, {} incident{} ({} re-analysed), {} alert{}",
      s.windows_stored, s.windows_stored == 1 ? "" : "s", s.claims_new,
      s.claims_new == 1 ? "" : "s", s.incidents, s.incidents == 1 ? "" : "s", s.incidents_analysed,
      s.alerts, s.alerts == 1 ? "" : "s");
  if (s.alerts_delivered || s.alerts_failed) {
    line += fmt::format(" ({} delivered, {} failed)", s.alerts_delivered, s.alerts_failed);
  }
  if (s.stopped) line += ", stopped early";
  return line;
}

Result<std::vector<std::unique_ptr<notify::AlertChannel>>> MakeAlertChannels(
    const AlertTargets& targets) {
  std::vector<std::unique_ptr<notify::AlertChannel>> channels;
  for (const std::string& url : targets.webhooks) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--webhook {}: want an http:// or https:// URL", url));
    }
    channels.push_back(
        std::make_unique<notify::WebhookChannel>(notify::WebhookOptions{.url = url}));
  }
  if (!targets.mail_to.empty()) {
    notify::MailOptions mail;
    mail.server = targets.smtp;
    mail.from = targets.mail_from;
    mail.to = targets.mail_to;
    channels.push_back(std::make_unique<notify::MailChannel>(std::move(mail)));
  }
  for (const std::string& command : targets.exec) {
    channels.push_back(std::make_unique<notify::CommandChannel>(
        notify::CommandOptions{.argv = {command}, .use_shell = true}));
  }
  return channels;
}

Watcher::Watcher(store::Database& db, ingest::Fetcher& fetcher, Clock& clock, WatchOptions options,
                 std::vector<std::unique_ptr<notify::AlertChannel>> channels)
    : db_(db),
      fetcher_(fetcher),
      clock_(clock),
      options_(std::move(options)),
      channels_(std::move(channels)),
      robots_(options_.user_agent_token) {}

Result<CycleSummary> Watcher::RunCycle(const NoticeSink& notices, const std::atomic<bool>* stop) {
  CycleSummary summary;
  store::WatchRecords records(db_);

  // Delivers a recorded alert on every channel and notes how it went.
  const auto deliver = [&](const Alert& alert) -> Status {
    std::vector<std::string> failures;
    for (const auto& channel : channels_) {
      Result<notify::Delivery> sent = channel->Send(alert, clock_.Now());
      if (!sent) {
        failures.push_back(sent.error().message);
        Tell(notices, ItemError(sent.error()));
      }
    }
    if (failures.empty()) {
      ++summary.alerts_delivered;
    } else {
      ++summary.alerts_failed;
    }
    std::string delivery = "ok";
    if (!failures.empty()) {
      delivery = "failed: " + failures.front();
      if (failures.size() > 1) delivery += fmt::format(" (and {} more)", failures.size() - 1);
    }
    return records.MarkDelivered(AlertKey(alert), delivery);
  };

  // 0. Alerts an interrupted cycle recorded but did not deliver.
  auto pending = records.Undelivered();
  if (!pending) return std::unexpected(pending.error());
  for (const store::StoredAlert& stored : *pending) {
    if (Stopped(stop)) break;
    if (Status s = deliver(stored.alert); !s) return std::unexpected(s.error());
  }

  // 1. Sources, with the article behind each new entry.
  if (!Stopped(stop)) {
    PollOptions poll;
    poll.jobs = options_.jobs;
    poll.jitter_seed = options_.jitter_seed;
    poll.progress = options_.progress;
    LinkFollower follower(db_, fetcher_, robots_, clock_, notices, summary);
    if (options_.follow_links) poll.before_store = std::ref(follower);
    auto polled = PollSources(db_, fetcher_, clock_, poll, notices);
    if (!polled) return std::unexpected(polled.error());
    follower.SavePages();
    summary.sources_polled = static_cast<int>(polled->sources.size());
    summary.sources_failed = polled->failed;
    summary.documents_new = static_cast<int>(polled->stored.added);
    if (!polled->extracted) Tell(notices, ItemError(polled->extracted.error()));
  }

  // 2. Measurements of the watched entities.
  if (options_.poll_measurements && !Stopped(stop)) {
    const Instant now = clock_.Now();
    for (const std::string& entity : options_.entities) {
      if (Stopped(stop)) break;
      std::vector<Result<MeasureFetchSummary>> fetched;
      fetched.push_back(FetchIoda(
          db_, fetcher_, clock_, options_.services,
          ingest::IodaQuery{.entity = entity, .from = now - options_.lookback, .until = now},
          notices));
      if (!options_.services.radar_token.empty()) {
        fetched.push_back(FetchRadar(
            db_, fetcher_, clock_, options_.services,
            ingest::RadarQuery{.entity = entity, .from = now - options_.lookback, .until = now},
            notices));
      }
      for (Result<MeasureFetchSummary>& f : fetched) {
        if (!f) {
          if (f.error().code == ErrorCode::kStore) return std::unexpected(f.error());
          ++summary.measurement_failures;  // an entity the service cannot be asked about
          Tell(notices, ItemError(f.error()));
          continue;
        }
        summary.measurement_requests += static_cast<int>(f->fetched.size()) + f->failed;
        summary.measurement_failures += f->failed;
        summary.windows_stored += f->windows_added;
      }
    }
  }
  if (Stopped(stop)) {
    summary.stopped = true;
    return summary;
  }

  // 3. What is new since the last cycle.
  auto seen_claim = records.State("seen|claim");
  if (!seen_claim) return std::unexpected(seen_claim.error());
  const bool first_cycle = !seen_claim->has_value();
  const std::int64_t last_claim = ReadCounter(records, "seen|claim");
  auto claims = store::Extractions(db_).ListClaims();
  if (!claims) return std::unexpected(claims.error());
  auto windows = store::Measurements(db_).ListWindows();
  if (!windows) return std::unexpected(windows.error());
  std::map<std::int64_t, std::string> signature;
  for (const OutageWindow& w : *windows) signature.emplace(w.id, WindowSignature(w));
  std::int64_t max_claim = last_claim;
  for (const store::StoredClaim& c : *claims) max_claim = std::max(max_claim, c.id);
  const std::set<std::string> watched(options_.entities.begin(), options_.entities.end());
  auto known = LoadKnown(records);
  if (!known) return std::unexpected(known.error());

  std::vector<Alert> alerts;
  std::set<std::int64_t> in_new_incident;  // claims of incidents alerted as new in this cycle
  const Instant now = clock_.Now();
  const auto propose = [&](Alert alert) -> Status {
    alert.time = now;
    auto fresh = records.RecordAlert(alert, now);
    if (!fresh) return std::unexpected(fresh.error());
    if (*fresh) alerts.push_back(std::move(alert));
    return {};
  };

  auto incidents = ListIncidents(db_, AnalysisOptions{});
  if (!incidents) return std::unexpected(incidents.error());
  summary.incidents = static_cast<int>(incidents->size());
  for (const Incident& incident : *incidents) {
    if (Stopped(stop)) break;
    KnownIncident now_known;
    now_known.entity = incident.entity;
    now_known.start = incident.start;
    now_known.end = incident.end;
    now_known.claims = incident.claim_ids;
    std::sort(now_known.claims.begin(), now_known.claims.end());
    for (std::int64_t id : incident.window_ids) {
      if (const auto it = signature.find(id); it != signature.end())
        now_known.windows.push_back(it->second);
    }
    std::sort(now_known.windows.begin(), now_known.windows.end());
    const KnownIncident* match = MatchIncident(incident, *known);
    const bool is_new = match == nullptr;
    now_known.key = is_new ? IncidentKey(incident) : match->key;
    if (!is_new && match->claims == now_known.claims && match->windows == now_known.windows) {
      continue;  // nothing new: no need to re-rank
    }
    const std::string key = now_known.key;

    AnalysisOptions analysis;
    analysis.incident = incident.id;
    auto analysed = AnalyseIncident(db_, analysis, clock_);
    if (!analysed) {
      Tell(notices, ItemError(analysed.error()));
      continue;
    }
    ++summary.incidents_analysed;
    const render::Report& report = analysed->report;
    const std::string leader = Leader(report.assessment);
    auto leader_state = records.State("leader|" + key);
    if (!leader_state) return std::unexpected(leader_state.error());
    if (is_new) {
      Alert alert;
      alert.kind = AlertKind::kNewIncident;
      alert.entity = incident.entity;
      alert.subject = "incident:" + key;
      alert.state = leader;
      alert.summary = fmt::format("New incident: {} ({} to {} UTC)", incident.entity,
                                  FormatRfc3339(incident.start).substr(0, 16),
                                  FormatRfc3339(incident.end).substr(0, 16));
      alert.details_json = nlohmann::json{
          {"incident_key", key},
          {"title", incident.title},
          {"start", FormatRfc3339(incident.start)},
          {"end", FormatRfc3339(incident.end)},
          {"windows", incident.window_ids.size()},
          {"documents", incident.document_ids.size()},
          {"claims", incident.claim_ids.size()},
          {"leader", leader}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      if (Status s = propose(std::move(alert)); !s) return std::unexpected(s.error());
      in_new_incident.insert(incident.claim_ids.begin(), incident.claim_ids.end());
    } else if (*leader_state && **leader_state != leader) {
      Alert alert;
      alert.kind = AlertKind::kLeaderChanged;
      alert.entity = incident.entity;
      alert.subject = "incident:" + key;
      alert.previous = **leader_state;
      alert.state = leader;
      alert.summary = fmt::format("Leading explanation for {} changed: {} -> {}", incident.entity,
                                  alert.previous, alert.state);
      if (Status s = propose(std::move(alert)); !s) return std::unexpected(s.error());
    }
    if (Status s = records.SetState("leader|" + key, leader, now); !s)
      return std::unexpected(s.error());

    for (const Alignment& a : report.alignments) {
      const std::string topic = fmt::format("verdict|claim:{}", a.claim_id);
      const std::string verdict = VerdictName(a.verdict);
      auto previous = records.State(topic);
      if (!previous) return std::unexpected(previous.error());
      if (*previous && **previous != verdict) {
        Alert alert;
        alert.kind = AlertKind::kVerdictChanged;
        alert.entity = incident.entity;
        alert.subject = fmt::format("claim:{}", a.claim_id);
        alert.previous = **previous;
        alert.state = verdict;
        alert.summary = fmt::format("Claim {} about {} is now {} with the measurements (was {})",
                                    a.claim_id, incident.entity, verdict, alert.previous);
        if (Status s = propose(std::move(alert)); !s) return std::unexpected(s.error());
      }
      if (!*previous || **previous != verdict) {
        if (Status s = records.SetState(topic, verdict, now); !s) return std::unexpected(s.error());
      }
    }
    // Recorded last: a cycle cut short before this analyses the incident again.
    if (Status s = records.SetState(std::string(kIncidentTopic) + key, KnownJson(now_known), now);
        !s) {
      return std::unexpected(s.error());
    }
    if (is_new) known->push_back(std::move(now_known));
  }
  if (Stopped(stop)) {
    // Not every incident was looked at: the claim counter stays, so the next
    // cycle looks again; alerts recorded so far are delivered by it.
    summary.stopped = true;
    return summary;
  }
  // One alert per new sentence about a watched entity, however many claims
  // it holds, in the order stored.
  std::map<std::pair<std::int64_t, std::string>, std::vector<const store::StoredClaim*>> sentences;
  std::vector<std::pair<std::int64_t, std::string>> order;
  for (const store::StoredClaim& c : *claims) {
    if (c.id <= last_claim) continue;
    ++summary.claims_new;
    // The first cycle on a database takes what is stored as known; a claim
    // of an incident alerted as new in this cycle is told by that alert.
    if (first_cycle || in_new_incident.count(c.id)) continue;
    const std::string entity = ClaimEntity(c.claim);
    if (entity.empty() || !watched.count(entity)) continue;
    auto& group = sentences[{c.document_id, c.claim.sentence}];
    if (group.empty()) order.emplace_back(c.document_id, c.claim.sentence);
    group.push_back(&c);
  }
  for (const auto& id : order) {
    const std::vector<const store::StoredClaim*>& group = sentences[id];
    const store::StoredClaim& first = *group.front();
    const std::string entity = ClaimEntity(first.claim);
    nlohmann::json listed = nlohmann::json::array();
    for (const store::StoredClaim* c : group) {
      listed.push_back({{"claim_id", c->id},
                        {"type", ClaimTypeName(c->claim.type)},
                        {"cause", c->claim.cause},
                        {"stance", StanceName(c->claim.stance)}});
    }
    Alert alert;
    alert.kind = AlertKind::kNewClaim;
    alert.entity = entity;
    alert.subject = fmt::format("claim:{}", first.id);
    alert.summary =
        fmt::format("New claim about {}: {}", entity, ClipForMessage(first.claim.sentence, 300));
    alert.details_json = nlohmann::json{
        {"document_id", first.document_id},
        {"sentence", first.claim.sentence},
        {"claims", listed}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (Status s = propose(std::move(alert)); !s) return std::unexpected(s.error());
  }

  if (Status s = records.SetState("seen|claim", std::to_string(max_claim), now); !s)
    return std::unexpected(s.error());

  // 4. Deliver what this cycle recorded.
  summary.alerts = static_cast<int>(alerts.size());
  for (const Alert& alert : alerts) {
    if (Stopped(stop)) {
      summary.stopped = true;
      break;  // recorded, undelivered: the next cycle delivers it
    }
    if (Status s = deliver(alert); !s) return std::unexpected(s.error());
  }
  summary.stopped = summary.stopped || Stopped(stop);
  return summary;
}

}  // namespace corroborate::pipeline
