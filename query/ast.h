// The syntax tree of a Cypher statement.
//
// The parser builds it; the binder (query/binder.h) checks it and fills in
// the fields marked "bound": where each variable lives in a row, which
// function an invocation names, which aggregate slot holds a result.
#ifndef SPLOT_QUERY_AST_H_
#define SPLOT_QUERY_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "query/errors.h"
#include "query/value.h"

namespace splot::query {

struct Expr;
struct PatternPart;
struct SingleQuery;
struct FunctionDef;
struct PatternPlan;
using ExprPtr = std::unique_ptr<Expr>;

enum class ExprKind : uint8_t {
  kLiteral,    // literal
  kParameter,  // name
  kVariable,   // name; bound: slot
  kProperty,   // args[0].name
  kIndex,      // args[0][args[1]]
  kSlice,      // args[0][args[1]..args[2]]; either bound may be null
  kNot,        // NOT args[0]
  kNegate,     // -args[0]
  kPlus,       // +args[0]
  kAnd,        // args[0] AND args[1]
  kOr,
  kXor,
  kCompare,  // args[0] op args[1]; op is a CompareOp
  kArith,    // args[0] op args[1]; op is an ArithOp
  kIn,       // args[0] IN args[1]
  kStartsWith,
  kEndsWith,
  kContains,
  kRegex,   // args[0] =~ args[1]
  kIsNull,  // args[0] IS NULL
  kIsNotNull,
  kList,                  // [args...]
  kMap,                   // {keys[i]: args[i]}
  kCase,                  // see CaseLayout below
  kFunction,              // name(args); distinct; bound: fn, agg
  kCountStar,             // count(*); bound: agg
  kListComprehension,     // [name IN args[0] WHERE args[1] | args[2]]; bound: slot
  kQuantifier,            // name2(var IN args[0] WHERE args[1]): all/any/none/single
  kReduce,                // reduce(name2 = args[0], name IN args[1] | args[2]); bound: slot2, slot
  kPatternPredicate,      // pattern; bound: plan
  kPatternComprehension,  // [pattern WHERE args[0] | args[1]]; bound: plan
  kExistsSubquery,        // EXISTS { pattern [WHERE args[0]] } or { clauses }; bound: plan
  kLabelCheck,            // args[0]:keys[0]:keys[1]...
  kMapProjection,         // args[0] {items}; see MapProjectionItem
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kGt, kLe, kGe };
enum class ArithOp : uint8_t { kAdd, kSub, kMul, kDiv, kMod, kPow };

// Items of a map projection `n {.a, .*, k: expr, v}`.
enum class MapItemKind : uint8_t { kProperty, kAllProperties, kLiteral, kVariable };

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  SourcePos pos;
  size_t end_offset = 0;  // one past the expression's text in the query
  int depth = 1;          // height of the tree below, bounded by the parser
  std::string name;       // variable, parameter, property key, function name
  std::string name2;      // quantifier kind; reduce accumulator
  Value literal;
  std::vector<ExprPtr> args;
  std::vector<std::string> keys;  // map keys, labels, map-projection keys
  std::vector<MapItemKind> map_items;
  uint8_t op = 0;
  bool distinct = false;
  // CASE: args = [test?] (when, then)* [else?]
  bool case_has_test = false;
  bool case_has_else = false;
  std::shared_ptr<PatternPart> pattern;
  // EXISTS { MATCH ... WITH ... }: the clauses of a full subquery.
  std::shared_ptr<SingleQuery> subquery;

  // ---- bound ----
  int slot = -1;   // variable's (or the comprehension variable's) row slot
  int slot2 = -1;  // reduce accumulator
  int agg = -1;    // aggregate slot when this is an aggregating call
  const FunctionDef* fn = nullptr;
  std::shared_ptr<PatternPlan> plan;  // compiled pattern of a predicate/comprehension
  // Set when the expression refers to no variable (so it can be computed once).
  bool constant = false;
};

enum class RelDirection : uint8_t { kOut, kIn, kBoth };

struct NodePattern {
  std::string var;  // "" when anonymous
  SourcePos pos;
  std::vector<std::string> labels;
  ExprPtr props;          // a map literal or a parameter; null when absent
  int slot = -1;          // bound (anonymous nodes get a hidden slot)
  bool declares = false;  // bound: this occurrence introduces the variable
};

struct RelPattern {
  std::string var;
  SourcePos pos;
  std::vector<std::string> types;  // any of these; empty = any type
  RelDirection dir = RelDirection::kBoth;
  bool var_length = false;
  int64_t min_hops = 1;
  int64_t max_hops = 1;  // -1: unbounded
  ExprPtr props;
  int slot = -1;          // bound
  bool declares = false;  // bound: this occurrence introduces the variable
};

enum class PathFunction : uint8_t { kNone, kShortest, kAllShortest };

struct PatternPart {
  std::string path_var;
  SourcePos pos;
  PathFunction function = PathFunction::kNone;
  std::vector<NodePattern> nodes;  // nodes.size() == rels.size() + 1
  std::vector<RelPattern> rels;
  int path_slot = -1;  // bound
};

using Pattern = std::vector<std::shared_ptr<PatternPart>>;

enum class ClauseKind : uint8_t {
  kMatch,
  kUnwind,
  kWith,
  kReturn,
  kCreate,
  kMerge,
  kSet,
  kRemove,
  kDelete,
  kCall,
};

struct Clause {
  explicit Clause(ClauseKind k) : kind(k) {}
  virtual ~Clause() = default;
  ClauseKind kind;
  SourcePos pos;
};

struct MatchClause : Clause {
  MatchClause() : Clause(ClauseKind::kMatch) {}
  bool optional = false;
  Pattern pattern;
  ExprPtr where;
};

struct UnwindClause : Clause {
  UnwindClause() : Clause(ClauseKind::kUnwind) {}
  ExprPtr list;
  std::string alias;
  SourcePos alias_pos;
  int slot = -1;
};

struct ProjectionItem {
  ExprPtr expr;
  std::string alias;  // the column name: AS alias, or the expression's text
  bool explicit_alias = false;
  SourcePos alias_pos;
  int slot = -1;  // bound: where the projected value goes
};

struct SortItem {
  ExprPtr expr;
  bool descending = false;
};

struct ProjectionBody {
  bool distinct = false;
  bool star = false;  // WITH * / RETURN *
  std::vector<ProjectionItem> items;
  std::vector<SortItem> order_by;
  ExprPtr skip;
  ExprPtr limit;
  SourcePos order_pos;
};

struct WithClause : Clause {
  WithClause() : Clause(ClauseKind::kWith) {}
  ProjectionBody body;
  ExprPtr where;
};

struct ReturnClause : Clause {
  ReturnClause() : Clause(ClauseKind::kReturn) {}
  ProjectionBody body;
};

struct CreateClause : Clause {
  CreateClause() : Clause(ClauseKind::kCreate) {}
  Pattern pattern;
};

enum class SetItemKind : uint8_t {
  kProperty,    // target.name = value (target is args of property expr)
  kReplaceMap,  // var = map
  kMergeMap,    // var += map
  kLabels,      // var:L1:L2
};

struct SetItem {
  SetItemKind kind = SetItemKind::kProperty;
  SourcePos pos;
  ExprPtr target;  // kProperty: the kProperty expression; otherwise a variable
  ExprPtr value;
  std::vector<std::string> labels;
};

struct MergeClause : Clause {
  MergeClause() : Clause(ClauseKind::kMerge) {}
  std::shared_ptr<PatternPart> part;
  std::vector<SetItem> on_create;
  std::vector<SetItem> on_match;
};

struct SetClause : Clause {
  SetClause() : Clause(ClauseKind::kSet) {}
  std::vector<SetItem> items;
};

struct RemoveItem {
  SourcePos pos;
  ExprPtr target;                   // a kProperty expression, or a variable for labels
  std::vector<std::string> labels;  // non-empty for REMOVE n:Label
};

struct RemoveClause : Clause {
  RemoveClause() : Clause(ClauseKind::kRemove) {}
  std::vector<RemoveItem> items;
};

struct DeleteClause : Clause {
  DeleteClause() : Clause(ClauseKind::kDelete) {}
  bool detach = false;
  std::vector<ExprPtr> targets;
};

struct YieldItem {
  std::string field;
  std::string alias;  // == field when not renamed
  SourcePos pos;
  int slot = -1;
};

struct CallClause : Clause {
  CallClause() : Clause(ClauseKind::kCall) {}
  std::string procedure;       // dotted name
  bool explicit_args = false;  // false for `CALL p` (arguments from parameters)
  std::vector<ExprPtr> args;
  bool yield_star = false;
  bool has_yield = false;
  std::vector<YieldItem> yields;
  ExprPtr where;
  bool standalone = false;  // the whole query is this one CALL
  // bound: the procedure's output columns in yield order
  const struct ProcedureDef* def = nullptr;
};

struct SingleQuery {
  std::vector<std::unique_ptr<Clause>> clauses;
  SourcePos pos;
};

enum class ExplainMode : uint8_t { kNone, kExplain, kProfile };

struct Statement {
  ExplainMode mode = ExplainMode::kNone;
  std::vector<SingleQuery> parts;  // joined by UNION
  std::vector<bool> union_all;     // union_all[i] joins parts[i] and parts[i+1]
  SourcePos union_pos;
};

}  // namespace splot::query

#endif  // SPLOT_QUERY_AST_H_
