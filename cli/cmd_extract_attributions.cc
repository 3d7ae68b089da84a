// `corroborate extract attributions [--dct VALUE] [--model FILE] FILE...`:
// prints, per file and in input order, one JSON object
// {path, attributions:[{source, cue, content, kind, speaker}]} with byte
// offsets into the file as read (contract: shared/eval/README.md, "extract
// attributions"; extractor: correlate/extract/attributions.h).
#include <fmt/core.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "core/file.h"
#include "core/time.h"
#include "correlate/extract/attributions.h"

namespace corroborate::cli {
namespace {

struct ExtractAttributionsOptions {
  std::string dct;
  std::string model;
  std::vector<std::string> files;
};

nlohmann::json SpanJson(std::string_view text, const std::optional<extract::ByteSpan>& s) {
  if (!s) return nullptr;
  return {{"text", std::string(text.substr(s->begin, s->end - s->begin))},
          {"start", s->begin},
          {"end", s->end}};
}

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

nlohmann::json RelationJson(std::string_view text, const extract::AttributionRelation& a) {
  nlohmann::json content = nlohmann::json::array();
  for (const extract::ByteSpan& c : a.content) {
    content.push_back({{"start", c.begin},
                       {"end", c.end},
                       {"text", std::string(text.substr(c.begin, c.end - c.begin))}});
  }
  return {{"source", SpanJson(text, a.source)},
          {"cue", SpanJson(text, a.cue)},
          {"content", content},
          {"kind", extract::AttributionKindName(a.kind)},
          {"speaker",
           {{"name", OrNull(a.speaker.name)},
            {"role", OrNull(a.speaker.role)},
            {"organisation", OrNull(a.speaker.organisation)}}}};
}

Status RunExtractAttributions(const ExtractAttributionsOptions& opt) {
  extract::AttributionOptions options;
  if (!opt.dct.empty()) {
    std::optional<ParsedTime> dct = ParseIso8601(opt.dct);
    if (!dct)
      return Fail(ErrorCode::kInvalidArgument,
                  "--dct " + opt.dct + ": not an ISO 8601 date or time");
    options.dct = dct->instant;
  }
  std::shared_ptr<const extract::attribution::LoadedModel> model;
  if (!opt.model.empty()) {
    auto loaded = extract::LoadAttributionModel(opt.model);
    if (!loaded) return Fail(ErrorCode::kInvalidArgument, "--model " + loaded.error().message);
    model = *loaded;
    options.model = model.get();
  }
  int failed = 0;
  for (const std::string& path : opt.files) {
    auto bytes = ReadFile(path);
    if (!bytes) {
      ReportError(bytes.error());
      ++failed;
      continue;
    }
    // Offsets are into the bytes as read: no re-encoding (invalid UTF-8 is
    // replaced only in the printed "text" fields).
    const std::string text = std::move(*bytes);
    nlohmann::json out = {{"path", path}, {"attributions", nlohmann::json::array()}};
    for (const extract::AttributionRelation& a : extract::ExtractAttributions(text, options)) {
      out["attributions"].push_back(RelationJson(text, a));
    }
    fmt::print("{}\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (failed > 0) {
    return Fail(ErrorCode::kNotFound, fmt::format("extract attributions: {} of {} files failed",
                                                  failed, opt.files.size()));
  }
  return {};
}

}  // namespace

void RegisterExtractAttributions(CLI::App& app, Context& ctx) {
  auto opt = std::make_shared<ExtractAttributionsOptions>();
  CLI::App* group =
      Group(app, "extract", "Extract temporal expressions, claims and attributions from text files");
  CLI::App* sub = group->add_subcommand("attributions",
                                        "Print who is said to have said what in each text file "
                                        "(source, cue, content spans as byte offsets, "
                                        "kind, resolved speaker) as one JSON object per file");
  sub->add_option("--dct", opt->dct, "Publication date (ISO 8601); accepted, not needed");
  sub->add_option(
      "--model", opt->model,
      "Attribution model file written by train_attributions, instead of the embedded one");
  sub->add_option("files", opt->files, "Text files")->required();
  sub->callback([&ctx, opt] { ctx.run = [opt]() { return RunExtractAttributions(*opt); }; });
}

}  // namespace corroborate::cli
