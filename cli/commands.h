// The `splot` subcommands.  Each takes the parsed command line and the
// console, and returns the process exit code.
#ifndef SPLOT_CLI_COMMANDS_H_
#define SPLOT_CLI_COMMANDS_H_

#include <memory>

#include "base/result.h"
#include "cli/args.h"
#include "cli/console.h"
#include "graph/export.h"
#include "graph/store.h"

namespace splot::cli {

// Opens the store named by --db / $SPLOT_DB read-only; a missing store is a
// clear error that says how to create one.
Result<std::unique_ptr<graph::GraphStore>> OpenStoreForRead(const ParsedArgs& args);
// Opens the store for writing, creating it on first use.
Result<std::unique_ptr<graph::GraphStore>> OpenStoreForWrite(const ParsedArgs& args);

// The nodes and relationships the rows of a reading statement mention
// (`splot export --query`).
Result<graph::ExportSelection> SelectionFromQuery(const ParsedArgs& args, const std::string& text);

int RunIngest(const ParsedArgs& args, const Console& console);
int RunImport(const ParsedArgs& args, const Console& console);
int RunQuery(const ParsedArgs& args, const Console& console);
int RunSchema(const ParsedArgs& args, const Console& console);
int RunLink(const ParsedArgs& args, const Console& console);
int RunRepl(const ParsedArgs& args, const Console& console);
int RunDemo(const ParsedArgs& args, const Console& console);
int RunExport(const ParsedArgs& args, const Console& console);
int RunStats(const ParsedArgs& args, const Console& console);
int RunCheck(const ParsedArgs& args, const Console& console);

}  // namespace splot::cli

#endif  // SPLOT_CLI_COMMANDS_H_
