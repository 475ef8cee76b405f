// Bad input, case by case from tests/reliability/bad_input.test: each case
// runs splot against a copy of a store holding the sample corpus and checks
// the exit code, the message, and that what was stored before is still
// there, unchanged (`splot check` passes, the JSON export is identical).
//
// The case file, one directive per line ("#" starts a comment):
//   case NAME          starts a case
//   sh COMMAND         prepares input (run by /bin/sh before the snapshot)
//   run ARGS           splot's arguments for the command under test (shell
//                      words; name the store with --db {db})
//   exit N             its expected exit code
//   stderr TEXT        text its standard error must contain (repeatable)
//   stdout TEXT        text its standard output must contain (repeatable)
//   unchanged          the store must be exactly as before
//   grows              the store must still hold everything it held (and
//                      may hold more): every node of the old export remains
// In sh and run, {dir} is a scratch directory, {db} the store, {splot} the
// binary and {sample} the sample corpus directory.
#include <rocksdb/db.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/codec.h"
#include "graph/store.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using splot::testing::ReadFile;
using splot::testing::RunCommand;
using splot::testing::TempDir;

namespace {

struct BadInputCase {
  std::string name;
  int line = 0;
  std::vector<std::string> setup;
  std::string run;
  int exit_code = 0;
  std::vector<std::string> stderr_has, stdout_has;
  enum class StoreCheck { kNone, kUnchanged, kGrows } store = StoreCheck::kNone;
};

std::vector<BadInputCase> LoadCases(const fs::path& file) {
  std::vector<BadInputCase> cases;
  std::istringstream in(ReadFile(file));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    const std::string word = line.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : line.substr(space + 1);
    if (word == "case") {
      cases.push_back({});
      cases.back().name = rest;
      cases.back().line = number;
      continue;
    }
    if (cases.empty()) FAIL(file.string() << ":" << number << ": a directive before any case");
    BadInputCase& c = cases.back();
    if (word == "sh") {
      c.setup.push_back(rest);
    } else if (word == "run") {
      c.run = rest;
    } else if (word == "exit") {
      c.exit_code = std::stoi(rest);
    } else if (word == "stderr") {
      c.stderr_has.push_back(rest);
    } else if (word == "stdout") {
      c.stdout_has.push_back(rest);
    } else if (word == "unchanged") {
      c.store = BadInputCase::StoreCheck::kUnchanged;
    } else if (word == "grows") {
      c.store = BadInputCase::StoreCheck::kGrows;
    } else {
      FAIL(file.string() << ":" << number << ": unknown directive '" << word << "'");
    }
  }
  return cases;
}

std::string Substitute(std::string s,
                       const std::vector<std::pair<std::string, std::string>>& vars) {
  for (const auto& [key, value] : vars) {
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
      s.replace(at, key.size(), value);
    }
  }
  return s;
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

// The whole store as JSON, or the error output when export fails.
std::string Export(const std::string& db) {
  std::string out;
  const int code =
      RunCommand(Quoted(SPLOT_BINARY) + " --db " + Quoted(db) + " export --format json", &out);
  REQUIRE(code == 0);
  return out;
}

int CheckStore(const std::string& db, std::string* out) {
  return RunCommand(Quoted(SPLOT_BINARY) + " --db " + Quoted(db) + " check", out, true);
}

// Node lines of a JSON export ("{"id": ...}" objects one per line or not):
// the texts of every "name" value, which must survive a bad command.
std::vector<std::string> NamesIn(const std::string& json) {
  std::vector<std::string> names;
  const std::string key = "\"name\":";
  for (size_t at = json.find(key); at != std::string::npos; at = json.find(key, at + 1)) {
    size_t end = json.find_first_of(",}", at);
    names.push_back(json.substr(at, end - at));
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A store holding the sample corpus, built once and copied for each case.
const fs::path& TemplateStore() {
  static TempDir dir;
  static const fs::path db = [] {
    const fs::path path = dir.path() / "template.db";
    std::string out;
    const int code = RunCommand(Quoted(SPLOT_BINARY) + " --db " + Quoted(path.string()) +
                                    " ingest --quiet " + Quoted(SPLOT_SAMPLE_DIR) + "/*.txt",
                                &out, true);
    INFO(out);
    REQUIRE(code == 0);
    return path;
  }();
  return db;
}

void RunCase(const BadInputCase& c) {
  TempDir scratch;
  const fs::path db = scratch.path() / "store.db";
  fs::copy(TemplateStore(), db, fs::copy_options::recursive);
  const std::vector<std::pair<std::string, std::string>> vars = {{"{dir}", scratch.str()},
                                                                 {"{db}", db.string()},
                                                                 {"{splot}", SPLOT_BINARY},
                                                                 {"{sample}", SPLOT_SAMPLE_DIR}};
  for (const std::string& command : c.setup) {
    std::string out;
    const int code = RunCommand(Substitute(command, vars), &out, true);
    INFO("setup: " << command << "\n" << out);
    REQUIRE(code == 0);
  }
  const std::string before = Export(db.string());

  const std::string err_file = (scratch.path() / "stderr.txt").string();
  std::string out;
  const int code = RunCommand(
      Quoted(SPLOT_BINARY) + " " + Substitute(c.run, vars) + " 2> " + Quoted(err_file), &out);
  const std::string err = ReadFile(err_file);
  INFO("run: " << c.run << "\nstdout: " << out.substr(0, 2000) << "\nstderr: " << err);
  CHECK(code == c.exit_code);
  for (const std::string& s : c.stderr_has)
    CHECK(err.find(Substitute(s, vars)) != std::string::npos);
  for (const std::string& s : c.stdout_has)
    CHECK(out.find(Substitute(s, vars)) != std::string::npos);

  if (c.store == BadInputCase::StoreCheck::kNone) return;
  std::string check;
  const int check_code = CheckStore(db.string(), &check);
  INFO("check: " << check);
  CHECK(check_code == 0);
  const std::string after = Export(db.string());
  if (c.store == BadInputCase::StoreCheck::kUnchanged) {
    CHECK(after == before);
  } else {
    const auto old_names = NamesIn(before);
    const auto new_names = NamesIn(after);
    CHECK(std::includes(new_names.begin(), new_names.end(), old_names.begin(), old_names.end()));
    CHECK(after.size() >= before.size());
  }
}

}  // namespace

TEST_CASE("bad input gets a clear error and the store keeps what it held", "[bad-input]") {
  const fs::path file = fs::path(SPLOT_TESTS_DIR) / "reliability" / "bad_input.test";
  const auto cases = LoadCases(file);
  REQUIRE(cases.size() >= 20);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name << " (" << file.filename().string() << ":" << c.line << ")") {
      RunCase(c);
    }
  }
}

TEST_CASE("a store from a newer format version is refused by every command", "[bad-input]") {
  TempDir scratch;
  const fs::path db = scratch.path() / "store.db";
  fs::copy(TemplateStore(), db, fs::copy_options::recursive);
  {
    // Write a future format version the way a later splot would.
    rocksdb::Options options;
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(options, db.string(), &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, db.string(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> rdb(raw);
    rocksdb::ColumnFamilyHandle* meta = nullptr;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "meta") meta = handles[i];
    }
    REQUIRE(meta != nullptr);
    std::string version;
    splot::graph::codec::PutU64BE(&version, splot::graph::kFormatVersion + 1);
    REQUIRE(rdb->Put(rocksdb::WriteOptions(), meta, "splot:format", version).ok());
    for (auto* h : handles) REQUIRE(rdb->DestroyColumnFamilyHandle(h).ok());
  }
  for (const char* command : {"stats", "query 'MATCH (n) RETURN count(n)'",
                              "ingest --quiet '" SPLOT_SAMPLE_DIR "'/*.txt"}) {
    std::string out;
    const int code = RunCommand(
        Quoted(SPLOT_BINARY) + " --db " + Quoted(db.string()) + " " + command, &out, true);
    INFO(command << ": " << out);
    CHECK(code == 1);
    CHECK(out.find("newer than this splot reads") != std::string::npos);
    CHECK(out.find("upgrade splot") != std::string::npos);
  }
}
