// Catalog: interns label, edge-type and property-key names as small ids.
//
// Ids are dense, start at 0 per kind, and are never reused, so a record that
// names an id stays readable for the life of the store.  The catalog is tiny
// (one entry per distinct name) and is held in memory once the store opens.
#ifndef SPLOT_GRAPH_CATALOG_H_
#define SPLOT_GRAPH_CATALOG_H_

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace splot::graph {

enum class CatalogKind : char { kLabel = 'L', kType = 'T', kPropKey = 'P' };

class Catalog {
 public:
  // Returns the id of `name`, or nullopt if it was never interned.  Thread-safe.
  std::optional<uint32_t> Find(CatalogKind kind, std::string_view name) const;
  // Returns the name of `id`; "" for an unknown id.  Thread-safe.
  std::string Name(CatalogKind kind, uint32_t id) const;
  // Returns every name of a kind, in id order.  Thread-safe.
  std::vector<std::string> Names(CatalogKind kind) const;
  // Returns how many names of the kind exist (the next id to hand out).
  uint32_t Size(CatalogKind kind) const;

  // Records `name` under `id`.  The store calls this when it loads the
  // catalog and when a transaction that interned new names commits.
  void Add(CatalogKind kind, std::string_view name, uint32_t id);
  // Forgets every name.
  void Clear();

 private:
  struct Table {
    std::unordered_map<std::string, uint32_t> ids;
    std::vector<std::string> names;
  };
  const Table& table(CatalogKind kind) const;
  Table& table(CatalogKind kind);

  mutable std::shared_mutex mutex_;
  Table labels_, types_, keys_;
};

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_CATALOG_H_
