#include "tests/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace splot::testing {

std::filesystem::path TestDataDir() { return SPLOT_TEST_DATA_DIR; }

std::optional<std::filesystem::path> SharedDir() {
  if (const char* env = std::getenv("SPLOT_SHARED")) {
    if (std::filesystem::is_directory(env)) return std::filesystem::path(env);
  }
  auto candidate = std::filesystem::path(SPLOT_SOURCE_DIR).parent_path() / "shared";
  if (std::filesystem::is_directory(candidate)) return candidate;
  return std::nullopt;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() /
          ("splot-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
           std::to_string(rd() % 100000));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

int RunCommand(const std::string& command, std::string* output, bool merge_stderr) {
  std::string full = command + (merge_stderr ? " 2>&1" : "");
  FILE* pipe = ::popen(full.c_str(), "r");
  if (!pipe) return -1;
  char buf[4096];
  size_t n;
  if (output) output->clear();
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) {
    if (output) output->append(buf, n);
  }
  int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::runtime_error("cannot write " + path.string());
  out << content;
}

}  // namespace splot::testing
