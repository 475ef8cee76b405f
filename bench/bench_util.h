// Helpers the benchmarks share: CPU time, peak memory and where the
// reference corpus is.
#ifndef SPLOT_BENCH_BENCH_UTIL_H_
#define SPLOT_BENCH_BENCH_UTIL_H_

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace splot::bench {

// CPU seconds (user and system) this process has used so far.
inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

// The peak resident memory of this process so far, in kilobytes.
inline long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// A monotonic clock in milliseconds, for timing one operation.
inline double NowMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// The peak resident memory of this process so far, in megabytes.
inline double PeakRssMb() { return static_cast<double>(PeakRssKb()) / 1024.0; }

// The reference corpus: in $SPLOT_SHARED, else in ../shared beside the
// source tree.
inline std::filesystem::path DefaultCorpus() {
  std::filesystem::path shared;
  if (const char* env = std::getenv("SPLOT_SHARED")) {
    shared = env;
  } else {
    shared = std::filesystem::path(SPLOT_SOURCE_DIR).parent_path() / "shared";
  }
  return shared / "corpus" / "belarus-central-asia.pl.txt";
}

}  // namespace splot::bench

#endif  // SPLOT_BENCH_BENCH_UTIL_H_
