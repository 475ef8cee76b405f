// Value: a property value stored on a node or an edge.
//
// A value is null, a bool, a 64-bit integer, a double, a UTF-8 string, a
// temporal value, or a list of values.  Lists may nest and may mix types; the
// store keeps them as given.  Maps, nodes and paths are query-time values and
// live in query/.
#ifndef SPLOT_GRAPH_VALUE_H_
#define SPLOT_GRAPH_VALUE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace splot::graph {

class Value {
 public:
  enum class Type : uint8_t {
    kNull = 0,
    kBool = 1,
    kInt = 2,
    kDouble = 3,
    kString = 4,
    kList = 5,
    kTemporal = 6
  };
  using List = std::vector<Value>;

  // A date, time, date-time or duration of the query language: its kind (a
  // small number query/ assigns and the store does not interpret) and its
  // ISO 8601 text, which is what exports show.
  struct Temporal {
    uint8_t kind = 0;
    std::string text;
    bool operator==(const Temporal& other) const = default;
  };

  Value() = default;
  Value(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  Value(bool b) : v_(b) {}  // NOLINT(google-explicit-constructor)
  template <typename I,
            typename = std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
  Value(I i) : v_(static_cast<int64_t>(i)) {}        // NOLINT(google-explicit-constructor)
  Value(double d) : v_(d) {}                         // NOLINT(google-explicit-constructor)
  Value(std::string s) : v_(std::move(s)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view s) : v_(std::string(s)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* s) : v_(std::string(s)) {}       // NOLINT(google-explicit-constructor)
  Value(List l) : v_(std::move(l)) {}                // NOLINT(google-explicit-constructor)
  explicit Value(Temporal t) : v_(std::move(t)) {}

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_string() const { return type() == Type::kString; }
  bool is_list() const { return type() == Type::kList; }
  bool is_temporal() const { return type() == Type::kTemporal; }

  // Each accessor requires the matching type.
  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const List& as_list() const { return std::get<List>(v_); }
  List& as_list() { return std::get<List>(v_); }
  const Temporal& as_temporal() const { return std::get<Temporal>(v_); }

  // Structural equality: same type and equal contents (1 != 1.0 here; query/
  // applies Cypher's numeric equality on top).
  bool operator==(const Value& other) const { return v_ == other.v_; }
  bool operator!=(const Value& other) const { return !(*this == other); }

  // Returns a readable rendering: strings quoted, lists in brackets.
  std::string DebugString() const;

  // Returns the lowercase type name used in messages and CSV headers:
  // "null", "boolean", "int", "double", "string", "list", "temporal".
  static const char* TypeName(Type type);

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, List, Temporal> v_;
};

// Properties are kept sorted by key so that every rendering is deterministic.
using Properties = std::map<std::string, Value>;

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_VALUE_H_
