// CsrGraph: an immutable compressed-sparse-row snapshot of the store for
// Boost.Graph algorithms.
//
// Vertices are dense indexes 0..V-1 over the store's node ids (kept sorted,
// so mapping an id to its vertex is a binary search, with no hash table).
// An undirected view stores every edge in both directions.
#ifndef SPLOT_GRAPH_CSR_H_
#define SPLOT_GRAPH_CSR_H_

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "graph/types.h"

namespace splot::graph {

class Transaction;

// Which part of the graph a snapshot covers.
struct SnapshotSpec {
  std::vector<std::string> labels;  // keep nodes with any of these labels; empty keeps all
  std::vector<std::string> types;   // keep edges of these types; empty keeps all
  // kBoth: undirected (each edge usable both ways); kOut: as stored; kIn: reversed.
  Direction direction = Direction::kBoth;
  // Edge property read as the Dijkstra weight; edges without it weigh 1.
  std::string weight_property;

  // A string that identifies the spec, for caching.
  std::string CacheKey() const;
};

struct CsrEdgeProps {
  EdgeId edge = 0;
  double weight = 1.0;
};

class CsrGraph {
 public:
  using Graph =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, CsrEdgeProps,
                                         boost::no_property, uint32_t, uint32_t>;

  // Reads the view `spec` describes through `txn`: one scan of the label
  // index (or of all nodes) and one key-only scan of the out-adjacency.
  static Result<std::shared_ptr<const CsrGraph>> Build(Transaction& txn, const SnapshotSpec& spec);

  const Graph& graph() const { return graph_; }
  // The graph with every edge reversed; equal to graph() when undirected.
  const Graph& reverse() const { return undirected_ ? graph_ : reverse_; }
  bool undirected() const { return undirected_; }
  uint32_t num_vertices() const { return static_cast<uint32_t>(nodes_.size()); }
  uint64_t num_edges() const { return logical_edges_; }

  // The vertex of a node, or nullopt when the node is outside the view.
  std::optional<uint32_t> VertexOf(NodeId id) const;
  NodeId NodeOf(uint32_t vertex) const { return nodes_[vertex]; }

 private:
  std::vector<NodeId> nodes_;  // sorted ascending
  Graph graph_;
  Graph reverse_;
  bool undirected_ = true;
  uint64_t logical_edges_ = 0;
};

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_CSR_H_
