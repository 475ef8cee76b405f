#include "query/functions.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <unordered_set>

#include "base/fold.h"
#include "query/collation.h"
#include "query/context.h"
#include "query/errors.h"

namespace splot::query {

const char* STypeName(SType t) {
  switch (t) {
    case SType::kAny:
      return "Any";
    case SType::kNull:
      return "Null";
    case SType::kBool:
      return "Boolean";
    case SType::kInt:
      return "Integer";
    case SType::kFloat:
      return "Float";
    case SType::kNumber:
      return "Number";
    case SType::kString:
      return "String";
    case SType::kList:
      return "List";
    case SType::kMap:
      return "Map";
    case SType::kNode:
      return "Node";
    case SType::kRel:
      return "Relationship";
    case SType::kPath:
      return "Path";
  }
  return "Any";
}

namespace {

using Args = std::vector<Value>;

[[noreturn]] void BadArg(const char* fn, const Value& v, const char* expected) {
  ThrowRuntime("TypeError", "InvalidArgumentValue",
               std::string(fn) + "() expects " + expected + ", got a " + v.kind_name());
}

[[noreturn]] void BadArgType(const char* fn, const Value& v, const char* expected) {
  ThrowRuntime("TypeError", "InvalidArgumentType",
               std::string(fn) + "() expects " + expected + ", got a " + v.kind_name());
}

// ---- UTF-8 helpers ------------------------------------------------------

std::vector<std::string_view> CodePoints(const std::string& s) {
  std::vector<std::string_view> out;
  for (size_t i = 0; i < s.size();) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.emplace_back(s.data() + i, j - i);
    i = j;
  }
  return out;
}

std::string Join(const std::vector<std::string_view>& parts, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to && i < parts.size(); ++i) out.append(parts[i]);
  return out;
}

int64_t IntArg(const char* fn, const Value& v) {
  if (!v.is_int()) BadArgType(fn, v, "an integer");
  return v.as_int();
}

// ---- graph ----------------------------------------------------------------

Value FnId(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (a[0].is_node()) return Value(static_cast<int64_t>(a[0].as_node().id));
  if (a[0].is_rel()) return Value(static_cast<int64_t>(a[0].as_rel().id));
  BadArg("id", a[0], "a node or a relationship");
}

Value FnKey(ExecContext& ctx, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_node()) BadArg("key", a[0], "a node");
  const std::string& k = ctx.Node(a[0].as_node().id)->key;
  return k.empty() ? Value() : Value(k);
}

Value FnLabels(ExecContext& ctx, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_node()) BadArg("labels", a[0], "a node");
  ValueList out;
  for (const auto& l : ctx.Node(a[0].as_node().id)->labels) out.emplace_back(l);
  return Value(std::move(out));
}

Value FnType(ExecContext& ctx, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_rel()) BadArg("type", a[0], "a relationship");
  return Value(ctx.TypeName(a[0].as_rel().type));
}

Value PropsMap(ExecContext& ctx, const Value& v, const char* fn) {
  ValueMap out;
  if (v.is_node()) {
    for (const auto& [k, x] : ctx.Node(v.as_node().id)->props) out[k] = Value::FromGraph(x);
  } else if (v.is_rel()) {
    for (const auto& [k, x] : ctx.Edge(v.as_rel().id)->props) out[k] = Value::FromGraph(x);
  } else if (v.is_map()) {
    return v;
  } else {
    BadArgType(fn, v, "a node, relationship or map");
  }
  return Value(std::move(out));
}

Value FnProperties(ExecContext& ctx, const Args& a) {
  if (a[0].is_null()) return Value();
  return PropsMap(ctx, a[0], "properties");
}

Value FnKeys(ExecContext& ctx, const Args& a) {
  if (a[0].is_null()) return Value();
  Value m = PropsMap(ctx, a[0], "keys");
  ValueList out;
  for (const auto& [k, v] : m.as_map()) {
    (void)v;
    out.emplace_back(k);
  }
  return Value(std::move(out));
}

Value FnStartNode(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_rel()) BadArg("startNode", a[0], "a relationship");
  return Value(NodeValue{a[0].as_rel().src, nullptr});
}

Value FnEndNode(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_rel()) BadArg("endNode", a[0], "a relationship");
  return Value(NodeValue{a[0].as_rel().dst, nullptr});
}

Value FnNodes(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_path()) BadArg("nodes", a[0], "a path");
  ValueList out;
  for (const auto& n : a[0].as_path().nodes) out.emplace_back(n);
  return Value(std::move(out));
}

Value FnRelationships(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_path()) BadArg("relationships", a[0], "a path");
  ValueList out;
  for (const auto& r : a[0].as_path().rels) out.emplace_back(r);
  return Value(std::move(out));
}

Value FnLength(ExecContext&, const Args& a) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (v.is_path()) return Value(static_cast<int64_t>(v.as_path().rels.size()));
  if (v.is_string()) return Value(static_cast<int64_t>(CodePoints(v.as_string()).size()));
  if (v.is_list()) return Value(static_cast<int64_t>(v.as_list().size()));
  BadArgType("length", v, "a path");
}

Value FnExists(ExecContext&, const Args& a) { return Value(!a[0].is_null()); }

// ---- general ---------------------------------------------------------------

Value FnSize(ExecContext&, const Args& a) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (v.is_list()) return Value(static_cast<int64_t>(v.as_list().size()));
  if (v.is_string()) return Value(static_cast<int64_t>(CodePoints(v.as_string()).size()));
  if (v.is_map()) return Value(static_cast<int64_t>(v.as_map().size()));
  BadArgType("size", v, "a list or a string");
}

Value FnCoalesce(ExecContext&, const Args& a) {
  for (const auto& v : a) {
    if (!v.is_null()) return v;
  }
  return Value();
}

Value FnHead(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_list()) BadArg("head", a[0], "a list");
  return a[0].as_list().empty() ? Value() : a[0].as_list().front();
}

Value FnLast(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_list()) BadArg("last", a[0], "a list");
  return a[0].as_list().empty() ? Value() : a[0].as_list().back();
}

Value FnTail(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (!a[0].is_list()) BadArg("tail", a[0], "a list");
  const auto& l = a[0].as_list();
  return Value(l.empty() ? ValueList() : ValueList(l.begin() + 1, l.end()));
}

Value FnRange(ExecContext& ctx, const Args& a) {
  for (const auto& v : a) {
    if (!v.is_int()) {
      ThrowRuntime("ArgumentError", "InvalidArgumentType",
                   std::string("range() expects integers, got a ") + v.kind_name());
    }
  }
  int64_t start = a[0].as_int(), end = a[1].as_int(), step = a.size() > 2 ? a[2].as_int() : 1;
  if (step == 0) ThrowRuntime("ArgumentError", "NumberOutOfRange", "range() step must not be 0");
  // The length is known up front: charge it before allocating, so that a
  // huge range fails at once instead of after gigabytes of growth.
  const __int128 span =
      step > 0 ? static_cast<__int128>(end) - start : static_cast<__int128>(start) - end;
  const __int128 count = span < 0 ? 0 : span / (step > 0 ? step : -static_cast<__int128>(step)) + 1;
  const __int128 bytes = count * static_cast<__int128>(sizeof(Value));
  ctx.Charge(static_cast<int64_t>(std::min<__int128>(bytes, std::numeric_limits<int64_t>::max())));
  ValueList out;
  out.reserve(static_cast<size_t>(count));
  for (__int128 k = 0; k < count; ++k) {
    ctx.Tick();
    out.emplace_back(static_cast<int64_t>(start + k * step));
  }
  return Value(std::move(out));
}

Value FnReverse(ExecContext&, const Args& a) {
  const Value& v = a[0];
  if (v.is_null()) return Value();
  if (v.is_list()) {
    ValueList l = v.as_list();
    std::reverse(l.begin(), l.end());
    return Value(std::move(l));
  }
  if (v.is_string()) {
    auto cps = CodePoints(v.as_string());
    std::reverse(cps.begin(), cps.end());
    return Value(Join(cps, 0, cps.size()));
  }
  BadArg("reverse", v, "a string or a list");
}

Value FnRand(ExecContext&, const Args&) {
  thread_local std::mt19937_64 gen{std::random_device{}()};
  return Value(std::uniform_real_distribution<double>(0.0, 1.0)(gen));
}

Value FnTimestamp(ExecContext&, const Args&) {
  return Value(static_cast<int64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count()));
}

// ---- conversion -------------------------------------------------------------

std::string Trimmed(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

std::optional<double> ParseDouble(const std::string& text) {
  std::string s = Trimmed(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  // strtod accepts "inf", "nan" and hex; Cypher's toFloat does too for the
  // former, which is harmless.
  return d;
}

Value FnToString(ExecContext&, const Args& a) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Value::Kind::kNull:
      return Value();
    case Value::Kind::kString:
      return v;
    case Value::Kind::kInt:
      return Value(std::to_string(v.as_int()));
    case Value::Kind::kFloat:
      return Value(FormatFloat(v.as_float()));
    case Value::Kind::kBool:
      return Value(v.as_bool() ? "true" : "false");
    case Value::Kind::kTemporal:
      return Value(TemporalToString(v.as_temporal()));
    default:
      BadArg("toString", v, "a string, number, boolean or temporal value");
  }
}

Value FnToInteger(ExecContext&, const Args& a) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Value::Kind::kNull:
      return Value();
    case Value::Kind::kInt:
      return v;
    case Value::Kind::kFloat: {
      double d = v.as_float();
      if (std::isnan(d) || d >= 9.223372036854775807e18 || d < -9.223372036854775808e18) {
        return Value();
      }
      return Value(static_cast<int64_t>(std::trunc(d)));
    }
    case Value::Kind::kBool:
      return Value(int64_t{v.as_bool() ? 1 : 0});
    case Value::Kind::kString: {
      std::string s = Trimmed(v.as_string());
      int64_t i = 0;
      auto r = std::from_chars(s.data(), s.data() + s.size(), i);
      if (r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty()) return Value(i);
      auto d = ParseDouble(s);
      if (!d || std::isnan(*d) || *d >= 9.223372036854775807e18 || *d < -9.223372036854775808e18) {
        return Value();
      }
      return Value(static_cast<int64_t>(std::trunc(*d)));
    }
    default:
      BadArg("toInteger", v, "a string, number or boolean");
  }
}

Value FnToFloat(ExecContext&, const Args& a) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Value::Kind::kNull:
      return Value();
    case Value::Kind::kFloat:
      return v;
    case Value::Kind::kInt:
      return Value(static_cast<double>(v.as_int()));
    case Value::Kind::kString: {
      auto d = ParseDouble(v.as_string());
      return d ? Value(*d) : Value();
    }
    default:
      BadArg("toFloat", v, "a string or a number");
  }
}

Value FnToBoolean(ExecContext&, const Args& a) {
  const Value& v = a[0];
  switch (v.kind()) {
    case Value::Kind::kNull:
      return Value();
    case Value::Kind::kBool:
      return v;
    case Value::Kind::kInt:
      return Value(v.as_int() != 0);
    case Value::Kind::kString: {
      std::string s = Trimmed(v.as_string());
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (s == "true") return Value(true);
      if (s == "false") return Value(false);
      return Value();
    }
    default:
      BadArg("toBoolean", v, "a string, integer or boolean");
  }
}

// ---- strings --------------------------------------------------------------

const std::string& StrArg(const char* fn, const Value& v) {
  if (!v.is_string()) BadArgType(fn, v, "a string");
  return v.as_string();
}

Value FnToLower(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  std::string out;
  icu::UnicodeString::fromUTF8(StrArg("toLower", a[0]))
      .toLower(icu::Locale::getRoot())
      .toUTF8String(out);
  return Value(out);
}

Value FnToUpper(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  std::string out;
  icu::UnicodeString::fromUTF8(StrArg("toUpper", a[0]))
      .toUpper(icu::Locale::getRoot())
      .toUTF8String(out);
  return Value(out);
}

Value TrimImpl(const Args& a, const char* fn, bool left, bool right) {
  if (a[0].is_null()) return Value();
  const std::string& s = StrArg(fn, a[0]);
  size_t b = 0, e = s.size();
  if (left) {
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  }
  if (right) {
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  }
  return Value(s.substr(b, e - b));
}

Value FnTrim(ExecContext&, const Args& a) { return TrimImpl(a, "trim", true, true); }
Value FnLTrim(ExecContext&, const Args& a) { return TrimImpl(a, "ltrim", true, false); }
Value FnRTrim(ExecContext&, const Args& a) { return TrimImpl(a, "rtrim", false, true); }

Value FnSubstring(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  auto cps = CodePoints(StrArg("substring", a[0]));
  if (a[1].is_null()) return Value();
  int64_t start = IntArg("substring", a[1]);
  if (start < 0)
    ThrowRuntime("ArgumentError", "NumberOutOfRange", "substring() start must be >= 0");
  auto n = static_cast<int64_t>(cps.size());
  int64_t len = n;
  if (a.size() > 2) {
    if (a[2].is_null()) return Value();
    len = IntArg("substring", a[2]);
    if (len < 0)
      ThrowRuntime("ArgumentError", "NumberOutOfRange", "substring() length must be >= 0");
  }
  if (start >= n) return Value(std::string());
  int64_t end = len > n - start ? n : start + len;
  return Value(Join(cps, static_cast<size_t>(start), static_cast<size_t>(end)));
}

Value FnLeft(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  auto cps = CodePoints(StrArg("left", a[0]));
  if (a[1].is_null()) ThrowRuntime("ArgumentError", "NumberOutOfRange", "left() length is null");
  int64_t n = IntArg("left", a[1]);
  if (n < 0) ThrowRuntime("ArgumentError", "NumberOutOfRange", "left() length must be >= 0");
  return Value(
      Join(cps, 0, static_cast<size_t>(std::min<int64_t>(n, static_cast<int64_t>(cps.size())))));
}

Value FnRight(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  auto cps = CodePoints(StrArg("right", a[0]));
  if (a[1].is_null()) ThrowRuntime("ArgumentError", "NumberOutOfRange", "right() length is null");
  int64_t n = IntArg("right", a[1]);
  if (n < 0) ThrowRuntime("ArgumentError", "NumberOutOfRange", "right() length must be >= 0");
  size_t k = static_cast<size_t>(std::min<int64_t>(n, static_cast<int64_t>(cps.size())));
  return Value(Join(cps, cps.size() - k, cps.size()));
}

Value FnSplit(ExecContext&, const Args& a) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  const std::string& s = StrArg("split", a[0]);
  const std::string& d = StrArg("split", a[1]);
  ValueList out;
  if (d.empty()) {
    for (auto cp : CodePoints(s)) out.emplace_back(std::string(cp));
    return Value(std::move(out));
  }
  size_t start = 0;
  while (true) {
    size_t pos = s.find(d, start);
    if (pos == std::string::npos) {
      out.emplace_back(s.substr(start));
      break;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + d.size();
  }
  return Value(std::move(out));
}

Value FnReplace(ExecContext&, const Args& a) {
  if (a[0].is_null() || a[1].is_null() || a[2].is_null()) return Value();
  const std::string& s = StrArg("replace", a[0]);
  const std::string& from = StrArg("replace", a[1]);
  const std::string& to = StrArg("replace", a[2]);
  if (from.empty()) {
    std::string out = to;
    for (auto cp : CodePoints(s)) {
      out.append(cp);
      out += to;
    }
    return Value(out);
  }
  std::string out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(from, start);
    if (pos == std::string::npos) {
      out.append(s, start, std::string::npos);
      break;
    }
    out.append(s, start, pos - start);
    out += to;
    start = pos + from.size();
  }
  return Value(out);
}

// ---- maths ----------------------------------------------------------------

double NumArg(const char* fn, const Value& v) {
  if (!v.is_number()) BadArgType(fn, v, "a number");
  return v.as_number();
}

Value FnAbs(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  if (a[0].is_int()) {
    int64_t i = a[0].as_int();
    if (i == std::numeric_limits<int64_t>::min()) {
      ThrowRuntime("ArithmeticError", "IntegerOverflow", "abs() of the smallest integer overflows");
    }
    return Value(i < 0 ? -i : i);
  }
  return Value(std::fabs(NumArg("abs", a[0])));
}

Value FnSign(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  double d = NumArg("sign", a[0]);
  return Value(int64_t{d > 0 ? 1 : (d < 0 ? -1 : 0)});
}

Value FnRound(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  double d = NumArg("round", a[0]);
  if (a.size() > 1) {
    if (a[1].is_null()) return Value();
    int64_t digits = IntArg("round", a[1]);
    double scale = std::pow(10.0, static_cast<double>(digits));
    return Value(std::floor(d * scale + 0.5) / scale);
  }
  return Value(std::floor(d + 0.5));
}

template <double (*F)(double)>
Value MathFn(ExecContext&, const Args& a) {
  if (a[0].is_null()) return Value();
  return Value(F(NumArg("math", a[0])));
}

double Floor(double d) { return std::floor(d); }
double Ceil(double d) { return std::ceil(d); }
double Sqrt(double d) { return std::sqrt(d); }
double Exp(double d) { return std::exp(d); }
double Log(double d) { return std::log(d); }
double Log10(double d) { return std::log10(d); }
double Sin(double d) { return std::sin(d); }
double Cos(double d) { return std::cos(d); }
double Tan(double d) { return std::tan(d); }
double Asin(double d) { return std::asin(d); }
double Acos(double d) { return std::acos(d); }
double Atan(double d) { return std::atan(d); }
double Degrees(double d) { return d * 180.0 / M_PI; }
double Radians(double d) { return d * M_PI / 180.0; }

Value FnAtan2(ExecContext&, const Args& a) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  return Value(std::atan2(NumArg("atan2", a[0]), NumArg("atan2", a[1])));
}
Value FnPi(ExecContext&, const Args&) { return Value(M_PI); }
Value FnE(ExecContext&, const Args&) { return Value(M_E); }

const FunctionDef kFunctions[] = {
    // graph
    {"id", 1, 1, AggKind::kNone, FnId, SType::kInt, true},
    {"key", 1, 1, AggKind::kNone, FnKey, SType::kString, true},
    {"labels", 1, 1, AggKind::kNone, FnLabels, SType::kList, true},
    {"type", 1, 1, AggKind::kNone, FnType, SType::kString, true},
    {"properties", 1, 1, AggKind::kNone, FnProperties, SType::kMap, true},
    {"keys", 1, 1, AggKind::kNone, FnKeys, SType::kList, true},
    {"startNode", 1, 1, AggKind::kNone, FnStartNode, SType::kNode, true},
    {"endNode", 1, 1, AggKind::kNone, FnEndNode, SType::kNode, true},
    {"nodes", 1, 1, AggKind::kNone, FnNodes, SType::kList, true},
    {"relationships", 1, 1, AggKind::kNone, FnRelationships, SType::kList, true},
    {"length", 1, 1, AggKind::kNone, FnLength, SType::kInt, true},
    {"exists", 1, 1, AggKind::kNone, FnExists, SType::kBool, true},
    // general
    {"size", 1, 1, AggKind::kNone, FnSize, SType::kInt, true},
    {"coalesce", 1, -1, AggKind::kNone, FnCoalesce, SType::kAny, true},
    {"head", 1, 1, AggKind::kNone, FnHead, SType::kAny, true},
    {"last", 1, 1, AggKind::kNone, FnLast, SType::kAny, true},
    {"tail", 1, 1, AggKind::kNone, FnTail, SType::kList, true},
    {"range", 2, 3, AggKind::kNone, FnRange, SType::kList, true},
    {"reverse", 1, 1, AggKind::kNone, FnReverse, SType::kAny, true},
    {"rand", 0, 0, AggKind::kNone, FnRand, SType::kFloat, false},
    {"timestamp", 0, 0, AggKind::kNone, FnTimestamp, SType::kInt, false},
    // conversion
    {"toString", 1, 1, AggKind::kNone, FnToString, SType::kString, true},
    {"toInteger", 1, 1, AggKind::kNone, FnToInteger, SType::kInt, true},
    {"toFloat", 1, 1, AggKind::kNone, FnToFloat, SType::kFloat, true},
    {"toBoolean", 1, 1, AggKind::kNone, FnToBoolean, SType::kBool, true},
    // strings
    {"toLower", 1, 1, AggKind::kNone, FnToLower, SType::kString, true},
    {"toUpper", 1, 1, AggKind::kNone, FnToUpper, SType::kString, true},
    {"lower", 1, 1, AggKind::kNone, FnToLower, SType::kString, true},
    {"upper", 1, 1, AggKind::kNone, FnToUpper, SType::kString, true},
    {"trim", 1, 1, AggKind::kNone, FnTrim, SType::kString, true},
    {"ltrim", 1, 1, AggKind::kNone, FnLTrim, SType::kString, true},
    {"rtrim", 1, 1, AggKind::kNone, FnRTrim, SType::kString, true},
    {"substring", 2, 3, AggKind::kNone, FnSubstring, SType::kString, true},
    {"left", 2, 2, AggKind::kNone, FnLeft, SType::kString, true},
    {"right", 2, 2, AggKind::kNone, FnRight, SType::kString, true},
    {"split", 2, 2, AggKind::kNone, FnSplit, SType::kList, true},
    {"replace", 3, 3, AggKind::kNone, FnReplace, SType::kString, true},
    // maths
    {"abs", 1, 1, AggKind::kNone, FnAbs, SType::kAny, true},
    {"sign", 1, 1, AggKind::kNone, FnSign, SType::kInt, true},
    {"round", 1, 2, AggKind::kNone, FnRound, SType::kFloat, true},
    {"floor", 1, 1, AggKind::kNone, MathFn<Floor>, SType::kFloat, true},
    {"ceil", 1, 1, AggKind::kNone, MathFn<Ceil>, SType::kFloat, true},
    {"sqrt", 1, 1, AggKind::kNone, MathFn<Sqrt>, SType::kFloat, true},
    {"exp", 1, 1, AggKind::kNone, MathFn<Exp>, SType::kFloat, true},
    {"log", 1, 1, AggKind::kNone, MathFn<Log>, SType::kFloat, true},
    {"log10", 1, 1, AggKind::kNone, MathFn<Log10>, SType::kFloat, true},
    {"sin", 1, 1, AggKind::kNone, MathFn<Sin>, SType::kFloat, true},
    {"cos", 1, 1, AggKind::kNone, MathFn<Cos>, SType::kFloat, true},
    {"tan", 1, 1, AggKind::kNone, MathFn<Tan>, SType::kFloat, true},
    {"asin", 1, 1, AggKind::kNone, MathFn<Asin>, SType::kFloat, true},
    {"acos", 1, 1, AggKind::kNone, MathFn<Acos>, SType::kFloat, true},
    {"atan", 1, 1, AggKind::kNone, MathFn<Atan>, SType::kFloat, true},
    {"degrees", 1, 1, AggKind::kNone, MathFn<Degrees>, SType::kFloat, true},
    {"radians", 1, 1, AggKind::kNone, MathFn<Radians>, SType::kFloat, true},
    {"atan2", 2, 2, AggKind::kNone, FnAtan2, SType::kFloat, true},
    {"pi", 0, 0, AggKind::kNone, FnPi, SType::kFloat, true},
    {"e", 0, 0, AggKind::kNone, FnE, SType::kFloat, true},
    // aggregates
    {"count", 1, 1, AggKind::kCount, nullptr, SType::kInt, true},
    {"sum", 1, 1, AggKind::kSum, nullptr, SType::kAny, true},
    {"avg", 1, 1, AggKind::kAvg, nullptr, SType::kAny, true},
    {"min", 1, 1, AggKind::kMin, nullptr, SType::kAny, true},
    {"max", 1, 1, AggKind::kMax, nullptr, SType::kAny, true},
    {"collect", 1, 1, AggKind::kCollect, nullptr, SType::kList, true},
    {"stDev", 1, 1, AggKind::kStDev, nullptr, SType::kFloat, true},
    {"stDevP", 1, 1, AggKind::kStDevP, nullptr, SType::kFloat, true},
    {"percentileDisc", 2, 2, AggKind::kPercentileDisc, nullptr, SType::kAny, true},
    {"percentileCont", 2, 2, AggKind::kPercentileCont, nullptr, SType::kFloat, true},
};

// ---- aggregators -------------------------------------------------------------

class CountAgg : public Aggregator {
 public:
  void Add(const std::vector<Value>& args) override {
    if (args.empty() || !args[0].is_null()) ++n_;
  }
  Value Result() override { return Value(n_); }

 private:
  int64_t n_ = 0;
};

class SumAgg : public Aggregator {
 public:
  void Add(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (v.is_null()) return;
    if (!v.is_number()) {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   std::string("sum() expects numbers, got a ") + v.kind_name());
    }
    if (v.is_int() && !is_float_) {
      if (__builtin_add_overflow(isum_, v.as_int(), &isum_)) {
        ThrowRuntime("ArithmeticError", "IntegerOverflow", "integer overflow in sum()");
      }
    } else {
      if (!is_float_) {
        fsum_ = static_cast<double>(isum_);
        is_float_ = true;
      }
      fsum_ += v.as_number();
    }
  }
  Value Result() override { return is_float_ ? Value(fsum_) : Value(isum_); }

 private:
  bool is_float_ = false;
  int64_t isum_ = 0;
  double fsum_ = 0;
};

class AvgAgg : public Aggregator {
 public:
  void Add(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (v.is_null()) return;
    if (!v.is_number()) {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   std::string("avg() expects numbers, got a ") + v.kind_name());
    }
    ++n_;
    // Running mean: stable for large sums.
    mean_ += (v.as_number() - mean_) / static_cast<double>(n_);
  }
  Value Result() override { return n_ ? Value(mean_) : Value(); }

 private:
  int64_t n_ = 0;
  double mean_ = 0;
};

class MinMaxAgg : public Aggregator {
 public:
  MinMaxAgg(bool max, const Collation* c) : max_(max), collation_(c) {}
  void Add(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (v.is_null()) return;
    if (best_.is_null()) {
      best_ = v;
      return;
    }
    int c = OrderCompare(v, best_, collation_);
    if (max_ ? c > 0 : c < 0) best_ = v;
  }
  Value Result() override { return best_; }

 private:
  bool max_;
  const Collation* collation_;
  Value best_;
};

class CollectAgg : public Aggregator {
 public:
  void Add(const std::vector<Value>& args) override {
    if (args[0].is_null()) return;
    bytes_ += ValueBytes(args[0]);
    items_.push_back(args[0]);
  }
  Value Result() override { return Value(items_); }
  size_t MemoryBytes() const override { return bytes_ + 64; }

 private:
  ValueList items_;
  size_t bytes_ = 0;
};

class StDevAgg : public Aggregator {
 public:
  explicit StDevAgg(bool population) : population_(population) {}
  void Add(const std::vector<Value>& args) override {
    const Value& v = args[0];
    if (v.is_null()) return;
    if (!v.is_number()) {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   std::string("stDev() expects numbers, got a ") + v.kind_name());
    }
    // Welford's algorithm.
    ++n_;
    double x = v.as_number();
    double d = x - mean_;
    mean_ += d / static_cast<double>(n_);
    m2_ += d * (x - mean_);
  }
  Value Result() override {
    if (n_ == 0 || (!population_ && n_ < 2)) return Value(0.0);
    return Value(std::sqrt(m2_ / static_cast<double>(population_ ? n_ : n_ - 1)));
  }

 private:
  bool population_;
  int64_t n_ = 0;
  double mean_ = 0, m2_ = 0;
};

class PercentileAgg : public Aggregator {
 public:
  explicit PercentileAgg(bool continuous) : continuous_(continuous) {}
  void Add(const std::vector<Value>& args) override {
    const Value& p = args[1];
    if (!p.is_null()) {
      if (!p.is_number()) {
        ThrowRuntime("TypeError", "InvalidArgumentType", "the percentile must be a number");
      }
      double x = p.as_number();
      if (x < 0 || x > 1 || std::isnan(x)) {
        ThrowRuntime("ArgumentError", "NumberOutOfRange",
                     "the percentile must be between 0.0 and 1.0, got " + FormatFloat(x));
      }
      percentile_ = x;
    }
    const Value& v = args[0];
    if (v.is_null()) return;
    if (!v.is_number()) {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   std::string("percentiles need numbers, got a ") + v.kind_name());
    }
    values_.push_back(v);
  }
  Value Result() override {
    if (values_.empty()) return Value();
    std::sort(values_.begin(), values_.end(),
              [](const Value& a, const Value& b) { return a.as_number() < b.as_number(); });
    auto n = static_cast<double>(values_.size());
    if (continuous_) {
      double pos = percentile_ * (n - 1);
      auto lo = static_cast<size_t>(std::floor(pos));
      auto hi = static_cast<size_t>(std::ceil(pos));
      double frac = pos - static_cast<double>(lo);
      double a = values_[lo].as_number(), b = values_[hi].as_number();
      return Value(a + (b - a) * frac);
    }
    size_t idx = percentile_ == 0 ? 0 : static_cast<size_t>(std::ceil(percentile_ * n)) - 1;
    return values_[std::min(idx, values_.size() - 1)];
  }
  size_t MemoryBytes() const override { return values_.size() * sizeof(Value) + 64; }

 private:
  bool continuous_;
  double percentile_ = 0.5;
  std::vector<Value> values_;
};

class DistinctAgg : public Aggregator {
 public:
  explicit DistinctAgg(std::unique_ptr<Aggregator> inner) : inner_(std::move(inner)) {}
  void Add(const std::vector<Value>& args) override {
    if (args.empty() || args[0].is_null()) {
      inner_->Add(args);
      return;
    }
    if (!seen_.insert(args[0]).second) return;
    bytes_ += ValueBytes(args[0]) + 32;
    inner_->Add(args);
  }
  Value Result() override { return inner_->Result(); }
  size_t MemoryBytes() const override { return bytes_ + inner_->MemoryBytes(); }

 private:
  std::unique_ptr<Aggregator> inner_;
  std::unordered_set<Value, ValueHash, ValueEquivalent> seen_;
  size_t bytes_ = 0;
};

}  // namespace

const FunctionDef* FindFunction(std::string_view name) {
  for (const auto& f : kFunctions) {
    if (EqualsAsciiIgnoreCase(f.name, name)) return &f;
  }
  return FindTemporalFunction(name);
}

std::unique_ptr<Aggregator> MakeAggregator(AggKind kind, bool distinct,
                                           const Collation* collation) {
  std::unique_ptr<Aggregator> a;
  switch (kind) {
    case AggKind::kCount:
      a = std::make_unique<CountAgg>();
      break;
    case AggKind::kSum:
      a = std::make_unique<SumAgg>();
      break;
    case AggKind::kAvg:
      a = std::make_unique<AvgAgg>();
      break;
    case AggKind::kMin:
      a = std::make_unique<MinMaxAgg>(false, collation);
      break;
    case AggKind::kMax:
      a = std::make_unique<MinMaxAgg>(true, collation);
      break;
    case AggKind::kCollect:
      a = std::make_unique<CollectAgg>();
      break;
    case AggKind::kStDev:
      a = std::make_unique<StDevAgg>(false);
      break;
    case AggKind::kStDevP:
      a = std::make_unique<StDevAgg>(true);
      break;
    case AggKind::kPercentileDisc:
      a = std::make_unique<PercentileAgg>(false);
      break;
    case AggKind::kPercentileCont:
      a = std::make_unique<PercentileAgg>(true);
      break;
    case AggKind::kNone:
      return nullptr;
  }
  if (distinct) a = std::make_unique<DistinctAgg>(std::move(a));
  return a;
}

}  // namespace splot::query
