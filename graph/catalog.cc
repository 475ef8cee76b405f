#include "graph/catalog.h"

#include <mutex>

namespace splot::graph {

const Catalog::Table& Catalog::table(CatalogKind kind) const {
  switch (kind) {
    case CatalogKind::kLabel:
      return labels_;
    case CatalogKind::kType:
      return types_;
    case CatalogKind::kPropKey:
      break;
  }
  return keys_;
}

Catalog::Table& Catalog::table(CatalogKind kind) {
  return const_cast<Table&>(static_cast<const Catalog*>(this)->table(kind));
}

std::optional<uint32_t> Catalog::Find(CatalogKind kind, std::string_view name) const {
  std::shared_lock lock(mutex_);
  const Table& t = table(kind);
  auto it = t.ids.find(std::string(name));
  if (it == t.ids.end()) return std::nullopt;
  return it->second;
}

std::string Catalog::Name(CatalogKind kind, uint32_t id) const {
  std::shared_lock lock(mutex_);
  const Table& t = table(kind);
  return id < t.names.size() ? t.names[id] : std::string();
}

std::vector<std::string> Catalog::Names(CatalogKind kind) const {
  std::shared_lock lock(mutex_);
  return table(kind).names;
}

uint32_t Catalog::Size(CatalogKind kind) const {
  std::shared_lock lock(mutex_);
  return static_cast<uint32_t>(table(kind).names.size());
}

void Catalog::Add(CatalogKind kind, std::string_view name, uint32_t id) {
  std::unique_lock lock(mutex_);
  Table& t = table(kind);
  if (t.names.size() <= id) t.names.resize(id + 1);
  t.names[id] = std::string(name);
  t.ids[std::string(name)] = id;
}

void Catalog::Clear() {
  std::unique_lock lock(mutex_);
  labels_ = Table();
  types_ = Table();
  keys_ = Table();
}

}  // namespace splot::graph
