#include "graph/csr.h"

#include <algorithm>

#include "graph/store.h"

namespace splot::graph {

std::string SnapshotSpec::CacheKey() const {
  std::string k = "L";
  for (const auto& l : labels) k += l + ",";
  k += "|T";
  for (const auto& t : types) k += t + ",";
  k += "|D" + std::to_string(static_cast<int>(direction)) + "|W" + weight_property;
  return k;
}

std::optional<uint32_t> CsrGraph::VertexOf(NodeId id) const {
  auto it = std::lower_bound(nodes_.begin(), nodes_.end(), id);
  if (it == nodes_.end() || *it != id) return std::nullopt;
  return static_cast<uint32_t>(it - nodes_.begin());
}

Result<std::shared_ptr<const CsrGraph>> CsrGraph::Build(Transaction& txn,
                                                        const SnapshotSpec& spec) {
  auto csr = std::make_shared<CsrGraph>();
  const Catalog& catalog = txn.store().catalog();

  if (spec.labels.empty()) {
    auto cursor = txn.AllNodes();
    for (; cursor->Valid(); cursor->Next()) csr->nodes_.push_back(cursor->id());
    SPLOT_RETURN_IF_ERROR(cursor->status());
  } else {
    for (const auto& label : spec.labels) {
      auto lid = catalog.Find(CatalogKind::kLabel, label);
      if (!lid) continue;
      auto cursor = txn.NodesWithLabel(*lid);
      for (; cursor->Valid(); cursor->Next()) csr->nodes_.push_back(cursor->id());
      SPLOT_RETURN_IF_ERROR(cursor->status());
    }
    std::sort(csr->nodes_.begin(), csr->nodes_.end());
    csr->nodes_.erase(std::unique(csr->nodes_.begin(), csr->nodes_.end()), csr->nodes_.end());
  }

  std::vector<bool> type_kept;
  if (!spec.types.empty()) {
    type_kept.assign(catalog.Size(CatalogKind::kType), false);
    for (const auto& t : spec.types) {
      if (auto tid = catalog.Find(CatalogKind::kType, t)) type_kept[*tid] = true;
    }
  }

  std::optional<uint32_t> weight_key;
  if (!spec.weight_property.empty()) {
    weight_key = catalog.Find(CatalogKind::kPropKey, spec.weight_property);
  }

  std::vector<std::pair<uint32_t, uint32_t>> arcs;
  std::vector<CsrEdgeProps> props;
  auto cursor = txn.AllAdjacency();
  for (; cursor->Valid(); cursor->Next()) {
    const AdjEntry& e = cursor->entry();
    if (!type_kept.empty() && (e.type >= type_kept.size() || !type_kept[e.type])) continue;
    auto s = csr->VertexOf(e.node);
    auto t = csr->VertexOf(e.neighbor);
    if (!s || !t) continue;
    double weight = 1.0;
    if (weight_key) {
      SPLOT_ASSIGN_OR_RETURN(Edge edge, txn.GetEdge(e.edge));
      if (const Value* w = edge.Get(spec.weight_property)) {
        if (w->is_int()) weight = static_cast<double>(w->as_int());
        if (w->is_double()) weight = w->as_double();
      }
    }
    ++csr->logical_edges_;
    if (spec.direction == Direction::kIn) {
      arcs.emplace_back(*t, *s);
    } else {
      arcs.emplace_back(*s, *t);
    }
    props.push_back({e.edge, weight});
    if (spec.direction == Direction::kBoth && *s != *t) {
      arcs.emplace_back(*t, *s);
      props.push_back({e.edge, weight});
    }
  }
  SPLOT_RETURN_IF_ERROR(cursor->status());

  uint32_t n = csr->num_vertices();
  csr->undirected_ = spec.direction == Direction::kBoth;
  csr->graph_ =
      Graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), props.begin(), n);
  if (!csr->undirected_) {
    for (auto& a : arcs) std::swap(a.first, a.second);
    csr->reverse_ =
        Graph(boost::edges_are_unsorted_multi_pass, arcs.begin(), arcs.end(), props.begin(), n);
  }
  return std::shared_ptr<const CsrGraph>(std::move(csr));
}

}  // namespace splot::graph

namespace splot::graph {

Result<std::shared_ptr<const CsrGraph>> GraphStore::Snapshot(const SnapshotSpec& spec) {
  std::string key = spec.CacheKey();
  // Read the version before the snapshot: if a commit lands in between, the
  // cached entry looks stale and is rebuilt next time, never the reverse.
  uint64_t version = version_.load();
  {
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    auto it = snapshots_.find(key);
    if (it != snapshots_.end() && it->second.first == version) return it->second.second;
  }
  auto txn = BeginRead();
  SPLOT_ASSIGN_OR_RETURN(auto csr, CsrGraph::Build(*txn, spec));
  std::lock_guard<std::mutex> lock(snapshot_mutex_);
  snapshots_[key] = {version, csr};
  return csr;
}

}  // namespace splot::graph
