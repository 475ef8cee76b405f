#include "query/format.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cmath>
#include <cstdio>

namespace splot::query {

namespace {

int CodePointWidth(UChar32 c) {
  if (c == 0) return 0;
  int8_t cat = static_cast<int8_t>(u_charType(c));
  if (cat == U_NON_SPACING_MARK || cat == U_ENCLOSING_MARK || cat == U_FORMAT_CHAR) return 0;
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  int ea = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH) ? 2 : 1;
}

// Cuts `s` to at most `width` columns, ending with '…' when cut.
std::string Fit(const std::string& s, size_t width) {
  if (DisplayWidth(s) <= width) return s;
  std::string out;
  size_t used = 0;
  int32_t i = 0;
  auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    int w = c < 0 ? 1 : CodePointWidth(c);
    if (used + static_cast<size_t>(w) + 1 > width) break;
    used += static_cast<size_t>(w);
    out.append(s, static_cast<size_t>(start), static_cast<size_t>(i - start));
  }
  return out + "…";
}

std::string Cell(const Value& v) {
  std::string s = ToDisplayString(v);
  // Keep one row per line.
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return s;
}

std::string Pad(const std::string& s, size_t width) {
  size_t w = DisplayWidth(s);
  return s + std::string(width > w ? width - w : 0, ' ');
}

std::string Repeat(const char* s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

void WriteJson(rapidjson::Writer<rapidjson::StringBuffer>& w, const Value& v);

void WriteProps(rapidjson::Writer<rapidjson::StringBuffer>& w, const graph::Properties& props) {
  w.StartObject();
  for (const auto& [k, x] : props) {
    w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
    WriteJson(w, Value::FromGraph(x));
  }
  w.EndObject();
}

void WriteNode(rapidjson::Writer<rapidjson::StringBuffer>& w, const NodeValue& n) {
  w.StartObject();
  w.Key("id");
  w.Uint64(n.id);
  if (n.data) {
    if (!n.data->key.empty()) {
      w.Key("key");
      w.String(n.data->key.c_str(), static_cast<rapidjson::SizeType>(n.data->key.size()));
    }
    w.Key("labels");
    w.StartArray();
    for (const auto& l : n.data->labels)
      w.String(l.c_str(), static_cast<rapidjson::SizeType>(l.size()));
    w.EndArray();
    w.Key("properties");
    WriteProps(w, n.data->props);
  }
  w.EndObject();
}

void WriteRel(rapidjson::Writer<rapidjson::StringBuffer>& w, const RelValue& r) {
  w.StartObject();
  w.Key("id");
  w.Uint64(r.id);
  if (r.data) {
    w.Key("type");
    w.String(r.data->type.c_str(), static_cast<rapidjson::SizeType>(r.data->type.size()));
  }
  w.Key("start");
  w.Uint64(r.src);
  w.Key("end");
  w.Uint64(r.dst);
  if (r.data) {
    w.Key("properties");
    WriteProps(w, r.data->props);
  }
  w.EndObject();
}

void WriteJson(rapidjson::Writer<rapidjson::StringBuffer>& w, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      w.Null();
      return;
    case Value::Kind::kBool:
      w.Bool(v.as_bool());
      return;
    case Value::Kind::kInt:
      w.Int64(v.as_int());
      return;
    case Value::Kind::kFloat:
      if (std::isfinite(v.as_float())) {
        w.Double(v.as_float());
      } else {
        std::string s = FormatFloat(v.as_float());
        w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
      }
      return;
    case Value::Kind::kString:
      w.String(v.as_string().c_str(), static_cast<rapidjson::SizeType>(v.as_string().size()));
      return;
    case Value::Kind::kList:
      w.StartArray();
      for (const auto& e : v.as_list()) WriteJson(w, e);
      w.EndArray();
      return;
    case Value::Kind::kMap:
      w.StartObject();
      for (const auto& [k, e] : v.as_map()) {
        w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size()));
        WriteJson(w, e);
      }
      w.EndObject();
      return;
    case Value::Kind::kNode:
      WriteNode(w, v.as_node());
      return;
    case Value::Kind::kRel:
      WriteRel(w, v.as_rel());
      return;
    case Value::Kind::kPath:
      w.StartObject();
      w.Key("nodes");
      w.StartArray();
      for (const auto& n : v.as_path().nodes) WriteNode(w, n);
      w.EndArray();
      w.Key("relationships");
      w.StartArray();
      for (const auto& r : v.as_path().rels) WriteRel(w, r);
      w.EndArray();
      w.EndObject();
      return;
  }
}

std::string CsvField(const std::string& s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string::npos ||
               (!s.empty() && (s.front() == ' ' || s.back() == ' '));
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  int32_t i = 0;
  auto n = static_cast<int32_t>(s.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    width += c < 0 ? 1 : static_cast<size_t>(CodePointWidth(c));
  }
  return width;
}

std::string SummaryLine(const QueryResult& result) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.1f ms", static_cast<double>(result.elapsed.count()) / 1000.0);
  uint64_t n = result.rows.empty() ? result.row_count : result.rows.size();
  std::string out = std::to_string(n) + (n == 1 ? " row, " : " rows, ") + buf;
  const graph::WriteStats& s = result.stats;
  auto add = [&](int64_t v, const char* what) {
    if (v != 0) out += ", " + std::to_string(v) + " " + what;
  };
  add(s.nodes_created, "nodes created");
  add(s.nodes_deleted, "nodes deleted");
  add(s.edges_created, "relationships created");
  add(s.edges_deleted, "relationships deleted");
  add(s.labels_added, "labels added");
  add(s.labels_removed, "labels removed");
  add(s.properties_set, "properties set");
  add(s.properties_removed, "properties removed");
  return out;
}

std::string RenderTable(const QueryResult& result, const TableOptions& options) {
  std::string out;
  if (!result.plan.empty()) out += result.plan;
  if (!result.columns.empty() && result.kind != StatementKind::kExplain) {
    std::vector<std::vector<std::string>> cells;
    std::vector<size_t> widths;
    for (const auto& c : result.columns) {
      widths.push_back(std::min(DisplayWidth(c), options.max_cell_width));
    }
    for (const auto& row : result.rows) {
      std::vector<std::string> line;
      for (size_t i = 0; i < row.size(); ++i) {
        std::string s = Fit(Cell(row[i]), options.max_cell_width);
        widths[i] = std::max(widths[i], DisplayWidth(s));
        line.push_back(std::move(s));
      }
      cells.push_back(std::move(line));
    }
    auto rule = [&](const char* left, const char* mid, const char* right) {
      std::string r = left;
      for (size_t i = 0; i < widths.size(); ++i) {
        r += Repeat("─", widths[i] + 2);
        r += i + 1 < widths.size() ? mid : right;
      }
      return r + "\n";
    };
    out += rule("┌", "┬", "┐");
    out += "│";
    for (size_t i = 0; i < widths.size(); ++i) {
      out += " " + Pad(Fit(result.columns[i], options.max_cell_width), widths[i]) + " │";
    }
    out += "\n" + rule("├", "┼", "┤");
    for (const auto& line : cells) {
      out += "│";
      for (size_t i = 0; i < widths.size(); ++i) out += " " + Pad(line[i], widths[i]) + " │";
      out += "\n";
    }
    out += rule("└", "┴", "┘");
  }
  if (options.summary) out += SummaryLine(result) + "\n";
  return out;
}

std::string ValueToJson(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  WriteJson(w, v);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string RowToJson(const std::vector<std::string>& columns, const std::vector<Value>& row) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  for (size_t i = 0; i < columns.size() && i < row.size(); ++i) {
    w.Key(columns[i].c_str(), static_cast<rapidjson::SizeType>(columns[i].size()));
    WriteJson(w, row[i]);
  }
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string RenderJsonLines(const QueryResult& result) {
  std::string out;
  for (const auto& row : result.rows) out += RowToJson(result.columns, row) + "\n";
  return out;
}

std::string CsvHeader(const std::vector<std::string>& columns) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ",";
    out += CsvField(columns[i]);
  }
  return out + "\r\n";
}

std::string CsvRow(const std::vector<Value>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i) out += ",";
    if (!row[i].is_null()) out += CsvField(ToDisplayString(row[i]));
  }
  return out + "\r\n";
}

std::string RenderCsv(const QueryResult& result) {
  std::string out = CsvHeader(result.columns);
  for (const auto& row : result.rows) out += CsvRow(row);
  return out;
}

}  // namespace splot::query
