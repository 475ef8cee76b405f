// splot query, splot schema, and the --query form of splot export.
#include <iostream>
#include <set>

#include "cli/commands.h"
#include "cli/query_session.h"
#include "graph/export.h"
#include "query/format.h"

namespace splot::cli {

namespace {

enum class Format { kTable, kJson, kCsv };

Result<Format> ParseFormat(const std::string& name) {
  if (name.empty() || name == "table") return Format::kTable;
  if (name == "json" || name == "jsonl") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  return Status::InvalidArgument("unknown --format '" + name + "'; use table, json or csv");
}

}  // namespace

int RunQuery(const ParsedArgs& args, const Console& console) {
  if (args.positional.size() != 1) {
    return console.Fail(Status::InvalidArgument(
        "give one Cypher statement in quotes: splot query 'MATCH (n) RETURN n'"));
  }
  auto format = ParseFormat(args.Get("--format"));
  if (!format.ok()) return console.Fail(format.status());
  auto options = EngineOptionsFromArgs(args);
  if (!options.ok()) return console.Fail(options.status());
  auto params = ParamsFromArgs(args);
  if (!params.ok()) return console.Fail(params.status());

  QuerySession session(args.db, *options);
  query::RunOptions run;
  bool header_written = false;
  if (*format != Format::kTable) {
    // JSON Lines and CSV stream their rows as they come.
    run.on_row = [&](const std::vector<std::string>& columns,
                     const std::vector<query::Value>& row) {
      if (*format == Format::kJson) {
        console.out << query::RowToJson(columns, row) << "\n";
      } else {
        if (!header_written) console.out << query::CsvHeader(columns);
        header_written = true;
        console.out << query::CsvRow(row);
      }
      return static_cast<bool>(console.out);
    };
  }
  auto result = session.Run(args.positional[0], *params, run);
  if (!result.ok()) return console.Fail(result.status());
  if (*format == Format::kTable) {
    query::TableOptions table;
    console.out << query::RenderTable(*result, table);
  } else {
    if (*format == Format::kCsv && !header_written)
      console.out << query::CsvHeader(result->columns);
    if (!console.quiet) console.err << query::SummaryLine(*result) << "\n";
  }
  console.out.flush();
  return kExitOk;
}

int RunSchema(const ParsedArgs& args, const Console& console) {
  auto store = OpenStoreForRead(args);
  if (!store.ok()) return console.Fail(store.status());
  auto& st = **store;
  auto engine = query::Engine::Create(st, {});
  if (!engine.ok()) return console.Fail(engine.status());
  auto& o = console.out;
  o << "node labels\n";
  for (const auto& [label, n] : st.CountsByLabel())
    o << "  " << label << "  (" << WithCommas(n) << ")\n";
  o << "\nrelationship types (source label -> target label: count)\n";
  for (const auto& [type, n] : st.CountsByType()) {
    o << "  " << type << "  (" << WithCommas(n) << ")\n";
    auto r = (*engine)->Execute(
        "MATCH (a)-[r]->(b) WHERE type(r) = $t "
        "RETURN head(labels(a)) AS a, head(labels(b)) AS b, count(*) AS n ORDER BY n DESC, a, b "
        "LIMIT 8",
        {{"t", query::Value(type)}});
    if (!r.ok()) return console.Fail(r.status());
    for (const auto& row : r->rows) {
      auto text = [](const query::Value& v) {
        return v.is_string() ? v.as_string() : std::string("?");
      };
      o << "    " << text(row[0]) << " -> " << text(row[1]) << ": " << row[2].as_int() << "\n";
    }
  }
  o << "\nproperty keys\n  ";
  auto keys = st.catalog().Names(graph::CatalogKind::kPropKey);
  for (size_t i = 0; i < keys.size(); ++i) o << (i ? ", " : "") << keys[i];
  o << "\n";
  return kExitOk;
}

Result<graph::ExportSelection> SelectionFromQuery(const ParsedArgs& args, const std::string& text) {
  SPLOT_ASSIGN_OR_RETURN(query::EngineOptions options, EngineOptionsFromArgs(args));
  SPLOT_ASSIGN_OR_RETURN(query::ValueMap params, ParamsFromArgs(args));
  SPLOT_ASSIGN_OR_RETURN(bool writes, query::StatementWrites(text, params));
  if (writes)
    return Status::InvalidArgument("export --query takes a reading statement, not one that writes");
  QuerySession session(args.db, options);
  SPLOT_ASSIGN_OR_RETURN(query::QueryResult result, session.Run(text, params));
  std::set<graph::NodeId> nodes;
  std::set<graph::EdgeId> edges;
  for (const auto& row : result.rows) {
    for (const auto& v : row) CollectGraphElements(v, &nodes, &edges);
  }
  graph::ExportSelection selection;
  selection.all = false;
  selection.nodes.assign(nodes.begin(), nodes.end());
  selection.edges.assign(edges.begin(), edges.end());
  return selection;
}

}  // namespace splot::cli
