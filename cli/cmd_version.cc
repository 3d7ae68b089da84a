#include "cli/commands.h"
#include "cli/output.h"

namespace corroborate::cli {

void RegisterVersion(CLI::App& app, Context& ctx) {
  CLI::App* sub = app.add_subcommand("version", "Print the version and exit");
  sub->callback(
      [&ctx] { ctx.run = []() -> Status { return WriteStdout("corroborate 0.1.0\n"); }; });
}

}  // namespace corroborate::cli
