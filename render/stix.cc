// STIX 2.1 bundle of an incident's assessment.
#include <fmt/core.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "render/escape.h"
#include "render/names.h"
#include "render/report.h"

namespace corroborate::render {

using nlohmann::ordered_json;

namespace {

// The namespace of corroborate's UUIDv5 identifiers (a random UUIDv4 drawn
// once; not the STIX cyber-observable namespace, which STIX reserves).
constexpr std::array<unsigned char, 16> kNamespace = {
    0xd3, 0x64, 0x0d, 0x0f, 0xb2, 0xb4, 0x42, 0xca, 0xa9, 0x3c, 0x7b, 0x41, 0xdc, 0x98, 0xf6, 0xa3};

// RFC 4122 section 4.3: SHA-1 of namespace and name, version 5, variant 10.
std::string UuidV5(std::string_view name) {
  std::string input(reinterpret_cast<const char*>(kNamespace.data()), kNamespace.size());
  input += name;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), md, &len, EVP_sha1(), nullptr);
  md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);
  md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);
  std::string s;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += fmt::format("{:02x}", md[i]);
  }
  return s;
}

// STIX timestamps carry milliseconds: "2014-12-22T16:15:00.000Z".
std::string StixTime(Instant t) { return FormatRfc3339(t).substr(0, 19) + ".000Z"; }

struct Tlp {
  const char* name;
  const char* id;
};

// The four TLP marking definitions STIX 2.1 (section 7.2.1.4) predefines.
const Tlp* FindTlp(std::string_view name) {
  static constexpr Tlp kTlp[] = {
      {"white", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"},
      {"green", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"},
      {"amber", "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"},
      {"red", "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed"}};
  for (const Tlp& t : kTlp) {
    if (name == t.name) return &t;
  }
  return nullptr;
}

// STIX 2.1 Appendix A, "None / Low / Med / High" scale.
int StixConfidence(std::string_view confidence) {
  if (confidence == "high") return 85;
  if (confidence == "moderate") return 50;
  if (confidence == "low") return 15;
  return 0;
}

bool LikelyOrBetter(std::string_view likelihood) {
  return likelihood == "likely" || likelihood == "very likely" || likelihood == "almost certain";
}

std::string Opinion(double p) {
  return p > 0.8     ? "strongly-agree"
         : p > 0.55  ? "agree"
         : p >= 0.45 ? "neutral"
         : p >= 0.2  ? "disagree"
                     : "strongly-disagree";
}

}  // namespace

bool IsStixTlp(std::string_view tlp) { return FindTlp(tlp) != nullptr; }

std::string StixBundle(const Report& r, const StixOptions& options) {
  // Identifiers are UUIDv5 of the object's type, the incident (entity and
  // start) and a key (the hypothesis): a re-export of the same incident
  // names the same objects, so a platform updates them instead of adding
  // copies. `created` is the incident's end (the earliest an assessment of
  // it can exist), the same in every export; `modified` is the export time.
  const std::string incident_key = r.incident.entity + "|" + FormatRfc3339(r.incident.start);
  auto id = [&](std::string_view type, std::string_view key) {
    return fmt::format("{}--{}", type, UuidV5(fmt::format("{}|{}|{}", type, incident_key, key)));
  };
  const std::string created = StixTime(r.incident.end);
  const std::string modified = StixTime(std::max(r.generated, r.incident.end));
  const Tlp* tlp = FindTlp(options.tlp);
  const std::string producer_name = options.producer.empty() ? "corroborate" : options.producer;
  const std::string producer_id = "identity--" + UuidV5("identity|" + producer_name + "|" +
                                                        LinkUrl(options.producer_url).value_or(""));
  const std::string incident_id = id("incident", "incident");
  const std::string name = IncidentName(r.incident, r.windows);
  const int confidence = StixConfidence(r.assessment.confidence);

  // The common properties of every object but the marking definition.
  auto object = [&](std::string_view type, const std::string& object_id) {
    ordered_json o{{"type", type},       {"spec_version", "2.1"},
                   {"id", object_id},    {"created_by_ref", producer_id},
                   {"created", created}, {"modified", modified}};
    if (tlp) o["object_marking_refs"] = ordered_json::array({tlp->id});
    return o;
  };

  ordered_json objects = ordered_json::array();
  std::vector<std::string> refs;
  auto add = [&](ordered_json o) {
    refs.push_back(o["id"].get<std::string>());
    objects.push_back(std::move(o));
  };

  // The producer. Its identifier depends on its name and URL only, so it is
  // one object across incidents; its created time is fixed for the same reason.
  ordered_json identity{{"type", "identity"},
                        {"spec_version", "2.1"},
                        {"id", producer_id},
                        {"created", StixTime(0)},
                        {"modified", StixTime(0)},
                        {"name", producer_name},
                        {"identity_class", options.producer.empty() ? "system" : "organization"}};
  if (auto url = LinkUrl(options.producer_url)) {
    identity["external_references"] =
        ordered_json::array({{{"source_name", producer_name}, {"url", *url}}});
  }
  if (tlp) identity["object_marking_refs"] = ordered_json::array({tlp->id});
  add(identity);
  if (tlp) {
    std::string upper = tlp->name;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    add({{"type", "marking-definition"},
         {"spec_version", "2.1"},
         {"id", tlp->id},
         {"created", "2017-01-20T00:00:00.000Z"},
         {"definition_type", "tlp"},
         {"name", "TLP:" + upper},
         {"definition", {{"tlp", tlp->name}}}});
  }

  // The incident, with every source article as an external reference.
  ordered_json incident = object("incident", incident_id);
  incident["name"] =
      fmt::format("Internet outage: {}, {}", name, HumanSpan(r.incident.start, r.incident.end));
  incident["description"] = fmt::format("Internet outage of {} measured from {} to {}.", name,
                                        StixTime(r.incident.start), StixTime(r.incident.end));
  ordered_json articles = ordered_json::array();
  std::vector<std::int64_t> seen_documents;
  for (const ClaimView& c : r.claims) {
    if (std::find(seen_documents.begin(), seen_documents.end(), c.document_id) !=
        seen_documents.end())
      continue;
    seen_documents.push_back(c.document_id);
    ordered_json ref{{"source_name", c.outlet.empty() ? std::string("article") : c.outlet}};
    std::string title =
        c.document_title.empty() ? fmt::format("document {}", c.document_id) : c.document_title;
    ref["description"] =
        c.published ? fmt::format("{} ({})", title, StixTime(*c.published).substr(0, 10)) : title;
    if (auto url = LinkUrl(c.document_url)) ref["url"] = *url;
    articles.push_back(std::move(ref));
  }
  if (!articles.empty()) incident["external_references"] = std::move(articles);
  add(incident);

  // The country, when the incident is one.
  if (r.incident.entity.rfind("country:", 0) == 0) {
    std::string code = r.incident.entity.substr(8);
    ordered_json location = object("location", id("location", code));
    location["name"] = EntityName(r.incident.entity);
    location["country"] = code;
    add(location);
    ordered_json rel = object("relationship", id("relationship", "location"));
    rel["relationship_type"] = "related-to";
    rel["description"] =
        fmt::format("The outage was measured in {}.", EntityName(r.incident.entity));
    rel["source_ref"] = incident_id;
    rel["target_ref"] = location["id"];
    add(rel);
  }

  // Per hypothesis: a note stating it and its assessment, the actor for an
  // actor hypothesis, an attributed-to relationship only when the
  // attribution is rated likely or better, and an opinion.
  for (const RankedHypothesis& h : r.assessment.ranking) {
    const std::string label = HypothesisLabel(h.hypothesis);
    ordered_json note = object("note", id("note", h.hypothesis.id));
    note["abstract"] = "Hypothesis: " + label;
    note["content"] = fmt::format(
        "{} is {} ({:.0f}%; rank {} of the analysis of competing hypotheses, weighted "
        "inconsistency {:.2f}).",
        label, h.likelihood, h.probability * 100, h.rank, h.inconsistency);
    note["object_refs"] = ordered_json::array({incident_id});
    std::vector<std::string> opinion_refs{note["id"].get<std::string>()};
    if (!h.hypothesis.stix_actor_type.empty()) {
      ordered_json actor = object("threat-actor", id("threat-actor", h.hypothesis.id));
      actor["name"] = ActorName(h.hypothesis, r.incident.entity);
      actor["description"] = "Suspected by the hypothesis: " + label + ".";
      actor["threat_actor_types"] = ordered_json::array({h.hypothesis.stix_actor_type});
      note["object_refs"].push_back(actor["id"]);
      if (LikelyOrBetter(h.likelihood)) {
        ordered_json rel = object("relationship", id("relationship", h.hypothesis.id));
        rel["relationship_type"] = "attributed-to";
        rel["description"] =
            fmt::format("{}: {} ({:.0f}%).", label, h.likelihood, h.probability * 100);
        rel["confidence"] = confidence;
        rel["source_ref"] = incident_id;
        rel["target_ref"] = actor["id"];
        opinion_refs.push_back(rel["id"]);
        add(actor);
        add(rel);
      } else {
        add(actor);
      }
    }
    add(note);
    ordered_json opinion = object("opinion", id("opinion", h.hypothesis.id));
    opinion["opinion"] = Opinion(h.probability);
    opinion["explanation"] =
        fmt::format("{} is {} ({:.0f}%). Confidence in the assessment: {}.", label, h.likelihood,
                    h.probability * 100, r.assessment.confidence);
    if (confidence > 0) opinion["confidence"] = confidence;
    opinion["object_refs"] = opinion_refs;
    add(opinion);
  }

  ordered_json grouping = object("grouping", id("grouping", "incident"));
  grouping["name"] = "Assessment of the Internet outage: " + name;
  grouping["description"] = fmt::format(
      "Measured windows, source articles and the competing hypotheses of the "
      "outage of {}, {}.",
      name, HumanSpan(r.incident.start, r.incident.end));
  grouping["context"] = "suspicious-activity";
  grouping["object_refs"] = refs;
  objects.insert(objects.begin(), std::move(grouping));
  return ordered_json{{"type", "bundle"}, {"id", id("bundle", "assessment")}, {"objects", objects}}
             .dump(2, ' ', false, ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace corroborate::render
