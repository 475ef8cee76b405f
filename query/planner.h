// Planner: turns a bound statement into a tree of operators.
//
// Each MATCH pattern is anchored on its most selective node (one bound by an
// earlier clause, an id, an indexed name or canonical key, the label with
// the fewest nodes, in that order of preference by estimated cost) and
// expanded outward through the adjacency index; WHERE conjuncts run as soon
// as the variables they read are bound.  A shortestPath between two bound
// nodes runs a bidirectional BFS.
#ifndef SPLOT_QUERY_PLANNER_H_
#define SPLOT_QUERY_PLANNER_H_

#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"
#include "query/ast.h"
#include "query/binder.h"
#include "query/operators.h"

namespace splot::query {

struct Plan {
  OperatorPool pool;
  Operator* root = nullptr;
  std::vector<std::string> columns;
  std::vector<int> column_slots;
  int num_slots = 0;
  bool updating = false;
};

// Plans `statement` (bound by Bind) against `store`'s statistics.
std::unique_ptr<Plan> PlanStatement(Statement& statement, const BindResult& bound,
                                    graph::GraphStore& store);

// Renders the operator tree; with `profile`, each operator's rows and time.
std::string DescribePlan(const Operator& root, bool profile);

}  // namespace splot::query

#endif  // SPLOT_QUERY_PLANNER_H_
