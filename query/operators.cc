#include "query/operators.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include "graph/algorithms.h"
#include "query/paths.h"

namespace splot::query {

// ---- Operator ---------------------------------------------------------------

void Operator::Open(ExecContext& ctx) {
  ctx_ = &ctx;
  for (Operator* c : children_) c->Open(ctx);
}

bool Operator::Next(Row& row) {
  if (!profile_) {
    bool ok = DoNext(row);
    if (ok) ++rows_;
    return ok;
  }
  auto start = std::chrono::steady_clock::now();
  bool ok = DoNext(row);
  nanos_ +=
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start)
          .count();
  if (ok) ++rows_;
  return ok;
}

void OnceOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  done_ = false;
}

bool OnceOp::DoNext(Row&) {
  if (done_) return false;
  done_ = true;
  return true;
}

// ---- node and relationship checks -----------------------------------------------

std::string NodeConstraint::Describe() const {
  std::string out;
  for (const auto& l : labels) out += ":" + l;
  if (props) out += " {...}";
  return out;
}

bool NodeMatches(ExecContext& ctx, graph::NodeId id, const NodeConstraint& c, const Value* props,
                 const std::string* skip_label) {
  if (c.empty()) return true;
  auto node = ctx.Node(id);
  for (const auto& l : c.labels) {
    if (skip_label && l == *skip_label) continue;
    if (!node->HasLabel(l)) return false;
  }
  if (props && props->is_map()) {
    for (const auto& [k, want] : props->as_map()) {
      const graph::Value* have = node->Get(k);
      if (!have) return false;
      if (CypherEquals(Value::FromGraph(*have), want) != Tri::kTrue) return false;
    }
  }
  return true;
}

bool RelMatches(ExecContext& ctx, graph::EdgeId id, const Value& props) {
  if (!props.is_map()) return true;
  auto edge = ctx.Edge(id);
  for (const auto& [k, want] : props.as_map()) {
    const graph::Value* have = edge->Get(k);
    if (!have) return false;
    if (CypherEquals(Value::FromGraph(*have), want) != Tri::kTrue) return false;
  }
  return true;
}

namespace {

Value EvalProps(const Expr* e, Row& row, ExecContext& ctx) {
  if (!e) return Value();
  Value v = Eval(*e, row, ctx);
  if (!v.is_map() && !v.is_null()) {
    ThrowRuntime("TypeError", "InvalidArgumentType",
                 std::string("a pattern's properties must be a map, got a ") + v.kind_name());
  }
  return v;
}

std::string DirArrow(graph::Direction d, const std::string& body) {
  switch (d) {
    case graph::Direction::kOut:
      return "-[" + body + "]->";
    case graph::Direction::kIn:
      return "<-[" + body + "]-";
    default:
      return "-[" + body + "]-";
  }
}

std::string RelBody(const ExpandSpec& s, bool var_length) {
  std::string body = s.rel_var;
  for (size_t i = 0; i < s.types.size(); ++i) body += (i == 0 ? ":" : "|") + s.types[i];
  if (var_length) {
    body += "*" + std::to_string(s.min_hops) + "..";
    if (s.max_hops >= 0) body += std::to_string(s.max_hops);
  }
  return body;
}

// Resolves relationship type names to ids; unknown names match nothing.
// Returns false when no listed type exists (so nothing can match).
bool ResolveTypes(ExecContext& ctx, const std::vector<std::string>& names,
                  std::vector<graph::TypeId>* ids) {
  ids->clear();
  if (names.empty()) {
    ids->push_back(graph::kNoCatalogId);
    return true;
  }
  for (const auto& n : names) {
    if (auto id = ctx.TypeId(n)) {
      if (std::find(ids->begin(), ids->end(), *id) == ids->end()) ids->push_back(*id);
    }
  }
  return !ids->empty();
}

void CheckCursor(const graph::EdgeCursor& c) {
  Status s = c.status();
  if (!s.ok()) {
    QueryError e;
    e.type = "StoreError";
    e.detail.clear();
    e.message = s.ToString();
    e.compile_time = false;
    e.code = s.code();
    throw QueryException(std::move(e));
  }
}

}  // namespace

bool TrailSlots::Uses(const Row& row, graph::EdgeId edge) const {
  for (int s : rels) {
    const Value& v = row[static_cast<size_t>(s)];
    if (v.is_rel() && v.as_rel().id == edge) return true;
  }
  for (int s : lists) {
    const Value& v = row[static_cast<size_t>(s)];
    if (!v.is_list()) continue;
    for (const auto& r : v.as_list()) {
      if (r.is_rel() && r.as_rel().id == edge) return true;
    }
  }
  return false;
}

// ---- NodeScan -----------------------------------------------------------------

// What one entry of a property hash costs, roughly.
constexpr int64_t kHashEntryBytes = 48;

void NodeScanOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
  cursor_.reset();
  // Rebuilt on first use: the statement may have written since.
  if (hash_built_) ctx.Charge(-kHashEntryBytes * static_cast<int64_t>(hash_.size()));
  hash_.clear();
  hash_built_ = false;
}

void NodeScanOp::BuildHash() {
  std::unique_ptr<graph::IdCursor> scan;
  if (!scan_label_.empty()) {
    auto id = ctx_->LabelId(scan_label_);
    if (id) scan = ctx_->txn().NodesWithLabel(*id);
  } else {
    scan = ctx_->txn().AllNodes();
  }
  hash_built_ = true;
  if (!scan) return;
  for (; scan->Valid(); scan->Next()) {
    ctx_->Tick();
    graph::NodeId id = scan->id();
    auto node = ctx_->txn().GetNode(id);
    if (!node.ok()) {
      if (node.status().IsNotFound()) continue;
      ThrowRuntime("StoreError", "", node.status().ToString());
    }
    const graph::Value* v = node->Get(hash_key_);
    if (!v || v->is_null()) continue;
    ctx_->Charge(kHashEntryBytes);
    hash_.emplace(EquivalenceHash(Value::FromGraph(*v)), id);
  }
  Status st = scan->status();
  if (!st.ok()) ThrowRuntime("StoreError", "", st.ToString());
}

std::string NodeScanOp::Name() const {
  switch (mode_) {
    case ScanMode::kAll:
      return "AllNodesScan";
    case ScanMode::kLabel:
      return "NodeByLabelScan";
    case ScanMode::kId:
      return "NodeById";
    case ScanMode::kName:
      return "NodeByName";
    case ScanMode::kKey:
      return "NodeByKey";
    case ScanMode::kPropertyHash:
      return "NodeByPropertyHash";
  }
  return "NodeScan";
}

std::string NodeScanOp::Details() const {
  std::string out = "(" + var_ + constraint_.Describe() + ")";
  if (mode_ == ScanMode::kLabel) out += " label " + scan_label_;
  if (mode_ == ScanMode::kPropertyHash) {
    out += " " + var_ + "." + hash_key_;
    if (!scan_label_.empty()) out += " of label " + scan_label_;
  }
  return out;
}

void NodeScanOp::Start(Row& row) {
  props_ = EvalProps(constraint_.props, row, *ctx_);
  use_candidates_ = false;
  cursor_.reset();
  candidates_.clear();
  next_candidate_ = 0;
  ScanMode mode = mode_;
  if (mode == ScanMode::kPropertyHash) {
    Value v = Eval(*lookup_, row, *ctx_);
    use_candidates_ = true;
    if (v.is_null()) return;  // n.p = null matches nothing
    if (!hash_built_) BuildHash();
    auto [first, last] = hash_.equal_range(EquivalenceHash(v));
    for (auto it = first; it != last; ++it) candidates_.push_back(it->second);
    return;
  }
  if (mode == ScanMode::kId || mode == ScanMode::kName || mode == ScanMode::kKey) {
    Value v = Eval(*lookup_, row, *ctx_);
    use_candidates_ = true;
    if (mode == ScanMode::kId) {
      if (v.is_int() && v.as_int() >= 0 &&
          ctx_->NodeExists(static_cast<graph::NodeId>(v.as_int()))) {
        candidates_.push_back(static_cast<graph::NodeId>(v.as_int()));
      }
      return;
    }
    if (mode == ScanMode::kKey) {
      if (v.is_string()) {
        auto r = ctx_->txn().FindByKey(v.as_string());
        if (r.ok() && r.value()) candidates_.push_back(*r.value());
      }
      return;
    }
    // By name: the index finds every node with a name, alias or translation
    // that folds like the value; the exact comparison stays as a filter.
    if (v.is_string() && !ctx_->store().folder().Fold(v.as_string()).empty()) {
      auto r = ctx_->txn().FindByName(v.as_string());
      if (r.ok()) {
        candidates_ = std::move(r).value();
        return;
      }
    }
    if (v.is_null()) return;  // n.name = null matches nothing
    // Not answerable from the index: fall back to a scan.
    use_candidates_ = false;
    mode = scan_label_.empty() ? ScanMode::kAll : ScanMode::kLabel;
  }
  if (mode == ScanMode::kLabel) {
    auto id = ctx_->LabelId(scan_label_);
    if (!id) {
      use_candidates_ = true;  // no such label: nothing to scan
      return;
    }
    cursor_ = ctx_->txn().NodesWithLabel(*id);
  } else {
    cursor_ = ctx_->txn().AllNodes();
  }
}

bool NodeScanOp::NextCandidate(graph::NodeId* id) {
  if (use_candidates_) {
    if (next_candidate_ >= candidates_.size()) return false;
    *id = candidates_[next_candidate_++];
    return true;
  }
  if (!cursor_ || !cursor_->Valid()) return false;
  *id = cursor_->id();
  cursor_->Next();
  return true;
}

bool NodeScanOp::DoNext(Row& row) {
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      Start(row);
      active_ = true;
    }
    graph::NodeId id;
    if (!NextCandidate(&id)) {
      active_ = false;
      continue;
    }
    ctx_->Tick();
    const std::string* skip =
        mode_ == ScanMode::kLabel && !use_candidates_ ? &scan_label_ : nullptr;
    if (!NodeMatches(*ctx_, id, constraint_, constraint_.props ? &props_ : nullptr, skip)) continue;
    row[static_cast<size_t>(slot_)] = Value(NodeValue{id, nullptr});
    return true;
  }
}

bool NodeFilterOp::DoNext(Row& row) {
  while (child()->Next(row)) {
    const Value& v = row[static_cast<size_t>(slot_)];
    if (!v.is_node()) continue;
    Value props = EvalProps(constraint_.props, row, *ctx_);
    if (NodeMatches(*ctx_, v.as_node().id, constraint_, constraint_.props ? &props : nullptr)) {
      return true;
    }
  }
  return false;
}

// ---- Expand ---------------------------------------------------------------------

void ExpandOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
  cursor_.reset();
  reusable_ = false;
}

std::string ExpandOp::Details() const {
  return "(" + spec_.from_var + ")" + DirArrow(spec_.dir, RelBody(spec_, false)) + "(" +
         spec_.to_var + spec_.to_constraint.Describe() + ")";
}

bool ExpandOp::StartRow(Row& row) {
  const Value& from = row[static_cast<size_t>(spec_.from)];
  if (!from.is_node()) return false;
  from_ = from.as_node().id;
  if (spec_.to_bound) {
    const Value& to = row[static_cast<size_t>(spec_.to)];
    if (!to.is_node()) return false;
    target_ = to.as_node().id;
  }
  if (spec_.rel_bound && !row[static_cast<size_t>(spec_.rel)].is_rel()) return false;
  if (!ResolveTypes(*ctx_, spec_.types, &type_ids_)) return false;
  rel_props_ = EvalProps(spec_.rel_props, row, *ctx_);
  if (rel_props_.is_null() && spec_.rel_props) return false;
  type_index_ = 0;
  return OpenCursor();
}

bool ExpandOp::OpenCursor() {
  if (type_index_ >= type_ids_.size()) return false;
  graph::TypeId t = type_ids_[type_index_];
  if (spec_.to_bound) {
    cursor_ = ctx_->txn().EdgesBetween(from_, target_, spec_.dir, t);
  } else if (cursor_ && reusable_) {
    cursor_->Reset(from_, spec_.dir, t);
  } else {
    cursor_ = ctx_->txn().Edges(from_, spec_.dir, t);
    reusable_ = true;
  }
  return true;
}

bool ExpandOp::DoNext(Row& row) {
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      active_ = StartRow(row);
      continue;
    }
    if (!cursor_->Valid()) {
      CheckCursor(*cursor_);
      ++type_index_;
      if (!OpenCursor()) active_ = false;
      continue;
    }
    graph::AdjEntry e = cursor_->entry();
    cursor_->Next();
    ctx_->Tick();
    if (spec_.rel_bound && row[static_cast<size_t>(spec_.rel)].as_rel().id != e.edge) continue;
    if (spec_.trail.Uses(row, e.edge)) continue;
    if (spec_.rel_props && !RelMatches(*ctx_, e.edge, rel_props_)) continue;
    if (!spec_.to_bound && !spec_.to_constraint.empty()) {
      Value props = EvalProps(spec_.to_constraint.props, row, *ctx_);
      if (!NodeMatches(*ctx_, e.neighbor, spec_.to_constraint,
                       spec_.to_constraint.props ? &props : nullptr)) {
        continue;
      }
    }
    if (!spec_.rel_bound) row[static_cast<size_t>(spec_.rel)] = Value(RelOf(e));
    if (!spec_.to_bound) row[static_cast<size_t>(spec_.to)] = Value(NodeValue{e.neighbor, nullptr});
    return true;
  }
}

// ---- VarExpand ------------------------------------------------------------------

// What one open adjacency cursor costs, roughly (two RocksDB iterators).
constexpr size_t kCursorBytes = 16 << 10;

void VarExpandOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
  stack_.clear();
  ctx.Charge(-static_cast<int64_t>(kCursorBytes * cursors_.size()));
  cursors_.clear();
  path_.clear();
}

std::string VarExpandOp::Details() const {
  return "(" + spec_.from_var + ")" + DirArrow(spec_.dir, RelBody(spec_, true)) + "(" +
         spec_.to_var + spec_.to_constraint.Describe() + ")";
}

bool VarExpandOp::StartRow(Row& row) {
  const Value& from = row[static_cast<size_t>(spec_.from)];
  if (!from.is_node()) return false;
  if (spec_.to_bound) {
    const Value& to = row[static_cast<size_t>(spec_.to)];
    if (!to.is_node()) return false;
    target_ = to.as_node().id;
  }
  if (!ResolveTypes(*ctx_, spec_.types, &type_ids_)) {
    // No such type: only the zero-length path can match.
    type_ids_.clear();
  }
  rel_props_ = EvalProps(spec_.rel_props, row, *ctx_);
  if (rel_props_.is_null() && spec_.rel_props) return false;
  stack_.clear();
  path_.clear();
  Frame f;
  f.node = from.as_node().id;
  stack_.push_back(std::move(f));
  pending_zero_ = spec_.min_hops == 0;
  return true;
}

bool VarExpandOp::AdvanceFrame(Frame& f, graph::AdjEntry* entry) {
  // Frames at the maximum depth yield nothing.
  if (spec_.max_hops >= 0 && static_cast<int64_t>(stack_.size()) - 1 >= spec_.max_hops) {
    return false;
  }
  while (true) {
    if (!f.opened) {
      if (f.type_index >= type_ids_.size()) return false;
      size_t depth = stack_.size() - 1;
      if (cursors_.size() <= depth) {
        // Each depth holds a cursor (RocksDB iterators): a long unbounded
        // walk is bounded by the memory budget.
        ctx_->Charge(static_cast<int64_t>(kCursorBytes * (depth + 1 - cursors_.size())));
        cursors_.resize(depth + 1);
      }
      auto& c = cursors_[depth];
      if (c) {
        c->Reset(f.node, spec_.dir, type_ids_[f.type_index]);
      } else {
        c = ctx_->txn().Edges(f.node, spec_.dir, type_ids_[f.type_index]);
      }
      f.cursor = c.get();
      f.opened = true;
    }
    if (!f.cursor->Valid()) {
      CheckCursor(*f.cursor);
      ++f.type_index;
      f.opened = false;
      continue;
    }
    *entry = f.cursor->entry();
    f.cursor->Next();
    return true;
  }
}

bool VarExpandOp::Emit(Row& row, graph::NodeId end) {
  if (spec_.to_bound) {
    if (end != target_) return false;
  } else if (!spec_.to_constraint.empty()) {
    Value props = EvalProps(spec_.to_constraint.props, row, *ctx_);
    if (!NodeMatches(*ctx_, end, spec_.to_constraint,
                     spec_.to_constraint.props ? &props : nullptr)) {
      return false;
    }
  }
  if (spec_.need_list) {
    ValueList list;
    list.reserve(path_.size());
    if (spec_.reverse_list) {
      for (auto it = path_.rbegin(); it != path_.rend(); ++it) list.emplace_back(*it);
    } else {
      for (const auto& r : path_) list.emplace_back(r);
    }
    row[static_cast<size_t>(spec_.rel)] = Value(std::move(list));
  }
  if (!spec_.to_bound) row[static_cast<size_t>(spec_.to)] = Value(NodeValue{end, nullptr});
  return true;
}

bool VarExpandOp::FollowList(graph::NodeId from, const Value& rels, graph::NodeId* end) {
  if (!rels.is_list()) return false;
  const auto& list = rels.as_list();
  auto n = static_cast<int64_t>(list.size());
  if (n < spec_.min_hops || (spec_.max_hops >= 0 && n > spec_.max_hops)) return false;
  std::vector<graph::TypeId> types;
  bool any_type = spec_.types.empty();
  if (!any_type && !ResolveTypes(*ctx_, spec_.types, &types)) return false;
  graph::NodeId cur = from;
  for (size_t k = 0; k < list.size(); ++k) {
    // The list runs along the pattern; walking from the far end, backwards.
    const Value& v = list[spec_.reverse_list ? list.size() - 1 - k : k];
    if (!v.is_rel()) return false;
    const RelValue& r = v.as_rel();
    if (!any_type && std::find(types.begin(), types.end(), r.type) == types.end()) return false;
    bool out_ok = r.src == cur, in_ok = r.dst == cur;
    if (spec_.dir == graph::Direction::kOut && !out_ok) return false;
    if (spec_.dir == graph::Direction::kIn && !in_ok) return false;
    if (!out_ok && !in_ok) return false;
    if (spec_.rel_props && !RelMatches(*ctx_, r.id, rel_props_)) return false;
    cur = out_ok && (spec_.dir != graph::Direction::kIn) ? r.dst : r.src;
  }
  *end = cur;
  return true;
}

bool VarExpandOp::DoNext(Row& row) {
  if (spec_.rel_bound) {
    // The relationships are given: check they form the pattern's path.
    while (child()->Next(row)) {
      const Value& from = row[static_cast<size_t>(spec_.from)];
      if (!from.is_node()) continue;
      rel_props_ = EvalProps(spec_.rel_props, row, *ctx_);
      graph::NodeId end;
      if (!FollowList(from.as_node().id, row[static_cast<size_t>(spec_.rel)], &end)) continue;
      if (spec_.to_bound) {
        const Value& to = row[static_cast<size_t>(spec_.to)];
        if (!to.is_node() || to.as_node().id != end) continue;
        return true;
      }
      Value props = EvalProps(spec_.to_constraint.props, row, *ctx_);
      if (!NodeMatches(*ctx_, end, spec_.to_constraint,
                       spec_.to_constraint.props ? &props : nullptr)) {
        continue;
      }
      row[static_cast<size_t>(spec_.to)] = Value(NodeValue{end, nullptr});
      return true;
    }
    return false;
  }
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      active_ = StartRow(row);
      continue;
    }
    if (pending_zero_) {
      pending_zero_ = false;
      if (Emit(row, stack_.front().node)) return true;
      continue;
    }
    if (stack_.empty()) {
      active_ = false;
      continue;
    }
    graph::AdjEntry e;
    if (!AdvanceFrame(stack_.back(), &e)) {
      stack_.pop_back();
      if (!path_.empty()) path_.pop_back();
      continue;
    }
    ctx_->Tick();
    bool used = false;
    for (const auto& r : path_) {
      if (r.id == e.edge) {
        used = true;
        break;
      }
    }
    if (used || spec_.trail.Uses(row, e.edge)) continue;
    if (spec_.rel_props && !RelMatches(*ctx_, e.edge, rel_props_)) continue;
    path_.push_back(RelOf(e));
    Frame f;
    f.node = e.neighbor;
    stack_.push_back(std::move(f));
    if (static_cast<int64_t>(path_.size()) >= spec_.min_hops && Emit(row, e.neighbor)) return true;
  }
}

// ---- shortest paths ------------------------------------------------------------

void ShortestPathOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
  ctx.Charge(-held_);
  held_ = 0;
  results_.clear();
}

std::string ShortestPathOp::Details() const {
  return "(" + spec_.from_var + ")" + DirArrow(spec_.dir, RelBody(spec_, true)) + "(" +
         spec_.to_var + ")";
}

void ShortestPathOp::Compute(graph::NodeId s, graph::NodeId t) {
  ctx_->Charge(-held_);
  held_ = 0;
  results_.clear();
  next_ = 0;
  std::vector<graph::TypeId> types;
  if (!ResolveTypes(*ctx_, spec_.types, &types)) {
    if (s == t && spec_.min_hops == 0) results_.push_back(PathValue{{NodeValue{s, nullptr}}, {}});
    return;
  }
  if (s == t) {
    if (spec_.min_hops == 0) results_.push_back(PathValue{{NodeValue{s, nullptr}}, {}});
    return;
  }
  if (types.size() == 1 && types[0] == graph::kNoCatalogId) types.clear();
  std::vector<graph::TypeId> scan =
      types.empty() ? std::vector<graph::TypeId>{graph::kNoCatalogId} : types;
  if (!all_ && !spec_.rel_props) {
    PathValue p;
    if (!ShortestPathBetween(*ctx_, s, t, spec_.dir, scan, spec_.max_hops, &p)) return;
    if (static_cast<int64_t>(p.rels.size()) < spec_.min_hops) return;
    results_.push_back(std::move(p));
    return;
  }
  std::function<bool(const graph::AdjEntry&)> accept;
  if (spec_.rel_props) {
    accept = [this](const graph::AdjEntry& e) { return RelMatches(*ctx_, e.edge, rel_props_); };
  }
  std::vector<PathValue> paths;
  AllShortestPathsBetween(*ctx_, s, t, spec_.dir, scan, spec_.max_hops, accept, all_ ? 0 : 1,
                          &paths);
  for (const auto& p : paths) held_ += PathBytes(p);
  for (auto& p : paths) {
    if (static_cast<int64_t>(p.rels.size()) >= spec_.min_hops) results_.push_back(std::move(p));
  }
}

bool ShortestPathOp::DoNext(Row& row) {
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      const Value& a = row[static_cast<size_t>(spec_.from)];
      const Value& b = row[static_cast<size_t>(spec_.to)];
      if (!a.is_node() || !b.is_node()) continue;
      rel_props_ = EvalProps(spec_.rel_props, row, *ctx_);
      Compute(a.as_node().id, b.as_node().id);
      active_ = true;
    }
    if (next_ >= results_.size()) {
      active_ = false;
      continue;
    }
    PathValue& p = results_[next_++];
    if (spec_.rel >= 0) {
      if (spec_.need_list) {
        ValueList list;
        for (const auto& r : p.rels) list.emplace_back(r);
        row[static_cast<size_t>(spec_.rel)] = Value(std::move(list));
      } else if (!p.rels.empty()) {
        row[static_cast<size_t>(spec_.rel)] = Value(p.rels.front());
      }
    }
    if (path_slot_ >= 0) row[static_cast<size_t>(path_slot_)] = Value(std::move(p));
    return true;
  }
}

// ---- paths, filters, optional ------------------------------------------------

Value BuildPath(const PathSpec& spec, const Row& row) {
  PathValue p;
  const Value& first = row[static_cast<size_t>(spec.nodes[0])];
  if (!first.is_node()) return Value();
  p.nodes.push_back(NodeValue{first.as_node().id, nullptr});
  graph::NodeId cur = first.as_node().id;
  for (size_t i = 0; i < spec.rels.size(); ++i) {
    const Value& r = row[static_cast<size_t>(spec.rels[i])];
    auto step = [&](const RelValue& rel) {
      cur = rel.src == cur ? rel.dst : rel.src;
      p.rels.push_back(RelValue{rel.id, rel.src, rel.dst, rel.type, nullptr});
      p.nodes.push_back(NodeValue{cur, nullptr});
    };
    if (spec.var_length[i]) {
      if (!r.is_list()) return Value();
      for (const auto& x : r.as_list()) step(x.as_rel());
    } else {
      if (!r.is_rel()) return Value();
      step(r.as_rel());
    }
  }
  return Value(std::move(p));
}

bool BuildPathOp::DoNext(Row& row) {
  if (!child()->Next(row)) return false;
  row[static_cast<size_t>(spec_.slot)] = BuildPath(spec_, row);
  return true;
}

bool FilterOp::DoNext(Row& row) {
  while (child()->Next(row)) {
    ctx_->Tick();
    if (EvalPredicate(*predicate_, row, *ctx_) == Tri::kTrue) return true;
  }
  return false;
}

void OptionalOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
}

bool OptionalOp::DoNext(Row& row) {
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      inner_->Open(*ctx_);
      active_ = true;
      matched_ = false;
    }
    if (inner_->Next(row)) {
      matched_ = true;
      return true;
    }
    active_ = false;
    if (!matched_) {
      for (int s : null_slots_) row[static_cast<size_t>(s)] = Value();
      return true;
    }
  }
}

// ---- projection, aggregation, ordering ---------------------------------------------

std::string ProjectOp::Details() const {
  std::string out;
  for (const auto& i : items_) out += (out.empty() ? "" : ", ") + i.name;
  return out;
}

bool ProjectOp::DoNext(Row& row) {
  if (!child()->Next(row)) return false;
  for (const auto& item : items_) {
    row[static_cast<size_t>(item.slot)] = Eval(*item.expr, row, *ctx_);
  }
  return true;
}

void AggregateOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  groups_.clear();
  next_ = 0;
  done_ = false;
}

std::string AggregateOp::Details() const {
  std::string out;
  for (const auto& k : keys_) out += (out.empty() ? "" : ", ") + k.name;
  for (const auto& o : outputs_) out += (out.empty() ? "" : ", ") + o.name;
  return out;
}

void AggregateOp::Consume(Row& row) {
  std::unordered_map<std::vector<Value>, size_t, RowHash, RowEquivalent> index;
  std::vector<Value> key;
  std::vector<Value> args;
  while (child()->Next(row)) {
    ctx_->Tick();
    key.clear();
    for (const auto& k : keys_) key.push_back(Eval(*k.expr, row, *ctx_));
    auto it = index.find(key);
    size_t g;
    if (it == index.end()) {
      g = groups_.size();
      Group group;
      group.key = key;
      for (const auto& a : aggs_) {
        group.aggs.push_back(MakeAggregator(a.kind, a.call->distinct, ctx_->collation()));
      }
      int64_t bytes = 128;
      for (const auto& v : key) bytes += static_cast<int64_t>(ValueBytes(v)) * 2;
      ctx_->Charge(bytes);
      groups_.push_back(std::move(group));
      index.emplace(key, g);
    } else {
      g = it->second;
    }
    Group& group = groups_[g];
    for (size_t i = 0; i < aggs_.size(); ++i) {
      args.clear();
      for (const auto& a : aggs_[i].call->args) args.push_back(Eval(*a, row, *ctx_));
      size_t before = group.aggs[i]->MemoryBytes();
      group.aggs[i]->Add(args);
      ctx_->Charge(static_cast<int64_t>(group.aggs[i]->MemoryBytes()) -
                   static_cast<int64_t>(before));
    }
  }
  // No input and no grouping keys: one row of empty aggregates.
  if (groups_.empty() && keys_.empty()) {
    Group group;
    for (const auto& a : aggs_) {
      group.aggs.push_back(MakeAggregator(a.kind, a.call->distinct, ctx_->collation()));
    }
    groups_.push_back(std::move(group));
  }
}

bool AggregateOp::DoNext(Row& row) {
  if (!done_) {
    Consume(row);
    done_ = true;
  }
  if (next_ >= groups_.size()) return false;
  Group& g = groups_[next_++];
  for (size_t i = 0; i < keys_.size(); ++i) row[static_cast<size_t>(keys_[i].slot)] = g.key[i];
  for (size_t i = 0; i < aggs_.size(); ++i) {
    row[static_cast<size_t>(aggs_[i].slot)] = g.aggs[i]->Result();
  }
  for (const auto& o : outputs_) row[static_cast<size_t>(o.slot)] = Eval(*o.expr, row, *ctx_);
  return true;
}

void DistinctOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  seen_.clear();
}

bool DistinctOp::DoNext(Row& row) {
  std::vector<Value> key;
  while (child()->Next(row)) {
    key.clear();
    for (int s : slots_) key.push_back(row[static_cast<size_t>(s)]);
    int64_t bytes = 64;
    for (const auto& v : key) bytes += static_cast<int64_t>(ValueBytes(v));
    if (seen_.insert(key).second) {
      ctx_->Charge(bytes);
      return true;
    }
  }
  return false;
}

int64_t EvalCount(const Expr& e, ExecContext& ctx, const char* what) {
  Row empty;
  Value v = Eval(e, empty, ctx);
  if (v.is_float() && v.as_float() == std::floor(v.as_float())) {
    // A whole float is accepted only from parameters; literals were checked.
  }
  if (!v.is_int()) {
    ThrowRuntime("SyntaxError", "InvalidArgumentType",
                 std::string(what) + " must be a non-negative integer, got a " + v.kind_name());
  }
  if (v.as_int() < 0) {
    ThrowRuntime(
        "SyntaxError", "NegativeIntegerArgument",
        std::string(what) + " must be a non-negative integer, got " + std::to_string(v.as_int()));
  }
  return v.as_int();
}

void SortOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  rows_.clear();
  sort_keys_.clear();
  order_.clear();
  next_ = 0;
  done_ = false;
  ctx.Charge(-charged_);
  charged_ = 0;
}

bool SortOp::DoNext(Row& row) {
  if (!done_) {
    done_ = true;
    int64_t keep = -1;
    if (limit_) {
      keep = EvalCount(*limit_, *ctx_, "LIMIT");
      if (skip_) keep += EvalCount(*skip_, *ctx_, "SKIP");
    }
    if (keep == 0) {
      if (drain_) {
        while (child()->Next(row)) {
        }
      }
      return false;
    }
    while (child()->Next(row)) {
      ctx_->Tick();
      std::vector<Value> k;
      k.reserve(keys_.size());
      int64_t bytes = static_cast<int64_t>(row.size() * sizeof(Value)) + 64;
      for (const auto& key : keys_) {
        k.push_back(Eval(*key.expr, row, *ctx_));
        bytes += static_cast<int64_t>(ValueBytes(k.back()));
      }
      ctx_->Charge(bytes);
      charged_ += bytes;
      rows_.push_back(row);
      sort_keys_.push_back(std::move(k));
    }
    order_.resize(rows_.size());
    for (size_t i = 0; i < order_.size(); ++i) order_[i] = i;
    auto less = [&](size_t a, size_t b) {
      for (size_t i = 0; i < keys_.size(); ++i) {
        int c = OrderCompare(sort_keys_[a][i], sort_keys_[b][i], ctx_->collation());
        if (c != 0) return keys_[i].descending ? c > 0 : c < 0;
      }
      return a < b;  // stable
    };
    if (keep >= 0 && static_cast<size_t>(keep) < order_.size()) {
      std::partial_sort(order_.begin(), order_.begin() + keep, order_.end(), less);
      order_.resize(static_cast<size_t>(keep));
    } else {
      std::sort(order_.begin(), order_.end(), less);
    }
  }
  if (next_ >= order_.size()) return false;
  row = std::move(rows_[order_[next_++]]);
  return true;
}

void SkipOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  remaining_ = EvalCount(*count_, ctx, "SKIP");
}

bool SkipOp::DoNext(Row& row) {
  while (remaining_ > 0) {
    if (!child()->Next(row)) return false;
    --remaining_;
  }
  return child()->Next(row);
}

void LimitOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  remaining_ = EvalCount(*count_, ctx, "LIMIT");
}

bool LimitOp::DoNext(Row& row) {
  if (remaining_ <= 0) {
    if (drain_) {
      while (child()->Next(row)) {
      }
      drain_ = false;
    }
    return false;
  }
  if (!child()->Next(row)) return false;
  --remaining_;
  return true;
}

void UnwindOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
  lazy_range_ = false;
}

bool UnwindOp::StartRange(Row& row) {
  std::vector<Value> args;
  for (const auto& a : list_->args) args.push_back(Eval(*a, row, *ctx_));
  for (const auto& v : args) {
    if (!v.is_int()) {
      ThrowRuntime("ArgumentError", "InvalidArgumentType",
                   std::string("range() expects integers, got a ") + v.kind_name());
    }
  }
  next_ = args[0].as_int();
  end_ = args[1].as_int();
  step_ = args.size() > 2 ? args[2].as_int() : 1;
  if (step_ == 0) ThrowRuntime("ArgumentError", "NumberOutOfRange", "range() step must not be 0");
  return step_ > 0 ? next_ <= end_ : next_ >= end_;
}

bool UnwindOp::DoNext(Row& row) {
  if (list_->kind == ExprKind::kFunction && list_->fn && list_->agg < 0 &&
      std::string(list_->fn->name) == "range") {
    while (true) {
      if (!lazy_range_) {
        if (!child()->Next(row)) return false;
        lazy_range_ = StartRange(row);
        continue;
      }
      ctx_->Tick();
      row[static_cast<size_t>(slot_)] = Value(next_);
      __int128 after = static_cast<__int128>(next_) + step_;
      if (step_ > 0 ? after > end_ : after < end_) {
        lazy_range_ = false;  // that was the last one
      } else {
        next_ = static_cast<int64_t>(after);
      }
      return true;
    }
  }
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      list_value_ = Eval(*list_, row, *ctx_);
      index_ = 0;
      if (list_value_.is_null()) continue;
      if (!list_value_.is_list()) {
        // UNWIND of a single value yields it once.
        row[static_cast<size_t>(slot_)] = list_value_;
        return true;
      }
      active_ = true;
    }
    if (index_ >= list_value_.as_list().size()) {
      active_ = false;
      continue;
    }
    ctx_->Tick();
    row[static_cast<size_t>(slot_)] = list_value_.as_list()[index_++];
    return true;
  }
}

void UnionOp::Open(ExecContext& ctx) {
  ctx_ = &ctx;
  part_ = 0;
  seen_.clear();
  if (!children_.empty()) children_[0]->Open(ctx);
}

bool UnionOp::DoNext(Row& row) {
  while (part_ < children_.size()) {
    if (!children_[part_]->Next(row)) {
      ++part_;
      if (part_ < children_.size()) children_[part_]->Open(*ctx_);
      continue;
    }
    const auto& from = part_slots_[part_];
    const auto& to = part_slots_[0];
    if (part_ > 0) {
      for (size_t i = 0; i < to.size(); ++i) {
        row[static_cast<size_t>(to[i])] = row[static_cast<size_t>(from[i])];
      }
    }
    if (distinct_) {
      std::vector<Value> key;
      for (int s : to) key.push_back(row[static_cast<size_t>(s)]);
      if (!seen_.insert(std::move(key)).second) continue;
      ctx_->Charge(128);
    }
    return true;
  }
  return false;
}

void CallOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  active_ = false;
}

bool CallOp::DoNext(Row& row) {
  while (true) {
    if (!active_) {
      if (!child()->Next(row)) return false;
      std::vector<Value> args;
      for (const Expr* a : args_) args.push_back(Eval(*a, row, *ctx_));
      for (size_t i = 0; i < args.size() && i < def_->inputs.size(); ++i) {
        SType want = def_->inputs[i].type;
        const Value& v = args[i];
        bool ok = v.is_null() || want == SType::kAny || (want == SType::kString && v.is_string()) ||
                  (want == SType::kInt && v.is_int()) ||
                  ((want == SType::kFloat || want == SType::kNumber) && v.is_number()) ||
                  (want == SType::kBool && v.is_bool()) || (want == SType::kList && v.is_list()) ||
                  (want == SType::kMap && v.is_map()) || (want == SType::kNode && v.is_node());
        if (!ok) {
          ThrowRuntime("TypeError", "InvalidArgumentType",
                       def_->name + ": argument " + def_->inputs[i].name + " must be a " +
                           STypeName(want) + ", got a " + v.kind_name());
        }
      }
      buffer_.clear();
      next_ = 0;
      def_->run(*ctx_, args, [&](std::vector<Value> out) {
        ctx_->Tick();
        buffer_.push_back(std::move(out));
        return true;
      });
      active_ = true;
      // A procedure that yields nothing (and is called for its effect)
      // passes each input row through once.
      if (def_->outputs.empty()) {
        active_ = false;
        return true;
      }
    }
    if (next_ >= buffer_.size()) {
      active_ = false;
      continue;
    }
    auto& out = buffer_[next_++];
    for (const auto& [index, slot] : yields_) {
      row[static_cast<size_t>(slot)] = index < out.size() ? out[index] : Value();
    }
    return true;
  }
}

}  // namespace splot::query
