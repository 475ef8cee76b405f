// Reader throughput: streams the reference corpus repeated to a given size
// through ingest::Reader and reports MB/s on one core and the peak resident
// memory, first for a small input and then for the full one, so that memory
// growth with input size would show.
//
//   reader_bench [--corpus PATH] [--mb 100] [--small-mb 10] [--hash]
//
// Without --corpus the corpus is looked up in ../shared beside the source
// tree (or $SPLOT_SHARED).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "bench/bench_util.h"
#include "ingest/reader.h"
#include "ontology/text_rules.h"

namespace {

namespace fs = std::filesystem;
using splot::bench::CpuSeconds;
using splot::bench::DefaultCorpus;
using splot::bench::PeakRssKb;
using splot::ingest::Reader;
using splot::ingest::ReaderOptions;
using splot::ingest::Sentence;

// Writes `corpus` repeated until the file holds at least `mb` megabytes.
fs::path MakeInput(const std::string& corpus, double mb, const std::string& tag) {
  fs::path path = fs::temp_directory_path() / ("splot-reader-bench-" + tag + ".txt");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const uint64_t target = static_cast<uint64_t>(mb * 1e6);
  uint64_t written = 0;
  while (written < target) {
    out << corpus;
    written += corpus.size();
  }
  return path;
}

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;
  uint64_t bytes = 0;
  int64_t sentences = 0;
  int64_t footnotes = 0;
  int64_t markers_linked = 0;
  long peak_rss_kb = 0;
};

bool Measure(const fs::path& path, const ReaderOptions& options, Run* run) {
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  auto reader = Reader::Open(path.string(), options);
  if (!reader.ok()) {
    std::cerr << reader.status().ToString() << "\n";
    return false;
  }
  Sentence sentence;
  while (true) {
    auto more = (*reader)->Next(&sentence);
    if (!more.ok()) {
      std::cerr << more.status().ToString() << "\n";
      return false;
    }
    if (!*more) break;
    ++run->sentences;
    run->footnotes += static_cast<int64_t>((*reader)->TakeFootnotes().size());
    (*reader)->TakeSections();
  }
  run->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run->cpu_seconds = CpuSeconds() - cpu_start;
  run->bytes = (*reader)->info().size;
  run->markers_linked = (*reader)->stats().markers_linked;
  run->peak_rss_kb = PeakRssKb();
  return true;
}

void Report(const char* label, const Run& run) {
  // CPU time is what one core spends; wall time also counts waiting for a
  // core on a busy machine.
  std::printf(
      "%-26s %7.1f MB  wall %6.2f s %6.1f MB/s  cpu %6.2f s %6.1f MB/s  %8lld sentences  "
      "%6lld footnotes  %6lld markers linked  peak RSS %5.1f MB\n",
      label, run.bytes / 1e6, run.seconds, run.bytes / 1e6 / run.seconds, run.cpu_seconds,
      run.bytes / 1e6 / run.cpu_seconds, static_cast<long long>(run.sentences),
      static_cast<long long>(run.footnotes), static_cast<long long>(run.markers_linked),
      run.peak_rss_kb / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus_path = DefaultCorpus();
  double mb = 100, small_mb = 10;
  bool hash = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--corpus" && i + 1 < argc) {
      corpus_path = argv[++i];
    } else if (arg == "--mb" && i + 1 < argc) {
      mb = std::atof(argv[++i]);
    } else if (arg == "--small-mb" && i + 1 < argc) {
      small_mb = std::atof(argv[++i]);
    } else if (arg == "--hash") {
      hash = true;
    } else {
      std::cerr << "usage: reader_bench [--corpus PATH] [--mb N] [--small-mb N] [--hash]\n";
      return 2;
    }
  }
  std::ifstream in(corpus_path, std::ios::binary);
  if (!in) {
    std::cerr << "reader_bench: corpus not found: " << corpus_path
              << " (pass --corpus PATH or set SPLOT_SHARED)\n";
    return 1;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string corpus = buffer.str();

  auto rules = splot::ontology::LoadTextRules(splot::ontology::DefaultTextRulesDir());
  if (!rules.ok()) {
    std::cerr << rules.status().ToString() << "\n";
    return 1;
  }
  ReaderOptions options;
  options.rules = std::make_shared<splot::ontology::TextRules>(std::move(rules).value());
  options.hash_first = hash;

  std::printf("reader_bench: corpus %s (%.2f MB), hash_first=%s, one thread\n", corpus_path.c_str(),
              corpus.size() / 1e6, hash ? "yes" : "no");
  const fs::path small = MakeInput(corpus, small_mb, "small");
  const fs::path large = MakeInput(corpus, mb, "large");
  Run small_run, large_run;
  const bool ok = Measure(small, options, &small_run) && Measure(large, options, &large_run);
  std::error_code ec;
  fs::remove(small, ec);
  fs::remove(large, ec);
  if (!ok) return 1;
  Report("corpus repeated (small)", small_run);
  Report("corpus repeated (full)", large_run);
  std::printf("peak RSS grew by %.1f MB from %.0f MB to %.0f MB of input\n",
              (large_run.peak_rss_kb - small_run.peak_rss_kb) / 1024.0, small_run.bytes / 1e6,
              large_run.bytes / 1e6);
  return 0;
}
