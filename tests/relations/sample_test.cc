// Extraction on the sample corpus (data/sample), scored document by
// document against its hand annotation (data/sample/gold) with
// ../shared/eval/score.py, the scorer of the reference corpus.  The sample
// was written independently of the rules, so these figures show how they
// carry over to text they were not made on.  The figures are floors summed
// over the seven documents.  Skips with a message when score.py or python3
// is absent.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "graph/export.h"
#include "graph/store.h"
#include "ingest/graph_writer.h"
#include "ingest/pipeline.h"
#include "ontology/json_doc.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

constexpr double kRelationF1Floor = 0.77;
constexpr double kRelationPrecisionFloor = 0.83;
constexpr double kEntityRecallFloor = 0.88;
constexpr double kEntityPrecisionFloor = 0.90;

struct Counts {
  double gold = 0, system = 0, tp = 0;
  double Recall() const { return gold > 0 ? tp / gold : 0; }
  double Precision() const { return system > 0 ? tp / system : 0; }
  double F1() const {
    double r = Recall(), p = Precision();
    return r + p > 0 ? 2 * r * p / (r + p) : 0;
  }
};

TEST_CASE("extraction on the sample corpus meets the floors of its own gold", "[sample]") {
  auto shared = splot::testing::SharedDir();
  std::filesystem::path scorer = shared ? *shared / "eval" / "score.py" : "";
  if (!shared || !std::filesystem::exists(scorer)) {
    WARN(
        "SKIPPED: ../shared/eval/score.py not found (set SPLOT_SHARED); sample figures not "
        "checked");
    return;
  }
  std::string output;
  if (splot::testing::RunCommand("python3 --version", &output) != 0) {
    WARN("SKIPPED: python3 not found; sample figures not checked");
    return;
  }
  const std::filesystem::path sample = SPLOT_SAMPLE_DIR;
  auto pipeline = Pipeline::Create(PipelineOptions{});
  INFO(pipeline.status().ToString());
  REQUIRE(pipeline.ok());

  Counts relations;
  Counts entities;  // gold and tp from recall, system and tp from precision
  double entity_system_correct = 0;
  std::map<std::string, Counts> by_type;
  int documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator(sample / "gold")) {
    const std::string name = entry.path().stem().string();
    INFO(name);
    const std::filesystem::path text = sample / (name + ".txt");
    REQUIRE(std::filesystem::exists(text));
    splot::testing::TempDir tmp;
    auto store = graph::GraphStore::Open((tmp.path() / "db").string(), graph::StoreOptions{});
    REQUIRE(store.ok());
    auto report =
        IngestPaths(store->get(), {text.string()}, IngestOptions{}, (*pipeline)->MakeExtractor());
    INFO(report.status().ToString());
    REQUIRE(report.ok());
    auto export_path = tmp.path() / "graph.json";
    {
      auto txn = (*store)->BeginRead();
      REQUIRE(graph::ExportToPath(*txn, graph::ExportFormat::kJson, graph::ExportSelection{},
                                  export_path.string())
                  .ok());
    }
    REQUIRE(splot::testing::RunCommand("PYTHONHASHSEED=0 python3 '" + scorer.string() + "' '" +
                                           entry.path().string() + "' '" + export_path.string() +
                                           "' --json",
                                       &output) == 0);
    auto parsed = ontology::ParseJson(output, "score.py output");
    REQUIRE(parsed.ok());
    const ontology::JsonValue* all = parsed->Find("relations_all");
    const ontology::JsonValue* ents = parsed->Find("entities");
    const ontology::JsonValue* types = parsed->Find("relations");
    REQUIRE(all != nullptr);
    REQUIRE(ents != nullptr);
    REQUIRE(types != nullptr);
    relations.gold += all->Find("gold")->as_number();
    relations.system += all->Find("system")->as_number();
    relations.tp += all->Find("tp")->as_number();
    double gold = ents->Find("gold")->as_number();
    double system = ents->Find("system_nodes")->as_number();
    entities.gold += gold;
    entities.tp += ents->Find("recall_typed")->as_number() * gold;
    entities.system += system;
    entity_system_correct += ents->Find("precision")->as_number() * system;
    for (const auto& [type, t] : types->members()) {
      Counts& c = by_type[type];
      c.gold += t.Find("gold")->as_number();
      c.system += t.Find("system")->as_number();
      c.tp += t.Find("tp")->as_number();
    }
    ++documents;
  }
  REQUIRE(documents == 7);
  for (const auto& [type, c] : by_type) {
    WARN(type << ": gold " << c.gold << ", system " << c.system << ", tp " << c.tp);
  }
  double entity_recall = entities.tp / entities.gold;
  double entity_precision = entity_system_correct / entities.system;
  WARN("sample corpus, 7 documents: relation F1 "
       << relations.F1() << ", precision " << relations.Precision() << ", recall "
       << relations.Recall() << "; entities recall (typed) " << entity_recall << ", precision "
       << entity_precision);
  CHECK(relations.F1() >= kRelationF1Floor);
  CHECK(relations.Precision() >= kRelationPrecisionFloor);
  CHECK(entity_recall >= kEntityRecallFloor);
  CHECK(entity_precision >= kEntityPrecisionFloor);
}

}  // namespace
}  // namespace splot::ingest
