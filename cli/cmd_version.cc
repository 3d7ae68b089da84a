#include <fmt/core.h>

#include "cli/commands.h"

namespace corroborate::cli {

void RegisterVersion(CLI::App& app, Context& ctx) {
  CLI::App* sub = app.add_subcommand("version", "Print the version and exit");
  sub->callback([&ctx] {
    ctx.run = []() -> Status {
      fmt::print("corroborate 0.1.0\n");
      return {};
    };
  });
}

}  // namespace corroborate::cli
