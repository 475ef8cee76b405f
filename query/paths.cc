#include "query/paths.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <unordered_map>

#include "graph/store.h"
#include "query/context.h"
#include "query/errors.h"

namespace splot::query {

namespace {

struct Label {
  int32_t dist = 0;
  graph::NodeId parent = 0;
  RelValue rel;  // the edge from `parent`
};

struct Side {
  graph::Direction dir = graph::Direction::kBoth;
  std::unordered_map<graph::NodeId, Label> seen;
  std::vector<graph::NodeId> queue;
  size_t head = 0;
  uint64_t work = 0;
  std::unique_ptr<graph::EdgeCursor> cursor;

  bool done() const { return head >= queue.size(); }
  int32_t next_dist() const { return seen.find(queue[head])->second.dist; }
};

graph::Direction Reverse(graph::Direction d) {
  return d == graph::Direction::kOut  ? graph::Direction::kIn
         : d == graph::Direction::kIn ? graph::Direction::kOut
                                      : graph::Direction::kBoth;
}

}  // namespace

bool ShortestPathBetween(ExecContext& ctx, graph::NodeId s, graph::NodeId t, graph::Direction dir,
                         const std::vector<graph::TypeId>& types, int64_t max_hops,
                         PathValue* out) {
  out->nodes.clear();
  out->rels.clear();
  if (!ctx.NodeExists(s) || !ctx.NodeExists(t)) return false;
  if (s == t) {
    out->nodes.push_back(NodeValue{s, nullptr});
    return true;
  }
  Side fwd, bwd;
  fwd.dir = dir;
  bwd.dir = Reverse(dir);
  fwd.seen.reserve(1024);
  bwd.seen.reserve(1024);
  fwd.seen[s] = Label{0, s, {}};
  bwd.seen[t] = Label{0, t, {}};
  fwd.queue.push_back(s);
  bwd.queue.push_back(t);
  const int64_t kInf = std::numeric_limits<int64_t>::max();
  int64_t best = kInf;
  graph::NodeId meet = 0;
  size_t charged = 0;
  while (!fwd.done() && !bwd.done()) {
    int64_t reach = static_cast<int64_t>(fwd.next_dist()) + bwd.next_dist();
    // Any route not yet seen is at least `reach + 1` long.
    if (reach + 1 >= best) break;
    if (max_hops >= 0 && reach + 1 > max_hops) break;
    Side& side = fwd.work <= bwd.work ? fwd : bwd;
    Side& other = &side == &fwd ? bwd : fwd;
    graph::NodeId u = side.queue[side.head++];
    int32_t du = side.seen[u].dist;
    for (graph::TypeId type : types) {
      if (!side.cursor) {
        side.cursor = ctx.txn().Edges(u, side.dir, type);
      } else {
        side.cursor->Reset(u, side.dir, type);
      }
      for (auto& c = *side.cursor; c.Valid(); c.Next()) {
        ++side.work;
        ctx.Tick();
        const graph::AdjEntry& e = c.entry();
        auto [it, inserted] = side.seen.try_emplace(e.neighbor);
        if (!inserted) continue;
        Label& l = it->second;
        l.dist = du + 1;
        l.parent = u;
        l.rel.id = e.edge;
        l.rel.type = e.type;
        l.rel.src = e.outgoing ? e.node : e.neighbor;
        l.rel.dst = e.outgoing ? e.neighbor : e.node;
        side.queue.push_back(e.neighbor);
        auto o = other.seen.find(e.neighbor);
        if (o != other.seen.end()) {
          int64_t len = static_cast<int64_t>(l.dist) + o->second.dist;
          if (len < best) {
            best = len;
            meet = e.neighbor;
          }
        }
      }
      Status st = side.cursor->status();
      if (!st.ok()) ThrowRuntime("StoreError", "", st.ToString());
    }
    size_t size = (fwd.seen.size() + bwd.seen.size()) * 96;
    if (size > charged + (1 << 20)) {
      ctx.Charge(static_cast<int64_t>(size - charged));
      charged = size;
    }
  }
  ctx.Charge(-static_cast<int64_t>(charged));
  if (best == kInf || (max_hops >= 0 && best > max_hops)) return false;
  std::vector<RelValue> rels;
  for (graph::NodeId v = meet; v != s;) {
    const Label& l = fwd.seen[v];
    rels.push_back(l.rel);
    v = l.parent;
  }
  std::reverse(rels.begin(), rels.end());
  for (graph::NodeId v = meet; v != t;) {
    const Label& l = bwd.seen[v];
    rels.push_back(l.rel);
    v = l.parent;
  }
  graph::NodeId cur = s;
  out->nodes.push_back(NodeValue{s, nullptr});
  for (const auto& r : rels) {
    cur = r.src == cur ? r.dst : r.src;
    out->rels.push_back(r);
    out->nodes.push_back(NodeValue{cur, nullptr});
  }
  return true;
}

}  // namespace splot::query
