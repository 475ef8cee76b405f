// Command-line parsing for `splot`: a global --db anywhere on the line, then
// one subcommand with its own options and positional arguments.
#ifndef SPLOT_CLI_ARGS_H_
#define SPLOT_CLI_ARGS_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"

namespace splot::cli {

// What a subcommand accepts.
struct CommandSpec {
  std::string name;
  std::set<std::string> value_options;  // e.g. "--out" (takes a value)
  std::set<std::string> repeatable;     // value options that may repeat, e.g. "--param"
  std::set<std::string> flags;          // e.g. "--quiet"
};

struct ParsedArgs {
  std::string command;    // "" when none was given
  std::string db;         // from --db, else $SPLOT_DB, else ./splot.db
  bool db_given = false;  // --db or $SPLOT_DB was set
  std::map<std::string, std::vector<std::string>> values;
  std::set<std::string> flags;
  std::vector<std::string> positional;

  bool Has(const std::string& flag) const { return flags.count(flag) > 0; }
  // The last value of an option, or `fallback`.
  std::string Get(const std::string& option, const std::string& fallback = "") const;
  const std::vector<std::string>& All(const std::string& option) const;
};

// Splits argv into the subcommand and its arguments.  `--opt=value` and
// `--opt value` are both accepted.  InvalidArgument for an unknown command or
// option, or an option missing its value, with a hint to --help.
Result<ParsedArgs> ParseArgs(int argc, char** argv, const std::vector<CommandSpec>& commands);

}  // namespace splot::cli

#endif  // SPLOT_CLI_ARGS_H_
