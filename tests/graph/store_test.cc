#include "graph/store.h"

#include <rocksdb/db.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/test_support.h"

using namespace splot;
using namespace splot::graph;

namespace {

std::unique_ptr<GraphStore> OpenMem() {
  StoreOptions o;
  o.in_memory = true;
  auto r = GraphStore::Open("/mem/store", o);
  REQUIRE(r.ok());
  return std::move(r).value();
}

std::vector<AdjEntry> Collect(EdgeCursor& c) {
  std::vector<AdjEntry> out;
  for (; c.Valid(); c.Next()) out.push_back(c.entry());
  REQUIRE(c.status().ok());
  return out;
}

void RequireConsistent(GraphStore& store) {
  CheckReport report;
  REQUIRE(store.Check(&report).ok());
  INFO((report.problems.empty() ? std::string() : report.problems.front()));
  REQUIRE(report.ok());
}

}  // namespace

TEST_CASE("every property type round-trips through a node and an edge", "[store]") {
  auto store = OpenMem();
  Properties props = {
      {"b", true},
      {"i", int64_t{-1234567890123}},
      {"d", 3.25},
      {"s", "Mińsk — Łódź ✓"},
      {"l", Value::List{Value(1), Value("two"), Value(), Value(Value::List{Value(false)})}},
      {"empty", ""},
      {"zero", 0},
      {"t", Value(Value::Temporal{4, "2017-10-29T02:30+01:00[Europe/Warsaw]"})},
      {"tl",
       Value::List{Value(Value::Temporal{0, "1994-07-20"}), Value(Value::Temporal{5, "P1M"})}},
  };
  NodeId a, b;
  EdgeId e;
  {
    auto txn = store->BeginWrite().value();
    a = txn->CreateNode({"City", "Capital"}, props).value();
    b = txn->CreateNode({"Country"}, {{"name", "Białoruś"}}).value();
    e = txn->CreateEdge(a, "LOCATED_IN", b, props).value();
    REQUIRE(txn->Commit().ok());
  }
  auto txn = store->BeginRead();
  Node n = txn->GetNode(a).value();
  CHECK(n.labels == std::vector<std::string>{"City", "Capital"});
  CHECK(n.props == props);
  Edge edge = txn->GetEdge(e).value();
  CHECK(edge.src == a);
  CHECK(edge.dst == b);
  CHECK(edge.type == "LOCATED_IN");
  CHECK(edge.props == props);
  CHECK(edge.props.at("t").as_temporal().kind == 4);
  CHECK(n.props.at("tl").as_list()[1] != Value("P1M"));
  RequireConsistent(*store);
}

TEST_CASE("a null property value means the property is absent", "[store]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  NodeId a = txn->CreateNode({"X"}, {{"gone", Value()}, {"kept", 1}}).value();
  REQUIRE(txn->SetNodeProperty(a, "kept", Value()).ok());
  Node n = txn->GetNode(a).value();
  CHECK(n.props.empty());
}

TEST_CASE("upserting the same facts twice leaves the graph unchanged", "[store][upsert]") {
  auto store = OpenMem();
  auto write = [&] {
    auto txn = store->BeginWrite().value();
    NodeId minsk = txn->UpsertNode("city/minsk", {"City"},
                                   {{"name", "Mińsk"}, {"aliases", Value::List{"Minsk", "Mińska"}}})
                       .value();
    NodeId by = txn->UpsertNode("country/by", {"Country"}, {{"name", "Białoruś"}}).value();
    txn->UpsertEdge(minsk, "LOCATED_IN", by, {{"line", 3}}, {}).value();
    REQUIRE(txn->Commit().ok());
  };
  write();
  uint64_t version = store->version();
  write();
  CHECK(store->NodeCount() == 2);
  CHECK(store->EdgeCount() == 1);
  // Nothing changed, so nothing was committed.
  CHECK(store->version() == version);

  // A later mention adds an alias; aliases are unioned, not replaced.
  {
    auto txn = store->BeginWrite().value();
    txn->UpsertNode("city/minsk", {"City"}, {{"aliases", Value::List{"Mińsku", "Minsk"}}}).value();
    REQUIRE(txn->Commit().ok());
  }
  auto txn = store->BeginRead();
  NodeId minsk = txn->FindByKey("city/minsk").value().value();
  CHECK(txn->GetNode(minsk).value().props.at("aliases") ==
        Value(Value::List{"Minsk", "Mińska", "Mińsku"}));
  CHECK(txn->FindByName("minsku").value() == std::vector<NodeId>{minsk});
  RequireConsistent(*store);
}

TEST_CASE("an edge upsert matches on the named properties only", "[store][upsert]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  NodeId a = txn->CreateNode({"Country"}, {}).value();
  NodeId b = txn->CreateNode({"Country"}, {}).value();
  EdgeId e1 =
      txn->UpsertEdge(a, "SIGNED_AGREEMENT", b,
                      {{"agreement", "ag1"}, {"evidence", Value::List{"s1"}}}, {"agreement"})
          .value();
  EdgeId e2 =
      txn->UpsertEdge(a, "SIGNED_AGREEMENT", b, {{"agreement", "ag2"}}, {"agreement"}).value();
  EdgeId e3 =
      txn->UpsertEdge(a, "SIGNED_AGREEMENT", b,
                      {{"agreement", "ag1"}, {"evidence", Value::List{"s2"}}}, {"agreement"})
          .value();
  CHECK(e1 != e2);
  CHECK(e1 == e3);
  CHECK(txn->GetEdge(e1).value().props.at("evidence") == Value(Value::List{"s1", "s2"}));
  REQUIRE(txn->Commit().ok());
  CHECK(store->EdgeCount() == 2);
  RequireConsistent(*store);
}

TEST_CASE("folded lookup finds Polish names by any spelling", "[store][names]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  NodeId minsk = txn->CreateNode({"City"}, {{"name", "Mińsk"}}).value();
  NodeId grodno = txn->CreateNode({"Region"}, {{"name", "obwód grodzieński"},
                                               {"name_ru", "Гродненская область"}})
                      .value();
  NodeId lodz = txn->CreateNode({"City"}, {{"name", "Łódź"}}).value();
  REQUIRE(txn->Commit().ok());

  auto r = store->BeginRead();
  CHECK(r->FindByName("minsk").value() == std::vector<NodeId>{minsk});
  CHECK(r->FindByName("MIŃSK").value() == std::vector<NodeId>{minsk});
  CHECK(r->FindByName("lodz").value() == std::vector<NodeId>{lodz});
  CHECK(r->FindByName("Obwod  Grodzienski").value() == std::vector<NodeId>{grodno});
  CHECK(r->FindByName("Гродненская область").value() == std::vector<NodeId>{grodno});
  CHECK(r->FindByName("grodzienski").value().empty());  // not a whole name

  std::vector<NodeId> by_word;
  REQUIRE(r->ScanNameWords("grodzienski", false, [&](std::string_view, NodeId id) {
             by_word.push_back(id);
             return true;
           }).ok());
  CHECK(by_word == std::vector<NodeId>{grodno});
  std::vector<std::string> prefixed;
  REQUIRE(r->ScanNameWords("grodz", true, [&](std::string_view w, NodeId) {
             prefixed.emplace_back(w);
             return true;
           }).ok());
  CHECK(prefixed == std::vector<std::string>{"grodzienski"});
}

TEST_CASE("renaming a node moves its name index entries", "[store][names]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  NodeId n = txn->CreateNode({"City"}, {{"name", "Homel"}}).value();
  REQUIRE(txn->SetNodeProperty(n, "name", "Gomel").ok());
  CHECK(txn->FindByName("homel").value().empty());
  CHECK(txn->FindByName("gomel").value() == std::vector<NodeId>{n});
  REQUIRE(txn->Commit().ok());
  RequireConsistent(*store);
}

TEST_CASE("adjacency scans by node, direction and type", "[store][adjacency]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  NodeId a = txn->CreateNode({"N"}, {}).value();
  NodeId b = txn->CreateNode({"N"}, {}).value();
  NodeId c = txn->CreateNode({"N"}, {}).value();
  EdgeId ab = txn->CreateEdge(a, "KNOWS", b, {}).value();
  EdgeId ac = txn->CreateEdge(a, "LIKES", c, {}).value();
  EdgeId ca = txn->CreateEdge(c, "KNOWS", a, {}).value();
  EdgeId aa = txn->CreateEdge(a, "KNOWS", a, {}).value();
  REQUIRE(txn->Commit().ok());

  auto r = store->BeginRead();
  TypeId knows = *store->catalog().Find(CatalogKind::kType, "KNOWS");
  auto out_knows = Collect(*r->Edges(a, Direction::kOut, knows));
  REQUIRE(out_knows.size() == 2);
  CHECK(out_knows[0].edge == aa);  // neighbour a (id 0) sorts before b
  CHECK(out_knows[1].edge == ab);
  CHECK(out_knows[1].neighbor == b);
  CHECK(out_knows[1].outgoing);

  auto in_all = Collect(*r->Edges(a, Direction::kIn));
  REQUIRE(in_all.size() == 2);  // c->a and the self-loop
  CHECK(!in_all[0].outgoing);

  auto both = Collect(*r->Edges(a, Direction::kBoth));
  CHECK(both.size() == 4);  // ab, ac, aa (once), ca
  std::vector<EdgeId> ids;
  for (auto& e : both) ids.push_back(e.edge);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<EdgeId>{ab, ac, ca, aa});

  auto between = Collect(*r->EdgesBetween(a, c, Direction::kBoth));
  REQUIRE(between.size() == 2);
  CHECK(between[0].edge == ac);
  CHECK(between[1].edge == ca);
  CHECK(Collect(*r->Edges(b, Direction::kOut)).empty());
}

TEST_CASE("label scans and counters need no full scan", "[store][labels]") {
  auto store = OpenMem();
  auto txn = store->BeginWrite().value();
  for (int i = 0; i < 5; ++i) txn->CreateNode({"City"}, {}).value();
  NodeId r = txn->CreateNode({"Region", "City"}, {}).value();
  REQUIRE(txn->Commit().ok());
  LabelId city = *store->catalog().Find(CatalogKind::kLabel, "City");
  LabelId region = *store->catalog().Find(CatalogKind::kLabel, "Region");
  CHECK(store->LabelCount(city) == 6);
  CHECK(store->LabelCount(region) == 1);
  auto read = store->BeginRead();
  std::vector<NodeId> regions;
  for (auto c = read->NodesWithLabel(region); c->Valid(); c->Next()) regions.push_back(c->id());
  CHECK(regions == std::vector<NodeId>{r});
  CHECK(store->CountsByLabel() == std::map<std::string, uint64_t>{{"City", 6}, {"Region", 1}});
}

TEST_CASE("deleting nodes and edges keeps indexes and counters exact", "[store][delete]") {
  auto store = OpenMem();
  NodeId a, b;
  {
    auto txn = store->BeginWrite().value();
    a = txn->CreateNode({"City"}, {{"name", "Brześć"}}, "city/brest").value();
    b = txn->CreateNode({"City"}, {{"name", "Grodno"}}).value();
    txn->CreateEdge(a, "TWINNED_WITH", b, {}).value();
    Status plain = txn->DeleteNode(a, false);
    CHECK(plain.IsInvalidArgument());
    CHECK(plain.message().find("still has relationships") != std::string::npos);
    REQUIRE(txn->DeleteNode(a, true).ok());
    CHECK(txn->stats().edges_deleted == 1);
    REQUIRE(txn->Commit().ok());
  }
  CHECK(store->NodeCount() == 1);
  CHECK(store->EdgeCount() == 0);
  auto r = store->BeginRead();
  CHECK(!r->FindByKey("city/brest").value().has_value());
  CHECK(r->FindByName("brzesc").value().empty());
  CHECK(r->GetNode(a).status().IsNotFound());
  RequireConsistent(*store);
}

TEST_CASE("a write transaction reads its own writes and a rollback leaves nothing",
          "[store][txn]") {
  auto store = OpenMem();
  {
    auto txn = store->BeginWrite().value();
    NodeId a = txn->CreateNode({"Tmp"}, {{"name", "Temp"}}).value();
    CHECK(txn->GetNode(a).ok());
    CHECK(txn->FindByName("temp").value().size() == 1);
    LabelId tmp = 0;  // not yet in the shared catalog
    CHECK(!store->catalog().Find(CatalogKind::kLabel, "Tmp").has_value());
    (void)tmp;
    // destroyed without Commit
  }
  CHECK(store->NodeCount() == 0);
  CHECK(!store->catalog().Find(CatalogKind::kLabel, "Tmp").has_value());
  auto r = store->BeginRead();
  CHECK(r->AllNodes()->Valid() == false);
  RequireConsistent(*store);
}

TEST_CASE("a read transaction sees a fixed snapshot", "[store][txn]") {
  auto store = OpenMem();
  auto before = store->BeginRead();
  {
    auto txn = store->BeginWrite().value();
    txn->CreateNode({"X"}, {}).value();
    REQUIRE(txn->Commit().ok());
  }
  CHECK(!before->AllNodes()->Valid());
  CHECK(store->BeginRead()->AllNodes()->Valid());
}

TEST_CASE("a second writer gets a lock error naming the lock file", "[store][lock]") {
  testing::TempDir dir;
  std::string path = dir.str() + "/db";
  auto first = GraphStore::Open(path);
  REQUIRE(first.ok());
  {
    auto txn = first.value()->BeginWrite().value();
    txn->CreateNode({"City"}, {{"name", "Mińsk"}}).value();
    REQUIRE(txn->Commit().ok());
  }
  auto second = GraphStore::Open(path);
  REQUIRE(!second.ok());
  CHECK(second.status().IsBusy());
  CHECK(second.status().message().find(path + "/LOCK") != std::string::npos);

  StoreOptions ro;
  ro.read_only = true;
  auto reader = GraphStore::Open(path, ro);
  REQUIRE(reader.ok());
  CHECK(reader.value()->NodeCount() == 1);
  CHECK(reader.value()->BeginRead()->FindByName("minsk").value().size() == 1);
  auto w = reader.value()->BeginWrite();
  CHECK(!w.ok());
}

TEST_CASE("the store survives reopening", "[store][persist]") {
  testing::TempDir dir;
  std::string path = dir.str() + "/db";
  {
    auto store = GraphStore::Open(path).value();
    auto txn = store->BeginWrite().value();
    NodeId a = txn->CreateNode({"City"}, {{"name", "Taszkent"}}, "city/tashkent").value();
    NodeId b = txn->CreateNode({"Country"}, {{"name", "Uzbekistan"}}).value();
    txn->CreateEdge(a, "LOCATED_IN", b, {{"since", 1991}}).value();
    REQUIRE(txn->Commit().ok());
  }
  auto store = GraphStore::Open(path).value();
  CHECK(store->NodeCount() == 2);
  CHECK(store->EdgeCount() == 1);
  CHECK(store->CountsByType() == std::map<std::string, uint64_t>{{"LOCATED_IN", 1}});
  auto txn = store->BeginWrite().value();
  NodeId c = txn->CreateNode({"City"}, {}).value();
  CHECK(c == 2);  // ids continue after reopening
  REQUIRE(txn->Commit().ok());
  RequireConsistent(*store);
}

TEST_CASE("directories that are not Splot stores are refused", "[store][open]") {
  testing::TempDir dir;
  testing::WriteFile(dir.path() / "notes.txt", "hello");
  auto r = GraphStore::Open(dir.str());
  REQUIRE(!r.ok());
  CHECK(r.status().IsInvalidArgument());
  CHECK(r.status().message().find("not a Splot store") != std::string::npos);

  StoreOptions ro;
  ro.read_only = true;
  auto missing = GraphStore::Open(dir.str() + "/nothing-here", ro);
  REQUIRE(!missing.ok());
  CHECK(missing.status().IsNotFound());
}

TEST_CASE("a store whose creation was killed part-way is finished on the next open",
          "[store][open][regression]") {
  testing::TempDir dir;
  // Killed before CURRENT was written: only RocksDB's scratch files exist.
  std::string early = dir.str() + "/early";
  std::filesystem::create_directories(early);
  testing::WriteFile(early + "/LOCK", "");
  testing::WriteFile(early + "/LOG", "");
  testing::WriteFile(early + "/000000.dbtmp", "");
  auto a = GraphStore::Open(early);
  INFO(a.status().ToString());
  REQUIRE(a.ok());
  CHECK(a.value()->NodeCount() == 0);

  // Killed after some column families were added.
  std::string late = dir.str() + "/late";
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    o.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs = {
        {"default", {}}, {"meta", {}}, {"catalog", {}}};
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(o, late, cfs, &handles, &db).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  StoreOptions ro;
  ro.read_only = true;
  auto read = GraphStore::Open(late, ro);
  REQUIRE(!read.ok());
  CHECK(read.status().message().find("was interrupted") != std::string::npos);
  auto b = GraphStore::Open(late);
  INFO(b.status().ToString());
  REQUIRE(b.ok());
  auto txn = b.value()->BeginWrite().value();
  txn->CreateNode({"City"}, {}).value();
  REQUIRE(txn->Commit().ok());

  // A RocksDB database of someone else's is never adopted.
  std::string foreign = dir.str() + "/foreign";
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    REQUIRE(rocksdb::DB::Open(o, foreign, &db).ok());
    REQUIRE(db->Put(rocksdb::WriteOptions(), "theirs", "data").ok());
    delete db;
  }
  auto c = GraphStore::Open(foreign);
  REQUIRE(!c.ok());
  CHECK(c.status().message().find("not a Splot store") != std::string::npos);
}

TEST_CASE("clearing a store leaves it empty and usable", "[store]") {
  auto store = OpenMem();
  {
    auto txn = store->BeginWrite().value();
    NodeId a = txn->CreateNode({"City"}, {{"name", "Mińsk"}}, "city:minsk").value();
    txn->CreateEdge(a, "SELF", a, {}).value();
    REQUIRE(txn->Commit().ok());
  }
  uint64_t version = store->version();
  REQUIRE(store->Clear().ok());
  CHECK(store->version() > version);
  CHECK(store->NodeCount() == 0);
  CHECK(store->EdgeCount() == 0);
  CHECK(store->catalog().Names(CatalogKind::kLabel).empty());
  auto read = store->BeginRead();
  CHECK(!read->AllNodes()->Valid());
  CHECK(read->FindByName("minsk").value().empty());
  CHECK(!read->FindByKey("city:minsk").value().has_value());
  auto txn = store->BeginWrite().value();
  CHECK(txn->CreateNode({"Region"}, {}).value() == 0);
  REQUIRE(txn->Commit().ok());
  RequireConsistent(*store);
}
