// Feeds arbitrary bytes to the CSV importer as a nodes file and, split at
// the first NUL byte, an edges file; any input must end in success or a
// clean error, and the store must stay consistent either way.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <string>

#include "graph/csv_import.h"
#include "graph/store.h"

using namespace splot::graph;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  std::string nodes = input.substr(0, split);
  std::string edges = split == std::string::npos ? std::string() : input.substr(split + 1);
  std::string dir = "/tmp/splot-fuzz-csv-" + std::to_string(::getpid());
  std::string nodes_path = dir + ".nodes.csv", edges_path = dir + ".edges.csv";
  std::ofstream(nodes_path, std::ios::binary) << nodes;
  std::ofstream(edges_path, std::ios::binary) << edges;

  // One store for the whole run, emptied before each input: opening a
  // RocksDB database costs far more than an input does.
  static std::unique_ptr<GraphStore> shared = [] {
    StoreOptions options;
    options.in_memory = true;
    auto opened = GraphStore::Open("/fuzz/csv", options);
    if (!opened.ok()) __builtin_trap();
    return std::move(opened).value();
  }();
  if (!shared->Clear().ok()) __builtin_trap();
  auto* store = &shared;
  std::vector<std::string> edge_files;
  if (split != std::string::npos) edge_files.push_back(edges_path);
  auto report = ImportCsv(**store, {nodes_path}, edge_files);
  CheckReport check;
  if (!(*store)->Check(&check).ok() || !check.ok()) __builtin_trap();
  if (!report.ok() && (*store)->NodeCount() != 0)
    __builtin_trap();  // a failed bulk load writes nothing
  std::remove(nodes_path.c_str());
  std::remove(edges_path.c_str());
  return 0;
}
