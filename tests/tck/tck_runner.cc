// tck_runner: runs the openCypher TCK against the query engine.
//
//   tck_runner [PATH] [--expect FILE] [--filter TEXT] [--verbose]
//              [--write-failures FILE]
//
// PATH is a .jsonl file or a features directory (default: the shared TCK's
// tck_tests.jsonl).  Named graphs are read from graphs/ beside it.  Every
// scenario runs on a fresh in-memory store.  Prints "N passed, M failed" and
// a per-folder table.  With --expect, the exit status is 1 when a scenario
// of a supported folder fails without being listed as a known failure; 77
// (CTest's skip code) when the TCK is not there.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "graph/store.h"
#include "query/context.h"
#include "query/engine.h"
#include "tests/tck/tck_scenarios.h"
#include "tests/tck/tck_values.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace splot;

namespace {

constexpr int kSkip = 77;

struct Expectations {
  std::set<std::string> folders;
  std::map<std::string, std::string> known_failures;  // id -> reason
};

Result<Expectations> ReadExpectations(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  Expectations e;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("folder ", 0) == 0) {
      e.folders.insert(line.substr(7));
    } else if (line.rfind("fail\t", 0) == 0) {
      size_t tab = line.find('\t', 5);
      std::string id = line.substr(5, tab == std::string::npos ? std::string::npos : tab - 5);
      e.known_failures[id] = tab == std::string::npos ? "" : line.substr(tab + 1);
    } else {
      return Status::InvalidArgument(path + ":" + std::to_string(n) +
                                     ": expected 'folder PATH' or 'fail<TAB>ID<TAB>REASON'");
    }
  }
  return e;
}

// ---- graph state, for side effects -------------------------------------------------

struct GraphState {
  std::set<uint64_t> nodes, edges;
  std::set<std::string> labels;
  std::set<std::string> props;
};

GraphState Snapshot(graph::GraphStore& store) {
  GraphState s;
  auto txn = store.BeginRead();
  for (auto c = txn->AllNodes(); c->Valid(); c->Next()) {
    auto n = txn->GetNode(c->id());
    if (!n.ok()) continue;
    s.nodes.insert(c->id());
    for (const auto& l : n->labels) s.labels.insert(l);
    for (const auto& [k, v] : n->props) {
      s.props.insert("n" + std::to_string(c->id()) + "." + k + "=" +
                     tck::Canonical(query::Value::FromGraph(v), false));
    }
  }
  for (auto c = txn->AllEdges(); c->Valid(); c->Next()) {
    auto e = txn->GetEdge(c->id());
    if (!e.ok()) continue;
    s.edges.insert(c->id());
    for (const auto& [k, v] : e->props) {
      s.props.insert("r" + std::to_string(c->id()) + "." + k + "=" +
                     tck::Canonical(query::Value::FromGraph(v), false));
    }
  }
  return s;
}

template <typename T>
int64_t Minus(const std::set<T>& a, const std::set<T>& b) {
  int64_t n = 0;
  for (const auto& x : a) n += b.count(x) ? 0 : 1;
  return n;
}

std::map<std::string, int64_t> SideEffects(const GraphState& before, const GraphState& after) {
  return {{"+nodes", Minus(after.nodes, before.nodes)},
          {"-nodes", Minus(before.nodes, after.nodes)},
          {"+relationships", Minus(after.edges, before.edges)},
          {"-relationships", Minus(before.edges, after.edges)},
          {"+labels", Minus(after.labels, before.labels)},
          {"-labels", Minus(before.labels, after.labels)},
          {"+properties", Minus(after.props, before.props)},
          {"-properties", Minus(before.props, after.props)}};
}

// ---- procedures declared by scenarios --------------------------------------------

query::SType TypeFromTck(std::string t) {
  while (!t.empty() && (t.back() == '?' || t.back() == ' ')) t.pop_back();
  if (t == "STRING") return query::SType::kString;
  if (t == "INTEGER") return query::SType::kInt;
  if (t == "FLOAT") return query::SType::kFloat;
  if (t == "NUMBER") return query::SType::kNumber;
  if (t == "BOOLEAN") return query::SType::kBool;
  if (t == "MAP") return query::SType::kMap;
  if (t == "NODE") return query::SType::kNode;
  return query::SType::kAny;
}

std::vector<query::ProcedureField> ParseFields(const std::string& list) {
  std::vector<query::ProcedureField> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t sep = item.find("::");
    if (sep == std::string::npos) continue;
    auto trim = [](std::string s) {
      size_t a = s.find_first_not_of(' ');
      size_t b = s.find_last_not_of(' ');
      return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
    };
    out.push_back(query::ProcedureField{trim(item.substr(0, sep)),
                                        TypeFromTck(trim(item.substr(sep + 2))), true});
  }
  return out;
}

Status RegisterProcedure(query::Engine& engine, const tck::ProcedureSpec& spec) {
  // name(in :: T, ...) :: (out :: T, ...)
  const std::string& sig = spec.signature;
  size_t open = sig.find('(');
  size_t close = sig.find(')');
  size_t out_open = sig.find('(', close);
  size_t out_close = sig.rfind(')');
  if (open == std::string::npos || close == std::string::npos || out_open == std::string::npos) {
    return Status::InvalidArgument("bad procedure signature " + sig);
  }
  query::ProcedureDef def;
  def.name = sig.substr(0, open);
  while (!def.name.empty() && def.name.back() == ' ') def.name.pop_back();
  def.inputs = ParseFields(sig.substr(open + 1, close - open - 1));
  def.required_inputs = def.inputs.size();
  def.outputs = ParseFields(sig.substr(out_open + 1, out_close - out_open - 1));
  std::vector<std::vector<query::Value>> rows;
  for (size_t r = 1; r < spec.table.size(); ++r) {
    std::vector<query::Value> row;
    for (const auto& cell : spec.table[r]) {
      SPLOT_ASSIGN_OR_RETURN(query::Value v, tck::ParseTckValue(cell));
      row.push_back(std::move(v));
    }
    rows.push_back(std::move(row));
  }
  size_t n_in = def.inputs.size();
  def.run = [rows, n_in](query::ExecContext&, const std::vector<query::Value>& args,
                         const query::ProcedureEmit& emit) {
    for (const auto& row : rows) {
      bool match = true;
      for (size_t i = 0; i < n_in && i < args.size(); ++i)
        match = match && query::Equivalent(row[i], args[i]);
      if (!match) continue;
      if (!emit(std::vector<query::Value>(row.begin() + static_cast<long>(n_in), row.end())))
        return;
    }
  };
  engine.procedures().Register(std::move(def));
  return Status::OK();
}

// ---- comparing results ----------------------------------------------------------------

std::string RowText(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const auto& c : cells) out += " " + c + " |";
  return out;
}

struct Outcome {
  bool pass = true;
  std::string why;
};

Outcome CompareRows(const tck::Expectation& want, const query::QueryResult& got) {
  Outcome o;
  if (got.columns != want.header) {
    o.pass = false;
    o.why = "columns " + RowText(got.columns) + " but expected " + RowText(want.header);
    return o;
  }
  std::vector<std::string> expected, actual;
  for (const auto& row : want.rows) {
    std::vector<std::string> cells;
    for (const auto& cell : row) {
      auto v = tck::ParseTckValue(cell);
      if (!v.ok()) {
        o.pass = false;
        o.why = v.status().ToString();
        return o;
      }
      cells.push_back(tck::Canonical(v.value(), want.unordered_lists));
    }
    expected.push_back(RowText(cells));
  }
  for (const auto& row : got.rows) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(tck::Canonical(v, want.unordered_lists));
    actual.push_back(RowText(cells));
  }
  if (!want.ordered) {
    std::sort(expected.begin(), expected.end());
    std::sort(actual.begin(), actual.end());
  }
  if (expected != actual) {
    o.pass = false;
    std::string e, a;
    for (size_t i = 0; i < expected.size() && i < 12; ++i) e += "\n      " + expected[i];
    for (size_t i = 0; i < actual.size() && i < 12; ++i) a += "\n      " + actual[i];
    o.why = "rows differ (" + std::string(want.ordered ? "in order" : "any order") +
            ")\n    expected " + std::to_string(expected.size()) + ":" + e + "\n    actual " +
            std::to_string(actual.size()) + ":" + a;
  }
  return o;
}

std::string FirstLine(const std::string& s) { return s.substr(0, s.find('\n')); }

Outcome RunScenario(const tck::Scenario& sc, const fs::path& graphs_dir, int index) {
  Outcome o;
  auto fail = [&](std::string why) {
    o.pass = false;
    o.why = std::move(why);
    return o;
  };
  if (!sc.unknown_steps.empty()) return fail("unsupported step: " + sc.unknown_steps[0]);
  graph::StoreOptions so;
  so.in_memory = true;
  so.block_cache_bytes = size_t{1} << 20;
  auto store_r = graph::GraphStore::Open("/tck/" + std::to_string(index), so);
  if (!store_r.ok()) return fail("cannot open a store: " + store_r.status().ToString());
  auto store = std::move(store_r).value();
  query::EngineOptions eo;
  eo.timeout = std::chrono::milliseconds(20000);
  auto engine_r = query::Engine::Create(*store, eo);
  if (!engine_r.ok()) return fail(engine_r.status().ToString());
  auto engine = std::move(engine_r).value();
  for (const auto& p : sc.procedures) {
    Status s = RegisterProcedure(*engine, p);
    if (!s.ok()) return fail(s.ToString());
  }
  if (sc.graph != "empty" && sc.graph != "any") {
    fs::path script = graphs_dir / sc.graph / (sc.graph + ".cypher");
    std::ifstream in(script);
    if (!in) return fail("named graph not found: " + script.string());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == ';' || text.back() == ' '))
      text.pop_back();
    auto r = engine->Execute(text);
    if (!r.ok()) return fail("loading graph " + sc.graph + ": " + FirstLine(r.status().ToString()));
  }
  for (const auto& q : sc.setup) {
    auto r = engine->Execute(q);
    if (!r.ok()) return fail("setup failed: " + FirstLine(r.status().ToString()) + "\n    " + q);
  }
  query::ValueMap params;
  for (const auto& [k, v] : sc.params) {
    auto pv = tck::ParseTckValue(v);
    if (!pv.ok()) return fail(pv.status().ToString());
    params[k] = pv.value();
  }
  for (const auto& step : sc.steps) {
    GraphState before;
    if (step.has_side_effects) before = Snapshot(*store);
    query::QueryError err;
    query::RunOptions run;
    run.error = &err;
    auto r = engine->Run(step.cypher, params, run);
    const tck::Expectation& want = step.expect;
    if (want.type == "error") {
      if (r.ok())
        return fail("expected " + want.error + " (" + want.detail + ") at " + want.phase +
                    ", but the query succeeded");
      bool phase_ok =
          want.phase == "any time" || (want.phase == "compile time") == err.compile_time;
      bool detail_ok = want.detail == "*" || want.detail == err.detail;
      if (err.type != want.error || !detail_ok || !phase_ok) {
        return fail("expected " + want.error + " (" + want.detail + ") at " + want.phase +
                    ", got " + err.type + " (" + err.detail + ") at " +
                    (err.compile_time ? "compile time" : "runtime") + ": " +
                    FirstLine(err.message));
      }
      continue;
    }
    if (!r.ok())
      return fail("query failed: " + FirstLine(r.status().ToString()) + "\n    " + step.cypher);
    if (want.type == "empty") {
      if (!r->rows.empty()) return fail("expected no rows, got " + std::to_string(r->rows.size()));
    } else if (want.type == "rows") {
      Outcome c = CompareRows(want, r.value());
      if (!c.pass) {
        c.why += "\n    query: " + step.cypher;
        return c;
      }
    }
    if (step.has_side_effects && !step.control) {
      auto got = SideEffects(before, Snapshot(*store));
      for (const auto& [k, v] : got) {
        auto it = step.side_effects.find(k);
        int64_t want_v = it == step.side_effects.end() ? 0 : it->second;
        if (want_v != v) {
          return fail("side effect " + k + " is " + std::to_string(v) + ", expected " +
                      std::to_string(want_v));
        }
      }
    }
  }
  return o;
}

void Usage() {
  std::cerr << "usage: tck_runner [PATH] [--expect FILE] [--filter TEXT] [--verbose] "
               "[--write-failures FILE]\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, expect_path, filter, write_failures;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--expect" && i + 1 < argc) {
      expect_path = argv[++i];
    } else if (a == "--filter" && i + 1 < argc) {
      filter = argv[++i];
    } else if (a == "--write-failures" && i + 1 < argc) {
      write_failures = argv[++i];
    } else if (a == "--verbose" || a == "-v") {
      verbose = true;
    } else if (a == "--help" || a == "-h") {
      Usage();
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      Usage();
      return 2;
    } else {
      path = a;
    }
  }
  if (path.empty()) {
    auto shared = testing::SharedDir();
    if (!shared || !fs::exists(*shared / "tck" / "tck_tests.jsonl")) {
      std::cout << "SKIP: the openCypher TCK is not available (expected ../shared/tck beside the "
                   "repository, or $SPLOT_SHARED); nothing was run\n";
      return kSkip;
    }
    path = (*shared / "tck" / "tck_tests.jsonl").string();
  }
  fs::path base = fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path();
  fs::path graphs_dir = fs::is_directory(path) ? base.parent_path() / "graphs" : base / "graphs";
  if (fs::is_directory(path) && !fs::exists(graphs_dir)) graphs_dir = base / "graphs";

  Expectations expect;
  if (!expect_path.empty()) {
    auto e = ReadExpectations(expect_path);
    if (!e.ok()) {
      std::cerr << e.status().ToString() << "\n";
      return 2;
    }
    expect = std::move(e).value();
  }
  auto loaded = tck::LoadScenarios(path);
  if (!loaded.ok()) {
    std::cerr << loaded.status().ToString() << "\n";
    return 2;
  }
  struct Tally {
    int passed = 0, failed = 0;
  };
  std::map<std::string, Tally> folders;
  int passed = 0, failed = 0, regressions = 0, fixed = 0;
  std::vector<std::pair<std::string, std::string>> failures;
  int index = 0;
  for (const auto& sc : loaded.value()) {
    if (!filter.empty() && sc.id.find(filter) == std::string::npos) continue;
    Outcome o;
    try {
      o = RunScenario(sc, graphs_dir, index++);
    } catch (const std::exception& e) {
      o.pass = false;
      o.why = std::string("exception: ") + e.what();
    }
    Tally& t = folders[sc.Folder()];
    bool supported = expect.folders.count(sc.Folder()) > 0;
    bool known = expect.known_failures.count(sc.id) > 0;
    if (o.pass) {
      ++passed;
      ++t.passed;
      if (known) {
        ++fixed;
        std::cout << "NOW PASSING (remove from the known failures): " << sc.id << "\n";
      }
    } else {
      ++failed;
      ++t.failed;
      failures.emplace_back(sc.id, FirstLine(o.why));
      bool regression = supported && !known;
      if (regression) ++regressions;
      if (verbose || regression) {
        std::cout << (regression ? "FAIL " : "fail ") << sc.id << "\n    " << o.why << "\n";
      }
    }
  }
  std::cout << "\nfolder                                   passed  failed   rate\n";
  for (const auto& [f, t] : folders) {
    int total = t.passed + t.failed;
    std::printf("%-40s %6d  %6d  %5.1f%%%s\n", f.c_str(), t.passed, t.failed,
                total ? 100.0 * t.passed / total : 0.0,
                expect.folders.count(f) ? "" : "  (not in the supported list)");
  }
  std::cout << "\n" << passed << " passed, " << failed << " failed\n";
  if (!write_failures.empty()) {
    std::ofstream out(write_failures);
    for (const auto& [id, why] : failures) {
      auto it = expect.known_failures.find(id);
      out << "fail\t" << id << "\t"
          << (it != expect.known_failures.end() && !it->second.empty() ? it->second : why) << "\n";
    }
  }
  if (!expect_path.empty()) {
    std::cout << regressions << " unexpected failures in supported folders, " << fixed
              << " known failures now pass\n";
    return regressions > 0 ? 1 : 0;
  }
  return 0;
}
