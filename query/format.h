// Rendering query results: an aligned text table, JSON Lines, or CSV.
#ifndef SPLOT_QUERY_FORMAT_H_
#define SPLOT_QUERY_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "query/engine.h"
#include "query/value.h"

namespace splot::query {

struct TableOptions {
  // Cells wider than this many terminal columns are cut and end with '…'.
  size_t max_cell_width = 60;
  // Appends "N rows, T ms" (and the write counts, if any) under the table.
  bool summary = true;
};

// An aligned table with a header and box-drawing rules; widths count
// terminal columns (wide CJK characters take two, combining marks none).
std::string RenderTable(const QueryResult& result, const TableOptions& options = {});

// One JSON object per row: {"column": value, ...}.  Nodes render as
// {"id", "labels", "properties"}, relationships as {"id", "type", "start",
// "end", "properties"}, paths as {"nodes": [...], "relationships": [...]}.
std::string RenderJsonLines(const QueryResult& result);
// One row as a JSON object (for streaming).
std::string RowToJson(const std::vector<std::string>& columns, const std::vector<Value>& row);
// A value as JSON.
std::string ValueToJson(const Value& v);

// RFC 4180 CSV with a header row; strings unquoted unless they need it,
// other values as Cypher literals.
std::string RenderCsv(const QueryResult& result);
std::string CsvHeader(const std::vector<std::string>& columns);
std::string CsvRow(const std::vector<Value>& row);

// The summary line: "3 rows, 1.2 ms" plus the counts of what was written.
std::string SummaryLine(const QueryResult& result);

// Terminal columns `utf8` occupies.
size_t DisplayWidth(std::string_view utf8);

}  // namespace splot::query

#endif  // SPLOT_QUERY_FORMAT_H_
