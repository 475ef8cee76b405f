// Expression evaluation over a row, with Cypher's null and type rules.
#ifndef SPLOT_QUERY_EVAL_H_
#define SPLOT_QUERY_EVAL_H_

#include <functional>

#include "query/ast.h"
#include "query/context.h"

namespace splot::query {

// A compiled pattern used inside an expression (pattern predicates, pattern
// comprehensions, EXISTS {...}); the planner builds it.
struct PatternPlan {
  virtual ~PatternPlan() = default;
  // Calls `fn` for each match of the pattern given the row's bound
  // variables (the match's own variables are written into the row); `fn`
  // returns false to stop.
  virtual void Run(Row& row, ExecContext& ctx, const std::function<bool(Row&)>& fn) = 0;
};

// Evaluates `e` (bound) against `row`.  Throws QueryException on type errors.
Value Eval(const Expr& e, Row& row, ExecContext& ctx);

// Evaluates a predicate: true, false or null.  A non-boolean value is a
// TypeError.
Tri EvalPredicate(const Expr& e, Row& row, ExecContext& ctx);

// Reads property `key` of a node, relationship or map value (null for
// null); a TypeError for other values.
Value PropertyOf(const Value& base, const std::string& key, ExecContext& ctx);

// Cypher's arithmetic, exposed for SET n.x = n.x + 1 style reuse and tests.
Value Arithmetic(ArithOp op, const Value& a, const Value& b);

}  // namespace splot::query

#endif  // SPLOT_QUERY_EVAL_H_
