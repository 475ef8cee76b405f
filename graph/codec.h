// Byte layout of the store's keys and records.  Only graph/ includes this.
//
// See graph/README.md for the column families and the reasoning behind each
// key.  Integers inside keys are fixed-width big-endian so that byte order
// equals numeric order and a prefix scan visits ids in ascending order;
// integers inside records are varints to keep records small.
#ifndef SPLOT_GRAPH_CODEC_H_
#define SPLOT_GRAPH_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "graph/types.h"
#include "graph/value.h"

namespace splot::graph::codec {

// ---- fixed-width big-endian -------------------------------------------------
void PutU32BE(std::string* out, uint32_t v);
void PutU64BE(std::string* out, uint64_t v);
uint32_t GetU32BE(const char* p);
uint64_t GetU64BE(const char* p);

// ---- varints (records only) ---------------------------------------------------
void PutVarint(std::string* out, uint64_t v);
// Reads a varint at *pos; returns false when the input ends first.
bool GetVarint(std::string_view in, size_t* pos, uint64_t* v);

// ---- keys -------------------------------------------------------------------
inline constexpr size_t kAdjKeySize = 8 + 4 + 8 + 8;
inline constexpr size_t kLabelKeySize = 4 + 8;

std::string NodeKey(NodeId id);
std::string EdgeKey(EdgeId id);
// (node, type, neighbour, edge): out-adjacency keys start with the source,
// in-adjacency keys with the target.
std::string AdjKey(NodeId node, TypeId type, NodeId neighbor, EdgeId edge);
std::string AdjPrefix(NodeId node);
std::string AdjPrefix(NodeId node, TypeId type);
std::string AdjPrefix(NodeId node, TypeId type, NodeId neighbor);
void DecodeAdjKey(std::string_view key, NodeId* node, TypeId* type, NodeId* neighbor, EdgeId* edge);
std::string LabelIndexKey(LabelId label, NodeId node);
std::string LabelIndexPrefix(LabelId label);

// Name index: 'F' + folded full name + '\0' + node, and 'W' + folded word + '\0' + node.
inline constexpr char kNameFull = 'F';
inline constexpr char kNameWord = 'W';
std::string NameIndexKey(char kind, std::string_view folded, NodeId node);
std::string NameIndexPrefix(char kind, std::string_view folded);
NodeId NameIndexNode(std::string_view key);

// Smallest key greater than every key that starts with `prefix` ("" if none).
std::string PrefixSuccessor(std::string_view prefix);

// ---- records ----------------------------------------------------------------
struct NodeRecord {
  std::vector<LabelId> labels;  // labels[0] is the primary label
  std::string key;
  std::vector<std::pair<PropKeyId, Value>> props;  // sorted by PropKeyId
};

struct EdgeRecord {
  NodeId src = 0;
  NodeId dst = 0;
  TypeId type = 0;
  std::vector<std::pair<PropKeyId, Value>> props;  // sorted by PropKeyId
};

std::string EncodeNode(const NodeRecord& record);
Status DecodeNode(std::string_view data, NodeRecord* record);
std::string EncodeEdge(const EdgeRecord& record);
Status DecodeEdge(std::string_view data, EdgeRecord* record);
// Decodes only the endpoints and type of an edge record.
Status DecodeEdgeHeader(std::string_view data, NodeId* src, NodeId* dst, TypeId* type);

void EncodeValue(std::string* out, const Value& v);
bool DecodeValue(std::string_view in, size_t* pos, Value* v, int depth = 0);

}  // namespace splot::graph::codec

#endif  // SPLOT_GRAPH_CODEC_H_
