#include "cli/command.h"

#include <fmt/core.h>

#include <cstdio>

namespace corroborate::cli {

void ReportError(const Error& error) {
  std::string message = error.message;
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  fmt::print(stderr, "corroborate: error: {}\n", message);
}

void ReportWarning(const Context& ctx, const std::string& message) {
  if (ctx.global.quiet) return;
  fmt::print(stderr, "corroborate: warning: {}\n", message);
}

pipeline::NoticeSink PrintNotices(const Context& ctx) {
  return [&ctx](const pipeline::Notice& notice) {
    if (notice.level == pipeline::Notice::Level::kWarning) {
      ReportWarning(ctx, notice.error.message);
    } else {
      ReportError(notice.error);
    }
  };
}

CLI::App* Group(CLI::App& parent, const std::string& name, const std::string& description) {
  for (CLI::App* sub : parent.get_subcommands([](CLI::App*) { return true; })) {
    if (sub->get_name() == name) return sub;
  }
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  return group;
}

}  // namespace corroborate::cli
