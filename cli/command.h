// Shared plumbing for subcommands: global options, the deferred runner,
// and error reporting. Each subcommand lives in cli/cmd_<name>.cc with an
// options struct, a Register...() that adds it to the CLI11 app, and a
// Run...() that only calls library APIs.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "core/error.h"
#include "pipeline/notice.h"

namespace corroborate::cli {

struct GlobalOptions {
  std::string db_path;  // --db, CORROBORATE_DB, default ./corroborate.db
  bool quiet = false;   // -q: no progress output
  unsigned jobs = 0;    // -j: threads for per-file parsing, 0 = the number of CPUs
};

// Filled by the subcommand that CLI11 selected; main() runs it once parsing
// is over, and maps its Status to the exit code.
struct Context {
  GlobalOptions global;
  std::function<Status()> run;
  // Set by a command that did only part of its work and reported the rest
  // (fetch with some sources failed: 3); main() exits with it when `run`
  // succeeded.
  int exit_status = 0;
};

// Prints "corroborate: <what>: <message>" on stderr, one line.
void ReportError(const Error& error);
// Prints "corroborate: warning: <message>" on stderr unless quiet.
void ReportWarning(const Context& ctx, const std::string& message);

// Prints each notice of a use case as it comes: warnings as ReportWarning
// (nothing when quiet), errors as ReportError.
pipeline::NoticeSink PrintNotices(const Context& ctx);

// Returns the subcommand `name` of `parent`, creating it (requiring one of
// its own subcommands) when missing, so that groups like `parse` can be
// shared by several cmd_ files.
CLI::App* Group(CLI::App& parent, const std::string& name, const std::string& description);

}  // namespace corroborate::cli
