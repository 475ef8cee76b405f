// splot import, export, stats and check.
#include <cstdlib>
#include <fstream>

#include "cli/commands.h"
#include "graph/csv_import.h"
#include "graph/export.h"

namespace splot::cli {

Result<std::unique_ptr<graph::GraphStore>> OpenStoreForRead(const ParsedArgs& args) {
  graph::StoreOptions o;
  o.read_only = true;
  return graph::GraphStore::Open(args.db, o);
}

Result<std::unique_ptr<graph::GraphStore>> OpenStoreForWrite(const ParsedArgs& args) {
  return graph::GraphStore::Open(args.db);
}

int RunImport(const ParsedArgs& args, const Console& console) {
  std::vector<std::string> nodes = args.All("--nodes");
  std::vector<std::string> edges = args.All("--edges");
  if (nodes.empty() && edges.empty()) {
    return console.Fail(
        Status::InvalidArgument("give --nodes FILE and/or --edges FILE; see splot import --help"));
  }
  auto store = OpenStoreForWrite(args);
  if (!store.ok()) return console.Fail(store.status());
  auto start = std::chrono::steady_clock::now();
  ProgressBar bar(console, "import");
  graph::CsvImportOptions options;
  if (std::string rows = args.Get("--batch-rows"); !rows.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(rows.c_str(), &end, 10);
    if (*end != '\0' || n <= 0) {
      return console.Fail(
          Status::InvalidArgument("--batch-rows needs a positive number, got '" + rows + "'"));
    }
    options.batch_rows = static_cast<size_t>(n);
  }
  options.progress = [&](const graph::ImportProgress& p) {
    bar.Update(p.bytes_done, p.bytes_total,
               WithCommas(p.nodes) + " nodes, " + WithCommas(p.edges) + " edges");
  };
  auto report = graph::ImportCsv(**store, nodes, edges, options);
  bar.Finish();
  if (!report.ok()) {
    return console.Fail(report.status().WithContext("import failed, the store is unchanged"));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!console.quiet) {
    auto& e = console.err;
    e << "imported " << WithCommas(report->nodes_created) << " nodes";
    if (report->nodes_merged)
      e << " (" << WithCommas(report->nodes_merged) << " merged into existing)";
    e << " and " << WithCommas(report->edges_created) << " edges in " << secs << " s\n";
    for (const auto& [label, n] : report->nodes_by_label)
      e << "  " << label << ": " << WithCommas(n) << "\n";
    for (const auto& [type, n] : report->edges_by_type)
      e << "  " << type << ": " << WithCommas(n) << "\n";
    if (report->edge_files_skipped) {
      e << "  " << report->edge_files_skipped
        << " edge file(s) skipped: already imported unchanged\n";
    }
  }
  return kExitOk;
}

int RunExport(const ParsedArgs& args, const Console& console) {
  std::string fmt = args.Get("--format");
  if (fmt.empty())
    return console.Fail(Status::InvalidArgument("give --format graphml|json|csv|dot"));
  auto format = graph::ParseExportFormat(fmt);
  if (!format.ok()) return console.Fail(format.status());
  std::string out = args.Get("--out");
  if (*format == graph::ExportFormat::kCsv && (out.empty() || out == "-")) {
    return console.Fail(
        Status::InvalidArgument("CSV export writes nodes.csv and edges.csv: give --out DIR"));
  }
  graph::ExportSelection selection;
  if (std::string text = args.Get("--query"); !text.empty()) {
    auto chosen = SelectionFromQuery(args, text);
    if (!chosen.ok()) return console.Fail(chosen.status());
    selection = std::move(chosen).value();
  }
  auto store = OpenStoreForRead(args);
  if (!store.ok()) return console.Fail(store.status());
  auto txn = (*store)->BeginRead();
  Status s = out.empty() || out == "-" ? graph::ExportGraph(*txn, *format, selection, console.out)
                                       : graph::ExportToPath(*txn, *format, selection, out);
  if (!s.ok()) return console.Fail(s);
  if (!out.empty() && out != "-") console.Note("exported to " + out);
  return kExitOk;
}

int RunStats(const ParsedArgs& args, const Console& console) {
  auto store = OpenStoreForRead(args);
  if (!store.ok()) return console.Fail(store.status());
  auto& st = **store;
  auto by_label = st.CountsByLabel();
  auto by_type = st.CountsByType();
  auto& o = console.out;
  o << "store      " << st.path() << "\n";
  o << "nodes      " << WithCommas(st.NodeCount()) << "\n";
  o << "edges      " << WithCommas(st.EdgeCount()) << "\n";
  o << "documents  " << WithCommas(by_label.count("Document") ? by_label["Document"] : 0) << "\n";
  o << "sources    " << WithCommas(by_label.count("Source") ? by_label["Source"] : 0) << "\n";
  if (!by_label.empty()) o << "\nnodes by label\n";
  for (const auto& [label, n] : by_label) o << "  " << label << "  " << WithCommas(n) << "\n";
  if (!by_type.empty()) o << "\nedges by type\n";
  for (const auto& [type, n] : by_type) o << "  " << type << "  " << WithCommas(n) << "\n";
  return kExitOk;
}

int RunCheck(const ParsedArgs& args, const Console& console) {
  auto store = OpenStoreForRead(args);
  if (!store.ok()) return console.Fail(store.status());
  graph::CheckReport report;
  Status s = (*store)->Check(&report);
  if (!s.ok()) return console.Fail(s);
  if (!report.ok()) {
    for (const auto& p : report.problems) console.err << "problem: " << p << "\n";
    console.err << "splot: the store at " << args.db << " is inconsistent ("
                << report.problems.size() << " problem(s) shown)\n";
    return kExitInternal;
  }
  console.out << "ok: " << WithCommas(report.nodes) << " nodes, " << WithCommas(report.edges)
              << " edges; adjacency, indexes and counters agree\n";
  return kExitOk;
}

}  // namespace splot::cli
