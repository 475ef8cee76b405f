// SIGKILL at random points: the store must open, pass `splot check`, hold
// either all or none of an atomic unit, and a re-run must finish the work.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "tests/test_support.h"

using splot::testing::RunCommand;
using splot::testing::TempDir;
using splot::testing::WriteFile;

namespace {

// Starts splot with `args` (stdout/stderr discarded) and returns its pid.
pid_t Start(const std::vector<std::string>& args) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(SPLOT_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    FILE* null = std::fopen("/dev/null", "w");
    ::dup2(fileno(null), 1);
    ::dup2(fileno(null), 2);
    ::execv(SPLOT_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

double RunMs(const std::vector<std::string>& args, int* code) {
  auto t0 = std::chrono::steady_clock::now();
  *code = Wait(Start(args));
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// Number after `label` in `splot stats` output.
long long Stat(const std::string& db, const std::string& label) {
  std::string out;
  RunCommand(std::string("'") + SPLOT_BINARY + "' --db '" + db + "' stats", &out);
  size_t at = out.find(label);
  if (at == std::string::npos) return -1;
  std::string digits;
  for (size_t i = at + label.size(); i < out.size() && out[i] != '\n'; ++i) {
    if (isdigit(static_cast<unsigned char>(out[i]))) digits += out[i];
  }
  return digits.empty() ? -1 : std::stoll(digits);
}

int Check(const std::string& db, std::string* out) {
  return RunCommand(std::string("'") + SPLOT_BINARY + "' --db '" + db + "' check", out, true);
}

// A graph big enough that an import takes a few hundred milliseconds.
void WriteGraph(const TempDir& dir, int nodes, int edges, const std::string& prefix) {
  std::string n = ":ID,:LABEL,name\n";
  for (int i = 0; i < nodes; ++i)
    n += prefix + std::to_string(i) + ",City,Miasto " + prefix + std::to_string(i) + "\n";
  WriteFile(dir.path() / (prefix + "nodes.csv"), n);
  std::mt19937 rng(7);
  std::string e = ":START_ID,:END_ID,:TYPE,weight:int\n";
  for (int i = 0; i < edges; ++i) {
    e += prefix + std::to_string(rng() % nodes) + "," + prefix + std::to_string(rng() % nodes) +
         ",ROAD," + std::to_string(i % 100) + "\n";
  }
  WriteFile(dir.path() / (prefix + "edges.csv"), e);
}

}  // namespace

TEST_CASE("import killed at random points: bulk load is all or nothing", "[crash][import]") {
  TempDir dir;
  const int kNodes = 20000, kEdges = 100000;
  WriteGraph(dir, kNodes, kEdges, "g");
  std::string nodes = (dir.path() / "gnodes.csv").string(),
              edges = (dir.path() / "gedges.csv").string();
  int code;
  double full =
      RunMs({"--db", dir.str() + "/probe", "import", "--nodes", nodes, "--edges", edges}, &code);
  REQUIRE(code == 0);

  std::mt19937 rng(2024);
  int partial_states = 0;
  for (int trial = 0; trial < 20; ++trial) {
    std::string db = dir.str() + "/bulk" + std::to_string(trial);
    int delay = static_cast<int>(std::uniform_real_distribution<double>(0.0, full * 1.1)(rng));
    pid_t pid = Start({"--db", db, "import", "--nodes", nodes, "--edges", edges});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    Wait(pid);
    INFO("trial " << trial << ", killed after " << delay << " ms of " << full);
    std::string out;
    if (Stat(db, "nodes") >= 0) {  // the store exists
      REQUIRE(Check(db, &out) == 0);
      long long n = Stat(db, "nodes"), e = Stat(db, "edges");
      CHECK(((n == 0 && e == 0) || (n == kNodes && e == kEdges)));
      partial_states += n == 0;
    }
    // Running the import again finishes the work, or finds it done.
    RunMs({"--db", db, "import", "--nodes", nodes, "--edges", edges}, &code);
    REQUIRE(code == 0);
    CHECK(Stat(db, "nodes") == kNodes);
    CHECK(Stat(db, "edges") == kEdges);
    REQUIRE(Check(db, &out) == 0);
  }
  INFO("kills that found an empty store: " << partial_states);
}

TEST_CASE("import killed at random points: batches resume without duplicates", "[crash][import]") {
  TempDir dir;
  const int kNodes = 5000, kEdges = 40000;
  WriteGraph(dir, kNodes, kEdges, "h");
  WriteGraph(dir, 10, 10, "base");
  std::string nodes = (dir.path() / "hnodes.csv").string(),
              edges = (dir.path() / "hedges.csv").string();
  std::string base_nodes = (dir.path() / "basenodes.csv").string(),
              base_edges = (dir.path() / "baseedges.csv").string();
  int code;
  RunMs({"--db", dir.str() + "/probe", "import", "--nodes", base_nodes, "--edges", base_edges},
        &code);
  REQUIRE(code == 0);
  double full = RunMs({"--db", dir.str() + "/probe", "import", "--batch-rows", "2000", "--nodes",
                       nodes, "--edges", edges},
                      &code);
  REQUIRE(code == 0);

  std::mt19937 rng(99);
  for (int trial = 0; trial < 20; ++trial) {
    std::string db = dir.str() + "/batched" + std::to_string(trial);
    RunMs({"--db", db, "import", "--nodes", base_nodes, "--edges", base_edges}, &code);
    REQUIRE(code == 0);
    int delay = static_cast<int>(std::uniform_real_distribution<double>(0.0, full * 1.1)(rng));
    pid_t pid =
        Start({"--db", db, "import", "--batch-rows", "2000", "--nodes", nodes, "--edges", edges});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    ::kill(pid, SIGKILL);
    Wait(pid);
    INFO("trial " << trial << ", killed after " << delay << " ms of " << full);
    std::string out;
    REQUIRE(Check(db, &out) == 0);
    long long n = Stat(db, "nodes");
    CHECK(n >= 10);
    CHECK(n <= 10 + kNodes);
    RunMs({"--db", db, "import", "--batch-rows", "2000", "--nodes", nodes, "--edges", edges},
          &code);
    REQUIRE(code == 0);
    CHECK(Stat(db, "nodes") == 10 + kNodes);
    CHECK(Stat(db, "edges") == 10 + kEdges);
    REQUIRE(Check(db, &out) == 0);
  }
}
