#include <catch2/catch.hpp>
#include <cstdlib>

#include "tests/test_support.h"

using splot::testing::ReadFile;
using splot::testing::RunCommand;
using splot::testing::TempDir;
using splot::testing::WriteFile;

namespace {

struct Run {
  int code;
  std::string out;  // stdout only
  std::string err;  // stderr only
};

// Runs splot with `args` (already shell-quoted) in `cwd`.
Run Splot(const std::string& args, const std::string& cwd = ".", const std::string& env = "") {
  TempDir tmp;
  std::string err_file = tmp.str() + "/stderr";
  std::string out;
  int code = RunCommand(
      "cd '" + cwd + "' && " + env + " '" SPLOT_BINARY "' " + args + " 2>'" + err_file + "'", &out);
  return {code, out, ReadFile(err_file)};
}

void WriteSample(const TempDir& dir) {
  WriteFile(dir.path() / "nodes.csv",
            "id,label,name\n0,Country,Białoruś\n1,City,Mińsk\n2,City,Grodno\n");
  WriteFile(dir.path() / "edges.csv",
            "src,dst,type\n1,0,LOCATED_IN\n2,0,LOCATED_IN\n1,2,TWINNED_WITH\n");
}

}  // namespace

TEST_CASE("the store is chosen by --db before or after the command, or by SPLOT_DB", "[cli]") {
  TempDir dir;
  WriteSample(dir);
  Run imp = Splot("--db db1 import --nodes nodes.csv --edges edges.csv", dir.str());
  INFO(imp.err);
  REQUIRE(imp.code == 0);
  CHECK(imp.err.find("imported 3 nodes and 3 edges") != std::string::npos);

  Run after = Splot("stats --db db1", dir.str());
  REQUIRE(after.code == 0);
  CHECK(after.out.find("nodes      3") != std::string::npos);
  CHECK(after.out.find("City  2") != std::string::npos);

  Run env = Splot("stats", dir.str(), "SPLOT_DB=db1");
  REQUIRE(env.code == 0);
  CHECK(env.out == after.out);
}

TEST_CASE("a missing store is a clear error with exit code 1", "[cli]") {
  TempDir dir;
  Run r = Splot("stats", dir.str());
  CHECK(r.code == 1);
  CHECK(r.out.empty());
  CHECK(r.err.find("no Splot store at ./splot.db") != std::string::npos);
}

TEST_CASE("unknown commands and options say what to do", "[cli]") {
  Run r = Splot("frobnicate");
  CHECK(r.code == 1);
  CHECK(r.err.find("unknown command 'frobnicate'") != std::string::npos);
  Run o = Splot("stats --frob");
  CHECK(o.code == 1);
  CHECK(o.err.find("unknown option --frob for `splot stats`") != std::string::npos);
  Run h = Splot("import --help");
  CHECK(h.code == 0);
  CHECK(h.out.find("usage: splot import") != std::string::npos);
  Run v = Splot("--version");
  CHECK(v.code == 0);
  CHECK(v.out.rfind("splot ", 0) == 0);
}

TEST_CASE("export to stdout, to a file, and CSV to a directory; check passes", "[cli]") {
  TempDir dir;
  WriteSample(dir);
  REQUIRE(Splot("--db db import --nodes nodes.csv --edges edges.csv", dir.str()).code == 0);
  Run json = Splot("--db db export --format json", dir.str());
  REQUIRE(json.code == 0);
  CHECK(json.out.find("\"name\":\"Mińsk\"") != std::string::npos);
  REQUIRE(Splot("--db db export --format graphml --out g.graphml", dir.str()).code == 0);
  CHECK(ReadFile(dir.path() / "g.graphml").find("<graphml") != std::string::npos);
  REQUIRE(Splot("--db db export --format csv --out csvdir", dir.str()).code == 0);
  CHECK(ReadFile(dir.path() / "csvdir/nodes.csv")
            .rfind(":ID,:LABEL,name:string\n0,Country,Białoruś\n", 0) == 0);
  Run bad = Splot("--db db export --format csv", dir.str());
  CHECK(bad.code == 1);
  CHECK(bad.err.find("--out DIR") != std::string::npos);
  Run unwritable = Splot("--db db export --format json --out /nonexistent/x.json", dir.str());
  CHECK(unwritable.code == 1);
  CHECK(unwritable.err.find("/nonexistent/x.json") != std::string::npos);
  Run check = Splot("--db db check", dir.str());
  CHECK(check.code == 0);
  CHECK(check.out.find("ok: 3 nodes, 3 edges") != std::string::npos);
}

TEST_CASE("a bad import leaves the store as it was", "[cli]") {
  TempDir dir;
  WriteSample(dir);
  REQUIRE(Splot("--db db import --nodes nodes.csv --edges edges.csv", dir.str()).code == 0);
  std::string before = Splot("--db db export --format json", dir.str()).out;
  WriteFile(dir.path() / "bad.csv", "src,dst,type\n1,99,X\n");
  Run r = Splot("--db db import --edges bad.csv", dir.str());
  CHECK(r.code == 1);
  CHECK(r.err.find("bad.csv:2: :END_ID '99' is not a node id") != std::string::npos);
  CHECK(Splot("--db db export --format json", dir.str()).out == before);
}
