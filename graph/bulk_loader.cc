#include "graph/bulk_loader.h"

#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "graph/codec.h"
#include "graph/store.h"
#include "graph/store_internal.h"

namespace splot::graph {

using internal::CfIndex;

namespace {

struct AdjRow {
  NodeId node;
  NodeId neighbor;
  EdgeId edge;
  TypeId type;
  bool operator<(const AdjRow& o) const {
    if (node != o.node) return node < o.node;
    if (type != o.type) return type < o.type;
    if (neighbor != o.neighbor) return neighbor < o.neighbor;
    return edge < o.edge;
  }
};

std::string U64(uint64_t v) {
  std::string s;
  codec::PutU64BE(&s, v);
  return s;
}

// Writes one SST file from keys (and values) produced in ascending order.
// The written pages stay in the OS page cache (RocksDB's default drops them
// every megabyte), so the first queries after a load read memory, not disk.
class SstFile {
 public:
  SstFile(const rocksdb::Options& options, rocksdb::ColumnFamilyHandle* cf, std::string path)
      : writer_(rocksdb::EnvOptions(), options, cf, /*invalidate_page_cache=*/false),
        path_(std::move(path)) {}
  Status Open() { return Convert(writer_.Open(path_), "cannot write "); }
  Status Put(const rocksdb::Slice& key, const rocksdb::Slice& value) {
    return Convert(writer_.Put(key, value), "writing ");
  }
  Status Finish() { return Convert(writer_.Finish(), "finishing "); }
  const std::string& path() const { return path_; }

 private:
  Status Convert(const rocksdb::Status& s, const char* what) {
    return s.ok() ? Status::OK() : Status::IOError(std::string(what) + path_ + ": " + s.ToString());
  }
  rocksdb::SstFileWriter writer_;
  std::string path_;
};

}  // namespace

struct BulkLoader::Impl {
  GraphStore* store = nullptr;
  rocksdb::Env* env = nullptr;
  std::string dir;
  rocksdb::Options options;
  std::unique_ptr<SstFile> node_file;
  std::vector<std::tuple<CatalogKind, std::string, uint32_t>> new_names;
  std::unordered_map<std::string, uint32_t> pending_ids[3];
  uint32_t next_id[3] = {0, 0, 0};
  std::vector<std::pair<LabelId, NodeId>> label_rows;
  std::vector<std::string> name_rows;
  std::vector<std::pair<std::string, NodeId>> key_rows;
  std::vector<AdjRow> out_rows;
  // Edge records, encoded, in id order; written when the load finishes.
  std::string edge_records;
  std::vector<uint64_t> edge_offsets;
  std::vector<uint64_t> label_counts, type_counts;
  std::vector<std::pair<std::string, std::string>> extra_meta;
  std::mutex files_mutex;
  std::vector<std::pair<int, std::string>> files;  // (column family, path), for ingestion
  bool finished = false;

  static int Slot(CatalogKind k) {
    return k == CatalogKind::kLabel ? 0 : k == CatalogKind::kType ? 1 : 2;
  }

  std::string PropName(PropKeyId id) const {
    if (id < store->catalog_.Size(CatalogKind::kPropKey)) {
      return store->catalog_.Name(CatalogKind::kPropKey, id);
    }
    for (const auto& [k, n, i] : new_names) {
      if (k == CatalogKind::kPropKey && i == id) return n;
    }
    return std::string();
  }

  Result<std::unique_ptr<SstFile>> NewFile(int cf, const std::string& name) {
    auto file = std::make_unique<SstFile>(options, store->cf(cf), dir + "/" + name + ".sst");
    SPLOT_RETURN_IF_ERROR(file->Open());
    std::lock_guard<std::mutex> lock(files_mutex);
    files.emplace_back(cf, file->path());
    return file;
  }

  // Writes `count` keys, key(i, &buffer) producing the i-th in sorted order;
  // repeated keys are written once.
  Status WriteKeys(int cf, const std::string& name, size_t count,
                   const std::function<void(size_t, std::string*)>& key) {
    if (count == 0) return Status::OK();
    SPLOT_ASSIGN_OR_RETURN(auto file, NewFile(cf, name));
    std::string k, last;
    for (size_t i = 0; i < count; ++i) {
      k.clear();
      key(i, &k);
      if (i > 0 && k == last) continue;
      SPLOT_RETURN_IF_ERROR(file->Put(k, rocksdb::Slice()));
      last.swap(k);
    }
    return file->Finish();
  }

  // Writes the adjacency keys of every edge, seen from the source (out) or
  // from the target (in).  Node ids of a bulk load are dense, so a counting
  // sort by node followed by a small sort within each node's bucket orders
  // the keys in O(E) plus tiny sorts.
  Status WriteAdjacency(int cf, const std::string& name, bool from_target, uint64_t node_limit) {
    if (out_rows.empty()) return Status::OK();
    auto node_of = [&](const AdjRow& r) { return from_target ? r.neighbor : r.node; };
    auto other_of = [&](const AdjRow& r) { return from_target ? r.node : r.neighbor; };
    std::vector<uint64_t> start(node_limit + 1, 0);
    for (const AdjRow& r : out_rows) start[node_of(r) + 1]++;
    for (uint64_t i = 1; i <= node_limit; ++i) start[i] += start[i - 1];
    std::vector<uint32_t> order(out_rows.size());
    {
      std::vector<uint64_t> fill(start.begin(), start.end() - 1);
      for (uint32_t i = 0; i < out_rows.size(); ++i) order[fill[node_of(out_rows[i])]++] = i;
    }
    auto less = [&](uint32_t a, uint32_t b) {
      const AdjRow& x = out_rows[a];
      const AdjRow& y = out_rows[b];
      if (x.type != y.type) return x.type < y.type;
      if (other_of(x) != other_of(y)) return other_of(x) < other_of(y);
      return x.edge < y.edge;
    };
    for (uint64_t n = 0; n < node_limit; ++n) {
      if (start[n + 1] - start[n] > 1)
        std::sort(order.begin() + start[n], order.begin() + start[n + 1], less);
    }
    char key[codec::kAdjKeySize];
    auto put64 = [](char* p, uint64_t v) {
      for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<char>(v & 0xff);
    };
    SPLOT_ASSIGN_OR_RETURN(auto file, NewFile(cf, name));
    for (uint32_t i : order) {
      const AdjRow& r = out_rows[i];
      put64(key, node_of(r));
      key[8] = static_cast<char>(r.type >> 24);
      key[9] = static_cast<char>(r.type >> 16);
      key[10] = static_cast<char>(r.type >> 8);
      key[11] = static_cast<char>(r.type);
      put64(key + 12, other_of(r));
      put64(key + 20, r.edge);
      SPLOT_RETURN_IF_ERROR(file->Put(rocksdb::Slice(key, sizeof key), rocksdb::Slice()));
    }
    return file->Finish();
  }

  Status WriteEdges(EdgeId first) {
    if (edge_offsets.empty()) return Status::OK();
    SPLOT_ASSIGN_OR_RETURN(auto file, NewFile(CfIndex::kEdges, "edges"));
    for (size_t i = 0; i < edge_offsets.size(); ++i) {
      uint64_t begin = edge_offsets[i];
      uint64_t end = i + 1 < edge_offsets.size() ? edge_offsets[i + 1] : edge_records.size();
      SPLOT_RETURN_IF_ERROR(file->Put(codec::EdgeKey(first + i),
                                      rocksdb::Slice(edge_records.data() + begin, end - begin)));
    }
    return file->Finish();
  }

  Status WriteSortedPairs(int cf, const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& rows) {
    if (rows.empty()) return Status::OK();
    SPLOT_ASSIGN_OR_RETURN(auto file, NewFile(cf, name));
    for (const auto& [k, v] : rows) SPLOT_RETURN_IF_ERROR(file->Put(k, v));
    return file->Finish();
  }

  void Cleanup() {
    for (const auto& [cf, f] : files) env->DeleteFile(f);
    env->DeleteDir(dir);
  }
};

BulkLoader::BulkLoader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

BulkLoader::~BulkLoader() {
  if (impl_ && !impl_->finished) impl_->Cleanup();
}

Result<std::unique_ptr<BulkLoader>> BulkLoader::Begin(GraphStore* store) {
  if (store->read_only()) return Status::InvalidArgument("the store is open read-only");
  if (store->NodeCount() != 0 || store->EdgeCount() != 0) {
    return Status::InvalidArgument("bulk loading needs an empty store");
  }
  auto impl = std::make_unique<Impl>();
  impl->store = store;
  impl->env = store->mem_env_ ? store->mem_env_.get() : rocksdb::Env::Default();
  impl->options = store->db_->GetOptions(store->cf(CfIndex::kNodes));
  impl->options.env = impl->env;
  // Bulk files are written once; compaction compresses them later, and
  // skipping compression here halves the load time.
  impl->options.compression = rocksdb::kNoCompression;
  impl->dir = store->path_ + "/bulk-load-" + std::to_string(::getpid());
  // Files of a load that was killed before ingestion are garbage: we hold
  // the write lock, so no other load can be using them.
  std::vector<std::string> children;
  if (impl->env->GetChildren(store->path_, &children).ok()) {
    for (const auto& child : children) {
      if (child.rfind("bulk-load-", 0) != 0) continue;
      std::string stale = store->path_ + "/" + child;
      std::vector<std::string> files;
      if (impl->env->GetChildren(stale, &files).ok()) {
        for (const auto& f : files) impl->env->DeleteFile(stale + "/" + f);
      }
      impl->env->DeleteDir(stale);
    }
  }
  rocksdb::Status s = impl->env->CreateDirIfMissing(impl->dir);
  if (!s.ok()) return Status::IOError("cannot create " + impl->dir + ": " + s.ToString());
  impl->next_id[0] = store->catalog_.Size(CatalogKind::kLabel);
  impl->next_id[1] = store->catalog_.Size(CatalogKind::kType);
  impl->next_id[2] = store->catalog_.Size(CatalogKind::kPropKey);
  impl->label_counts.assign(impl->next_id[0], 0);
  impl->type_counts.assign(impl->next_id[1], 0);
  std::unique_ptr<BulkLoader> loader(new BulkLoader(std::move(impl)));
  {
    std::lock_guard<std::mutex> lock(store->counters_mutex_);
    loader->next_node_ = store->counters_.next_node;
    loader->next_edge_ = store->counters_.next_edge;
  }
  loader->first_edge_ = loader->next_edge_;
  return loader;
}

uint32_t BulkLoader::Intern(CatalogKind kind, std::string_view name) {
  if (auto id = impl_->store->catalog_.Find(kind, name)) return *id;
  int slot = Impl::Slot(kind);
  auto& pending = impl_->pending_ids[slot];
  auto it = pending.find(std::string(name));
  if (it != pending.end()) return it->second;
  uint32_t id = impl_->next_id[slot]++;
  pending.emplace(std::string(name), id);
  impl_->new_names.emplace_back(kind, std::string(name), id);
  if (kind == CatalogKind::kLabel) impl_->label_counts.resize(id + 1, 0);
  if (kind == CatalogKind::kType) impl_->type_counts.resize(id + 1, 0);
  return id;
}

void BulkLoader::Reserve(uint64_t nodes, uint64_t edges) {
  impl_->out_rows.reserve(edges);
  impl_->edge_offsets.reserve(edges);
  impl_->edge_records.reserve(edges * 20);
  impl_->label_rows.reserve(nodes);
  impl_->key_rows.reserve(nodes);
  impl_->name_rows.reserve(nodes * 2);
}

Result<NodeId> BulkLoader::AddNode(const std::vector<LabelId>& labels, std::string_view key,
                                   const std::vector<std::pair<PropKeyId, Value>>& props) {
  Impl& m = *impl_;
  if (!m.node_file) {
    SPLOT_ASSIGN_OR_RETURN(m.node_file, m.NewFile(CfIndex::kNodes, "nodes"));
  }
  NodeId id = next_node_++;
  codec::NodeRecord rec;
  rec.labels = labels;
  rec.key = std::string(key);
  rec.props = props;
  SPLOT_RETURN_IF_ERROR(m.node_file->Put(codec::NodeKey(id), codec::EncodeNode(rec)));
  for (LabelId l : labels) {
    m.label_rows.emplace_back(l, id);
    m.label_counts[l]++;
  }
  if (!key.empty()) m.key_rows.emplace_back(std::string(key), id);
  for (const auto& [pk, value] : props) {
    if (internal::IsNameProperty(m.PropName(pk))) {
      internal::AppendNameKeys(m.store->folder_, value, id, &m.name_rows);
    }
  }
  return id;
}

Result<EdgeId> BulkLoader::AddEdge(NodeId src, TypeId type, NodeId dst,
                                   const std::vector<std::pair<PropKeyId, Value>>& props) {
  Impl& m = *impl_;
  EdgeId id = next_edge_++;
  codec::EdgeRecord rec;
  rec.src = src;
  rec.dst = dst;
  rec.type = type;
  rec.props = props;
  m.edge_offsets.push_back(m.edge_records.size());
  m.edge_records += codec::EncodeEdge(rec);
  m.out_rows.push_back({src, dst, id, type});
  m.type_counts[type]++;
  return id;
}

void BulkLoader::PutMeta(std::string key, std::string value) {
  impl_->extra_meta.emplace_back(std::move(key), std::move(value));
}

uint64_t BulkLoader::edges_of_type(TypeId type) const {
  return type < impl_->type_counts.size() ? impl_->type_counts[type] : 0;
}

Status BulkLoader::Finish() {
  Impl& m = *impl_;
  GraphStore* store = m.store;
  if (m.node_file) SPLOT_RETURN_IF_ERROR(m.node_file->Finish());

  if (m.out_rows.size() > UINT32_MAX) {
    return Status::ResourceExhausted("a bulk load is limited to 4 billion edges");
  }
  // Independent files, largest first, written by two threads.
  std::vector<std::function<Status()>> tasks = {
      [&] { return m.WriteAdjacency(CfIndex::kIn, "in", true, next_node_); },
      [&] { return m.WriteAdjacency(CfIndex::kOut, "out", false, next_node_); },
      [&] { return m.WriteEdges(first_edge_); },
      [&] {
        std::sort(m.name_rows.begin(), m.name_rows.end());
        return m.WriteKeys(CfIndex::kName, "name", m.name_rows.size(),
                           [&](size_t i, std::string* k) { *k = m.name_rows[i]; });
      },
      [&] {
        std::sort(m.label_rows.begin(), m.label_rows.end());
        return m.WriteKeys(CfIndex::kLabel, "label", m.label_rows.size(),
                           [&](size_t i, std::string* k) {
                             codec::PutU32BE(k, m.label_rows[i].first);
                             codec::PutU64BE(k, m.label_rows[i].second);
                           });
      },
      [&]() -> Status {
        std::sort(m.key_rows.begin(), m.key_rows.end());
        std::vector<std::pair<std::string, std::string>> rows;
        rows.reserve(m.key_rows.size());
        for (size_t i = 0; i < m.key_rows.size(); ++i) {
          if (i > 0 && m.key_rows[i].first == m.key_rows[i - 1].first) {
            return Status::InvalidArgument("duplicate node key '" + m.key_rows[i].first + "'");
          }
          rows.emplace_back(m.key_rows[i].first, U64(m.key_rows[i].second));
        }
        return m.WriteSortedPairs(CfIndex::kKey, "key", rows);
      },
  };
  std::atomic<size_t> next_task{0};
  std::vector<Status> results(tasks.size());
  auto worker = [&] {
    for (size_t i; (i = next_task++) < tasks.size();) results[i] = tasks[i]();
  };
  std::thread helper(worker);
  worker();
  helper.join();
  for (const Status& s : results) SPLOT_RETURN_IF_ERROR(s);

  // Catalog additions and counters go in with the data, so all of it lands at once.
  GraphStore::Counters counters;
  {
    std::lock_guard<std::mutex> lock(store->counters_mutex_);
    counters = store->counters_;
  }
  counters.nodes += next_node_ - counters.next_node;
  counters.edges += next_edge_ - counters.next_edge;
  counters.next_node = next_node_;
  counters.next_edge = next_edge_;
  counters.by_label.resize(m.label_counts.size(), 0);
  counters.by_type.resize(m.type_counts.size(), 0);
  for (size_t i = 0; i < m.label_counts.size(); ++i) {
    counters.by_label[i] += static_cast<int64_t>(m.label_counts[i]);
  }
  for (size_t i = 0; i < m.type_counts.size(); ++i) {
    counters.by_type[i] += static_cast<int64_t>(m.type_counts[i]);
  }
  counters.version += 1;

  std::vector<std::pair<std::string, std::string>> catalog;
  for (const auto& [kind, name, id] : m.new_names) {
    std::string k(1, static_cast<char>(kind));
    k += name;
    std::string v;
    codec::PutU32BE(&v, id);
    catalog.emplace_back(std::move(k), std::move(v));
  }
  std::sort(catalog.begin(), catalog.end());
  SPLOT_RETURN_IF_ERROR(m.WriteSortedPairs(CfIndex::kCatalog, "catalog", catalog));

  std::vector<std::pair<std::string, std::string>> meta = {
      {"splot:next_node", U64(counters.next_node)}, {"splot:next_edge", U64(counters.next_edge)},
      {"splot:nodes", U64(counters.nodes)},         {"splot:edges", U64(counters.edges)},
      {"splot:version", U64(counters.version)},
  };
  for (uint32_t i = 0; i < counters.by_label.size(); ++i) {
    std::string k = "splot:label:";
    codec::PutU32BE(&k, i);
    meta.emplace_back(k, U64(static_cast<uint64_t>(counters.by_label[i])));
  }
  for (uint32_t i = 0; i < counters.by_type.size(); ++i) {
    std::string k = "splot:type:";
    codec::PutU32BE(&k, i);
    meta.emplace_back(k, U64(static_cast<uint64_t>(counters.by_type[i])));
  }
  for (auto& kv : m.extra_meta) meta.push_back(std::move(kv));
  std::sort(meta.begin(), meta.end());
  meta.erase(std::unique(meta.begin(), meta.end(),
                         [](const auto& a, const auto& b) { return a.first == b.first; }),
             meta.end());
  SPLOT_RETURN_IF_ERROR(m.WriteSortedPairs(CfIndex::kMeta, "meta", meta));

  std::vector<rocksdb::IngestExternalFileArg> args;
  for (const auto& [cf, path] : m.files) {
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = store->cf(cf);
    arg.external_files = {path};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  rocksdb::Status s = store->db_->IngestExternalFiles(args);
  m.finished = true;
  if (!s.ok()) {
    m.Cleanup();
    return Status::IOError("bulk load could not be ingested; the store is unchanged: " +
                           s.ToString());
  }
  m.env->DeleteDir(m.dir);
  for (const auto& [kind, name, id] : m.new_names) store->catalog_.Add(kind, name, id);
  {
    std::lock_guard<std::mutex> lock(store->counters_mutex_);
    store->counters_ = counters;
  }
  store->version_ = counters.version;
  return Status::OK();
}

}  // namespace splot::graph
