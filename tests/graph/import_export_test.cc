#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "graph/algorithms.h"
#include "graph/csv.h"
#include "graph/csv_import.h"
#include "graph/export.h"
#include "graph/store.h"
#include "tests/test_support.h"

using namespace splot;
using namespace splot::graph;
using splot::testing::ReadFile;
using splot::testing::TempDir;
using splot::testing::WriteFile;

namespace {

std::unique_ptr<GraphStore> OpenAt(const std::string& path) {
  auto r = GraphStore::Open(path);
  REQUIRE(r.ok());
  return std::move(r).value();
}

void RequireConsistent(GraphStore& store) {
  CheckReport report;
  REQUIRE(store.Check(&report).ok());
  INFO((report.problems.empty() ? std::string() : report.problems.front()));
  REQUIRE(report.ok());
}

// Names that need escaping in every export format.
const char* kNastyName = "Zakład \"<Łódź> & Co\", Mińsk;\tnew\nline ✓ 🚜 C:\\dane";

void BuildSample(GraphStore& store) {
  auto txn = store.BeginWrite().value();
  NodeId by = txn->UpsertNode("country:by", {"Country"},
                              {{"name", "Białoruś"}, {"aliases", Value::List{"Belarus", "RB"}}})
                  .value();
  NodeId minsk = txn->UpsertNode("city:minsk", {"City", "Capital"},
                                 {{"name", "Mińsk"},
                                  {"population", 1995471},
                                  {"area", 409.5},
                                  {"capital", true},
                                  {"lines", Value::List{3, 40}}})
                     .value();
  NodeId mtz = txn->UpsertNode("enterprise:mtz", {"Enterprise"}, {{"name", kNastyName}}).value();
  NodeId bare = txn->CreateNode({"Note"}, {{"text", "no key, comma, here"}}).value();
  txn->CreateEdge(minsk, "LOCATED_IN", by, {{"line", 3}, {"evidence", "W Mińsku, stolicy."}})
      .value();
  txn->CreateEdge(mtz, "LOCATED_IN", minsk, {{"confidence", 0.9}, {"date", "2019-06"}}).value();
  txn->CreateEdge(bare, "MENTIONS", mtz, {{"since", Value(Value::Temporal{0, "1994-07-20"})}})
      .value();
  REQUIRE(txn->Commit().ok());
}

}  // namespace

TEST_CASE("the CSV reader handles RFC 4180 quoting", "[csv]") {
  TempDir dir;
  WriteFile(dir.path() / "a.csv",
            "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\nlast,row,here");
  auto reader = CsvReader::Open((dir.path() / "a.csv").string()).value();
  std::vector<std::string> f;
  REQUIRE(reader->Next(&f).value());
  CHECK(f == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(reader->Next(&f).value());
  CHECK(reader->record_line() == 2);
  CHECK(f == std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"});
  REQUIRE(reader->Next(&f).value());
  CHECK(reader->record_line() == 4);
  CHECK(f == std::vector<std::string>{"", "", ""});
  REQUIRE(reader->Next(&f).value());
  CHECK(f == std::vector<std::string>{"last", "row", "here"});
  CHECK(!reader->Next(&f).value());

  WriteFile(dir.path() / "bad.csv", "a,b\n\"open,field\n");
  auto bad = CsvReader::Open((dir.path() / "bad.csv").string()).value();
  REQUIRE(bad->Next(&f).value());
  auto r = bad->Next(&f);
  REQUIRE(!r.ok());
  CHECK(r.status().message().find("bad.csv:2") != std::string::npos);
}

TEST_CASE("Neo4j-style headers: typed columns, arrays, several labels", "[import]") {
  TempDir dir;
  WriteFile(dir.path() / "nodes.csv",
            "id:ID(City),:LABEL,name,population:int,area:double,capital:boolean,tags:string[]\n"
            "1,City;Capital,Mińsk,1995471,409.5,true,stolica;miasto\n"
            "2,City,\"Grodno, nad Niemnem\",,,false,\n");
  WriteFile(dir.path() / "edges.csv",
            ":START_ID(City),:END_ID(City),:TYPE,km:int\n1,2,ROAD,280\n2,1,ROAD,\n");
  auto store = OpenAt(dir.str() + "/db");
  auto report = ImportCsv(*store, {(dir.path() / "nodes.csv").string()},
                          {(dir.path() / "edges.csv").string()});
  REQUIRE(report.ok());
  CHECK(report->bulk);
  CHECK(report->nodes_created == 2);
  CHECK(report->edges_created == 2);
  auto txn = store->BeginRead();
  NodeId minsk = txn->FindByKey("City:1").value().value();
  Node n = txn->GetNode(minsk).value();
  CHECK(n.labels == std::vector<std::string>{"City", "Capital"});
  CHECK(n.props.at("id") == Value("1"));  // a named :ID column is also a property
  CHECK(n.props.at("population") == Value(1995471));
  CHECK(n.props.at("area") == Value(409.5));
  CHECK(n.props.at("capital") == Value(true));
  CHECK(n.props.at("tags") == Value(Value::List{"stolica", "miasto"}));
  NodeId grodno = txn->FindByName("Grodno, nad Niemnem").value().at(0);
  CHECK(txn->GetNode(grodno).value().props.count("population") == 0);  // empty field: absent
  auto edges = txn->Edges(minsk, Direction::kOut);
  REQUIRE(edges->Valid());
  CHECK(txn->GetEdge(edges->entry().edge).value().props.at("km") == Value(280));
  RequireConsistent(*store);
}

TEST_CASE("the plain id,label,name / src,dst,type form of gen.py", "[import]") {
  TempDir dir;
  WriteFile(dir.path() / "n.csv", "id,label,name\n0,Country,Country_1\n1,Region,Region_1\n");
  WriteFile(dir.path() / "e.csv", "src,dst,type\n1,0,LOCATED_IN\n1,0,LOCATED_IN\n");
  StoreOptions mem;
  mem.in_memory = true;
  auto store = GraphStore::Open("/mem/plain", mem).value();
  auto report =
      ImportCsv(*store, {(dir.path() / "n.csv").string()}, {(dir.path() / "e.csv").string()});
  REQUIRE(report.ok());
  CHECK(store->EdgeCount() == 2);  // duplicates are kept: a multigraph
  auto txn = store->BeginRead();
  CHECK(txn->FindByName("region_1").value().size() == 1);
  CHECK(store->CountsByLabel() == std::map<std::string, uint64_t>{{"Country", 1}, {"Region", 1}});
  RequireConsistent(*store);
}

TEST_CASE("bad CSV input is refused with file:line and the store is unchanged",
          "[import][errors]") {
  TempDir dir;
  auto store = OpenAt(dir.str() + "/db");
  BuildSample(*store);
  uint64_t nodes = store->NodeCount(), edges = store->EdgeCount(), version = store->version();
  auto path = [&](const char* name, const std::string& content) {
    WriteFile(dir.path() / name, content);
    return (dir.path() / name).string();
  };
  struct Case {
    std::string nodes, edges, expect;
  };
  std::vector<Case> cases = {
      {path("ragged.csv", "id,name\n7,a\n8,b,extra\n"), "",
       "ragged.csv:3: the row has 3 fields but the header has 2"},
      {path("noid.csv", "name,label\nX,City\n"), "",
       "noid.csv:1: the nodes header has no :ID column"},
      {path("emptyid.csv", ":ID,name\n,X\n"), "", "emptyid.csv:2: the :ID field is empty"},
      {path("dup.csv", ":ID,name\n9,a\n9,b\n"), "", "dup.csv:3: duplicate node id '9'"},
      {path("badint.csv", ":ID,n:int\n10,12x\n"), "",
       "badint.csv:2: column 'n' expects an integer, got '12x'"},
      {path("ok.csv", ":ID\n11\n"), path("dangling.csv", ":START_ID,:END_ID,:TYPE\n11,nowhere,X\n"),
       "dangling.csv:2: :END_ID 'nowhere' is not a node id"},
      {path("ok2.csv", ":ID\n12\n"), path("notype.csv", ":START_ID,:END_ID,:TYPE\n12,12,\n"),
       "notype.csv:2: the :TYPE field is empty"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> n, e;
    if (!c.nodes.empty()) n.push_back(c.nodes);
    if (!c.edges.empty()) e.push_back(c.edges);
    auto r = ImportCsv(*store, n, e);
    INFO(c.expect);
    REQUIRE(!r.ok());
    CHECK(r.status().IsInvalidArgument());
    CHECK(r.status().message().find(c.expect) != std::string::npos);
    CHECK(store->NodeCount() == nodes);
    CHECK(store->EdgeCount() == edges);
    CHECK(store->version() == version);
  }
  // The same errors on an empty store (the bulk path) leave it empty.
  auto fresh = OpenAt(dir.str() + "/fresh");
  auto r = ImportCsv(*fresh, {cases[0].nodes}, {});
  REQUIRE(!r.ok());
  CHECK(fresh->NodeCount() == 0);
  r = ImportCsv(*fresh, {cases[5].nodes}, {cases[5].edges});
  REQUIRE(!r.ok());
  CHECK(fresh->NodeCount() == 0);
  RequireConsistent(*fresh);
  RequireConsistent(*store);
}

TEST_CASE("importing into a store with data merges nodes and resumes edges", "[import]") {
  TempDir dir;
  WriteFile(dir.path() / "n.csv", ":ID,:LABEL,name\na,City,Brześć\nb,City,Pińsk\n");
  WriteFile(dir.path() / "e.csv", ":START_ID,:END_ID,:TYPE\na,b,ROAD\nb,a,ROAD\na,a,LOOP\n");
  std::string n = (dir.path() / "n.csv").string(), e = (dir.path() / "e.csv").string();
  auto store = OpenAt(dir.str() + "/db");
  BuildSample(*store);
  CsvImportOptions small_batches;
  small_batches.batch_rows = 1;
  auto first = ImportCsv(*store, {n}, {e}, small_batches);
  REQUIRE(first.ok());
  CHECK(!first->bulk);
  CHECK(first->nodes_created == 2);
  CHECK(first->edges_created == 3);
  uint64_t nodes = store->NodeCount(), edges = store->EdgeCount();
  // Running the same import again changes nothing: nodes merge by id, and the
  // edge file is known to be done.
  auto again = ImportCsv(*store, {n}, {e}, small_batches);
  REQUIRE(again.ok());
  CHECK(again->nodes_merged == 2);
  CHECK(again->edge_files_skipped == 1);
  CHECK(store->NodeCount() == nodes);
  CHECK(store->EdgeCount() == edges);
  RequireConsistent(*store);
}

TEST_CASE("CSV export, import, export is byte-identical", "[export][roundtrip]") {
  TempDir dir;
  auto a = OpenAt(dir.str() + "/a");
  BuildSample(*a);
  {
    auto txn = a->BeginRead();
    REQUIRE(ExportToPath(*txn, ExportFormat::kCsv, {}, dir.str() + "/first").ok());
  }
  auto b = OpenAt(dir.str() + "/b");
  auto r = ImportCsv(*b, {dir.str() + "/first/nodes.csv"}, {dir.str() + "/first/edges.csv"});
  REQUIRE(r.ok());
  {
    auto txn = b->BeginRead();
    REQUIRE(ExportToPath(*txn, ExportFormat::kCsv, {}, dir.str() + "/second").ok());
  }
  std::string n1 = ReadFile(dir.str() + "/first/nodes.csv");
  CHECK(n1 == ReadFile(dir.str() + "/second/nodes.csv"));
  CHECK(ReadFile(dir.str() + "/first/edges.csv") == ReadFile(dir.str() + "/second/edges.csv"));
  CHECK(n1.find(":ID,:LABEL,aliases:string[],area:double,capital:boolean,lines:long[],name:string,"
                "population:long,text:string") == 0);
  // The nasty name survived with its quotes, comma, tab, newline and emoji.
  auto txn = b->BeginRead();
  NodeId mtz = txn->FindByKey("enterprise:mtz").value().value();
  CHECK(txn->GetNode(mtz).value().props.at("name") == Value(kNastyName));
  CHECK(txn->GetNode(txn->FindByKey("city:minsk").value().value()).value().props.at("area") ==
        Value(409.5));
}

TEST_CASE("JSON export has the evaluation's shape and every property", "[export][json]") {
  StoreOptions mem;
  mem.in_memory = true;
  auto store = GraphStore::Open("/mem/json", mem).value();
  BuildSample(*store);
  std::ostringstream out;
  auto txn = store->BeginRead();
  REQUIRE(ExportGraph(*txn, ExportFormat::kJson, {}, out).ok());
  rapidjson::Document doc;
  doc.Parse(out.str().c_str());
  REQUIRE(!doc.HasParseError());
  REQUIRE(doc["nodes"].Size() == 4);
  REQUIRE(doc["edges"].Size() == 3);
  const auto& minsk = doc["nodes"][1];
  CHECK(std::string(minsk["id"].GetString()) == "n1");
  CHECK(std::string(minsk["label"].GetString()) == "City");
  CHECK(std::string(minsk["name"].GetString()) == "Mińsk");
  CHECK(minsk["lines"][1].GetInt() == 40);
  CHECK(minsk["properties"]["area"].GetDouble() == 409.5);
  CHECK(std::string(doc["nodes"][2]["name"].GetString()) == kNastyName);
  const auto& e = doc["edges"][0];
  CHECK(std::string(e["type"].GetString()) == "LOCATED_IN");
  CHECK(std::string(e["source"].GetString()) == "n1");
  CHECK(std::string(e["target"].GetString()) == "n0");
  CHECK(e["properties"]["line"].GetInt() == 3);
  CHECK(std::string(doc["edges"][2]["properties"]["since"].GetString()) == "1994-07-20");

  // A subgraph export closes over the edges' endpoints.
  ExportSelection sel;
  sel.all = false;
  sel.edges = {1};
  std::ostringstream sub;
  REQUIRE(ExportGraph(*txn, ExportFormat::kJson, sel, sub).ok());
  rapidjson::Document subdoc;
  subdoc.Parse(sub.str().c_str());
  CHECK(subdoc["nodes"].Size() == 2);
  CHECK(subdoc["edges"].Size() == 1);
}

TEST_CASE("GraphML export reads back in NetworkX", "[export][graphml]") {
  std::string out;
  if (testing::RunCommand("/usr/bin/python3 -c 'import networkx'", &out, true) != 0) {
    WARN("python3-networkx is not installed (apt-get install python3-networkx); skipping");
    return;
  }
  TempDir dir;
  auto store = OpenAt(dir.str() + "/db");
  BuildSample(*store);
  {
    auto txn = store->BeginRead();
    REQUIRE(ExportToPath(*txn, ExportFormat::kGraphML, {}, dir.str() + "/g.graphml").ok());
  }
  std::string script =
      "import networkx as nx, sys\n"
      "g = nx.read_graphml(sys.argv[1], force_multigraph=True)\n"
      "print(g.number_of_nodes(), g.number_of_edges())\n"
      "print(g.nodes['n1']['name'], g.nodes['n1']['population'], g.nodes['n1']['capital'], "
      "g.nodes['n1']['labels'])\n"
      "print(repr(g.nodes['n2']['name']))\n"
      "print(g.edges['n2', 'n1', 'e1']['date'], g.edges['n1', 'n0', 'e0']['type'])\n";
  WriteFile(dir.path() / "check.py", script);
  int rc = testing::RunCommand(
      "/usr/bin/python3 " + dir.str() + "/check.py " + dir.str() + "/g.graphml", &out, true);
  INFO(out);
  REQUIRE(rc == 0);
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);
  CHECK(line == "4 3");
  std::getline(lines, line);
  CHECK(line == "Mińsk 1995471 True :City:Capital");
  std::getline(lines, line);
  CHECK(line == "'Zakład \"<Łódź> & Co\", Mińsk;\\tnew\\nline ✓ 🚜 C:\\\\dane'");
  std::getline(lines, line);
  CHECK(line == "2019-06 LOCATED_IN");
}

TEST_CASE("DOT export renders with Graphviz", "[export][dot]") {
  std::string out;
  if (testing::RunCommand("command -v dot", &out) != 0) {
    WARN("graphviz is not installed (apt-get install graphviz); skipping");
    return;
  }
  TempDir dir;
  auto store = OpenAt(dir.str() + "/db");
  BuildSample(*store);
  {
    auto txn = store->BeginRead();
    REQUIRE(ExportToPath(*txn, ExportFormat::kDot, {}, dir.str() + "/g.dot").ok());
  }
  REQUIRE(testing::RunCommand("dot -Tsvg " + dir.str() + "/g.dot", &out, true) == 0);
  CHECK(out.find("<svg") != std::string::npos);
  CHECK(out.find("Mińsk") != std::string::npos);
  CHECK(out.find("&lt;Łódź&gt;") != std::string::npos);

  // Graphviz reads the name back: its JSON output holds each label as
  // written, in Graphviz's label escapes (\n a line break, \\ a backslash).
  REQUIRE(testing::RunCommand("dot -Tjson " + dir.str() + "/g.dot", &out, true) == 0);
  rapidjson::Document doc;
  doc.Parse(out.c_str());
  REQUIRE(!doc.HasParseError());
  std::string label;
  for (const auto& o : doc["objects"].GetArray()) {
    if (std::string(o["name"].GetString()) == "n2") label = o["label"].GetString();
  }
  std::string name;
  for (size_t i = 0; i < label.size(); ++i) {
    if (label[i] == '\\' && i + 1 < label.size()) {
      const char next = label[++i];
      name += next == 'n' ? '\n' : next;
    } else {
      name += label[i];
    }
  }
  CHECK(name == std::string(kNastyName) + "\nEnterprise");
}

TEST_CASE("an export to an unwritable path is a clear error", "[export][errors]") {
  StoreOptions mem;
  mem.in_memory = true;
  auto store = GraphStore::Open("/mem/unwritable", mem).value();
  BuildSample(*store);
  auto txn = store->BeginRead();
  Status s = ExportToPath(*txn, ExportFormat::kJson, {}, "/nonexistent-dir/g.json");
  REQUIRE(!s.ok());
  CHECK(s.message().find("/nonexistent-dir/g.json") != std::string::npos);
}

TEST_CASE("peer workload checksums at N=10k", "[import][algo][peers]") {
  auto shared = testing::SharedDir();
  if (!shared) {
    WARN("../shared is absent: skipping the peer checksum test");
    return;
  }
  TempDir dir;
  std::string out;
  REQUIRE(testing::RunCommand("python3 " + (*shared / "peers/gen.py").string() +
                                  " --n 10000 --out " + dir.str() + "/kg",
                              &out, true) == 0);
  auto store = OpenAt(dir.str() + "/db");
  auto report = ImportCsv(*store, {dir.str() + "/kg/nodes.csv"}, {dir.str() + "/kg/edges.csv"});
  REQUIRE(report.ok());
  CHECK(store->NodeCount() == 10000);
  CHECK(store->EdgeCount() == 100000);

  rapidjson::Document q;
  std::string queries = ReadFile(dir.str() + "/kg/queries.json");
  q.Parse(queries.c_str());
  REQUIRE(!q.HasParseError());
  auto txn = store->BeginRead();
  auto node = [&](int64_t csv_id) {
    return txn->FindByKey(std::to_string(csv_id)).value().value();
  };

  int found = 0;
  for (const auto& name : q["lookup_names"].GetArray())
    found += !txn->FindByName(name.GetString()).value().empty();
  CHECK(found == 100);

  uint64_t hop1 = 0, hop2 = 0;
  for (const auto& v : q["expand_ids"].GetArray()) {
    NodeId a = node(v.GetInt64());
    std::set<NodeId> first, second;
    for (auto c = txn->Edges(a, Direction::kBoth); c->Valid(); c->Next())
      first.insert(c->entry().neighbor);
    for (NodeId b : first) {
      for (auto c = txn->Edges(b, Direction::kBoth); c->Valid(); c->Next())
        second.insert(c->entry().neighbor);
    }
    second.erase(a);
    hop1 += first.size();
    hop2 += second.size();
  }
  CHECK(hop1 == 1985);
  CHECK(hop2 == 45124);

  auto g = store->Snapshot({}).value();
  uint64_t sp = 0, sp_store = 0;
  for (const auto& pair : q["sp_pairs"].GetArray()) {
    NodeId s = node(pair[0].GetInt64()), t = node(pair[1].GetInt64());
    if (auto p = ShortestPath(*g, s, t)) sp += p->edges.size();
    if (auto p = ShortestPathOnStore(*txn, s, t, Direction::kBoth, {}, -1).value())
      sp_store += p->edges.size();
  }
  CHECK(sp == 326);
  CHECK(sp_store == 326);
}
