#include "cli/console.h"

#include <cstdio>

namespace splot::cli {

int ExitCodeFor(const Status& s) {
  if (s.ok()) return kExitOk;
  switch (s.code()) {
    case Status::Code::kInternal:
    case Status::Code::kCorruption:
      return kExitInternal;
    default:
      return kExitUser;
  }
}

int Console::Fail(const Status& s) const {
  err << "splot: " << s.message() << "\n";
  return ExitCodeFor(s);
}

void Console::Warn(const std::string& message) const {
  err << "splot: warning: " << message << "\n";
}

void Console::Note(const std::string& line) const {
  if (!quiet) err << line << "\n";
}

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

std::string WithCommas(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

ProgressBar::ProgressBar(const Console& console, std::string what)
    : console_(console), what_(std::move(what)), active_(console.stderr_is_tty && !console.quiet) {
  start_ = last_ = std::chrono::steady_clock::now();
}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(uint64_t done, uint64_t total, const std::string& counts) {
  if (!active_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double rate = secs > 0 ? done / secs : 0;
  double frac = total ? static_cast<double>(done) / total : 0;
  if (frac > 1) frac = 1;
  const int width = 24;
  int filled = static_cast<int>(frac * width);
  std::string bar(filled, '#');
  bar += std::string(width - filled, '.');
  char eta[32] = "";
  if (rate > 0 && total > done) {
    int s = static_cast<int>((total - done) / rate);
    std::snprintf(eta, sizeof eta, " ETA %d:%02d", s / 60, s % 60);
  }
  console_.err << "\r" << what_ << " [" << bar << "] " << static_cast<int>(frac * 100) << "% "
               << HumanBytes(static_cast<double>(done)) << " / "
               << HumanBytes(static_cast<double>(total)) << ", " << HumanBytes(rate) << "/s, "
               << counts << eta << "\x1b[K" << std::flush;
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (active_ && drawn_) console_.err << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

}  // namespace splot::cli
