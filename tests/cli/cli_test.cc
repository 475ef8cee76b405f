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

TEST_CASE("splot query: formats, parameters, errors with a caret, writes", "[cli][query]") {
  TempDir dir;
  WriteSample(dir);
  REQUIRE(Splot("--db db import --nodes nodes.csv --edges edges.csv", dir.str()).code == 0);
  Run table =
      Splot("--db db query 'MATCH (c:City) RETURN c.name AS city ORDER BY city'", dir.str());
  REQUIRE(table.code == 0);
  CHECK(table.out.find("│ Grodno │") != std::string::npos);
  CHECK(table.out.find("2 rows") != std::string::npos);

  Run json = Splot(
      "--db db query --format json 'MATCH (c:City {name: $n}) RETURN c.name AS city' --param "
      "n=Mińsk",
      dir.str());
  REQUIRE(json.code == 0);
  CHECK(json.out == "{\"city\":\"Mińsk\"}\n");
  CHECK(json.err.find("1 row") != std::string::npos);

  Run csv =
      Splot("--db db query --format csv 'UNWIND $xs AS x RETURN x * 2 AS y' --param 'xs=[1, 2, 3]'",
            dir.str());
  REQUIRE(csv.code == 0);
  CHECK(csv.out == "y\r\n2\r\n4\r\n6\r\n");  // RFC 4180 line ends

  Run bad = Splot("--db db query 'MATCH (n RETURN n'", dir.str());
  CHECK(bad.code == 1);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("line 1, column 10") != std::string::npos);
  CHECK(bad.err.find("^") != std::string::npos);

  Run write = Splot("--db db query \"CREATE (:City {name: 'Brześć'})\"", dir.str());
  REQUIRE(write.code == 0);
  CHECK(Splot("--db db query --format csv 'MATCH (c:City) RETURN count(*) AS n'", dir.str()).out ==
        "n\r\n3\r\n");

  // EXPLAIN prints the plan once and runs nothing; PROFILE adds rows per operator.
  Run explain = Splot("--db db query 'EXPLAIN MATCH (c:City) RETURN c.name'", dir.str());
  REQUIRE(explain.code == 0);
  size_t scan = explain.out.find("NodeByLabelScan");
  REQUIRE(scan != std::string::npos);
  CHECK(explain.out.find("NodeByLabelScan", scan + 1) == std::string::npos);
  CHECK(explain.out.find("Mińsk") == std::string::npos);
  Run profile = Splot("--db db query 'PROFILE MATCH (c:City) RETURN c.name'", dir.str());
  REQUIRE(profile.code == 0);
  scan = profile.out.find("NodeByLabelScan");
  REQUIRE(scan != std::string::npos);
  CHECK(profile.out.find("NodeByLabelScan", scan + 1) == std::string::npos);
  CHECK(profile.out.find("rows=3") != std::string::npos);
  CHECK(profile.out.find("│ Mińsk") != std::string::npos);

  Run timeout = Splot(
      "--db db query --timeout 0.2 'UNWIND range(1, 2000000000) AS x RETURN count(x)'", dir.str());
  CHECK(timeout.code == 1);
  CHECK(timeout.err.find("imeout") != std::string::npos);
}

TEST_CASE("splot schema and export --query", "[cli][query]") {
  TempDir dir;
  WriteSample(dir);
  REQUIRE(Splot("--db db import --nodes nodes.csv --edges edges.csv", dir.str()).code == 0);
  Run schema = Splot("--db db schema", dir.str());
  REQUIRE(schema.code == 0);
  CHECK(schema.out.find("City  (2)") != std::string::npos);
  CHECK(schema.out.find("City -> Country: 2") != std::string::npos);
  Run sub = Splot(
      "--db db export --format json --query \"MATCH p = (:City {name: 'Grodno'})-[:LOCATED_IN]->() "
      "RETURN p\"",
      dir.str());
  REQUIRE(sub.code == 0);
  CHECK(sub.out.find("Grodno") != std::string::npos);
  CHECK(sub.out.find("Białoruś") != std::string::npos);
  CHECK(sub.out.find("Mińsk") == std::string::npos);
}

TEST_CASE("splot link prints the chains with their evidence, refuses ambiguous names, draws SVG",
          "[cli][link]") {
  TempDir dir;
  std::string create =
      "CREATE (a:Region {name: 'obwód witebski', aliases: ['Witebsk region']}), "
      "(b:Region {name: 'obwód kaszkadaryjski'}), (c:Region {name: 'obwód brzeski'}), "
      "(x:Enterprise {name: 'Marko'}), (y:Enterprise {name: 'Marko-Karszi'}), (:Person {name: "
      "'Marko'}), "
      "(a)-[:TWINNED_WITH {date: '2022-10', line: 36, evidence: ['Obwody podpisały porozumienie o "
      "partnerstwie.']}]->(b), "
      "(x)-[:LOCATED_IN {line: 21, evidence: ['Marko działa w Witebsku.']}]->(a), "
      "(x)-[:JOINT_VENTURE {date: '2019', line: 22, evidence: ['Marko założyło spółkę "
      "Marko-Karszi.'], "
      "source_title: 'Nowa spółka', source_year: '2019', source_url: "
      "'https://example.org/a'}]->(y), "
      "(y)-[:LOCATED_IN {line: 24, evidence: ['Spółka działa w Karszi.']}]->(b)";
  REQUIRE(Splot("--db db query \"" + create + "\"", dir.str()).code == 0);

  Run link = Splot("--db db link 'obwodu witebskiego' 'Kaszkadaryjski' --svg links.svg", dir.str());
  INFO(link.out << link.err);
  REQUIRE(link.code == 0);
  CHECK(link.out.find("2 chains link obwód witebski (Region) and obwód kaszkadaryjski (Region)") !=
        std::string::npos);
  CHECK(link.out.find("1. obwód witebski —TWINNED_WITH (2022-10)→ obwód kaszkadaryjski") !=
        std::string::npos);
  CHECK(link.out.find(
            "2. obwód witebski ←LOCATED_IN— Marko —JOINT_VENTURE (2019)→ Marko-Karszi —LOCATED_IN→ "
            "obwód kaszkadaryjski") != std::string::npos);
  CHECK(link.out.find("\"Marko założyło spółkę Marko-Karszi.\"") != std::string::npos);
  CHECK(link.out.find("source: Nowa spółka (2019) https://example.org/a") != std::string::npos);
  std::string svg = ReadFile(dir.path() / "links.svg");
  CHECK(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("Marko&#45;Karszi") != std::string::npos);
  CHECK(svg.find("Legend") != std::string::npos);
  std::string xml_check;
  CHECK(RunCommand("/usr/bin/python3 -c \"import sys, xml.dom.minidom; "
                   "xml.dom.minidom.parse(sys.argv[1])\" '" +
                       dir.str() + "/links.svg'",
                   &xml_check, true) == 0);

  Run none = Splot("--db db link 'obwód brzeski' 'obwód kaszkadaryjski'", dir.str());
  REQUIRE(none.code == 0);
  CHECK(none.out.find("No chain") != std::string::npos);

  Run ambiguous = Splot("--db db link Marko 'obwód brzeski'", dir.str());
  CHECK(ambiguous.code == 1);
  CHECK(ambiguous.err.find("be more specific") != std::string::npos);

  Run unknown = Splot("--db db link 'Atlantyda' 'obwód brzeski'", dir.str());
  CHECK(unknown.code == 1);
  CHECK(unknown.err.find("nothing in the store is named 'Atlantyda'") != std::string::npos);

  // Regression: a region the store does not hold used to match every region
  // through the word "obwód" and ask the user to choose among them.
  Run unknown_region = Splot("--db db link 'obwód bałkański' 'obwód brzeski'", dir.str());
  CHECK(unknown_region.code == 1);
  CHECK(unknown_region.err.find("nothing in the store is named 'obwód bałkański'") !=
        std::string::npos);
  CHECK(unknown_region.err.find("share a word") != std::string::npos);
  CHECK(unknown_region.err.find("be more specific") == std::string::npos);
}
