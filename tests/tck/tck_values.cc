#include "tests/tck/tck_values.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace splot::tck {

using query::NodeValue;
using query::PathValue;
using query::RelValue;
using query::Value;
using query::ValueList;
using query::ValueMap;

namespace {

class TckParser {
 public:
  explicit TckParser(std::string_view text) : s_(text) {}

  Result<Value> ParseAll() {
    Value v;
    if (!ParseValue(&v)) return Error();
    Skip();
    if (i_ != s_.size()) {
      error_ = "unexpected text after the value";
      return Error();
    }
    return v;
  }

 private:
  Status Error() const {
    return Status::InvalidArgument("bad TCK value at offset " + std::to_string(i_) + ": " + error_ +
                                   " in `" + std::string(s_) + "`");
  }

  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  bool Peek(char c) {
    Skip();
    return i_ < s_.size() && s_[i_] == c;
  }
  bool Accept(char c) {
    if (!Peek(c)) return false;
    ++i_;
    return true;
  }
  bool Expect(char c) {
    if (Accept(c)) return true;
    error_ = std::string("expected '") + c + "'";
    return false;
  }
  bool Word(std::string_view w) {
    Skip();
    if (s_.substr(i_, w.size()) == w &&
        (i_ + w.size() == s_.size() ||
         !std::isalnum(static_cast<unsigned char>(s_[i_ + w.size()])))) {
      i_ += w.size();
      return true;
    }
    return false;
  }

  bool Name(std::string* out) {
    Skip();
    out->clear();
    if (i_ < s_.size() && s_[i_] == '`') {
      ++i_;
      while (i_ < s_.size() && s_[i_] != '`') out->push_back(s_[i_++]);
      if (i_ >= s_.size()) {
        error_ = "unterminated `name`";
        return false;
      }
      ++i_;
      return true;
    }
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_' ||
                              static_cast<unsigned char>(s_[i_]) >= 0x80)) {
      out->push_back(s_[i_++]);
    }
    if (out->empty()) {
      error_ = "expected a name";
      return false;
    }
    return true;
  }

  bool ParseString(Value* out) {
    char q = s_[i_++];
    std::string v;
    while (i_ < s_.size() && s_[i_] != q) {
      char c = s_[i_++];
      if (c == '\\' && i_ < s_.size()) {
        char e = s_[i_++];
        switch (e) {
          case 'n':
            v += '\n';
            break;
          case 't':
            v += '\t';
            break;
          case 'r':
            v += '\r';
            break;
          case 'b':
            v += '\b';
            break;
          case 'f':
            v += '\f';
            break;
          case 'u': {
            uint32_t cp = static_cast<uint32_t>(
                std::strtoul(std::string(s_.substr(i_, 4)).c_str(), nullptr, 16));
            i_ += 4;
            if (cp < 0x80) {
              v += static_cast<char>(cp);
            } else if (cp < 0x800) {
              v += static_cast<char>(0xC0 | (cp >> 6));
              v += static_cast<char>(0x80 | (cp & 0x3F));
            } else {
              v += static_cast<char>(0xE0 | (cp >> 12));
              v += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
              v += static_cast<char>(0x80 | (cp & 0x3F));
            }
            break;
          }
          default:
            v += e;
        }
      } else {
        v += c;
      }
    }
    if (i_ >= s_.size()) {
      error_ = "unterminated string";
      return false;
    }
    ++i_;
    *out = Value(v);
    return true;
  }

  bool ParseNumber(Value* out) {
    size_t start = i_;
    if (s_[i_] == '-' || s_[i_] == '+') ++i_;
    if (s_.substr(i_, 3) == "Inf") {
      i_ += 3;
      *out = Value(s_[start] == '-' ? -std::numeric_limits<double>::infinity()
                                    : std::numeric_limits<double>::infinity());
      return true;
    }
    bool is_float = false;
    while (i_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '.' ||
            ((s_[i_] == '-' || s_[i_] == '+') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E')))) {
      if (s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == 'E') is_float = true;
      ++i_;
    }
    std::string text(s_.substr(start, i_ - start));
    if (text.size() > 2 && (text[0] == '0' || text[1] == '0') &&
        text.find('x') != std::string::npos) {
      is_float = false;
    }
    char* end = nullptr;
    if (is_float) {
      double d = std::strtod(text.c_str(), &end);
      *out = Value(d);
    } else {
      long long v = std::strtoll(text.c_str(), &end, 0);
      *out = Value(static_cast<int64_t>(v));
    }
    if (end != text.c_str() + text.size()) {
      error_ = "bad number '" + text + "'";
      return false;
    }
    return true;
  }

  bool ParseMap(ValueMap* out) {
    if (!Expect('{')) return false;
    if (Accept('}')) return true;
    do {
      std::string key;
      if (!Name(&key) || !Expect(':')) return false;
      Value v;
      if (!ParseValue(&v)) return false;
      (*out)[key] = v;
    } while (Accept(','));
    return Expect('}');
  }

  bool ToProps(const ValueMap& m, graph::Properties* out) {
    for (const auto& [k, v] : m) {
      graph::Value g;
      if (!v.ToGraph(&g)) {
        error_ = "property values must be plain";
        return false;
      }
      (*out)[k] = g;
    }
    return true;
  }

  bool ParseNode(NodeValue* out) {
    if (!Expect('(')) return false;
    auto node = std::make_shared<graph::Node>();
    while (Accept(':')) {
      std::string label;
      if (!Name(&label)) return false;
      node->labels.push_back(label);
    }
    if (Peek('{')) {
      ValueMap m;
      if (!ParseMap(&m) || !ToProps(m, &node->props)) return false;
    }
    if (!Expect(')')) return false;
    node->id = next_id_++;
    out->id = node->id;
    out->data = node;
    return true;
  }

  bool ParseRel(RelValue* out) {
    if (!Expect('[') || !Expect(':')) return false;
    auto edge = std::make_shared<graph::Edge>();
    if (!Name(&edge->type)) return false;
    if (Peek('{')) {
      ValueMap m;
      if (!ParseMap(&m) || !ToProps(m, &edge->props)) return false;
    }
    if (!Expect(']')) return false;
    edge->id = next_id_++;
    out->id = edge->id;
    out->data = edge;
    return true;
  }

  bool ParsePath(Value* out) {
    if (!Expect('<')) return false;
    PathValue p;
    NodeValue n;
    if (!ParseNode(&n)) return false;
    p.nodes.push_back(n);
    while (true) {
      Skip();
      bool backward = false;
      if (Accept('<')) {
        backward = true;
        if (!Expect('-')) return false;
      } else if (!Accept('-')) {
        break;
      }
      RelValue r;
      if (!ParseRel(&r)) return false;
      if (!Expect('-')) return false;
      if (!backward && !Expect('>')) return false;
      NodeValue m;
      if (!ParseNode(&m)) return false;
      r.src = backward ? m.id : p.nodes.back().id;
      r.dst = backward ? p.nodes.back().id : m.id;
      p.rels.push_back(r);
      p.nodes.push_back(m);
    }
    if (!Expect('>')) return false;
    *out = Value(std::move(p));
    return true;
  }

  bool ParseValue(Value* out) {
    Skip();
    if (i_ >= s_.size()) {
      error_ = "expected a value";
      return false;
    }
    char c = s_[i_];
    if (c == '\'' || c == '"') return ParseString(out);
    if (c == '[') {
      size_t save = i_;
      ++i_;
      if (Peek(':')) {
        i_ = save;
        RelValue r;
        if (!ParseRel(&r)) return false;
        *out = Value(r);
        return true;
      }
      ValueList list;
      if (!Accept(']')) {
        do {
          Value v;
          if (!ParseValue(&v)) return false;
          list.push_back(v);
        } while (Accept(','));
        if (!Expect(']')) return false;
      }
      *out = Value(std::move(list));
      return true;
    }
    if (c == '{') {
      ValueMap m;
      if (!ParseMap(&m)) return false;
      *out = Value(std::move(m));
      return true;
    }
    if (c == '(') {
      NodeValue n;
      if (!ParseNode(&n)) return false;
      *out = Value(n);
      return true;
    }
    if (c == '<') return ParsePath(out);
    if (Word("null")) {
      *out = Value();
      return true;
    }
    if (Word("true")) {
      *out = Value(true);
      return true;
    }
    if (Word("false")) {
      *out = Value(false);
      return true;
    }
    if (Word("NaN")) {
      *out = Value(std::numeric_limits<double>::quiet_NaN());
      return true;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' ||
        c == 'I') {
      return ParseNumber(out);
    }
    error_ = std::string("unexpected '") + c + "'";
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  uint64_t next_id_ = 1;
  std::string error_;
};

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string Props(const graph::Properties& props, bool sort_lists) {
  if (props.empty()) return "";
  std::string out = " {";
  bool first = true;
  for (const auto& [k, v] : props) {
    if (!first) out += ", ";
    first = false;
    out += k + ": " + Canonical(Value::FromGraph(v), sort_lists);
  }
  return out + "}";
}

std::string NodeText(const NodeValue& n, bool sort_lists) {
  if (!n.data) return "(?)";
  std::vector<std::string> labels = n.data->labels;
  std::sort(labels.begin(), labels.end());
  std::string out = "(";
  for (const auto& l : labels) out += ":" + l;
  out += Props(n.data->props, sort_lists) + ")";
  return out;
}

std::string RelText(const RelValue& r, bool sort_lists) {
  if (!r.data) return "[?]";
  return "[:" + r.data->type + Props(r.data->props, sort_lists) + "]";
}

}  // namespace

Result<Value> ParseTckValue(std::string_view text) { return TckParser(text).ParseAll(); }

std::string Canonical(const Value& v, bool sort_lists) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt:
      return std::to_string(v.as_int());
    case Value::Kind::kFloat:
      // The TCK compares floats by value: -0.0 equals 0.0.
      return query::FormatFloat(v.as_float() == 0.0 ? 0.0 : v.as_float());
    case Value::Kind::kString:
      return Quote(v.as_string());
    case Value::Kind::kList: {
      std::vector<std::string> items;
      for (const auto& e : v.as_list()) items.push_back(Canonical(e, sort_lists));
      if (sort_lists) std::sort(items.begin(), items.end());
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
      return out + "]";
    }
    case Value::Kind::kMap: {
      std::string out = "{";
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ", ";
        first = false;
        out += k + ": " + Canonical(e, sort_lists);
      }
      return out + "}";
    }
    case Value::Kind::kNode:
      return NodeText(v.as_node(), sort_lists);
    case Value::Kind::kRel:
      return RelText(v.as_rel(), sort_lists);
    case Value::Kind::kPath: {
      const PathValue& p = v.as_path();
      std::string out = "<";
      for (size_t i = 0; i < p.nodes.size(); ++i) {
        out += NodeText(p.nodes[i], sort_lists);
        if (i < p.rels.size()) {
          const RelValue& r = p.rels[i];
          bool forward = r.src == p.nodes[i].id && r.dst == p.nodes[i + 1].id;
          if (r.src == r.dst) forward = true;
          out +=
              forward ? "-" + RelText(r, sort_lists) + "->" : "<-" + RelText(r, sort_lists) + "-";
        }
      }
      return out + ">";
    }
  }
  return "?";
}

}  // namespace splot::tck
