#include "query/planner.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <limits>
#include <set>

namespace splot::query {

namespace {

// Estimated rows of an indexed-name lookup: names are nearly unique, so it
// beats any label holding more than a node or two.
constexpr double kNameLookupCost = 1.5;

bool IsNameProperty(const std::string& key) {
  for (const char* p : graph::kNameProperties) {
    if (key == p) return true;
  }
  return false;
}

// Slots read by an expression (including the bound variables of nested
// patterns).
void CollectSlots(const Expr& e, std::set<int>* out) {
  if (e.kind == ExprKind::kVariable && e.slot >= 0) out->insert(e.slot);
  if (e.kind == ExprKind::kFunction || e.kind == ExprKind::kCountStar) {
    if (e.agg >= 0) out->insert(e.agg);
  }
  if (e.pattern) {
    for (const auto& n : e.pattern->nodes) {
      if (!n.declares) out->insert(n.slot);
      if (n.props) CollectSlots(*n.props, out);
    }
    for (const auto& r : e.pattern->rels) {
      if (!r.declares) out->insert(r.slot);
      if (r.props) CollectSlots(*r.props, out);
    }
  }
  for (const auto& a : e.args) {
    if (a) CollectSlots(*a, out);
  }
}

bool HasSubquery(const Expr& e) {
  if (e.subquery) return true;
  for (const auto& a : e.args) {
    if (a && HasSubquery(*a)) return true;
  }
  return false;
}

void SplitAnd(const Expr* e, std::vector<const Expr*>* out) {
  if (!e) return;
  if (e->kind == ExprKind::kAnd) {
    SplitAnd(e->args[0].get(), out);
    SplitAnd(e->args[1].get(), out);
    return;
  }
  out->push_back(e);
}

std::string ExprText(const Expr& e);

std::string JoinArgs(const Expr& e, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < e.args.size(); ++i) {
    if (!e.args[i]) continue;
    if (!out.empty()) out += ", ";
    out += ExprText(*e.args[i]);
  }
  return out;
}

// A compact rendering of an expression for EXPLAIN.
std::string ExprText(const Expr& e) {
  static const char* kCmp[] = {"=", "<>", "<", ">", "<=", ">="};
  static const char* kArith[] = {"+", "-", "*", "/", "%", "^"};
  switch (e.kind) {
    case ExprKind::kLiteral:
      return ToCypherLiteral(e.literal);
    case ExprKind::kParameter:
      return "$" + e.name;
    case ExprKind::kVariable:
      return e.name.empty() ? "#" + std::to_string(e.slot) : e.name;
    case ExprKind::kProperty:
      return ExprText(*e.args[0]) + "." + e.name;
    case ExprKind::kCompare:
      return ExprText(*e.args[0]) + " " + kCmp[e.op] + " " + ExprText(*e.args[1]);
    case ExprKind::kArith:
      return ExprText(*e.args[0]) + " " + kArith[e.op] + " " + ExprText(*e.args[1]);
    case ExprKind::kAnd:
      return ExprText(*e.args[0]) + " AND " + ExprText(*e.args[1]);
    case ExprKind::kOr:
      return ExprText(*e.args[0]) + " OR " + ExprText(*e.args[1]);
    case ExprKind::kNot:
      return "NOT " + ExprText(*e.args[0]);
    case ExprKind::kFunction:
      return e.name + "(" + JoinArgs(e) + ")";
    case ExprKind::kCountStar:
      return "count(*)";
    case ExprKind::kIn:
      return ExprText(*e.args[0]) + " IN " + ExprText(*e.args[1]);
    case ExprKind::kIsNull:
      return ExprText(*e.args[0]) + " IS NULL";
    case ExprKind::kIsNotNull:
      return ExprText(*e.args[0]) + " IS NOT NULL";
    case ExprKind::kPatternPredicate:
      return "<pattern>";
    default:
      return "<expr>";
  }
}

class SubPlan : public PatternPlan {
 public:
  void Run(Row& row, ExecContext& ctx, const std::function<bool(Row&)>& fn) override {
    root->Open(ctx);
    while (root->Next(row)) {
      if (!fn(row)) break;
    }
  }
  OperatorPool pool;
  Operator* root = nullptr;
};

class Planner {
 public:
  Planner(graph::GraphStore& store, OperatorPool* pool, bool updating)
      : store_(store), pool_(pool), updating_(updating) {}

  Operator* PlanSingleQuery(SingleQuery& q, std::vector<int>* column_slots) {
    return PlanClauses(q, pool_->Make<OnceOp>("Start"), column_slots);
  }

  // Plans the clauses of `q` on top of `op`.
  Operator* PlanClauses(SingleQuery& q, Operator* op, std::vector<int>* column_slots) {
    for (auto& clause : q.clauses) {
      CompilePatternsInClause(*clause);
      switch (clause->kind) {
        case ClauseKind::kMatch:
          op = PlanMatch(static_cast<MatchClause&>(*clause), op);
          break;
        case ClauseKind::kUnwind: {
          auto& u = static_cast<UnwindClause&>(*clause);
          op = Chain<UnwindOp>(op, u.list.get(), u.slot, u.alias);
          break;
        }
        case ClauseKind::kWith: {
          auto& w = static_cast<WithClause&>(*clause);
          op = PlanProjection(w.body, op);
          if (w.where) op = Chain<FilterOp>(op, w.where.get(), ExprText(*w.where));
          break;
        }
        case ClauseKind::kReturn: {
          auto& r = static_cast<ReturnClause&>(*clause);
          op = PlanProjection(r.body, op);
          column_slots->clear();
          for (const auto& item : r.body.items) column_slots->push_back(item.slot);
          break;
        }
        case ClauseKind::kCreate: {
          auto& c = static_cast<CreateClause&>(*clause);
          std::vector<CreatePart> parts;
          for (const auto& p : c.pattern) parts.push_back(CreatePart{p.get(), PathOf(*p)});
          op = Chain<CreateOp>(op, std::move(parts));
          break;
        }
        case ClauseKind::kMerge: {
          auto& m = static_cast<MergeClause&>(*clause);
          auto match = MakeSubPlan({m.part.get()}, nullptr);
          op = Chain<MergeOp>(op, CreatePart{m.part.get(), PathOf(*m.part)}, match, &m);
          break;
        }
        case ClauseKind::kSet:
          op = Chain<SetOp>(op, &static_cast<SetClause&>(*clause));
          break;
        case ClauseKind::kRemove:
          op = Chain<RemoveOp>(op, &static_cast<RemoveClause&>(*clause));
          break;
        case ClauseKind::kDelete:
          op = Chain<DeleteOp>(op, &static_cast<DeleteClause&>(*clause));
          break;
        case ClauseKind::kCall: {
          auto& call = static_cast<CallClause&>(*clause);
          std::vector<const Expr*> args;
          for (const auto& a : call.args) args.push_back(a.get());
          std::vector<std::pair<size_t, int>> yields;
          for (const auto& y : call.yields) {
            for (size_t i = 0; i < call.def->outputs.size(); ++i) {
              if (call.def->outputs[i].name == y.field) yields.emplace_back(i, y.slot);
            }
          }
          op = Chain<CallOp>(op, call.def, std::move(args), std::move(yields));
          if (call.where) op = Chain<FilterOp>(op, call.where.get(), ExprText(*call.where));
          if (call.standalone) {
            column_slots->clear();
            for (const auto& y : call.yields) column_slots->push_back(y.slot);
          }
          break;
        }
      }
    }
    return op;
  }

 private:
  template <typename T, typename... Args>
  Operator* Chain(Operator* input, Args&&... args) {
    T* op = pool_->Make<T>(std::forward<Args>(args)...);
    op->AddChild(input);
    return op;
  }

  // ---- patterns inside expressions -------------------------------------------
  void CompilePatternsInClause(Clause& c) {
    auto visit = [&](const ExprPtr& e) {
      if (e) CompilePatterns(*e);
    };
    auto visit_pattern = [&](const Pattern& p) {
      for (const auto& part : p) {
        for (const auto& n : part->nodes) visit(n.props);
        for (const auto& r : part->rels) visit(r.props);
      }
    };
    auto visit_body = [&](ProjectionBody& b) {
      for (auto& i : b.items) visit(i.expr);
      for (auto& s : b.order_by) visit(s.expr);
      visit(b.skip);
      visit(b.limit);
    };
    auto visit_set = [&](std::vector<SetItem>& items) {
      for (auto& i : items) {
        visit(i.target);
        visit(i.value);
      }
    };
    switch (c.kind) {
      case ClauseKind::kMatch: {
        auto& m = static_cast<MatchClause&>(c);
        visit_pattern(m.pattern);
        visit(m.where);
        break;
      }
      case ClauseKind::kUnwind:
        visit(static_cast<UnwindClause&>(c).list);
        break;
      case ClauseKind::kWith:
        visit_body(static_cast<WithClause&>(c).body);
        visit(static_cast<WithClause&>(c).where);
        break;
      case ClauseKind::kReturn:
        visit_body(static_cast<ReturnClause&>(c).body);
        break;
      case ClauseKind::kCreate:
        visit_pattern(static_cast<CreateClause&>(c).pattern);
        break;
      case ClauseKind::kMerge: {
        auto& m = static_cast<MergeClause&>(c);
        visit_pattern({m.part});
        visit_set(m.on_create);
        visit_set(m.on_match);
        break;
      }
      case ClauseKind::kSet:
        visit_set(static_cast<SetClause&>(c).items);
        break;
      case ClauseKind::kRemove:
        for (auto& i : static_cast<RemoveClause&>(c).items) visit(i.target);
        break;
      case ClauseKind::kDelete:
        for (auto& t : static_cast<DeleteClause&>(c).targets) visit(t);
        break;
      case ClauseKind::kCall: {
        auto& call = static_cast<CallClause&>(c);
        for (auto& a : call.args) visit(a);
        visit(call.where);
        break;
      }
    }
  }

  void CompilePatterns(Expr& e) {
    for (auto& a : e.args) {
      if (a) CompilePatterns(*a);
    }
    if (e.subquery && !e.plan) {
      auto sub = std::make_shared<SubPlan>();
      OperatorPool* saved = pool_;
      pool_ = &sub->pool;
      std::vector<int> unused;
      sub->root = PlanClauses(*e.subquery, pool_->Make<OnceOp>("Argument"), &unused);
      pool_ = saved;
      e.plan = sub;
      return;
    }
    if (e.pattern && !e.plan &&
        (e.kind == ExprKind::kPatternPredicate || e.kind == ExprKind::kPatternComprehension ||
         e.kind == ExprKind::kExistsSubquery)) {
      for (auto& n : e.pattern->nodes) {
        if (n.props) CompilePatterns(*n.props);
      }
      for (auto& r : e.pattern->rels) {
        if (r.props) CompilePatterns(*r.props);
      }
      e.plan = MakeSubPlan({e.pattern.get()}, nullptr);
    }
  }

  std::shared_ptr<PatternPlan> MakeSubPlan(std::vector<PatternPart*> parts, const Expr* where) {
    auto sub = std::make_shared<SubPlan>();
    OperatorPool* saved = pool_;
    pool_ = &sub->pool;
    Operator* arg = pool_->Make<OnceOp>("Argument");
    sub->root = PlanPattern(parts, where, arg);
    pool_ = saved;
    return sub;
  }

  // ---- MATCH ---------------------------------------------------------------
  Operator* PlanMatch(MatchClause& m, Operator* input) {
    std::vector<PatternPart*> parts;
    for (auto& p : m.pattern) parts.push_back(p.get());
    if (!m.optional) return PlanPattern(parts, m.where.get(), input);
    OnceOp* arg = pool_->Make<OnceOp>("Argument");
    Operator* inner = PlanPattern(parts, m.where.get(), arg);
    std::vector<int> nulls;
    for (auto* p : parts) {
      for (const auto& n : p->nodes) {
        if (n.declares) nulls.push_back(n.slot);
      }
      for (const auto& r : p->rels) {
        if (r.declares) nulls.push_back(r.slot);
      }
      if (p->path_slot >= 0) nulls.push_back(p->path_slot);
    }
    return Chain<OptionalOp>(input, inner, arg, std::move(nulls));
  }

  static PathSpec PathOf(const PatternPart& part) {
    PathSpec s;
    s.slot = part.path_slot;
    for (const auto& n : part.nodes) s.nodes.push_back(n.slot);
    for (const auto& r : part.rels) {
      s.rels.push_back(r.slot);
      s.var_length.push_back(r.var_length);
    }
    return s;
  }

  struct Pending {
    const Expr* expr;
    std::set<int> deps;
    bool placed = false;
  };

  struct Anchor {
    double cost = std::numeric_limits<double>::max();
    ScanMode mode = ScanMode::kAll;
    const Expr* lookup = nullptr;
    std::string label;
  };

  // Estimates how to find the nodes of `n` (unbound) from the conjuncts.
  Anchor EstimateAnchor(const NodePattern& n, const std::vector<Pending>& preds,
                        const std::set<int>& unbound) {
    Anchor a;
    auto evaluable = [&](const Expr& e) {
      std::set<int> deps;
      CollectSlots(e, &deps);
      for (int d : deps) {
        if (unbound.count(d)) return false;
      }
      return true;
    };
    // Label with the fewest nodes.
    double label_cost = static_cast<double>(store_.NodeCount()) + 1;
    std::string best_label;
    for (const auto& l : n.labels) {
      auto id = store_.catalog().Find(graph::CatalogKind::kLabel, l);
      double c = id ? static_cast<double>(store_.LabelCount(*id)) : 0.0;
      if (best_label.empty() || c < label_cost) {
        label_cost = c;
        best_label = l;
      }
    }
    a.cost = label_cost;
    a.mode = best_label.empty() ? ScanMode::kAll : ScanMode::kLabel;
    a.label = best_label;
    auto consider = [&](ScanMode mode, const Expr* lookup, double cost) {
      if (cost < a.cost) {
        a.cost = cost;
        a.mode = mode;
        a.lookup = lookup;
      }
    };
    auto is_var = [&](const Expr& e) { return e.kind == ExprKind::kVariable && e.slot == n.slot; };
    for (const auto& p : preds) {
      const Expr& e = *p.expr;
      if (e.kind != ExprKind::kCompare || static_cast<CompareOp>(e.op) != CompareOp::kEq) continue;
      for (int side = 0; side < 2; ++side) {
        const Expr& l = *e.args[side];
        const Expr& r = *e.args[1 - side];
        if (!evaluable(r)) continue;
        if (l.kind == ExprKind::kFunction && l.args.size() == 1 && is_var(*l.args[0]) && l.fn) {
          std::string fn = l.fn->name;
          if (fn == "id") consider(ScanMode::kId, &r, 1);
          if (fn == "key") consider(ScanMode::kKey, &r, 1);
        }
        if (l.kind == ExprKind::kProperty && is_var(*l.args[0]) && IsNameProperty(l.name)) {
          consider(ScanMode::kName, &r, kNameLookupCost);
        }
      }
    }
    if (n.props && n.props->kind == ExprKind::kMap) {
      for (size_t i = 0; i < n.props->keys.size(); ++i) {
        if (IsNameProperty(n.props->keys[i]) && evaluable(*n.props->args[i])) {
          consider(ScanMode::kName, n.props->args[i].get(), kNameLookupCost);
        }
      }
    }
    return a;
  }

  NodeConstraint ConstraintOf(const NodePattern& n) {
    NodeConstraint c;
    c.labels = n.labels;
    c.props = n.props.get();
    return c;
  }

  Operator* PlanPattern(const std::vector<PatternPart*>& parts, const Expr* where,
                        Operator* input) {
    std::set<int> unbound;
    size_t rel_count = 0;
    for (auto* p : parts) {
      for (const auto& n : p->nodes) {
        if (n.declares) unbound.insert(n.slot);
      }
      for (const auto& r : p->rels) {
        if (r.declares) unbound.insert(r.slot);
        ++rel_count;
      }
      if (p->path_slot >= 0) unbound.insert(p->path_slot);
    }
    std::set<int> initially_unbound = unbound;
    std::vector<const Expr*> conjuncts;
    SplitAnd(where, &conjuncts);
    std::vector<Pending> preds;
    for (const Expr* c : conjuncts) {
      Pending p{c, {}, false};
      std::set<int> deps;
      CollectSlots(*c, &deps);
      for (int d : deps) {
        if (initially_unbound.count(d)) p.deps.insert(d);
      }
      // A subquery may read any variable: run it once all are bound.
      if (HasSubquery(*c)) p.deps = initially_unbound;
      preds.push_back(std::move(p));
    }
    Operator* op = input;
    auto place = [&]() {
      for (auto& p : preds) {
        if (p.placed) continue;
        bool ready = true;
        for (int d : p.deps) ready = ready && !unbound.count(d);
        if (!ready) continue;
        p.placed = true;
        op = Chain<FilterOp>(op, p.expr, ExprText(*p.expr));
      }
    };
    place();
    TrailSlots trail;
    std::vector<bool> done(parts.size(), false);
    for (size_t round = 0; round < parts.size(); ++round) {
      // Pick the part and node with the cheapest start.
      size_t best_part = 0, best_node = 0;
      Anchor best;
      bool found = false;
      for (size_t pi = 0; pi < parts.size(); ++pi) {
        if (done[pi]) continue;
        const PatternPart& part = *parts[pi];
        for (size_t ni = 0; ni < part.nodes.size(); ++ni) {
          const NodePattern& n = part.nodes[ni];
          Anchor a;
          if (!unbound.count(n.slot)) {
            a.cost = 0;
          } else {
            a = EstimateAnchor(n, preds, unbound);
          }
          if (!found || a.cost < best.cost) {
            found = true;
            best = a;
            best_part = pi;
            best_node = ni;
          }
        }
      }
      done[best_part] = true;
      PatternPart& part = *parts[best_part];
      if (part.function != PathFunction::kNone) {
        // Both ends first, then the search between them.
        for (size_t ni : {size_t{0}, part.nodes.size() - 1}) {
          const NodePattern& n = part.nodes[ni];
          if (unbound.count(n.slot)) {
            Anchor a = EstimateAnchor(n, preds, unbound);
            op = Scan(op, n, a);
            unbound.erase(n.slot);
            place();
          } else if (!ConstraintOf(n).empty()) {
            op = Chain<NodeFilterOp>(op, n.slot, n.var, ConstraintOf(n));
          }
        }
        const RelPattern& rel = part.rels[0];
        ExpandSpec spec = SpecFor(part, 0, true, trail, rel_count);
        spec.need_list = rel.var_length;
        if (!rel.var_length) spec.max_hops = 1;
        op = Chain<ShortestPathOp>(op, std::move(spec), part.function == PathFunction::kAllShortest,
                                   part.path_slot);
        unbound.erase(rel.slot);
        unbound.erase(part.path_slot);
        if (rel.var_length) {
          trail.lists.push_back(rel.slot);
        } else {
          trail.rels.push_back(rel.slot);
        }
        place();
        continue;
      }
      const NodePattern& anchor = part.nodes[best_node];
      if (unbound.count(anchor.slot)) {
        op = Scan(op, anchor, best);
        unbound.erase(anchor.slot);
      } else if (!ConstraintOf(anchor).empty()) {
        op = Chain<NodeFilterOp>(op, anchor.slot, anchor.var, ConstraintOf(anchor));
      }
      place();
      for (size_t i = best_node; i < part.rels.size(); ++i) {
        op = ExpandStep(op, part, i, true, &trail, &unbound, rel_count);
        place();
      }
      for (size_t i = best_node; i-- > 0;) {
        op = ExpandStep(op, part, i, false, &trail, &unbound, rel_count);
        place();
      }
      if (part.path_slot >= 0) {
        op = Chain<BuildPathOp>(op, PathOf(part), part.path_var);
        unbound.erase(part.path_slot);
        place();
      }
    }
    // Anything left reads only bound slots by now.
    for (auto& p : preds) {
      if (!p.placed) op = Chain<FilterOp>(op, p.expr, ExprText(*p.expr));
    }
    return op;
  }

  Operator* Scan(Operator* input, const NodePattern& n, const Anchor& a) {
    NodeConstraint c = ConstraintOf(n);
    std::string label = a.label;
    if (label.empty() && !n.labels.empty()) label = n.labels.front();
    return Chain<NodeScanOp>(input, n.slot, n.var, a.mode, std::move(c), a.lookup, label);
  }

  ExpandSpec SpecFor(const PatternPart& part, size_t i, bool forward, const TrailSlots& trail,
                     size_t rel_count) {
    const RelPattern& rel = part.rels[i];
    const NodePattern& a = forward ? part.nodes[i] : part.nodes[i + 1];
    const NodePattern& b = forward ? part.nodes[i + 1] : part.nodes[i];
    ExpandSpec s;
    s.from = a.slot;
    s.to = b.slot;
    s.rel = rel.slot;
    s.from_var = a.var;
    s.to_var = b.var;
    s.rel_var = rel.var;
    graph::Direction d = rel.dir == RelDirection::kOut  ? graph::Direction::kOut
                         : rel.dir == RelDirection::kIn ? graph::Direction::kIn
                                                        : graph::Direction::kBoth;
    if (!forward && d != graph::Direction::kBoth) {
      d = d == graph::Direction::kOut ? graph::Direction::kIn : graph::Direction::kOut;
    }
    s.dir = d;
    s.types = rel.types;
    s.rel_props = rel.props.get();
    s.to_constraint = ConstraintOf(b);
    s.trail = trail;
    s.min_hops = rel.var_length ? rel.min_hops : 1;
    s.max_hops = rel.var_length ? rel.max_hops : 1;
    s.need_list = !rel.var.empty() || part.path_slot >= 0 || rel_count > 1;
    s.reverse_list = !forward;
    return s;
  }

  Operator* ExpandStep(Operator* op, PatternPart& part, size_t i, bool forward, TrailSlots* trail,
                       std::set<int>* unbound, size_t rel_count) {
    const RelPattern& rel = part.rels[i];
    const NodePattern& b = forward ? part.nodes[i + 1] : part.nodes[i];
    ExpandSpec spec = SpecFor(part, i, forward, *trail, rel_count);
    spec.to_bound = !unbound->count(b.slot);
    spec.rel_bound = !unbound->count(rel.slot);
    bool filter_after = spec.to_bound && !spec.to_constraint.empty();
    if (spec.to_bound) spec.to_constraint = NodeConstraint();
    if (rel.var_length) {
      op = Chain<VarExpandOp>(op, std::move(spec));
      trail->lists.push_back(rel.slot);
    } else {
      op = Chain<ExpandOp>(op, std::move(spec));
      trail->rels.push_back(rel.slot);
    }
    if (filter_after) op = Chain<NodeFilterOp>(op, b.slot, b.var, ConstraintOf(b));
    unbound->erase(b.slot);
    unbound->erase(rel.slot);
    return op;
  }

  // ---- projections ------------------------------------------------------------
  void CollectAggregates(const Expr& e, std::vector<AggregateItem>* out) {
    if (e.agg >= 0 && (e.kind == ExprKind::kFunction || e.kind == ExprKind::kCountStar)) {
      AggKind kind = e.kind == ExprKind::kCountStar ? AggKind::kCount : e.fn->agg;
      for (const auto& x : *out) {
        if (x.slot == e.agg) return;
      }
      out->push_back(AggregateItem{e.agg, &e, kind});
      return;
    }
    for (const auto& a : e.args) {
      if (a) CollectAggregates(*a, out);
    }
  }

  Operator* PlanProjection(ProjectionBody& body, Operator* op) {
    bool aggregating = false;
    for (const auto& item : body.items) aggregating = aggregating || ContainsAggregate(*item.expr);
    if (aggregating) {
      std::vector<ProjectItem> keys, outputs;
      std::vector<AggregateItem> aggs;
      for (const auto& item : body.items) {
        if (ContainsAggregate(*item.expr)) {
          CollectAggregates(*item.expr, &aggs);
          outputs.push_back(ProjectItem{item.slot, item.expr.get(), item.alias});
        } else {
          keys.push_back(ProjectItem{item.slot, item.expr.get(), item.alias});
        }
      }
      op = Chain<AggregateOp>(op, std::move(keys), std::move(aggs), std::move(outputs));
    } else {
      std::vector<ProjectItem> items;
      for (const auto& item : body.items) {
        items.push_back(ProjectItem{item.slot, item.expr.get(), item.alias});
      }
      op = Chain<ProjectOp>(op, std::move(items));
    }
    if (body.distinct) {
      std::vector<int> slots;
      std::string text;
      for (const auto& item : body.items) {
        slots.push_back(item.slot);
        text += (text.empty() ? "" : ", ") + item.alias;
      }
      op = Chain<DistinctOp>(op, std::move(slots), text);
    }
    if (!body.order_by.empty()) {
      std::vector<SortKey> keys;
      std::string text;
      for (const auto& s : body.order_by) {
        keys.push_back(SortKey{s.expr.get(), s.descending});
        text += (text.empty() ? "" : ", ") + ExprText(*s.expr) + (s.descending ? " DESC" : "");
      }
      op = Chain<SortOp>(op, std::move(keys), body.skip.get(), body.limit.get(), updating_, text);
    }
    if (body.skip) op = Chain<SkipOp>(op, body.skip.get());
    if (body.limit) op = Chain<LimitOp>(op, body.limit.get(), updating_);
    return op;
  }

  graph::GraphStore& store_;
  OperatorPool* pool_;
  bool updating_;  // the statement writes: LIMIT must not skip writes
};

void Describe(const Operator& op, bool profile, int depth, std::string* out) {
  std::string line(static_cast<size_t>(depth) * 2, ' ');
  line += "+" + op.Name();
  std::string d = op.Details();
  if (!d.empty()) line += " " + d;
  if (profile) {
    int64_t child_nanos = 0;
    for (const Operator* c : op.children()) child_nanos += c->nanos();
    double self_ms = static_cast<double>(std::max<int64_t>(0, op.nanos() - child_nanos)) / 1e6;
    char buf[96];
    std::snprintf(buf, sizeof(buf), "  [rows=%llu, time=%.3f ms]",
                  static_cast<unsigned long long>(op.rows()), self_ms);
    line += buf;
  }
  *out += line + "\n";
  for (const Operator* s : op.Subplans()) Describe(*s, profile, depth + 2, out);
  for (const Operator* c : op.children()) Describe(*c, profile, depth + 1, out);
}

}  // namespace

std::unique_ptr<Plan> PlanStatement(Statement& statement, const BindResult& bound,
                                    graph::GraphStore& store) {
  auto plan = std::make_unique<Plan>();
  plan->columns = bound.columns;
  plan->num_slots = bound.num_slots;
  plan->updating = bound.updating;
  Planner planner(store, &plan->pool, bound.updating);
  if (statement.parts.size() == 1) {
    plan->root = planner.PlanSingleQuery(statement.parts[0], &plan->column_slots);
    return plan;
  }
  std::vector<std::vector<int>> part_slots;
  std::vector<Operator*> roots;
  for (auto& part : statement.parts) {
    std::vector<int> slots;
    roots.push_back(planner.PlanSingleQuery(part, &slots));
    part_slots.push_back(std::move(slots));
  }
  bool distinct = !statement.union_all.empty() && !statement.union_all[0];
  plan->column_slots = part_slots[0];
  UnionOp* u = plan->pool.Make<UnionOp>(std::move(part_slots), distinct);
  for (Operator* r : roots) u->AddChild(r);
  plan->root = u;
  return plan;
}

std::string DescribePlan(const Operator& root, bool profile) {
  std::string out;
  Describe(root, profile, 0, &out);
  return out;
}

}  // namespace splot::query
