#include "ingest/graph_writer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/ingest/test_rules.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

using graph::GraphStore;
using graph::Node;
using graph::Value;

std::unique_ptr<GraphStore> MemoryStore() {
  graph::StoreOptions options;
  options.in_memory = true;
  auto store = GraphStore::Open("/mem/writer-test", options);
  REQUIRE(store.ok());
  return std::move(store).value();
}

Node NodeByKey(GraphStore* store, const std::string& key) {
  auto txn = store->BeginRead();
  auto id = txn->FindByKey(key);
  REQUIRE(id.ok());
  REQUIRE(id->has_value());
  auto node = txn->GetNode(**id);
  REQUIRE(node.ok());
  return *node;
}

bool HasKey(GraphStore* store, const std::string& key) {
  auto txn = store->BeginRead();
  auto id = txn->FindByKey(key);
  REQUIRE(id.ok());
  return id->has_value();
}

std::vector<graph::Edge> EdgesOfType(GraphStore* store, const std::string& type) {
  auto txn = store->BeginRead();
  std::vector<graph::Edge> out;
  for (auto it = txn->AllEdges(); it->Valid(); it->Next()) {
    auto edge = txn->GetEdge(it->id());
    REQUIRE(edge.ok());
    if (edge->type == type) out.push_back(*edge);
  }
  return out;
}

std::vector<std::string> Strings(const Value* v) {
  std::vector<std::string> out;
  if (v && v->is_list()) {
    for (const Value& e : v->as_list()) out.push_back(e.as_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<int64_t> Ints(const Value* v) {
  std::vector<int64_t> out;
  if (v && v->is_list()) {
    for (const Value& e : v->as_list()) out.push_back(e.as_int());
  }
  return out;
}

EntityFact Entity(std::string key, std::string label, std::string name,
                  std::vector<std::string> aliases, std::vector<int> lines) {
  EntityFact e;
  e.key = std::move(key);
  e.label = std::move(label);
  e.name = std::move(name);
  e.aliases = std::move(aliases);
  e.lines = std::move(lines);
  return e;
}

RelationFact Relation(std::string type, std::string a, std::string b, int line,
                      std::string evidence) {
  RelationFact r;
  r.type = std::move(type);
  r.source_key = std::move(a);
  r.target_key = std::move(b);
  r.line = line;
  r.evidence = std::move(evidence);
  r.status = "existing";
  r.rule = "test-rule";
  return r;
}

// A document about a twinning of two regions and a plant in one of them.
DocumentFacts FirstVersion(const std::string& path) {
  DocumentFacts f;
  f.document.path = path;
  f.document.title = "Partnerstwo regionów";
  f.document.sha256 = std::string(64, 'a');
  f.document.id = f.document.sha256;
  f.document.size = 1234;
  f.document.encoding = "UTF-8";
  f.document.ingested_at = "2024-05-01T10:00:00Z";
  Citation minsk{3, "Mińsk i Taszkent zostały miastami partnerskimi", "2024",
                 "https://example.by/minsk-tashkent-2024/"};
  f.citations = {minsk, {7, "Nowy zakład w Taszkencie", "2023", "https://example.by/zaklad/"}};
  f.entities = {Entity("city:by-minsk", "City", "Mińsk", {"Mińsk", "Mińsku"}, {3, 9}),
                Entity("city:uz-tashkent", "City", "Taszkent", {"Taszkencie"}, {3}),
                Entity("city:uz-tashkent", "City", "Taszkent", {"Taszkent"}, {9}),
                Entity("enterprise:uz-plant", "Enterprise", "Zakład Montażowy", {"zakład"}, {12})};
  RelationFact twin = Relation("TWINNED_WITH", "city:by-minsk", "city:uz-tashkent", 3,
                               "Mińsk i Taszkent zostały miastami partnerskimi.");
  twin.date = "2024-02";
  twin.source = minsk;
  // The same fact stated again, the other way round, in a later sentence.
  RelationFact again = Relation("TWINNED_WITH", "city:uz-tashkent", "city:by-minsk", 9,
                                "Taszkent jest miastem partnerskim Mińska.");
  again.date = "2024-02";
  RelationFact located = Relation("LOCATED_IN", "enterprise:uz-plant", "city:uz-tashkent", 12,
                                  "Zakład powstał w Taszkencie.");
  located.amount = 30000000.0;
  located.currency = "EUR";
  f.relations = {twin, again, located};
  return f;
}

TEST_CASE("A document's facts are written in one transaction", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const std::string path = (dir.path() / "doc.txt").string();
  auto report = WriteDocumentFacts(store.get(), FirstVersion(path));
  REQUIRE(report.ok());
  CHECK(report->outcome == WriteReport::Outcome::kWritten);
  CHECK(report->entities == 3);
  CHECK(report->relations == 2);
  CHECK(report->sources == 2);

  const Node doc = NodeByKey(store.get(), report->document_key);
  CHECK(doc.HasLabel("Document"));
  CHECK(doc.Get("path")->as_string() == path);
  CHECK(doc.Get("title")->as_string() == "Partnerstwo regionów");
  CHECK(doc.Get("sha256")->as_string() == std::string(64, 'a'));
  CHECK(doc.Get("size")->as_int() == 1234);
  CHECK(doc.Get("encoding")->as_string() == "UTF-8");
  CHECK(doc.Get("ingested_at")->as_string() == "2024-05-01T10:00:00Z");

  const Node tashkent = NodeByKey(store.get(), "city:uz-tashkent");
  CHECK(tashkent.HasLabel("City"));
  CHECK(Strings(tashkent.Get("aliases")) == std::vector<std::string>{"Taszkencie", "Taszkent"});
  CHECK(Ints(tashkent.Get("lines")) == std::vector<int64_t>{3, 9});
  CHECK(Strings(tashkent.Get("docs")) == std::vector<std::string>{std::string(64, 'a')});

  // Two sentences, one fact: one edge listing both.
  const auto twins = EdgesOfType(store.get(), "TWINNED_WITH");
  REQUIRE(twins.size() == 1);
  const graph::Edge& twin = twins[0];
  CHECK(Ints(twin.Get("lines")) == std::vector<int64_t>{3, 9});
  CHECK(twin.Get("line")->as_int() == 3);
  CHECK(Strings(twin.Get("evidence")).size() == 2);
  CHECK(twin.Get("doc")->as_string() == std::string(64, 'a'));
  CHECK(twin.Get("date")->as_string() == "2024-02");
  CHECK(twin.Get("status")->as_string() == "existing");
  CHECK(twin.Get("rule")->as_string() == "test-rule");
  CHECK(twin.Get("source_url")->as_string() == "https://example.by/minsk-tashkent-2024/");
  CHECK(twin.Get("source_title")->as_string() == "Mińsk i Taszkent zostały miastami partnerskimi");
  CHECK(twin.Get("source_year")->as_string() == "2024");
  CHECK(twin.Get("footnote")->as_int() == 3);
  CHECK(HasKey(store.get(), twin.Get("source")->as_string()));

  const auto located = EdgesOfType(store.get(), "LOCATED_IN");
  REQUIRE(located.size() == 1);
  CHECK(located[0].Get("amount")->as_double() == 30000000.0);
  CHECK(located[0].Get("currency")->as_string() == "EUR");
  CHECK(located[0].Get("source") == nullptr);

  CHECK(EdgesOfType(store.get(), "CITES").size() == 2);
  CHECK(store->CountsByLabel()["Source"] == 2);
}

TEST_CASE("One fact found by two rules, one knowing its agreement, is one edge",
          "[writer][regression]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  DocumentFacts f = FirstVersion((dir.path() / "doc.txt").string());
  RelationFact with_id = Relation("SIGNED_AGREEMENT", "city:by-minsk", "city:uz-tashkent", 5,
                                  "Mińsk i Taszkent podpisały umowę o współpracy.");
  with_id.agreement = "agreement:doc:5:0";
  with_id.title = "umowa o współpracy";
  RelationFact without_id = with_id;
  without_id.agreement.clear();
  without_id.rule = "another-rule";
  f.relations.push_back(with_id);
  f.relations.push_back(without_id);
  REQUIRE(WriteDocumentFacts(store.get(), f).ok());
  const auto signed_edges = EdgesOfType(store.get(), "SIGNED_AGREEMENT");
  REQUIRE(signed_edges.size() == 1);
  CHECK(signed_edges[0].Get("agreement")->as_string() == "agreement:doc:5:0");
  CHECK(Strings(signed_edges[0].Get("rules")) ==
        std::vector<std::string>{"another-rule", "test-rule"});
}

TEST_CASE("Re-ingesting an unchanged document is a no-op", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const std::string path = (dir.path() / "doc.txt").string();
  REQUIRE(WriteDocumentFacts(store.get(), FirstVersion(path)).ok());
  const uint64_t version = store->version();
  // Another spelling of the same path finds the same registry entry.
  auto again =
      WriteDocumentFacts(store.get(), FirstVersion((dir.path() / "." / "doc.txt").string()));
  REQUIRE(again.ok());
  CHECK(again->outcome == WriteReport::Outcome::kUnchanged);
  CHECK(store->version() == version);
}

TEST_CASE("A changed document replaces what it contributed", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const std::string path_a = (dir.path() / "a.txt").string();
  const std::string path_b = (dir.path() / "b.txt").string();
  REQUIRE(WriteDocumentFacts(store.get(), FirstVersion(path_a)).ok());

  // A second document also mentions Tashkent.
  DocumentFacts other;
  other.document.path = path_b;
  other.document.sha256 = std::string(64, 'b');
  other.entities = {Entity("city:uz-tashkent", "City", "Taszkent", {"Tashkent"}, {40})};
  REQUIRE(WriteDocumentFacts(store.get(), other).ok());

  // The first document changes: the plant and the twinning are gone.
  DocumentFacts changed;
  changed.document.path = path_a;
  changed.document.sha256 = std::string(64, 'c');
  changed.document.title = "Partnerstwo regionów, wydanie drugie";
  changed.entities = {Entity("city:by-minsk", "City", "Mińsk", {"Mińskiem"}, {5}),
                      Entity("city:uz-tashkent", "City", "Taszkent", {"Taszkentem"}, {5})};
  changed.relations = {Relation("COOPERATES_WITH", "city:by-minsk", "city:uz-tashkent", 5,
                                "Mińsk współpracuje z Taszkentem.")};
  auto report = WriteDocumentFacts(store.get(), changed);
  REQUIRE(report.ok());
  CHECK(report->outcome == WriteReport::Outcome::kReplaced);
  CHECK(report->removed_edges == 4);  // two relations, two CITES
  CHECK_FALSE(HasKey(store.get(), "enterprise:uz-plant"));
  CHECK(EdgesOfType(store.get(), "TWINNED_WITH").empty());
  CHECK(EdgesOfType(store.get(), "LOCATED_IN").empty());
  CHECK(EdgesOfType(store.get(), "COOPERATES_WITH").size() == 1);
  CHECK(store->CountsByLabel()["Source"] == 0);

  // Tashkent keeps what the other document said and the new version says.
  const Node tashkent = NodeByKey(store.get(), "city:uz-tashkent");
  CHECK(Strings(tashkent.Get("aliases")) == std::vector<std::string>{"Tashkent", "Taszkentem"});
  CHECK(Ints(tashkent.Get("lines")) == std::vector<int64_t>{5, 40});
  CHECK(Strings(tashkent.Get("docs")) ==
        std::vector<std::string>{std::string(64, 'b'), std::string(64, 'c')});
  const Node doc = NodeByKey(store.get(), report->document_key);
  CHECK(doc.Get("sha256")->as_string() == std::string(64, 'c'));
  CHECK(doc.Get("title")->as_string() == "Partnerstwo regionów, wydanie drugie");

  auto registered = FindRegisteredDocument(store.get(), path_a);
  REQUIRE(registered.ok());
  REQUIRE(registered->has_value());
  CHECK((*registered)->sha256 == std::string(64, 'c'));
  auto all = ListRegisteredDocuments(store.get());
  REQUIRE(all.ok());
  CHECK(all->size() == 2);
}

TEST_CASE("A failed write leaves the store as it was", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const std::string path = (dir.path() / "doc.txt").string();
  REQUIRE(WriteDocumentFacts(store.get(), FirstVersion(path)).ok());
  const uint64_t nodes = store->NodeCount();
  const uint64_t edges = store->EdgeCount();

  DocumentFacts broken = FirstVersion(path);
  broken.document.sha256 = std::string(64, 'd');
  broken.relations.push_back(
      Relation("SUPPLIES", "enterprise:uz-plant", "city:kz-nowhere", 20, "Zakład dostarcza."));
  auto report = WriteDocumentFacts(store.get(), broken);
  REQUIRE(!report.ok());
  CHECK(report.status().IsInvalidArgument());
  CHECK_THAT(report.status().message(), Catch::Contains("city:kz-nowhere"));
  CHECK(store->NodeCount() == nodes);
  CHECK(store->EdgeCount() == edges);
  auto registered = FindRegisteredDocument(store.get(), path);
  REQUIRE(registered.ok());
  CHECK((*registered)->sha256 == std::string(64, 'a'));
  CHECK(EdgesOfType(store.get(), "TWINNED_WITH").size() == 1);
}

TEST_CASE("Removing a document takes back all it contributed", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const std::string path = (dir.path() / "doc.txt").string();
  REQUIRE(WriteDocumentFacts(store.get(), FirstVersion(path)).ok());
  auto removed = RemoveDocument(store.get(), path);
  REQUIRE(removed.ok());
  CHECK(*removed);
  CHECK(store->NodeCount() == 0);
  CHECK(store->EdgeCount() == 0);
  auto again = RemoveDocument(store.get(), path);
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
}

TEST_CASE("Ingesting a directory walks it and keeps the registry", "[writer]") {
  auto store = MemoryStore();
  testing::TempDir dir;
  const auto data = testing::TestDataDir() / "ingest";
  std::filesystem::create_directories(dir.path() / "sub");
  std::filesystem::copy_file(data / "footnote_mid_sentence.txt", dir.path() / "a.txt");
  std::filesystem::copy_file(data / "chapters_and_pages.txt", dir.path() / "sub" / "b.txt");
  std::filesystem::copy_file(data / "binary.bin", dir.path() / "c.txt");
  std::filesystem::copy_file(data / "misencoded.txt", dir.path() / ".hidden.txt");
  std::filesystem::copy_file(data / "misencoded.txt", dir.path() / "notes.md");

  IngestOptions options;
  options.reader.rules = testing::DefaultRules();
  auto report = IngestPaths(store.get(), {dir.str()}, options, CitationsOnlyExtractor());
  REQUIRE(report.ok());
  REQUIRE(report->files.size() == 3);
  CHECK(report->written == 2);
  CHECK(report->failed == 1);
  // Sorted: a.txt, c.txt, sub/b.txt.
  CHECK(report->files[0].path == (dir.path() / "a.txt").string());
  CHECK(report->files[2].path == (dir.path() / "sub" / "b.txt").string());
  const IngestedFile& bad = report->files[1];
  CHECK(bad.outcome == IngestedFile::Outcome::kFailed);
  CHECK(bad.path == (dir.path() / "c.txt").string());
  CHECK_THAT(bad.error.message(), Catch::Contains("c.txt"));
  CHECK_THAT(bad.error.message(), Catch::Contains("byte offset"));
  CHECK(store->CountsByLabel()["Document"] == 2);
  CHECK(store->CountsByLabel()["Source"] == 7);  // 2 + 5 footnote bodies
  CHECK(report->files[0].stats.sentences == 5);

  auto second = IngestPaths(store.get(), {dir.str()}, options, CitationsOnlyExtractor());
  REQUIRE(second.ok());
  CHECK(second->unchanged == 2);
  CHECK(second->written == 0);

  testing::WriteFile(dir.path() / "a.txt", testing::ReadFile(data / "misencoded.txt"));
  auto third = IngestPaths(store.get(), {(dir.path() / "a.txt").string()}, options,
                           CitationsOnlyExtractor());
  REQUIRE(third.ok());
  CHECK(third->replaced == 1);
  CHECK(store->CountsByLabel()["Source"] == 5);

  auto missing =
      IngestPaths(store.get(), {(dir.path() / "nope").string()}, options, CitationsOnlyExtractor());
  REQUIRE(!missing.ok());
  CHECK(missing.status().IsNotFound());
}

TEST_CASE("Ingesting on several threads writes what one thread writes, in file order", "[writer]") {
  testing::TempDir dir;
  const auto data = testing::TestDataDir() / "ingest";
  const char* fixtures[] = {"footnote_mid_sentence.txt", "chapters_and_pages.txt", "misencoded.txt",
                            "binary.bin"};
  for (int i = 0; i < 8; ++i) {
    std::filesystem::copy_file(data / fixtures[i % 4],
                               dir.path() / ("doc" + std::to_string(i) + ".txt"));
  }
  IngestOptions options;
  options.reader.rules = testing::DefaultRules();
  std::vector<std::string> seen;
  options.progress = [&](const IngestProgress& p) {
    if (seen.empty() || seen.back() != p.path) seen.push_back(p.path);
  };
  auto one = MemoryStore();
  auto serial = IngestPaths(one.get(), {dir.str()}, options, CitationsOnlyExtractor());
  REQUIRE(serial.ok());
  std::vector<std::string> serial_order = seen;

  seen.clear();
  options.threads = 3;
  auto many = MemoryStore();
  auto parallel = IngestPaths(many.get(), {dir.str()}, options, CitationsOnlyExtractor());
  REQUIRE(parallel.ok());
  CHECK(seen == serial_order);
  REQUIRE(parallel->files.size() == serial->files.size());
  for (size_t i = 0; i < serial->files.size(); ++i) {
    CHECK(parallel->files[i].path == serial->files[i].path);
    CHECK(parallel->files[i].outcome == serial->files[i].outcome);
    CHECK(parallel->files[i].stats.sentences == serial->files[i].stats.sentences);
  }
  CHECK(parallel->written == 6);
  CHECK(parallel->failed == 2);
  CHECK(many->CountsByLabel() == one->CountsByLabel());

  auto again = IngestPaths(many.get(), {dir.str()}, options, CitationsOnlyExtractor());
  REQUIRE(again.ok());
  CHECK(again->unchanged == 6);
}

}  // namespace
}  // namespace splot::ingest
