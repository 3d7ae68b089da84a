// Renderers of the correlator's outputs: events, timeline, claim check,
// ranking and the briefing report, in text, JSON, Markdown, self-contained
// HTML with an SVG chart, TimelineJS JSON, schema.org ClaimReview JSON-LD and
// STIX 2.1. Pure functions of plain structs: nothing here touches the store.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/assessment.h"
#include "core/measure.h"
#include "core/time.h"

namespace corroborate::render {

// A claim as the outputs show it, with the document it came from.
struct ClaimView {
  std::int64_t id = 0;
  std::string type;
  std::string text;   // the sentence
  std::string quote;  // the direct quote, if any
  std::string speaker, role, organisation;
  std::vector<std::string> via;
  std::string subject;  // entity
  std::string cause, actor, state, scope;
  std::optional<Interval> when;
  std::optional<std::int64_t> duration;
  double certainty = 0.5;
  std::string certainty_label;
  std::vector<std::string> cues;
  std::int64_t document_id = 0;
  std::string document_title, document_url, outlet;
  char reliability = 'F';
  std::optional<Instant> published;
};

struct TimelineEntry {
  Instant start = 0;
  std::optional<Instant> end;
  Granularity precision = Granularity::kMinute;
  std::string kind;     // "measured", "reported", "published"
  bool outage = false;  // measured: an outage (else routing instability)
  std::string headline;
  std::string text;
  std::string source;  // window source or speaker/outlet
  std::string url;
  std::string group;  // TimelineJS group: "Measured", "Reported", "Published"
  std::string id;     // "window:3", "claim:12", "document:4"
};

struct Report {
  std::string title;
  Instant generated = 0;
  Incident incident;
  std::vector<OutageWindow> windows;
  std::vector<Series> series;  // for the chart
  std::vector<ClaimView> claims;
  std::vector<Alignment> alignments;
  Assessment assessment;
  std::vector<std::string> notes;  // caveats: synthetic data, missing inputs
};

// Measured windows and reported (dated) claims merged in time order, one
// entry per event: windows of one kind starting and ending within five
// minutes of each other are one entry (their entities and sources listed),
// and a sentence of a document extracted as several claims is one entry.
// Headlines are in words (no claim type names), sources named once.
std::vector<TimelineEntry> BuildTimeline(const Report& report);

// The report's title in words: "Internet outage: North Korea (AS131279),
// 22 Dec 2014 16:15 to 23 Dec 2014 01:46 UTC".
std::string ReportTitle(const Report& report);

std::string EventsText(const std::vector<Incident>& incidents);
std::string EventsJson(const std::vector<Incident>& incidents);

std::string TimelineText(const std::vector<TimelineEntry>& entries);
std::string TimelineJson(const std::vector<TimelineEntry>& entries);
std::string TimelineMarkdown(const std::vector<TimelineEntry>& entries);
// TimelineJS: {title, events[{start_date{year,month,day,hour,minute,
// display_date}, end_date, display_date (in words, UTC), text{headline, text
// with the source as a link}, group, unique_id}], eras[]}: a slide per
// BuildTimeline entry, an era per measured outage.
std::string TimelineJs(const std::string& title, const std::vector<TimelineEntry>& entries,
                       const std::vector<OutageWindow>& windows);

std::string CheckText(const Report& report);
std::string CheckJson(const Report& report);
struct ClaimReviewOptions {
  // The page that publishes the reviews (Google's required `url`); "{claim}"
  // in it becomes the claim's id, for a page per review. "" or a URL that is
  // not http(s) leaves `url` "".
  std::string review_url;
  // Who publishes the reviews (the review's `author`); "" for the host of
  // review_url, with that host's root as its URL.
  std::string publisher, publisher_url;
};

// One ClaimReview JSON-LD document and the file name it is written to
// ("claimreview-12.jsonld", by claim id).
struct ClaimReviewDocument {
  std::string file_name;
  std::string json;
};

// schema.org ClaimReview, one document per checked claim (not-checkable ones
// left out), with Google's required (claimReviewed, reviewRating with
// alternateName, url) and recommended (author, datePublished, itemReviewed:
// a Claim with author, datePublished, appearance, firstAppearance; the
// rating's name, ratingValue, bestRating, worstRating) properties.
std::vector<ClaimReviewDocument> ClaimReviews(const Report& report,
                                              const ClaimReviewOptions& options);
// The same documents as one JSON array.
std::string ClaimReviewJsonLd(const Report& report, const ClaimReviewOptions& options);

// Indexes into assessment.hypotheses in ranking order: the ACH matrix's columns.
std::vector<size_t> RankedColumns(const Assessment& assessment);

std::string RankText(const Assessment& assessment);
std::string RankJson(const Assessment& assessment);

// The measured signal with windows shaded and claims marked at their times.
std::string SignalSvg(const Report& report);

std::string BriefMarkdown(const Report& report);
std::string BriefHtml(const Report& report);  // one self-contained file

struct StixOptions {
  std::string tlp = "amber";  // "white", "green", "amber", "red", or "" for no marking
  std::string producer;       // the identity of created_by_ref; "" for corroborate itself
  std::string producer_url;
};

// Whether `tlp` names one of the four TLP markings STIX 2.1 predefines.
bool IsStixTlp(std::string_view tlp);

// STIX 2.1 bundle: a grouping of the incident (with external references to
// every source article), the producer's identity, the TLP marking, a
// location for a country, and per hypothesis a note, an opinion, a
// threat-actor for actor hypotheses and an attributed-to relationship (with
// confidence) only for one rated likely or better. Identifiers are UUIDv5 of
// the incident and hypothesis, so a re-export updates rather than duplicates.
std::string StixBundle(const Report& report, const StixOptions& options = {});

}  // namespace corroborate::render
