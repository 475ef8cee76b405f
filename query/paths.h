// Point-to-point shortest path over the store's adjacency index.
#ifndef SPLOT_QUERY_PATHS_H_
#define SPLOT_QUERY_PATHS_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "graph/types.h"
#include "query/value.h"

namespace splot::query {

class ExecContext;

// One shortest path from `s` to `t` by hop count, following edges of
// `types` (any type when it holds kNoCatalogId) in `dir`, at most
// `max_hops` long (-1: unbounded).  Returns false when there is none.
//
// A bidirectional breadth-first search that settles one node at a time from
// whichever side has scanned fewer adjacency entries so far, and stops as
// soon as the two searches' next distances add up to the best meeting found:
// a high-degree node on one side is expanded only if no cheaper route has
// been proven, instead of whenever its level comes up.
bool ShortestPathBetween(ExecContext& ctx, graph::NodeId s, graph::NodeId t, graph::Direction dir,
                         const std::vector<graph::TypeId>& types, int64_t max_hops, PathValue* out);

// Every shortest path from `s` to `t` (s != t) by hop count, following
// edges of `types` (kNoCatalogId: any type) in `dir` that `accept` lets
// through (every edge when it is empty), at most `max_hops` long (-1:
// unbounded); appends them to `out`, at most `limit` of them (0: all).
//
// A level-synchronous bidirectional breadth-first search: it expands whole
// levels from the side with the smaller frontier, keeping every edge that
// reaches a node on a shortest route from that side's end.  The first level
// whose new nodes the other side has already reached fixes the length; every
// shortest path passes through exactly one of those meeting nodes, so the
// paths are the routes from `s` to each meeting node joined with the routes
// from it to `t`.  Each path charges PathBytes(path) to the memory budget
// as it is built; the caller gives it back when it drops the path.
// What a path holds in memory, as charged to the budget.
int64_t PathBytes(const PathValue& path);

void AllShortestPathsBetween(ExecContext& ctx, graph::NodeId s, graph::NodeId t,
                             graph::Direction dir, const std::vector<graph::TypeId>& types,
                             int64_t max_hops,
                             const std::function<bool(const graph::AdjEntry&)>& accept,
                             size_t limit, std::vector<PathValue>* out);

}  // namespace splot::query

#endif  // SPLOT_QUERY_PATHS_H_
