// SIGKILL at random points (the store must open, pass `splot check`, hold
// either all or none of an atomic unit, and a re-run must finish the work),
// and one writer with readers alongside it.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
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

namespace {

// Writes `count` distinct documents under dir/<name>: the sample corpus over
// and over, each copy with a line of its own (naming the directory too) so
// that it is a document of its own.  Returns the directory.
std::filesystem::path WriteSampleCopies(const TempDir& dir, int count,
                                        const std::string& name = "docs") {
  const std::filesystem::path docs = dir.path() / name;
  std::filesystem::create_directories(docs);
  int made = 0;
  for (int copy = 0; made < count; ++copy) {
    for (const auto& entry : std::filesystem::directory_iterator(SPLOT_SAMPLE_DIR)) {
      if (entry.path().extension() != ".txt" || made >= count) continue;
      std::string text = splot::testing::ReadFile(entry.path());
      text += "\nKopia numer " + std::to_string(copy) + " z katalogu " + name + ".\n";
      WriteFile(docs / (std::to_string(made) + "-" + entry.path().filename().string()), text);
      ++made;
    }
  }
  return docs;
}

// Per document path: "<entities mentioned>|<sources cited>", from a query.
std::map<std::string, std::string> DocumentContents(const std::string& db) {
  std::string out;
  const int code =
      RunCommand(std::string("'") + SPLOT_BINARY + "' --db '" + db +
                     "' query --format csv \"MATCH (d:Document) OPTIONAL MATCH (d)-[:CITES]->(s) "
                     "WITH d, count(s) AS sources OPTIONAL MATCH (e) WHERE d.id IN e.docs "
                     "RETURN d.path, sources, count(e) ORDER BY d.path\"",
                 &out);
  REQUIRE(code == 0);
  std::map<std::string, std::string> docs;
  std::istringstream lines(out);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    const size_t last = line.rfind(',');
    const size_t mid = line.rfind(',', last - 1);
    docs[line.substr(0, mid)] = line.substr(mid + 1);
  }
  return docs;
}

}  // namespace

TEST_CASE("ingest killed at random points: each document wholly present or absent",
          "[crash][ingest]") {
  TempDir dir;
  const std::filesystem::path docs = WriteSampleCopies(dir, 40);
  int code;
  const std::string probe = dir.str() + "/probe";
  // The kills land after the one-off setup (rules, gazetteer, dictionary),
  // measured on a directory without documents, and before the end.
  std::filesystem::create_directories(dir.path() / "none");
  const double setup = RunMs({"--db", probe, "ingest", (dir.path() / "none").string()}, &code);
  REQUIRE(code == 0);
  const double full = RunMs({"--db", probe, "ingest", docs.string()}, &code);
  REQUIRE(code == 0);
  const auto complete = DocumentContents(probe);
  REQUIRE(complete.size() == 40);

  int partial = 0;
  // Kills `pid` (an ingest into `db`) once `ready` says so, then checks what
  // the store holds and that a re-run finishes the work.
  auto trial = [&](const std::string& db, pid_t pid, const std::string& when) {
    ::kill(pid, SIGKILL);
    Wait(pid);
    INFO(when);
    std::string out;
    if (Stat(db, "nodes") >= 0) {
      REQUIRE(Check(db, &out) == 0);
      // Every document that made it in holds all of its facts.
      const auto found = DocumentContents(db);
      for (const auto& [path, contents] : found) {
        INFO(path);
        REQUIRE(complete.count(path) == 1);
        CHECK(contents == complete.at(path));
      }
      partial += found.size() > 0 && found.size() < complete.size();
    }
    RunMs({"--db", db, "ingest", docs.string()}, &code);
    REQUIRE(code == 0);
    REQUIRE(Check(db, &out) == 0);
    CHECK(DocumentContents(db) == complete);
  };
  std::mt19937 rng(4711);
  for (int t = 0; t < 20; ++t) {
    const std::string db = dir.str() + "/ingest" + std::to_string(t);
    const int delay =
        static_cast<int>(std::uniform_real_distribution<double>(setup, std::max(setup, full))(rng));
    pid_t pid = Start({"--db", db, "ingest", docs.string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    std::ostringstream when;
    when << "trial " << t << ", killed after " << delay << " ms of " << full << " (setup " << setup
         << ")";
    trial(db, pid, when.str());
  }
  // On a loaded machine the random kills may all miss the stretch between
  // the first and the last document; then kill once a reader sees one in.
  for (int t = 0; partial < 2 && t < 10; ++t) {
    const std::string db = dir.str() + "/late" + std::to_string(t);
    pid_t pid = Start({"--db", db, "ingest", docs.string()});
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (Stat(db, "documents") <= 0 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    trial(db, pid, "late trial " + std::to_string(t) + ", killed once a document was in");
  }
  // The kills must have landed between documents at least sometimes, or
  // the test proves nothing.
  CHECK(partial >= 2);
}

TEST_CASE("one writer, readers alongside: queries and the REPL read during an ingest",
          "[concurrency]") {
  TempDir dir;
  const std::string db = dir.str() + "/store";
  const std::string splot = std::string("'") + SPLOT_BINARY + "' --db '" + db + "' ";
  int code;
  // A first document, so that readers find a store from the start.
  const std::filesystem::path first = dir.path() / "first.txt";
  WriteFile(first, "Wydanie pierwsze: Mińsk i Taszkent podpisały umowę o współpracy.\n");
  RunMs({"--db", db, "ingest", first.string()}, &code);
  REQUIRE(code == 0);

  // The REPL reads statements from a pipe that feeds one every 300 ms.
  std::string feed = "(echo ':format csv'";
  for (int i = 0; i < 12; ++i)
    feed += "; sleep 0.3; echo 'MATCH (d:Document) RETURN count(d) AS n;'";
  feed += ") | " + splot + "repl > '" + dir.str() + "/repl.out' 2>&1 &";
  REQUIRE(std::system(feed.c_str()) == 0);

  // A second writer must be refused while the ingest holds the lock.  On a
  // loaded machine the ingest may end between the reader's answer and the
  // write attempt; then the lock was free and the round proves nothing, so
  // another ingest of new documents gives it one more chance.
  constexpr int kDocsPerRound = 60;
  bool second_writer_refused = false;
  long long created = 0;
  int rounds = 0;
  std::vector<long long> seen;
  while (!second_writer_refused && rounds < 5) {
    const std::filesystem::path docs =
        WriteSampleCopies(dir, kDocsPerRound, "round" + std::to_string(rounds));
    ++rounds;
    pid_t writer = Start({"--db", db, "ingest", docs.string()});
    bool attempted = false;
    int status = 0;
    while (::waitpid(writer, &status, WNOHANG) == 0) {
      std::string out;
      const int rc =
          RunCommand(splot + "query --format csv 'MATCH (d:Document) RETURN count(d)'", &out, true);
      INFO(out);
      REQUIRE(rc == 0);
      seen.push_back(std::stoll(out.substr(out.find('\n') + 1)));
      // Once this round's ingest has committed a document, it holds the lock.
      if (!attempted && seen.back() > 1 + (rounds - 1) * kDocsPerRound) {
        attempted = true;
        const int w = RunCommand(splot + "query 'CREATE (:City {name: \"Nowe\"})'", &out, true);
        INFO(out);
        if (w == 0) {
          ++created;
          continue;
        }
        CHECK(w == 1);
        CHECK(out.find("is locked by another writer") != std::string::npos);
        CHECK(out.find("/LOCK") != std::string::npos);
        second_writer_refused = true;
      }
    }
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
  }
  CHECK(second_writer_refused);
  REQUIRE(seen.size() >= 2);
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] >= seen[i - 1]);
  CHECK(seen.front() >= 1);

  // The REPL answered every statement, without an error, and saw the
  // documents arrive (its last answers come after the ingest).
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  const std::string repl = splot::testing::ReadFile(dir.path() / "repl.out");
  INFO(repl);
  CHECK(repl.find("splot:") == std::string::npos);
  std::vector<long long> answers;
  std::istringstream lines(repl);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // CSV ends rows with CR LF
    if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
      answers.push_back(std::stoll(line));
    }
  }
  CHECK(answers.size() == 12);
  for (size_t i = 1; i < answers.size(); ++i) CHECK(answers[i] >= answers[i - 1]);
  std::string out;
  REQUIRE(Check(db, &out) == 0);
  CHECK(Stat(db, "Document") == 1 + rounds * kDocsPerRound);
  // A write that found the lock free was stored like any other.
  std::string nowe;
  REQUIRE(RunCommand(splot + "query --format csv 'MATCH (c:City {name: \"Nowe\"}) RETURN count(c)'",
                     &nowe) == 0);
  CHECK(std::stoll(nowe.substr(nowe.find('\n') + 1)) == created);
}
