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
      {{"ingest",
        {"--encoding", "--show", "--candidates", "--threads"},
        {"--gazetteer"},
        {"--dry-run"}},
       "read documents and store the entities and relations they state",
       "usage: splot ingest PATH... [--encoding ENC] [--gazetteer FILE]... [--candidates FILE]\n"
       "                    [--threads N]\n"
       "       splot ingest --dry-run [--show sentences|footnotes|sections] FILE...\n\n"
       "Reads text files (UTF-8, UTF-16, Windows-1250 or ISO-8859-2, detected unless\n"
       "--encoding says), and directories of .txt files, one atomic write per document.\n"
       "An unchanged file is skipped; a changed one replaces what it stated before.\n"
       "--gazetteer adds your own entities; --candidates writes the names found but\n"
       "not resolved, with counts and an example sentence, as TSV.  --dry-run shows\n"
       "what the reader saw, with line numbers, and stores nothing.  --threads reads\n"
       "that many documents at once (default: one per core); the result is the same.\n",
       splot::cli::RunIngest},
      {{"import", {"--batch-rows"}, {"--nodes", "--edges"}, {}},
       "load nodes and edges from CSV files",
       "usage: splot import --nodes FILE [--nodes FILE...] --edges FILE [--edges FILE...]\n\n"
       "Headers follow Neo4j's admin import (:ID, :LABEL, :START_ID, :END_ID, :TYPE,\n"
       "typed columns such as age:int or tags:string[]) or the plain id,label,name and\n"
       "src,dst,type forms.  Into an empty store the import is one atomic bulk load;\n"
       "into a store with data it merges nodes by id and writes edges in batches\n"
       "(--batch-rows N rows per atomic batch, default 50000); an interrupted import\n"
       "is completed by running it again.\n",
       splot::cli::RunImport},
      {{"export", {"--format", "--out", "--query", "--timeout"}, {"--param"}, {}},
       "write the graph, or what a query returns, as GraphML, JSON, CSV or DOT",
       "usage: splot export --format graphml|json|csv|dot [--query 'CYPHER' [--param k=v]...] "
       "[--out PATH]\n\n"
       "Without --query the whole graph is exported; with it, the nodes, relationships\n"
       "and paths its rows return (and the endpoints of those relationships).\n"
       "Without --out the export goes to standard output (not for csv, which writes\n"
       "PATH/nodes.csv and PATH/edges.csv in the import format).\n",
       splot::cli::RunExport},
      {{"query", {"--format", "--timeout", "--collation", "--max-rows"}, {"--param"}, {}},
       "run one Cypher statement",
       "usage: splot query 'CYPHER' [--param name=value]... [--format table|json|csv]\n"
       "                   [--timeout SECONDS] [--collation LOCALE] [--max-rows N]\n\n"
       "Results go to standard output: an aligned table, JSON Lines or CSV; the row\n"
       "count and time follow the table (on standard error for json and csv).  A\n"
       "parameter value is read as a Cypher literal (42, 'x', [1, 2], {a: 1}, true)\n"
       "or else taken as a string.  --timeout defaults to 30 s; --collation (default\n"
       "pl) orders strings.  Statements that write open the store for writing.\n",
       splot::cli::RunQuery},
      {{"link", {"--via", "--max-hops", "--svg", "--timeout"}, {}, {}},
       "show the chains that link two entities, with the evidence for every hop",
       "usage: splot link A B [--via Enterprise,FEZ,...] [--max-hops N] [--svg FILE]\n\n"
       "A and B are names in any inflection or spelling (\"obwód witebski\",\n"
       "\"Witebsk region\", \"obwodu witebskiego\").  When a name fits several\n"
       "entities, the candidates are listed and nothing is guessed.  Chains pass\n"
       "only through nodes with a --via label (default: enterprises, FEZs, bodies,\n"
       "organisations, universities, institutes, cities, regions, people, events;\n"
       "not countries) and have at most --max-hops edges (default 4).  Each hop is\n"
       "printed with its type, date, evidence sentence, line and cited source;\n"
       "--svg renders the chains with Graphviz.\n",
       splot::cli::RunLink},
      {{"repl", {"--timeout", "--collation", "--max-rows"}, {}, {}},
       "an interactive Cypher shell with history and completion",
       "usage: splot repl [--timeout SECONDS] [--collation LOCALE]\n\n"
       "Statements end with ';' and may span lines; :help lists the shell commands.\n"
       "History is kept in ~/.splot_history.  Ctrl-C cancels the running statement,\n"
       "Ctrl-D leaves.  When another process is writing to the store, the shell\n"
       "opens it read-only and says so.\n",
       splot::cli::RunRepl},
      {{"schema", {}, {}, {}},
       "list labels, relationship types with their endpoints, and property keys",
       "usage: splot schema\n",
       splot::cli::RunSchema},
      {{"demo", {}, {}, {}},
       "ingest the sample corpus and answer three showcase questions",
       "usage: splot demo\n\n"
       "Ingests the Polish sample documents of data/sample into the store (default\n"
       "./splot.db), then shows what links two regions, the enterprises that broker\n"
       "the network, and the agreements of 2023.\n",
       splot::cli::RunDemo},
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
