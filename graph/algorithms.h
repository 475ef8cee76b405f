// Graph algorithms over a CsrGraph snapshot (Boost.Graph where it has the
// algorithm) and point-to-point search directly on the store.
//
// Vertices are CsrGraph vertex indexes unless a function takes NodeIds.
#ifndef SPLOT_GRAPH_ALGORITHMS_H_
#define SPLOT_GRAPH_ALGORITHMS_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "graph/csr.h"
#include "graph/types.h"

namespace splot::graph {

class Transaction;

// A path: nodes[0] -edges[0]- nodes[1] ... ; cost is the hop count or the
// sum of weights.
struct GraphPath {
  std::vector<NodeId> nodes;
  std::vector<EdgeId> edges;
  double cost = 0;
};

// Hop distances from `source` to every vertex, -1 where unreachable or beyond
// `max_depth` (-1: unbounded).  Boost breadth_first_search.
std::vector<int32_t> BfsDistances(const CsrGraph& g, uint32_t source, int32_t max_depth = -1);

// One shortest path from s to t by hop count, found by bidirectional BFS
// (each round expands the smaller frontier).  nullopt when unreachable or
// either node is outside the view.  s == t gives the zero-length path.
std::optional<GraphPath> ShortestPath(const CsrGraph& g, NodeId s, NodeId t);

// The cheapest path by the snapshot's edge weights (Boost Dijkstra).
// InvalidArgument when a weight is negative.
Result<std::optional<GraphPath>> WeightedShortestPath(const CsrGraph& g, NodeId s, NodeId t);

// Every shortest path from s to t by hop count, at most `limit` of them,
// in a deterministic order (by vertex index along the path).
std::vector<GraphPath> AllShortestPaths(const CsrGraph& g, NodeId s, NodeId t, size_t limit);

// The weakly connected component of every vertex, numbered 0..count-1 in
// order of each component's smallest vertex.
std::vector<uint32_t> ConnectedComponents(const CsrGraph& g, uint32_t* count);

// Brandes betweenness centrality of every vertex (Boost), counted over
// distinct neighbour pairs so parallel edges do not multiply paths.  For an
// undirected view each unordered pair counts once; `normalized` divides by
// the number of pairs, as NetworkX does.
std::vector<double> Betweenness(const CsrGraph& g, bool normalized);

// Number of arcs leaving each vertex (the degree, in an undirected view).
std::vector<uint64_t> Degrees(const CsrGraph& g);

// Shortest path by hop count straight from the store's adjacency, with no
// snapshot: bidirectional BFS over edges of `types` (all when empty) in
// `dir`, giving up beyond `max_hops`.  For one-off queries on a large store.
Result<std::optional<GraphPath>> ShortestPathOnStore(Transaction& txn, NodeId s, NodeId t,
                                                     Direction dir,
                                                     const std::vector<TypeId>& types,
                                                     int32_t max_hops);

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_ALGORITHMS_H_
