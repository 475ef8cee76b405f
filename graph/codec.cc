#include "graph/codec.h"

#include <cstring>

namespace splot::graph::codec {

namespace {
constexpr uint8_t kRecordFormat = 1;
constexpr int kMaxValueDepth = 64;
}  // namespace

void PutU32BE(std::string* out, uint32_t v) {
  char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
               static_cast<char>(v)};
  out->append(b, 4);
}

void PutU64BE(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(b, 8);
}

uint32_t GetU32BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

uint64_t GetU64BE(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | u[i];
  return v;
}

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view in, size_t* pos, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && *pos < in.size(); shift += 7) {
    auto byte = static_cast<unsigned char>(in[(*pos)++]);
    result |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

std::string NodeKey(NodeId id) {
  std::string k;
  PutU64BE(&k, id);
  return k;
}

std::string EdgeKey(EdgeId id) { return NodeKey(id); }

std::string AdjKey(NodeId node, TypeId type, NodeId neighbor, EdgeId edge) {
  std::string k;
  k.reserve(kAdjKeySize);
  PutU64BE(&k, node);
  PutU32BE(&k, type);
  PutU64BE(&k, neighbor);
  PutU64BE(&k, edge);
  return k;
}

std::string AdjPrefix(NodeId node) { return NodeKey(node); }

std::string AdjPrefix(NodeId node, TypeId type) {
  std::string k = NodeKey(node);
  PutU32BE(&k, type);
  return k;
}

std::string AdjPrefix(NodeId node, TypeId type, NodeId neighbor) {
  std::string k = AdjPrefix(node, type);
  PutU64BE(&k, neighbor);
  return k;
}

void DecodeAdjKey(std::string_view key, NodeId* node, TypeId* type, NodeId* neighbor,
                  EdgeId* edge) {
  const char* p = key.data();
  *node = GetU64BE(p);
  *type = GetU32BE(p + 8);
  *neighbor = GetU64BE(p + 12);
  *edge = GetU64BE(p + 20);
}

std::string LabelIndexKey(LabelId label, NodeId node) {
  std::string k;
  PutU32BE(&k, label);
  PutU64BE(&k, node);
  return k;
}

std::string LabelIndexPrefix(LabelId label) {
  std::string k;
  PutU32BE(&k, label);
  return k;
}

std::string NameIndexKey(char kind, std::string_view folded, NodeId node) {
  std::string k = NameIndexPrefix(kind, folded);
  PutU64BE(&k, node);
  return k;
}

std::string NameIndexPrefix(char kind, std::string_view folded) {
  std::string k;
  k.reserve(folded.size() + 10);
  k.push_back(kind);
  k.append(folded);
  k.push_back('\0');
  return k;
}

NodeId NameIndexNode(std::string_view key) { return GetU64BE(key.data() + key.size() - 8); }

std::string PrefixSuccessor(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    auto& c = reinterpret_cast<unsigned char&>(s.back());
    if (c != 0xff) {
      ++c;
      return s;
    }
    s.pop_back();
  }
  return s;
}

void EncodeValue(std::string* out, const Value& v) {
  out->push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case Value::Type::kNull:
      break;
    case Value::Type::kBool:
      out->push_back(v.as_bool() ? 1 : 0);
      break;
    case Value::Type::kInt: {
      // zig-zag keeps small negative numbers short
      int64_t i = v.as_int();
      PutVarint(out, (static_cast<uint64_t>(i) << 1) ^ static_cast<uint64_t>(i >> 63));
      break;
    }
    case Value::Type::kDouble: {
      uint64_t bits;
      double d = v.as_double();
      std::memcpy(&bits, &d, 8);
      PutU64BE(out, bits);
      break;
    }
    case Value::Type::kString:
      PutVarint(out, v.as_string().size());
      out->append(v.as_string());
      break;
    case Value::Type::kList:
      PutVarint(out, v.as_list().size());
      for (const Value& e : v.as_list()) EncodeValue(out, e);
      break;
    case Value::Type::kTemporal:
      out->push_back(static_cast<char>(v.as_temporal().kind));
      PutVarint(out, v.as_temporal().text.size());
      out->append(v.as_temporal().text);
      break;
  }
}

bool DecodeValue(std::string_view in, size_t* pos, Value* v, int depth) {
  if (*pos >= in.size() || depth > kMaxValueDepth) return false;
  auto tag = static_cast<Value::Type>(in[(*pos)++]);
  switch (tag) {
    case Value::Type::kNull:
      *v = Value();
      return true;
    case Value::Type::kBool:
      if (*pos >= in.size()) return false;
      *v = Value(in[(*pos)++] != 0);
      return true;
    case Value::Type::kInt: {
      uint64_t z;
      if (!GetVarint(in, pos, &z)) return false;
      *v = Value(static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1)));
      return true;
    }
    case Value::Type::kDouble: {
      if (*pos + 8 > in.size()) return false;
      uint64_t bits = GetU64BE(in.data() + *pos);
      *pos += 8;
      double d;
      std::memcpy(&d, &bits, 8);
      *v = Value(d);
      return true;
    }
    case Value::Type::kString: {
      uint64_t len;
      if (!GetVarint(in, pos, &len) || len > in.size() - *pos) return false;
      *v = Value(std::string(in.substr(*pos, len)));
      *pos += len;
      return true;
    }
    case Value::Type::kList: {
      uint64_t n;
      if (!GetVarint(in, pos, &n) || n > in.size() - *pos) return false;
      Value::List list;
      list.reserve(n);
      for (uint64_t i = 0; i < n; ++i) {
        Value e;
        if (!DecodeValue(in, pos, &e, depth + 1)) return false;
        list.push_back(std::move(e));
      }
      *v = Value(std::move(list));
      return true;
    }
    case Value::Type::kTemporal: {
      if (*pos >= in.size()) return false;
      Value::Temporal t;
      t.kind = static_cast<uint8_t>(in[(*pos)++]);
      uint64_t len;
      if (!GetVarint(in, pos, &len) || len > in.size() - *pos) return false;
      t.text = std::string(in.substr(*pos, len));
      *pos += len;
      *v = Value(std::move(t));
      return true;
    }
  }
  return false;
}

namespace {

void EncodeProps(std::string* out, const std::vector<std::pair<PropKeyId, Value>>& props) {
  PutVarint(out, props.size());
  for (const auto& [key, value] : props) {
    PutVarint(out, key);
    EncodeValue(out, value);
  }
}

bool DecodeProps(std::string_view in, size_t* pos,
                 std::vector<std::pair<PropKeyId, Value>>* props) {
  uint64_t n;
  if (!GetVarint(in, pos, &n) || n > in.size()) return false;
  props->clear();
  props->reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t key;
    Value v;
    if (!GetVarint(in, pos, &key) || !DecodeValue(in, pos, &v)) return false;
    props->emplace_back(static_cast<PropKeyId>(key), std::move(v));
  }
  return true;
}

}  // namespace

std::string EncodeNode(const NodeRecord& r) {
  std::string out;
  out.push_back(static_cast<char>(kRecordFormat));
  PutVarint(&out, r.labels.size());
  for (LabelId l : r.labels) PutVarint(&out, l);
  PutVarint(&out, r.key.size());
  out.append(r.key);
  EncodeProps(&out, r.props);
  return out;
}

Status DecodeNode(std::string_view in, NodeRecord* r) {
  size_t pos = 0;
  if (in.empty() || static_cast<uint8_t>(in[0]) != kRecordFormat) {
    return Status::Corruption("node record has an unknown format byte");
  }
  pos = 1;
  uint64_t n, len;
  if (!GetVarint(in, &pos, &n) || n > in.size())
    return Status::Corruption("node record: bad label count");
  r->labels.resize(n);
  for (auto& l : r->labels) {
    uint64_t id;
    if (!GetVarint(in, &pos, &id)) return Status::Corruption("node record: truncated labels");
    l = static_cast<LabelId>(id);
  }
  if (!GetVarint(in, &pos, &len) || len > in.size() - pos) {
    return Status::Corruption("node record: bad key length");
  }
  r->key.assign(in.substr(pos, len));
  pos += len;
  if (!DecodeProps(in, &pos, &r->props)) return Status::Corruption("node record: bad properties");
  return Status::OK();
}

std::string EncodeEdge(const EdgeRecord& r) {
  std::string out;
  out.push_back(static_cast<char>(kRecordFormat));
  PutU64BE(&out, r.src);
  PutU64BE(&out, r.dst);
  PutVarint(&out, r.type);
  EncodeProps(&out, r.props);
  return out;
}

Status DecodeEdgeHeader(std::string_view in, NodeId* src, NodeId* dst, TypeId* type) {
  if (in.size() < 18 || static_cast<uint8_t>(in[0]) != kRecordFormat) {
    return Status::Corruption("edge record is truncated or has an unknown format byte");
  }
  *src = GetU64BE(in.data() + 1);
  *dst = GetU64BE(in.data() + 9);
  size_t pos = 17;
  uint64_t t;
  if (!GetVarint(in, &pos, &t)) return Status::Corruption("edge record: bad type");
  *type = static_cast<TypeId>(t);
  return Status::OK();
}

Status DecodeEdge(std::string_view in, EdgeRecord* r) {
  SPLOT_RETURN_IF_ERROR(DecodeEdgeHeader(in, &r->src, &r->dst, &r->type));
  size_t pos = 17;
  uint64_t t;
  GetVarint(in, &pos, &t);
  if (!DecodeProps(in, &pos, &r->props)) return Status::Corruption("edge record: bad properties");
  return Status::OK();
}

}  // namespace splot::graph::codec
