#include "graph/export.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "graph/csv.h"
#include "graph/store.h"

namespace splot::graph {

namespace {

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, p);
}

std::string ScalarText(const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      return "";
    case Value::Type::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Type::kInt:
      return std::to_string(v.as_int());
    case Value::Type::kDouble:
      return FormatDouble(v.as_double());
    case Value::Type::kString:
      return v.as_string();
    case Value::Type::kTemporal:
      return v.as_temporal().text;
    case Value::Type::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.as_list().size(); ++i) {
        if (i) out += ", ";
        const Value& e = v.as_list()[i];
        out += e.is_string() || e.is_temporal() ? "\"" + ScalarText(e) + "\"" : ScalarText(e);
      }
      return out + "]";
    }
  }
  return "";
}

std::string NodeRef(NodeId id) { return "n" + std::to_string(id); }
std::string EdgeRef(EdgeId id) { return "e" + std::to_string(id); }

// Visits the selected nodes and edges in ascending id order.
Status Visit(Transaction& txn, const ExportSelection& sel,
             const std::function<void(const Node&)>& on_node,
             const std::function<void(const Edge&)>& on_edge) {
  if (sel.all) {
    SPLOT_RETURN_IF_ERROR(txn.ForEachNode([&](const Node& n) {
      on_node(n);
      return true;
    }));
    return txn.ForEachEdge([&](const Edge& e) {
      on_edge(e);
      return true;
    });
  }
  std::set<NodeId> nodes(sel.nodes.begin(), sel.nodes.end());
  std::set<EdgeId> edge_ids(sel.edges.begin(), sel.edges.end());
  std::vector<Edge> edges;
  for (EdgeId id : edge_ids) {
    SPLOT_ASSIGN_OR_RETURN(Edge e, txn.GetEdge(id));
    nodes.insert(e.src);
    nodes.insert(e.dst);
    edges.push_back(std::move(e));
  }
  for (NodeId id : nodes) {
    SPLOT_ASSIGN_OR_RETURN(Node n, txn.GetNode(id));
    on_node(n);
  }
  for (const Edge& e : edges) on_edge(e);
  return Status::OK();
}

// ---- JSON -------------------------------------------------------------------

template <typename W>
void WriteJsonValue(W& w, const Value& v) {
  switch (v.type()) {
    case Value::Type::kNull:
      w.Null();
      break;
    case Value::Type::kBool:
      w.Bool(v.as_bool());
      break;
    case Value::Type::kInt:
      w.Int64(v.as_int());
      break;
    case Value::Type::kDouble:
      if (std::isfinite(v.as_double())) {
        w.Double(v.as_double());
      } else {
        w.Null();
      }
      break;
    case Value::Type::kString:
      w.String(v.as_string().data(), static_cast<rapidjson::SizeType>(v.as_string().size()));
      break;
    case Value::Type::kList:
      w.StartArray();
      for (const Value& e : v.as_list()) WriteJsonValue(w, e);
      w.EndArray();
      break;
    case Value::Type::kTemporal:
      w.String(v.as_temporal().text.data(),
               static_cast<rapidjson::SizeType>(v.as_temporal().text.size()));
      break;
  }
}

Status ExportJson(Transaction& txn, const ExportSelection& sel, std::ostream& out) {
  rapidjson::OStreamWrapper os(out);
  rapidjson::Writer<rapidjson::OStreamWrapper> w(os);
  w.StartObject();
  w.Key("nodes");
  w.StartArray();
  auto key = [&](const char* k) { w.Key(k); };
  std::vector<Edge> deferred;
  bool in_edges = false;
  Status st = Visit(
      txn, sel,
      [&](const Node& n) {
        w.StartObject();
        key("id");
        w.String(NodeRef(n.id).c_str());
        key("label");
        w.String(n.labels.empty() ? "" : n.labels[0].c_str());
        key("labels");
        w.StartArray();
        for (const auto& l : n.labels) w.String(l.c_str());
        w.EndArray();
        if (!n.key.empty()) {
          key("key");
          w.String(n.key.c_str());
        }
        // The fields the evaluation reads sit at the top level as well.
        for (const char* top : {"name", "aliases", "lines"}) {
          if (const Value* v = n.Get(top)) {
            key(top);
            WriteJsonValue(w, *v);
          }
        }
        key("properties");
        w.StartObject();
        for (const auto& [k, v] : n.props) {
          w.Key(k.c_str());
          WriteJsonValue(w, v);
        }
        w.EndObject();
        w.EndObject();
      },
      [&](const Edge& e) {
        if (!in_edges) {
          w.EndArray();
          w.Key("edges");
          w.StartArray();
          in_edges = true;
        }
        w.StartObject();
        key("id");
        w.String(EdgeRef(e.id).c_str());
        key("type");
        w.String(e.type.c_str());
        key("source");
        w.String(NodeRef(e.src).c_str());
        key("target");
        w.String(NodeRef(e.dst).c_str());
        key("properties");
        w.StartObject();
        for (const auto& [k, v] : e.props) {
          w.Key(k.c_str());
          WriteJsonValue(w, v);
        }
        w.EndObject();
        w.EndObject();
      });
  SPLOT_RETURN_IF_ERROR(st);
  if (!in_edges) {
    w.EndArray();
    w.Key("edges");
    w.StartArray();
  }
  w.EndArray();
  w.EndObject();
  out << "\n";
  return Status::OK();
}

// ---- GraphML ----------------------------------------------------------------

// The GraphML attr.type a property gets: the narrowest type all values fit.
struct KeyType {
  bool any = false, all_bool = true, all_int = true, all_num = true;
  void Add(const Value& v) {
    any = true;
    all_bool &= v.is_bool();
    all_int &= v.is_int();
    all_num &= v.is_int() || v.is_double();
  }
  const char* Name() const {
    if (!any) return "string";
    if (all_bool) return "boolean";
    if (all_int) return "long";
    if (all_num) return "double";
    return "string";
  }
};

std::string GraphMLValue(const Value& v, const char* type) {
  std::string t = type;
  if (t == "double" && v.is_int()) return std::to_string(v.as_int()) + ".0";
  if (v.is_list()) {
    std::ostringstream os;
    rapidjson::OStreamWrapper w(os);
    rapidjson::Writer<rapidjson::OStreamWrapper> jw(w);
    WriteJsonValue(jw, v);
    return os.str();
  }
  return ScalarText(v);
}

Status ExportGraphML(Transaction& txn, const ExportSelection& sel, std::ostream& out) {
  std::map<std::string, KeyType> node_keys, edge_keys;
  SPLOT_RETURN_IF_ERROR(Visit(
      txn, sel,
      [&](const Node& n) {
        for (const auto& [k, v] : n.props) node_keys[k].Add(v);
      },
      [&](const Edge& e) {
        for (const auto& [k, v] : e.props) edge_keys[k].Add(v);
      }));
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
  out << "  <key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n";
  out << "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n";
  out << "  <key id=\"key\" for=\"node\" attr.name=\"key\" attr.type=\"string\"/>\n";
  out << "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n";
  std::map<std::string, std::string> node_ids, edge_ids;
  int counter = 0;
  for (const auto& [k, t] : node_keys) {
    std::string id = "d" + std::to_string(counter++);
    node_ids[k] = id;
    out << "  <key id=\"" << id << "\" for=\"node\" attr.name=\"" << XmlEscape(k)
        << "\" attr.type=\"" << t.Name() << "\"/>\n";
  }
  for (const auto& [k, t] : edge_keys) {
    std::string id = "d" + std::to_string(counter++);
    edge_ids[k] = id;
    out << "  <key id=\"" << id << "\" for=\"edge\" attr.name=\"" << XmlEscape(k)
        << "\" attr.type=\"" << t.Name() << "\"/>\n";
  }
  out << "  <graph id=\"splot\" edgedefault=\"directed\">\n";
  SPLOT_RETURN_IF_ERROR(Visit(
      txn, sel,
      [&](const Node& n) {
        out << "    <node id=\"" << NodeRef(n.id) << "\">\n";
        std::string labels;
        for (const auto& l : n.labels) labels += ":" + l;
        out << "      <data key=\"labels\">" << XmlEscape(labels) << "</data>\n";
        if (!n.labels.empty())
          out << "      <data key=\"label\">" << XmlEscape(n.labels[0]) << "</data>\n";
        if (!n.key.empty()) out << "      <data key=\"key\">" << XmlEscape(n.key) << "</data>\n";
        for (const auto& [k, v] : n.props) {
          out << "      <data key=\"" << node_ids[k] << "\">"
              << XmlEscape(GraphMLValue(v, node_keys[k].Name())) << "</data>\n";
        }
        out << "    </node>\n";
      },
      [&](const Edge& e) {
        out << "    <edge id=\"" << EdgeRef(e.id) << "\" source=\"" << NodeRef(e.src)
            << "\" target=\"" << NodeRef(e.dst) << "\">\n";
        out << "      <data key=\"type\">" << XmlEscape(e.type) << "</data>\n";
        for (const auto& [k, v] : e.props) {
          out << "      <data key=\"" << edge_ids[k] << "\">"
              << XmlEscape(GraphMLValue(v, edge_keys[k].Name())) << "</data>\n";
        }
        out << "    </edge>\n";
      }));
  out << "  </graph>\n</graphml>\n";
  return Status::OK();
}

// ---- DOT ----------------------------------------------------------------------

std::string NodeCaption(const Node& n) {
  std::string name;
  if (const Value* v = n.Get("name"); v && v->is_string()) name = v->as_string();
  if (name.empty()) name = n.key.empty() ? NodeRef(n.id) : n.key;
  std::string label = n.labels.empty() ? "" : n.labels[0];
  return label.empty() ? name : name + "\n" + label;
}

Status ExportDot(Transaction& txn, const ExportSelection& sel, std::ostream& out) {
  out << "digraph splot {\n"
         "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n"
         "  edge [fontname=\"Helvetica\", fontsize=8];\n";
  SPLOT_RETURN_IF_ERROR(Visit(
      txn, sel,
      [&](const Node& n) {
        std::string label = n.labels.empty() ? "" : n.labels[0];
        out << "  " << NodeRef(n.id) << " [label=\"" << DotEscape(NodeCaption(n))
            << "\", fillcolor=\"" << LabelColor(label) << "\"];\n";
      },
      [&](const Edge& e) {
        std::string caption = e.type;
        if (const Value* d = e.Get("date"); d && d->is_string()) caption += "\n" + d->as_string();
        out << "  " << NodeRef(e.src) << " -> " << NodeRef(e.dst) << " [label=\""
            << DotEscape(caption) << "\"];\n";
      }));
  out << "}\n";
  return Status::OK();
}

// ---- CSV ----------------------------------------------------------------------

// The column type of a property across all rows: one scalar kind, or a list
// of one scalar kind; anything mixed is written as text.
struct CsvType {
  bool any = false, list = false, mixed = false;
  Value::Type elem = Value::Type::kNull;
  void AddScalar(Value::Type t) {
    if (t == Value::Type::kNull) return;
    if (elem == Value::Type::kNull) {
      elem = t;
    } else if (elem != t) {
      bool numeric = (elem == Value::Type::kInt || elem == Value::Type::kDouble) &&
                     (t == Value::Type::kInt || t == Value::Type::kDouble);
      if (numeric) {
        elem = Value::Type::kDouble;
      } else {
        mixed = true;
      }
    }
  }
  void Add(const Value& v) {
    if (!any) list = v.is_list();
    if (v.is_list() != list) mixed = true;
    any = true;
    if (v.is_list()) {
      for (const Value& e : v.as_list()) {
        if (e.is_list())
          mixed = true;
        else
          AddScalar(e.type());
      }
    } else {
      AddScalar(v.type());
    }
  }
  std::string Header() const {
    std::string t;
    if (mixed) return "string";
    switch (elem) {
      case Value::Type::kBool:
        t = "boolean";
        break;
      case Value::Type::kInt:
        t = "long";
        break;
      case Value::Type::kDouble:
        t = "double";
        break;
      default:
        t = "string";
        break;
    }
    return list ? t + "[]" : t;
  }
  std::string Render(const Value& v) const {
    auto scalar = [&](const Value& e) {
      if (!mixed && elem == Value::Type::kDouble && e.is_int()) {
        return FormatDouble(static_cast<double>(e.as_int()));
      }
      return ScalarText(e);
    };
    if (!mixed && list && v.is_list()) {
      std::string out;
      for (size_t i = 0; i < v.as_list().size(); ++i) {
        if (i) out.push_back(';');
        out += scalar(v.as_list()[i]);
      }
      return out;
    }
    return scalar(v);
  }
};

std::string CsvNodeId(const Node& n) { return n.key.empty() ? "_" + std::to_string(n.id) : n.key; }

}  // namespace

Result<ExportFormat> ParseExportFormat(std::string_view name) {
  std::string n(name);
  for (char& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (n == "graphml") return ExportFormat::kGraphML;
  if (n == "json") return ExportFormat::kJson;
  if (n == "csv") return ExportFormat::kCsv;
  if (n == "dot") return ExportFormat::kDot;
  return Status::InvalidArgument("unknown export format '" + std::string(name) +
                                 "'; use graphml, json, csv or dot");
}

Status ExportGraph(Transaction& txn, ExportFormat format, const ExportSelection& selection,
                   std::ostream& out) {
  Status s;
  switch (format) {
    case ExportFormat::kGraphML:
      s = ExportGraphML(txn, selection, out);
      break;
    case ExportFormat::kJson:
      s = ExportJson(txn, selection, out);
      break;
    case ExportFormat::kDot:
      s = ExportDot(txn, selection, out);
      break;
    case ExportFormat::kCsv:
      return Status::InvalidArgument("CSV export writes a directory; give --out DIR");
  }
  SPLOT_RETURN_IF_ERROR(s);
  out.flush();
  if (!out) return Status::IOError("writing the export failed (disk full or output closed?)");
  return Status::OK();
}

Status ExportCsvDirectory(Transaction& txn, const ExportSelection& selection,
                          const std::string& dir) {
  std::map<std::string, CsvType> node_types, edge_types;
  std::map<NodeId, std::string> ids;
  SPLOT_RETURN_IF_ERROR(Visit(
      txn, selection,
      [&](const Node& n) {
        ids[n.id] = CsvNodeId(n);
        for (const auto& [k, v] : n.props) node_types[k].Add(v);
      },
      [&](const Edge& e) {
        for (const auto& [k, v] : e.props) edge_types[k].Add(v);
      }));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
  std::ofstream nodes(dir + "/nodes.csv", std::ios::binary);
  std::ofstream edges(dir + "/edges.csv", std::ios::binary);
  if (!nodes || !edges) return Status::IOError("cannot write CSV files in " + dir);

  std::string line = ":ID,:LABEL";
  for (const auto& [k, t] : node_types) {
    line.push_back(',');
    AppendCsvField(&line, k + ":" + t.Header());
  }
  nodes << line << "\n";
  line = ":START_ID,:END_ID,:TYPE";
  for (const auto& [k, t] : edge_types) {
    line.push_back(',');
    AppendCsvField(&line, k + ":" + t.Header());
  }
  edges << line << "\n";

  SPLOT_RETURN_IF_ERROR(Visit(
      txn, selection,
      [&](const Node& n) {
        line.clear();
        AppendCsvField(&line, ids[n.id]);
        line.push_back(',');
        std::string labels;
        for (size_t i = 0; i < n.labels.size(); ++i) labels += (i ? ";" : "") + n.labels[i];
        AppendCsvField(&line, labels);
        for (const auto& [k, t] : node_types) {
          line.push_back(',');
          if (const Value* v = n.Get(k)) AppendCsvField(&line, t.Render(*v));
        }
        nodes << line << "\n";
      },
      [&](const Edge& e) {
        line.clear();
        AppendCsvField(&line, ids[e.src]);
        line.push_back(',');
        AppendCsvField(&line, ids[e.dst]);
        line.push_back(',');
        AppendCsvField(&line, e.type);
        for (const auto& [k, t] : edge_types) {
          line.push_back(',');
          if (const Value* v = e.Get(k)) AppendCsvField(&line, t.Render(*v));
        }
        edges << line << "\n";
      }));
  nodes.flush();
  edges.flush();
  if (!nodes || !edges) return Status::IOError("writing CSV files in " + dir + " failed");
  return Status::OK();
}

Status ExportToPath(Transaction& txn, ExportFormat format, const ExportSelection& selection,
                    const std::string& path) {
  namespace fs = std::filesystem;
  if (format == ExportFormat::kCsv) {
    std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    Status s = ExportCsvDirectory(txn, selection, tmp);
    std::error_code ec;
    if (!s.ok()) {
      fs::remove_all(tmp, ec);
      return s;
    }
    fs::create_directories(path, ec);
    if (ec) {
      fs::remove_all(tmp, ec);
      return Status::IOError("cannot create " + path + ": " + ec.message());
    }
    for (const char* f : {"nodes.csv", "edges.csv"}) {
      fs::rename(fs::path(tmp) / f, fs::path(path) / f, ec);
      if (ec) {
        fs::remove_all(tmp, ec);
        return Status::IOError("cannot write " + (fs::path(path) / f).string() + ": " +
                               ec.message());
      }
    }
    fs::remove_all(tmp, ec);
    return Status::OK();
  }
  std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    if (!out) {
      return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
    }
    Status s = ExportGraph(txn, format, selection, out);
    if (!s.ok()) {
      out.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      return s;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Status::IOError("cannot write " + path + ": " + ec.message());
  }
  return Status::OK();
}

std::string LabelColor(std::string_view label) {
  static const std::pair<const char*, const char*> kKnown[] = {
      {"Country", "#f4a261"},      {"Region", "#e9c46a"},
      {"City", "#a8dadc"},         {"GovernmentBody", "#cdb4db"},
      {"Organization", "#bde0fe"}, {"Enterprise", "#90be6d"},
      {"University", "#ffafcc"},   {"ResearchInstitute", "#ffc8dd"},
      {"FEZ", "#43aa8b"},          {"Person", "#f28482"},
      {"Event", "#d4a373"},        {"Document", "#dddddd"},
      {"Source", "#eeeeee"},
  };
  for (const auto& [name, color] : kKnown) {
    if (label == name) return color;
  }
  // Other labels: a light colour from a hash of the name.
  uint32_t h = 2166136261u;
  for (unsigned char c : label) h = (h ^ c) * 16777619u;
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", 150 + (h & 0x3f), 150 + ((h >> 8) & 0x3f),
                150 + ((h >> 16) & 0x3f));
  return buf;
}

std::string DotEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        if (ch == '\r') {
          out += "&#13;";  // a raw CR would be normalised away by the reader
        } else if (c < 0x20 && c != '\t' && c != '\n') {
          out += "\xEF\xBF\xBD";
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

}  // namespace splot::graph
