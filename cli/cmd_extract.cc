// `corroborate extract timex --dct VALUE FILE...`: temporal expressions of
// each file as one JSON object per line (contract: shared/eval/timex_eval.py).
#include <fmt/core.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/file.h"
#include "core/text.h"
#include "correlate/extract/timex.h"

namespace corroborate::cli {
namespace {

struct ExtractTimexOptions {
  std::string dct;
  std::string zone;  // "+09:00": publisher zone when the DCT has no offset
  std::vector<std::string> files;
};

nlohmann::json TimexJson(const Timex& t) {
  nlohmann::json j = {{"start", t.begin},
                      {"end", t.end},
                      {"text", SanitizeUtf8(t.text)},
                      {"type", TimexTypeName(t.type)},
                      {"value", t.value},
                      {"mod", t.mod}};
  if (t.interval) {
    j["utc_start"] = FormatRfc3339(t.interval->start);
    j["utc_end"] = FormatRfc3339(t.interval->end);
    j["granularity"] = GranularityName(t.interval->granularity);
  } else {
    j["utc_start"] = nullptr;
    j["utc_end"] = nullptr;
    j["granularity"] = nullptr;
  }
  if (t.duration) j["duration_seconds"] = *t.duration;
  if (!t.zone.empty()) j["zone"] = t.zone;  // "America/New_York", "+00:00", "local"
  if (t.range) {                            // a clock time bounding a range: the whole range
    j["range_start"] = FormatRfc3339(t.range->start);
    j["range_end"] = FormatRfc3339(t.range->end);
  }
  return j;
}

Status RunExtractTimex(const ExtractTimexOptions& opt) {
  int default_offset = 0;
  if (!opt.zone.empty()) {
    auto probe = ParseIso8601("2000-01-01T00:00" + opt.zone);
    if (!probe || !probe->had_zone) return Fail(ErrorCode::kInvalidArgument, "--zone: expected an offset like +09:00, got '" + opt.zone + "'");
    default_offset = static_cast<int>(ToInstant(CivilTime{{2000, 1, 1}, 0, 0, 0}) - probe->instant);
  }
  auto ctx = extract::ParseDct(opt.dct, default_offset);
  if (!ctx) return Fail(ErrorCode::kInvalidArgument, "--dct: not a date or time: '" + opt.dct + "'");
  bool failed = false;
  for (const std::string& path : opt.files) {
    auto text = ReadFile(path);
    if (!text) {
      ReportError(text.error());
      failed = true;
      continue;
    }
    // {"dct":...,"path":...,"timexes":[...]} (keys in nlohmann's order), one
    // timex's JSON at a time rather than the document's as one JSON tree.
    auto dump = [](const nlohmann::json& j) {
      return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    std::string line = "{\"dct\":" + dump(opt.dct) + ",\"path\":" + dump(path) + ",\"timexes\":[";
    bool first = true;
    for (const Timex& t : extract::ExtractTimexes(*text, *ctx)) {
      if (!first) line += ',';
      first = false;
      line += dump(TimexJson(t));
    }
    line += "]}";
    if (Status written = Print("{}\n", line); !written) return written;
  }
  if (failed) return Fail(ErrorCode::kIo, "extract timex: some files could not be read");
  return {};
}

}  // namespace

void RegisterExtractTimex(CLI::App& app, Context& ctx) {
  CLI::App* group =
      Group(app, "extract", "Extract temporal expressions, claims and attributions from text files");
  CLI::App* sub = group->add_subcommand("timex", "Temporal expressions (TIMEX3) of text files, one JSON line per file");
  auto opt = std::make_shared<ExtractTimexOptions>();
  sub->add_option("--dct", opt->dct, "Document creation time: 19980227, 1998-02-27, 2014-12-22T21:00-05:00")->required();
  sub->add_option("--zone", opt->zone, "Publisher's UTC offset when the DCT has none, e.g. -05:00");
  sub->add_option("files", opt->files, "UTF-8 text files")->required();
  sub->callback([&ctx, opt] { ctx.run = [opt] { return RunExtractTimex(*opt); }; });
}

}  // namespace corroborate::cli
