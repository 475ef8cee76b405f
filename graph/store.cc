#include "graph/store.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/write_batch_with_index.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <initializer_list>
#include <set>
#include <thread>
#include <unordered_set>

#include "graph/codec.h"
#include "graph/store_internal.h"

namespace splot::graph {

using internal::CfIndex;

namespace {

const char* const kCfNames[] = {"default", "meta", "catalog", "nodes", "edges",
                                "out",     "in",   "label",   "name",  "key"};
constexpr int kCfCount = sizeof(kCfNames) / sizeof(kCfNames[0]);

const std::string kMetaFormat = "splot:format";
const std::string kMetaNextNode = "splot:next_node";
const std::string kMetaNextEdge = "splot:next_edge";
const std::string kMetaNodes = "splot:nodes";
const std::string kMetaEdges = "splot:edges";
const std::string kMetaVersion = "splot:version";
const std::string kMetaLabelCount = "splot:label:";
const std::string kMetaTypeCount = "splot:type:";

// The write-ahead log files of the store at `path`, sorted.
std::vector<std::string> LogFiles(const std::string& path) {
  std::vector<std::string> logs;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
    if (entry.path().extension() == ".log") logs.push_back(entry.path().filename().string());
  }
  std::sort(logs.begin(), logs.end());
  return logs;
}

std::string U64Value(uint64_t v) {
  std::string s;
  codec::PutU64BE(&s, v);
  return s;
}

uint64_t ParseU64(const std::string& s) { return s.size() == 8 ? codec::GetU64BE(s.data()) : 0; }

std::string CountKey(const std::string& prefix, uint32_t id) {
  std::string k = prefix;
  codec::PutU32BE(&k, id);
  return k;
}

std::string CatalogKey(CatalogKind kind, std::string_view name) {
  std::string k(1, static_cast<char>(kind));
  k.append(name);
  return k;
}

int CatalogSlot(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kLabel:
      return 0;
    case CatalogKind::kType:
      return 1;
    case CatalogKind::kPropKey:
      return 2;
  }
  return 2;
}

bool StartsWith(const rocksdb::Slice& s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// Appends the elements of `from` that `list` lacks, in order.
void UnionInto(Value::List* list, Value::List from) {
  // Lists of integers (the lines a name occurs on) grow to thousands of
  // elements: those are looked up in a set rather than by a scan.
  std::unordered_set<int64_t> ints;
  bool ints_known = false;
  for (Value& e : from) {
    bool present;
    if (e.is_int()) {
      if (!ints_known) {
        for (const Value& v : *list) {
          if (v.is_int()) ints.insert(v.as_int());
        }
        ints_known = true;
      }
      present = !ints.insert(e.as_int()).second;
    } else {
      present = std::find(list->begin(), list->end(), e) != list->end();
    }
    if (!present) list->push_back(std::move(e));
  }
}

// Leaves a list of integers in ascending order as it is and replaces any
// other list by its integers, sorted.
void SortInts(Value* value) {
  if (!value->is_list()) return;
  Value::List& list = value->as_list();
  bool in_order = true;
  for (size_t i = 0; i < list.size() && in_order; ++i) {
    in_order = list[i].is_int() && (i == 0 || list[i - 1].as_int() <= list[i].as_int());
  }
  if (in_order) return;
  std::vector<int64_t> ints;
  for (const Value& v : list) {
    if (v.is_int()) ints.push_back(v.as_int());
  }
  std::sort(ints.begin(), ints.end());
  list.assign(ints.begin(), ints.end());
}

// Unions list values, overwrites anything else; nulls carry no information.
void MergeProps(std::vector<std::pair<PropKeyId, Value>>* into,
                std::vector<std::pair<PropKeyId, Value>> from) {
  for (auto& [key, value] : from) {
    if (value.is_null()) continue;
    auto it = std::lower_bound(into->begin(), into->end(), key,
                               [](const auto& p, PropKeyId k) { return p.first < k; });
    if (it == into->end() || it->first != key) {
      into->insert(it, {key, std::move(value)});
    } else if (it->second.is_list() && value.is_list()) {
      UnionInto(&it->second.as_list(), std::move(value.as_list()));
    } else {
      it->second = std::move(value);
    }
  }
}

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::OK();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsInvalidArgument()) return Status::InvalidArgument(msg);
  return Status::IOError(msg);
}

// True when `dir` holds only files RocksDB writes while it creates a
// database: the remains of a creation killed before it wrote CURRENT.
bool OnlyDatabaseLeftovers(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    auto starts = [&](const char* p) { return name.rfind(p, 0) == 0; };
    auto ends = [&](const char* p) {
      std::string_view n(name), suffix(p);
      return n.size() >= suffix.size() && n.substr(n.size() - suffix.size()) == suffix;
    };
    bool known = name == "LOCK" || name == "IDENTITY" || starts("LOG") || starts("MANIFEST-") ||
                 starts("OPTIONS-") || ends(".dbtmp") || ends(".log") || starts("bulk-load-");
    if (!known) return false;
  }
  return !ec;
}

}  // namespace

namespace internal {

bool IsNameProperty(std::string_view property) {
  for (const char* p : kNameProperties) {
    if (property == p) return true;
  }
  return false;
}

namespace {

template <typename FoldFn>
void AppendNameKeysWith(const FoldFn& fold, const Value& value, NodeId id,
                        std::vector<std::string>* keys) {
  auto add = [&](const std::string& text) {
    const std::string& folded = fold(text);
    if (folded.empty()) return;
    keys->push_back(codec::NameIndexKey(codec::kNameFull, folded, id));
    size_t start = 0;
    while (start < folded.size()) {
      size_t end = folded.find(' ', start);
      if (end == std::string::npos) end = folded.size();
      // A one-word name is already found by its whole-name entry.
      if (end - start >= 2 && !(start == 0 && end == folded.size())) {
        keys->push_back(codec::NameIndexKey(
            codec::kNameWord, std::string_view(folded).substr(start, end - start), id));
      }
      start = end + 1;
    }
  };
  if (value.is_string()) add(value.as_string());
  if (value.is_list()) {
    for (const Value& e : value.as_list()) {
      if (e.is_string()) add(e.as_string());
    }
  }
}

}  // namespace

void AppendNameKeys(const NameFolder& folder, const Value& value, NodeId id,
                    std::vector<std::string>* keys) {
  AppendNameKeysWith([&](const std::string& text) { return folder.Fold(text); }, value, id, keys);
}

std::string NameFoldCache::Fold(const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = folded_.find(name);
    if (it != folded_.end()) return it->second;
  }
  std::string folded = folder_.Fold(name);
  std::lock_guard<std::mutex> lock(mutex_);
  if (folded_.size() >= capacity_) folded_.clear();
  folded_.emplace(name, folded);
  return folded;
}

void AppendNameKeys(NameFoldCache& folds, const Value& value, NodeId id,
                    std::vector<std::string>* keys) {
  AppendNameKeysWith([&](const std::string& text) { return folds.Fold(text); }, value, id, keys);
}

}  // namespace internal

// ---------------------------------------------------------------------------
// GraphStore

GraphStore::GraphStore(std::string path, const StoreOptions& options)
    : path_(std::move(path)), options_(options) {}

GraphStore::~GraphStore() {
  {
    std::lock_guard<std::mutex> lock(snapshot_mutex_);
    snapshots_.clear();
  }
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    handles_.clear();
    db_->Close();
    db_.reset();
  }
}

Result<std::unique_ptr<GraphStore>> GraphStore::Open(const std::string& path,
                                                     const StoreOptions& options) {
  std::unique_ptr<GraphStore> store(new GraphStore(path, options));
  SPLOT_RETURN_IF_ERROR(store->OpenDb());
  SPLOT_RETURN_IF_ERROR(store->LoadCatalogAndCounters());
  return store;
}

Status GraphStore::OpenDb() {
  namespace fs = std::filesystem;
  rocksdb::Options opts;
  if (options_.in_memory) {
    mem_env_.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    opts.env = mem_env_.get();
  } else {
    std::error_code ec;
    bool exists = fs::exists(path_, ec);
    if (exists && !fs::is_directory(path_, ec)) {
      return Status::InvalidArgument(path_ + " is a file, not a Splot store directory");
    }
    bool has_current = exists && fs::exists(fs::path(path_) / "CURRENT", ec);
    if (exists && !has_current && !fs::is_empty(path_, ec) && !OnlyDatabaseLeftovers(path_)) {
      return Status::InvalidArgument(path_ +
                                     " is not a Splot store (a non-empty directory without a "
                                     "RocksDB database); choose another --db directory");
    }
    if (!has_current && (options_.read_only || !options_.create_if_missing)) {
      return Status::NotFound("no Splot store at " + path_ +
                              "; create one with `splot ingest` or `splot import`, or pass --db");
    }
  }

  opts.create_if_missing = !options_.read_only && options_.create_if_missing;
  opts.create_missing_column_families = opts.create_if_missing;
  opts.max_background_jobs = 2;
  opts.write_buffer_size = 64 << 20;
  // One budget for the memtables of all column families: each on its own
  // would grow to 64 MB (twice, while flushing), so memory would follow
  // the input up to more than a gigabyte.
  opts.db_write_buffer_size = 64 << 20;
  // A reader opens every table file at once: a writer's compaction may
  // delete files later, and open files stay readable on POSIX.
  opts.max_open_files = options_.read_only ? -1 : 512;
  opts.keep_log_file_num = 2;
  opts.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  opts.compression = rocksdb::kLZ4Compression;

  block_cache_ = rocksdb::NewLRUCache(options_.block_cache_bytes);
  auto table_options = [&](bool bloom) {
    rocksdb::BlockBasedTableOptions t;
    t.block_cache = block_cache_;
    t.cache_index_and_filter_blocks = true;
    t.pin_l0_filter_and_index_blocks_in_cache = true;
    if (bloom) t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10, false));
    return rocksdb::NewBlockBasedTableFactory(t);
  };

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int i = 0; i < kCfCount; ++i) {
    rocksdb::ColumnFamilyOptions cf_opts(opts);
    std::string name = kCfNames[i];
    if (name == "out" || name == "in") {
      // Every adjacency scan is within one node: an 8-byte prefix bloom lets
      // the scan of a node with no edges of a kind skip the files entirely.
      cf_opts.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(8));
      cf_opts.table_factory.reset(table_options(true));
    } else {
      cf_opts.table_factory.reset(
          table_options(name == "nodes" || name == "edges" || name == "key"));
    }
    descriptors.emplace_back(name, cf_opts);
  }

  if (!options_.in_memory && std::filesystem::exists(std::filesystem::path(path_) / "CURRENT")) {
    std::vector<std::string> existing;
    rocksdb::Status ls = rocksdb::DB::ListColumnFamilies(opts, path_, &existing);
    if (!ls.ok()) return FromRocks(ls, "cannot read the store at " + path_);
    std::set<std::string> have(existing.begin(), existing.end());
    std::set<std::string> ours(std::begin(kCfNames), std::end(kCfNames));
    bool foreign = false, missing = false;
    for (const auto& n : have) foreign |= !ours.count(n);
    for (const auto& n : ours) missing |= !have.count(n);
    if (foreign) {
      return Status::InvalidArgument(path_ + " is a RocksDB database but not a Splot store");
    }
    if (missing) {
      // Creating a store adds its column families one at a time; a process
      // killed in between leaves a subset.  That is an unfinished creation
      // (finish it) as long as nothing was ever written to it.
      SPLOT_RETURN_IF_ERROR(CheckUnfinishedCreation(opts, existing));
      if (options_.read_only) {
        return Status::InvalidArgument("the creation of the store " + path_ +
                                       " was interrupted; open it for writing once to finish it");
      }
      opts.create_missing_column_families = true;
    }
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (options_.read_only) {
    // A writer in another process may flush or compact while this reader
    // opens the store, deleting a log or table file the manifest it read
    // still names.  A missing table file fails the open; a missing log would
    // silently drop its writes, so the logs are listed before and after the
    // open and the open is repeated until none vanished in between.
    for (int attempt = 0;; ++attempt) {
      handles_.clear();
      const std::vector<std::string> logs_before = LogFiles(path_);
      s = rocksdb::DB::OpenForReadOnly(opts, path_, descriptors, &handles_, &raw);
      bool vanished = (s.IsIOError() || s.IsCorruption() || s.IsPathNotFound()) &&
                      s.ToString().find("No such file") != std::string::npos;
      if (s.ok()) {
        const std::vector<std::string> logs_after = LogFiles(path_);
        vanished = !std::includes(logs_after.begin(), logs_after.end(), logs_before.begin(),
                                  logs_before.end());
        if (vanished && attempt < 40) {
          for (auto* h : handles_) raw->DestroyColumnFamilyHandle(h);
          delete raw;
          raw = nullptr;
        }
      }
      if (!vanished || attempt == 40) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  } else {
    s = rocksdb::DB::Open(opts, path_, descriptors, &handles_, &raw);
  }
  if (!s.ok()) {
    std::string text = s.ToString();
    if (s.IsIOError() &&
        (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos)) {
      return Status::Busy("the store " + path_ + " is locked by another writer (lock file " +
                          path_ + "/LOCK); wait for it to finish or open the store read-only");
    }
    return FromRocks(s, "cannot open the store at " + path_);
  }
  db_.reset(raw);
  return Status::OK();
}

Status GraphStore::CheckUnfinishedCreation(const rocksdb::Options& opts,
                                           const std::vector<std::string>& existing) {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& n : existing) descriptors.emplace_back(n, rocksdb::ColumnFamilyOptions(opts));
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(opts, path_, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "cannot read the store at " + path_);
  std::unique_ptr<rocksdb::DB> db(raw);
  bool empty = true;
  for (auto* h : handles) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), h));
    it->SeekToFirst();
    empty &= !it->Valid();
  }
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  if (!empty) {
    return Status::InvalidArgument(path_ +
                                   " is a RocksDB database but not a Splot store "
                                   "(it holds data but lacks Splot's column families)");
  }
  return Status::OK();
}

Status GraphStore::LoadCatalogAndCounters() {
  std::string value;
  rocksdb::ReadOptions ro;
  rocksdb::Status s = db_->Get(ro, cf(CfIndex::kMeta), kMetaFormat, &value);
  if (s.IsNotFound()) {
    // A fresh database: only possible when we just created it.
    uint64_t total = 0;
    for (int i = 1; i < kCfCount; ++i) {
      std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(i)));
      it->SeekToFirst();
      if (it->Valid()) ++total;
    }
    if (total > 0)
      return Status::InvalidArgument(path_ + " is not a Splot store (no format version)");
    if (options_.read_only) return Status::InvalidArgument(path_ + " is an empty store");
    return InitializeEmpty();
  }
  if (!s.ok()) return FromRocks(s, "cannot read the store's format version");
  if (value.size() != 8) return Status::Corruption("the store's format version is unreadable");
  uint64_t format = ParseU64(value);
  if (format > kFormatVersion) {
    return Status::Unsupported("the store " + path_ + " has format version " +
                               std::to_string(format) + ", newer than this splot reads (" +
                               std::to_string(kFormatVersion) + "); upgrade splot");
  }

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(CfIndex::kCatalog)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    rocksdb::Slice v = it->value();
    if (k.size() < 1 || v.size() != 4) return Status::Corruption("bad catalog entry");
    catalog_.Add(static_cast<CatalogKind>(k[0]), std::string_view(k.data() + 1, k.size() - 1),
                 codec::GetU32BE(v.data()));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "cannot read the catalog");

  Counters c;
  auto read = [&](const std::string& key) -> uint64_t {
    std::string v;
    return db_->Get(ro, cf(CfIndex::kMeta), key, &v).ok() ? ParseU64(v) : 0;
  };
  c.next_node = read(kMetaNextNode);
  c.next_edge = read(kMetaNextEdge);
  c.nodes = read(kMetaNodes);
  c.edges = read(kMetaEdges);
  c.version = read(kMetaVersion);
  c.by_label.assign(catalog_.Size(CatalogKind::kLabel), 0);
  c.by_type.assign(catalog_.Size(CatalogKind::kType), 0);
  for (uint32_t i = 0; i < c.by_label.size(); ++i)
    c.by_label[i] = read(CountKey(kMetaLabelCount, i));
  for (uint32_t i = 0; i < c.by_type.size(); ++i) c.by_type[i] = read(CountKey(kMetaTypeCount, i));
  counters_ = std::move(c);
  version_ = counters_.version;
  return Status::OK();
}

Status GraphStore::InitializeEmpty() {
  rocksdb::WriteBatch batch;
  batch.Put(cf(CfIndex::kMeta), kMetaFormat, U64Value(kFormatVersion));
  batch.Put(cf(CfIndex::kMeta), kMetaNextNode, U64Value(0));
  batch.Put(cf(CfIndex::kMeta), kMetaNextEdge, U64Value(0));
  batch.Put(cf(CfIndex::kMeta), kMetaNodes, U64Value(0));
  batch.Put(cf(CfIndex::kMeta), kMetaEdges, U64Value(0));
  batch.Put(cf(CfIndex::kMeta), kMetaVersion, U64Value(0));
  rocksdb::WriteOptions wo;
  wo.sync = !options_.in_memory;
  return FromRocks(db_->Write(wo, &batch), "cannot initialise the store at " + path_);
}

std::unique_ptr<Transaction> GraphStore::BeginRead() {
  return std::unique_ptr<Transaction>(new Transaction(this, false));
}

Result<std::unique_ptr<Transaction>> GraphStore::BeginWrite() {
  if (options_.read_only) {
    return Status::InvalidArgument("the store " + path_ + " is open read-only; writes are refused");
  }
  return std::unique_ptr<Transaction>(new Transaction(this, true));
}

uint64_t GraphStore::NodeCount() const {
  std::lock_guard<std::mutex> lock(counters_mutex_);
  return counters_.nodes;
}

uint64_t GraphStore::EdgeCount() const {
  std::lock_guard<std::mutex> lock(counters_mutex_);
  return counters_.edges;
}

uint64_t GraphStore::LabelCount(LabelId label) const {
  std::lock_guard<std::mutex> lock(counters_mutex_);
  return label < counters_.by_label.size() ? counters_.by_label[label] : 0;
}

uint64_t GraphStore::TypeCount(TypeId type) const {
  std::lock_guard<std::mutex> lock(counters_mutex_);
  return type < counters_.by_type.size() ? counters_.by_type[type] : 0;
}

std::map<std::string, uint64_t> GraphStore::CountsByLabel() const {
  std::map<std::string, uint64_t> out;
  std::lock_guard<std::mutex> lock(counters_mutex_);
  for (uint32_t i = 0; i < counters_.by_label.size(); ++i) {
    if (counters_.by_label[i] > 0)
      out[catalog_.Name(CatalogKind::kLabel, i)] = counters_.by_label[i];
  }
  return out;
}

std::map<std::string, uint64_t> GraphStore::CountsByType() const {
  std::map<std::string, uint64_t> out;
  std::lock_guard<std::mutex> lock(counters_mutex_);
  for (uint32_t i = 0; i < counters_.by_type.size(); ++i) {
    if (counters_.by_type[i] > 0) out[catalog_.Name(CatalogKind::kType, i)] = counters_.by_type[i];
  }
  return out;
}

Status GraphStore::Clear() {
  if (options_.read_only)
    return Status::InvalidArgument("the store " + path_ + " is open read-only");
  std::lock_guard<std::mutex> writer(writer_mutex_);
  rocksdb::WriteBatch batch;
  rocksdb::ReadOptions ro;
  ro.total_order_seek = true;
  for (int i = 1; i < kCfCount; ++i) {
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(i)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) batch.Delete(cf(i), it->key());
    if (!it->status().ok()) return FromRocks(it->status(), "clearing the store failed");
  }
  uint64_t version = version_.load() + 1;
  batch.Put(cf(CfIndex::kMeta), kMetaFormat, U64Value(kFormatVersion));
  for (const std::string* k : {&kMetaNextNode, &kMetaNextEdge, &kMetaNodes, &kMetaEdges}) {
    batch.Put(cf(CfIndex::kMeta), *k, U64Value(0));
  }
  batch.Put(cf(CfIndex::kMeta), kMetaVersion, U64Value(version));
  SPLOT_RETURN_IF_ERROR(
      FromRocks(db_->Write(rocksdb::WriteOptions(), &batch), "clearing the store failed"));
  catalog_.Clear();
  {
    std::lock_guard<std::mutex> lock(counters_mutex_);
    counters_ = Counters();
    counters_.version = version;
  }
  version_ = version;
  return Status::OK();
}

Status GraphStore::Compact() {
  if (options_.read_only) return Status::OK();
  rocksdb::FlushOptions fo;
  for (auto* h : handles_) {
    SPLOT_RETURN_IF_ERROR(FromRocks(db_->Flush(fo, h), "flush failed"));
  }
  rocksdb::CompactRangeOptions co;
  for (auto* h : handles_) {
    SPLOT_RETURN_IF_ERROR(
        FromRocks(db_->CompactRange(co, h, nullptr, nullptr), "compaction failed"));
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Cursors

namespace internal {

// Walks a list of (column family, prefix) scans in order.
class PrefixScanCursor {
 public:
  PrefixScanCursor(Transaction* txn, std::vector<std::pair<int, std::string>> scans)
      : txn_(txn), scans_(std::move(scans)) {}

  // Replaces the scans; the RocksDB iterators are kept and re-seeked, which
  // is much cheaper than creating new ones for every node of a traversal.
  void Reset(std::vector<std::pair<int, std::string>> scans) {
    scans_ = std::move(scans);
    scan_index_ = 0;
    status_ = Status::OK();
  }
  std::vector<std::pair<int, std::string>>& scans() { return scans_; }

  // Moves to the next key of the current or a later scan.  Returns false at the end.
  bool Advance(bool first) {
    while (scan_index_ < scans_.size()) {
      auto& [cf, prefix] = scans_[scan_index_];
      if (first) {
        iter_ = Iterator(cf, prefix.size() < 8);
        iter_->Seek(prefix);
      } else {
        iter_->Next();
      }
      if (iter_->Valid() && StartsWith(iter_->key(), prefix)) return true;
      if (!iter_->status().ok()) {
        status_ = FromRocks(iter_->status(), "scan failed");
        scan_index_ = scans_.size();
        return false;
      }
      ++scan_index_;
      first = true;
    }
    return false;
  }

  rocksdb::Iterator* iter() { return iter_; }
  size_t scan_index() const { return scan_index_; }
  const Status& status() const { return status_; }

 private:
  // One iterator per column family and seek mode, recreated only when the
  // transaction has written since it was made.
  rocksdb::Iterator* Iterator(int cf, bool total_order) {
    Slot& slot = slots_[cf][total_order ? 1 : 0];
    uint64_t writes = txn_->write_count();
    if (!slot.iter || slot.writes != writes) {
      std::string lower(total_order ? 0 : 8, '\0');
      slot.iter.reset(txn_->NewIterator(cf, &lower, nullptr));
      slot.writes = writes;
    }
    return slot.iter.get();
  }

  struct Slot {
    std::unique_ptr<rocksdb::Iterator> iter;
    uint64_t writes = 0;
  };
  Transaction* txn_;
  std::vector<std::pair<int, std::string>> scans_;
  size_t scan_index_ = 0;
  rocksdb::Iterator* iter_ = nullptr;
  Slot slots_[CfIndex::kKey + 1][2];
  Status status_;
};

}  // namespace internal

class TxnEdgeCursor : public EdgeCursor {
 public:
  // `first_in_scan`: index of the first scan over in-adjacency.
  TxnEdgeCursor(Transaction* txn, std::vector<std::pair<int, std::string>> scans,
                size_t first_in_scan, bool skip_in_self_loops)
      : scan_(txn, std::move(scans)),
        first_in_scan_(first_in_scan),
        skip_in_self_loops_(skip_in_self_loops) {
    valid_ = scan_.Advance(true);
    Settle();
  }
  bool Valid() const override { return valid_; }
  const AdjEntry& entry() const override { return entry_; }
  void Next() override {
    valid_ = scan_.Advance(false);
    Settle();
  }
  Status status() const override { return scan_.status(); }
  void Reset(NodeId node, Direction dir, TypeId type) override {
    std::vector<std::pair<int, std::string>> scans = std::move(scan_.scans());
    scans.clear();
    std::string prefix =
        type == kNoCatalogId ? codec::AdjPrefix(node) : codec::AdjPrefix(node, type);
    if (dir != Direction::kIn) scans.emplace_back(CfIndex::kOut, prefix);
    first_in_scan_ = scans.size();
    if (dir != Direction::kOut) scans.emplace_back(CfIndex::kIn, std::move(prefix));
    skip_in_self_loops_ = dir == Direction::kBoth;
    scan_.Reset(std::move(scans));
    valid_ = scan_.Advance(true);
    Settle();
  }

 private:
  void Settle() {
    while (valid_) {
      rocksdb::Slice k = scan_.iter()->key();
      codec::DecodeAdjKey(std::string_view(k.data(), k.size()), &entry_.node, &entry_.type,
                          &entry_.neighbor, &entry_.edge);
      entry_.outgoing = scan_.scan_index() < first_in_scan_;
      if (!(skip_in_self_loops_ && !entry_.outgoing && entry_.neighbor == entry_.node)) return;
      valid_ = scan_.Advance(false);
    }
  }

  internal::PrefixScanCursor scan_;
  size_t first_in_scan_;
  bool skip_in_self_loops_;
  bool valid_ = false;
  AdjEntry entry_;
};

class TxnIdCursor : public IdCursor {
 public:
  // Yields the big-endian u64 that ends each key under `prefix`.
  TxnIdCursor(Transaction* txn, int cf, std::string prefix)
      : scan_(txn, {{cf, std::move(prefix)}}) {
    valid_ = scan_.Advance(true);
    Settle();
  }
  bool Valid() const override { return valid_; }
  uint64_t id() const override { return id_; }
  void Next() override {
    valid_ = scan_.Advance(false);
    Settle();
  }
  Status status() const override { return scan_.status(); }

 private:
  void Settle() {
    if (!valid_) return;
    rocksdb::Slice k = scan_.iter()->key();
    id_ = k.size() >= 8 ? codec::GetU64BE(k.data() + k.size() - 8) : 0;
  }
  internal::PrefixScanCursor scan_;
  bool valid_ = false;
  uint64_t id_ = 0;
};

// ---------------------------------------------------------------------------
// Transaction

namespace {

// The column families whose writes stay out of the batch index until read:
// a transaction seldom reads back the edges, adjacency and index entries it
// writes, and indexing each of them costs a search and an insert.
constexpr uint32_t kUnindexedFamilies = 1u << CfIndex::kEdges | 1u << CfIndex::kOut |
                                        1u << CfIndex::kIn | 1u << CfIndex::kLabel |
                                        1u << CfIndex::kName;

// Replays the puts and deletes of a batch into `target`, in order.
class BatchReplayer : public rocksdb::WriteBatch::Handler {
 public:
  BatchReplayer(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                rocksdb::WriteBatchBase* target)
      : handles_(handles), target_(target) {}

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    rocksdb::ColumnFamilyHandle* handle = Handle(family);
    if (handle == nullptr) return rocksdb::Status::Corruption("unknown column family");
    return target_->Put(handle, key, value);
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    rocksdb::ColumnFamilyHandle* handle = Handle(family);
    if (handle == nullptr) return rocksdb::Status::Corruption("unknown column family");
    return target_->Delete(handle, key);
  }

 private:
  rocksdb::ColumnFamilyHandle* Handle(uint32_t family) const {
    for (rocksdb::ColumnFamilyHandle* h : handles_) {
      if (h->GetID() == family) return h;
    }
    return nullptr;
  }

  const std::vector<rocksdb::ColumnFamilyHandle*>& handles_;
  rocksdb::WriteBatchBase* target_;
};

// The puts and deletes of some batches, as slices into them.
class WriteCollector : public rocksdb::WriteBatch::Handler {
 public:
  struct Write {
    uint32_t family;
    // The first 8 bytes of the key, big-endian and zero-padded: most keys
    // differ there, so most comparisons end without a memcmp.
    uint64_t head;
    rocksdb::Slice key;
    rocksdb::Slice value;
    bool is_delete;

    bool operator<(const Write& other) const {
      if (family != other.family) return family < other.family;
      if (head != other.head) return head < other.head;
      return key.compare(other.key) < 0;
    }
  };

  rocksdb::Status PutCF(uint32_t family, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    writes_.push_back({family, Head(key), key, value, false});
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t family, const rocksdb::Slice& key) override {
    writes_.push_back({family, Head(key), key, rocksdb::Slice(), true});
    return rocksdb::Status::OK();
  }

  std::vector<Write>& writes() { return writes_; }

 private:
  static uint64_t Head(const rocksdb::Slice& key) {
    uint64_t head = 0;
    for (size_t i = 0; i < 8; ++i) {
      head = head << 8 | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0);
    }
    return head;
  }

  std::vector<Write> writes_;
};

// Writes the puts and deletes of `batches` (applied in order) into `out`
// sorted by column family and key, keeping only the last write of each
// key: RocksDB inserts keys into a memtable far faster in order than at
// random, and a key written twice need not be inserted twice.
rocksdb::Status SortWrites(const std::vector<rocksdb::ColumnFamilyHandle*>& handles,
                           std::initializer_list<const rocksdb::WriteBatch*> batches,
                           rocksdb::WriteBatch* out) {
  WriteCollector collector;
  size_t count = 0;
  for (const rocksdb::WriteBatch* b : batches) count += b->Count();
  collector.writes().reserve(count);
  for (const rocksdb::WriteBatch* b : batches) {
    rocksdb::Status s = b->Iterate(&collector);
    if (!s.ok()) return s;
  }
  std::vector<WriteCollector::Write>& writes = collector.writes();
  std::stable_sort(writes.begin(), writes.end());
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  for (size_t i = 0; i < writes.size(); ++i) {
    const WriteCollector::Write& w = writes[i];
    if (i + 1 < writes.size() && writes[i + 1].family == w.family && writes[i + 1].key == w.key) {
      continue;
    }
    if (handle == nullptr || handle->GetID() != w.family) {
      handle = nullptr;
      for (rocksdb::ColumnFamilyHandle* h : handles) {
        if (h->GetID() == w.family) handle = h;
      }
      if (handle == nullptr) return rocksdb::Status::Corruption("unknown column family");
    }
    rocksdb::Status s = w.is_delete ? out->Delete(handle, w.key) : out->Put(handle, w.key, w.value);
    if (!s.ok()) return s;
  }
  return rocksdb::Status::OK();
}

}  // namespace

Transaction::Transaction(GraphStore* store, bool writable) : store_(store), writable_(writable) {
  if (writable_) {
    writer_lock_ = std::unique_lock<std::mutex>(store_->writer_mutex_);
    batch_ = std::make_unique<rocksdb::WriteBatchWithIndex>(rocksdb::BytewiseComparator(), 0, true);
    unindexed_ = std::make_unique<rocksdb::WriteBatch>();
    {
      std::lock_guard<std::mutex> lock(store_->counters_mutex_);
      counters_ = store_->counters_;
    }
    next_catalog_id_[0] = store_->catalog_.Size(CatalogKind::kLabel);
    next_catalog_id_[1] = store_->catalog_.Size(CatalogKind::kType);
    next_catalog_id_[2] = store_->catalog_.Size(CatalogKind::kPropKey);
    counters_.by_label.resize(next_catalog_id_[0], 0);
    counters_.by_type.resize(next_catalog_id_[1], 0);
  } else {
    snapshot_ = store_->db_->GetSnapshot();
  }
}

Transaction::~Transaction() {
  if (snapshot_) store_->db_->ReleaseSnapshot(snapshot_);
}

Status Transaction::CheckWritable() const {
  if (finished_) return Status::InvalidArgument("the transaction has already ended");
  if (!writable_) return Status::InvalidArgument("writes are not allowed in a read transaction");
  return Status::OK();
}

uint64_t Transaction::write_count() const {
  return batch_ ? batch_->GetWriteBatch()->Count() + unindexed_->Count() : 0;
}

Status Transaction::IndexPendingWrites() {
  BatchReplayer replayer(store_->handles_, batch_.get());
  rocksdb::Status s = unindexed_->Iterate(&replayer);
  if (!s.ok()) return FromRocks(s, "indexing pending writes failed");
  unindexed_->Clear();
  unindexed_cfs_ = 0;
  return Status::OK();
}

Status Transaction::Get(int cfi, std::string_view key, std::string* value, bool* found) {
  if (unindexed_cfs_ & (1u << cfi)) SPLOT_RETURN_IF_ERROR(IndexPendingWrites());
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  rocksdb::Status s;
  rocksdb::Slice k(key.data(), key.size());
  if (batch_ && batch_->GetWriteBatch()->Count() > 0) {
    s = batch_->GetFromBatchAndDB(store_->db_.get(), ro, store_->cf(cfi), k, value);
  } else {
    s = store_->db_->Get(ro, store_->cf(cfi), k, value);
  }
  *found = s.ok();
  if (s.ok() || s.IsNotFound()) return Status::OK();
  return FromRocks(s, "read failed");
}

rocksdb::Iterator* Transaction::NewIterator(int cfi, const std::string* lower,
                                            const std::string* upper) {
  (void)lower;
  (void)upper;
  if (unindexed_cfs_ & (1u << cfi)) {
    Status indexed = IndexPendingWrites();
    if (!indexed.ok())
      return rocksdb::NewErrorIterator(rocksdb::Status::IOError(indexed.ToString()));
  }
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  // Adjacency column families have a prefix extractor: every scan stays
  // within one node's prefix, which is what prefix seek mode assumes.
  ro.total_order_seek =
      !(cfi == CfIndex::kOut || cfi == CfIndex::kIn) || (lower != nullptr && lower->size() < 8);
  rocksdb::Iterator* base = store_->db_->NewIterator(ro, store_->cf(cfi));
  if (batch_ && batch_->GetWriteBatch()->Count() > 0) {
    return batch_->NewIteratorWithBase(store_->cf(cfi), base);
  }
  return base;
}

void Transaction::Put(int cfi, std::string_view key, std::string_view value) {
  if (kUnindexedFamilies & (1u << cfi)) {
    unindexed_->Put(store_->cf(cfi), rocksdb::Slice(key.data(), key.size()),
                    rocksdb::Slice(value.data(), value.size()));
    unindexed_cfs_ |= 1u << cfi;
    return;
  }
  batch_->Put(store_->cf(cfi), rocksdb::Slice(key.data(), key.size()),
              rocksdb::Slice(value.data(), value.size()));
}

void Transaction::Delete(int cfi, std::string_view key) {
  if (kUnindexedFamilies & (1u << cfi)) {
    unindexed_->Delete(store_->cf(cfi), rocksdb::Slice(key.data(), key.size()));
    unindexed_cfs_ |= 1u << cfi;
    return;
  }
  batch_->Delete(store_->cf(cfi), rocksdb::Slice(key.data(), key.size()));
}

size_t Transaction::pending_bytes() const {
  return batch_ ? batch_->GetWriteBatch()->GetDataSize() + unindexed_->GetDataSize() : 0;
}

std::optional<uint32_t> Transaction::CatalogFind(CatalogKind kind, std::string_view name) const {
  if (auto id = store_->catalog_.Find(kind, name)) return id;
  for (const auto& [k, n, id] : new_names_) {
    if (k == kind && n == name) return id;
  }
  return std::nullopt;
}

std::string Transaction::CatalogName(CatalogKind kind, uint32_t id) const {
  if (id < store_->catalog_.Size(kind)) return store_->catalog_.Name(kind, id);
  for (const auto& [k, n, i] : new_names_) {
    if (k == kind && i == id) return n;
  }
  return std::string();
}

Result<uint32_t> Transaction::Intern(CatalogKind kind, std::string_view name) {
  // Names the catalog or this transaction knows keep their ids while the
  // transaction writes (no other writer runs).
  auto& known = interned_[CatalogSlot(kind)];
  if (writable_) {
    if (auto it = known.find(name); it != known.end()) return it->second;
  }
  std::optional<uint32_t> found = CatalogFind(kind, name);
  if (!found) {
    SPLOT_RETURN_IF_ERROR(CheckWritable());
    if (name.empty()) return Status::InvalidArgument("empty label, type or property name");
    found = next_catalog_id_[CatalogSlot(kind)]++;
    std::string v;
    codec::PutU32BE(&v, *found);
    Put(CfIndex::kCatalog, CatalogKey(kind, name), v);
    new_names_.emplace_back(kind, std::string(name), *found);
    if (kind == CatalogKind::kLabel) counters_.by_label.resize(*found + 1, 0);
    if (kind == CatalogKind::kType) counters_.by_type.resize(*found + 1, 0);
  }
  if (writable_) known.emplace(name, *found);
  return *found;
}

template <typename P>
Status Transaction::InternProps(P&& props, std::vector<std::pair<PropKeyId, Value>>* out) {
  out->clear();
  out->reserve(props.size());
  for (auto& [name, value] : props) {
    if (value.is_null()) continue;
    SPLOT_ASSIGN_OR_RETURN(uint32_t id, Intern(CatalogKind::kPropKey, name));
    if constexpr (std::is_lvalue_reference_v<P>) {
      out->emplace_back(id, value);
    } else {
      out->emplace_back(id, std::move(value));
    }
  }
  std::sort(out->begin(), out->end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  return Status::OK();
}

Properties Transaction::NamedProps(const std::vector<std::pair<PropKeyId, Value>>& props) const {
  Properties out;
  for (const auto& [id, value] : props) out.emplace(CatalogName(CatalogKind::kPropKey, id), value);
  return out;
}

Status Transaction::ReadNodeRecord(NodeId id, codec::NodeRecord* out, bool* found) {
  std::string data;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kNodes, codec::NodeKey(id), &data, found));
  if (!*found) return Status::OK();
  return codec::DecodeNode(data, out).WithContext("node " + std::to_string(id));
}

Node Transaction::ToNode(NodeId id, const codec::NodeRecord& rec) const {
  Node n;
  n.id = id;
  n.key = rec.key;
  n.labels.reserve(rec.labels.size());
  for (LabelId l : rec.labels) n.labels.push_back(CatalogName(CatalogKind::kLabel, l));
  n.props = NamedProps(rec.props);
  return n;
}

Result<Node> Transaction::GetNode(NodeId id) {
  codec::NodeRecord rec;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &rec, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  return ToNode(id, rec);
}

Result<bool> Transaction::NodeExists(NodeId id) {
  if (written_nodes_.count(id) != 0) return true;
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kNodes, codec::NodeKey(id), &data, &found));
  return found;
}

Result<std::vector<LabelId>> Transaction::GetNodeLabels(NodeId id) {
  codec::NodeRecord rec;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &rec, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  return rec.labels;
}

Result<Edge> Transaction::GetEdge(EdgeId id) {
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kEdges, codec::EdgeKey(id), &data, &found));
  if (!found) return Status::NotFound("no edge with id " + std::to_string(id));
  codec::EdgeRecord rec;
  SPLOT_RETURN_IF_ERROR(codec::DecodeEdge(data, &rec).WithContext("edge " + std::to_string(id)));
  Edge e;
  e.id = id;
  e.src = rec.src;
  e.dst = rec.dst;
  e.type = CatalogName(CatalogKind::kType, rec.type);
  e.props = NamedProps(rec.props);
  return e;
}

Status Transaction::GetEdgeEnds(EdgeId id, NodeId* src, NodeId* dst, TypeId* type) {
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kEdges, codec::EdgeKey(id), &data, &found));
  if (!found) return Status::NotFound("no edge with id " + std::to_string(id));
  return codec::DecodeEdgeHeader(data, src, dst, type);
}

Result<std::optional<NodeId>> Transaction::FindByKey(std::string_view key) {
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kKey, key, &data, &found));
  if (!found) return std::optional<NodeId>();
  if (data.size() != 8) return Status::Corruption("bad key index entry");
  return std::optional<NodeId>(codec::GetU64BE(data.data()));
}

Status Transaction::ScanNames(std::string_view folded, bool prefix,
                              const std::function<bool(std::string_view, NodeId)>& fn) {
  std::string start(1, codec::kNameFull);
  start.append(folded);
  if (!prefix) start.push_back('\0');
  internal::PrefixScanCursor scan(this, {{CfIndex::kName, start}});
  for (bool ok = scan.Advance(true); ok; ok = scan.Advance(false)) {
    rocksdb::Slice k = scan.iter()->key();
    std::string_view word(k.data() + 1, k.size() - 1 - 9);
    if (!fn(word, codec::NameIndexNode(std::string_view(k.data(), k.size())))) break;
  }
  return scan.status();
}

Status Transaction::ScanNameWords(std::string_view folded_word, bool prefix,
                                  const std::function<bool(std::string_view, NodeId)>& fn) {
  std::string start(1, codec::kNameWord);
  start.append(folded_word);
  if (!prefix) start.push_back('\0');
  internal::PrefixScanCursor scan(this, {{CfIndex::kName, start}});
  for (bool ok = scan.Advance(true); ok; ok = scan.Advance(false)) {
    rocksdb::Slice k = scan.iter()->key();
    std::string_view word(k.data() + 1, k.size() - 1 - 9);
    if (!fn(word, codec::NameIndexNode(std::string_view(k.data(), k.size())))) break;
  }
  return scan.status();
}

Result<std::vector<NodeId>> Transaction::FindByName(std::string_view name) {
  std::string folded = store_->folder_.Fold(name);
  std::vector<NodeId> out;
  if (folded.empty()) return out;
  SPLOT_RETURN_IF_ERROR(ScanNames(folded, false, [&](std::string_view, NodeId id) {
    out.push_back(id);
    return true;
  }));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::unique_ptr<EdgeCursor> Transaction::Edges(NodeId node, Direction dir, TypeId type) {
  std::string prefix = type == kNoCatalogId ? codec::AdjPrefix(node) : codec::AdjPrefix(node, type);
  std::vector<std::pair<int, std::string>> scans;
  if (dir != Direction::kIn) scans.emplace_back(CfIndex::kOut, prefix);
  size_t first_in = scans.size();
  if (dir != Direction::kOut) scans.emplace_back(CfIndex::kIn, prefix);
  return std::make_unique<TxnEdgeCursor>(this, std::move(scans), first_in, dir == Direction::kBoth);
}

std::unique_ptr<EdgeCursor> Transaction::EdgesBetween(NodeId node, NodeId neighbor, Direction dir,
                                                      TypeId type) {
  std::vector<TypeId> types;
  if (type != kNoCatalogId) {
    types.push_back(type);
  } else {
    uint32_t n = writable_ ? next_catalog_id_[1] : store_->catalog_.Size(CatalogKind::kType);
    for (uint32_t t = 0; t < n; ++t) types.push_back(t);
  }
  std::vector<std::pair<int, std::string>> scans;
  if (dir != Direction::kIn) {
    for (TypeId t : types) scans.emplace_back(CfIndex::kOut, codec::AdjPrefix(node, t, neighbor));
  }
  size_t first_in = scans.size();
  if (dir != Direction::kOut) {
    for (TypeId t : types) scans.emplace_back(CfIndex::kIn, codec::AdjPrefix(node, t, neighbor));
  }
  return std::make_unique<TxnEdgeCursor>(this, std::move(scans), first_in, dir == Direction::kBoth);
}

std::unique_ptr<EdgeCursor> Transaction::AllAdjacency() {
  return std::make_unique<TxnEdgeCursor>(
      this, std::vector<std::pair<int, std::string>>{{CfIndex::kOut, std::string()}}, 1, false);
}

std::unique_ptr<IdCursor> Transaction::NodesWithLabel(LabelId label) {
  return std::make_unique<TxnIdCursor>(this, CfIndex::kLabel, codec::LabelIndexPrefix(label));
}

std::unique_ptr<IdCursor> Transaction::AllNodes() {
  return std::make_unique<TxnIdCursor>(this, CfIndex::kNodes, std::string());
}

std::unique_ptr<IdCursor> Transaction::AllEdges() {
  return std::make_unique<TxnIdCursor>(this, CfIndex::kEdges, std::string());
}

Status Transaction::ForEachNode(const std::function<bool(const Node&)>& fn) {
  internal::PrefixScanCursor scan(this, {{CfIndex::kNodes, std::string()}});
  codec::NodeRecord rec;
  for (bool ok = scan.Advance(true); ok; ok = scan.Advance(false)) {
    rocksdb::Slice k = scan.iter()->key();
    rocksdb::Slice v = scan.iter()->value();
    NodeId id = codec::GetU64BE(k.data());
    SPLOT_RETURN_IF_ERROR(codec::DecodeNode(std::string_view(v.data(), v.size()), &rec)
                              .WithContext("node " + std::to_string(id)));
    if (!fn(ToNode(id, rec))) break;
  }
  return scan.status();
}

Status Transaction::ForEachEdge(const std::function<bool(const Edge&)>& fn) {
  internal::PrefixScanCursor scan(this, {{CfIndex::kEdges, std::string()}});
  codec::EdgeRecord rec;
  for (bool ok = scan.Advance(true); ok; ok = scan.Advance(false)) {
    rocksdb::Slice k = scan.iter()->key();
    rocksdb::Slice v = scan.iter()->value();
    Edge e;
    e.id = codec::GetU64BE(k.data());
    SPLOT_RETURN_IF_ERROR(codec::DecodeEdge(std::string_view(v.data(), v.size()), &rec)
                              .WithContext("edge " + std::to_string(e.id)));
    e.src = rec.src;
    e.dst = rec.dst;
    e.type = CatalogName(CatalogKind::kType, rec.type);
    e.props = NamedProps(rec.props);
    if (!fn(e)) break;
  }
  return scan.status();
}

Result<std::optional<std::string>> Transaction::GetMeta(std::string_view key) {
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kMeta, key, &data, &found));
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(std::move(data));
}

Status Transaction::ScanMeta(std::string_view prefix,
                             const std::function<bool(std::string_view, std::string_view)>& fn) {
  internal::PrefixScanCursor scan(this, {{CfIndex::kMeta, std::string(prefix)}});
  for (bool ok = scan.Advance(true); ok; ok = scan.Advance(false)) {
    rocksdb::Slice k = scan.iter()->key();
    rocksdb::Slice v = scan.iter()->value();
    if (!fn(std::string_view(k.data(), k.size()), std::string_view(v.data(), v.size()))) break;
  }
  return scan.status();
}

Status Transaction::PutMeta(std::string_view key, std::string_view value) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  if (key.substr(0, 6) == "splot:")
    return Status::InvalidArgument("meta keys 'splot:*' are reserved");
  Put(CfIndex::kMeta, key, value);
  return Status::OK();
}

Status Transaction::DeleteMeta(std::string_view key) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  if (key.substr(0, 6) == "splot:")
    return Status::InvalidArgument("meta keys 'splot:*' are reserved");
  Delete(CfIndex::kMeta, key);
  return Status::OK();
}

void Transaction::CollectNames(const codec::NodeRecord& rec, std::vector<std::string>* keys,
                               NodeId id) const {
  keys->clear();
  for (const auto& [key, value] : rec.props) {
    if (internal::IsNameProperty(CatalogName(CatalogKind::kPropKey, key))) {
      internal::AppendNameKeys(store_->name_folds_, value, id, keys);
    }
  }
  std::sort(keys->begin(), keys->end());
  keys->erase(std::unique(keys->begin(), keys->end()), keys->end());
}

bool Transaction::SameNames(const codec::NodeRecord& a, const codec::NodeRecord& b) const {
  auto names = [&](const codec::NodeRecord& rec) {
    std::vector<const std::pair<PropKeyId, Value>*> out;
    for (const auto& prop : rec.props) {
      if (internal::IsNameProperty(CatalogName(CatalogKind::kPropKey, prop.first))) {
        out.push_back(&prop);
      }
    }
    return out;
  };
  const auto in_a = names(a), in_b = names(b);
  return std::equal(in_a.begin(), in_a.end(), in_b.begin(), in_b.end(),
                    [](const auto* x, const auto* y) { return *x == *y; });
}

Status Transaction::WriteNode(NodeId id, const codec::NodeRecord* before,
                              const codec::NodeRecord& after) {
  Put(CfIndex::kNodes, codec::NodeKey(id), codec::EncodeNode(after));
  written_nodes_.insert(id);

  static const std::vector<LabelId> kNone;
  const std::vector<LabelId>& old_labels = before ? before->labels : kNone;
  for (LabelId l : old_labels) {
    if (std::find(after.labels.begin(), after.labels.end(), l) == after.labels.end()) {
      Delete(CfIndex::kLabel, codec::LabelIndexKey(l, id));
      counters_.by_label[l]--;
      stats_.labels_removed++;
    }
  }
  for (LabelId l : after.labels) {
    if (std::find(old_labels.begin(), old_labels.end(), l) == old_labels.end()) {
      Put(CfIndex::kLabel, codec::LabelIndexKey(l, id), {});
      counters_.by_label[l]++;
      stats_.labels_added++;
    }
  }

  // Rewriting a node's other properties (lines, documents) leaves its name
  // index entries as they are.
  if (before == nullptr || !SameNames(*before, after)) {
    std::vector<std::string> old_names, new_names;
    if (before) CollectNames(*before, &old_names, id);
    CollectNames(after, &new_names, id);
    for (const auto& k : old_names) {
      if (!std::binary_search(new_names.begin(), new_names.end(), k)) Delete(CfIndex::kName, k);
    }
    for (const auto& k : new_names) {
      if (!std::binary_search(old_names.begin(), old_names.end(), k)) Put(CfIndex::kName, k, {});
    }
  }

  std::string old_key = before ? before->key : std::string();
  if (old_key != after.key) {
    if (!old_key.empty()) Delete(CfIndex::kKey, old_key);
    if (!after.key.empty()) Put(CfIndex::kKey, after.key, codec::NodeKey(id));
  }
  return Status::OK();
}

Result<NodeId> Transaction::CreateNode(const std::vector<std::string>& labels,
                                       const Properties& props, std::string_view key) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  if (!key.empty()) {
    SPLOT_ASSIGN_OR_RETURN(auto existing, FindByKey(key));
    if (existing) {
      return Status::AlreadyExists("a node with key '" + std::string(key) + "' already exists");
    }
  }
  codec::NodeRecord rec;
  for (const auto& l : labels) {
    SPLOT_ASSIGN_OR_RETURN(LabelId id, Intern(CatalogKind::kLabel, l));
    if (std::find(rec.labels.begin(), rec.labels.end(), id) == rec.labels.end()) {
      rec.labels.push_back(id);
    }
  }
  rec.key = std::string(key);
  SPLOT_RETURN_IF_ERROR(InternProps(props, &rec.props));
  NodeId id = counters_.next_node++;
  SPLOT_RETURN_IF_ERROR(WriteNode(id, nullptr, rec));
  counters_.nodes++;
  stats_.nodes_created++;
  stats_.properties_set += static_cast<int64_t>(rec.props.size());
  return id;
}

Result<NodeId> Transaction::UpsertNode(std::string_view key, const std::vector<std::string>& labels,
                                       const Properties& props, std::string_view sorted_list) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  if (key.empty()) return Status::InvalidArgument("UpsertNode needs a canonical key");
  SPLOT_ASSIGN_OR_RETURN(auto existing, FindByKey(key));
  if (!existing) return CreateNode(labels, props, key);
  NodeId id = *existing;
  codec::NodeRecord before;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &before, &found));
  if (!found) return Status::Corruption("key index names missing node " + std::to_string(id));
  codec::NodeRecord after = before;
  for (const auto& l : labels) {
    SPLOT_ASSIGN_OR_RETURN(LabelId lid, Intern(CatalogKind::kLabel, l));
    if (std::find(after.labels.begin(), after.labels.end(), lid) == after.labels.end()) {
      after.labels.push_back(lid);
    }
  }
  std::vector<std::pair<PropKeyId, Value>> update;
  SPLOT_RETURN_IF_ERROR(InternProps(props, &update));
  MergeProps(&after.props, std::move(update));
  if (auto list_key =
          sorted_list.empty() ? std::nullopt : CatalogFind(CatalogKind::kPropKey, sorted_list)) {
    auto it = std::lower_bound(after.props.begin(), after.props.end(), *list_key,
                               [](const auto& p, PropKeyId k) { return p.first < k; });
    if (it != after.props.end() && it->first == *list_key) SortInts(&it->second);
  }
  if (after.labels == before.labels && after.props == before.props) return id;
  SPLOT_RETURN_IF_ERROR(WriteNode(id, &before, after));
  return id;
}

Status Transaction::SetNodeProperty(NodeId id, const std::string& name, const Value& value) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  codec::NodeRecord before;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &before, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  codec::NodeRecord after = before;
  auto key_id = value.is_null() ? CatalogFind(CatalogKind::kPropKey, name) : std::nullopt;
  if (!value.is_null()) {
    SPLOT_ASSIGN_OR_RETURN(key_id, Intern(CatalogKind::kPropKey, name));
  }
  if (!key_id) return Status::OK();
  auto it = std::lower_bound(after.props.begin(), after.props.end(), *key_id,
                             [](const auto& p, PropKeyId k) { return p.first < k; });
  bool present = it != after.props.end() && it->first == *key_id;
  if (value.is_null()) {
    if (!present) return Status::OK();
    after.props.erase(it);
    stats_.properties_removed++;
  } else {
    if (present) {
      it->second = value;
    } else {
      after.props.insert(it, {*key_id, value});
    }
    stats_.properties_set++;
  }
  return WriteNode(id, &before, after);
}

Status Transaction::ReplaceNodeProperties(NodeId id, const Properties& props) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  codec::NodeRecord before;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &before, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  codec::NodeRecord after = before;
  SPLOT_RETURN_IF_ERROR(InternProps(props, &after.props));
  stats_.properties_removed += static_cast<int64_t>(before.props.size());
  stats_.properties_set += static_cast<int64_t>(after.props.size());
  return WriteNode(id, &before, after);
}

Status Transaction::AddLabel(NodeId id, const std::string& label) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  codec::NodeRecord before;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &before, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  SPLOT_ASSIGN_OR_RETURN(LabelId lid, Intern(CatalogKind::kLabel, label));
  if (std::find(before.labels.begin(), before.labels.end(), lid) != before.labels.end()) {
    return Status::OK();
  }
  codec::NodeRecord after = before;
  after.labels.push_back(lid);
  return WriteNode(id, &before, after);
}

Status Transaction::RemoveLabel(NodeId id, const std::string& label) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  auto lid = CatalogFind(CatalogKind::kLabel, label);
  if (!lid) return Status::OK();
  codec::NodeRecord before;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &before, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  codec::NodeRecord after = before;
  auto it = std::find(after.labels.begin(), after.labels.end(), *lid);
  if (it == after.labels.end()) return Status::OK();
  after.labels.erase(it);
  return WriteNode(id, &before, after);
}

Status Transaction::DeleteNode(NodeId id, bool detach) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  codec::NodeRecord rec;
  bool found;
  SPLOT_RETURN_IF_ERROR(ReadNodeRecord(id, &rec, &found));
  if (!found) return Status::NotFound("no node with id " + std::to_string(id));
  std::vector<EdgeId> edges;
  {
    auto cursor = Edges(id, Direction::kBoth);
    for (; cursor->Valid(); cursor->Next()) {
      if (!detach) {
        return Status::InvalidArgument("cannot delete node " + std::to_string(id) +
                                       " because it still has relationships; delete them first "
                                       "or use DETACH DELETE");
      }
      edges.push_back(cursor->entry().edge);
    }
    SPLOT_RETURN_IF_ERROR(cursor->status());
  }
  for (EdgeId e : edges) SPLOT_RETURN_IF_ERROR(DeleteEdge(e));

  Delete(CfIndex::kNodes, codec::NodeKey(id));
  written_nodes_.erase(id);
  for (LabelId l : rec.labels) {
    Delete(CfIndex::kLabel, codec::LabelIndexKey(l, id));
    counters_.by_label[l]--;
  }
  std::vector<std::string> names;
  CollectNames(rec, &names, id);
  for (const auto& k : names) Delete(CfIndex::kName, k);
  if (!rec.key.empty()) Delete(CfIndex::kKey, rec.key);
  counters_.nodes--;
  stats_.nodes_deleted++;
  return Status::OK();
}

Result<EdgeId> Transaction::InsertEdge(NodeId src, TypeId type, NodeId dst,
                                       std::vector<std::pair<PropKeyId, Value>> props) {
  EdgeId id = counters_.next_edge++;
  codec::EdgeRecord rec;
  rec.src = src;
  rec.dst = dst;
  rec.type = type;
  rec.props = std::move(props);
  stats_.properties_set += static_cast<int64_t>(rec.props.size());
  Put(CfIndex::kEdges, codec::EdgeKey(id), codec::EncodeEdge(rec));
  Put(CfIndex::kOut, codec::AdjKey(src, type, dst, id), {});
  Put(CfIndex::kIn, codec::AdjKey(dst, type, src, id), {});
  counters_.edges++;
  counters_.by_type[type]++;
  stats_.edges_created++;
  return id;
}

Result<EdgeId> Transaction::CreateEdge(NodeId src, const std::string& type, NodeId dst,
                                       const Properties& props) {
  return NewEdge(src, type, dst, props);
}

Result<EdgeId> Transaction::CreateEdge(NodeId src, const std::string& type, NodeId dst,
                                       Properties&& props) {
  return NewEdge(src, type, dst, std::move(props));
}

template <typename P>
Result<EdgeId> Transaction::NewEdge(NodeId src, const std::string& type, NodeId dst, P&& props) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  for (NodeId end : {src, dst}) {
    SPLOT_ASSIGN_OR_RETURN(bool exists, NodeExists(end));
    if (!exists) {
      return Status::NotFound("cannot create a " + type + " edge: node " + std::to_string(end) +
                              " does not exist");
    }
  }
  SPLOT_ASSIGN_OR_RETURN(TypeId tid, Intern(CatalogKind::kType, type));
  std::vector<std::pair<PropKeyId, Value>> encoded;
  SPLOT_RETURN_IF_ERROR(InternProps(std::forward<P>(props), &encoded));
  return InsertEdge(src, tid, dst, std::move(encoded));
}

Result<EdgeId> Transaction::UpsertEdge(NodeId src, const std::string& type, NodeId dst,
                                       const Properties& props,
                                       const std::vector<std::string>& match_on) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  auto tid = CatalogFind(CatalogKind::kType, type);
  if (tid) {
    std::vector<EdgeId> candidates;
    {
      auto cursor = EdgesBetween(src, dst, Direction::kOut, *tid);
      for (; cursor->Valid(); cursor->Next()) candidates.push_back(cursor->entry().edge);
      SPLOT_RETURN_IF_ERROR(cursor->status());
    }
    for (EdgeId eid : candidates) {
      std::string data;
      bool found;
      SPLOT_RETURN_IF_ERROR(Get(CfIndex::kEdges, codec::EdgeKey(eid), &data, &found));
      if (!found) return Status::Corruption("adjacency names missing edge " + std::to_string(eid));
      codec::EdgeRecord rec;
      SPLOT_RETURN_IF_ERROR(codec::DecodeEdge(data, &rec));
      Properties existing = NamedProps(rec.props);
      bool matches = true;
      for (const auto& name : match_on) {
        auto a = existing.find(name);
        auto b = props.find(name);
        const Value none;
        const Value& va = a == existing.end() ? none : a->second;
        const Value& vb = b == props.end() ? none : b->second;
        if (va != vb) matches = false;
      }
      if (!matches) continue;
      std::vector<std::pair<PropKeyId, Value>> update;
      SPLOT_RETURN_IF_ERROR(InternProps(props, &update));
      auto merged = rec.props;
      MergeProps(&merged, std::move(update));
      if (merged != rec.props) {
        rec.props = std::move(merged);
        Put(CfIndex::kEdges, codec::EdgeKey(eid), codec::EncodeEdge(rec));
      }
      return eid;
    }
  }
  return CreateEdge(src, type, dst, props);
}

Status Transaction::SetEdgeProperty(EdgeId id, const std::string& name, const Value& value) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kEdges, codec::EdgeKey(id), &data, &found));
  if (!found) return Status::NotFound("no edge with id " + std::to_string(id));
  codec::EdgeRecord rec;
  SPLOT_RETURN_IF_ERROR(codec::DecodeEdge(data, &rec));
  std::optional<uint32_t> key_id = CatalogFind(CatalogKind::kPropKey, name);
  if (!value.is_null()) {
    SPLOT_ASSIGN_OR_RETURN(key_id, Intern(CatalogKind::kPropKey, name));
  }
  if (!key_id) return Status::OK();
  auto it = std::lower_bound(rec.props.begin(), rec.props.end(), *key_id,
                             [](const auto& p, PropKeyId k) { return p.first < k; });
  bool present = it != rec.props.end() && it->first == *key_id;
  if (value.is_null()) {
    if (!present) return Status::OK();
    rec.props.erase(it);
    stats_.properties_removed++;
  } else {
    if (present) {
      it->second = value;
    } else {
      rec.props.insert(it, {*key_id, value});
    }
    stats_.properties_set++;
  }
  Put(CfIndex::kEdges, codec::EdgeKey(id), codec::EncodeEdge(rec));
  return Status::OK();
}

Status Transaction::ReplaceEdgeProperties(EdgeId id, const Properties& props) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  std::string data;
  bool found;
  SPLOT_RETURN_IF_ERROR(Get(CfIndex::kEdges, codec::EdgeKey(id), &data, &found));
  if (!found) return Status::NotFound("no edge with id " + std::to_string(id));
  codec::EdgeRecord rec;
  SPLOT_RETURN_IF_ERROR(codec::DecodeEdge(data, &rec));
  stats_.properties_removed += static_cast<int64_t>(rec.props.size());
  SPLOT_RETURN_IF_ERROR(InternProps(props, &rec.props));
  stats_.properties_set += static_cast<int64_t>(rec.props.size());
  Put(CfIndex::kEdges, codec::EdgeKey(id), codec::EncodeEdge(rec));
  return Status::OK();
}

Status Transaction::DeleteEdge(EdgeId id) {
  SPLOT_RETURN_IF_ERROR(CheckWritable());
  NodeId src, dst;
  TypeId type;
  SPLOT_RETURN_IF_ERROR(GetEdgeEnds(id, &src, &dst, &type));
  Delete(CfIndex::kEdges, codec::EdgeKey(id));
  Delete(CfIndex::kOut, codec::AdjKey(src, type, dst, id));
  Delete(CfIndex::kIn, codec::AdjKey(dst, type, src, id));
  counters_.edges--;
  counters_.by_type[type]--;
  stats_.edges_deleted++;
  return Status::OK();
}

Status Transaction::Commit() {
  if (finished_) return Status::InvalidArgument("the transaction has already ended");
  finished_ = true;
  if (!writable_ || write_count() == 0) {
    writer_lock_ = {};
    return Status::OK();
  }
  GraphStore::Counters old;
  {
    std::lock_guard<std::mutex> lock(store_->counters_mutex_);
    old = store_->counters_;
  }
  counters_.version = old.version + 1;
  auto put_u64 = [&](const std::string& key, uint64_t v) { Put(CfIndex::kMeta, key, U64Value(v)); };
  put_u64(kMetaNextNode, counters_.next_node);
  put_u64(kMetaNextEdge, counters_.next_edge);
  put_u64(kMetaNodes, counters_.nodes);
  put_u64(kMetaEdges, counters_.edges);
  put_u64(kMetaVersion, counters_.version);
  for (uint32_t i = 0; i < counters_.by_label.size(); ++i) {
    if (i >= old.by_label.size() || old.by_label[i] != counters_.by_label[i]) {
      put_u64(CountKey(kMetaLabelCount, i), static_cast<uint64_t>(counters_.by_label[i]));
    }
  }
  for (uint32_t i = 0; i < counters_.by_type.size(); ++i) {
    if (i >= old.by_type.size() || old.by_type[i] != counters_.by_type[i]) {
      put_u64(CountKey(kMetaTypeCount, i), static_cast<uint64_t>(counters_.by_type[i]));
    }
  }
  rocksdb::WriteBatch sorted(batch_->GetWriteBatch()->GetDataSize() + unindexed_->GetDataSize());
  rocksdb::Status s =
      SortWrites(store_->handles_, {batch_->GetWriteBatch(), unindexed_.get()}, &sorted);
  if (!s.ok()) {
    writer_lock_ = {};
    written_nodes_.clear();
    return FromRocks(s, "commit failed; nothing was written");
  }
  rocksdb::WriteOptions wo;
  s = store_->db_->Write(wo, &sorted);
  if (!s.ok()) {
    writer_lock_ = {};
    written_nodes_.clear();
    return FromRocks(s, "commit failed; nothing was written");
  }
  for (const auto& [kind, name, id] : new_names_) store_->catalog_.Add(kind, name, id);
  {
    std::lock_guard<std::mutex> lock(store_->counters_mutex_);
    store_->counters_ = counters_;
  }
  store_->version_ = counters_.version;
  batch_.reset();
  writer_lock_ = {};
  return Status::OK();
}

void Transaction::Rollback() {
  finished_ = true;
  if (batch_) batch_->Clear();
  if (unindexed_) unindexed_->Clear();
  unindexed_cfs_ = 0;
  new_names_.clear();
  for (auto& known : interned_) known.clear();
  written_nodes_.clear();
  writer_lock_ = {};
}

}  // namespace splot::graph
