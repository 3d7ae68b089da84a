// Events, timeline, claim check, ranking: text, JSON, Markdown, TimelineJS,
// ClaimReview and STIX renderers.
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "render/escape.h"
#include "render/names.h"
#include "render/report.h"

namespace corroborate::render {

using nlohmann::ordered_json;

namespace {

std::string When(const TimelineEntry& e) {
  std::string s = FormatRfc3339(e.start);
  if (e.precision == Granularity::kDay || e.precision == Granularity::kWeek ||
      e.precision == Granularity::kMonth) {
    s = s.substr(0, 10);
  } else {
    s = s.substr(0, 16) + "Z";
  }
  return s;
}

std::string Short(Instant t) { return FormatRfc3339(t).substr(0, 16) + "Z"; }

std::string Pad(std::string s, size_t width) {
  size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars < width) s.append(width - chars, ' ');
  return s;
}

const ClaimView* FindClaim(const Report& r, std::int64_t id) {
  for (const ClaimView& c : r.claims) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

ordered_json DateParts(Instant t, Granularity g) {
  CivilTime c = ToCivil(t);
  ordered_json d{{"year", c.date.year}};
  if (g != Granularity::kYear) d["month"] = c.date.month;
  if (g != Granularity::kYear && g != Granularity::kMonth) d["day"] = c.date.day;
  if (g == Granularity::kMinute || g == Granularity::kSecond || g == Granularity::kHour) {
    d["hour"] = c.hour;
    d["minute"] = c.minute;
  }
  return d;
}

// JSON text of `j`; bytes that are not UTF-8 become U+FFFD rather than an exception.
std::string Dump(const ordered_json& j) {
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

// The URL for a JSON link field: LinkUrl's, or "" (as for no URL).
std::string JsonLink(std::string_view url) { return LinkUrl(url).value_or(""); }

std::string Hm(std::int64_t s) { return fmt::format("{} h {:02} min", s / 3600, s % 3600 / 60); }

// Precise enough to show hours and minutes.
bool ShowsTime(Granularity g) {
  return g == Granularity::kMinute || g == Granularity::kSecond || g == Granularity::kHour;
}

// The slide's date in words, in UTC.
std::string DisplayDate(const TimelineEntry& e) {
  if (!ShowsTime(e.precision)) {
    std::string day = HumanTime(e.start, true);
    return e.end ? day + " to " + HumanTime(*e.end, true) : day;
  }
  return e.end ? HumanSpan(e.start, *e.end) : HumanTime(e.start);
}

// Measured windows: one entry per event, so windows of the same kind that
// start and end within five minutes of each other (the country and its AS,
// or two sources measuring one outage) are one entry.
std::vector<TimelineEntry> WindowEntries(const std::vector<OutageWindow>& windows) {
  std::vector<TimelineEntry> out;
  constexpr Instant kSameEvent = 5 * 60;
  std::vector<bool> merged(windows.size(), false);
  for (size_t i = 0; i < windows.size(); ++i) {
    if (merged[i]) continue;
    const OutageWindow& w = windows[i];
    std::vector<const OutageWindow*> group{&w};
    for (size_t j = i + 1; j < windows.size(); ++j) {
      const OutageWindow& x = windows[j];
      if (!merged[j] && x.kind == w.kind && std::llabs(x.start - w.start) <= kSameEvent &&
          std::llabs(x.end - w.end) <= kSameEvent) {
        merged[j] = true;
        group.push_back(&x);
      }
    }
    std::vector<std::string> entities, sources;
    std::string url;
    for (const OutageWindow* g : group) {
      std::string name = EntityName(g->entity);
      if (std::find(entities.begin(), entities.end(), name) == entities.end())
        entities.push_back(name);
      std::string source = g->source + (g->signal.empty() ? "" : " (" + g->signal + ")");
      if (std::find(sources.begin(), sources.end(), source) == sources.end())
        sources.push_back(source);
      if (url.empty() && LinkUrl(g->url)) url = g->url;
    }
    std::string who = entities[0];
    for (size_t k = 1; k < entities.size(); ++k)
      who += (k + 1 == entities.size() ? " and " : ", ") + entities[k];
    TimelineEntry e;
    e.start = w.start;
    e.end = w.end;
    e.precision = Granularity::kMinute;
    e.kind = "measured";
    e.outage = w.kind == WindowKind::kOutage;
    e.headline = w.kind == WindowKind::kOutage
                     ? fmt::format("{} offline, as measured", who)
                     : fmt::format("Routing instability in {}, as measured", who);
    if (!w.severity.empty() && w.severity != "critical")
      e.headline += fmt::format(" ({})", w.severity);
    e.text = fmt::format("From {} ({}).{}{}", HumanSpan(w.start, w.end), Hm(w.end - w.start),
                         w.description.empty() ? "" : " ", w.description);
    for (size_t k = 0; k < sources.size(); ++k) e.source += (k ? "; " : "") + sources[k];
    e.url = url;
    e.group = "Measured";
    e.id = fmt::format("window:{}", w.id);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

std::vector<TimelineEntry> BuildTimeline(const Report& r) {
  std::vector<TimelineEntry> out = WindowEntries(r.windows);
  // Reported claims: one entry per sentence of a document at one time (a
  // sentence extracted as several claim types is one event).
  std::vector<std::string> seen;
  for (const ClaimView& c : r.claims) {
    std::optional<Instant> at = c.when ? std::optional<Instant>(c.when->start) : c.published;
    if (!at) continue;
    std::string words = CollapseWhitespace(c.quote.empty() ? c.text : c.quote);
    std::string key = fmt::format("{}|{}|{}", c.document_id, *at, words);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    TimelineEntry e;
    e.start = *at;
    e.precision = c.when ? c.when->granularity : Granularity::kMinute;
    if (c.when && c.when->end - c.when->start > 60 &&
        (c.when->granularity == Granularity::kWeek || c.when->granularity == Granularity::kMonth)) {
      e.end = c.when->end;
    }
    e.kind = c.when ? "reported" : "published";
    e.headline = Clip(words, 90);
    e.text = Clip(CollapseWhitespace(c.text), 400);
    e.source = SourceName(c);
    e.url = c.document_url;
    e.group = c.when ? "Reported" : "Published";
    e.id = fmt::format("claim:{}", c.id);
    out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
    return a.start != b.start ? a.start < b.start : a.kind < b.kind;
  });
  return out;
}

std::string EventsText(const std::vector<Incident>& incidents) {
  std::string s = fmt::format("{:<4} {:<14} {:<18} {:<18} {:>7} {:>7} {:>9}\n", "id", "entity",
                              "start (UTC)", "end (UTC)", "windows", "claims", "documents");
  for (const Incident& i : incidents) {
    s += fmt::format("{:<4} {:<14} {:<18} {:<18} {:>7} {:>7} {:>9}\n", i.id, i.entity,
                     Short(i.start), Short(i.end), i.window_ids.size(), i.claim_ids.size(),
                     i.document_ids.size());
  }
  if (incidents.empty()) s += "(no incidents: import or detect outage windows first)\n";
  return s;
}

std::string EventsJson(const std::vector<Incident>& incidents) {
  ordered_json a = ordered_json::array();
  for (const Incident& i : incidents) {
    a.push_back({{"id", i.id},
                 {"entity", i.entity},
                 {"start", FormatRfc3339(i.start)},
                 {"end", FormatRfc3339(i.end)},
                 {"title", i.title},
                 {"window_ids", i.window_ids},
                 {"claim_ids", i.claim_ids},
                 {"document_ids", i.document_ids}});
  }
  return Dump(ordered_json{{"incidents", a}});
}

std::string TimelineText(const std::vector<TimelineEntry>& entries) {
  std::string s = fmt::format("{} {} {} {}\n", Pad("when (UTC)", 18), Pad("kind", 9),
                              Pad("source", 34), "what");
  for (const TimelineEntry& e : entries) {
    s += fmt::format("{} {} {} {}\n", Pad(When(e), 18), Pad(e.kind, 9), Pad(Clip(e.source, 34), 34),
                     e.headline);
  }
  return s;
}

std::string TimelineJson(const std::vector<TimelineEntry>& entries) {
  ordered_json a = ordered_json::array();
  for (const TimelineEntry& e : entries) {
    ordered_json j{{"id", e.id}, {"start", FormatRfc3339(e.start)}};
    j["end"] = e.end ? ordered_json(FormatRfc3339(*e.end)) : ordered_json(nullptr);
    j["precision"] = GranularityName(e.precision);
    j["kind"] = e.kind;
    j["headline"] = e.headline;
    j["text"] = e.text;
    j["source"] = e.source;
    j["url"] = JsonLink(e.url);
    a.push_back(std::move(j));
  }
  return Dump(ordered_json{{"timeline", a}});
}

std::string TimelineMarkdown(const std::vector<TimelineEntry>& entries) {
  std::string s = "| when (UTC) | kind | source | what |\n|---|---|---|---|\n";
  for (const TimelineEntry& e : entries) {
    s += fmt::format("| {} | {} | {} | {} |\n", When(e), MarkdownText(e.kind),
                     MarkdownText(Clip(e.source, 60)), MarkdownLink(e.headline, e.url));
  }
  return s;
}

std::string TimelineJs(const std::string& title, const std::vector<TimelineEntry>& entries,
                       const std::vector<OutageWindow>& windows) {
  ordered_json events = ordered_json::array();
  for (const TimelineEntry& e : entries) {
    ordered_json start = DateParts(e.start, e.precision);
    start["display_date"] = DisplayDate(e);
    ordered_json j{{"start_date", start}};
    if (e.end)
      j["end_date"] =
          DateParts(*e.end, ShowsTime(e.precision) ? Granularity::kMinute : e.precision);
    j["display_date"] = DisplayDate(e);
    // TimelineJS shows headline and text as HTML: both are escaped, and the
    // source is a link only for an http(s) URL.
    std::string text = "<p>" + HtmlEscape(e.text) + "</p>";
    std::optional<std::string> url = LinkUrl(e.url);
    std::string source = HtmlEscape(e.source);
    if (url)
      source =
          "<a href=\"" + HtmlEscape(*url) + "\">" + (source.empty() ? "source" : source) + "</a>";
    if (!source.empty())
      text +=
          "<p>" + std::string(e.kind == "measured" ? "Measured by " : "Source: ") + source + "</p>";
    j["text"] = {{"headline", HtmlEscape(e.headline)}, {"text", text}};
    j["group"] = e.group;
    j["unique_id"] = e.id;
    events.push_back(std::move(j));
  }
  // An era per measured outage event (the windows BuildTimeline merges).
  ordered_json eras = ordered_json::array();
  for (const TimelineEntry& e : WindowEntries(windows)) {
    if (!e.outage) continue;
    eras.push_back({{"start_date", DateParts(e.start, Granularity::kMinute)},
                    {"end_date", DateParts(e.end.value_or(e.start), Granularity::kMinute)},
                    {"text", {{"headline", HtmlEscape(e.headline)}}}});
  }
  return Dump(
      ordered_json{{"title",
                    {{"text",
                      {{"headline", HtmlEscape(title)},
                       {"text", "<p>Measured windows and reported claims; times in UTC.</p>"}}}}},
                   {"events", events},
                   {"eras", eras}});
}

std::string CheckText(const Report& r) {
  std::string s = fmt::format("{} {} {} {}\n", Pad("claim", 7), Pad("verdict", 18),
                              Pad("aspect", 9), "claimed / measured");
  for (const Alignment& a : r.alignments) {
    const ClaimView* c = FindClaim(r, a.claim_id);
    s += fmt::format("{} {} {} {}\n", Pad(fmt::format("#{}", a.claim_id), 7),
                     Pad(VerdictName(a.verdict), 18), Pad(a.aspect, 9),
                     c ? Clip(c->quote.empty() ? c->text : c->quote, 100) : "");
    s += fmt::format("{} {}\n", std::string(36, ' '), a.explanation);
  }
  if (r.alignments.empty()) s += "(no checkable claims)\n";
  return s;
}

std::string CheckJson(const Report& r) {
  ordered_json a = ordered_json::array();
  for (const Alignment& x : r.alignments) {
    const ClaimView* c = FindClaim(r, x.claim_id);
    a.push_back({{"claim_id", x.claim_id},
                 {"claim", c ? c->text : ""},
                 {"type", c ? c->type : ""},
                 {"speaker", c ? SourceName(*c) : ""},
                 {"document_url", c ? JsonLink(c->document_url) : ""},
                 {"verdict", VerdictName(x.verdict)},
                 {"aspect", x.aspect},
                 {"claimed", x.claimed},
                 {"measured", x.measured},
                 {"difference", x.difference},
                 {"tolerance", x.tolerance},
                 {"window_id", x.window_id},
                 {"explanation", x.explanation}});
  }
  return Dump(
      ordered_json{{"incident_id", r.incident.id}, {"entity", r.incident.entity}, {"checks", a}});
}

std::vector<ClaimReviewDocument> ClaimReviews(const Report& r, const ClaimReviewOptions& o) {
  std::vector<ClaimReviewDocument> out;
  const std::optional<std::string> review_base = LinkUrl(o.review_url);
  std::string publisher = CollapseWhitespace(o.publisher);
  std::string publisher_url = LinkUrl(o.publisher_url).value_or("");
  if (publisher.empty() && review_base) {  // the host of the review page
    size_t host = review_base->find("//") + 2;
    size_t end = review_base->find_first_of("/?#", host);
    publisher =
        review_base->substr(host, end == std::string::npos ? std::string::npos : end - host);
    if (publisher_url.empty()) publisher_url = review_base->substr(0, end) + "/";
  }
  for (const Alignment& x : r.alignments) {
    if (x.verdict == Verdict::kNotCheckable) continue;
    const ClaimView* c = FindClaim(r, x.claim_id);
    if (!c) continue;
    int rating = x.verdict == Verdict::kConsistent         ? 5
                 : x.verdict == Verdict::kPartlyConsistent ? 3
                                                           : 1;
    const char* words = x.verdict == Verdict::kConsistent ? "Consistent with the measurements"
                        : x.verdict == Verdict::kPartlyConsistent
                            ? "Partly consistent with the measurements"
                            : "Inconsistent with the measurements";
    bool person = !CollapseWhitespace(c->speaker).empty();
    ordered_json claim_author{{"@type", person ? "Person" : "Organization"},
                              {"name", person ? CollapseWhitespace(c->speaker) : c->outlet}};
    if (person && !c->organisation.empty()) {
      claim_author["affiliation"] = {{"@type", "Organization"}, {"name", c->organisation}};
    }
    ordered_json appearance{{"@type", "CreativeWork"},
                            {"url", JsonLink(c->document_url)},
                            {"headline", c->document_title}};
    if (!c->outlet.empty())
      appearance["publisher"] = {{"@type", "Organization"}, {"name", c->outlet}};
    if (c->published) appearance["datePublished"] = FormatRfc3339(*c->published);
    ordered_json claim{{"@type", "Claim"}, {"author", claim_author}};
    if (c->published) claim["datePublished"] = FormatRfc3339(*c->published).substr(0, 10);
    claim["appearance"] = appearance;
    claim["firstAppearance"] = appearance;  // the earliest appearance stored
    std::string url;
    if (review_base) {
      url = *review_base;
      size_t slot = url.find("{claim}");
      if (slot != std::string::npos) url.replace(slot, 7, std::to_string(c->id));
    }
    ordered_json author{{"@type", "Organization"},
                        {"name", publisher.empty() ? "corroborate" : publisher}};
    if (!publisher_url.empty()) author["url"] = publisher_url;
    ordered_json review{
        {"@context", "https://schema.org"},
        {"@type", "ClaimReview"},
        {"url", url},
        {"claimReviewed", CollapseWhitespace(c->quote.empty() ? c->text : c->quote)},
        {"datePublished", FormatRfc3339(r.generated).substr(0, 10)},
        {"author", author},
        {"reviewRating",
         {{"@type", "Rating"},
          {"ratingValue", rating},
          {"bestRating", 5},
          {"worstRating", 1},
          {"name", VerdictName(x.verdict)},
          {"alternateName", words},
          {"ratingExplanation", x.explanation}}},
        {"itemReviewed", claim}};
    out.push_back({fmt::format("claimreview-{}.jsonld", c->id), Dump(review)});
  }
  return out;
}

std::string ClaimReviewJsonLd(const Report& r, const ClaimReviewOptions& options) {
  ordered_json reviews = ordered_json::array();
  for (const ClaimReviewDocument& d : ClaimReviews(r, options))
    reviews.push_back(ordered_json::parse(d.json));
  return Dump(reviews);
}

std::vector<size_t> RankedColumns(const Assessment& a) {
  std::vector<size_t> cols;
  for (const RankedHypothesis& h : a.ranking) {
    for (size_t i = 0; i < a.hypotheses.size(); ++i) {
      if (a.hypotheses[i].id == h.hypothesis.id) cols.push_back(i);
    }
  }
  return cols;
}

std::string RankText(const Assessment& a) {
  std::string s = fmt::format("Hypotheses for {} (most probable first)\n", a.entity);
  s += fmt::format("{} {} {} {} {}\n", Pad("rank", 5), Pad("inconsistency", 14), Pad("support", 8),
                   Pad("likelihood", 20), "hypothesis");
  for (const RankedHypothesis& h : a.ranking) {
    s += fmt::format("{} {} {} {} {}\n", Pad(std::to_string(h.rank), 5),
                     Pad(fmt::format("{:.2f}", h.inconsistency), 14),
                     Pad(fmt::format("{:.2f}", h.support), 8),
                     Pad(fmt::format("{} ({:.0f}%)", h.likelihood, h.probability * 100), 20),
                     h.hypothesis.label);
  }
  s += "\nACH matrix (columns in ranking order; weight = credibility x relevance)\n";
  std::vector<size_t> cols = RankedColumns(a);
  s += Pad("evidence", 48) + " " + Pad("weight", 7) + Pad("diag", 6);
  for (size_t k = 0; k < cols.size(); ++k) s += Pad(fmt::format("H{}", k + 1), 4);
  s += "\n";
  for (const EvidenceRow& e : a.evidence) {
    s += Pad(Clip(e.id + " " + e.description, 48), 48) + " " +
         Pad(fmt::format("{:.2f}", e.credibility * e.relevance), 7) +
         Pad(fmt::format("{:.2f}", e.diagnosticity), 6);
    for (size_t i : cols) s += Pad(i < e.ratings.size() ? RatingCode(e.ratings[i]) : "NA", 4);
    s += "\n";
  }
  for (size_t k = 0; k < cols.size(); ++k)
    s += fmt::format("H{} = {}\n", k + 1, a.hypotheses[cols[k]].id);
  s += "\nSensitivity: ";
  if (a.sensitive_rows.empty()) {
    s += "no single evidence row changes the leader when removed.\n";
  } else {
    for (size_t i = 0; i < a.sensitive_rows.size(); ++i) s += (i ? ", " : "") + a.sensitive_rows[i];
    s += " would each change the leader if removed.\n";
  }
  s += a.leader.empty()
           ? fmt::format("Leader: none, the cause is undetermined{}.\n",
                         a.leading_cause.empty()
                             ? ""
                             : " (the cause is " + a.leading_cause + ", the actor undetermined)")
           : fmt::format("Leader: {}.\n", a.leader);
  s += fmt::format("Confidence: {}.\n", a.confidence);
  for (const std::string& reason : a.confidence_reasons) s += "  - " + reason + "\n";
  return s;
}

std::string RankJson(const Assessment& a) {
  ordered_json hyps = ordered_json::array();
  for (const RankedHypothesis& h : a.ranking) {
    hyps.push_back({{"rank", h.rank},
                    {"id", h.hypothesis.id},
                    {"label", h.hypothesis.label},
                    {"cause", h.hypothesis.cause},
                    {"actor", h.hypothesis.actor},
                    {"inconsistency", h.inconsistency},
                    {"support", h.support},
                    {"prior", h.prior},
                    {"probability", h.probability},
                    {"likelihood", h.likelihood}});
  }
  ordered_json rows = ordered_json::array();
  for (const EvidenceRow& e : a.evidence) {
    ordered_json ratings = ordered_json::object();
    for (size_t i = 0; i < a.hypotheses.size() && i < e.ratings.size(); ++i) {
      ratings[a.hypotheses[i].id] = RatingCode(e.ratings[i]);
    }
    rows.push_back({{"id", e.id},
                    {"kind", e.kind},
                    {"description", e.description},
                    {"source", e.source},
                    {"credibility", e.credibility},
                    {"relevance", e.relevance},
                    {"independence_group", e.independence_group},
                    {"diagnosticity", e.diagnosticity},
                    {"ratings", ratings}});
  }
  return Dump(
      ordered_json{{"entity", a.entity},
                   {"leader", a.leader.empty() ? ordered_json(nullptr) : ordered_json(a.leader)},
                   {"leading_cause", a.leading_cause.empty() ? ordered_json(nullptr)
                                                             : ordered_json(a.leading_cause)},
                   {"hypotheses", hyps},
                   {"evidence", rows},
                   {"sensitive_rows", a.sensitive_rows},
                   {"confidence", a.confidence},
                   {"confidence_reasons", a.confidence_reasons}});
}

}  // namespace corroborate::render
