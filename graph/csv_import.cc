#include "graph/csv_import.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "graph/bulk_loader.h"
#include "graph/csv.h"
#include "graph/store.h"

namespace splot::graph {

namespace {

enum class Role { kProperty, kId, kLabel, kIgnore, kStart, kEnd, kType };
enum class Kind { kString, kInt, kDouble, kBool };

struct Column {
  Role role = Role::kProperty;
  std::string name;  // property name ("" for unnamed roles)
  Kind kind = Kind::kString;
  bool array = false;
  std::string space;  // id space of :ID / :START_ID / :END_ID
  uint32_t prop_id = 0;
};

struct Header {
  std::vector<Column> cols;
  int id = -1, label = -1, start = -1, end = -1, type = -1;
};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

Result<Header> ParseHeader(const std::vector<std::string>& fields, bool edges,
                           const std::string& where) {
  Header h;
  bool neo4j = false;
  for (const auto& f : fields) neo4j |= f.find(':') != std::string::npos;
  for (size_t i = 0; i < fields.size(); ++i) {
    Column c;
    std::string f = fields[i];
    if (!neo4j) {
      std::string l = Lower(f);
      c.name = f;
      if (!edges && l == "id")
        c.role = Role::kId;
      else if (!edges && (l == "label" || l == "labels"))
        c.role = Role::kLabel;
      else if (edges && (l == "src" || l == "source" || l == "start" || l == "from"))
        c.role = Role::kStart;
      else if (edges && (l == "dst" || l == "target" || l == "end" || l == "to"))
        c.role = Role::kEnd;
      else if (edges && (l == "type" || l == "label"))
        c.role = Role::kType;
      if (c.role != Role::kProperty) c.name.clear();
    } else {
      size_t colon = f.rfind(':');
      std::string name = colon == std::string::npos ? f : f.substr(0, colon);
      std::string type = colon == std::string::npos ? "string" : f.substr(colon + 1);
      std::string space;
      size_t paren = type.find('(');
      if (paren != std::string::npos && type.back() == ')') {
        space = type.substr(paren + 1, type.size() - paren - 2);
        type = type.substr(0, paren);
      }
      std::string t = Lower(type);
      if (t.size() > 2 && t.substr(t.size() - 2) == "[]") {
        c.array = true;
        t = t.substr(0, t.size() - 2);
      }
      c.name = name;
      c.space = space;
      if (t == "id")
        c.role = Role::kId;
      else if (t == "label")
        c.role = Role::kLabel;
      else if (t == "ignore")
        c.role = Role::kIgnore;
      else if (t == "start_id")
        c.role = Role::kStart;
      else if (t == "end_id")
        c.role = Role::kEnd;
      else if (t == "type")
        c.role = Role::kType;
      else if (t == "int" || t == "long" || t == "short" || t == "byte")
        c.kind = Kind::kInt;
      else if (t == "float" || t == "double")
        c.kind = Kind::kDouble;
      else if (t == "boolean" || t == "bool")
        c.kind = Kind::kBool;
      else if (t == "string" || t == "char" || t == "date" || t == "datetime" ||
               t == "localdatetime" || t == "time" || t == "localtime" || t == "duration" ||
               t == "point")
        c.kind = Kind::kString;
      else
        return Status::InvalidArgument(where + ": unknown column type '" + type + "' in '" + f +
                                       "'");
      if (c.role == Role::kProperty && name.empty()) {
        return Status::InvalidArgument(where + ": column '" + f + "' has a type but no name");
      }
      // A named :ID column is also kept as a property, as Neo4j does.
      if (c.role != Role::kProperty && c.role != Role::kId) c.name.clear();
    }
    int idx = static_cast<int>(i);
    auto claim = [&](int* slot, const char* what) -> Status {
      if (*slot >= 0)
        return Status::InvalidArgument(where + ": the header has two " + what + " columns");
      *slot = idx;
      return Status::OK();
    };
    switch (c.role) {
      case Role::kId:
        SPLOT_RETURN_IF_ERROR(claim(&h.id, ":ID"));
        break;
      case Role::kLabel:
        SPLOT_RETURN_IF_ERROR(claim(&h.label, ":LABEL"));
        break;
      case Role::kStart:
        SPLOT_RETURN_IF_ERROR(claim(&h.start, ":START_ID"));
        break;
      case Role::kEnd:
        SPLOT_RETURN_IF_ERROR(claim(&h.end, ":END_ID"));
        break;
      case Role::kType:
        SPLOT_RETURN_IF_ERROR(claim(&h.type, ":TYPE"));
        break;
      default:
        break;
    }
    h.cols.push_back(std::move(c));
  }
  if (!edges && h.id < 0) {
    return Status::InvalidArgument(where + ": the nodes header has no :ID column (or plain 'id')");
  }
  if (edges && (h.start < 0 || h.end < 0)) {
    return Status::InvalidArgument(where +
                                   ": the edges header needs :START_ID and :END_ID columns "
                                   "(or plain 'src' and 'dst')");
  }
  if (edges && h.type < 0) {
    return Status::InvalidArgument(where +
                                   ": the edges header has no :TYPE column (or plain 'type')");
  }
  return h;
}

Status ParseScalar(std::string_view text, const Column& c, const std::string& where, Value* out) {
  switch (c.kind) {
    case Kind::kString:
      *out = Value(text);
      return Status::OK();
    case Kind::kInt: {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec != std::errc() || p != text.data() + text.size()) {
        return Status::InvalidArgument(where + ": column '" + c.name +
                                       "' expects an integer, got '" + std::string(text) + "'");
      }
      *out = Value(v);
      return Status::OK();
    }
    case Kind::kDouble: {
      std::string s(text);
      char* end = nullptr;
      errno = 0;
      double v = std::strtod(s.c_str(), &end);
      if (s.empty() || end != s.c_str() + s.size() || errno == ERANGE) {
        return Status::InvalidArgument(where + ": column '" + c.name + "' expects a number, got '" +
                                       s + "'");
      }
      *out = Value(v);
      return Status::OK();
    }
    case Kind::kBool: {
      std::string l = Lower(std::string(text));
      if (l != "true" && l != "false") {
        return Status::InvalidArgument(where + ": column '" + c.name +
                                       "' expects true or false, got '" + std::string(text) + "'");
      }
      *out = Value(l == "true");
      return Status::OK();
    }
  }
  return Status::OK();
}

Status ParseField(std::string_view text, const Column& c, char array_delim,
                  const std::string& where, Value* out) {
  if (!c.array) return ParseScalar(text, c, where, out);
  Value::List list;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(array_delim, start);
    if (end == std::string_view::npos) end = text.size();
    Value v;
    SPLOT_RETURN_IF_ERROR(ParseScalar(text.substr(start, end - start), c, where, &v));
    list.push_back(std::move(v));
    start = end + 1;
  }
  *out = Value(std::move(list));
  return Status::OK();
}

std::string NodeKeyOf(const Column& c, std::string_view value) {
  if (c.space.empty()) return std::string(value);
  std::string k = c.space;
  k.push_back(':');
  k.append(value);
  return k;
}

void SplitLabels(std::string_view text, std::vector<std::string>* out) {
  out->clear();
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) out->emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
}

// Node ids of an import, looked up once per edge end: an open-addressing
// table over keys packed in one arena, which keeps the lookups that dominate
// an edge import within a few cache lines.
class IdIndex {
 public:
  // Adds `key` unless present; returns false when it was already there.
  bool Insert(std::string_view key, NodeId id) {
    uint64_t n;
    if (Numeric(key, &n) && n < kDenseLimit) {
      if (n >= dense_.size()) dense_.resize(std::max<uint64_t>(n + 1, dense_.size() * 2), 0);
      if (dense_[n] != 0) return false;
      dense_[n] = id + 1;
      return true;
    }
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    uint64_t h = Hash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.len == kEmpty) {
        s = {h, arena_.size(), static_cast<uint32_t>(key.size()), id};
        arena_.append(key);
        ++size_;
        return true;
      }
      if (s.hash == h && Key(s) == key) return false;
    }
  }
  // The id of `key`, or nullptr.
  const NodeId* Find(std::string_view key) {
    uint64_t n;
    if (Numeric(key, &n) && n < kDenseLimit) {
      if (n >= dense_.size() || dense_[n] == 0) return nullptr;
      found_ = dense_[n] - 1;
      return &found_;
    }
    if (slots_.empty()) return nullptr;
    uint64_t h = Hash(key);
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.len == kEmpty) return nullptr;
      if (s.hash == h && Key(s) == key) return &s.id;
    }
  }
  bool Contains(std::string_view key) { return Find(key) != nullptr; }

 private:
  // Canonical decimal ids ("0", "17", not "017") below this go to a dense
  // array: the usual CSV ids then cost one array read per edge end.
  static constexpr uint64_t kDenseLimit = uint64_t{1} << 24;
  static constexpr uint32_t kEmpty = 0xffffffffu;
  static bool Numeric(std::string_view key, uint64_t* n) {
    if (key.empty() || key.size() > 9 || (key.size() > 1 && key[0] == '0')) return false;
    uint64_t v = 0;
    for (char c : key) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    *n = v;
    return true;
  }
  struct Slot {
    uint64_t hash = 0;
    uint64_t offset = 0;
    uint32_t len = kEmpty;
    NodeId id = 0;
  };
  static uint64_t Hash(std::string_view key) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h;
  }
  std::string_view Key(const Slot& s) const {
    return std::string_view(arena_).substr(s.offset, s.len);
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.len == kEmpty) continue;
      size_t i = s.hash & mask;
      while (slots_[i].len != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  std::string arena_;
  size_t size_ = 0;
  std::vector<NodeId> dense_;  // id + 1; 0 marks a free entry
  NodeId found_ = 0;
};

bool IsBlank(const std::vector<std::string>& fields) {
  return fields.size() == 1 && fields[0].empty();
}

// Reads the header, then calls fn(header, fields, where) for each data row.
template <typename Fn>
Status ForEachRow(const std::string& path, bool edges, const CsvImportOptions& options,
                  uint64_t* bytes_done, Header* header_out, Fn&& fn) {
  SPLOT_ASSIGN_OR_RETURN(auto reader, CsvReader::Open(path, options.delimiter));
  std::vector<std::string> fields;
  SPLOT_ASSIGN_OR_RETURN(bool has, reader->Next(&fields));
  if (!has) return Status::InvalidArgument(path + ":1: the file is empty (a header row is needed)");
  SPLOT_ASSIGN_OR_RETURN(Header header, ParseHeader(fields, edges, reader->Where()));
  *header_out = header;
  uint64_t base = *bytes_done;
  while (true) {
    SPLOT_ASSIGN_OR_RETURN(bool more, reader->Next(&fields));
    if (!more) break;
    if (IsBlank(fields)) continue;
    if (fields.size() != header.cols.size()) {
      return Status::InvalidArgument(reader->Where() + ": the row has " +
                                     std::to_string(fields.size()) + " fields but the header has " +
                                     std::to_string(header.cols.size()));
    }
    *bytes_done = base + reader->bytes_read();
    SPLOT_RETURN_IF_ERROR(fn(*header_out, fields, *reader));
  }
  *bytes_done = base + reader->bytes_read();
  return Status::OK();
}

uint64_t TotalBytes(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  uint64_t total = 0;
  for (const auto* files : {&a, &b}) {
    for (const auto& f : *files) {
      struct stat st;
      if (::stat(f.c_str(), &st) == 0) total += static_cast<uint64_t>(st.st_size);
    }
  }
  return total;
}

// Counts the line breaks of the files: a close upper bound on their rows,
// read at memory speed, used to size buffers once instead of growing them.
uint64_t CountLines(const std::vector<std::string>& files) {
  uint64_t lines = 0;
  std::vector<char> buf(1 << 20);
  for (const auto& path : files) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) continue;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
      for (const char* p = buf.data();
           (p = static_cast<const char*>(std::memchr(p, '\n', buf.data() + n - p))); ++p) {
        ++lines;
      }
    }
    std::fclose(f);
  }
  return lines;
}

// ---- the bulk path (empty store) -------------------------------------------

std::string EdgeFileMarker(const std::string& path) {
  struct stat st;
  std::string marker = "import:edges:" + path;
  if (::stat(path.c_str(), &st) == 0) {
    marker += "|" + std::to_string(st.st_size) + "|" + std::to_string(st.st_mtime);
  }
  return marker;
}

Result<ImportReport> BulkImport(GraphStore& store, const std::vector<std::string>& node_files,
                                const std::vector<std::string>& edge_files,
                                const CsvImportOptions& options) {
  ImportReport report;
  report.bulk = true;
  SPLOT_ASSIGN_OR_RETURN(auto loader, BulkLoader::Begin(&store));
  loader->Reserve(CountLines(node_files), CountLines(edge_files));
  IdIndex ids;
  ImportProgress progress;
  progress.bytes_total = TotalBytes(node_files, edge_files);
  auto tick = [&](uint64_t rows) {
    if (options.progress && (rows & 0xffff) == 0) options.progress(progress);
  };

  std::vector<LabelId> labels;
  std::vector<std::string> label_names;
  std::vector<std::pair<PropKeyId, Value>> props;
  std::unordered_map<std::string, LabelId> label_cache;
  std::unordered_map<std::string, uint64_t> label_counts;
  for (const auto& path : node_files) {
    Header header;
    bool interned = false;
    SPLOT_RETURN_IF_ERROR(ForEachRow(
        path, false, options, &progress.bytes_done, &header,
        [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
          if (!interned) {
            for (auto& c : h.cols) {
              if (!c.name.empty()) c.prop_id = loader->Intern(CatalogKind::kPropKey, c.name);
            }
            interned = true;
          }
          const std::string& raw_id = f[h.id];
          if (raw_id.empty())
            return Status::InvalidArgument(r.Where() + ": the :ID field is empty");
          labels.clear();
          if (h.label >= 0) {
            SplitLabels(f[h.label], &label_names);
            for (const auto& l : label_names) {
              auto it = label_cache.find(l);
              if (it == label_cache.end()) {
                it = label_cache.emplace(l, loader->Intern(CatalogKind::kLabel, l)).first;
              }
              if (std::find(labels.begin(), labels.end(), it->second) == labels.end()) {
                labels.push_back(it->second);
              }
              if (labels.size() == 1) label_counts[l]++;
            }
          }
          props.clear();
          for (size_t i = 0; i < h.cols.size(); ++i) {
            const Column& c = h.cols[i];
            if (c.name.empty() || f[i].empty()) continue;
            Value v;
            SPLOT_RETURN_IF_ERROR(ParseField(f[i], c, options.array_delimiter, r.Where(), &v));
            props.emplace_back(c.prop_id, std::move(v));
          }
          std::sort(props.begin(), props.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
          std::string key = NodeKeyOf(h.cols[h.id], raw_id);
          if (ids.Contains(key)) {
            return Status::InvalidArgument(r.Where() + ": duplicate node id '" + raw_id + "'");
          }
          SPLOT_ASSIGN_OR_RETURN(NodeId id, loader->AddNode(labels, key, props));
          ids.Insert(key, id);
          ++progress.nodes;
          tick(progress.nodes);
          return Status::OK();
        }));
  }

  std::string key_buf;
  std::vector<std::pair<std::string, TypeId>> type_cache;  // few types: a linear scan wins
  for (const auto& path : edge_files) {
    // Recorded with the load, so that running the same import again after
    // it landed does not add these edges a second time.
    loader->PutMeta(EdgeFileMarker(path), "0 done");
    Header header;
    bool interned = false;
    SPLOT_RETURN_IF_ERROR(ForEachRow(
        path, true, options, &progress.bytes_done, &header,
        [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
          if (!interned) {
            for (auto& c : h.cols) {
              if (!c.name.empty()) c.prop_id = loader->Intern(CatalogKind::kPropKey, c.name);
            }
            interned = true;
          }
          NodeId ends[2];
          int slots[2] = {h.start, h.end};
          for (int e = 0; e < 2; ++e) {
            const Column& c = h.cols[slots[e]];
            const std::string* k = &f[slots[e]];
            if (!c.space.empty()) {
              key_buf = NodeKeyOf(c, f[slots[e]]);
              k = &key_buf;
            }
            const NodeId* id = ids.Find(*k);
            if (!id) {
              return Status::InvalidArgument(r.Where() + ": " + (e == 0 ? ":START_ID" : ":END_ID") +
                                             " '" + f[slots[e]] +
                                             "' is not a node id in the imported files");
            }
            ends[e] = *id;
          }
          const std::string& type = f[h.type];
          if (type.empty())
            return Status::InvalidArgument(r.Where() + ": the :TYPE field is empty");
          auto tc = std::find_if(type_cache.begin(), type_cache.end(),
                                 [&](const auto& p) { return p.first == type; });
          if (tc == type_cache.end()) {
            type_cache.emplace_back(type, loader->Intern(CatalogKind::kType, type));
            tc = type_cache.end() - 1;
          }
          props.clear();
          for (size_t i = 0; i < h.cols.size(); ++i) {
            const Column& c = h.cols[i];
            if (c.name.empty() || f[i].empty()) continue;
            Value v;
            SPLOT_RETURN_IF_ERROR(ParseField(f[i], c, options.array_delimiter, r.Where(), &v));
            props.emplace_back(c.prop_id, std::move(v));
          }
          std::sort(props.begin(), props.end(),
                    [](const auto& a, const auto& b) { return a.first < b.first; });
          SPLOT_RETURN_IF_ERROR(loader->AddEdge(ends[0], tc->second, ends[1], props).status());
          ++progress.edges;
          tick(progress.nodes + progress.edges);
          return Status::OK();
        }));
  }
  if (options.progress) options.progress(progress);
  report.nodes_created = loader->nodes();
  report.edges_created = loader->edges();
  for (const auto& [type, id] : type_cache) report.edges_by_type[type] = loader->edges_of_type(id);
  for (auto& [l, n] : label_counts) report.nodes_by_label[l] = n;
  SPLOT_RETURN_IF_ERROR(loader->Finish());
  return report;
}

// ---- the transactional path (store with data) --------------------------------

Result<ImportReport> BatchedImport(GraphStore& store, const std::vector<std::string>& node_files,
                                   const std::vector<std::string>& edge_files,
                                   const CsvImportOptions& options) {
  ImportReport report;
  // Pass 1: validate everything before writing anything.
  IdIndex keys;
  {
    uint64_t bytes = 0;
    auto txn = store.BeginRead();
    for (const auto& path : node_files) {
      Header header;
      SPLOT_RETURN_IF_ERROR(ForEachRow(
          path, false, options, &bytes, &header,
          [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
            if (f[h.id].empty())
              return Status::InvalidArgument(r.Where() + ": the :ID field is empty");
            if (!keys.Insert(NodeKeyOf(h.cols[h.id], f[h.id]), 0)) {
              return Status::InvalidArgument(r.Where() + ": duplicate node id '" + f[h.id] + "'");
            }
            for (size_t i = 0; i < h.cols.size(); ++i) {
              if (h.cols[i].name.empty() || f[i].empty()) continue;
              Value v;
              SPLOT_RETURN_IF_ERROR(
                  ParseField(f[i], h.cols[i], options.array_delimiter, r.Where(), &v));
            }
            return Status::OK();
          }));
    }
    for (const auto& path : edge_files) {
      Header header;
      SPLOT_RETURN_IF_ERROR(ForEachRow(
          path, true, options, &bytes, &header,
          [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
            for (int slot : {h.start, h.end}) {
              std::string k = NodeKeyOf(h.cols[slot], f[slot]);
              if (keys.Contains(k)) continue;
              SPLOT_ASSIGN_OR_RETURN(auto found, txn->FindByKey(k));
              if (!found) {
                return Status::InvalidArgument(
                    r.Where() + ": " + (slot == h.start ? ":START_ID" : ":END_ID") + " '" +
                    f[slot] + "' is not a node id in the files or the store");
              }
            }
            if (f[h.type].empty())
              return Status::InvalidArgument(r.Where() + ": the :TYPE field is empty");
            for (size_t i = 0; i < h.cols.size(); ++i) {
              if (h.cols[i].name.empty() || f[i].empty()) continue;
              Value v;
              SPLOT_RETURN_IF_ERROR(
                  ParseField(f[i], h.cols[i], options.array_delimiter, r.Where(), &v));
            }
            return Status::OK();
          }));
    }
  }

  // Pass 2: write in batches.
  ImportProgress progress;
  progress.bytes_total = TotalBytes(node_files, edge_files);
  std::unique_ptr<Transaction> txn;
  size_t rows_in_batch = 0;
  auto begin = [&]() -> Status {
    if (txn) return Status::OK();
    SPLOT_ASSIGN_OR_RETURN(txn, store.BeginWrite());
    return Status::OK();
  };
  auto flush = [&]() -> Status {
    if (!txn) return Status::OK();
    SPLOT_RETURN_IF_ERROR(txn->Commit());
    txn.reset();
    rows_in_batch = 0;
    if (options.progress) options.progress(progress);
    return Status::OK();
  };
  std::vector<std::string> labels;
  for (const auto& path : node_files) {
    Header header;
    SPLOT_RETURN_IF_ERROR(
        ForEachRow(path, false, options, &progress.bytes_done, &header,
                   [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
                     SPLOT_RETURN_IF_ERROR(begin());
                     Properties props;
                     for (size_t i = 0; i < h.cols.size(); ++i) {
                       if (h.cols[i].name.empty() || f[i].empty()) continue;
                       Value v;
                       SPLOT_RETURN_IF_ERROR(
                           ParseField(f[i], h.cols[i], options.array_delimiter, r.Where(), &v));
                       props[h.cols[i].name] = std::move(v);
                     }
                     labels.clear();
                     if (h.label >= 0) SplitLabels(f[h.label], &labels);
                     std::string key = NodeKeyOf(h.cols[h.id], f[h.id]);
                     SPLOT_ASSIGN_OR_RETURN(auto existing, txn->FindByKey(key));
                     SPLOT_RETURN_IF_ERROR(txn->UpsertNode(key, labels, props).status());
                     if (existing) {
                       report.nodes_merged++;
                     } else {
                       report.nodes_created++;
                       if (!labels.empty()) report.nodes_by_label[labels[0]]++;
                     }
                     ++progress.nodes;
                     if (++rows_in_batch >= options.batch_rows) return flush();
                     return Status::OK();
                   }));
  }
  SPLOT_RETURN_IF_ERROR(flush());

  for (const auto& path : edge_files) {
    std::string marker = EdgeFileMarker(path);
    uint64_t done_rows = 0;
    {
      auto read = store.BeginRead();
      SPLOT_ASSIGN_OR_RETURN(auto mark, read->GetMeta(marker));
      if (mark) done_rows = std::strtoull(mark->c_str(), nullptr, 10);
      if (mark && mark->find("done") != std::string::npos) {
        report.edge_files_skipped++;
        continue;
      }
    }
    uint64_t row = 0;
    Header header;
    SPLOT_RETURN_IF_ERROR(ForEachRow(
        path, true, options, &progress.bytes_done, &header,
        [&](Header& h, const std::vector<std::string>& f, const CsvReader& r) -> Status {
          if (row++ < done_rows) return Status::OK();
          SPLOT_RETURN_IF_ERROR(begin());
          NodeId ends[2];
          int slots[2] = {h.start, h.end};
          for (int e = 0; e < 2; ++e) {
            SPLOT_ASSIGN_OR_RETURN(auto id,
                                   txn->FindByKey(NodeKeyOf(h.cols[slots[e]], f[slots[e]])));
            if (!id) return Status::Internal(r.Where() + ": endpoint vanished during import");
            ends[e] = *id;
          }
          Properties props;
          for (size_t i = 0; i < h.cols.size(); ++i) {
            if (h.cols[i].name.empty() || f[i].empty()) continue;
            Value v;
            SPLOT_RETURN_IF_ERROR(
                ParseField(f[i], h.cols[i], options.array_delimiter, r.Where(), &v));
            props[h.cols[i].name] = std::move(v);
          }
          SPLOT_RETURN_IF_ERROR(txn->CreateEdge(ends[0], f[h.type], ends[1], props).status());
          report.edges_created++;
          report.edges_by_type[f[h.type]]++;
          ++progress.edges;
          if (++rows_in_batch >= options.batch_rows) {
            SPLOT_RETURN_IF_ERROR(txn->PutMeta(marker, std::to_string(row)));
            return flush();
          }
          return Status::OK();
        }));
    SPLOT_RETURN_IF_ERROR(begin());
    SPLOT_RETURN_IF_ERROR(txn->PutMeta(marker, std::to_string(row) + " done"));
    SPLOT_RETURN_IF_ERROR(flush());
  }
  return report;
}

}  // namespace

Result<ImportReport> ImportCsv(GraphStore& store, const std::vector<std::string>& node_files,
                               const std::vector<std::string>& edge_files,
                               const CsvImportOptions& options) {
  if (store.read_only()) return Status::InvalidArgument("the store is open read-only");
  if (node_files.empty() && edge_files.empty()) {
    return Status::InvalidArgument("nothing to import: give --nodes and/or --edges files");
  }
  if (store.NodeCount() == 0 && store.EdgeCount() == 0) {
    return BulkImport(store, node_files, edge_files, options);
  }
  return BatchedImport(store, node_files, edge_files, options);
}

}  // namespace splot::graph
