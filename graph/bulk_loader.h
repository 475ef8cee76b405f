// BulkLoader: fills an empty store from a stream of nodes and edges by
// writing sorted SST files and ingesting them in one atomic step.
//
// Node and edge records are written as they arrive (their ids ascend, which
// is the order SST files need); index entries are collected and sorted at
// the end.  Nothing is visible in the store until Finish() succeeds, and a
// crash at any point leaves the store as it was.
#ifndef SPLOT_GRAPH_BULK_LOADER_H_
#define SPLOT_GRAPH_BULK_LOADER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "graph/catalog.h"
#include "graph/types.h"

namespace splot::graph {

class GraphStore;

class BulkLoader {
 public:
  // Starts a load.  InvalidArgument unless the store is writable and holds
  // no nodes and no edges.
  static Result<std::unique_ptr<BulkLoader>> Begin(GraphStore* store);
  ~BulkLoader();  // abandons an unfinished load and removes its files

  // Returns the id of a label, type or property key, interning it for this load.
  uint32_t Intern(CatalogKind kind, std::string_view name);

  // Sizes the buffers for about this many nodes and edges (a hint).
  void Reserve(uint64_t nodes, uint64_t edges);

  // Adds a node; `props` must be sorted by key id and hold no nulls.  `key`
  // must be unique within the load (the caller checks).
  Result<NodeId> AddNode(const std::vector<LabelId>& labels, std::string_view key,
                         const std::vector<std::pair<PropKeyId, Value>>& props);
  // Adds an edge between two nodes added earlier in this load.
  Result<EdgeId> AddEdge(NodeId src, TypeId type, NodeId dst,
                         const std::vector<std::pair<PropKeyId, Value>>& props);

  // Adds a free-form meta entry that lands atomically with the load
  // (the same keys Transaction::PutMeta writes).
  void PutMeta(std::string key, std::string value);

  uint64_t nodes() const { return next_node_; }
  uint64_t edges() const { return next_edge_; }
  // Edges of one type added so far.
  uint64_t edges_of_type(TypeId type) const;

  // Sorts the indexes, writes the remaining files and ingests everything
  // into the store atomically.
  Status Finish();

 private:
  struct Impl;
  explicit BulkLoader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  uint64_t next_node_ = 0;
  uint64_t next_edge_ = 0;
  uint64_t first_edge_ = 0;
};

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_BULK_LOADER_H_
