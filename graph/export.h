// Export of the whole graph, or of a chosen subgraph, as GraphML (Gephi,
// yEd, NetworkX), JSON (the shape ../shared/eval reads), CSV (the import
// format, so export → import → export is byte-identical) or DOT (Graphviz).
#ifndef SPLOT_GRAPH_EXPORT_H_
#define SPLOT_GRAPH_EXPORT_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "graph/types.h"

namespace splot::graph {

class Transaction;

enum class ExportFormat { kGraphML, kJson, kCsv, kDot };

// Parses "graphml", "json", "csv" or "dot" (any case).
Result<ExportFormat> ParseExportFormat(std::string_view name);

// What to export: everything, or the given nodes and edges (an edge's
// endpoints are added when missing, so the subgraph is closed).
struct ExportSelection {
  bool all = true;
  std::vector<NodeId> nodes;
  std::vector<EdgeId> edges;
};

// Writes GraphML, JSON or DOT to `out`.  For CSV use ExportCsvDirectory.
Status ExportGraph(Transaction& txn, ExportFormat format, const ExportSelection& selection,
                   std::ostream& out);

// Writes `dir`/nodes.csv and `dir`/edges.csv (creating `dir`), with Neo4j
// admin-import headers (`:ID`, `:LABEL`, typed property columns; arrays
// joined with ';').  A node's `:ID` is its canonical key, or "_<id>" when it
// has none.
Status ExportCsvDirectory(Transaction& txn, const ExportSelection& selection,
                          const std::string& dir);

// Exports to `path`: a file for GraphML/JSON/DOT, a directory for CSV.
// IOError naming the path when it cannot be written; nothing partial is
// left behind (output goes to a temporary name first).
Status ExportToPath(Transaction& txn, ExportFormat format, const ExportSelection& selection,
                    const std::string& path);

// A colour (#rrggbb) per node label, stable across runs, for DOT and SVG.
std::string LabelColor(std::string_view label);

// Escapes text for a double-quoted DOT string.
std::string DotEscape(std::string_view text);

// Escapes text for XML character data and attribute values; characters XML
// 1.0 cannot carry (most control characters) become U+FFFD.
std::string XmlEscape(std::string_view text);

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_EXPORT_H_
