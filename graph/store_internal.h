// Column-family indexes shared by the files that implement GraphStore.
#ifndef SPLOT_GRAPH_STORE_INTERNAL_H_
#define SPLOT_GRAPH_STORE_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fold.h"
#include "graph/types.h"
#include "graph/value.h"

namespace rocksdb {
class ColumnFamilyHandle;
class Iterator;
class WriteBatch;
class WriteBatchWithIndex;
}  // namespace rocksdb

namespace splot::graph::internal {

// True for the properties whose strings go into the name index.
bool IsNameProperty(std::string_view property);

// Appends the name-index keys of one property value (a string or a list of
// strings) of node `id`: one whole-name entry per string and one entry per
// word of two or more letters when the name has several words.
void AppendNameKeys(const NameFolder& folder, const Value& value, NodeId id,
                    std::vector<std::string>* keys);

// A NameFolder that remembers what it folded.  A write transaction
// re-indexes all of a node's names each time one of its properties
// changes, and names outside the Latin letters fold through ICU, slowly.
// Holds every distinct name it saw; for one transaction's lifetime.
class NameFoldCache {
 public:
  explicit NameFoldCache(const NameFolder& folder) : folder_(folder) {}

  // NameFolder::Fold(name), computed once per distinct name.
  const std::string& Fold(const std::string& name);

 private:
  const NameFolder& folder_;
  std::unordered_map<std::string, std::string> folded_;
};

// AppendNameKeys folding through `folds`.
void AppendNameKeys(NameFoldCache& folds, const Value& value, NodeId id,
                    std::vector<std::string>* keys);

// The writes of a transaction: the batch it commits and what its reads need
// of it.  A point read finds the latest write of a key in a hash map; the
// ordered index that iterators merge with the store (a WriteBatchWithIndex
// fed the same writes) is built when the first iterator asks for it, so a
// transaction that only writes and looks keys up never sorts its writes.
class PendingWrites {
 public:
  // `handles[i]` is the handle of column family index i.
  explicit PendingWrites(std::vector<rocksdb::ColumnFamilyHandle*> handles);
  ~PendingWrites();
  PendingWrites(const PendingWrites&) = delete;
  PendingWrites& operator=(const PendingWrites&) = delete;

  void Put(int cfi, std::string_view key, std::string_view value);
  void Delete(int cfi, std::string_view key);
  // The latest write of `key`: nullptr when there is none, else the value
  // written or nullopt for a delete.
  const std::optional<std::string>* Find(int cfi, std::string_view key) const;
  // An iterator over the store's `base` with these writes applied; owns
  // `base`.
  rocksdb::Iterator* NewIteratorWithBase(int cfi, rocksdb::Iterator* base);

  rocksdb::WriteBatch* batch() { return batch_.get(); }
  uint32_t Count() const;
  size_t DataSize() const;
  void Clear();

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using Latest = std::unordered_map<std::string, std::optional<std::string>, Hash, std::equal_to<>>;

  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::WriteBatch> batch_;
  std::vector<Latest> latest_;  // per column family
  std::unique_ptr<rocksdb::WriteBatchWithIndex> index_;
};

// Order matches kCfNames in store.cc.
struct CfIndex {
  enum : int {
    kDefault = 0,
    kMeta = 1,
    kCatalog = 2,
    kNodes = 3,
    kEdges = 4,
    kOut = 5,
    kIn = 6,
    kLabel = 7,
    kName = 8,
    kKey = 9,
  };
};

}  // namespace splot::graph::internal

#endif  // SPLOT_GRAPH_STORE_INTERNAL_H_
