// GraphStore: the RocksDB-persisted property graph.
//
// A store is a directory holding one RocksDB database with one column family
// per kind of key (layout in graph/README.md).  All access goes through a
// Transaction: a read transaction sees a consistent snapshot; a write
// transaction additionally sees its own writes and commits them as one
// atomic RocksDB WriteBatch.
//
//   SPLOT_ASSIGN_OR_RETURN(auto store, GraphStore::Open("splot.db"));
//   SPLOT_ASSIGN_OR_RETURN(auto txn, store->BeginWrite());
//   SPLOT_ASSIGN_OR_RETURN(NodeId minsk, txn->UpsertNode("city/minsk", {"City"},
//                                                      {{"name", "Mińsk"}}));
//   SPLOT_RETURN_IF_ERROR(txn->Commit());
//
// Only one process may open a store for writing; others open it read-only.
// Opening never loads the graph into memory: only the catalog and counters.
#ifndef SPLOT_GRAPH_STORE_H_
#define SPLOT_GRAPH_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/fold.h"
#include "base/result.h"
#include "graph/catalog.h"
#include "graph/store_internal.h"
#include "graph/types.h"
#include "graph/value.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Cache;
class Env;
class Iterator;
struct Options;
class Snapshot;
class WriteBatch;
class WriteBatchWithIndex;
}  // namespace rocksdb

namespace splot::graph {

class Transaction;
class CsrGraph;
struct SnapshotSpec;
namespace codec {
struct NodeRecord;
}
namespace internal {
class PrefixScanCursor;
}

// The on-disk format this build reads and writes.  A store with a larger
// number was written by a newer Splot and is refused rather than misread.
inline constexpr uint32_t kFormatVersion = 1;

// Properties whose string values (or lists of strings) go into the name index.
inline constexpr const char* kNameProperties[] = {"name", "aliases", "name_en", "name_ru"};

struct StoreOptions {
  // Open without taking the write lock; every write fails.  Allowed while
  // another process writes; the reader sees the store as of opening.
  bool read_only = false;
  // Create an empty store when `path` does not exist (ignored when read_only).
  bool create_if_missing = true;
  // Keep everything in memory (RocksDB's in-memory Env); for tests.
  bool in_memory = false;
  // RocksDB block cache shared by all column families.
  size_t block_cache_bytes = size_t{256} << 20;
};

// A finding of GraphStore::Check.
struct CheckReport {
  uint64_t nodes = 0;
  uint64_t edges = 0;
  std::vector<std::string> problems;  // empty when the store is consistent
  bool ok() const { return problems.empty(); }
};

class GraphStore {
 public:
  // Opens (or creates) the store at `path`.
  // Errors: Busy when another process holds the write lock (the message names
  // the LOCK file); InvalidArgument when `path` exists but is not a Splot
  // store; NotFound when it does not exist and cannot be created;
  // Unsupported when it was written by a newer format version.
  static Result<std::unique_ptr<GraphStore>> Open(const std::string& path,
                                                  const StoreOptions& options = {});
  ~GraphStore();
  GraphStore(const GraphStore&) = delete;
  GraphStore& operator=(const GraphStore&) = delete;

  const std::string& path() const { return path_; }
  bool read_only() const { return options_.read_only; }

  // Begins a read transaction on a snapshot of the store as of this call.
  std::unique_ptr<Transaction> BeginRead();

  // Begins a write transaction.  Within one process write transactions run
  // one at a time: this blocks until the previous one ends.
  // Errors: InvalidArgument on a read-only store.
  Result<std::unique_ptr<Transaction>> BeginWrite();

  // Interned names of labels, edge types and property keys.
  const Catalog& catalog() const { return catalog_; }
  // The folding used by the name index; callers fold queries with it too.
  const NameFolder& folder() const { return folder_; }

  // Increases with every commit; a cache built at version v is current while
  // version() == v.
  uint64_t version() const { return version_.load(); }

  // Counters kept with every commit; none of these scans the store.
  uint64_t NodeCount() const;
  uint64_t EdgeCount() const;
  uint64_t LabelCount(LabelId label) const;  // nodes having the label
  uint64_t TypeCount(TypeId type) const;     // edges of the type
  std::map<std::string, uint64_t> CountsByLabel() const;
  std::map<std::string, uint64_t> CountsByType() const;

  // Returns a compressed-sparse-row snapshot of the graph (or of the view
  // `spec` describes) for the algorithms in graph/algorithms.h.  Snapshots
  // are cached per spec until the next commit.
  Result<std::shared_ptr<const CsrGraph>> Snapshot(const SnapshotSpec& spec);

  // Verifies that adjacency matches the edges, the label, name and key
  // indexes match the nodes, and the counters are right.  Scans everything.
  Status Check(CheckReport* report);

  // Writes memtables to disk and compacts; used after bulk loads.
  Status Compact();

  // Removes every node, edge, index entry, catalog name and meta entry, as
  // one atomic write, leaving an empty store (cheaper than creating a new
  // one, which is what test harnesses need).  Waits for the writer lock.
  Status Clear();

 private:
  friend class Transaction;
  friend class BulkLoader;

  struct Counters {
    uint64_t next_node = 0;
    uint64_t next_edge = 0;
    uint64_t nodes = 0;
    uint64_t edges = 0;
    uint64_t version = 0;
    std::vector<int64_t> by_label;
    std::vector<int64_t> by_type;
  };

  static constexpr size_t kNameFoldCacheCapacity = size_t{1} << 16;

  GraphStore(std::string path, const StoreOptions& options);
  Status OpenDb();
  // OK when the database at path_ holds only some of our column families
  // and no data: a creation that was killed part-way.
  Status CheckUnfinishedCreation(const rocksdb::Options& opts,
                                 const std::vector<std::string>& existing);
  Status LoadCatalogAndCounters();
  Status InitializeEmpty();
  rocksdb::ColumnFamilyHandle* cf(int index) const { return handles_[index]; }

  std::string path_;
  StoreOptions options_;
  NameFolder folder_;
  // Folded names for the name index, kept across write transactions.
  mutable internal::NameFoldCache name_folds_{folder_, kNameFoldCacheCapacity};
  Catalog catalog_;
  std::unique_ptr<rocksdb::Env> mem_env_;
  std::shared_ptr<rocksdb::Cache> block_cache_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;

  mutable std::mutex counters_mutex_;
  Counters counters_;
  std::atomic<uint64_t> version_{0};
  std::mutex writer_mutex_;  // held by the open write transaction

  std::mutex snapshot_mutex_;
  std::map<std::string, std::pair<uint64_t, std::shared_ptr<const CsrGraph>>> snapshots_;
};

// Yields a node's adjacency entries, in (type, neighbour, edge) order per
// direction; with Direction::kBoth the out-entries come first and a self-loop
// is yielded once.
class EdgeCursor {
 public:
  virtual ~EdgeCursor() = default;
  virtual bool Valid() const = 0;
  virtual const AdjEntry& entry() const = 0;
  virtual void Next() = 0;
  // Non-OK when the scan stopped on a read error rather than at the end.
  virtual Status status() const = 0;
  // Restarts the cursor on another node's edges, reusing its RocksDB
  // iterators; the fast way to expand many nodes in a traversal.
  virtual void Reset(NodeId node, Direction dir, TypeId type = kNoCatalogId) = 0;
};

// Yields node ids (or edge ids) in ascending order.
class IdCursor {
 public:
  virtual ~IdCursor() = default;
  virtual bool Valid() const = 0;
  virtual uint64_t id() const = 0;
  virtual void Next() = 0;
  virtual Status status() const = 0;
};

// What a transaction changed; the query layer reports these as side effects.
struct WriteStats {
  int64_t nodes_created = 0;
  int64_t nodes_deleted = 0;
  int64_t edges_created = 0;
  int64_t edges_deleted = 0;
  int64_t labels_added = 0;
  int64_t labels_removed = 0;
  int64_t properties_set = 0;
  int64_t properties_removed = 0;
};

// A unit of work on the store.  Not thread-safe: one thread uses it.
// Cursors borrow the transaction and must be destroyed before it.  A cursor
// reflects the writes made before it was created; write while it is open and
// it may or may not see the new entries (materialise first when that matters).
class Transaction {
 public:
  ~Transaction();  // an uncommitted write transaction is rolled back
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  bool writable() const { return writable_; }
  GraphStore& store() { return *store_; }

  // ---- reads -------------------------------------------------------------
  // NotFound when there is no such node/edge.
  Result<Node> GetNode(NodeId id);
  Result<Edge> GetEdge(EdgeId id);
  Result<bool> NodeExists(NodeId id);
  // Reads only the endpoints and type of an edge.  NotFound when absent.
  Status GetEdgeEnds(EdgeId id, NodeId* src, NodeId* dst, TypeId* type);
  // The ids of a node's labels, primary first.  NotFound when absent.
  Result<std::vector<LabelId>> GetNodeLabels(NodeId id);

  // The node with canonical key `key`, if any.
  Result<std::optional<NodeId>> FindByKey(std::string_view key);
  // Nodes one of whose indexed names (kNameProperties) folds to the same key
  // as `name`, ascending by id.
  Result<std::vector<NodeId>> FindByName(std::string_view name);
  // Visits name-index words equal to `folded_word` (or, with prefix, starting
  // with it) and the nodes carrying them; `fn` returns false to stop.
  Status ScanNameWords(std::string_view folded_word, bool prefix,
                       const std::function<bool(std::string_view word, NodeId node)>& fn);
  // Same for whole folded names.
  Status ScanNames(std::string_view folded_name, bool prefix,
                   const std::function<bool(std::string_view name, NodeId node)>& fn);

  // A node's edges in `dir`, all types or only `type`.
  std::unique_ptr<EdgeCursor> Edges(NodeId node, Direction dir, TypeId type = kNoCatalogId);
  // Edges from `node` to `neighbor` (in `dir`) of `type` (or any type).
  std::unique_ptr<EdgeCursor> EdgesBetween(NodeId node, NodeId neighbor, Direction dir,
                                           TypeId type = kNoCatalogId);
  // Every edge once, as out-adjacency entries ordered by (source, type,
  // target, edge); reads keys only, so it is the fast way to see all edges.
  std::unique_ptr<EdgeCursor> AllAdjacency();
  // Nodes carrying `label`; all nodes; all edges.
  std::unique_ptr<IdCursor> NodesWithLabel(LabelId label);
  std::unique_ptr<IdCursor> AllNodes();
  std::unique_ptr<IdCursor> AllEdges();

  // Visits every node (ascending id) or every edge, decoding each record
  // from one sequential scan; `fn` returns false to stop.
  Status ForEachNode(const std::function<bool(const Node&)>& fn);
  Status ForEachEdge(const std::function<bool(const Edge&)>& fn);

  // The id of a label, type or property-key name as this transaction sees
  // the catalog, including names its own uncommitted writes interned;
  // nullopt when the name is unknown.
  std::optional<uint32_t> FindCatalogId(CatalogKind kind, std::string_view name) const {
    return CatalogFind(kind, name);
  }
  // The name of a catalog id as this transaction sees it; "" when unknown.
  std::string CatalogNameOf(CatalogKind kind, uint32_t id) const { return CatalogName(kind, id); }

  // Free-form metadata (document registry, import progress).  Keys beginning
  // with "splot:" are reserved for the store.
  Result<std::optional<std::string>> GetMeta(std::string_view key);
  // Visits meta entries whose key starts with `prefix`.
  Status ScanMeta(std::string_view prefix,
                  const std::function<bool(std::string_view key, std::string_view value)>& fn);

  // ---- writes (write transactions only) ----------------------------------
  // Creates a node.  `labels` must not be empty for nodes meant to be found
  // by label; `key`, when given, must be unused (AlreadyExists otherwise).
  Result<NodeId> CreateNode(const std::vector<std::string>& labels, const Properties& props,
                            std::string_view key = {});
  // Finds the node with canonical key `key` and merges into it (labels are
  // unioned, list properties are unioned, other properties overwritten), or
  // creates it.  Writing the same node twice changes nothing the second time.
  // When it merges and `sorted_list` names a list property, that list ends
  // up as its integers in ascending order: left alone when it holds only
  // integers in order already, replaced by its integers sorted otherwise.
  Result<NodeId> UpsertNode(std::string_view key, const std::vector<std::string>& labels,
                            const Properties& props, std::string_view sorted_list = {});
  // Sets one property; a null value removes it.
  Status SetNodeProperty(NodeId id, const std::string& name, const Value& value);
  // Replaces all properties.
  Status ReplaceNodeProperties(NodeId id, const Properties& props);
  Status AddLabel(NodeId id, const std::string& label);
  Status RemoveLabel(NodeId id, const std::string& label);
  // Deletes a node.  Without `detach`, fails (InvalidArgument) while the node
  // still has edges; with it, deletes those edges first.
  Status DeleteNode(NodeId id, bool detach);

  Result<EdgeId> CreateEdge(NodeId src, const std::string& type, NodeId dst,
                            const Properties& props);
  // The same, moving the values out of `props`.
  Result<EdgeId> CreateEdge(NodeId src, const std::string& type, NodeId dst, Properties&& props);
  // Merges into an existing src-[type]->dst edge whose properties named in
  // `match_on` equal the new ones (any such edge when `match_on` is empty),
  // with the same merge rule as UpsertNode; creates the edge otherwise.
  Result<EdgeId> UpsertEdge(NodeId src, const std::string& type, NodeId dst,
                            const Properties& props, const std::vector<std::string>& match_on);
  Status SetEdgeProperty(EdgeId id, const std::string& name, const Value& value);
  Status ReplaceEdgeProperties(EdgeId id, const Properties& props);
  Status DeleteEdge(EdgeId id);

  Status PutMeta(std::string_view key, std::string_view value);
  Status DeleteMeta(std::string_view key);

  // What this transaction has changed so far.
  const WriteStats& stats() const { return stats_; }
  // Bytes of pending writes; the query layer enforces its memory budget on it.
  size_t pending_bytes() const;

  // Makes every write of this transaction durable at once.  After Commit the
  // transaction is finished; further calls fail.
  Status Commit();
  // Discards every write.  Also done by the destructor.
  void Rollback();

 private:
  friend class GraphStore;
  friend class internal::PrefixScanCursor;
  friend class TxnEdgeCursor;
  friend class TxnIdCursor;
  Transaction(GraphStore* store, bool writable);

  Status CheckWritable() const;
  uint64_t write_count() const;
  Status Get(int cf, std::string_view key, std::string* value, bool* found);
  rocksdb::Iterator* NewIterator(int cf, const std::string* lower, const std::string* upper);
  void Put(int cf, std::string_view key, std::string_view value);
  void Delete(int cf, std::string_view key);
  // Moves the unindexed writes into the indexed batch, so that reads see
  // them.  Called before every read of a column family that has some.
  Status IndexPendingWrites();

  Result<uint32_t> Intern(CatalogKind kind, std::string_view name);
  std::string CatalogName(CatalogKind kind, uint32_t id) const;
  std::optional<uint32_t> CatalogFind(CatalogKind kind, std::string_view name) const;
  Status ReadNodeRecord(NodeId id, codec::NodeRecord* out, bool* found);
  // Writes `after` and brings every index and counter in line with the
  // change from `before` (nullptr for a new node).
  Status WriteNode(NodeId id, const codec::NodeRecord* before, const codec::NodeRecord& after);
  Node ToNode(NodeId id, const codec::NodeRecord& rec) const;
  void CollectNames(const codec::NodeRecord& rec, std::vector<std::string>* index_keys,
                    NodeId id) const;
  // Whether `a` and `b` hold the same name properties, and so the same name
  // index entries.
  bool SameNames(const codec::NodeRecord& a, const codec::NodeRecord& b) const;
  // CreateEdge with `props` copied or moved from.
  template <typename P>
  Result<EdgeId> NewEdge(NodeId src, const std::string& type, NodeId dst, P&& props);
  Result<EdgeId> InsertEdge(NodeId src, TypeId type, NodeId dst,
                            std::vector<std::pair<PropKeyId, Value>> props);
  // Interns the names of `props` into `out`, sorted by id; moves the values
  // out of an rvalue `props`.
  template <typename P>
  Status InternProps(P&& props, std::vector<std::pair<PropKeyId, Value>>* out);
  Properties NamedProps(const std::vector<std::pair<PropKeyId, Value>>& props) const;

  GraphStore* store_;
  bool writable_;
  bool finished_ = false;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  std::unique_ptr<rocksdb::WriteBatchWithIndex> batch_;
  // Writes to the column families a transaction seldom reads back (edges,
  // adjacency, label and name indexes), kept out of the index of `batch_`
  // until a read of one of them (bit 1 << cf in `unindexed_cfs_`) needs
  // them there; appended to `batch_` at commit, so one write still carries
  // the whole transaction.
  std::unique_ptr<rocksdb::WriteBatch> unindexed_;
  uint32_t unindexed_cfs_ = 0;
  std::unique_lock<std::mutex> writer_lock_;

  // Names interned by this transaction, published to the catalog on commit.
  std::vector<std::tuple<CatalogKind, std::string, uint32_t>> new_names_;
  // Ids of the names Intern found or made, by CatalogSlot (write
  // transactions only).
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> interned_[3];
  uint32_t next_catalog_id_[3] = {0, 0, 0};
  GraphStore::Counters counters_;  // working copy for write transactions
  WriteStats stats_;
  // Nodes this transaction wrote and has not deleted since: they exist
  // without asking the batch and the store (CreateEdge checks its ends).
  std::unordered_set<NodeId> written_nodes_;
};

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_STORE_H_
