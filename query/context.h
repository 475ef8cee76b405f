// ExecContext: what operators and expressions need while a query runs: the
// transaction, parameters, collation, an entity cache, and the limits
// (deadline, cancellation, row and memory budgets).
#ifndef SPLOT_QUERY_CONTEXT_H_
#define SPLOT_QUERY_CONTEXT_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "graph/store.h"
#include "query/value.h"

U_NAMESPACE_BEGIN
class RegexPattern;
U_NAMESPACE_END

namespace splot::query {

class Collation;
class ProcedureRegistry;

using Row = std::vector<Value>;

struct ExecLimits {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::chrono::milliseconds timeout{0};  // for messages
  uint64_t max_rows = 0;                 // result rows; 0 = unlimited
  size_t max_memory_bytes = 0;           // materialised state; 0 = unlimited
  const std::atomic<bool>* cancel = nullptr;
};

class ExecContext {
 public:
  ExecContext(graph::GraphStore& store, graph::Transaction& txn, const ValueMap& params,
              const Collation* collation, const ProcedureRegistry* procedures, ExecLimits limits);
  ~ExecContext();

  graph::GraphStore& store() { return store_; }
  graph::Transaction& txn() { return txn_; }
  const ValueMap& params() const { return params_; }
  const Collation* collation() const { return collation_; }
  const ProcedureRegistry* procedures() const { return procedures_; }

  // ---- entities ---------------------------------------------------------
  // The node's labels and properties.  Throws EntityNotFound
  // (DeletedEntityAccess) when the node no longer exists.
  std::shared_ptr<const graph::Node> Node(graph::NodeId id);
  std::shared_ptr<const graph::Edge> Edge(graph::EdgeId id);
  // Whether the node exists (was not deleted by this query).
  bool NodeExists(graph::NodeId id);
  bool EdgeExists(graph::EdgeId id);
  // Forgets cached data after a write.
  void Invalidate() {
    nodes_.clear();
    edges_.clear();
  }
  void InvalidateNode(graph::NodeId id) { nodes_.erase(id); }
  void InvalidateEdge(graph::EdgeId id) { edges_.erase(id); }
  void MarkDeletedNode(graph::NodeId id) { deleted_nodes_.insert(id); }
  void MarkDeletedEdge(graph::EdgeId id) { deleted_edges_.insert(id); }
  bool IsDeletedNode(graph::NodeId id) const { return deleted_nodes_.count(id) > 0; }
  bool IsDeletedEdge(graph::EdgeId id) const { return deleted_edges_.count(id) > 0; }

  // Catalog lookups as this transaction sees them (its own new names too).
  std::optional<uint32_t> LabelId(const std::string& name);
  std::optional<uint32_t> TypeId(const std::string& name);
  std::string TypeName(graph::TypeId id);
  std::string LabelName(graph::LabelId id);

  // Attaches labels/type and properties to every node and relationship
  // inside `v` (for values leaving the engine).
  void Materialize(Value* v);

  // ---- expressions -------------------------------------------------------
  // A compiled ICU regular expression (cached).  Throws on a bad pattern.
  const icu::RegexPattern& Regex(const std::string& pattern);

  // ---- limits -------------------------------------------------------------
  // Checks the deadline and the cancel flag (cheaply: the clock is read
  // every 256 calls).  Throws Timeout / Cancelled.
  void Tick() {
    if ((++ticks_ & 0xFF) == 0) CheckLimits();
  }
  void CheckLimits();
  // Accounts `bytes` of materialised state; throws ResourceExhausted past
  // the memory budget.  Negative amounts release.
  void Charge(int64_t bytes);
  // Counts one result row; throws ResourceExhausted past the row budget.
  void CountResultRow();
  const ExecLimits& limits() const { return limits_; }

 private:
  graph::GraphStore& store_;
  graph::Transaction& txn_;
  const ValueMap& params_;
  const Collation* collation_;
  const ProcedureRegistry* procedures_;
  ExecLimits limits_;
  uint64_t ticks_ = 0;
  int64_t memory_ = 0;
  uint64_t result_rows_ = 0;
  std::unordered_map<graph::NodeId, std::shared_ptr<const graph::Node>> nodes_;
  std::unordered_map<graph::EdgeId, std::shared_ptr<const graph::Edge>> edges_;
  std::unordered_set<graph::NodeId> deleted_nodes_;
  std::unordered_set<graph::EdgeId> deleted_edges_;
  std::map<std::string, std::unique_ptr<icu::RegexPattern>> regexes_;
};

// Estimated bytes a value occupies, for the memory budget.
size_t ValueBytes(const Value& v);

}  // namespace splot::query

#endif  // SPLOT_QUERY_CONTEXT_H_
