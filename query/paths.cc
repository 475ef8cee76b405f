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

// One side of the level-synchronous search: depths, and for every reached
// node the edges that reach it from the previous level.
struct Layers {
  graph::Direction dir = graph::Direction::kBoth;
  std::unordered_map<graph::NodeId, int32_t> depth;
  std::unordered_map<graph::NodeId, std::vector<graph::AdjEntry>> parents;
  std::vector<graph::NodeId> frontier;
  int32_t level = 0;
};

// Calls `emit` with every route from `v` back to its side's end, as the
// relationships from `v` outwards; stops when `emit` returns false.
bool Routes(const Layers& side, graph::NodeId v, std::vector<RelValue>* rels,
            const std::function<bool(const std::vector<RelValue>&)>& emit) {
  auto it = side.parents.find(v);
  if (it == side.parents.end()) return emit(*rels);
  for (const auto& e : it->second) {
    rels->push_back(RelOf(e));
    bool more = Routes(side, e.node, rels, emit);
    rels->pop_back();
    if (!more) return false;
  }
  return true;
}

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

int64_t PathBytes(const PathValue& path) {
  return static_cast<int64_t>(sizeof(PathValue) + path.nodes.size() * sizeof(NodeValue) +
                              path.rels.size() * sizeof(RelValue));
}

void AllShortestPathsBetween(ExecContext& ctx, graph::NodeId s, graph::NodeId t,
                             graph::Direction dir, const std::vector<graph::TypeId>& types,
                             int64_t max_hops,
                             const std::function<bool(const graph::AdjEntry&)>& accept,
                             size_t limit, std::vector<PathValue>* out) {
  Layers fwd, bwd;
  fwd.dir = dir;
  bwd.dir = Reverse(dir);
  fwd.depth[s] = 0;
  bwd.depth[t] = 0;
  fwd.frontier.push_back(s);
  bwd.frontier.push_back(t);
  std::vector<graph::NodeId> meets;
  std::unique_ptr<graph::EdgeCursor> cursor;
  // What the search holds (depths, parents, partial routes), released at the end.
  int64_t charged = 0;
  auto charge = [&](int64_t bytes) {
    ctx.Charge(bytes);
    charged += bytes;
  };
  while (meets.empty() && !fwd.frontier.empty() && !bwd.frontier.empty()) {
    if (max_hops >= 0 && static_cast<int64_t>(fwd.level) + bwd.level + 1 > max_hops) break;
    Layers& side = fwd.frontier.size() <= bwd.frontier.size() ? fwd : bwd;
    const Layers& other = &side == &fwd ? bwd : fwd;
    std::vector<graph::NodeId> next;
    const int32_t reached = side.level + 1;
    for (graph::NodeId u : side.frontier) {
      for (graph::TypeId type : types) {
        if (!cursor) {
          cursor = ctx.txn().Edges(u, side.dir, type);
        } else {
          cursor->Reset(u, side.dir, type);
        }
        for (auto& c = *cursor; c.Valid(); c.Next()) {
          ctx.Tick();
          const graph::AdjEntry& e = c.entry();
          if (accept && !accept(e)) continue;
          auto [it, inserted] = side.depth.try_emplace(e.neighbor, reached);
          if (!inserted && it->second != reached) continue;
          side.parents[e.neighbor].push_back(e);
          if (inserted) {
            next.push_back(e.neighbor);
            if (other.depth.count(e.neighbor)) meets.push_back(e.neighbor);
          }
        }
        Status st = cursor->status();
        if (!st.ok()) ThrowRuntime("StoreError", "", st.ToString());
      }
    }
    charge(static_cast<int64_t>(next.size()) * 128);
    side.frontier = std::move(next);
    side.level = reached;
  }
  // Each path is the route s -> m (read backwards from m) and m -> t.
  for (graph::NodeId m : meets) {
    std::vector<std::vector<RelValue>> tails;
    std::vector<RelValue> rels;
    Routes(bwd, m, &rels, [&](const std::vector<RelValue>& tail) {
      charge(static_cast<int64_t>(tail.size()) * 48 + 64);
      tails.push_back(tail);
      return true;
    });
    bool more = Routes(fwd, m, &rels, [&](const std::vector<RelValue>& head) {
      for (const auto& tail : tails) {
        PathValue p;
        p.nodes.push_back(NodeValue{s, nullptr});
        graph::NodeId cur = s;
        auto step = [&](const RelValue& r) {
          cur = r.src == cur ? r.dst : r.src;
          p.rels.push_back(r);
          p.nodes.push_back(NodeValue{cur, nullptr});
        };
        for (auto it = head.rbegin(); it != head.rend(); ++it) step(*it);
        for (const auto& r : tail) step(r);
        ctx.Charge(PathBytes(p));  // given back by the caller
        out->push_back(std::move(p));
        if (limit != 0 && out->size() >= limit) return false;
      }
      return true;
    });
    if (!more) break;
  }
  ctx.Charge(-charged);
}

}  // namespace splot::query
