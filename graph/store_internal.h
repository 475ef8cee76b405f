// Column-family indexes shared by the files that implement GraphStore.
#ifndef SPLOT_GRAPH_STORE_INTERNAL_H_
#define SPLOT_GRAPH_STORE_INTERNAL_H_

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fold.h"
#include "graph/types.h"
#include "graph/value.h"

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
// changes, every document names mostly the entities the documents before it
// named, and names outside the Latin letters fold through ICU, slowly.
// Holds at most `capacity` names (it starts over when full); thread-safe.
class NameFoldCache {
 public:
  NameFoldCache(const NameFolder& folder, size_t capacity) : folder_(folder), capacity_(capacity) {}

  // NameFolder::Fold(name), computed once per distinct name while cached.
  std::string Fold(const std::string& name);

 private:
  const NameFolder& folder_;
  const size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::string> folded_;
};

// AppendNameKeys folding through `folds`.
void AppendNameKeys(NameFoldCache& folds, const Value& value, NodeId id,
                    std::vector<std::string>* keys);

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
