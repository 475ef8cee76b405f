#include "query/value.h"

#include <charconv>
#include <cmath>
#include <functional>

#include "query/collation.h"

namespace splot::query {

Value Value::FromGraph(const graph::Value& v) {
  switch (v.type()) {
    case graph::Value::Type::kNull:
      return Value();
    case graph::Value::Type::kBool:
      return Value(v.as_bool());
    case graph::Value::Type::kInt:
      return Value(v.as_int());
    case graph::Value::Type::kDouble:
      return Value(v.as_double());
    case graph::Value::Type::kString:
      return Value(v.as_string());
    case graph::Value::Type::kList: {
      ValueList out;
      out.reserve(v.as_list().size());
      for (const auto& e : v.as_list()) out.push_back(FromGraph(e));
      return Value(std::move(out));
    }
  }
  return Value();
}

bool Value::ToGraph(graph::Value* out) const {
  switch (kind()) {
    case Kind::kNull:
      *out = graph::Value();
      return true;
    case Kind::kBool:
      *out = graph::Value(as_bool());
      return true;
    case Kind::kInt:
      *out = graph::Value(as_int());
      return true;
    case Kind::kFloat:
      *out = graph::Value(as_float());
      return true;
    case Kind::kString:
      *out = graph::Value(as_string());
      return true;
    case Kind::kList: {
      graph::Value::List list;
      list.reserve(as_list().size());
      for (const auto& e : as_list()) {
        graph::Value g;
        if (!e.ToGraph(&g)) return false;
        list.push_back(std::move(g));
      }
      *out = graph::Value(std::move(list));
      return true;
    }
    default:
      return false;
  }
}

const char* Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "Null";
    case Kind::kBool:
      return "Boolean";
    case Kind::kInt:
      return "Integer";
    case Kind::kFloat:
      return "Float";
    case Kind::kString:
      return "String";
    case Kind::kList:
      return "List";
    case Kind::kMap:
      return "Map";
    case Kind::kNode:
      return "Node";
    case Kind::kRel:
      return "Relationship";
    case Kind::kPath:
      return "Path";
  }
  return "Unknown";
}

namespace {

// Compares an integer with a double exactly (no rounding of large integers).
int CompareIntDouble(int64_t i, double d) {
  if (d >= 9223372036854775808.0) return -1;
  if (d < -9223372036854775808.0) return 1;
  double fl = std::floor(d);
  auto di = static_cast<int64_t>(fl);
  if (i < di) return -1;
  if (i > di) return 1;
  return fl < d ? -1 : 0;
}

// Numeric comparison; NaN must be handled by the caller.
int CompareNumbers(const Value& a, const Value& b) {
  if (a.is_int() && b.is_int()) {
    return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
  }
  if (a.is_int()) return CompareIntDouble(a.as_int(), b.as_float());
  if (b.is_int()) return -CompareIntDouble(b.as_int(), a.as_float());
  double x = a.as_float(), y = b.as_float();
  return x < y ? -1 : (x > y ? 1 : 0);
}

bool IsNaN(const Value& v) { return v.is_float() && std::isnan(v.as_float()); }

int CompareStrings(const std::string& a, const std::string& b, const Collation* collation) {
  if (collation) return collation->Compare(a, b);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

Tri AndAll(Tri acc, Tri next) {
  if (acc == Tri::kFalse || next == Tri::kFalse) return Tri::kFalse;
  if (acc == Tri::kNull || next == Tri::kNull) return Tri::kNull;
  return Tri::kTrue;
}

}  // namespace

Tri CypherEquals(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Tri::kNull;
  if (a.is_number() && b.is_number()) {
    if (IsNaN(a) || IsNaN(b)) return Tri::kFalse;
    return CompareNumbers(a, b) == 0 ? Tri::kTrue : Tri::kFalse;
  }
  if (a.kind() != b.kind()) return Tri::kFalse;
  switch (a.kind()) {
    case Value::Kind::kBool:
      return a.as_bool() == b.as_bool() ? Tri::kTrue : Tri::kFalse;
    case Value::Kind::kString:
      return a.as_string() == b.as_string() ? Tri::kTrue : Tri::kFalse;
    case Value::Kind::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return Tri::kFalse;
      Tri acc = Tri::kTrue;
      for (size_t i = 0; i < x.size() && acc != Tri::kFalse; ++i) {
        acc = AndAll(acc, CypherEquals(x[i], y[i]));
      }
      return acc;
    }
    case Value::Kind::kMap: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) return Tri::kFalse;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first) return Tri::kFalse;
      }
      Tri acc = Tri::kTrue;
      for (auto i = x.begin(), j = y.begin(); i != x.end() && acc != Tri::kFalse; ++i, ++j) {
        acc = AndAll(acc, CypherEquals(i->second, j->second));
      }
      return acc;
    }
    case Value::Kind::kNode:
      return a.as_node().id == b.as_node().id ? Tri::kTrue : Tri::kFalse;
    case Value::Kind::kRel:
      return a.as_rel().id == b.as_rel().id ? Tri::kTrue : Tri::kFalse;
    case Value::Kind::kPath: {
      const auto& x = a.as_path();
      const auto& y = b.as_path();
      if (x.nodes.size() != y.nodes.size()) return Tri::kFalse;
      for (size_t i = 0; i < x.nodes.size(); ++i) {
        if (x.nodes[i].id != y.nodes[i].id) return Tri::kFalse;
      }
      for (size_t i = 0; i < x.rels.size(); ++i) {
        if (x.rels[i].id != y.rels[i].id) return Tri::kFalse;
      }
      return Tri::kTrue;
    }
    default:
      return Tri::kFalse;
  }
}

CompareOutcome CypherCompare(const Value& a, const Value& b, const Collation* collation) {
  CompareOutcome out;
  if (a.is_null() || b.is_null()) return out;
  if (a.is_number() && b.is_number()) {
    out.comparable = true;
    // NaN is comparable with numbers but neither smaller, equal nor larger:
    // the caller sees sign 2, which satisfies no comparison operator.
    out.sign = (IsNaN(a) || IsNaN(b)) ? 2 : CompareNumbers(a, b);
    return out;
  }
  if (a.kind() != b.kind()) return out;
  switch (a.kind()) {
    case Value::Kind::kString:
      out.comparable = true;
      out.sign = CompareStrings(a.as_string(), b.as_string(), collation);
      return out;
    case Value::Kind::kBool:
      out.comparable = true;
      out.sign = static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
      return out;
    case Value::Kind::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        CompareOutcome e = CypherCompare(x[i], y[i], collation);
        if (!e.comparable) {
          if (Equivalent(x[i], y[i]) && !x[i].is_null()) continue;
          return CompareOutcome{};
        }
        if (e.sign != 0) return e;
      }
      out.comparable = true;
      out.sign = x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
      return out;
    }
    default:
      return out;
  }
}

namespace {

// Rank of a kind in the ORDER BY total order.
int OrderRank(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kMap:
      return 0;
    case Value::Kind::kNode:
      return 1;
    case Value::Kind::kRel:
      return 2;
    case Value::Kind::kList:
      return 3;
    case Value::Kind::kPath:
      return 4;
    case Value::Kind::kString:
      return 5;
    case Value::Kind::kBool:
      return 6;
    case Value::Kind::kInt:
    case Value::Kind::kFloat:
      return 7;
    case Value::Kind::kNull:
      return 9;
  }
  return 9;
}

template <typename T>
int Cmp(const T& x, const T& y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

}  // namespace

int OrderCompare(const Value& a, const Value& b, const Collation* collation) {
  int ra = OrderRank(a), rb = OrderRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (a.kind()) {
    case Value::Kind::kNull:
      return 0;
    case Value::Kind::kInt:
    case Value::Kind::kFloat: {
      bool na = IsNaN(a), nb = IsNaN(b);
      if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
      int c = CompareNumbers(a, b);
      // 1 and 1.0 are equal as numbers; order integers first for stability.
      if (c == 0 && a.kind() != b.kind()) return a.is_int() ? -1 : 1;
      return c;
    }
    case Value::Kind::kString:
      return CompareStrings(a.as_string(), b.as_string(), collation);
    case Value::Kind::kBool:
      return Cmp(a.as_bool(), b.as_bool());
    case Value::Kind::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
        int c = OrderCompare(x[i], y[i], collation);
        if (c != 0) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case Value::Kind::kMap: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      auto i = x.begin();
      auto j = y.begin();
      for (; i != x.end() && j != y.end(); ++i, ++j) {
        int c = CompareStrings(i->first, j->first, nullptr);
        if (c != 0) return c;
        c = OrderCompare(i->second, j->second, collation);
        if (c != 0) return c;
      }
      return Cmp(x.size(), y.size());
    }
    case Value::Kind::kNode:
      return Cmp(a.as_node().id, b.as_node().id);
    case Value::Kind::kRel:
      return Cmp(a.as_rel().id, b.as_rel().id);
    case Value::Kind::kPath: {
      const auto& x = a.as_path();
      const auto& y = b.as_path();
      for (size_t i = 0; i < x.nodes.size() && i < y.nodes.size(); ++i) {
        int c = Cmp(x.nodes[i].id, y.nodes[i].id);
        if (c != 0) return c;
        if (i < x.rels.size() && i < y.rels.size()) {
          c = Cmp(x.rels[i].id, y.rels[i].id);
          if (c != 0) return c;
        }
      }
      return Cmp(x.nodes.size(), y.nodes.size());
    }
  }
  return 0;
}

bool Equivalent(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (a.is_number() && b.is_number()) {
    bool na = IsNaN(a), nb = IsNaN(b);
    if (na || nb) return na && nb;
    return CompareNumbers(a, b) == 0;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::kList: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equivalent(x[i], y[i])) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j) {
        if (i->first != j->first || !Equivalent(i->second, j->second)) return false;
      }
      return true;
    }
    default:
      return CypherEquals(a, b) == Tri::kTrue;
  }
}

namespace {
size_t Mix(size_t seed, size_t h) {
  return seed ^ (h + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}
}  // namespace

size_t EquivalenceHash(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return 0x51;
    case Value::Kind::kBool:
      return v.as_bool() ? 0x71 : 0x70;
    case Value::Kind::kInt:
      return std::hash<int64_t>()(v.as_int());
    case Value::Kind::kFloat: {
      double d = v.as_float();
      if (std::isnan(d)) return 0x4e614e;
      if (d == std::floor(d) && d >= -9.2e18 && d <= 9.2e18) {
        return std::hash<int64_t>()(static_cast<int64_t>(d));
      }
      return std::hash<double>()(d);
    }
    case Value::Kind::kString:
      return std::hash<std::string>()(v.as_string());
    case Value::Kind::kList: {
      size_t h = 0x11;
      for (const auto& e : v.as_list()) h = Mix(h, EquivalenceHash(e));
      return h;
    }
    case Value::Kind::kMap: {
      size_t h = 0x22;
      for (const auto& [k, e] : v.as_map()) {
        h = Mix(h, std::hash<std::string>()(k));
        h = Mix(h, EquivalenceHash(e));
      }
      return h;
    }
    case Value::Kind::kNode:
      return Mix(0x33, v.as_node().id);
    case Value::Kind::kRel:
      return Mix(0x44, v.as_rel().id);
    case Value::Kind::kPath: {
      size_t h = 0x55;
      for (const auto& n : v.as_path().nodes) h = Mix(h, n.id);
      for (const auto& r : v.as_path().rels) h = Mix(h, r.id);
      return h;
    }
  }
  return 0;
}

size_t RowHash::operator()(const std::vector<Value>& row) const {
  size_t h = 0x99;
  for (const auto& v : row) h = Mix(h, EquivalenceHash(v));
  return h;
}

bool RowEquivalent::operator()(const std::vector<Value>& a, const std::vector<Value>& b) const {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!Equivalent(a[i], b[i])) return false;
  }
  return true;
}

std::string FormatFloat(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  std::string s(buf, res.ptr);
  size_t e = s.find('e');
  std::string mantissa = e == std::string::npos ? s : s.substr(0, e);
  std::string exponent = e == std::string::npos ? "" : s.substr(e + 1);
  if (mantissa.find('.') == std::string::npos) mantissa += ".0";
  if (exponent.empty()) return mantissa;
  if (exponent[0] == '+') exponent.erase(0, 1);
  return mantissa + "e" + exponent;
}

namespace {

std::string QuoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  out += "'";
  return out;
}

bool IsPlainIdentifier(const std::string& s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok = std::isalpha(c) || c == '_' || (i > 0 && std::isdigit(c)) || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

std::string Name(const std::string& s) { return IsPlainIdentifier(s) ? s : "`" + s + "`"; }

void AppendProps(std::string* out, const graph::Properties& props) {
  if (props.empty()) return;
  *out += " {";
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) *out += ", ";
    first = false;
    *out += Name(k) + ": " + ToCypherLiteral(Value::FromGraph(v));
  }
  *out += "}";
}

std::string NodeText(const NodeValue& n) {
  if (!n.data) return "(#" + std::to_string(n.id) + ")";
  std::string out = "(";
  for (const auto& l : n.data->labels) out += ":" + Name(l);
  AppendProps(&out, n.data->props);
  if (out.size() > 1 && out[1] == ' ') out.erase(1, 1);
  out += ")";
  return out;
}

std::string RelText(const RelValue& r) {
  if (!r.data) return "[#" + std::to_string(r.id) + "]";
  std::string out = "[:" + Name(r.data->type);
  AppendProps(&out, r.data->props);
  out += "]";
  return out;
}

}  // namespace

std::string ToCypherLiteral(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt:
      return std::to_string(v.as_int());
    case Value::Kind::kFloat:
      return FormatFloat(v.as_float());
    case Value::Kind::kString:
      return QuoteString(v.as_string());
    case Value::Kind::kList: {
      std::string out = "[";
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        out += ToCypherLiteral(e);
      }
      return out + "]";
    }
    case Value::Kind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ", ";
        first = false;
        out += Name(k) + ": " + ToCypherLiteral(e);
      }
      return out + "}";
    }
    case Value::Kind::kNode:
      return NodeText(v.as_node());
    case Value::Kind::kRel:
      return RelText(v.as_rel());
    case Value::Kind::kPath: {
      const auto& p = v.as_path();
      std::string out = "<";
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out += NodeText(p.nodes[i]);
        if (i < p.rels.size()) {
          const RelValue& r = p.rels[i];
          bool forward = r.src == p.nodes[i].id && (r.dst == p.nodes[i + 1].id);
          out += forward ? "-" : "<-";
          out += RelText(r);
          out += forward ? "->" : "-";
        }
      }
      return out + ">";
    }
  }
  return "";
}

std::string ToDisplayString(const Value& v) {
  if (v.is_string()) return v.as_string();
  return ToCypherLiteral(v);
}

}  // namespace splot::query
