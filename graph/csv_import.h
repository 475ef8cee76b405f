// CSV import: nodes and edges files into the store.
//
// Headers follow Neo4j's admin import (`:ID`, `:ID(space)`, `:LABEL`,
// `:IGNORE`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns `age:int`,
// `score:double`, `ok:boolean`, arrays `tags:string[]` split on ';') or the
// plain `id,label,name` / `src,dst,type` form.  A node's id becomes its
// canonical key, so importing the same nodes again merges instead of
// duplicating.
//
// Into an empty store the whole import is one atomic bulk load (sorted SST
// files ingested at once).  Into a store that already has data, the files
// are validated first and then written in batches, each batch one atomic
// write; edge progress is recorded with each batch so that a re-run after a
// crash completes the work without duplicating edges.
#ifndef SPLOT_GRAPH_CSV_IMPORT_H_
#define SPLOT_GRAPH_CSV_IMPORT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"

namespace splot::graph {

class GraphStore;

struct ImportProgress {
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  uint64_t nodes = 0;
  uint64_t edges = 0;
};

struct CsvImportOptions {
  char delimiter = ',';
  char array_delimiter = ';';
  // Rows per write transaction when importing into a store with data.
  size_t batch_rows = 50000;
  // Called now and then with the work done so far (for progress bars).
  std::function<void(const ImportProgress&)> progress;
};

struct ImportReport {
  bool bulk = false;  // true when the store was empty and the fast path ran
  uint64_t nodes_created = 0;
  uint64_t nodes_merged = 0;
  uint64_t edges_created = 0;
  uint64_t edge_files_skipped = 0;  // already imported, unchanged
  std::map<std::string, uint64_t> nodes_by_label;
  std::map<std::string, uint64_t> edges_by_type;
};

// Imports `node_files` then `edge_files`.  Any malformed input (a ragged
// row, a missing or duplicate id, a bad typed value, an edge whose endpoint
// is neither in the files nor in the store) fails with InvalidArgument
// naming file:line, before anything is written.
Result<ImportReport> ImportCsv(GraphStore& store, const std::vector<std::string>& node_files,
                               const std::vector<std::string>& edge_files,
                               const CsvImportOptions& options = {});

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_CSV_IMPORT_H_
