#include "ingest/graph_writer.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "ingest/sha256.h"

namespace splot::ingest {
namespace {

namespace fs = std::filesystem;
using graph::GraphStore;
using graph::NodeId;
using graph::Properties;
using graph::Transaction;
using graph::Value;

constexpr char kRegistryPrefix[] = "ingest:doc:";
constexpr char kContribPrefix[] = "ingest:contrib:";
constexpr char kCitesPrefix[] = "ingest:cites:";
constexpr char kSeparator = '\x1f';  // between the two keys of a contribution entry

std::string RegistryKey(const std::string& canonical) { return kRegistryPrefix + canonical; }
std::string ContribKey(const std::string& entity, const std::string& doc_key) {
  return kContribPrefix + entity + kSeparator + doc_key;
}
std::string CitesKey(const std::string& source, const std::string& doc_key) {
  return kCitesPrefix + source + kSeparator + doc_key;
}

std::string DocumentNodeKey(const std::string& canonical) { return "document:" + canonical; }

std::string SourceKey(const Citation& c) {
  const std::string identity = !c.url.empty() ? c.url : c.title + "|" + c.year;
  return "source:" + Sha256Hex(identity).substr(0, 16);
}

// ---- JSON of the registry and contribution entries --------------------------

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

void WriteStrings(JsonWriter* w, const char* name, const std::vector<std::string>& values) {
  w->Key(name);
  w->StartArray();
  for (const std::string& v : values)
    w->String(v.c_str(), static_cast<rapidjson::SizeType>(v.size()));
  w->EndArray();
}

std::string EncodeRegistry(const RegisteredDocument& r) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("path");
  w.String(r.path.c_str());
  w.Key("canonical");
  w.String(r.canonical.c_str());
  w.Key("id");
  w.String(r.id.c_str());
  w.Key("sha256");
  w.String(r.sha256.c_str());
  w.Key("node");
  w.String(r.node_key.c_str());
  w.Key("ingested_at");
  w.String(r.ingested_at.c_str());
  w.Key("edges");
  w.StartArray();
  for (uint64_t e : r.edges) w.Uint64(e);
  w.EndArray();
  WriteStrings(&w, "entities", r.entities);
  WriteStrings(&w, "sources", r.sources);
  w.EndObject();
  return buffer.GetString();
}

std::vector<std::string> ReadStrings(const rapidjson::Value& obj, const char* name) {
  std::vector<std::string> out;
  if (obj.HasMember(name) && obj[name].IsArray()) {
    for (const auto& v : obj[name].GetArray()) {
      if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  return out;
}

std::string ReadString(const rapidjson::Value& obj, const char* name) {
  if (obj.HasMember(name) && obj[name].IsString()) {
    return std::string(obj[name].GetString(), obj[name].GetStringLength());
  }
  return "";
}

Result<RegisteredDocument> DecodeRegistry(std::string_view json, std::string_view key) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::Corruption("registry entry '" + std::string(key) + "' is not valid JSON");
  }
  RegisteredDocument r;
  r.path = ReadString(doc, "path");
  r.canonical = ReadString(doc, "canonical");
  r.id = ReadString(doc, "id");
  r.sha256 = ReadString(doc, "sha256");
  r.node_key = ReadString(doc, "node");
  r.ingested_at = ReadString(doc, "ingested_at");
  if (doc.HasMember("edges") && doc["edges"].IsArray()) {
    for (const auto& e : doc["edges"].GetArray()) {
      if (e.IsUint64()) r.edges.push_back(e.GetUint64());
    }
  }
  r.entities = ReadStrings(doc, "entities");
  r.sources = ReadStrings(doc, "sources");
  return r;
}

// What one document says about one entity.
struct Contribution {
  std::string doc_id;
  std::vector<std::string> aliases;
  std::vector<int64_t> lines;
};

std::string EncodeContribution(const Contribution& c) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("doc");
  w.String(c.doc_id.c_str());
  WriteStrings(&w, "aliases", c.aliases);
  w.Key("lines");
  w.StartArray();
  for (int64_t l : c.lines) w.Int64(l);
  w.EndArray();
  w.EndObject();
  return buffer.GetString();
}

Contribution DecodeContribution(std::string_view json) {
  Contribution c;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError() || !doc.IsObject()) return c;
  c.doc_id = ReadString(doc, "doc");
  c.aliases = ReadStrings(doc, "aliases");
  if (doc.HasMember("lines") && doc["lines"].IsArray()) {
    for (const auto& l : doc["lines"].GetArray()) {
      if (l.IsInt64()) c.lines.push_back(l.GetInt64());
    }
  }
  return c;
}

Value StringList(const std::vector<std::string>& values) {
  Value::List list;
  list.reserve(values.size());
  for (const std::string& v : values) list.emplace_back(v);
  return Value(std::move(list));
}

Value StringList(std::vector<std::string>&& values) {
  Value::List list;
  list.reserve(values.size());
  for (std::string& v : values) list.emplace_back(std::move(v));
  return Value(std::move(list));
}

Value IntList(const std::vector<int64_t>& values) {
  Value::List list;
  list.reserve(values.size());
  for (int64_t v : values) list.emplace_back(v);
  return Value(std::move(list));
}

template <typename T>
void AddUnique(std::vector<T>* into, const T& value) {
  if (std::find(into->begin(), into->end(), value) == into->end()) into->push_back(value);
}

// ---- taking back a previous version -----------------------------------------

// Recomputes an entity's aliases, lines and documents from the documents
// that still mention it, or deletes it when none does.
Status RefreshEntity(Transaction* txn, const std::string& key, WriteReport* report) {
  SPLOT_ASSIGN_OR_RETURN(std::optional<NodeId> id, txn->FindByKey(key));
  if (!id) return Status::OK();
  std::vector<std::string> aliases, docs;
  std::vector<int64_t> lines;
  bool any = false;
  SPLOT_RETURN_IF_ERROR(txn->ScanMeta(kContribPrefix + key + kSeparator,
                                      [&](std::string_view, std::string_view value) {
                                        any = true;
                                        Contribution c = DecodeContribution(value);
                                        for (const auto& a : c.aliases) AddUnique(&aliases, a);
                                        for (int64_t l : c.lines) AddUnique(&lines, l);
                                        AddUnique(&docs, c.doc_id);
                                        return true;
                                      }));
  if (!any) {
    SPLOT_RETURN_IF_ERROR(txn->DeleteNode(*id, /*detach=*/true));
    ++report->removed_nodes;
    return Status::OK();
  }
  std::sort(lines.begin(), lines.end());
  SPLOT_RETURN_IF_ERROR(txn->SetNodeProperty(*id, "aliases", StringList(aliases)));
  SPLOT_RETURN_IF_ERROR(txn->SetNodeProperty(*id, "lines", IntList(lines)));
  SPLOT_RETURN_IF_ERROR(txn->SetNodeProperty(*id, "docs", StringList(docs)));
  return Status::OK();
}

Status TakeBack(Transaction* txn, const RegisteredDocument& old, WriteReport* report) {
  for (uint64_t edge : old.edges) {
    Status s = txn->DeleteEdge(edge);
    if (s.ok()) {
      ++report->removed_edges;
    } else if (!s.IsNotFound()) {
      return s;
    }
  }
  for (const std::string& key : old.entities) {
    SPLOT_RETURN_IF_ERROR(txn->DeleteMeta(ContribKey(key, old.node_key)));
    SPLOT_RETURN_IF_ERROR(RefreshEntity(txn, key, report));
  }
  for (const std::string& key : old.sources) {
    SPLOT_RETURN_IF_ERROR(txn->DeleteMeta(CitesKey(key, old.node_key)));
    bool cited = false;
    SPLOT_RETURN_IF_ERROR(
        txn->ScanMeta(kCitesPrefix + key + kSeparator, [&](std::string_view, std::string_view) {
          cited = true;
          return false;
        }));
    if (cited) continue;
    SPLOT_ASSIGN_OR_RETURN(std::optional<NodeId> id, txn->FindByKey(key));
    if (id) {
      SPLOT_RETURN_IF_ERROR(txn->DeleteNode(*id, /*detach=*/true));
      ++report->removed_nodes;
    }
  }
  return Status::OK();
}

// ---- writing -----------------------------------------------------------------

// Facts identical but for their sentence merge into one edge.
struct RelationGroup {
  const RelationFact* first = nullptr;
  std::string source_key, target_key;
  std::string agreement;  // of the fact, or of the same fact found by another rule
  std::vector<int64_t> lines;
  std::vector<std::string> evidence;
  std::vector<std::string> rules;
  std::vector<std::string> sources;  // Source keys
  double confidence = 0;
  const Citation* citation = nullptr;
};

std::string FormatAmount(double amount) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", amount);
  return buf;
}

}  // namespace

std::string CanonicalDocumentPath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return path;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal().string() : canonical.string();
}

Result<WriteReport> WriteDocumentFacts(GraphStore* store, const DocumentFacts& facts,
                                       const WriterOptions& options) {
  const DocumentInfo& info = facts.document;
  if (info.path.empty()) return Status::InvalidArgument("document facts without a path");
  if (info.sha256.empty()) {
    return Status::InvalidArgument(info.path + ": document facts without a SHA-256");
  }
  const std::string canonical = CanonicalDocumentPath(info.path);
  const std::string doc_key = DocumentNodeKey(canonical);
  const std::string doc_id = info.id.empty() ? info.sha256 : info.id;

  SPLOT_ASSIGN_OR_RETURN(auto txn, store->BeginWrite());
  WriteReport report;
  report.document_key = doc_key;

  SPLOT_ASSIGN_OR_RETURN(std::optional<std::string> existing, txn->GetMeta(RegistryKey(canonical)));
  if (existing) {
    SPLOT_ASSIGN_OR_RETURN(RegisteredDocument old, DecodeRegistry(*existing, canonical));
    if (old.sha256 == info.sha256) {
      txn->Rollback();
      report.outcome = WriteReport::Outcome::kUnchanged;
      return report;
    }
    SPLOT_RETURN_IF_ERROR(TakeBack(txn.get(), old, &report));
    report.outcome = WriteReport::Outcome::kReplaced;
  }

  RegisteredDocument entry;
  entry.path = info.path;
  entry.canonical = canonical;
  entry.id = doc_id;
  entry.sha256 = info.sha256;
  entry.node_key = doc_key;
  entry.ingested_at = info.ingested_at;

  // The document.
  Properties doc_props = {
      {"path", info.path},
      {"name", info.title.empty() ? fs::path(info.path).filename().string() : info.title},
      {"title", info.title},
      {"sha256", info.sha256},
      {"id", doc_id},
      {"size", static_cast<int64_t>(info.size)},
      {"encoding", info.encoding},
      {"ingested_at", info.ingested_at}};
  SPLOT_ASSIGN_OR_RETURN(NodeId doc_node, txn->UpsertNode(doc_key, {"Document"}, doc_props));
  SPLOT_RETURN_IF_ERROR(txn->ReplaceNodeProperties(doc_node, doc_props));

  // Cited sources.
  std::map<std::string, NodeId> sources;
  auto write_source = [&](const Citation& c) -> Result<std::string> {
    const std::string key = SourceKey(c);
    if (sources.count(key)) return key;
    Properties props = {{"name", c.title.empty() ? c.url : c.title}, {"title", c.title}};
    if (!c.year.empty()) props["year"] = c.year;
    if (!c.url.empty()) props["url"] = c.url;
    SPLOT_ASSIGN_OR_RETURN(NodeId node, txn->UpsertNode(key, {"Source"}, props));
    SPLOT_RETURN_IF_ERROR(txn->PutMeta(CitesKey(key, doc_key), ""));
    SPLOT_ASSIGN_OR_RETURN(graph::EdgeId edge,
                           txn->UpsertEdge(doc_node, "CITES", node, {{"doc", doc_id}}, {"doc"}));
    entry.edges.push_back(edge);
    entry.sources.push_back(key);
    sources[key] = node;
    ++report.sources;
    return key;
  };
  for (const Citation& c : facts.citations) {
    SPLOT_ASSIGN_OR_RETURN(std::string key, write_source(c));
    (void)key;
  }

  // Entities, merged by key within the document first.
  std::map<std::string, EntityFact> entities;
  for (const EntityFact& e : facts.entities) {
    if (e.key.empty()) return Status::InvalidArgument(info.path + ": an entity without a key");
    auto [it, inserted] = entities.emplace(e.key, e);
    if (inserted) continue;
    for (const std::string& a : e.aliases) AddUnique(&it->second.aliases, a);
    for (int l : e.lines) AddUnique(&it->second.lines, l);
    it->second.confidence = std::max(it->second.confidence, e.confidence);
  }
  std::map<std::string, NodeId> nodes;
  for (const auto& [key, e] : entities) {
    Contribution c;
    c.doc_id = doc_id;
    c.aliases = e.aliases;
    for (int l : e.lines) c.lines.push_back(l);
    std::sort(c.lines.begin(), c.lines.end());
    Properties props = {{"name", e.name},
                        {"aliases", StringList(c.aliases)},
                        {"lines", IntList(c.lines)},
                        {"docs", StringList({doc_id})}};
    if (!e.name_en.empty()) props["name_en"] = e.name_en;
    if (!e.name_ru.empty()) props["name_ru"] = e.name_ru;
    if (!e.country.empty()) props["country"] = e.country;
    std::vector<std::string> labels;
    if (!e.label.empty()) labels.push_back(e.label);
    // Lists are unioned with what other documents said; lines stay sorted.
    SPLOT_ASSIGN_OR_RETURN(NodeId node, txn->UpsertNode(key, labels, props, "lines"));
    SPLOT_RETURN_IF_ERROR(txn->PutMeta(ContribKey(key, doc_key), EncodeContribution(c)));
    entry.entities.push_back(key);
    nodes[key] = node;
    ++report.entities;
  }

  // Relations: identical facts merge; symmetric types ignore direction.
  auto node_of = [&](const std::string& key) -> Result<NodeId> {
    auto it = nodes.find(key);
    if (it != nodes.end()) return it->second;
    SPLOT_ASSIGN_OR_RETURN(std::optional<NodeId> id, txn->FindByKey(key));
    if (!id) {
      return Status::InvalidArgument(info.path + ": a relation names the entity '" + key +
                                     "', which is neither among the document's entities nor "
                                     "in the graph");
    }
    nodes[key] = *id;
    return *id;
  };
  const std::set<std::string> symmetric(options.symmetric_types.begin(),
                                        options.symmetric_types.end());
  std::unordered_map<std::string, RelationGroup> groups;
  std::vector<RelationGroup*> order;  // elements of `groups` stay where they are
  // The same fact found by two rules, one of which saw the agreement it
  // belongs to, is one fact of that agreement.
  auto fact_without_agreement = [&](const RelationFact& r, const std::string& a,
                                    const std::string& b) {
    return r.type + kSeparator + a + kSeparator + b + kSeparator + r.date + kSeparator + r.status +
           kSeparator + r.goods + kSeparator + (r.amount ? FormatAmount(*r.amount) : "") +
           kSeparator + r.currency + kSeparator + r.title;
  };
  std::unordered_map<std::string, std::string> agreement_of;
  for (const RelationFact& r : facts.relations) {
    if (r.agreement.empty()) continue;
    std::string a = r.source_key, b = r.target_key;
    if (symmetric.count(r.type) && b < a) std::swap(a, b);
    agreement_of.try_emplace(fact_without_agreement(r, a, b), r.agreement);
  }
  for (const RelationFact& r : facts.relations) {
    std::string a = r.source_key, b = r.target_key;
    if (symmetric.count(r.type) && b < a) std::swap(a, b);
    const std::string fact = fact_without_agreement(r, a, b);
    std::string agreement = r.agreement;
    if (agreement.empty()) {
      auto known = agreement_of.find(fact);
      if (known != agreement_of.end()) agreement = known->second;
    }
    const std::string identity = agreement + kSeparator + fact;
    auto [it, inserted] = groups.try_emplace(identity);
    RelationGroup& g = it->second;
    if (inserted) {
      g.first = &r;
      g.agreement = agreement;
      g.source_key = a;
      g.target_key = b;
      order.push_back(&g);
    }
    if (r.line > 0) AddUnique(&g.lines, static_cast<int64_t>(r.line));
    if (!r.evidence.empty()) AddUnique(&g.evidence, r.evidence);
    if (!r.rule.empty()) AddUnique(&g.rules, r.rule);
    g.confidence = std::max(g.confidence, r.confidence);
    if (r.source) {
      SPLOT_ASSIGN_OR_RETURN(std::string key, write_source(*r.source));
      AddUnique(&g.sources, key);
      if (!g.citation) g.citation = &*r.source;
    }
  }
  for (RelationGroup* group : order) {
    RelationGroup& g = *group;
    const RelationFact& r = *g.first;
    SPLOT_ASSIGN_OR_RETURN(NodeId src, node_of(g.source_key));
    SPLOT_ASSIGN_OR_RETURN(NodeId dst, node_of(g.target_key));
    std::sort(g.lines.begin(), g.lines.end());
    Properties props;
    props.emplace("doc", doc_id);
    props.emplace("lines", IntList(g.lines));
    props.emplace("evidence", StringList(std::move(g.evidence)));
    props.emplace("confidence", g.confidence);
    if (!g.lines.empty()) props["line"] = g.lines.front();
    if (!g.rules.empty()) {
      props["rule"] = g.rules.front();
      props["rules"] = StringList(g.rules);
    }
    if (!g.agreement.empty()) props["agreement"] = g.agreement;
    if (!r.title.empty()) props["title"] = r.title;
    if (!r.date.empty()) props["date"] = r.date;
    if (!r.status.empty()) props["status"] = r.status;
    if (r.amount) props["amount"] = *r.amount;
    if (!r.currency.empty()) props["currency"] = r.currency;
    if (!r.goods.empty()) props["goods"] = r.goods;
    if (g.citation) {
      props["source"] = g.sources.front();
      props["sources"] = StringList(g.sources);
      props["source_title"] = g.citation->title;
      if (!g.citation->year.empty()) props["source_year"] = g.citation->year;
      if (!g.citation->url.empty()) props["source_url"] = g.citation->url;
      props["footnote"] = static_cast<int64_t>(g.citation->marker);
    }
    // The facts were grouped above and the edges of the document's previous
    // version taken back, so every group is a new edge of this document (a
    // copy of the file under another path is another document, with edges
    // of its own).  Matching against the edges other documents wrote
    // between the same two entities would cost a read per such edge.
    SPLOT_ASSIGN_OR_RETURN(graph::EdgeId edge, txn->CreateEdge(src, r.type, dst, std::move(props)));
    // A new edge: its id is in no list yet.
    entry.edges.push_back(edge);
    ++report.relations;
  }

  SPLOT_RETURN_IF_ERROR(txn->PutMeta(RegistryKey(canonical), EncodeRegistry(entry)));
  SPLOT_RETURN_IF_ERROR(txn->Commit());
  return report;
}

Result<std::optional<RegisteredDocument>> FindRegisteredDocument(GraphStore* store,
                                                                 const std::string& path) {
  const std::string canonical = CanonicalDocumentPath(path);
  auto txn = store->BeginRead();
  SPLOT_ASSIGN_OR_RETURN(std::optional<std::string> value, txn->GetMeta(RegistryKey(canonical)));
  if (!value) return std::optional<RegisteredDocument>();
  SPLOT_ASSIGN_OR_RETURN(RegisteredDocument r, DecodeRegistry(*value, canonical));
  return std::optional<RegisteredDocument>(std::move(r));
}

Result<std::vector<RegisteredDocument>> ListRegisteredDocuments(GraphStore* store) {
  auto txn = store->BeginRead();
  std::vector<RegisteredDocument> out;
  Status bad;
  SPLOT_RETURN_IF_ERROR(
      txn->ScanMeta(kRegistryPrefix, [&](std::string_view key, std::string_view value) {
        auto r = DecodeRegistry(value, key);
        if (!r.ok()) {
          bad = r.status();
          return false;
        }
        out.push_back(std::move(r).value());
        return true;
      }));
  SPLOT_RETURN_IF_ERROR(bad);
  return out;
}

Result<bool> RemoveDocument(GraphStore* store, const std::string& path) {
  const std::string canonical = CanonicalDocumentPath(path);
  SPLOT_ASSIGN_OR_RETURN(auto txn, store->BeginWrite());
  SPLOT_ASSIGN_OR_RETURN(std::optional<std::string> value, txn->GetMeta(RegistryKey(canonical)));
  if (!value) return false;
  SPLOT_ASSIGN_OR_RETURN(RegisteredDocument old, DecodeRegistry(*value, canonical));
  WriteReport report;
  SPLOT_RETURN_IF_ERROR(TakeBack(txn.get(), old, &report));
  SPLOT_ASSIGN_OR_RETURN(std::optional<NodeId> doc_node, txn->FindByKey(old.node_key));
  if (doc_node) SPLOT_RETURN_IF_ERROR(txn->DeleteNode(*doc_node, /*detach=*/true));
  SPLOT_RETURN_IF_ERROR(txn->DeleteMeta(RegistryKey(canonical)));
  SPLOT_RETURN_IF_ERROR(txn->Commit());
  return true;
}

// ---- files and directories ---------------------------------------------------

Extractor CitationsOnlyExtractor() {
  return [](Reader& reader, const DocumentInfo& info) -> Result<DocumentFacts> {
    DocumentFacts facts;
    Sentence sentence;
    while (true) {
      SPLOT_ASSIGN_OR_RETURN(bool more, reader.Next(&sentence));
      if (!more) break;
      for (Footnote& f : reader.TakeFootnotes()) facts.citations.push_back(f.citation());
    }
    for (Footnote& f : reader.TakeFootnotes()) facts.citations.push_back(f.citation());
    facts.document = info;
    facts.document.title = reader.info().title;
    return facts;
  };
}

namespace {

Result<std::string> HashFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path + ": cannot open for reading");
  Sha256 hash;
  std::string buffer(size_t{1} << 20, '\0');
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.Update(buffer.data(), static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IOError(path + ": read error");
  return hash.HexDigest();
}

bool Hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

bool Wanted(const fs::path& p, const std::vector<std::string>& extensions) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

// A document read and extracted, not yet written: `facts` is empty when
// there is nothing to write (unchanged, or failed).
struct PreparedFile {
  IngestedFile result;
  std::optional<DocumentFacts> facts;
};

// Hashes, checks the registry, reads and extracts.  Thread-safe when
// `extract` is.
PreparedFile Prepare(GraphStore* store, const std::string& path, const IngestOptions& options,
                     const Extractor& extract) {
  PreparedFile prepared;
  IngestedFile& result = prepared.result;
  result.path = path;
  auto fail = [&](Status s) {
    result.outcome = IngestedFile::Outcome::kFailed;
    result.error = std::move(s);
    return std::move(prepared);
  };
  auto sha = HashFile(path);
  if (!sha.ok()) return fail(sha.status());
  auto registered = FindRegisteredDocument(store, path);
  if (!registered.ok()) return fail(registered.status());
  if (*registered && (*registered)->sha256 == *sha) {
    result.outcome = IngestedFile::Outcome::kUnchanged;
    result.report.outcome = WriteReport::Outcome::kUnchanged;
    return prepared;
  }
  ReaderOptions reader_options = options.reader;
  reader_options.hash_first = false;
  auto reader = Reader::Open(path, reader_options);
  if (!reader.ok()) return fail(reader.status());
  DocumentInfo info = (*reader)->info();
  info.sha256 = *sha;
  info.id = *sha;
  auto facts = extract(**reader, info);
  if (!facts.ok()) return fail(facts.status());
  result.stats = (*reader)->stats();
  if (facts->document.sha256.empty()) facts->document = info;
  prepared.facts = std::move(facts).value();
  return prepared;
}

// Writes a prepared document and returns what became of it.
IngestedFile Commit(GraphStore* store, PreparedFile prepared, const IngestOptions& options) {
  IngestedFile result = std::move(prepared.result);
  if (!prepared.facts) return result;
  auto written = WriteDocumentFacts(store, *prepared.facts, options.writer);
  if (!written.ok()) {
    result.outcome = IngestedFile::Outcome::kFailed;
    result.error = written.status().WithContext(result.path);
    return result;
  }
  result.report = *written;
  switch (written->outcome) {
    case WriteReport::Outcome::kWritten:
      result.outcome = IngestedFile::Outcome::kWritten;
      break;
    case WriteReport::Outcome::kReplaced:
      result.outcome = IngestedFile::Outcome::kReplaced;
      break;
    case WriteReport::Outcome::kUnchanged:
      result.outcome = IngestedFile::Outcome::kUnchanged;
      break;
  }
  return result;
}

}  // namespace

Result<IngestReport> IngestPaths(GraphStore* store, const std::vector<std::string>& paths,
                                 const IngestOptions& options, const Extractor& extract) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(p, ec);
    if (ec || !fs::exists(status)) return Status::NotFound(p + ": no such file or directory");
    if (!fs::is_directory(status)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    auto visit = [&](const fs::directory_entry& entry) {
      if (entry.is_regular_file() && !Hidden(entry.path()) &&
          Wanted(entry.path(), options.extensions)) {
        found.push_back(entry.path().string());
      }
    };
    if (options.recursive) {
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec),
          end;
      for (; !ec && it != end; it.increment(ec)) {
        if (Hidden(it->path())) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        visit(*it);
      }
    } else {
      for (const auto& entry : fs::directory_iterator(p, ec)) visit(entry);
    }
    if (ec) return Status::IOError(p + ": cannot list directory: " + ec.message());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  IngestReport report;
  IngestProgress progress;
  progress.files_total = static_cast<int64_t>(files.size());
  for (const std::string& file : files) {
    std::error_code ec;
    uint64_t size = fs::file_size(file, ec);
    if (!ec) progress.bytes_total += size;
  }
  // Workers prepare documents in file order, at most `ahead` past the one
  // being written; this thread writes them in that order.
  const size_t workers = std::min(files.size(), static_cast<size_t>(std::max(options.threads, 1)));
  const size_t ahead = 2 * workers;
  std::vector<std::optional<PreparedFile>> ready(files.size());
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_to_prepare = 0, next_to_write = 0;
  std::vector<std::thread> pool;
  if (workers > 1) {
    for (size_t w = 0; w < workers; ++w) {
      pool.emplace_back([&] {
        while (true) {
          size_t i;
          {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] {
              return next_to_prepare >= files.size() || next_to_prepare < next_to_write + ahead;
            });
            if (next_to_prepare >= files.size()) return;
            i = next_to_prepare++;
          }
          PreparedFile p = Prepare(store, files[i], options, extract);
          {
            std::lock_guard<std::mutex> lock(mutex);
            ready[i] = std::move(p);
          }
          changed.notify_all();
        }
      });
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    progress.path = file;
    if (options.progress) options.progress(progress);
    PreparedFile prepared;
    if (workers > 1) {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return ready[i].has_value(); });
      prepared = std::move(*ready[i]);
      ready[i].reset();
    } else {
      prepared = Prepare(store, file, options, extract);
    }
    IngestedFile one = Commit(store, std::move(prepared), options);
    if (workers > 1) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        next_to_write = i + 1;
      }
      changed.notify_all();
    }
    std::error_code ec;
    uint64_t size = fs::file_size(file, ec);
    if (!ec) progress.bytes_done += size;
    progress.files_done++;
    if (options.progress) options.progress(progress);
    switch (one.outcome) {
      case IngestedFile::Outcome::kWritten:
        ++report.written;
        break;
      case IngestedFile::Outcome::kReplaced:
        ++report.replaced;
        break;
      case IngestedFile::Outcome::kUnchanged:
        ++report.unchanged;
        break;
      case IngestedFile::Outcome::kFailed:
        ++report.failed;
        break;
    }
    report.files.push_back(std::move(one));
  }
  for (std::thread& t : pool) t.join();
  return report;
}

}  // namespace splot::ingest
