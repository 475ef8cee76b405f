#include "graph/algorithms.h"

#include <catch2/catch.hpp>

#include "graph/store.h"

using namespace splot;
using namespace splot::graph;

namespace {

// A small graph with known answers:
//
//   0 - 1 - 2 - 3        4 - 5      6 (alone)
//    \     /
//     7 --
//
// Edges (directed as written): 0->1, 1->2, 2->3, 0->7, 7->2, 4->5, plus a
// parallel 1->2.
struct Fixture {
  std::unique_ptr<GraphStore> store;
  std::vector<NodeId> n;
  Fixture() {
    StoreOptions o;
    o.in_memory = true;
    store = GraphStore::Open("/mem/algo", o).value();
    auto txn = store->BeginWrite().value();
    for (int i = 0; i < 8; ++i) {
      n.push_back(txn->CreateNode({i == 6 ? "Island" : "City"}, {{"name", "n" + std::to_string(i)}})
                      .value());
    }
    auto edge = [&](int a, int b, double w) {
      txn->CreateEdge(n[a], "ROAD", n[b], {{"km", w}}).value();
    };
    edge(0, 1, 1);
    edge(1, 2, 10);
    edge(2, 3, 1);
    edge(0, 7, 2);
    edge(7, 2, 2);
    edge(4, 5, 1);
    edge(1, 2, 7);
    REQUIRE(txn->Commit().ok());
  }
  std::shared_ptr<const CsrGraph> Snap(SnapshotSpec spec = {}) {
    return store->Snapshot(spec).value();
  }
};

}  // namespace

TEST_CASE("BFS distances in an undirected snapshot", "[algo]") {
  Fixture f;
  auto g = f.Snap();
  auto d = BfsDistances(*g, *g->VertexOf(f.n[0]));
  CHECK(d == std::vector<int32_t>{0, 1, 2, 3, -1, -1, -1, 1});
  auto limited = BfsDistances(*g, *g->VertexOf(f.n[0]), 1);
  CHECK(limited == std::vector<int32_t>{0, 1, -1, -1, -1, -1, -1, 1});
}

TEST_CASE("bidirectional shortest path", "[algo]") {
  Fixture f;
  auto g = f.Snap();
  auto p = ShortestPath(*g, f.n[0], f.n[3]);
  REQUIRE(p);
  CHECK(p->edges.size() == 3);
  CHECK(p->nodes.front() == f.n[0]);
  CHECK(p->nodes.back() == f.n[3]);
  CHECK(!ShortestPath(*g, f.n[0], f.n[5]));
  auto self = ShortestPath(*g, f.n[4], f.n[4]);
  REQUIRE(self);
  CHECK(self->edges.empty());

  // Directed: 3 cannot reach 0 along edge directions.
  SnapshotSpec directed;
  directed.direction = Direction::kOut;
  auto dg = f.Snap(directed);
  CHECK(ShortestPath(*dg, f.n[0], f.n[3]));
  CHECK(!ShortestPath(*dg, f.n[3], f.n[0]));

  // The same answer straight from the store.
  auto txn = f.store->BeginRead();
  auto sp = ShortestPathOnStore(*txn, f.n[0], f.n[3], Direction::kBoth, {}, -1).value();
  REQUIRE(sp);
  CHECK(sp->edges.size() == 3);
  CHECK(!ShortestPathOnStore(*txn, f.n[3], f.n[0], Direction::kOut, {}, -1).value());
  CHECK(!ShortestPathOnStore(*txn, f.n[0], f.n[3], Direction::kBoth, {}, 2).value());
}

TEST_CASE("Dijkstra follows the edge weights", "[algo]") {
  Fixture f;
  SnapshotSpec spec;
  spec.weight_property = "km";
  auto g = f.Snap(spec);
  auto p = WeightedShortestPath(*g, f.n[0], f.n[3]).value();
  REQUIRE(p);
  CHECK(p->cost == Approx(5.0));  // 0-7-2-3 beats 0-1-2-3 (1+7+1 = 9)
  CHECK(p->nodes == std::vector<NodeId>{f.n[0], f.n[7], f.n[2], f.n[3]});
}

TEST_CASE("all shortest paths, parallel edges counted apart", "[algo]") {
  Fixture f;
  auto g = f.Snap();
  auto paths = AllShortestPaths(*g, f.n[0], f.n[2], 100);
  // 0-1-2 twice (two parallel 1-2 edges) and 0-7-2 once.
  CHECK(paths.size() == 3);
  for (auto& p : paths) CHECK(p.edges.size() == 2);
  CHECK(AllShortestPaths(*g, f.n[0], f.n[2], 1).size() == 1);
  CHECK(AllShortestPaths(*g, f.n[0], f.n[5], 10).empty());
}

TEST_CASE("connected components", "[algo]") {
  Fixture f;
  auto g = f.Snap();
  uint32_t count = 0;
  auto comp = ConnectedComponents(*g, &count);
  CHECK(count == 3);
  CHECK(comp[0] == comp[3]);
  CHECK(comp[4] == comp[5]);
  CHECK(comp[0] != comp[4]);
  CHECK(comp[6] != comp[0]);
  CHECK(comp[6] != comp[4]);
}

TEST_CASE("betweenness on a path graph", "[algo]") {
  StoreOptions o;
  o.in_memory = true;
  auto store = GraphStore::Open("/mem/path", o).value();
  auto txn = store->BeginWrite().value();
  std::vector<NodeId> n;
  for (int i = 0; i < 4; ++i) n.push_back(txn->CreateNode({"N"}, {}).value());
  for (int i = 0; i < 3; ++i) txn->CreateEdge(n[i], "E", n[i + 1], {}).value();
  REQUIRE(txn->Commit().ok());
  auto g = store->Snapshot({}).value();
  // Path a-b-c-d: b lies on (a,c) and (a,d): 2; c likewise.
  auto b = Betweenness(*g, false);
  CHECK(b == std::vector<double>{0, 2, 2, 0});
  auto nb = Betweenness(*g, true);
  CHECK(nb[1] == Approx(2.0 / 3.0));  // NetworkX: 2 / ((n-1)(n-2)/2)
}

TEST_CASE("degree and filtered views", "[algo]") {
  Fixture f;
  auto g = f.Snap();
  auto deg = Degrees(*g);
  CHECK(deg[*g->VertexOf(f.n[2])] == 4);  // 1-2 twice, 2-3, 7-2
  CHECK(deg[*g->VertexOf(f.n[6])] == 0);
  SnapshotSpec islands;
  islands.labels = {"Island"};
  auto only = f.Snap(islands);
  CHECK(only->num_vertices() == 1);
  CHECK(only->num_edges() == 0);
}

TEST_CASE("snapshots are cached until the next commit", "[algo]") {
  Fixture f;
  auto a = f.Snap();
  auto b = f.Snap();
  CHECK(a.get() == b.get());
  {
    auto txn = f.store->BeginWrite().value();
    txn->CreateEdge(f.n[3], "ROAD", f.n[4], {}).value();
    REQUIRE(txn->Commit().ok());
  }
  auto c = f.Snap();
  CHECK(c.get() != a.get());
  CHECK(ShortestPath(*c, f.n[0], f.n[5]));
}
