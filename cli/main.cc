// splot: build a knowledge graph from documents and query it.
#include <unistd.h>

#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/console.h"

namespace {

using splot::cli::CommandSpec;

struct Command {
  CommandSpec spec;
  const char* summary;
  const char* usage;
  int (*run)(const splot::cli::ParsedArgs&, const splot::cli::Console&);
};

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {{"import", {}, {"--nodes", "--edges"}, {}},
       "load nodes and edges from CSV files",
       "usage: splot import --nodes FILE [--nodes FILE...] --edges FILE [--edges FILE...]\n\n"
       "Headers follow Neo4j's admin import (:ID, :LABEL, :START_ID, :END_ID, :TYPE,\n"
       "typed columns such as age:int or tags:string[]) or the plain id,label,name and\n"
       "src,dst,type forms.  Into an empty store the import is one atomic bulk load;\n"
       "into a store with data it merges nodes by id and writes edges in batches.\n",
       splot::cli::RunImport},
      {{"export", {"--format", "--out"}, {}, {}},
       "write the graph as GraphML, JSON, CSV or DOT",
       "usage: splot export --format graphml|json|csv|dot [--out PATH]\n\n"
       "Without --out the export goes to standard output (not for csv, which writes\n"
       "PATH/nodes.csv and PATH/edges.csv in the import format).\n",
       splot::cli::RunExport},
      {{"stats", {}, {}, {}},
       "count nodes and edges by label and type",
       "usage: splot stats\n",
       splot::cli::RunStats},
      {{"check", {}, {}, {}},
       "verify that adjacency, indexes and counters agree",
       "usage: splot check\n\nScans the whole store; exits 2 when it finds a problem.\n",
       splot::cli::RunCheck},
  };
  return kCommands;
}

void PrintHelp(std::ostream& out) {
  out << "splot " << SPLOT_VERSION
      << " - a knowledge graph of documents, queried with Cypher\n\n"
         "usage: splot [--db DIR] COMMAND [options]\n\n"
         "The store is the directory given by --db (before or after the command),\n"
         "else $SPLOT_DB, else ./splot.db.\n\ncommands:\n";
  for (const auto& c : Commands()) {
    std::string name = c.spec.name;
    name.resize(10, ' ');
    out << "  " << name << c.summary << "\n";
  }
  out << "\nRun `splot COMMAND --help` for a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  splot::cli::Console console;
  console.stderr_is_tty = ::isatty(STDERR_FILENO) == 1;
  std::vector<CommandSpec> specs;
  for (const auto& c : Commands()) specs.push_back(c.spec);
  auto args = splot::cli::ParseArgs(argc, argv, specs);
  if (!args.ok()) return console.Fail(args.status());
  console.quiet = args->Has("--quiet");
  if (args->Has("--version")) {
    std::cout << "splot " << SPLOT_VERSION << "\n";
    return 0;
  }
  if (args->command.empty()) {
    PrintHelp(args->Has("--help") ? std::cout : std::cerr);
    return args->Has("--help") ? 0 : splot::cli::kExitUser;
  }
  for (const auto& c : Commands()) {
    if (c.spec.name != args->command) continue;
    if (args->Has("--help")) {
      std::cout << c.usage << "\nglobal options: --db DIR, --quiet, --help, --version\n";
      return 0;
    }
    return c.run(*args, console);
  }
  return splot::cli::kExitInternal;
}
