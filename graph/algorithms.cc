#include "graph/algorithms.h"

#include <algorithm>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/pending/disjoint_sets.hpp>
#include <boost/property_map/property_map.hpp>
#include <boost/range/iterator_range.hpp>
#include <limits>
#include <unordered_map>

#include "graph/store.h"

namespace splot::graph {

namespace {

using Graph = CsrGraph::Graph;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

struct Parent {
  uint32_t vertex = kNone;
  EdgeId edge = 0;
};

}  // namespace

std::vector<int32_t> BfsDistances(const CsrGraph& g, uint32_t source, int32_t max_depth) {
  std::vector<int32_t> dist(g.num_vertices(), -1);
  if (source >= g.num_vertices()) return dist;
  std::vector<uint32_t> hops(g.num_vertices(), 0);
  std::vector<boost::default_color_type> colors(g.num_vertices());
  dist[source] = 0;
  auto recorder = boost::record_distances(
      boost::make_iterator_property_map(hops.begin(), get(boost::vertex_index, g.graph())),
      boost::on_tree_edge());
  boost::breadth_first_search(g.graph(), source,
                              boost::visitor(boost::make_bfs_visitor(recorder))
                                  .color_map(boost::make_iterator_property_map(
                                      colors.begin(), get(boost::vertex_index, g.graph()))));
  for (uint32_t v = 0; v < g.num_vertices(); ++v) {
    bool reached = colors[v] != boost::white_color;
    if (reached && (max_depth < 0 || static_cast<int32_t>(hops[v]) <= max_depth)) {
      dist[v] = static_cast<int32_t>(hops[v]);
    }
  }
  return dist;
}

std::optional<GraphPath> ShortestPath(const CsrGraph& g, NodeId s_id, NodeId t_id) {
  auto s = g.VertexOf(s_id);
  auto t = g.VertexOf(t_id);
  if (!s || !t) return std::nullopt;
  if (*s == *t) return GraphPath{{s_id}, {}, 0};

  const uint32_t n = g.num_vertices();
  std::vector<Parent> from_s(n), from_t(n);
  std::vector<int32_t> dist_s(n, -1), dist_t(n, -1);
  std::vector<uint32_t> frontier_s{*s}, frontier_t{*t}, next;
  dist_s[*s] = 0;
  dist_t[*t] = 0;
  uint32_t meet = kNone;
  int32_t best = std::numeric_limits<int32_t>::max();

  while (!frontier_s.empty() && !frontier_t.empty() && meet == kNone) {
    bool forward = frontier_s.size() <= frontier_t.size();
    const Graph& graph = forward ? g.graph() : g.reverse();
    auto& frontier = forward ? frontier_s : frontier_t;
    auto& dist = forward ? dist_s : dist_t;
    auto& other = forward ? dist_t : dist_s;
    auto& parent = forward ? from_s : from_t;
    next.clear();
    for (uint32_t u : frontier) {
      for (auto e : boost::make_iterator_range(boost::out_edges(u, graph))) {
        uint32_t v = static_cast<uint32_t>(boost::target(e, graph));
        if (dist[v] >= 0) continue;
        dist[v] = dist[u] + 1;
        parent[v] = {u, graph[e].edge};
        next.push_back(v);
        if (other[v] >= 0 && dist[v] + other[v] < best) {
          best = dist[v] + other[v];
          meet = v;
        }
      }
    }
    frontier.swap(next);
  }
  if (meet == kNone) return std::nullopt;

  GraphPath path;
  std::vector<NodeId> left;
  std::vector<EdgeId> left_edges;
  for (uint32_t v = meet; v != *s; v = from_s[v].vertex) {
    left.push_back(g.NodeOf(v));
    left_edges.push_back(from_s[v].edge);
  }
  path.nodes.push_back(s_id);
  for (auto it = left.rbegin(); it != left.rend(); ++it) path.nodes.push_back(*it);
  for (auto it = left_edges.rbegin(); it != left_edges.rend(); ++it) path.edges.push_back(*it);
  if (path.nodes.back() != g.NodeOf(meet)) path.nodes.push_back(g.NodeOf(meet));
  for (uint32_t v = meet; v != *t; v = from_t[v].vertex) {
    path.edges.push_back(from_t[v].edge);
    path.nodes.push_back(g.NodeOf(from_t[v].vertex));
  }
  path.cost = static_cast<double>(path.edges.size());
  return path;
}

Result<std::optional<GraphPath>> WeightedShortestPath(const CsrGraph& g, NodeId s_id, NodeId t_id) {
  auto s = g.VertexOf(s_id);
  auto t = g.VertexOf(t_id);
  if (!s || !t) return std::optional<GraphPath>();
  const Graph& graph = g.graph();
  for (auto e : boost::make_iterator_range(boost::edges(graph))) {
    if (graph[e].weight < 0) {
      return Status::InvalidArgument("Dijkstra needs non-negative weights; edge " +
                                     std::to_string(graph[e].edge) + " weighs " +
                                     std::to_string(graph[e].weight));
    }
  }
  const uint32_t n = g.num_vertices();
  std::vector<double> dist(n, std::numeric_limits<double>::infinity());
  std::vector<uint32_t> pred(n);
  std::vector<EdgeId> pred_edge(n, 0);
  struct RecordEdge : boost::dijkstra_visitor<> {
    std::vector<EdgeId>* pred_edge;
    void edge_relaxed(Graph::edge_descriptor e, const Graph& gr) {
      (*pred_edge)[boost::target(e, gr)] = gr[e].edge;
    }
  } visitor;
  visitor.pred_edge = &pred_edge;
  auto index = get(boost::vertex_index, graph);
  boost::dijkstra_shortest_paths(
      graph, *s,
      boost::weight_map(get(&CsrEdgeProps::weight, graph))
          .distance_map(boost::make_iterator_property_map(dist.begin(), index))
          .predecessor_map(boost::make_iterator_property_map(pred.begin(), index))
          .visitor(visitor));
  if (dist[*t] == std::numeric_limits<double>::infinity()) return std::optional<GraphPath>();
  GraphPath path;
  path.cost = dist[*t];
  for (uint32_t v = *t; v != *s; v = pred[v]) {
    path.nodes.push_back(g.NodeOf(v));
    path.edges.push_back(pred_edge[v]);
  }
  path.nodes.push_back(s_id);
  std::reverse(path.nodes.begin(), path.nodes.end());
  std::reverse(path.edges.begin(), path.edges.end());
  return std::optional<GraphPath>(std::move(path));
}

namespace {

std::vector<int32_t> LevelDistances(const Graph& graph, uint32_t n, uint32_t source, int32_t stop) {
  std::vector<int32_t> dist(n, -1);
  std::vector<uint32_t> frontier{source}, next;
  dist[source] = 0;
  for (int32_t level = 0; !frontier.empty() && (stop < 0 || level < stop); ++level) {
    next.clear();
    for (uint32_t u : frontier) {
      for (auto e : boost::make_iterator_range(boost::out_edges(u, graph))) {
        uint32_t v = static_cast<uint32_t>(boost::target(e, graph));
        if (dist[v] < 0) {
          dist[v] = level + 1;
          next.push_back(v);
        }
      }
    }
    frontier.swap(next);
  }
  return dist;
}

}  // namespace

std::vector<GraphPath> AllShortestPaths(const CsrGraph& g, NodeId s_id, NodeId t_id, size_t limit) {
  std::vector<GraphPath> out;
  auto s = g.VertexOf(s_id);
  auto t = g.VertexOf(t_id);
  if (!s || !t || limit == 0) return out;
  if (*s == *t) {
    out.push_back({{s_id}, {}, 0});
    return out;
  }
  auto base = ShortestPath(g, s_id, t_id);
  if (!base) return out;
  const int32_t d = static_cast<int32_t>(base->edges.size());
  const uint32_t n = g.num_vertices();
  std::vector<int32_t> dist_s = LevelDistances(g.graph(), n, *s, d);
  std::vector<int32_t> dist_t = LevelDistances(g.reverse(), n, *t, d);

  // Depth-first over arcs that stay on some shortest path.
  GraphPath current;
  current.nodes.push_back(s_id);
  struct Frame {
    uint32_t vertex;
    Graph::out_edge_iterator it, end;
  };
  std::vector<Frame> stack;
  auto push = [&](uint32_t v) {
    auto [b, e] = boost::out_edges(v, g.graph());
    stack.push_back({v, b, e});
  };
  push(*s);
  while (!stack.empty() && out.size() < limit) {
    Frame& f = stack.back();
    if (f.vertex == *t) {
      GraphPath p = current;
      p.cost = d;
      out.push_back(std::move(p));
      stack.pop_back();
      current.nodes.pop_back();
      current.edges.pop_back();
      continue;
    }
    if (f.it == f.end) {
      stack.pop_back();
      if (!current.edges.empty()) {
        current.nodes.pop_back();
        current.edges.pop_back();
      }
      continue;
    }
    auto e = *f.it++;
    uint32_t v = static_cast<uint32_t>(boost::target(e, g.graph()));
    if (dist_s[v] == dist_s[f.vertex] + 1 && dist_t[v] >= 0 && dist_s[v] + dist_t[v] == d) {
      current.nodes.push_back(g.NodeOf(v));
      current.edges.push_back(g.graph()[e].edge);
      push(v);
    }
  }
  return out;
}

std::vector<uint32_t> ConnectedComponents(const CsrGraph& g, uint32_t* count) {
  const uint32_t n = g.num_vertices();
  std::vector<uint32_t> rank(n), parent(n);
  auto index = boost::typed_identity_property_map<uint32_t>();
  auto rank_map = boost::make_iterator_property_map(rank.begin(), index);
  auto parent_map = boost::make_iterator_property_map(parent.begin(), index);
  boost::disjoint_sets<decltype(rank_map), decltype(parent_map)> sets(rank_map, parent_map);
  for (uint32_t v = 0; v < n; ++v) sets.make_set(v);
  for (auto e : boost::make_iterator_range(boost::edges(g.graph()))) {
    sets.union_set(static_cast<uint32_t>(boost::source(e, g.graph())),
                   static_cast<uint32_t>(boost::target(e, g.graph())));
  }
  std::vector<uint32_t> component(n);
  std::unordered_map<uint32_t, uint32_t> number;
  for (uint32_t v = 0; v < n; ++v) {
    uint32_t root = sets.find_set(v);
    auto [it, inserted] = number.emplace(root, static_cast<uint32_t>(number.size()));
    component[v] = it->second;
  }
  if (count) *count = static_cast<uint32_t>(number.size());
  return component;
}

std::vector<double> Betweenness(const CsrGraph& g, bool normalized) {
  const uint32_t n = g.num_vertices();
  std::vector<std::pair<uint32_t, uint32_t>> arcs;
  for (auto e : boost::make_iterator_range(boost::edges(g.graph()))) {
    uint32_t a = static_cast<uint32_t>(boost::source(e, g.graph()));
    uint32_t b = static_cast<uint32_t>(boost::target(e, g.graph()));
    if (a != b) arcs.emplace_back(a, b);
  }
  std::sort(arcs.begin(), arcs.end());
  arcs.erase(std::unique(arcs.begin(), arcs.end()), arcs.end());
  using Simple =
      boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                         boost::no_property, uint32_t, uint32_t>;
  Simple simple(boost::edges_are_sorted, arcs.begin(), arcs.end(), n);
  std::vector<double> centrality(n, 0.0);
  boost::brandes_betweenness_centrality(simple,
                                        boost::centrality_map(boost::make_iterator_property_map(
                                            centrality.begin(), get(boost::vertex_index, simple))));
  double scale = 1.0;
  if (normalized) {
    scale = n > 2 ? 1.0 / (static_cast<double>(n - 1) * static_cast<double>(n - 2)) : 1.0;
  } else if (g.undirected()) {
    scale = 0.5;  // each unordered pair was counted from both ends
  }
  for (double& c : centrality) c *= scale;
  return centrality;
}

std::vector<uint64_t> Degrees(const CsrGraph& g) {
  std::vector<uint64_t> out(g.num_vertices());
  for (uint32_t v = 0; v < g.num_vertices(); ++v) out[v] = boost::out_degree(v, g.graph());
  return out;
}

Result<std::optional<GraphPath>> ShortestPathOnStore(Transaction& txn, NodeId s, NodeId t,
                                                     Direction dir,
                                                     const std::vector<TypeId>& types,
                                                     int32_t max_hops) {
  for (NodeId end : {s, t}) {
    SPLOT_ASSIGN_OR_RETURN(bool exists, txn.NodeExists(end));
    if (!exists) return std::optional<GraphPath>();
  }
  if (s == t) return std::optional<GraphPath>(GraphPath{{s}, {}, 0});
  struct Seen {
    int32_t dist;
    NodeId parent;
    EdgeId edge;
  };
  std::unordered_map<NodeId, Seen> seen_s{{s, {0, s, 0}}}, seen_t{{t, {0, t, 0}}};
  std::vector<NodeId> frontier_s{s}, frontier_t{t}, next;
  Direction back = dir == Direction::kOut  ? Direction::kIn
                   : dir == Direction::kIn ? Direction::kOut
                                           : Direction::kBoth;
  std::vector<TypeId> scan_types = types.empty() ? std::vector<TypeId>{kNoCatalogId} : types;
  NodeId meet = 0;
  bool met = false;
  int32_t best = std::numeric_limits<int32_t>::max();
  int32_t hops = 0;
  auto cursor = txn.Edges(s, dir);
  while (!frontier_s.empty() && !frontier_t.empty() && !met && (max_hops < 0 || hops < max_hops)) {
    bool forward = frontier_s.size() <= frontier_t.size();
    auto& frontier = forward ? frontier_s : frontier_t;
    auto& seen = forward ? seen_s : seen_t;
    auto& other = forward ? seen_t : seen_s;
    next.clear();
    for (NodeId u : frontier) {
      int32_t du = seen[u].dist;
      for (TypeId type : scan_types) {
        cursor->Reset(u, forward ? dir : back, type);
        for (; cursor->Valid(); cursor->Next()) {
          const AdjEntry& e = cursor->entry();
          if (seen.count(e.neighbor)) continue;
          seen[e.neighbor] = {du + 1, u, e.edge};
          next.push_back(e.neighbor);
          auto o = other.find(e.neighbor);
          if (o != other.end() && du + 1 + o->second.dist < best) {
            best = du + 1 + o->second.dist;
            meet = e.neighbor;
            met = true;
          }
        }
        SPLOT_RETURN_IF_ERROR(cursor->status());
      }
    }
    frontier.swap(next);
    ++hops;
  }
  if (!met || (max_hops >= 0 && best > max_hops)) return std::optional<GraphPath>();
  GraphPath path;
  for (NodeId v = meet; v != s; v = seen_s[v].parent) {
    path.nodes.push_back(v);
    path.edges.push_back(seen_s[v].edge);
  }
  path.nodes.push_back(s);
  std::reverse(path.nodes.begin(), path.nodes.end());
  std::reverse(path.edges.begin(), path.edges.end());
  for (NodeId v = meet; v != t; v = seen_t[v].parent) {
    path.edges.push_back(seen_t[v].edge);
    path.nodes.push_back(seen_t[v].parent);
  }
  path.cost = static_cast<double>(path.edges.size());
  return std::optional<GraphPath>(std::move(path));
}

}  // namespace splot::graph
