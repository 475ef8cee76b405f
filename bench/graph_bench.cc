// graph_bench DIR [--keep DB]: loads a ../shared/peers/gen.py directory into
// a fresh store through the store API (no query language) and times the
// peer workload's point operations.  Prints one JSON object.
//
//   python3 ../shared/peers/gen.py --n 100000 --out /tmp/kg100k
//   build/bench/graph_bench /tmp/kg100k
#include <rapidjson/document.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <unordered_set>
#include <vector>

#include "bench/bench_util.h"
#include "graph/algorithms.h"
#include "graph/csv_import.h"
#include "graph/store.h"

using namespace splot;
using namespace splot::graph;

using splot::bench::NowMs;
using splot::bench::PeakRssMb;

namespace {

std::string Stats(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  double sum = 0;
  for (double m : ms) sum += m;
  auto pct = [&](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  };
  char buf[200];
  std::snprintf(
      buf, sizeof buf,
      "{\"n\": %zu, \"mean_ms\": %.4f, \"p50_ms\": %.4f, \"p95_ms\": %.4f, \"max_ms\": %.4f}",
      ms.size(), sum / ms.size(), pct(0.5), pct(0.95), ms.back());
  return buf;
}

int Fail(const Status& s) {
  std::cerr << "graph_bench: " << s.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: graph_bench DIR [--keep DB]\n";
    return 1;
  }
  std::string dir = argv[1];
  std::string db =
      std::filesystem::temp_directory_path() / ("graph_bench_" + std::to_string(::getpid()));
  bool keep = false;
  if (argc >= 4 && std::string(argv[2]) == "--keep") {
    db = argv[3];
    keep = true;
  }
  std::filesystem::remove_all(db);
  auto opened = GraphStore::Open(db);
  if (!opened.ok()) return Fail(opened.status());
  auto store = std::move(opened).value();

  double t0 = NowMs();
  auto report = ImportCsv(*store, {dir + "/nodes.csv"}, {dir + "/edges.csv"});
  if (!report.ok()) return Fail(report.status());
  double import_ms = NowMs() - t0;
  double import_rss = PeakRssMb();

  std::ifstream qf(dir + "/queries.json");
  std::stringstream qs;
  qs << qf.rdbuf();
  rapidjson::Document q;
  q.Parse(qs.str().c_str());
  if (q.HasParseError()) return Fail(Status::InvalidArgument(dir + "/queries.json is not JSON"));

  auto txn = store->BeginRead();
  auto node = [&](int64_t csv_id) {
    return txn->FindByKey(std::to_string(csv_id)).value().value_or(0);
  };

  std::vector<double> lookup, hop1, hop2, sp_store, sp_csr;
  uint64_t found = 0, hop1_sum = 0, hop2_sum = 0, sp_sum = 0, sp_csr_sum = 0;
  std::vector<NodeId> first;
  std::unordered_set<NodeId> seen;
  // Each operation runs over the workload twice; the first pass finds the
  // block cache empty (bulk loads bypass it), the second shows steady state.
  std::string cold;
  for (int pass = 0; pass < 2; ++pass) {
    lookup.clear(), hop1.clear(), hop2.clear(), sp_store.clear();
    found = hop1_sum = hop2_sum = sp_sum = 0;
    for (const auto& name : q["lookup_names"].GetArray()) {
      double s = NowMs();
      auto ids = txn->FindByName(name.GetString()).value();
      Node n = txn->GetNode(ids.at(0)).value();
      lookup.push_back(NowMs() - s);
      found += !n.labels.empty();
    }
    for (const auto& v : q["expand_ids"].GetArray()) {
      NodeId a = node(v.GetInt64());
      double s = NowMs();
      seen.clear();
      for (auto c = txn->Edges(a, Direction::kBoth); c->Valid(); c->Next())
        seen.insert(c->entry().neighbor);
      hop1.push_back(NowMs() - s);
      hop1_sum += seen.size();

      s = NowMs();
      first.assign(seen.begin(), seen.end());
      seen.clear();
      for (NodeId b : first) {
        for (auto c = txn->Edges(b, Direction::kBoth); c->Valid(); c->Next())
          seen.insert(c->entry().neighbor);
      }
      seen.erase(a);
      hop2.push_back(NowMs() - s);
      hop2_sum += seen.size();
    }
    for (const auto& pair : q["sp_pairs"].GetArray()) {
      NodeId s_id = node(pair[0].GetInt64()), t_id = node(pair[1].GetInt64());
      double s = NowMs();
      auto p = ShortestPathOnStore(*txn, s_id, t_id, Direction::kBoth, {}, -1).value();
      sp_store.push_back(NowMs() - s);
      if (p) sp_sum += p->edges.size();
    }
    if (pass == 0) {
      cold = "{\"lookup_by_name\": " + Stats(lookup) + ",\n      \"hop1\": " + Stats(hop1) +
             ",\n      \"hop2\": " + Stats(hop2) +
             ",\n      \"shortest_path_store\": " + Stats(sp_store) + "}";
    }
  }
  double csr_start = NowMs();
  auto g = store->Snapshot({}).value();
  double csr_ms = NowMs() - csr_start;
  for (const auto& pair : q["sp_pairs"].GetArray()) {
    NodeId s_id = node(pair[0].GetInt64()), t_id = node(pair[1].GetInt64());
    double s = NowMs();
    auto p = ShortestPath(*g, s_id, t_id);
    sp_csr.push_back(NowMs() - s);
    if (p) sp_csr_sum += p->edges.size();
  }

  std::printf(
      "{\n  \"engine\": \"splot-store\",\n  \"n\": %llu,\n  \"m\": %llu,\n"
      "  \"timings\": {\n    \"bulk_load_ms\": %.1f,\n    \"lookup_by_name\": %s,\n    \"hop1\": "
      "%s,\n"
      "    \"hop2\": %s,\n    \"shortest_path_store\": %s,\n    \"csr_snapshot_build_ms\": %.1f,\n"
      "    \"shortest_path_csr\": %s,\n    \"first_pass\": %s\n  },\n"
      "  \"checks\": {\"lookup_found\": %llu, \"hop1_sum\": %llu, \"hop2_sum\": %llu, "
      "\"sp_len_sum\": %llu, "
      "\"sp_len_sum_csr\": %llu},\n"
      "  \"import_peak_rss_mb\": %.1f,\n  \"peak_rss_mb\": %.1f\n}\n",
      static_cast<unsigned long long>(store->NodeCount()),
      static_cast<unsigned long long>(store->EdgeCount()), import_ms, Stats(lookup).c_str(),
      Stats(hop1).c_str(), Stats(hop2).c_str(), Stats(sp_store).c_str(), csr_ms,
      Stats(sp_csr).c_str(), cold.c_str(), static_cast<unsigned long long>(found),
      static_cast<unsigned long long>(hop1_sum), static_cast<unsigned long long>(hop2_sum),
      static_cast<unsigned long long>(sp_sum), static_cast<unsigned long long>(sp_csr_sum),
      import_rss, PeakRssMb());
  txn.reset();
  store.reset();
  if (!keep) std::filesystem::remove_all(db);
  return 0;
}
