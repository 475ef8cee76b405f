// Physical operators of the pull-based executor.
//
// Every operator produces rows on demand: Next(row) fills the operator's
// slots of `row` and returns true, or returns false when it has no more.
// All operators of a plan share one row whose layout the binder assigned
// (each variable has its own slot), so a row flows up without copying and
// LIMIT stops all work below it.  Operators that must see all input first
// (sorting, aggregation, writes) materialise it and charge the memory budget.
#ifndef SPLOT_QUERY_OPERATORS_H_
#define SPLOT_QUERY_OPERATORS_H_

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "query/ast.h"
#include "query/context.h"
#include "query/eval.h"
#include "query/functions.h"
#include "query/procedures.h"

namespace splot::query {

class Operator {
 public:
  virtual ~Operator() = default;

  // Prepares a fresh run; subplans are reopened for every outer row.
  virtual void Open(ExecContext& ctx);
  // Fills the next row; false at the end.
  bool Next(Row& row);

  // For EXPLAIN: the operator's name and what it does.
  virtual std::string Name() const = 0;
  virtual std::string Details() const { return std::string(); }
  // Subplans rendered under the operator (OPTIONAL MATCH, MERGE, ...).
  virtual std::vector<const Operator*> Subplans() const { return {}; }

  const std::vector<Operator*>& children() const { return children_; }
  void AddChild(Operator* child) { children_.push_back(child); }
  void set_profile(bool on) { profile_ = on; }
  uint64_t rows() const { return rows_; }
  int64_t nanos() const { return nanos_; }

 protected:
  virtual bool DoNext(Row& row) = 0;
  Operator* child() const { return children_.front(); }

  ExecContext* ctx_ = nullptr;
  std::vector<Operator*> children_;

 private:
  bool profile_ = false;
  uint64_t rows_ = 0;
  int64_t nanos_ = 0;
};

// Owns the operators of a plan (parents hold raw pointers to children).
class OperatorPool {
 public:
  template <typename T, typename... Args>
  T* Make(Args&&... args) {
    auto op = std::make_unique<T>(std::forward<Args>(args)...);
    T* raw = op.get();
    ops_.push_back(std::move(op));
    return raw;
  }
  void SetProfile(bool on) {
    for (auto& op : ops_) op->set_profile(on);
  }

 private:
  std::vector<std::unique_ptr<Operator>> ops_;
};

// One empty row, once per Open: the leaf of a query and of every subplan
// (whose "argument" is the outer row already in the shared row).
class OnceOp : public Operator {
 public:
  explicit OnceOp(std::string name = "Start") : name_(std::move(name)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return name_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  std::string name_;
  bool done_ = false;
};

// What a pattern node requires of a candidate node.
struct NodeConstraint {
  std::vector<std::string> labels;
  const Expr* props = nullptr;  // a map expression, or null
  bool empty() const { return labels.empty() && props == nullptr; }
  std::string Describe() const;
};

// Whether node `id` satisfies `c`; `props` is c.props evaluated for the row.
bool NodeMatches(ExecContext& ctx, graph::NodeId id, const NodeConstraint& c, const Value* props,
                 const std::string* skip_label = nullptr);
// Whether relationship `id` has every property of the map `props`.
bool RelMatches(ExecContext& ctx, graph::EdgeId id, const Value& props);

enum class ScanMode : uint8_t { kAll, kLabel, kId, kName, kKey };

// Binds a node slot from a scan of all nodes, a label, or a lookup by id,
// indexed name or canonical key, for each input row.
class NodeScanOp : public Operator {
 public:
  NodeScanOp(int slot, std::string var, ScanMode mode, NodeConstraint constraint,
             const Expr* lookup, std::string scan_label)
      : slot_(slot),
        var_(std::move(var)),
        mode_(mode),
        constraint_(std::move(constraint)),
        lookup_(lookup),
        scan_label_(std::move(scan_label)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override;
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  void Start(Row& row);
  bool NextCandidate(graph::NodeId* id);

  int slot_;
  std::string var_;
  ScanMode mode_;
  NodeConstraint constraint_;
  const Expr* lookup_;
  std::string scan_label_;
  bool active_ = false;
  std::unique_ptr<graph::IdCursor> cursor_;
  std::vector<graph::NodeId> candidates_;
  size_t next_candidate_ = 0;
  bool use_candidates_ = false;
  Value props_;
};

// Keeps rows whose node slot holds a node satisfying a constraint.
class NodeFilterOp : public Operator {
 public:
  NodeFilterOp(int slot, std::string var, NodeConstraint c)
      : slot_(slot), var_(std::move(var)), constraint_(std::move(c)) {}
  std::string Name() const override { return "NodeFilter"; }
  std::string Details() const override { return var_ + constraint_.Describe(); }

 protected:
  bool DoNext(Row& row) override;

 private:
  int slot_;
  std::string var_;
  NodeConstraint constraint_;
};

// Relationship uniqueness within one MATCH: the slots whose relationships
// (single, or lists from variable-length patterns) an expansion must avoid.
struct TrailSlots {
  std::vector<int> rels;
  std::vector<int> lists;
  bool Uses(const Row& row, graph::EdgeId edge) const;
};

struct ExpandSpec {
  int from = -1;
  int rel = -1;
  int to = -1;
  std::string from_var, rel_var, to_var;
  graph::Direction dir = graph::Direction::kBoth;
  std::vector<std::string> types;
  const Expr* rel_props = nullptr;
  NodeConstraint to_constraint;
  bool to_bound = false;   // `to` is already bound: check instead of bind
  bool rel_bound = false;  // `rel` is bound by an earlier clause
  TrailSlots trail;
  // Variable length
  int64_t min_hops = 1;
  int64_t max_hops = 1;       // -1: unbounded
  bool need_list = true;      // write the relationship list into `rel`
  bool reverse_list = false;  // the pattern runs from `to` to `from`
};

// Follows one relationship from a bound node through the adjacency index.
class ExpandOp : public Operator {
 public:
  explicit ExpandOp(ExpandSpec spec) : spec_(std::move(spec)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return spec_.to_bound ? "ExpandInto" : "Expand"; }
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  bool StartRow(Row& row);
  bool OpenCursor();

  ExpandSpec spec_;
  std::vector<graph::TypeId> type_ids_;
  size_t type_index_ = 0;
  bool active_ = false;
  graph::NodeId from_ = 0;
  graph::NodeId target_ = 0;
  std::unique_ptr<graph::EdgeCursor> cursor_;
  bool reusable_ = false;  // cursor_ is an Edges() cursor that Reset can re-seek
  Value rel_props_;
};

// Variable-length expansion: a lazy depth-first walk that yields every
// trail (no relationship twice) of min..max hops.
class VarExpandOp : public Operator {
 public:
  explicit VarExpandOp(ExpandSpec spec) : spec_(std::move(spec)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return spec_.to_bound ? "VarExpandInto" : "VarExpand"; }
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  struct Frame {
    graph::NodeId node;
    graph::EdgeCursor* cursor = nullptr;  // cursors_[depth], reset for this node
    size_t type_index = 0;
    bool opened = false;
  };
  bool StartRow(Row& row);
  // The end of the bound relationship list `rels` walked from `from`, or
  // false when the list is not a path from there matching the pattern.
  bool FollowList(graph::NodeId from, const Value& rels, graph::NodeId* end);
  // Moves the frame's cursor to its next usable entry; false when done.
  bool AdvanceFrame(Frame& f, graph::AdjEntry* entry);
  bool Emit(Row& row, graph::NodeId end);

  ExpandSpec spec_;
  std::vector<graph::TypeId> type_ids_;
  std::vector<Frame> stack_;
  // One cursor per depth, re-seeked for each frame at that depth: frames of
  // one depth never overlap in a depth-first walk.
  std::vector<std::unique_ptr<graph::EdgeCursor>> cursors_;
  std::vector<RelValue> path_;
  bool active_ = false;
  bool pending_zero_ = false;
  graph::NodeId target_ = 0;
  Value rel_props_;
};

// shortestPath / allShortestPaths between two bound nodes (bidirectional
// BFS over the adjacency index for one path).
class ShortestPathOp : public Operator {
 public:
  ShortestPathOp(ExpandSpec spec, bool all, int path_slot)
      : spec_(std::move(spec)), all_(all), path_slot_(path_slot) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return all_ ? "AllShortestPaths" : "ShortestPath"; }
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  void Compute(graph::NodeId s, graph::NodeId t);

  ExpandSpec spec_;
  bool all_;
  int path_slot_;
  std::vector<PathValue> results_;
  size_t next_ = 0;
  bool active_ = false;
  Value rel_props_;
};

// Assembles a named path from its node and relationship slots.
struct PathSpec {
  int slot = -1;
  std::vector<int> nodes;
  std::vector<int> rels;
  std::vector<bool> var_length;
};
Value BuildPath(const PathSpec& spec, const Row& row);

class BuildPathOp : public Operator {
 public:
  BuildPathOp(PathSpec spec, std::string var) : spec_(std::move(spec)), var_(std::move(var)) {}
  std::string Name() const override { return "BuildPath"; }
  std::string Details() const override { return var_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  PathSpec spec_;
  std::string var_;
};

class FilterOp : public Operator {
 public:
  FilterOp(const Expr* predicate, std::string text)
      : predicate_(predicate), text_(std::move(text)) {}
  std::string Name() const override { return "Filter"; }
  std::string Details() const override { return text_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  const Expr* predicate_;
  std::string text_;
};

// OPTIONAL MATCH: for each input row, the rows of `inner` (which starts
// from `argument`), or the input row with the pattern's slots set to null.
class OptionalOp : public Operator {
 public:
  OptionalOp(Operator* inner, OnceOp* argument, std::vector<int> null_slots)
      : inner_(inner), argument_(argument), null_slots_(std::move(null_slots)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Optional"; }
  std::vector<const Operator*> Subplans() const override { return {inner_}; }

 protected:
  bool DoNext(Row& row) override;

 private:
  Operator* inner_;
  OnceOp* argument_;
  std::vector<int> null_slots_;
  bool active_ = false;
  bool matched_ = false;
};

struct ProjectItem {
  int slot;
  const Expr* expr;
  std::string name;
};

class ProjectOp : public Operator {
 public:
  explicit ProjectOp(std::vector<ProjectItem> items) : items_(std::move(items)) {}
  std::string Name() const override { return "Project"; }
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  std::vector<ProjectItem> items_;
};

struct AggregateItem {
  int slot;          // where the result goes
  const Expr* call;  // the aggregate call (count(*) has no arguments)
  AggKind kind;
};

// Groups rows by the key items and computes the aggregates of each group;
// then evaluates the aggregating projection items over keys and results.
class AggregateOp : public Operator {
 public:
  AggregateOp(std::vector<ProjectItem> keys, std::vector<AggregateItem> aggs,
              std::vector<ProjectItem> outputs)
      : keys_(std::move(keys)), aggs_(std::move(aggs)), outputs_(std::move(outputs)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Aggregate"; }
  std::string Details() const override;

 protected:
  bool DoNext(Row& row) override;

 private:
  struct Group {
    std::vector<Value> key;
    std::vector<std::unique_ptr<Aggregator>> aggs;
  };
  void Consume(Row& row);

  std::vector<ProjectItem> keys_;
  std::vector<AggregateItem> aggs_;
  std::vector<ProjectItem> outputs_;
  std::vector<Group> groups_;
  size_t next_ = 0;
  bool done_ = false;
};

class DistinctOp : public Operator {
 public:
  DistinctOp(std::vector<int> slots, std::string text)
      : slots_(std::move(slots)), text_(std::move(text)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Distinct"; }
  std::string Details() const override { return text_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  std::vector<int> slots_;
  std::string text_;
  std::unordered_set<std::vector<Value>, RowHash, RowEquivalent> seen_;
};

struct SortKey {
  const Expr* expr;
  bool descending;
};

// ORDER BY; with `limit` (SKIP + LIMIT known when the plan opens) it keeps
// only the top rows.
class SortOp : public Operator {
 public:
  SortOp(std::vector<SortKey> keys, const Expr* skip, const Expr* limit, bool drain,
         std::string text)
      : keys_(std::move(keys)), skip_(skip), limit_(limit), drain_(drain), text_(std::move(text)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return limit_ ? "Top" : "Sort"; }
  std::string Details() const override { return text_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  std::vector<SortKey> keys_;
  const Expr* skip_;
  const Expr* limit_;
  bool drain_;
  std::string text_;
  std::vector<Row> rows_;
  std::vector<std::vector<Value>> sort_keys_;
  std::vector<size_t> order_;
  size_t next_ = 0;
  bool done_ = false;
  int64_t charged_ = 0;
};

// Evaluates a SKIP or LIMIT expression: a non-negative integer.
int64_t EvalCount(const Expr& e, ExecContext& ctx, const char* what);

class SkipOp : public Operator {
 public:
  explicit SkipOp(const Expr* count) : count_(count) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Skip"; }

 protected:
  bool DoNext(Row& row) override;

 private:
  const Expr* count_;
  int64_t remaining_ = 0;
};

class LimitOp : public Operator {
 public:
  // With `drain`, input past the limit is still pulled (and discarded) so
  // that the writes below happen as if there were no LIMIT.
  LimitOp(const Expr* count, bool drain) : count_(count), drain_(drain) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Limit"; }

 protected:
  bool DoNext(Row& row) override;

 private:
  const Expr* count_;
  bool drain_;
  int64_t remaining_ = 0;
};

class UnwindOp : public Operator {
 public:
  UnwindOp(const Expr* list, int slot, std::string var)
      : list_(list), slot_(slot), var_(std::move(var)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "Unwind"; }
  std::string Details() const override { return var_; }

 protected:
  bool DoNext(Row& row) override;

 private:
  // UNWIND range(a, b[, step]) counts instead of building the list.
  bool StartRange(Row& row);

  const Expr* list_;
  int slot_;
  std::string var_;
  Value list_value_;
  size_t index_ = 0;
  bool active_ = false;
  bool lazy_range_ = false;
  int64_t next_ = 0, end_ = 0, step_ = 1;
};

// UNION [ALL]: the rows of each part in turn, copied into the first part's
// column slots; without ALL, repeated rows are dropped.
class UnionOp : public Operator {
 public:
  UnionOp(std::vector<std::vector<int>> part_slots, bool distinct)
      : part_slots_(std::move(part_slots)), distinct_(distinct) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return distinct_ ? "Union" : "UnionAll"; }

 protected:
  bool DoNext(Row& row) override;

 private:
  std::vector<std::vector<int>> part_slots_;
  bool distinct_;
  size_t part_ = 0;
  std::unordered_set<std::vector<Value>, RowHash, RowEquivalent> seen_;
};

// CALL proc(args) YIELD ...: the procedure's rows for each input row.
class CallOp : public Operator {
 public:
  CallOp(const ProcedureDef* def, std::vector<const Expr*> args,
         std::vector<std::pair<size_t, int>> yields)
      : def_(def), args_(std::move(args)), yields_(std::move(yields)) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return "ProcedureCall"; }
  std::string Details() const override { return def_->name; }

 protected:
  bool DoNext(Row& row) override;

 private:
  const ProcedureDef* def_;
  std::vector<const Expr*> args_;
  std::vector<std::pair<size_t, int>> yields_;  // output index -> slot
  std::vector<std::vector<Value>> buffer_;
  size_t next_ = 0;
  bool active_ = false;
};

// ---- writes (query/write_ops.cc) ----------------------------------------

// Base of the updating operators: each reads all of its input before its
// first write, so that no clause sees the writes of a later one, and then
// yields the updated rows.
class EagerWriteOp : public Operator {
 public:
  void Open(ExecContext& ctx) override;

 protected:
  bool DoNext(Row& row) override;
  // Applies the clause to one buffered row (which it may extend), appending
  // the rows it yields to `out`.
  virtual void Apply(Row& row, std::vector<Row>* out) = 0;

 private:
  std::vector<Row> output_;
  size_t next_ = 0;
  bool done_ = false;
};

// Creates the nodes and relationships of a pattern part for a row.
struct CreatePart {
  const PatternPart* part;
  PathSpec path;
};
void CreatePattern(ExecContext& ctx, const PatternPart& part, const PathSpec& path, Row& row);

class CreateOp : public EagerWriteOp {
 public:
  explicit CreateOp(std::vector<CreatePart> parts) : parts_(std::move(parts)) {}
  std::string Name() const override { return "Create"; }

 protected:
  void Apply(Row& row, std::vector<Row>* out) override;

 private:
  std::vector<CreatePart> parts_;
};

void ApplySetItem(ExecContext& ctx, const SetItem& item, Row& row);

class MergeOp : public EagerWriteOp {
 public:
  MergeOp(CreatePart part, std::shared_ptr<PatternPlan> match, const MergeClause* clause)
      : part_(std::move(part)), match_(std::move(match)), clause_(clause) {}
  std::string Name() const override { return "Merge"; }

 protected:
  void Apply(Row& row, std::vector<Row>* out) override;

 private:
  CreatePart part_;
  std::shared_ptr<PatternPlan> match_;
  const MergeClause* clause_;
};

class SetOp : public EagerWriteOp {
 public:
  explicit SetOp(const SetClause* clause) : clause_(clause) {}
  std::string Name() const override { return "Set"; }

 protected:
  void Apply(Row& row, std::vector<Row>* out) override;

 private:
  const SetClause* clause_;
};

class RemoveOp : public EagerWriteOp {
 public:
  explicit RemoveOp(const RemoveClause* clause) : clause_(clause) {}
  std::string Name() const override { return "Remove"; }

 protected:
  void Apply(Row& row, std::vector<Row>* out) override;

 private:
  const RemoveClause* clause_;
};

class DeleteOp : public Operator {
 public:
  explicit DeleteOp(const DeleteClause* clause) : clause_(clause) {}
  void Open(ExecContext& ctx) override;
  std::string Name() const override { return clause_->detach ? "DetachDelete" : "Delete"; }

 protected:
  bool DoNext(Row& row) override;

 private:
  const DeleteClause* clause_;
  std::vector<Row> rows_;
  size_t next_ = 0;
  bool done_ = false;
};

}  // namespace splot::query

#endif  // SPLOT_QUERY_OPERATORS_H_
