// Recognition on the reference corpus, scored against the hand-annotated
// dev gold with ../shared/eval/score.py.  The figures are floors: they must
// never regress.  Skips with a message when ../shared or python3 is absent.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>

#include "ingest/resolver.h"
#include "ontology/json_doc.h"
#include "tests/entities/corpus_reader.h"
#include "tests/entities/entities_support.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

constexpr double kRecallTypedFloor = 0.90;
constexpr double kPrecisionFloor = 0.85;
constexpr double kLemmaHitFloor = 0.90;

std::string RunCommand(const std::string& command) {
  std::string out;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe.get())) > 0) out.append(buffer, n);
  return out;
}

TEST_CASE("entity recognition on the corpus meets the dev-set floors", "[corpus]") {
  auto shared = splot::testing::SharedDir();
  if (!shared) {
    WARN("SKIPPED: ../shared not found (set SPLOT_SHARED); corpus figures not checked");
    return;
  }
  auto corpus = *shared / "corpus" / "belarus-central-asia.pl.txt";
  auto gold = *shared / "eval" / "gold-dev.json";
  auto scorer = *shared / "eval" / "score.py";
  if (!std::filesystem::exists(corpus) || !std::filesystem::exists(gold)) {
    WARN("SKIPPED: corpus or gold missing under " << shared->string());
    return;
  }
  const Recognizer& recognizer = splot::testing::SharedRecognizer();
  Resolver resolver(recognizer, ResolverOptions{splot::testing::LetterRepairs(), 0.8});
  splot::testing::ChapterTracker chapter;
  uint64_t words = 0, dictionary = 0, fallback = 0, bytes = 0;
  auto start = std::chrono::steady_clock::now();
  for (const auto& s : splot::testing::ReadCorpusCrudely(corpus, splot::testing::LetterRepairs())) {
    SentenceContext ctx;
    ctx.document_id = "corpus";
    ctx.line = s.line;
    ctx.line_breaks = s.line_breaks;
    ctx.chapter_country = chapter.Current();
    RecognizedSentence r = recognizer.Recognize(s.text, ctx);
    resolver.Add(&r, s.text, ctx);
    bytes += s.text.size();
    for (const Mention& m : r.mentions) {
      if (m.label == "Country") chapter.Saw(m.key);
    }
    for (const Token& t : r.tokens) {
      if (t.kind != TokenKind::kWord) continue;
      ++words;
      dictionary += t.analysis->source == WordAnalysis::Source::kDictionary;
      fallback += t.analysis->source == WordAnalysis::Source::kFallback;
    }
  }
  ResolvedDocument doc = resolver.Finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double hit = static_cast<double>(dictionary) / static_cast<double>(words);
  WARN("corpus: " << words << " words, lemma hit rate " << hit << " (dictionary), "
                  << static_cast<double>(fallback) / static_cast<double>(words)
                  << " (suffix fallback), " << doc.entities.size() << " entities, "
                  << bytes / 1e6 / seconds << " MB/s recognise+resolve");
  CHECK(hit >= kLemmaHitFloor);

  splot::testing::TempDir tmp;
  auto export_path = tmp.path() / "graph.json";
  splot::testing::WriteExportJson(doc.entities, export_path);
  if (RunCommand("python3 --version 2>/dev/null").empty()) {
    WARN("SKIPPED: python3 not found; dev-set scores not checked");
    return;
  }
  std::string report = RunCommand("python3 '" + scorer.string() + "' '" + gold.string() + "' '" +
                                  export_path.string() + "' --to 3000 --json");
  auto parsed = ontology::ParseJson(report, "score.py output");
  INFO(report);
  REQUIRE(parsed.ok());
  const ontology::JsonValue* entities = parsed->Find("entities");
  REQUIRE(entities != nullptr);
  double recall_typed = entities->Find("recall_typed")->as_number();
  double precision = entities->Find("precision")->as_number();
  WARN("dev set lines 1-3000: typed entity recall " << recall_typed << ", precision " << precision);
  CHECK(recall_typed >= kRecallTypedFloor);
  CHECK(precision >= kPrecisionFloor);
}

}  // namespace
}  // namespace splot::ingest
