// Where a command writes: results to stdout, messages and progress to
// stderr, and the mapping from a Status to the process exit code.
#ifndef SPLOT_CLI_CONSOLE_H_
#define SPLOT_CLI_CONSOLE_H_

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include "base/status.h"

namespace splot::cli {

// Exit codes: 0 success, 1 the user's input or environment is wrong (the
// message says what to do), 2 an internal error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUser = 1;
inline constexpr int kExitInternal = 2;

struct Console {
  std::ostream& out = std::cout;
  std::ostream& err = std::cerr;
  bool quiet = false;
  bool stderr_is_tty = false;

  // Prints "splot: <message>" to stderr and returns the exit code for `s`.
  int Fail(const Status& s) const;
  // Prints "splot: warning: <message>" to stderr, quiet or not: the result
  // stands but the user should know what was changed.
  void Warn(const std::string& message) const;
  // Prints an informational line to stderr unless quiet.
  void Note(const std::string& line) const;
};

// Maps a failed Status to kExitUser or kExitInternal.
int ExitCodeFor(const Status& s);

// A one-line progress bar on stderr, drawn only when stderr is a terminal
// and the console is not quiet; redrawn at most ten times a second.
class ProgressBar {
 public:
  ProgressBar(const Console& console, std::string what);
  ~ProgressBar();
  // Redraws with `done` of `total` bytes and a free-form count such as
  // "12 documents" or "1.2M edges".
  void Update(uint64_t done, uint64_t total, const std::string& counts);
  // Clears the bar's line.
  void Finish();

 private:
  const Console& console_;
  std::string what_;
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

// "1.2 MB", "3.4 GB".
std::string HumanBytes(double bytes);
// "1,234,567".
std::string WithCommas(uint64_t n);

}  // namespace splot::cli

#endif  // SPLOT_CLI_CONSOLE_H_
