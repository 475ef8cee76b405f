// Binder: the semantic pass between the parser and the planner.
//
// It walks a statement clause by clause, keeps the variables in scope with
// their types, and reports the openCypher compile-time errors by name
// (UndefinedVariable, VariableAlreadyBound, VariableTypeConflict,
// InvalidAggregation, AmbiguousAggregationExpression, ...).  On success every
// variable, pattern element, projection item and aggregate has a slot in the
// row layout the executor uses, and aggregating projections are rewritten so
// that their non-aggregate parts read the grouping keys.
#ifndef SPLOT_QUERY_BINDER_H_
#define SPLOT_QUERY_BINDER_H_

#include <string>
#include <vector>

#include "query/ast.h"
#include "query/procedures.h"

namespace splot::query {

struct BindResult {
  int num_slots = 0;
  std::vector<std::string> columns;  // the result's column names
  bool updating = false;             // the statement writes to the store
};

// Binds `statement` in place.  `params` are the query's parameters (a
// reference to a missing one is a compile-time error); `procedures` resolves
// CALL.  Throws QueryException on the first error.
BindResult Bind(Statement& statement, const ValueMap& params, const ProcedureRegistry& procedures);

// Structural equality of two bound expressions (same operators, names,
// literals and variable slots).
bool SameExpr(const Expr& a, const Expr& b);

// Whether `e` (bound) contains an aggregate call outside nested scopes.
bool ContainsAggregate(const Expr& e);

}  // namespace splot::query

#endif  // SPLOT_QUERY_BINDER_H_
