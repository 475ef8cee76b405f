#include "query/eval.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <cmath>
#include <limits>

#include "query/collation.h"
#include "query/functions.h"

namespace splot::query {

namespace {

[[noreturn]] void TypeError(const std::string& message) {
  ThrowRuntime("TypeError", "InvalidArgumentType", message);
}

Tri ToTri(const Value& v, const char* what) {
  if (v.is_null()) return Tri::kNull;
  if (v.is_bool()) return v.as_bool() ? Tri::kTrue : Tri::kFalse;
  TypeError(std::string(what) + " expects a boolean, got a " + v.kind_name());
}

Tri Not(Tri t) {
  return t == Tri::kNull ? Tri::kNull : (t == Tri::kTrue ? Tri::kFalse : Tri::kTrue);
}

[[noreturn]] void Overflow(const char* op) {
  ThrowRuntime("ArithmeticError", "IntegerOverflow",
               std::string("integer overflow in ") + op + " (use floats for larger numbers)");
}

int64_t ToIndex(const Value& v, const char* what) {
  if (!v.is_int()) {
    TypeError(std::string(what) + " must be an integer, got a " + v.kind_name());
  }
  return v.as_int();
}

Value Slice(const ValueList& list, const Value& from, const Value& to) {
  auto n = static_cast<int64_t>(list.size());
  int64_t a = 0, b = n;
  if (!from.is_null()) {
    a = ToIndex(from, "a slice bound");
    if (a < 0) a += n;
  }
  if (!to.is_null()) {
    b = ToIndex(to, "a slice bound");
    if (b < 0) b += n;
  }
  a = std::clamp<int64_t>(a, 0, n);
  b = std::clamp<int64_t>(b, 0, n);
  ValueList out;
  for (int64_t i = a; i < b; ++i) out.push_back(list[static_cast<size_t>(i)]);
  return Value(std::move(out));
}

Value InList(const Value& x, const Value& list) {
  if (list.is_null()) return Value();
  if (!list.is_list()) TypeError(std::string("IN expects a list, got a ") + list.kind_name());
  bool saw_null = false;
  for (const auto& e : list.as_list()) {
    Tri t = CypherEquals(x, e);
    if (t == Tri::kTrue) return Value(true);
    if (t == Tri::kNull) saw_null = true;
  }
  return saw_null ? Value() : Value(false);
}

bool RegexMatch(ExecContext& ctx, const std::string& text, const std::string& pattern) {
  const icu::RegexPattern& re = ctx.Regex(pattern);
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString input = icu::UnicodeString::fromUTF8(text);
  std::unique_ptr<icu::RegexMatcher> m(re.matcher(input, status));
  if (U_FAILURE(status)) return false;
  bool r = m->matches(status);
  return U_SUCCESS(status) && r;
}

Value EvalCompare(CompareOp op, const Value& a, const Value& b, ExecContext& ctx) {
  if (op == CompareOp::kEq) return TriValue(CypherEquals(a, b));
  if (op == CompareOp::kNe) return TriValue(Not(CypherEquals(a, b)));
  CompareOutcome c = CypherCompare(a, b, ctx.collation());
  if (!c.comparable) return Value();
  if (c.sign == 2) return Value(false);  // NaN
  switch (op) {
    case CompareOp::kLt:
      return Value(c.sign < 0);
    case CompareOp::kGt:
      return Value(c.sign > 0);
    case CompareOp::kLe:
      return Value(c.sign <= 0);
    case CompareOp::kGe:
      return Value(c.sign >= 0);
    default:
      return Value();
  }
}

}  // namespace

Value Arithmetic(ArithOp op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value();
  if (op == ArithOp::kAdd) {
    if (a.is_list() || b.is_list()) {
      ValueList out;
      if (a.is_list()) {
        out = a.as_list();
      } else {
        out.push_back(a);
      }
      if (b.is_list()) {
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
      } else {
        out.push_back(b);
      }
      return Value(std::move(out));
    }
    if (a.is_string() || b.is_string()) {
      auto text = [](const Value& v) -> std::string {
        if (v.is_string()) return v.as_string();
        if (v.is_int()) return std::to_string(v.as_int());
        if (v.is_float()) return FormatFloat(v.as_float());
        if (v.is_bool()) return v.as_bool() ? "true" : "false";
        TypeError(std::string("cannot add a ") + v.kind_name() + " to a string");
      };
      return Value(text(a) + text(b));
    }
  }
  if (!a.is_number() || !b.is_number()) {
    static const char* kNames[] = {"+", "-", "*", "/", "%", "^"};
    TypeError(std::string("cannot apply ") + kNames[static_cast<int>(op)] + " to a " +
              a.kind_name() + " and a " + b.kind_name());
  }
  if (a.is_int() && b.is_int() && op != ArithOp::kPow) {
    int64_t x = a.as_int(), y = b.as_int(), r = 0;
    switch (op) {
      case ArithOp::kAdd:
        if (__builtin_add_overflow(x, y, &r)) Overflow("addition");
        return Value(r);
      case ArithOp::kSub:
        if (__builtin_sub_overflow(x, y, &r)) Overflow("subtraction");
        return Value(r);
      case ArithOp::kMul:
        if (__builtin_mul_overflow(x, y, &r)) Overflow("multiplication");
        return Value(r);
      case ArithOp::kDiv:
        if (y == 0) ThrowRuntime("ArithmeticError", "DivisionByZero", "division by zero");
        if (x == std::numeric_limits<int64_t>::min() && y == -1) Overflow("division");
        return Value(x / y);
      case ArithOp::kMod:
        if (y == 0) ThrowRuntime("ArithmeticError", "DivisionByZero", "modulo by zero");
        if (y == -1) return Value(int64_t{0});
        return Value(x % y);
      default:
        break;
    }
  }
  double x = a.as_number(), y = b.as_number();
  switch (op) {
    case ArithOp::kAdd:
      return Value(x + y);
    case ArithOp::kSub:
      return Value(x - y);
    case ArithOp::kMul:
      return Value(x * y);
    case ArithOp::kDiv:
      return Value(x / y);
    case ArithOp::kMod:
      return Value(std::fmod(x, y));
    case ArithOp::kPow:
      return Value(std::pow(x, y));
  }
  return Value();
}

Value PropertyOf(const Value& base, const std::string& key, ExecContext& ctx) {
  switch (base.kind()) {
    case Value::Kind::kNull:
      return Value();
    case Value::Kind::kNode: {
      auto node = ctx.Node(base.as_node().id);
      const graph::Value* v = node->Get(key);
      return v ? Value::FromGraph(*v) : Value();
    }
    case Value::Kind::kRel: {
      auto edge = ctx.Edge(base.as_rel().id);
      const graph::Value* v = edge->Get(key);
      return v ? Value::FromGraph(*v) : Value();
    }
    case Value::Kind::kMap: {
      const auto& m = base.as_map();
      auto it = m.find(key);
      return it == m.end() ? Value() : it->second;
    }
    default:
      TypeError("cannot read property `" + key + "` of a " + base.kind_name() +
                "; properties belong to nodes, relationships and maps");
  }
}

Tri EvalPredicate(const Expr& e, Row& row, ExecContext& ctx) {
  return ToTri(Eval(e, row, ctx), "a predicate");
}

Value Eval(const Expr& e, Row& row, ExecContext& ctx) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      return e.literal;
    case ExprKind::kParameter: {
      auto it = ctx.params().find(e.name);
      if (it == ctx.params().end()) {
        ThrowRuntime("ParameterMissing", "MissingParameter", "no value for parameter $" + e.name);
      }
      return it->second;
    }
    case ExprKind::kVariable:
      return row[static_cast<size_t>(e.slot)];
    case ExprKind::kProperty:
      return PropertyOf(Eval(*e.args[0], row, ctx), e.name, ctx);
    case ExprKind::kIndex: {
      Value base = Eval(*e.args[0], row, ctx);
      Value idx = Eval(*e.args[1], row, ctx);
      if (base.is_null()) return Value();
      if (base.is_list()) {
        if (idx.is_null()) return Value();
        int64_t i = ToIndex(idx, "a list index");
        auto n = static_cast<int64_t>(base.as_list().size());
        if (i < 0) i += n;
        if (i < 0 || i >= n) return Value();
        return base.as_list()[static_cast<size_t>(i)];
      }
      if (base.is_map() || base.is_node() || base.is_rel()) {
        if (idx.is_null()) return Value();
        if (!idx.is_string()) {
          ThrowRuntime("TypeError", "MapElementAccessByNonString",
                       std::string("a map key must be a string, got a ") + idx.kind_name());
        }
        return PropertyOf(base, idx.as_string(), ctx);
      }
      TypeError(std::string("cannot index into a ") + base.kind_name());
    }
    case ExprKind::kSlice: {
      Value base = Eval(*e.args[0], row, ctx);
      Value from = e.args[1] ? Eval(*e.args[1], row, ctx) : Value();
      Value to = e.args[2] ? Eval(*e.args[2], row, ctx) : Value();
      if (base.is_null()) return Value();
      if ((e.args[1] && from.is_null()) || (e.args[2] && to.is_null())) return Value();
      if (!base.is_list()) TypeError(std::string("cannot slice a ") + base.kind_name());
      return Slice(base.as_list(), from, to);
    }
    case ExprKind::kNot:
      return TriValue(Not(ToTri(Eval(*e.args[0], row, ctx), "NOT")));
    case ExprKind::kAnd: {
      Tri a = ToTri(Eval(*e.args[0], row, ctx), "AND");
      if (a == Tri::kFalse) {
        // Still type-check the right side only when it is cheap; Cypher
        // short-circuits, so do we.
        return Value(false);
      }
      Tri b = ToTri(Eval(*e.args[1], row, ctx), "AND");
      if (b == Tri::kFalse) return Value(false);
      if (a == Tri::kNull || b == Tri::kNull) return Value();
      return Value(true);
    }
    case ExprKind::kOr: {
      Tri a = ToTri(Eval(*e.args[0], row, ctx), "OR");
      if (a == Tri::kTrue) return Value(true);
      Tri b = ToTri(Eval(*e.args[1], row, ctx), "OR");
      if (b == Tri::kTrue) return Value(true);
      if (a == Tri::kNull || b == Tri::kNull) return Value();
      return Value(false);
    }
    case ExprKind::kXor: {
      Tri a = ToTri(Eval(*e.args[0], row, ctx), "XOR");
      Tri b = ToTri(Eval(*e.args[1], row, ctx), "XOR");
      if (a == Tri::kNull || b == Tri::kNull) return Value();
      return Value(a != b);
    }
    case ExprKind::kCompare:
      return EvalCompare(static_cast<CompareOp>(e.op), Eval(*e.args[0], row, ctx),
                         Eval(*e.args[1], row, ctx), ctx);
    case ExprKind::kArith:
      return Arithmetic(static_cast<ArithOp>(e.op), Eval(*e.args[0], row, ctx),
                        Eval(*e.args[1], row, ctx));
    case ExprKind::kNegate: {
      Value v = Eval(*e.args[0], row, ctx);
      if (v.is_null()) return v;
      if (v.is_int()) {
        if (v.as_int() == std::numeric_limits<int64_t>::min()) Overflow("negation");
        return Value(-v.as_int());
      }
      if (v.is_float()) return Value(-v.as_float());
      TypeError(std::string("cannot negate a ") + v.kind_name());
    }
    case ExprKind::kPlus: {
      Value v = Eval(*e.args[0], row, ctx);
      if (v.is_null() || v.is_number()) return v;
      TypeError(std::string("unary + expects a number, got a ") + v.kind_name());
    }
    case ExprKind::kIn:
      return InList(Eval(*e.args[0], row, ctx), Eval(*e.args[1], row, ctx));
    case ExprKind::kStartsWith:
    case ExprKind::kEndsWith:
    case ExprKind::kContains: {
      Value a = Eval(*e.args[0], row, ctx);
      Value b = Eval(*e.args[1], row, ctx);
      if (!a.is_string() || !b.is_string()) return Value();
      const std::string& s = a.as_string();
      const std::string& t = b.as_string();
      if (e.kind == ExprKind::kStartsWith) return Value(s.compare(0, t.size(), t) == 0);
      if (e.kind == ExprKind::kEndsWith) {
        return Value(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
      }
      return Value(s.find(t) != std::string::npos);
    }
    case ExprKind::kRegex: {
      Value a = Eval(*e.args[0], row, ctx);
      Value b = Eval(*e.args[1], row, ctx);
      if (!a.is_string() || !b.is_string()) return Value();
      return Value(RegexMatch(ctx, a.as_string(), b.as_string()));
    }
    case ExprKind::kIsNull:
      return Value(Eval(*e.args[0], row, ctx).is_null());
    case ExprKind::kIsNotNull:
      return Value(!Eval(*e.args[0], row, ctx).is_null());
    case ExprKind::kList: {
      ValueList out;
      out.reserve(e.args.size());
      for (const auto& a : e.args) out.push_back(Eval(*a, row, ctx));
      return Value(std::move(out));
    }
    case ExprKind::kMap: {
      ValueMap out;
      for (size_t i = 0; i < e.args.size(); ++i) out[e.keys[i]] = Eval(*e.args[i], row, ctx);
      return Value(std::move(out));
    }
    case ExprKind::kCase: {
      size_t i = 0;
      Value test;
      if (e.case_has_test) test = Eval(*e.args[i++], row, ctx);
      size_t end = e.args.size() - (e.case_has_else ? 1 : 0);
      for (; i + 1 < end; i += 2) {
        Value when = Eval(*e.args[i], row, ctx);
        bool hit = e.case_has_test ? CypherEquals(test, when) == Tri::kTrue
                                   : (when.is_bool() && when.as_bool());
        if (hit) return Eval(*e.args[i + 1], row, ctx);
      }
      if (e.case_has_else) return Eval(*e.args.back(), row, ctx);
      return Value();
    }
    case ExprKind::kCountStar:
      return row[static_cast<size_t>(e.agg)];
    case ExprKind::kFunction: {
      if (e.agg >= 0) return row[static_cast<size_t>(e.agg)];
      std::vector<Value> args;
      args.reserve(e.args.size());
      for (const auto& a : e.args) args.push_back(Eval(*a, row, ctx));
      return e.fn->fn(ctx, args);
    }
    case ExprKind::kListComprehension: {
      Value list = Eval(*e.args[0], row, ctx);
      if (list.is_null()) return Value();
      if (!list.is_list()) {
        TypeError(std::string("a list comprehension needs a list, got a ") + list.kind_name());
      }
      ValueList out;
      auto slot = static_cast<size_t>(e.slot);
      for (const auto& item : list.as_list()) {
        ctx.Tick();
        row[slot] = item;
        if (e.args[1] && EvalPredicate(*e.args[1], row, ctx) != Tri::kTrue) continue;
        out.push_back(e.args[2] ? Eval(*e.args[2], row, ctx) : item);
      }
      return Value(std::move(out));
    }
    case ExprKind::kQuantifier: {
      Value list = Eval(*e.args[0], row, ctx);
      if (list.is_null()) return Value();
      if (!list.is_list()) {
        TypeError(e.name2 + "() needs a list, got a " + list.kind_name());
      }
      size_t trues = 0, falses = 0, nulls = 0;
      auto slot = static_cast<size_t>(e.slot);
      for (const auto& item : list.as_list()) {
        row[slot] = item;
        Tri t = e.args[1] ? EvalPredicate(*e.args[1], row, ctx) : ToTri(item, e.name2.c_str());
        (t == Tri::kTrue ? trues : t == Tri::kFalse ? falses : nulls)++;
      }
      const std::string& q = e.name2;
      if (q == "ALL") return falses ? Value(false) : nulls ? Value() : Value(true);
      if (q == "ANY") return trues ? Value(true) : nulls ? Value() : Value(false);
      if (q == "NONE") return trues ? Value(false) : nulls ? Value() : Value(true);
      // SINGLE
      if (trues > 1) return Value(false);
      if (nulls) return Value();
      return Value(trues == 1);
    }
    case ExprKind::kReduce: {
      Value acc = Eval(*e.args[0], row, ctx);
      Value list = Eval(*e.args[1], row, ctx);
      if (list.is_null()) return Value();
      if (!list.is_list())
        TypeError(std::string("reduce() needs a list, got a ") + list.kind_name());
      for (const auto& item : list.as_list()) {
        row[static_cast<size_t>(e.slot2)] = acc;
        row[static_cast<size_t>(e.slot)] = item;
        acc = Eval(*e.args[2], row, ctx);
      }
      return acc;
    }
    case ExprKind::kPatternPredicate: {
      bool found = false;
      e.plan->Run(row, ctx, [&](Row&) {
        found = true;
        return false;
      });
      return Value(found);
    }
    case ExprKind::kExistsSubquery: {
      bool found = false;
      e.plan->Run(row, ctx, [&](Row& r) {
        if (e.args[0] && EvalPredicate(*e.args[0], r, ctx) != Tri::kTrue) return true;
        found = true;
        return false;
      });
      return Value(found);
    }
    case ExprKind::kPatternComprehension: {
      ValueList out;
      e.plan->Run(row, ctx, [&](Row& r) {
        if (e.args[0] && EvalPredicate(*e.args[0], r, ctx) != Tri::kTrue) return true;
        out.push_back(Eval(*e.args[1], r, ctx));
        return true;
      });
      return Value(std::move(out));
    }
    case ExprKind::kLabelCheck: {
      Value v = Eval(*e.args[0], row, ctx);
      if (v.is_null()) return Value();
      if (v.is_rel()) {
        // A relationship "has" the label that is its type.
        std::string type = ctx.TypeName(v.as_rel().type);
        for (const auto& l : e.keys) {
          if (l != type) return Value(false);
        }
        return Value(true);
      }
      if (!v.is_node()) {
        TypeError(std::string("label predicates apply to nodes and relationships, not to a ") +
                  v.kind_name());
      }
      auto node = ctx.Node(v.as_node().id);
      for (const auto& l : e.keys) {
        if (!node->HasLabel(l)) return Value(false);
      }
      return Value(true);
    }
    case ExprKind::kMapProjection: {
      Value base = Eval(*e.args[0], row, ctx);
      if (base.is_null()) return Value();
      ValueMap out;
      for (size_t i = 0; i < e.map_items.size(); ++i) {
        switch (e.map_items[i]) {
          case MapItemKind::kProperty:
            out[e.keys[i]] = PropertyOf(base, e.keys[i], ctx);
            break;
          case MapItemKind::kAllProperties:
            if (base.is_map()) {
              for (const auto& [k, v] : base.as_map()) out[k] = v;
            } else if (base.is_node()) {
              for (const auto& [k, v] : ctx.Node(base.as_node().id)->props) {
                out[k] = Value::FromGraph(v);
              }
            } else if (base.is_rel()) {
              for (const auto& [k, v] : ctx.Edge(base.as_rel().id)->props) {
                out[k] = Value::FromGraph(v);
              }
            } else {
              TypeError(std::string("map projection needs a node, relationship or map, not a ") +
                        base.kind_name());
            }
            break;
          case MapItemKind::kLiteral:
          case MapItemKind::kVariable:
            out[e.keys[i]] = Eval(*e.args[i + 1], row, ctx);
            break;
        }
      }
      return Value(std::move(out));
    }
  }
  return Value();
}

}  // namespace splot::query
