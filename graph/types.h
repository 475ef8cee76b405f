// The graph's data model as plain values: nodes, edges, adjacency entries.
#ifndef SPLOT_GRAPH_TYPES_H_
#define SPLOT_GRAPH_TYPES_H_

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "graph/value.h"

namespace splot::graph {

using NodeId = uint64_t;
using EdgeId = uint64_t;
using LabelId = uint32_t;
using TypeId = uint32_t;
using PropKeyId = uint32_t;

// Marks "no such catalog entry" and, in filters, "any type".
inline constexpr uint32_t kNoCatalogId = std::numeric_limits<uint32_t>::max();

enum class Direction : uint8_t { kOut = 0, kIn = 1, kBoth = 2 };

struct Node {
  NodeId id = 0;
  std::vector<std::string> labels;  // labels[0] is the primary label
  std::string key;                  // canonical key; "" when the node has none
  Properties props;

  bool HasLabel(std::string_view label) const {
    return std::find(labels.begin(), labels.end(), label) != labels.end();
  }
  // Returns the property or nullptr.
  const Value* Get(const std::string& name) const {
    auto it = props.find(name);
    return it == props.end() ? nullptr : &it->second;
  }
};

struct Edge {
  EdgeId id = 0;
  NodeId src = 0;
  NodeId dst = 0;
  std::string type;
  Properties props;

  const Value* Get(const std::string& name) const {
    auto it = props.find(name);
    return it == props.end() ? nullptr : &it->second;
  }
};

// One entry of a node's adjacency, as an adjacency scan yields it.
struct AdjEntry {
  NodeId node = 0;  // the node whose adjacency was scanned
  EdgeId edge = 0;
  NodeId neighbor = 0;
  TypeId type = 0;
  bool outgoing = true;  // true: the scanned node is the edge's source
};

}  // namespace splot::graph

#endif  // SPLOT_GRAPH_TYPES_H_
