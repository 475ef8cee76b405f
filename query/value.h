// Query-time values: everything a Cypher expression can evaluate to.
//
// Stored properties are graph::Value (null, boolean, integer, float, string,
// temporal, list); queries add maps, nodes, relationships and paths.  Nodes and
// relationships are references by id; their labels, type and properties are
// read through the transaction when an expression asks for them, and attached
// to the value (`data`) when a result row leaves the engine.
//
// Lists, maps and paths are immutable once built and shared, so copying a
// value is cheap.
#ifndef SPLOT_QUERY_VALUE_H_
#define SPLOT_QUERY_VALUE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "graph/types.h"
#include "graph/value.h"
#include "query/temporal.h"

namespace splot::query {

class Value;
class Collation;

struct NodeValue {
  graph::NodeId id = 0;
  // Labels and properties, attached to result rows; nullptr inside the engine.
  std::shared_ptr<const graph::Node> data;
};

struct RelValue {
  graph::EdgeId id = 0;
  graph::NodeId src = 0;
  graph::NodeId dst = 0;
  graph::TypeId type = 0;
  // Type name and properties, attached to result rows; nullptr inside the engine.
  std::shared_ptr<const graph::Edge> data;
};

// The relationship an adjacency entry stands for, in its stored direction.
inline RelValue RelOf(const graph::AdjEntry& e) {
  RelValue r;
  r.id = e.edge;
  r.type = e.type;
  r.src = e.outgoing ? e.node : e.neighbor;
  r.dst = e.outgoing ? e.neighbor : e.node;
  return r;
}

// nodes[0] -rels[0]- nodes[1] ... ; a path of length 0 has one node.
struct PathValue {
  std::vector<NodeValue> nodes;
  std::vector<RelValue> rels;
};

using ValueList = std::vector<Value>;
using ValueMap = std::map<std::string, Value>;

class Value {
 public:
  enum class Kind : uint8_t {
    kNull,
    kBool,
    kInt,
    kFloat,
    kString,
    kList,
    kMap,
    kNode,
    kRel,
    kPath,
    kTemporal
  };

  Value() = default;
  Value(std::nullptr_t) {}                      // NOLINT(google-explicit-constructor)
  Value(bool b) : v_(b) {}                      // NOLINT(google-explicit-constructor)
  Value(int64_t i) : v_(i) {}                   // NOLINT(google-explicit-constructor)
  Value(int i) : v_(int64_t{i}) {}              // NOLINT(google-explicit-constructor)
  Value(double d) : v_(d) {}                    // NOLINT(google-explicit-constructor)
  Value(std::string s) : v_(std::move(s)) {}    // NOLINT(google-explicit-constructor)
  Value(const char* s) : v_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(ValueList l)                            // NOLINT(google-explicit-constructor)
      : v_(std::make_shared<const ValueList>(std::move(l))) {}
  Value(ValueMap m)  // NOLINT(google-explicit-constructor)
      : v_(std::make_shared<const ValueMap>(std::move(m))) {}
  Value(NodeValue n) : v_(std::move(n)) {}  // NOLINT(google-explicit-constructor)
  Value(RelValue r) : v_(std::move(r)) {}   // NOLINT(google-explicit-constructor)
  Value(PathValue p)                        // NOLINT(google-explicit-constructor)
      : v_(std::make_shared<const PathValue>(std::move(p))) {}
  Value(Temporal t)  // NOLINT(google-explicit-constructor)
      : v_(std::make_shared<const Temporal>(std::move(t))) {}

  // Converts a stored property value.
  static Value FromGraph(const graph::Value& v);
  // Converts to a storable property value; false for maps, nodes,
  // relationships and paths (anywhere inside a list too).
  bool ToGraph(graph::Value* out) const;

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_float() const { return kind() == Kind::kFloat; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_list() const { return kind() == Kind::kList; }
  bool is_map() const { return kind() == Kind::kMap; }
  bool is_node() const { return kind() == Kind::kNode; }
  bool is_rel() const { return kind() == Kind::kRel; }
  bool is_path() const { return kind() == Kind::kPath; }
  bool is_temporal() const { return kind() == Kind::kTemporal; }

  // Each accessor requires the matching kind.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_float() const { return std::get<double>(v_); }
  // An integer or a float as a double.
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const ValueList& as_list() const { return *std::get<std::shared_ptr<const ValueList>>(v_); }
  const ValueMap& as_map() const { return *std::get<std::shared_ptr<const ValueMap>>(v_); }
  const NodeValue& as_node() const { return std::get<NodeValue>(v_); }
  NodeValue& as_node() { return std::get<NodeValue>(v_); }
  const RelValue& as_rel() const { return std::get<RelValue>(v_); }
  RelValue& as_rel() { return std::get<RelValue>(v_); }
  const PathValue& as_path() const { return *std::get<std::shared_ptr<const PathValue>>(v_); }
  const Temporal& as_temporal() const { return *std::get<std::shared_ptr<const Temporal>>(v_); }

  // The Cypher type name used in error messages: "Integer", "String", ...
  static const char* KindName(Kind kind);
  // The type name; temporal values give their own ("Date", "Duration", ...).
  const char* kind_name() const {
    return is_temporal() ? TemporalKindName(as_temporal().kind) : KindName(kind());
  }

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, std::shared_ptr<const ValueList>,
               std::shared_ptr<const ValueMap>, NodeValue, RelValue,
               std::shared_ptr<const PathValue>, std::shared_ptr<const Temporal>>
      v_;
};

// Three-valued Cypher truth: a boolean or null (unknown).
enum class Tri : uint8_t { kFalse, kTrue, kNull };
inline Value TriValue(Tri t) { return t == Tri::kNull ? Value() : Value(t == Tri::kTrue); }

// Cypher equality (`=`): null when either side is or contains an
// incomparable null, numbers compare by value across integer and float,
// lists and maps element-wise, nodes and relationships by id.
Tri CypherEquals(const Value& a, const Value& b);

// Cypher comparison (`<`, `>`, ...): the sign of a - b when the two are
// comparable (numbers, strings by `collation` or by code point when it is
// null, booleans, lists element-wise), nullopt otherwise (the result is null).
// NaN compares as unordered (nullopt... see the implementation).
struct CompareOutcome {
  bool comparable = false;
  int sign = 0;
};
CompareOutcome CypherCompare(const Value& a, const Value& b, const Collation* collation);

// Total order of ORDER BY over every value, ascending: maps, nodes,
// relationships, lists, paths, strings, booleans, numbers (NaN last), null.
int OrderCompare(const Value& a, const Value& b, const Collation* collation);

// Equivalence used by DISTINCT, grouping and IN-less deduplication: like
// equality, but null is equivalent to null and NaN to NaN.
bool Equivalent(const Value& a, const Value& b);
// A hash consistent with Equivalent (1 and 1.0 hash alike).
size_t EquivalenceHash(const Value& v);

struct ValueHash {
  size_t operator()(const Value& v) const { return EquivalenceHash(v); }
};
struct ValueEquivalent {
  bool operator()(const Value& a, const Value& b) const { return Equivalent(a, b); }
};
struct RowHash {
  size_t operator()(const std::vector<Value>& row) const;
};
struct RowEquivalent {
  bool operator()(const std::vector<Value>& a, const std::vector<Value>& b) const;
};

// Formats a float the way Cypher prints it: shortest round-trip digits,
// always with a decimal point or exponent ("1.0", "0.1", "1.0e20", "NaN").
std::string FormatFloat(double d);

// Renders a value as Cypher literal text: strings quoted with escapes, nodes
// as (:Label {k: v}) when their data is attached, otherwise (#id).
std::string ToCypherLiteral(const Value& v);

// Renders a value as toString() and result tables do: strings unquoted at the
// top level, everything else as ToCypherLiteral.
std::string ToDisplayString(const Value& v);

}  // namespace splot::query

#endif  // SPLOT_QUERY_VALUE_H_
