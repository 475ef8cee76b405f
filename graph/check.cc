#include <rocksdb/db.h>

#include <set>

#include "graph/codec.h"
#include "graph/store.h"
#include "graph/store_internal.h"

namespace splot::graph {

using internal::CfIndex;

Status GraphStore::Check(CheckReport* report) {
  *report = CheckReport();
  auto problem = [&](std::string what) {
    if (report->problems.size() < 100) report->problems.push_back(std::move(what));
  };
  rocksdb::ReadOptions ro;
  const rocksdb::Snapshot* snap = db_->GetSnapshot();
  ro.snapshot = snap;
  ro.total_order_seek = true;
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{db_.get(), snap};
  auto exists = [&](int cfi, const std::string& key, std::string* value) {
    std::string v;
    bool ok = db_->Get(ro, cf(cfi), key, value ? value : &v).ok();
    return ok;
  };

  std::vector<uint64_t> by_label(catalog_.Size(CatalogKind::kLabel), 0);
  std::vector<uint64_t> by_type(catalog_.Size(CatalogKind::kType), 0);
  uint64_t max_node = 0, max_edge = 0;
  bool any_node = false, any_edge = false;
  auto txn = BeginRead();

  // Nodes against the label, key and name indexes.
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(CfIndex::kNodes)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      problem("node key of bad size");
      continue;
    }
    NodeId id = codec::GetU64BE(it->key().data());
    any_node = true;
    max_node = std::max(max_node, id);
    report->nodes++;
    codec::NodeRecord rec;
    Status s = codec::DecodeNode(std::string_view(it->value().data(), it->value().size()), &rec);
    if (!s.ok()) {
      problem("node " + std::to_string(id) + ": " + s.message());
      continue;
    }
    for (LabelId l : rec.labels) {
      if (l >= by_label.size()) {
        problem("node " + std::to_string(id) + " has an unknown label id");
        continue;
      }
      by_label[l]++;
      if (!exists(CfIndex::kLabel, codec::LabelIndexKey(l, id), nullptr)) {
        problem("node " + std::to_string(id) + " is missing from the label index");
      }
    }
    if (!rec.key.empty()) {
      std::string v;
      if (!exists(CfIndex::kKey, rec.key, &v) || v != codec::NodeKey(id)) {
        problem("node " + std::to_string(id) + " is missing from the key index");
      }
    }
    std::vector<std::string> names;
    txn->CollectNames(rec, &names, id);
    for (const auto& k : names) {
      if (!exists(CfIndex::kName, k, nullptr)) {
        problem("node " + std::to_string(id) + " is missing from the name index");
      }
    }
  }
  if (!it->status().ok())
    return Status::IOError("scan of nodes failed: " + it->status().ToString());

  // Every index entry must point at a node that has it.
  it.reset(db_->NewIterator(ro, cf(CfIndex::kLabel)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != codec::kLabelKeySize) {
      problem("label index key of bad size");
      continue;
    }
    LabelId l = codec::GetU32BE(it->key().data());
    NodeId id = codec::GetU64BE(it->key().data() + 4);
    std::string data;
    codec::NodeRecord rec;
    if (!exists(CfIndex::kNodes, codec::NodeKey(id), &data) ||
        !codec::DecodeNode(data, &rec).ok() ||
        std::find(rec.labels.begin(), rec.labels.end(), l) == rec.labels.end()) {
      problem("label index names node " + std::to_string(id) + " which lacks the label");
    }
  }
  it.reset(db_->NewIterator(ro, cf(CfIndex::kKey)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string data;
    codec::NodeRecord rec;
    NodeId id = it->value().size() == 8 ? codec::GetU64BE(it->value().data()) : 0;
    if (!exists(CfIndex::kNodes, codec::NodeKey(id), &data) ||
        !codec::DecodeNode(data, &rec).ok() || rec.key != it->key().ToString()) {
      problem("key index entry '" + it->key().ToString() + "' names the wrong node");
    }
  }
  it.reset(db_->NewIterator(ro, cf(CfIndex::kName)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string key = it->key().ToString();
    if (key.size() < 10) {
      problem("name index key of bad size");
      continue;
    }
    NodeId id = codec::NameIndexNode(key);
    std::string data;
    codec::NodeRecord rec;
    std::vector<std::string> names;
    if (!exists(CfIndex::kNodes, codec::NodeKey(id), &data) ||
        !codec::DecodeNode(data, &rec).ok()) {
      problem("name index names missing node " + std::to_string(id));
      continue;
    }
    txn->CollectNames(rec, &names, id);
    if (!std::binary_search(names.begin(), names.end(), key)) {
      problem("name index entry for node " + std::to_string(id) + " does not match its names");
    }
  }

  // Edges against the adjacency.
  it.reset(db_->NewIterator(ro, cf(CfIndex::kEdges)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    EdgeId id = codec::GetU64BE(it->key().data());
    any_edge = true;
    max_edge = std::max(max_edge, id);
    report->edges++;
    NodeId src, dst;
    TypeId type;
    Status s = codec::DecodeEdgeHeader(std::string_view(it->value().data(), it->value().size()),
                                       &src, &dst, &type);
    if (!s.ok()) {
      problem("edge " + std::to_string(id) + ": " + s.message());
      continue;
    }
    if (type < by_type.size()) by_type[type]++;
    if (!exists(CfIndex::kNodes, codec::NodeKey(src), nullptr) ||
        !exists(CfIndex::kNodes, codec::NodeKey(dst), nullptr)) {
      problem("edge " + std::to_string(id) + " has a missing endpoint");
    }
    if (!exists(CfIndex::kOut, codec::AdjKey(src, type, dst, id), nullptr)) {
      problem("edge " + std::to_string(id) + " is missing from the out-adjacency");
    }
    if (!exists(CfIndex::kIn, codec::AdjKey(dst, type, src, id), nullptr)) {
      problem("edge " + std::to_string(id) + " is missing from the in-adjacency");
    }
  }
  for (int cfi : {static_cast<int>(CfIndex::kOut), static_cast<int>(CfIndex::kIn)}) {
    uint64_t entries = 0;
    it.reset(db_->NewIterator(ro, cf(cfi)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++entries;
      if (it->key().size() != codec::kAdjKeySize) {
        problem("adjacency key of bad size");
        continue;
      }
      NodeId node, nbr;
      EdgeId edge;
      TypeId type;
      codec::DecodeAdjKey(std::string_view(it->key().data(), it->key().size()), &node, &type, &nbr,
                          &edge);
      std::string data;
      NodeId src, dst;
      TypeId etype;
      bool ok = exists(CfIndex::kEdges, codec::EdgeKey(edge), &data) &&
                codec::DecodeEdgeHeader(data, &src, &dst, &etype).ok() && etype == type &&
                (cfi == CfIndex::kOut ? (src == node && dst == nbr) : (dst == node && src == nbr));
      if (!ok)
        problem("adjacency entry for edge " + std::to_string(edge) + " has no matching edge");
    }
    if (entries != report->edges) {
      problem(std::string(cfi == CfIndex::kOut ? "out" : "in") + "-adjacency has " +
              std::to_string(entries) + " entries for " + std::to_string(report->edges) + " edges");
    }
  }

  // Counters.
  Counters c;
  {
    std::lock_guard<std::mutex> lock(counters_mutex_);
    c = counters_;
  }
  if (c.nodes != report->nodes) {
    problem("node counter says " + std::to_string(c.nodes) + ", store has " +
            std::to_string(report->nodes));
  }
  if (c.edges != report->edges) {
    problem("edge counter says " + std::to_string(c.edges) + ", store has " +
            std::to_string(report->edges));
  }
  if (any_node && c.next_node <= max_node) problem("next node id would reuse an existing id");
  if (any_edge && c.next_edge <= max_edge) problem("next edge id would reuse an existing id");
  for (uint32_t i = 0; i < by_label.size(); ++i) {
    int64_t counted = i < c.by_label.size() ? c.by_label[i] : 0;
    if (static_cast<uint64_t>(counted) != by_label[i]) {
      problem("count of label " + catalog_.Name(CatalogKind::kLabel, i) + " says " +
              std::to_string(counted) + ", store has " + std::to_string(by_label[i]));
    }
  }
  for (uint32_t i = 0; i < by_type.size(); ++i) {
    int64_t counted = i < c.by_type.size() ? c.by_type[i] : 0;
    if (static_cast<uint64_t>(counted) != by_type[i]) {
      problem("count of type " + catalog_.Name(CatalogKind::kType, i) + " says " +
              std::to_string(counted) + ", store has " + std::to_string(by_type[i]));
    }
  }
  return Status::OK();
}

}  // namespace splot::graph
