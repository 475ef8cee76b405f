// Helpers shared by the test executables.
#ifndef SPLOT_TESTS_TEST_SUPPORT_H_
#define SPLOT_TESTS_TEST_SUPPORT_H_

#include <filesystem>
#include <optional>
#include <string>

namespace splot::testing {

// The directory of hand-written fixtures, tests/data.
std::filesystem::path TestDataDir();

// The shared directory (corpus, gold, TCK, peers) beside the repository,
// found as ../shared from the source tree or from $SPLOT_SHARED; nullopt when
// it is absent, in which case the caller SKIPs with a clear message.
std::optional<std::filesystem::path> SharedDir();

// A fresh, empty directory under the system temp dir, removed when the
// object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// Runs `command` through /bin/sh, capturing stdout (and stderr when
// `merge_stderr`); returns the exit status, or -1 when it could not run.
int RunCommand(const std::string& command, std::string* output, bool merge_stderr = false);

// Reads a whole file; throws on failure (tests only).
std::string ReadFile(const std::filesystem::path& path);
void WriteFile(const std::filesystem::path& path, const std::string& content);

}  // namespace splot::testing

#endif  // SPLOT_TESTS_TEST_SUPPORT_H_
