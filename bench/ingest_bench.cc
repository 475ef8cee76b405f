// End-to-end ingest throughput: read, recognise, resolve, extract relations
// and store, as `splot ingest` does (IngestPaths with a Pipeline, into a
// RocksDB store under the temp directory).
//
//   ingest_bench [--corpus PATH] [--mb 100] [--small-mb 10] [--doc-kb 1000]
//                [--threads 2] [--dir DIR] [--corpus-only] [--generate-only] [--keep]
//
// It reports, for the reference corpus, the time each stage takes on one
// core, then the end-to-end rate on the corpus and on a synthetic corpus
// written to DIR (default: <temp>/splot-ingest-bench): documents of about
// --doc-kb kilobytes made of Polish sentence templates whose slots take
// names from the gazetteer, --small-mb and then --mb megabytes of them, on
// one thread and then on --threads.  Peak resident memory is printed after
// each run: the small and the full synthetic runs on one thread, first
// extracting only and then end to end, show whether memory grows with the
// input.  Each run also prints the machine's load average before it: other
// processes' runnable threads take cores from the threaded run.
// --generate-only writes the full synthetic corpus to DIR/large and stops,
// for `splot ingest` or a profiler.  Without --corpus the corpus is looked
// up in ../shared beside the source tree (or $SPLOT_SHARED).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "graph/store.h"
#include "ingest/graph_writer.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"
#include "ingest/relation_extractor.h"
#include "ingest/resolver.h"

namespace {

namespace fs = std::filesystem;
using namespace splot;
using namespace splot::ingest;

using Clock = std::chrono::steady_clock;
using bench::CpuSeconds;
using bench::DefaultCorpus;

double PeakRssMb() { return bench::PeakRssKb() / 1024.0; }

// The machine's one-minute load average, or -1 when unknown.  Runnable
// threads of other processes take cores from the threaded run, so the
// speedup means little when this is high before it starts.
double LoadAverage() {
  double load = -1;
  std::ifstream("/proc/loadavg") >> load;
  return load;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ---- the stages on one core -------------------------------------------------

// Runs the stages of Pipeline::Extract on one document with a timer each,
// then writes the facts into a fresh store.
bool StageBreakdown(const Pipeline& pipeline, const fs::path& corpus, const fs::path& dir) {
  auto reader = Reader::Open(corpus.string(), ReaderOptions{});
  if (!reader.ok()) {
    std::cerr << reader.status().ToString() << "\n";
    return false;
  }
  double read = 0, recognise = 0, resolve = 0, relate = 0, finish = 0, store = 0;
  const Recognizer& recognizer = pipeline.recognizer();
  Resolver resolver(recognizer);
  DocumentRelations relations(pipeline.relations(), "bench");
  Sentence sentence;
  int64_t sentences = 0;
  while (true) {
    auto t = Clock::now();
    auto more = (*reader)->Next(&sentence);
    if (!more.ok()) {
      std::cerr << more.status().ToString() << "\n";
      return false;
    }
    (*reader)->TakeFootnotes();
    read += Seconds(t);
    if (!*more) break;
    ++sentences;
    SentenceContext context;
    context.document_id = "bench";
    context.line = sentence.first_line;
    context.chapter_country = sentence.country;
    t = Clock::now();
    context.year = relations.Begin(sentence);
    relate += Seconds(t);
    t = Clock::now();
    RecognizedSentence recognized = recognizer.Recognize(sentence.text, context);
    recognise += Seconds(t);
    t = Clock::now();
    std::vector<std::string> keys = resolver.Add(&recognized, sentence.text, context);
    resolve += Seconds(t);
    t = Clock::now();
    relations.Add(sentence, recognized, keys);
    relate += Seconds(t);
  }
  auto t = Clock::now();
  DocumentFacts facts;
  ResolvedDocument resolved = resolver.Finish();
  facts.entities = std::move(resolved.entities);
  facts.relations = relations.Finish(resolved, &facts.entities);
  facts.document = (*reader)->info();
  facts.document.id = facts.document.sha256 = std::string(64, '0');
  finish = Seconds(t);
  fs::remove_all(dir);
  auto db = graph::GraphStore::Open(dir.string(), graph::StoreOptions{});
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return false;
  }
  t = Clock::now();
  auto written = WriteDocumentFacts(db->get(), facts);
  store = Seconds(t);
  if (!written.ok()) {
    std::cerr << written.status().ToString() << "\n";
    return false;
  }
  const double mb = (*reader)->info().size / 1e6;
  const double total = read + recognise + resolve + relate + finish + store;
  std::printf(
      "stages on the corpus (%.2f MB, %lld sentences, %zu entities, %zu relations), "
      "one core:\n",
      mb, static_cast<long long>(sentences), facts.entities.size(), facts.relations.size());
  for (auto [name, s] : {std::pair{"read", read}, std::pair{"recognise", recognise},
                         std::pair{"resolve", resolve}, std::pair{"extract relations", relate},
                         std::pair{"finish document", finish}, std::pair{"store", store}}) {
    std::printf("  %-18s %7.3f s  %5.1f%%  %8.1f MB/s\n", name, s, 100 * s / total, mb / s);
  }
  std::printf("  %-18s %7.3f s          %8.2f MB/s\n", "all", total, mb / total);
  db->reset();
  fs::remove_all(dir);
  return true;
}

// ---- end to end ---------------------------------------------------------------

struct Run {
  double seconds = 0, cpu_seconds = 0, mb = 0, peak_rss_mb = 0;
  double load_before = -1;  // LoadAverage() when the run started
  int64_t documents = 0, failed = 0;
};

bool Ingest(Pipeline& pipeline, const std::vector<std::string>& paths, int threads,
            const fs::path& dir, Run* run) {
  fs::remove_all(dir);
  auto db = graph::GraphStore::Open(dir.string(), graph::StoreOptions{});
  if (!db.ok()) {
    std::cerr << db.status().ToString() << "\n";
    return false;
  }
  IngestOptions options;
  options.threads = threads;
  uint64_t bytes = 0;
  options.progress = [&](const IngestProgress& p) { bytes = p.bytes_total; };
  run->load_before = LoadAverage();
  const auto start = Clock::now();
  const double cpu = CpuSeconds();
  auto report = IngestPaths(db->get(), paths, options, pipeline.MakeExtractor());
  run->seconds = Seconds(start);
  run->cpu_seconds = CpuSeconds() - cpu;
  if (!report.ok()) {
    std::cerr << report.status().ToString() << "\n";
    return false;
  }
  run->mb = bytes / 1e6;
  run->documents = static_cast<int64_t>(report->files.size());
  run->failed = report->failed;
  run->peak_rss_mb = PeakRssMb();
  db->reset();
  fs::remove_all(dir);
  return true;
}

// Reads and extracts every document without storing anything: the
// memory of the extraction alone.
bool ExtractOnly(Pipeline& pipeline, const std::vector<std::string>& paths, Run* run) {
  Extractor extract = pipeline.MakeExtractor();
  run->load_before = LoadAverage();
  const auto start = Clock::now();
  const double cpu = CpuSeconds();
  uint64_t bytes = 0;
  for (const std::string& path : paths) {
    auto reader = Reader::Open(path, ReaderOptions{});
    if (!reader.ok()) {
      std::cerr << reader.status().ToString() << "\n";
      return false;
    }
    DocumentInfo info = (*reader)->info();
    info.id = info.sha256 = std::string(64, '0');
    auto facts = extract(**reader, info);
    if (!facts.ok()) {
      std::cerr << facts.status().ToString() << "\n";
      return false;
    }
    bytes += info.size;
    ++run->documents;
  }
  run->seconds = Seconds(start);
  run->cpu_seconds = CpuSeconds() - cpu;
  run->mb = bytes / 1e6;
  run->peak_rss_mb = PeakRssMb();
  return true;
}

void Report(const char* label, int threads, const Run& run) {
  std::printf(
      "%-24s %2d thread(s) %7.1f MB %4lld docs  wall %7.2f s %6.2f MB/s  cpu %7.2f s  "
      "peak RSS %6.1f MB  load before %4.1f%s\n",
      label, threads, run.mb, static_cast<long long>(run.documents), run.seconds,
      run.mb / run.seconds, run.cpu_seconds, run.peak_rss_mb, run.load_before,
      run.failed ? "  (failures!)" : "");
}

// ---- the synthetic corpus -----------------------------------------------------

// Names of the gazetteer by role, and the sentence templates they fill.
class Generator {
 public:
  Generator(const ontology::Gazetteer& gazetteer, uint32_t seed) : rng_(seed) {
    for (const ontology::GazetteerEntry& e : gazetteer.entries()) {
      bool home = e.country == "country:by";
      if (e.label == "Enterprise" || e.label == "University" || e.label == "ResearchInstitute" ||
          e.label == "GovernmentBody" || e.label == "Organization") {
        (home ? home_bodies_ : partner_bodies_).push_back(e.name);
      } else if (e.label == "City") {
        (home ? home_cities_ : partner_cities_).push_back(e.name);
      } else if (e.label == "Region") {
        (home ? home_regions_ : partner_regions_).push_back(e.name);
      } else if (e.label == "Event") {
        events_.push_back(e.name);
      }
    }
  }

  bool usable() const {
    return !home_bodies_.empty() && !partner_bodies_.empty() && !home_cities_.empty() &&
           !partner_cities_.empty() && !home_regions_.empty() && !partner_regions_.empty() &&
           !events_.empty();
  }

  // A document of about `bytes` bytes: a heading, then paragraphs of
  // sentences wrapped at 78 columns as in a PDF extraction.
  std::string Document(size_t bytes) {
    static const char* kPartners[] = {"UZBEKISTANEM", "KAZACHSTANEM", "TADŻYKISTANEM",
                                      "KIRGISTANEM", "TURKMENISTANEM"};
    std::string out = std::string("WSPÓŁPRACA Z ") + Pick(kPartners) + "\n\n";
    while (out.size() < bytes) {
      std::string paragraph;
      int n = 4 + static_cast<int>(rng_() % 5);
      for (int i = 0; i < n; ++i) paragraph += (i ? " " : "") + Sentence();
      out += Wrap(paragraph) + "\n";
    }
    return out;
  }

 private:
  template <size_t N>
  const char* Pick(const char* (&options)[N]) {
    return options[rng_() % N];
  }
  const std::string& Pick(const std::vector<std::string>& options) {
    return options[rng_() % options.size()];
  }
  int Number(int low, int high) { return low + static_cast<int>(rng_() % (high - low + 1)); }

  std::string Date() {
    static const char* kMonths[] = {"styczniu", "lutym",        "marcu",       "kwietniu",
                                    "maju",     "czerwcu",      "lipcu",       "sierpniu",
                                    "wrześniu", "październiku", "listopadzie", "grudniu"};
    switch (rng_() % 3) {
      case 0:
        return std::string("w ") + Pick(kMonths) + " " + std::to_string(Number(2005, 2024)) +
               " roku";
      case 1:
        return "w " + std::to_string(Number(2005, 2024)) + " r.";
      default:
        return std::string("we wrześniu ") + std::to_string(Number(2005, 2024)) + " r.";
    }
  }

  std::string Amount() {
    static const char* kUnits[] = {"mln USD", "milionów euro", "mln dolarów", "tys. ton"};
    return std::to_string(Number(1, 99)) + "," + std::to_string(Number(1, 9)) + " " + Pick(kUnits);
  }

  std::string Sentence() {
    static const char* kFields[] = {"rolnictwa", "energetyki", "farmacji",
                                    "edukacji",  "logistyki",  "przemysłu maszynowego",
                                    "turystyki", "medycyny",   "przemysłu lekkiego"};
    static const char* kGoodsGen[] = {"ciągników", "kombajnów", "nawozów",        "autobusów",
                                      "leków",     "tkanin",    "mleka w proszku"};
    static const char* kGoodsAcc[] = {"ciągniki", "kombajny", "nawozy",
                                      "autobusy", "leki",     "tkaniny"};
    static const char* kFiller[] = {
        "Eksperci podkreślają, że rozwój logistyki ma kluczowe znaczenie dla całego regionu.",
        "Delegacja odwiedziła zakłady produkcyjne, centrum badawcze i nowe laboratoria.",
        "Rozmowy dotyczyły również kwestii celnych, certyfikacji i transportu kolejowego.",
        "W ostatnich latach wyraźnie wzrosła liczba wspólnych projektów badawczych.",
        "Przedstawiciele biznesu wskazali na potrzebę uproszczenia procedur wizowych.",
        "Obie gospodarki uzupełniają się, co sprzyja wymianie handlowej i inwestycjom."};
    std::string date = Date();
    std::string opening = date;
    opening[0] = 'W';
    switch (rng_() % 12) {
      case 0:
        return opening + " " + Pick(home_bodies_) + " i " + Pick(partner_bodies_) +
               " podpisały umowę o współpracy w dziedzinie " + Pick(kFields) + ".";
      case 1:
        return Pick(home_bodies_) + " oraz " + Pick(partner_bodies_) +
               " zawarły kontrakt na dostawy " + Pick(kGoodsGen) + " o wartości " + Amount() + ".";
      case 2:
        return Pick(home_cities_) + " i " + Pick(partner_cities_) +
               " są miastami partnerskimi od " + std::to_string(Number(1990, 2023)) + " roku.";
      case 3:
        return Pick(events_) + " odbyło się " + date + " z udziałem ponad " +
               std::to_string(Number(20, 300)) + " firm.";
      case 4:
        return Pick(home_bodies_) + " i " + Pick(partner_bodies_) +
               " planują utworzyć wspólne przedsiębiorstwo produkujące " + Pick(kGoodsAcc) + ".";
      case 5:
        return "Strony omówiły perspektywy współpracy w dziedzinie " + std::string(Pick(kFields)) +
               " i zgodziły się kontynuować rozmowy.";
      case 6:
        return opening + " obroty handlowe wzrosły o " + std::to_string(Number(2, 60)) +
               " procent, a eksport " + Pick(kGoodsGen) + " przekroczył " + Amount() + ".";
      case 7:
        return Pick(home_bodies_) + " dostarcza " + Pick(kGoodsAcc) +
               " partnerom, a głównym odbiorcą jest " + Pick(partner_bodies_) + ".";
      case 8:
        return Pick(partner_regions_) + " i " + Pick(home_regions_) +
               " nawiązały stosunki partnerskie " + date + ".";
      case 9:
        return "Na forum swoją ofertę przedstawił także " + Pick(home_bodies_) + ".";
      default:
        return Pick(kFiller);
    }
  }

  static std::string Wrap(const std::string& text) {
    std::string out, line;
    std::istringstream words(text);
    for (std::string w; words >> w;) {
      if (!line.empty() && line.size() + 1 + w.size() > 78) {
        out += line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + w;
    }
    if (!line.empty()) out += line + "\n";
    return out;
  }

  std::mt19937 rng_;
  std::vector<std::string> home_bodies_, partner_bodies_, home_cities_, partner_cities_,
      home_regions_, partner_regions_, events_;
};

// Writes documents of about `doc_bytes` under `dir` until they hold `mb`
// megabytes; returns their paths.
std::vector<std::string> WriteSynthetic(Generator& gen, const fs::path& dir, double mb,
                                        size_t doc_bytes) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::vector<std::string> paths;
  uint64_t written = 0;
  const uint64_t target = static_cast<uint64_t>(mb * 1e6);
  for (int i = 0; written < target; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "doc%05d.txt", i);
    fs::path path = dir / name;
    std::string text = gen.Document(doc_bytes);
    std::ofstream(path, std::ios::binary) << text;
    written += text.size();
    paths.push_back(path.string());
  }
  return paths;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus = DefaultCorpus();
  fs::path dir = fs::temp_directory_path() / "splot-ingest-bench";
  double mb = 100, small_mb = 10, doc_kb = 1000;
  int threads = 2;
  bool corpus_only = false, generate_only = false, keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--corpus") {
      corpus = value();
    } else if (arg == "--mb") {
      mb = std::atof(value());
    } else if (arg == "--small-mb") {
      small_mb = std::atof(value());
    } else if (arg == "--doc-kb") {
      doc_kb = std::atof(value());
    } else if (arg == "--threads") {
      threads = std::atoi(value());
    } else if (arg == "--dir") {
      dir = value();
    } else if (arg == "--corpus-only") {
      corpus_only = true;
    } else if (arg == "--generate-only") {
      generate_only = true;
    } else if (arg == "--keep") {
      keep = true;
    } else {
      std::cerr << "usage: ingest_bench [--corpus PATH] [--mb N] [--small-mb N] [--doc-kb N] "
                   "[--threads N] [--dir DIR] [--corpus-only] [--generate-only] [--keep]\n";
      return 2;
    }
  }
  if (!fs::exists(corpus)) {
    std::cerr << "ingest_bench: corpus not found: " << corpus
              << " (pass --corpus PATH or set SPLOT_SHARED)\n";
    return 1;
  }
  if (threads < 1 || mb <= 0 || small_mb <= 0 || doc_kb <= 0) {
    std::cerr << "ingest_bench: --threads, --mb, --small-mb and --doc-kb must be positive\n";
    return 2;
  }

  auto start = Clock::now();
  auto pipeline = Pipeline::Create(PipelineOptions{});
  if (!pipeline.ok()) {
    std::cerr << pipeline.status().ToString() << "\n";
    return 1;
  }
  std::printf(
      "ingest_bench: pipeline loaded in %.2f s (ontology, gazetteer, patterns, "
      "morphology); not counted below\n",
      Seconds(start));
  const fs::path db = dir / "db";
  const size_t doc_bytes = static_cast<size_t>(doc_kb * 1000);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::cerr << "ingest_bench: cannot create " << dir << ": " << ec.message() << "\n";
    return 1;
  }
  if (generate_only) {
    Generator gen((*pipeline)->recognizer().gazetteer(), 20240601);
    std::vector<std::string> docs = WriteSynthetic(gen, dir / "large", mb, doc_bytes);
    std::printf("wrote %zu documents to %s\n", docs.size(), (dir / "large").c_str());
    return 0;
  }
  if (!StageBreakdown(**pipeline, corpus, db)) return 1;

  Run run;
  if (!Ingest(**pipeline, {corpus.string()}, 1, db, &run)) return 1;
  Report("corpus", 1, run);
  if (corpus_only) return 0;

  Generator gen((*pipeline)->recognizer().gazetteer(), 20240601);
  if (!gen.usable()) {
    std::cerr << "ingest_bench: the gazetteer lacks names for the templates\n";
    return 1;
  }
  auto t = Clock::now();
  std::vector<std::string> small = WriteSynthetic(gen, dir / "small", small_mb, doc_bytes);
  std::vector<std::string> large = WriteSynthetic(gen, dir / "large", mb, doc_bytes);
  std::printf("synthetic corpus written to %s in %.1f s\n", dir.c_str(), Seconds(t));

  Run small_extract, full_extract;
  if (!ExtractOnly(**pipeline, small, &small_extract)) return 1;
  Report("extract only (small)", 1, small_extract);
  if (!ExtractOnly(**pipeline, large, &full_extract)) return 1;
  Report("extract only (full)", 1, full_extract);

  Run small_run, one, many;
  if (!Ingest(**pipeline, small, 1, db, &small_run)) return 1;
  Report("synthetic (small)", 1, small_run);
  if (!Ingest(**pipeline, large, 1, db, &one)) return 1;
  Report("synthetic (full)", 1, one);
  if (!Ingest(**pipeline, large, threads, db, &many)) return 1;
  Report("synthetic (full)", threads, many);
  std::printf("speedup on %d threads: %.2fx\n", threads, one.seconds / many.seconds);
  std::printf(
      "peak RSS from %.0f to %.0f MB of input on one thread: extraction %+.1f MB, "
      "end to end %+.1f MB (the store's memtables and block cache fill up to their "
      "configured sizes)\n",
      small_run.mb, one.mb, full_extract.peak_rss_mb - small_extract.peak_rss_mb,
      one.peak_rss_mb - small_run.peak_rss_mb);
  if (!keep) fs::remove_all(dir);
  return 0;
}
