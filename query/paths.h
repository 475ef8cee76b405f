// Point-to-point shortest path over the store's adjacency index.
#ifndef SPLOT_QUERY_PATHS_H_
#define SPLOT_QUERY_PATHS_H_

#include <cstdint>
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

}  // namespace splot::query

#endif  // SPLOT_QUERY_PATHS_H_
