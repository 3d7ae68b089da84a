// `corroborate extract claims --dct VALUE FILE...`: prints, per file, one
// JSON object {path, dct, claims:[...]} with every claim the extractor finds
// in the file's text (see correlate/extract/claims.h).
#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/claim.h"
#include "core/file.h"
#include "core/text.h"
#include "core/time.h"
#include "core/timex.h"
#include "correlate/extract/claims.h"
#include "correlate/extract/timex.h"

namespace corroborate::cli {
namespace {

struct ExtractClaimsOptions {
  std::string dct;
  std::string outlet;
  std::vector<std::string> files;
};

// Seconds east of UTC written at the end of an ISO 8601 value ("+09:00",
// "-0500", "Z"); 0 when none.
int TrailingOffset(std::string_view v) {
  std::size_t t = v.find('T');
  if (t == std::string_view::npos) return 0;
  std::size_t p = v.find_last_of("+-");
  if (p == std::string_view::npos || p < t) return 0;
  std::string digits;
  for (char c : v.substr(p + 1)) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() != 2 && digits.size() != 4) return 0;
  int h = std::stoi(digits.substr(0, 2));
  int m = digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  int s = (h * 60 + m) * 60;
  return v[p] == '-' ? -s : s;
}

nlohmann::json IntervalJson(const std::optional<Interval>& iv, const std::string& text) {
  if (!iv) return nullptr;
  return {{"start", FormatRfc3339(iv->start)},
          {"end", FormatRfc3339(iv->end)},
          {"granularity", GranularityName(iv->granularity)},
          {"text", text}};
}

// {"text", "start", "end"} of text[begin, end), or null when empty.
nlohmann::json SpanJson(std::string_view text, std::size_t begin, std::size_t end) {
  if (begin >= end || end > text.size()) return nullptr;
  return {{"text", std::string(text.substr(begin, end - begin))}, {"start", begin}, {"end", end}};
}

nlohmann::json ClaimJson(const Claim& c, std::string_view text) {
  nlohmann::json mentions = nlohmann::json::array();
  for (const Mention& m : c.mentions) {
    mentions.push_back({{"kind", EntityKindName(m.kind)}, {"id", m.id}, {"text", m.text},
                        {"start", m.begin}, {"end", m.end}});
  }
  nlohmann::json duration = nullptr;
  if (c.duration_seconds) {
    duration = {{"seconds", *c.duration_seconds}, {"mod", c.duration_mod}, {"text", c.duration_text}};
  }
  return {{"type", ClaimTypeName(c.type)},
          {"sentence", c.sentence},
          {"start", c.sentence_begin},
          {"end", c.sentence_end},
          {"quote", c.direct_quote ? nlohmann::json(c.quote) : nlohmann::json(nullptr)},
          {"speaker",
           {{"name", c.attribution.speaker},
            {"role", c.attribution.role},
            {"organisation", c.attribution.organisation},
            {"represents", c.attribution.represents}}},
          {"via", c.attribution.via},
          {"subject", c.subject},
          {"state", c.state},
          {"scope", c.scope},
          {"cause", c.cause},
          {"actor", c.actor},
          {"time", IntervalJson(c.time, c.time_text)},
          {"duration", duration},
          {"certainty", c.certainty},
          {"certainty_label", c.certainty_label},
          {"negated", c.negated},
          {"stance", StanceName(c.stance)},
          {"about_this_event", c.about_this_event},
          {"source", SpanJson(text, c.attribution.source_begin, c.attribution.source_end)},
          {"cue", SpanJson(text, c.attribution.cue_begin, c.attribution.cue_end)},
          {"cues", c.cues},
          {"mentions", mentions}};
}

Status RunExtractClaims(const ExtractClaimsOptions& opt) {
  std::optional<ParsedTime> dct = ParseIso8601(opt.dct);
  if (!dct) return Fail(ErrorCode::kInvalidArgument, "--dct " + opt.dct + ": not an ISO 8601 date or time");
  extract::ClaimOptions options;
  options.dct = dct->instant;
  options.dct_utc_offset = TrailingOffset(opt.dct);
  options.dct_granularity = dct->granularity;
  auto timex_context = extract::ParseDct(opt.dct);
  if (!timex_context) return Fail(ErrorCode::kInvalidArgument, "--dct " + opt.dct + ": not a document date");
  options.outlet = opt.outlet;
  int failed = 0;
  for (const std::string& path : opt.files) {
    auto bytes = ReadFile(path);
    if (!bytes) {
      ReportError(bytes.error());
      ++failed;
      continue;
    }
    std::string text = SanitizeUtf8(*bytes);
    // The document's temporal expressions date its claims.
    std::vector<Timex> timexes = extract::ExtractTimexes(text, *timex_context);
    std::vector<Claim> claims = extract::ExtractClaims(text, timexes, options);
    // {"claims":[...],"dct":...,"path":...} (keys in nlohmann's order), one
    // claim's JSON at a time: a document's claims as one JSON tree would
    // take ten times the memory of the claims themselves.
    auto dump = [](const nlohmann::json& j) {
      return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    std::string line = "{\"claims\":[";
    for (std::size_t i = 0; i < claims.size(); ++i) {
      if (i > 0) line += ',';
      line += dump(ClaimJson(claims[i], text));
    }
    line += "],\"dct\":" + dump(opt.dct) + ",\"path\":" + dump(path) + "}";
    if (Status written = Print("{}\n", line); !written) return written;
  }
  if (failed > 0) {
    return Fail(ErrorCode::kNotFound, fmt::format("extract claims: {} of {} files failed", failed, opt.files.size()));
  }
  return {};
}

}  // namespace

void RegisterExtractClaims(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<ExtractClaimsOptions>();
  CLI::App* group =
      Group(app, "extract", "Extract temporal expressions, claims and attributions from text files");
  CLI::App* sub = group->add_subcommand("claims", "Print the claims in each text file as one JSON object per file");
  sub->add_option("--dct", opt->dct, "Document creation time (ISO 8601, e.g. 2014-12-22 or 2014-12-22T10:00-05:00)")
      ->required();
  sub->add_option("--outlet", opt->outlet, "The documents' own outlet, appended to every relay chain");
  sub->add_option("files", opt->files, "Text files")->required();
  sub->callback([&ctx, opt] { ctx.run = [opt]() { return RunExtractClaims(*opt); }; });
}

}  // namespace corroborate::cli
