#include "cli/format_flag.h"

#include <algorithm>

namespace corroborate::cli {

void AddFormatFlag(CLI::App* cmd, std::string& format, const std::vector<std::string>& formats,
                   const std::string& help) {
  format = formats.front();
  CLI::Option* option = cmd->add_option("--format", format, help)->check(CLI::IsMember(formats));
  if (std::find(formats.begin(), formats.end(), "json") != formats.end()) {
    cmd->add_flag_callback(
           "--json", [&format] { format = "json"; }, "Same as --format json")
        ->excludes(option);
  }
}

}  // namespace corroborate::cli
