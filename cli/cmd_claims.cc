// `corroborate claims`: the stored claims, filtered by entity, type and the
// time their document appeared, as a table, JSON or CSV.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/analysis_flags.h"
#include "cli/commands.h"
#include "cli/format_flag.h"
#include "cli/output.h"
#include "core/text.h"
#include "pipeline/claims.h"
#include "pipeline/database.h"

namespace corroborate::cli {
namespace {

struct ClaimsOptions {
  std::string entity;
  std::string since;
  std::string type;
  std::string format;
};

std::string TimeOrEmpty(const std::optional<Instant>& t) { return t ? FormatRfc3339(*t) : ""; }

nlohmann::json ClaimJson(const pipeline::ListedClaim& l) {
  const Claim& c = l.claim;
  nlohmann::json mentions = nlohmann::json::array();
  for (const Mention& m : c.mentions) {
    mentions.push_back({{"kind", EntityKindName(m.kind)}, {"id", m.id}, {"text", m.text}});
  }
  nlohmann::json time = nullptr;
  if (c.time) {
    time = {{"start", FormatRfc3339(c.time->start)},
            {"end", FormatRfc3339(c.time->end)},
            {"text", c.time_text}};
  }
  nlohmann::json duration = nullptr;
  if (c.duration_seconds) {
    duration = {
        {"seconds", *c.duration_seconds}, {"mod", c.duration_mod}, {"text", c.duration_text}};
  }
  return {{"id", l.id},
          {"document",
           {{"id", l.document_id},
            {"title", l.document_title},
            {"url", l.document_url},
            {"published", l.published ? nlohmann::json(FormatRfc3339(*l.published)) : nullptr},
            {"fetched", l.fetched ? nlohmann::json(FormatRfc3339(l.fetched)) : nullptr}}},
          {"type", ClaimTypeName(c.type)},
          {"sentence", c.sentence},
          {"quote", c.direct_quote ? nlohmann::json(c.quote) : nlohmann::json(nullptr)},
          {"speaker",
           {{"name", c.attribution.speaker},
            {"role", c.attribution.role},
            {"organisation", c.attribution.organisation}}},
          {"subject", c.subject},
          {"state", c.state},
          {"scope", c.scope},
          {"cause", c.cause},
          {"actor", c.actor},
          {"time", time},
          {"duration", duration},
          {"certainty", c.certainty},
          {"negated", c.negated},
          {"stance", StanceName(c.stance)},
          {"about_this_event", c.about_this_event},
          {"mentions", mentions}};
}

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

constexpr const char* kCsvHeader =
    "id,document_id,published,type,subject,state,scope,cause,actor,stance,certainty,negated,"
    "speaker,time_start,time_end,sentence,url\r\n";

std::string CsvRow(const pipeline::ListedClaim& l) {
  const Claim& c = l.claim;
  const std::vector<std::string> fields{std::to_string(l.id),
                                        std::to_string(l.document_id),
                                        TimeOrEmpty(l.published),
                                        ClaimTypeName(c.type),
                                        c.subject,
                                        c.state,
                                        c.scope,
                                        c.cause,
                                        c.actor,
                                        StanceName(c.stance),
                                        fmt::format("{:g}", c.certainty),
                                        c.negated ? "true" : "false",
                                        c.attribution.speaker,
                                        c.time ? FormatRfc3339(c.time->start) : "",
                                        c.time ? FormatRfc3339(c.time->end) : "",
                                        c.sentence,
                                        l.document_url};
  std::string row;
  for (const std::string& f : fields) row += (row.empty() ? "" : ",") + CsvField(f);
  return row + "\r\n";
}

std::string TextRow(const pipeline::ListedClaim& l) {
  const Claim& c = l.claim;
  return fmt::format("{:>6}  {:>6}  {:<20}  {:<17}  {:<16}  {}\n", l.id, l.document_id,
                     l.published ? FormatRfc3339(*l.published) : "-", ClaimTypeName(c.type),
                     c.subject.empty() ? "-" : c.subject, ClipForMessage(c.sentence, 100));
}

Status RunClaims(const ClaimsOptions& o, const Context& ctx) {
  pipeline::ClaimFilter filter;
  filter.entity = o.entity;
  if (!o.type.empty()) {
    filter.type = ClaimTypeFromName(o.type);
    if (!filter.type) {
      return Fail(ErrorCode::kInvalidArgument,
                  fmt::format("--type {}: want outage_state, outage_start, outage_end, "
                              "outage_duration, outage_scope, cause_assertion, denial, threat or "
                              "measurement_report",
                              o.type));
    }
  }
  if (!o.since.empty()) {
    auto since = ParseTimeFlag("--since", o.since);
    if (!since) return std::unexpected(since.error());
    filter.since = *since;
  }
  auto db = pipeline::OpenExistingDatabase(ctx.global.db_path);
  if (!db) return std::unexpected(db.error());
  auto claims = pipeline::ListClaims(**db, filter);
  if (!claims) return std::unexpected(claims.error());
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const pipeline::ListedClaim& l : *claims) list.push_back(ClaimJson(l));
    return Print("{}\n", nlohmann::json{{"claims", list}}.dump(
                             2, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  std::string out;
  if (o.format == "csv") {
    out = kCsvHeader;
    for (const pipeline::ListedClaim& l : *claims) out += CsvRow(l);
    return WriteStdout(out);
  }
  if (claims->empty()) {
    ReportWarning(ctx, "no stored claims match");
    return {};
  }
  out = fmt::format("{:>6}  {:>6}  {:<20}  {:<17}  {:<16}  {}\n", "CLAIM", "DOC", "PUBLISHED",
                    "TYPE", "SUBJECT", "SENTENCE");
  for (const pipeline::ListedClaim& l : *claims) out += TextRow(l);
  return WriteStdout(out);
}

}  // namespace

void RegisterClaims(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ClaimsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "claims", "List the stored claims, filtered by entity, type and time (text, JSON or CSV)");
  cmd->add_option("--entity", o->entity,
                  "Only claims about this entity: their subject or an entity they name "
                  "(country:KP, KP, asn:131279, AS131279)");
  cmd->add_option("--since", o->since,
                  "Only claims of documents published (else fetched) at or after this ISO 8601 "
                  "date or time (2014-12-22, 2014-12-22T21:00-05:00)");
  cmd->add_option("--type", o->type,
                  "Only claims of this type (outage_state, outage_start, outage_end, "
                  "outage_duration, outage_scope, cause_assertion, denial, threat, "
                  "measurement_report)");
  AddFormatFlag(cmd, o->format, {"text", "json", "csv"},
                "text (default), json (docs/schemas/claims.schema.json) or csv (RFC 4180, a "
                "header row)");
  cmd->callback([&ctx, o] { ctx.run = [&ctx, o] { return RunClaims(*o, ctx); }; });
}

}  // namespace corroborate::cli
