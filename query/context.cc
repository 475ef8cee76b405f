#include "query/context.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include "query/errors.h"

namespace splot::query {

ExecContext::ExecContext(graph::GraphStore& store, graph::Transaction& txn, const ValueMap& params,
                         const Collation* collation, const ProcedureRegistry* procedures,
                         ExecLimits limits)
    : store_(store),
      txn_(txn),
      params_(params),
      collation_(collation),
      procedures_(procedures),
      limits_(limits) {}

ExecContext::~ExecContext() = default;

namespace {
// Entity caches are bounded so a scan over a large store does not keep
// every node it passed in memory.
constexpr size_t kMaxCachedEntities = 100000;

[[noreturn]] void StoreError(const Status& s) {
  QueryError e;
  e.type = "StoreError";
  e.detail.clear();
  e.message = s.ToString();
  e.compile_time = false;
  e.code = s.code();
  throw QueryException(std::move(e));
}
}  // namespace

std::shared_ptr<const graph::Node> ExecContext::Node(graph::NodeId id) {
  auto it = nodes_.find(id);
  if (it != nodes_.end()) return it->second;
  auto r = txn_.GetNode(id);
  if (!r.ok()) {
    if (r.status().IsNotFound()) {
      ThrowRuntime("EntityNotFound", "DeletedEntityAccess",
                   "node " + std::to_string(id) + " has been deleted");
    }
    StoreError(r.status());
  }
  if (nodes_.size() >= kMaxCachedEntities) nodes_.clear();
  auto node = std::make_shared<const graph::Node>(std::move(r).value());
  nodes_.emplace(id, node);
  return node;
}

std::shared_ptr<const graph::Edge> ExecContext::Edge(graph::EdgeId id) {
  auto it = edges_.find(id);
  if (it != edges_.end()) return it->second;
  auto r = txn_.GetEdge(id);
  if (!r.ok()) {
    if (r.status().IsNotFound()) {
      ThrowRuntime("EntityNotFound", "DeletedEntityAccess",
                   "relationship " + std::to_string(id) + " has been deleted");
    }
    StoreError(r.status());
  }
  if (edges_.size() >= kMaxCachedEntities) edges_.clear();
  auto edge = std::make_shared<const graph::Edge>(std::move(r).value());
  edges_.emplace(id, edge);
  return edge;
}

bool ExecContext::NodeExists(graph::NodeId id) {
  if (nodes_.count(id)) return true;
  auto r = txn_.NodeExists(id);
  if (!r.ok()) StoreError(r.status());
  return r.value();
}

bool ExecContext::EdgeExists(graph::EdgeId id) {
  if (edges_.count(id)) return true;
  graph::NodeId s, d;
  graph::TypeId t;
  Status st = txn_.GetEdgeEnds(id, &s, &d, &t);
  if (st.IsNotFound()) return false;
  if (!st.ok()) StoreError(st);
  return true;
}

std::optional<uint32_t> ExecContext::LabelId(const std::string& name) {
  return txn_.FindCatalogId(graph::CatalogKind::kLabel, name);
}

std::optional<uint32_t> ExecContext::TypeId(const std::string& name) {
  return txn_.FindCatalogId(graph::CatalogKind::kType, name);
}

std::string ExecContext::TypeName(graph::TypeId id) {
  return txn_.CatalogNameOf(graph::CatalogKind::kType, id);
}

std::string ExecContext::LabelName(graph::LabelId id) {
  return txn_.CatalogNameOf(graph::CatalogKind::kLabel, id);
}

void ExecContext::Materialize(Value* v) {
  switch (v->kind()) {
    case Value::Kind::kNode: {
      NodeValue& n = v->as_node();
      if (!n.data) {
        if (deleted_nodes_.count(n.id)) {
          auto stub = std::make_shared<graph::Node>();
          stub->id = n.id;
          n.data = stub;
        } else {
          n.data = Node(n.id);
        }
      }
      return;
    }
    case Value::Kind::kRel: {
      RelValue& r = v->as_rel();
      if (!r.data) {
        if (deleted_edges_.count(r.id)) {
          auto stub = std::make_shared<graph::Edge>();
          stub->id = r.id;
          stub->src = r.src;
          stub->dst = r.dst;
          stub->type = TypeName(r.type);
          r.data = stub;
        } else {
          r.data = Edge(r.id);
        }
      }
      return;
    }
    case Value::Kind::kList: {
      ValueList copy = v->as_list();
      for (auto& e : copy) Materialize(&e);
      *v = Value(std::move(copy));
      return;
    }
    case Value::Kind::kMap: {
      ValueMap copy = v->as_map();
      for (auto& [k, e] : copy) Materialize(&e);
      *v = Value(std::move(copy));
      return;
    }
    case Value::Kind::kPath: {
      PathValue copy = v->as_path();
      for (auto& n : copy.nodes) {
        Value nv(n);
        Materialize(&nv);
        n = nv.as_node();
      }
      for (auto& r : copy.rels) {
        Value rv(r);
        Materialize(&rv);
        r = rv.as_rel();
      }
      *v = Value(std::move(copy));
      return;
    }
    default:
      return;
  }
}

const icu::RegexPattern& ExecContext::Regex(const std::string& pattern) {
  auto it = regexes_.find(pattern);
  if (it != regexes_.end()) return *it->second;
  UErrorCode status = U_ZERO_ERROR;
  UParseError perr;
  std::unique_ptr<icu::RegexPattern> re(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, perr, status));
  if (U_FAILURE(status) || !re) {
    ThrowRuntime("ArgumentError", "InvalidArgumentValue",
                 "invalid regular expression '" + pattern + "': " + u_errorName(status));
  }
  auto& slot = regexes_[pattern];
  slot = std::move(re);
  return *slot;
}

void ExecContext::CheckLimits() {
  if (limits_.cancel && limits_.cancel->load(std::memory_order_relaxed)) {
    ThrowLimit(Status::Code::kCancelled, "the query was cancelled; nothing was written");
  }
  if (limits_.deadline != std::chrono::steady_clock::time_point::max() &&
      std::chrono::steady_clock::now() > limits_.deadline) {
    ThrowLimit(Status::Code::kTimeout,
               "the query ran longer than its timeout of " +
                   std::to_string(limits_.timeout.count()) +
                   " ms and was stopped; nothing was written (raise it with --timeout)");
  }
}

void ExecContext::Charge(int64_t bytes) {
  memory_ += bytes;
  if (limits_.max_memory_bytes > 0 && memory_ > static_cast<int64_t>(limits_.max_memory_bytes)) {
    ThrowLimit(Status::Code::kResourceExhausted,
               "the query needs more than its memory budget of " +
                   std::to_string(limits_.max_memory_bytes >> 20) +
                   " MiB and was stopped; nothing was written");
  }
}

void ExecContext::CountResultRow() {
  ++result_rows_;
  if (limits_.max_rows > 0 && result_rows_ > limits_.max_rows) {
    ThrowLimit(Status::Code::kResourceExhausted,
               "the query produced more than its row budget of " +
                   std::to_string(limits_.max_rows) +
                   " rows and was stopped; nothing was written (add LIMIT or raise the budget)");
  }
}

size_t ValueBytes(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return sizeof(Value) + v.as_string().size();
    case Value::Kind::kList: {
      size_t n = sizeof(Value) + 16;
      for (const auto& e : v.as_list()) n += ValueBytes(e);
      return n;
    }
    case Value::Kind::kMap: {
      size_t n = sizeof(Value) + 16;
      for (const auto& [k, e] : v.as_map()) n += 48 + k.size() + ValueBytes(e);
      return n;
    }
    case Value::Kind::kPath:
      return sizeof(Value) + v.as_path().nodes.size() * sizeof(NodeValue) +
             v.as_path().rels.size() * sizeof(RelValue);
    default:
      return sizeof(Value);
  }
}

}  // namespace splot::query
