// peer_workload DIR [--keep DB] [--passes N]: the peer benchmark of
// ../shared/peers/README.md through the full query path.
//
// Loads a gen.py directory (nodes.csv, edges.csv, queries.json) into a fresh
// on-disk store with the CSV importer, then runs the workload's operations
// as Cypher statements (parse, bind, plan, execute) and prints one JSON
// object with the keys ../shared/peers/kuzu/bench.js prints, so the two can
// be compared side by side:
//
//   python3 ../shared/peers/gen.py --n 100000 --out /tmp/kg100k
//   build/bench/peer_workload /tmp/kg100k
//   (cd ../shared/peers/kuzu && npm install && node bench.js /tmp/kg100k)
//
// Each operation runs over its whole input list `--passes` times (default
// 2); "timings" reports the last pass and "first_pass" the first, which
// meets a cold block cache (a bulk load writes SST files past it).
#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "graph/csv_import.h"
#include "graph/store.h"
#include "query/engine.h"

using namespace splot;

using splot::bench::NowMs;
using splot::bench::PeakRssMb;

namespace {

using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void WriteStats(Writer& w, const char* name, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  auto pct = [&](double p) {
    return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  };
  w.Key(name);
  w.StartObject();
  w.Key("n");
  w.Uint64(ms.size());
  w.Key("total_ms");
  w.Double(sum);
  w.Key("mean_ms");
  w.Double(ms.empty() ? 0.0 : sum / static_cast<double>(ms.size()));
  w.Key("p50_ms");
  w.Double(pct(0.5));
  w.Key("p95_ms");
  w.Double(pct(0.95));
  w.Key("max_ms");
  w.Double(ms.empty() ? 0.0 : ms.back());
  w.EndObject();
}

int Fail(const std::string& what, const Status& s) {
  std::cerr << "peer_workload: " << what << ": " << s.ToString() << "\n";
  return 1;
}

// One operation of the workload: its statement and how to read an answer.
struct Operation {
  const char* name;
  const char* cypher;
  std::vector<query::ValueMap> inputs;
  std::vector<double> timings;
  std::vector<double> first_pass;
  int64_t check = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: peer_workload DIR [--keep DB] [--passes N]\n";
    return 2;
  }
  std::string dir = argv[1];
  std::string db =
      (std::filesystem::temp_directory_path() / ("peer_workload_" + std::to_string(::getpid())))
          .string();
  bool keep = false;
  int passes = 2;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--keep") {
      db = argv[i + 1];
      keep = true;
    } else if (a == "--passes") {
      passes = std::max(1, std::atoi(argv[i + 1]));
    } else {
      std::cerr << "peer_workload: unknown option " << a << "\n";
      return 2;
    }
  }

  std::ifstream qf(dir + "/queries.json");
  if (!qf) return Fail("reading workload", Status::NotFound(dir + "/queries.json not found"));
  std::stringstream qs;
  qs << qf.rdbuf();
  rapidjson::Document q;
  q.Parse(qs.str().c_str());
  if (q.HasParseError() || !q.IsObject()) {
    return Fail("reading workload", Status::InvalidArgument(dir + "/queries.json is not JSON"));
  }

  std::filesystem::remove_all(db);
  auto opened = graph::GraphStore::Open(db);
  if (!opened.ok()) return Fail("opening " + db, opened.status());
  auto store = std::move(opened).value();
  double t0 = NowMs();
  auto report = graph::ImportCsv(*store, {dir + "/nodes.csv"}, {dir + "/edges.csv"});
  if (!report.ok()) return Fail("importing", report.status());
  double bulk_load_ms = NowMs() - t0;

  auto engine_r = query::Engine::Create(*store);
  if (!engine_r.ok()) return Fail("creating the engine", engine_r.status());
  auto engine = std::move(engine_r).value();

  // The imported nodes are keyed by their CSV id; key(n) reads it.
  auto key = [](const rapidjson::Value& v) { return query::Value(std::to_string(v.GetInt64())); };
  std::vector<Operation> ops;
  {
    Operation op{"lookup_by_name",
                 "MATCH (n) WHERE n.name = $name RETURN key(n) AS id, labels(n) AS labels",
                 {},
                 {},
                 {},
                 0};
    for (const auto& n : q["lookup_names"].GetArray()) {
      op.inputs.push_back({{"name", query::Value(std::string(n.GetString()))}});
    }
    ops.push_back(std::move(op));
  }
  {
    Operation hop1{
        "hop1", "MATCH (a)--(b) WHERE key(a) = $id RETURN count(DISTINCT b) AS c", {}, {}, {}, 0};
    Operation hop2{"hop2",
                   "MATCH (a)--()--(c) WHERE key(a) = $id AND c <> a "
                   "RETURN count(DISTINCT c) AS c",
                   {},
                   {},
                   {},
                   0};
    for (const auto& id : q["expand_ids"].GetArray()) {
      hop1.inputs.push_back({{"id", key(id)}});
      hop2.inputs.push_back({{"id", key(id)}});
    }
    ops.push_back(std::move(hop1));
    ops.push_back(std::move(hop2));
  }
  {
    Operation sp{"shortest_path",
                 "MATCH p = shortestPath((a)-[*..30]-(b)) WHERE key(a) = $s AND key(b) = $t "
                 "RETURN length(p) AS len",
                 {},
                 {},
                 {},
                 0};
    for (const auto& pair : q["sp_pairs"].GetArray()) {
      if (pair[0].GetInt64() == pair[1].GetInt64()) continue;  // as the peers do
      sp.inputs.push_back({{"s", key(pair[0])}, {"t", key(pair[1])}});
    }
    ops.push_back(std::move(sp));
  }
  {
    Operation vl{"varlen_1_3_trail",
                 "MATCH (a)-[*1..3]-(b) WHERE key(a) = $id RETURN count(*) AS c",
                 {},
                 {},
                 {},
                 0};
    for (const auto& id : q["varlen_ids"].GetArray()) vl.inputs.push_back({{"id", key(id)}});
    ops.push_back(std::move(vl));
  }

  uint64_t lookup_found = 0;
  for (auto& op : ops) {
    for (int pass = 0; pass < passes; ++pass) {
      op.timings.clear();
      op.check = 0;
      for (const auto& params : op.inputs) {
        double s = NowMs();
        auto r = engine->Execute(op.cypher, params);
        double ms = NowMs() - s;
        if (!r.ok()) return Fail(op.name, r.status());
        op.timings.push_back(ms);
        const auto& rows = r->rows;
        if (std::string(op.name) == "lookup_by_name") {
          if (pass == passes - 1) lookup_found += rows.empty() ? 0 : 1;
        } else if (!rows.empty() && rows[0][0].is_int()) {
          op.check += rows[0][0].as_int();
        }
      }
      if (pass == 0) op.first_pass = op.timings;
    }
  }

  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("engine");
  w.String("splot");
  w.Key("n");
  w.Uint64(store->NodeCount());
  w.Key("m");
  w.Uint64(store->EdgeCount());
  w.Key("data_dir");
  w.String(dir.c_str());
  w.Key("passes");
  w.Int(passes);
  w.Key("timings");
  w.StartObject();
  w.Key("bulk_load_ms");
  w.Double(bulk_load_ms);
  for (const auto& op : ops) WriteStats(w, op.name, op.timings);
  w.Key("first_pass");
  w.StartObject();
  for (const auto& op : ops) WriteStats(w, op.name, op.first_pass);
  w.EndObject();
  w.EndObject();
  w.Key("checks");
  w.StartObject();
  w.Key("nodes");
  w.Uint64(store->NodeCount());
  w.Key("edges");
  w.Uint64(store->EdgeCount());
  w.Key("lookup_found");
  w.Uint64(lookup_found);
  w.Key("hop1_sum");
  w.Int64(ops[1].check);
  w.Key("hop2_sum");
  w.Int64(ops[2].check);
  w.Key("sp_len_sum");
  w.Int64(ops[3].check);
  w.Key("varlen_trail_paths");
  w.Int64(ops[4].check);
  w.EndObject();
  w.Key("peak_rss_mb");
  w.Double(PeakRssMb());
  w.EndObject();
  std::cout << buf.GetString() << "\n";

  engine.reset();
  store.reset();
  if (!keep) std::filesystem::remove_all(db);
  return 0;
}
