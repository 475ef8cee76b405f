#include "query/binder.h"

#include <algorithm>
#include <map>
#include <set>

#include "query/functions.h"

namespace splot::query {

namespace {

struct VarInfo {
  std::string name;
  int slot = -1;
  SType type = SType::kAny;
};

class Scope {
 public:
  const VarInfo* Find(const std::string& name) const {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }
  VarInfo* FindMutable(const std::string& name) {
    for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }
  void Add(VarInfo v) { vars_.push_back(std::move(v)); }
  size_t size() const { return vars_.size(); }
  void Truncate(size_t n) { vars_.resize(n); }
  const std::vector<VarInfo>& vars() const { return vars_; }

 private:
  std::vector<VarInfo> vars_;
};

SType TypeOfValue(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      return SType::kNull;
    case Value::Kind::kBool:
      return SType::kBool;
    case Value::Kind::kInt:
      return SType::kInt;
    case Value::Kind::kFloat:
      return SType::kFloat;
    case Value::Kind::kString:
      return SType::kString;
    case Value::Kind::kList:
      return SType::kList;
    case Value::Kind::kMap:
      return SType::kMap;
    case Value::Kind::kNode:
      return SType::kNode;
    case Value::Kind::kRel:
      return SType::kRel;
    case Value::Kind::kPath:
      return SType::kPath;
  }
  return SType::kAny;
}

bool IsOneOf(SType t, std::initializer_list<SType> types) {
  return std::find(types.begin(), types.end(), t) != types.end();
}

enum class PatternMode { kMatch, kPredicate, kLocal, kCreate, kMerge };

struct ExprCtx {
  bool allow_agg = false;
  bool in_agg = false;
  bool allow_pattern = false;
  std::vector<Expr*>* aggs = nullptr;
};

class Binder {
 public:
  Binder(const ValueMap& params, const ProcedureRegistry& procs) : params_(params), procs_(procs) {}

  BindResult Run(Statement& st) {
    BindResult result;
    for (size_t i = 0; i + 1 < st.parts.size(); ++i) {
      if (i > 0 && st.union_all[i] != st.union_all[i - 1]) {
        ThrowSyntax("InvalidClauseComposition", st.union_pos,
                    "UNION and UNION ALL cannot be mixed in one query");
      }
    }
    for (size_t i = 0; i < st.parts.size(); ++i) {
      Scope scope;
      std::vector<std::string> columns = BindSingleQuery(st.parts[i], &scope, st.parts.size() > 1);
      if (i == 0) {
        result.columns = columns;
      } else if (columns != result.columns) {
        ThrowSyntax("DifferentColumnsInUnion", st.union_pos,
                    "all parts of a UNION must return the same column names");
      }
    }
    result.num_slots = next_slot_;
    result.updating = updating_;
    return result;
  }

 private:
  int NewSlot() { return next_slot_++; }

  // ---- clauses -----------------------------------------------------------
  // Binds the clauses of EXISTS { ... }: reading clauses only, RETURN
  // optional.
  void BindSubquery(SingleQuery& q, Scope* scope) {
    for (auto& c : q.clauses) {
      switch (c->kind) {
        case ClauseKind::kCreate:
        case ClauseKind::kMerge:
        case ClauseKind::kSet:
        case ClauseKind::kRemove:
        case ClauseKind::kDelete:
          ThrowSyntax("InvalidClauseComposition", c->pos,
                      "an EXISTS subquery cannot write; use it only to read");
        default:
          break;
      }
    }
    bool saved = updating_;
    BindClauses(q, scope, /*top_level=*/false, /*in_union=*/false);
    updating_ = saved;
  }

  std::vector<std::string> BindSingleQuery(SingleQuery& q, Scope* scope, bool in_union) {
    return BindClauses(q, scope, /*top_level=*/true, in_union);
  }

  std::vector<std::string> BindClauses(SingleQuery& q, Scope* scope, bool top_level,
                                       bool in_union) {
    std::vector<std::string> columns;
    size_t n = q.clauses.size();
    for (size_t i = 0; i < n; ++i) {
      Clause* c = q.clauses[i].get();
      bool last = i + 1 == n;
      if (c->kind == ClauseKind::kReturn && !last) {
        ThrowSyntax("InvalidClauseComposition", q.clauses[i + 1]->pos,
                    "RETURN must be the last clause of a query");
      }
      switch (c->kind) {
        case ClauseKind::kMatch:
          BindMatch(static_cast<MatchClause&>(*c), scope);
          break;
        case ClauseKind::kUnwind:
          BindUnwind(static_cast<UnwindClause&>(*c), scope);
          break;
        case ClauseKind::kWith: {
          auto& w = static_cast<WithClause&>(*c);
          Scope before = *scope;
          BindProjection(&w.body, scope, false, c->pos);
          if (w.where) {
            // WHERE also sees the variables before WITH unless the
            // projection aggregates.
            bool aggregating = false;
            for (const auto& item : w.body.items) {
              aggregating = aggregating || ContainsAggregate(*item.expr);
            }
            if (aggregating) {
              BindPredicate(w.where, *scope);
            } else {
              Scope combined = before;
              for (const auto& v : scope->vars()) combined.Add(v);
              BindPredicate(w.where, combined);
            }
          }
          break;
        }
        case ClauseKind::kReturn:
          columns = BindProjection(&static_cast<ReturnClause&>(*c).body, scope, true, c->pos);
          break;
        case ClauseKind::kCreate:
          BindCreate(static_cast<CreateClause&>(*c), scope);
          break;
        case ClauseKind::kMerge:
          BindMerge(static_cast<MergeClause&>(*c), scope);
          break;
        case ClauseKind::kSet:
          for (auto& item : static_cast<SetClause&>(*c).items) BindSetItem(item, *scope);
          updating_ = true;
          break;
        case ClauseKind::kRemove:
          BindRemove(static_cast<RemoveClause&>(*c), *scope);
          break;
        case ClauseKind::kDelete:
          BindDelete(static_cast<DeleteClause&>(*c), *scope);
          break;
        case ClauseKind::kCall: {
          auto& call = static_cast<CallClause&>(*c);
          call.standalone = n == 1;
          auto cols = BindCall(call, scope);
          if (call.standalone) columns = cols;
          break;
        }
      }
    }
    if (!top_level) return columns;
    ClauseKind last = q.clauses.back()->kind;
    bool ends_ok =
        last == ClauseKind::kReturn ||
        (!in_union && (last == ClauseKind::kCreate || last == ClauseKind::kMerge ||
                       last == ClauseKind::kSet || last == ClauseKind::kRemove ||
                       last == ClauseKind::kDelete || (last == ClauseKind::kCall && n == 1)));
    if (!ends_ok) {
      ThrowSyntax("InvalidClauseComposition", q.clauses.back()->pos,
                  in_union ? "every part of a UNION must end with RETURN"
                           : "a query must end with RETURN or an updating clause");
    }
    return columns;
  }

  void BindMatch(MatchClause& m, Scope* scope) {
    std::set<std::string> rels_here;
    for (auto& part : m.pattern) BindPattern(*part, scope, PatternMode::kMatch, &rels_here);
    if (m.where) BindPredicate(m.where, *scope);
  }

  void BindUnwind(UnwindClause& u, Scope* scope) {
    ExprCtx ctx;
    BindExpr(u.list, *scope, ctx);
    if (scope->Find(u.alias)) {
      ThrowSyntax("VariableAlreadyBound", u.alias_pos,
                  "variable `" + u.alias + "` is already bound");
    }
    u.slot = NewSlot();
    scope->Add({u.alias, u.slot, SType::kAny});
  }

  // WHERE: a boolean (or unknown) expression; pattern predicates allowed.
  void BindPredicate(ExprPtr& e, Scope& scope) {
    ExprCtx ctx;
    ctx.allow_pattern = true;
    SType t = BindExpr(e, scope, ctx);
    CheckBoolOperand(t, *e);
  }

  void CheckBoolOperand(SType t, const Expr& e) {
    if (!IsOneOf(t, {SType::kAny, SType::kBool, SType::kNull})) {
      ThrowSyntax("InvalidArgumentType", e.pos,
                  std::string("expected a boolean here, but this is a ") + STypeName(t));
    }
  }

  std::vector<std::string> BindProjection(ProjectionBody* body, Scope* scope, bool is_return,
                                          SourcePos clause_pos) {
    // WITH * / RETURN *: every visible variable, sorted by name.
    if (body->star) {
      std::vector<VarInfo> vars = scope->vars();
      std::vector<ProjectionItem> star_items;
      std::set<std::string> seen;
      std::sort(vars.begin(), vars.end(),
                [](const VarInfo& a, const VarInfo& b) { return a.name < b.name; });
      for (const auto& v : vars) {
        if (!seen.insert(v.name).second) continue;
        ProjectionItem item;
        item.expr = std::make_unique<Expr>();
        item.expr->kind = ExprKind::kVariable;
        item.expr->name = v.name;
        item.expr->pos = clause_pos;
        item.alias = v.name;
        item.explicit_alias = true;
        star_items.push_back(std::move(item));
      }
      if (star_items.empty() && body->items.empty() && is_return) {
        ThrowSyntax("NoVariablesInScope", clause_pos,
                    std::string(is_return ? "RETURN" : "WITH") +
                        " * is not allowed when there are no variables in scope");
      }
      for (auto& item : body->items) star_items.push_back(std::move(item));
      body->items = std::move(star_items);
    }

    std::vector<Expr*> aggs;
    std::vector<bool> item_aggregates(body->items.size(), false);
    std::vector<SType> types;
    std::set<std::string> aliases;
    for (size_t i = 0; i < body->items.size(); ++i) {
      auto& item = body->items[i];
      ExprCtx ctx;
      ctx.allow_agg = true;
      ctx.aggs = &aggs;
      size_t before = aggs.size();
      types.push_back(BindExpr(item.expr, *scope, ctx));
      item_aggregates[i] = aggs.size() > before;
      if (!aliases.insert(item.alias).second) {
        ThrowSyntax("ColumnNameConflict", item.alias_pos,
                    "multiple result columns with the same name `" + item.alias + "`");
      }
    }
    bool aggregating = !aggs.empty();
    for (Expr* a : aggs) a->agg = NewSlot();

    // Grouping keys are the items without aggregates; the non-aggregate
    // parts of aggregating items may only use them.
    if (aggregating) {
      std::vector<std::pair<const Expr*, int>> keys;  // simple key -> its item slot
      for (size_t i = 0; i < body->items.size(); ++i) {
        if (!item_aggregates[i]) body->items[i].slot = NewSlot();
      }
      for (size_t i = 0; i < body->items.size(); ++i) {
        const Expr& x = *body->items[i].expr;
        if (!item_aggregates[i] && IsSimpleKey(x)) keys.emplace_back(&x, body->items[i].slot);
      }
      for (size_t i = 0; i < body->items.size(); ++i) {
        if (item_aggregates[i]) RewriteOverKeys(body->items[i].expr, keys, {});
      }
    }
    for (auto& item : body->items) {
      if (item.slot < 0) item.slot = NewSlot();
    }

    // The new scope: the projected columns.
    Scope projected;
    for (size_t i = 0; i < body->items.size(); ++i) {
      const auto& item = body->items[i];
      projected.Add({item.alias, item.slot, types[i]});
    }

    // ORDER BY sees the projected columns, and also the previous variables
    // unless the projection aggregates or is DISTINCT.
    for (auto& sort : body->order_by) {
      BindSortItem(sort, body, *scope, projected, aggregating, body->distinct, aggs);
    }
    if (body->skip) BindSkipLimit(body->skip, "SKIP");
    if (body->limit) BindSkipLimit(body->limit, "LIMIT");

    if (!is_return) {
      for (const auto& item : body->items) {
        if (!item.explicit_alias && item.expr->kind != ExprKind::kVariable) {
          ThrowSyntax("NoExpressionAlias", item.expr->pos,
                      "expression in WITH must be aliased (use AS)");
        }
      }
    }
    std::vector<std::string> columns;
    for (const auto& item : body->items) columns.push_back(item.alias);
    *scope = std::move(projected);
    return columns;
  }

  void BindSortItem(SortItem& sort, ProjectionBody* body, Scope& old_scope, Scope& projected,
                    bool aggregating, bool distinct, const std::vector<Expr*>& proj_aggs) {
    // Bind against a scope where projected names shadow the old ones, so
    // that an expression equal to an item can be recognised.
    Scope combined = old_scope;
    for (const auto& v : projected.vars()) combined.Add(v);
    std::vector<Expr*> aggs;
    ExprCtx ctx;
    ctx.allow_agg = true;
    ctx.aggs = &aggs;
    // Items' expressions are bound over the old scope; compare on a copy
    // bound the same way.
    if (aggregating || distinct) {
      ExprPtr probe = CloneUnbound(*sort.expr);
      bool matched = false;
      try {
        std::vector<Expr*> probe_aggs;
        ExprCtx pctx = ctx;
        pctx.aggs = &probe_aggs;
        BindExpr(probe, old_scope, pctx);
        for (auto& item : body->items) {
          if (item.expr && SameExprForSort(*probe, *item.expr)) {
            sort.expr = VarRef(item.slot, sort.expr->pos);
            matched = true;
            break;
          }
        }
      } catch (const QueryException&) {
        // Not expressible over the old scope; bind over the projection below.
      }
      if (matched) return;
      if (aggregating) {
        // Aggregates equal to projected ones and grouping keys that are a
        // variable or a variable's property become reads of their slots;
        // the rest is bound over the projected columns only.
        ExprPtr rewritten = CloneUnbound(*sort.expr);
        ResolveAggregatingSort(rewritten, body, old_scope, proj_aggs);
        ExprCtx rctx;
        BindExpr(rewritten, projected, rctx);
        sort.expr = std::move(rewritten);
        return;
      }
      ExprCtx dctx;
      BindExpr(sort.expr, projected, dctx);
      return;
    }
    BindExpr(sort.expr, combined, ctx);
    if (!aggs.empty()) {
      ThrowSyntax("InvalidAggregation", sort.expr->pos,
                  "ORDER BY cannot aggregate when the projection does not");
    }
  }

  // A grouping key usable next to an aggregate: a variable or a variable's
  // property.
  static bool IsSimpleKey(const Expr& e) {
    return e.kind == ExprKind::kVariable ||
           (e.kind == ExprKind::kProperty && e.args[0]->kind == ExprKind::kVariable);
  }

  static bool IsAggregateCall(const Expr& e) {
    if (e.kind == ExprKind::kCountStar) return true;
    if (e.kind != ExprKind::kFunction) return false;
    const FunctionDef* f = FindFunction(e.name);
    return f && f->agg != AggKind::kNone;
  }

  // Binds a copy of `e` over `scope`; nullptr when it does not bind there.
  ExprPtr Probe(const Expr& e, Scope& scope) {
    ExprPtr probe = CloneUnbound(e);
    try {
      std::vector<Expr*> paggs;
      ExprCtx pctx;
      pctx.allow_agg = true;
      pctx.aggs = &paggs;
      BindExpr(probe, scope, pctx);
    } catch (const QueryException&) {
      return nullptr;
    }
    return probe;
  }

  void ResolveAggregatingSort(ExprPtr& e, ProjectionBody* body, Scope& old_scope,
                              const std::vector<Expr*>& proj_aggs) {
    if (!e) return;
    if (IsAggregateCall(*e)) {
      if (ExprPtr probe = Probe(*e, old_scope)) {
        for (Expr* a : proj_aggs) {
          if (SameExpr(*probe, *a)) {
            e = VarRef(a->agg, e->pos);
            return;
          }
        }
      }
      return;  // left for binding over the projection (and its errors)
    }
    if (e->kind != ExprKind::kLiteral && e->kind != ExprKind::kParameter) {
      if (ExprPtr probe = Probe(*e, old_scope)) {
        for (const auto& item : body->items) {
          if (ContainsAggregate(*item.expr) || !SameExpr(*probe, *item.expr)) continue;
          if (!IsSimpleKey(*item.expr)) {
            ThrowSyntax("AmbiguousAggregationExpression", e->pos,
                        "ORDER BY mixes an aggregate with a grouping key that is neither a "
                        "variable nor a property of one");
          }
          e = VarRef(item.slot, e->pos);
          return;
        }
      }
    }
    for (auto& a : e->args) ResolveAggregatingSort(a, body, old_scope, proj_aggs);
  }

  // Like SameExpr, but aggregate calls compare by their arguments only.
  bool SameExprForSort(const Expr& a, const Expr& b) { return SameExpr(a, b); }

  ExprPtr VarRef(int slot, SourcePos pos) {
    auto v = std::make_unique<Expr>();
    v->kind = ExprKind::kVariable;
    v->slot = slot;
    v->pos = pos;
    v->name = "";
    return v;
  }

  ExprPtr CloneUnbound(const Expr& e) {
    auto c = std::make_unique<Expr>();
    c->kind = e.kind;
    c->pos = e.pos;
    c->end_offset = e.end_offset;
    c->depth = e.depth;
    c->name = e.name;
    c->name2 = e.name2;
    c->literal = e.literal;
    for (const auto& a : e.args) c->args.push_back(a ? CloneUnbound(*a) : nullptr);
    c->keys = e.keys;
    c->map_items = e.map_items;
    c->op = e.op;
    c->distinct = e.distinct;
    c->case_has_test = e.case_has_test;
    c->case_has_else = e.case_has_else;
    if (e.pattern) c->pattern = ClonePattern(*e.pattern);
    if (e.kind == ExprKind::kVariable && e.name.empty()) c->slot = e.slot;
    return c;
  }

  std::shared_ptr<PatternPart> ClonePattern(const PatternPart& p) {
    auto c = std::make_shared<PatternPart>();
    c->path_var = p.path_var;
    c->pos = p.pos;
    c->function = p.function;
    for (const auto& n : p.nodes) {
      NodePattern x;
      x.var = n.var;
      x.pos = n.pos;
      x.labels = n.labels;
      if (n.props) x.props = CloneUnbound(*n.props);
      c->nodes.push_back(std::move(x));
    }
    for (const auto& r : p.rels) {
      RelPattern x;
      x.var = r.var;
      x.pos = r.pos;
      x.types = r.types;
      x.dir = r.dir;
      x.var_length = r.var_length;
      x.min_hops = r.min_hops;
      x.max_hops = r.max_hops;
      if (r.props) x.props = CloneUnbound(*r.props);
      c->rels.push_back(std::move(x));
    }
    return c;
  }

  // Rewrites an aggregating item: variables that are grouping keys become
  // reads of the key's slot; any other variable outside an aggregate is
  // ambiguous.
  void RewriteOverKeys(ExprPtr& e, const std::vector<std::pair<const Expr*, int>>& keys,
                       std::set<int> locals) {
    if (!e) return;
    if (e->agg >= 0) return;
    for (const auto& [key, slot] : keys) {
      if (SameExpr(*e, *key)) {
        e = VarRef(slot, e->pos);
        return;
      }
    }
    switch (e->kind) {
      case ExprKind::kVariable: {
        if (locals.count(e->slot)) return;
        ThrowSyntax("AmbiguousAggregationExpression", e->pos,
                    "`" + e->name +
                        "` is used next to an aggregate but is not a grouping key; "
                        "project it (or its property) as a separate column");
      }
      case ExprKind::kListComprehension:
      case ExprKind::kQuantifier:
        locals.insert(e->slot);
        break;
      case ExprKind::kReduce:
        locals.insert(e->slot);
        locals.insert(e->slot2);
        break;
      default:
        break;
    }
    for (auto& a : e->args) RewriteOverKeys(a, keys, locals);
  }

  void BindSkipLimit(ExprPtr& e, const char* what) {
    Scope empty;
    ExprCtx ctx;
    try {
      BindExpr(e, empty, ctx);
    } catch (const QueryException& ex) {
      if (ex.error().detail == "UndefinedVariable") {
        ThrowSyntax("NonConstantExpression", e->pos,
                    std::string(what) + " must be a constant expression (no variables)");
      }
      throw;
    }
    if (e->kind == ExprKind::kLiteral) {
      const Value& v = e->literal;
      if (v.is_int() && v.as_int() < 0) {
        ThrowSyntax("NegativeIntegerArgument", e->pos,
                    std::string(what) + " must be a non-negative integer");
      }
      if (!v.is_int()) {
        ThrowSyntax("InvalidArgumentType", e->pos,
                    std::string(what) + " must be a non-negative integer, not a " + v.kind_name());
      }
    } else if (e->kind == ExprKind::kNegate && e->args[0]->kind == ExprKind::kLiteral &&
               e->args[0]->literal.is_int()) {
      ThrowSyntax("NegativeIntegerArgument", e->pos,
                  std::string(what) + " must be a non-negative integer");
    }
  }

  void BindCreate(CreateClause& c, Scope* scope) {
    updating_ = true;
    std::set<std::string> rels_here;
    for (auto& part : c.pattern) BindPattern(*part, scope, PatternMode::kCreate, &rels_here);
  }

  void BindMerge(MergeClause& m, Scope* scope) {
    updating_ = true;
    std::set<std::string> rels_here;
    BindPattern(*m.part, scope, PatternMode::kMerge, &rels_here);
    for (auto& item : m.on_create) BindSetItem(item, *scope);
    for (auto& item : m.on_match) BindSetItem(item, *scope);
  }

  void BindSetItem(SetItem& item, Scope& scope) {
    ExprCtx ctx;
    BindExpr(item.target, scope, ctx);
    if (item.value) BindExpr(item.value, scope, ctx);
  }

  void BindRemove(RemoveClause& r, Scope& scope) {
    updating_ = true;
    for (auto& item : r.items) {
      ExprCtx ctx;
      BindExpr(item.target, scope, ctx);
    }
  }

  void BindDelete(DeleteClause& d, Scope& scope) {
    updating_ = true;
    for (auto& t : d.targets) {
      if (t->kind == ExprKind::kLabelCheck) {
        ThrowSyntax("InvalidDelete", t->pos,
                    "DELETE removes nodes, relationships and paths; use REMOVE n:Label for "
                    "labels");
      }
      ExprCtx ctx;
      SType type = BindExpr(t, scope, ctx);
      if (!IsOneOf(type, {SType::kAny, SType::kNull, SType::kNode, SType::kRel, SType::kPath})) {
        ThrowSyntax(
            "InvalidArgumentType", t->pos,
            std::string("DELETE expects a node, relationship or path, not a ") + STypeName(type));
      }
    }
  }

  std::vector<std::string> BindCall(CallClause& call, Scope* scope) {
    const ProcedureDef* def = procs_.Find(call.procedure);
    if (!def) {
      ThrowCompile("ProcedureError", "ProcedureNotFound", call.pos,
                   "there is no procedure named " + call.procedure);
    }
    call.def = def;
    if (!call.explicit_args) {
      if (!call.standalone) {
        ThrowSyntax("InvalidArgumentPassingMode", call.pos,
                    "a CALL inside a query must pass its arguments in parentheses");
      }
      // Arguments come from the parameters of the same names.
      for (const auto& in : def->inputs) {
        if (!params_.count(in.name)) {
          ThrowCompile("ParameterMissing", "MissingParameter", call.pos,
                       "expected parameter $" + in.name + " for " + call.procedure);
        }
        auto p = std::make_unique<Expr>();
        p->kind = ExprKind::kParameter;
        p->name = in.name;
        p->pos = call.pos;
        call.args.push_back(std::move(p));
      }
    }
    if (call.args.size() < def->required_inputs || call.args.size() > def->inputs.size()) {
      ThrowSyntax("InvalidNumberOfArguments", call.pos,
                  call.procedure + " takes " + std::to_string(def->inputs.size()) +
                      " arguments, got " + std::to_string(call.args.size()));
    }
    for (size_t i = 0; i < call.args.size(); ++i) {
      ExprCtx ctx;
      SType t = BindExpr(call.args[i], *scope, ctx);
      SType want = def->inputs[i].type;
      if (!TypeCompatible(t, want)) {
        ThrowSyntax("InvalidArgumentType", call.args[i]->pos,
                    std::string("argument ") + def->inputs[i].name + " of " + call.procedure +
                        " must be a " + STypeName(want) + ", not a " + STypeName(t));
      }
    }
    std::vector<std::string> columns;
    if (call.has_yield && call.yield_star) {
      if (!call.standalone) {
        ThrowSyntax("UnexpectedSyntax", call.pos, "YIELD * is only allowed in a standalone CALL");
      }
    }
    if (!call.has_yield || call.yield_star) {
      if (call.standalone) {
        for (const auto& out : def->outputs) {
          YieldItem y;
          y.field = out.name;
          y.alias = out.name;
          y.pos = call.pos;
          call.yields.push_back(std::move(y));
        }
      }
    }
    std::set<std::string> seen;
    for (auto& y : call.yields) {
      bool known = false;
      for (const auto& out : def->outputs) known |= out.name == y.field;
      if (!known) {
        ThrowSyntax("UndefinedVariable", y.pos,
                    call.procedure + " has no output named `" + y.field + "`");
      }
      if (scope->Find(y.alias) || !seen.insert(y.alias).second) {
        ThrowSyntax("VariableAlreadyBound", y.pos, "variable `" + y.alias + "` is already bound");
      }
      y.slot = NewSlot();
      columns.push_back(y.alias);
    }
    for (auto& y : call.yields) scope->Add({y.alias, y.slot, SType::kAny});
    if (call.where) BindPredicate(call.where, *scope);
    return columns;
  }

  static bool TypeCompatible(SType have, SType want) {
    if (want == SType::kAny || have == SType::kAny || have == SType::kNull) return true;
    if (want == SType::kNumber) return IsOneOf(have, {SType::kInt, SType::kFloat, SType::kNumber});
    if (want == SType::kFloat) return IsOneOf(have, {SType::kInt, SType::kFloat, SType::kNumber});
    return have == want;
  }

  // ---- patterns -----------------------------------------------------------
  [[noreturn]] void TypeConflict(const std::string& name, SourcePos pos, SType had, SType want) {
    ThrowSyntax("VariableTypeConflict", pos,
                "variable `" + name + "` is a " + STypeName(had) + ", not a " + STypeName(want));
  }

  void BindPattern(PatternPart& part, Scope* scope, PatternMode mode,
                   std::set<std::string>* rels_here) {
    bool writing = mode == PatternMode::kCreate || mode == PatternMode::kMerge;
    if (part.function != PathFunction::kNone) {
      if (part.rels.size() != 1) {
        ThrowSyntax("UnexpectedSyntax", part.pos,
                    "shortestPath and allShortestPaths take a pattern with exactly one "
                    "relationship");
      }
    }
    for (auto& node : part.nodes) {
      if (node.props && node.props->kind == ExprKind::kParameter &&
          (mode == PatternMode::kMatch || mode == PatternMode::kMerge)) {
        ThrowSyntax("InvalidParameterUse", node.props->pos,
                    "parameter maps cannot be used in MATCH or MERGE patterns; write "
                    "{key: $param.key} instead");
      }
      if (node.var.empty()) {
        node.slot = NewSlot();
        node.declares = true;
      } else if (const VarInfo* v = scope->Find(node.var)) {
        if (!IsOneOf(v->type, {SType::kAny, SType::kNull, SType::kNode})) {
          TypeConflict(node.var, node.pos, v->type, SType::kNode);
        }
        if (writing && (!node.labels.empty() || node.props)) {
          ThrowSyntax("VariableAlreadyBound", node.pos,
                      "variable `" + node.var +
                          "` is already bound; a bound node cannot get new labels or "
                          "properties in " +
                          (mode == PatternMode::kCreate ? "CREATE" : "MERGE"));
        }
        if (writing && part.rels.empty()) {
          ThrowSyntax("VariableAlreadyBound", node.pos,
                      "variable `" + node.var + "` is already bound and cannot be created again");
        }
        node.slot = v->slot;
        if (v->type == SType::kAny || v->type == SType::kNull) {
          scope->FindMutable(node.var)->type = SType::kNode;
        }
      } else {
        if (mode == PatternMode::kPredicate) {
          ThrowSyntax("UndefinedVariable", node.pos,
                      "variable `" + node.var +
                          "` is not defined; patterns used as predicates cannot introduce new "
                          "variables");
        }
        node.slot = NewSlot();
        node.declares = true;
        scope->Add({node.var, node.slot, SType::kNode});
      }
      if (node.props) {
        ExprCtx ctx;
        SType t = BindExpr(node.props, *scope, ctx);
        if (!IsOneOf(t, {SType::kAny, SType::kMap})) {
          ThrowSyntax("InvalidArgumentType", node.props->pos, "properties must be a map");
        }
      }
    }
    for (auto& rel : part.rels) {
      if (rel.props && rel.props->kind == ExprKind::kParameter &&
          (mode == PatternMode::kMatch || mode == PatternMode::kMerge)) {
        ThrowSyntax("InvalidParameterUse", rel.props->pos,
                    "parameter maps cannot be used in MATCH or MERGE patterns; write "
                    "{key: $param.key} instead");
      }
      if (writing && !rel.var.empty() && scope->Find(rel.var)) {
        ThrowSyntax(
            "VariableAlreadyBound", rel.pos,
            "variable `" + rel.var + "` is already bound; a relationship cannot be created twice");
      }
      if (writing) {
        if (rel.types.size() != 1) {
          ThrowSyntax("NoSingleRelationshipType", rel.pos,
                      "a relationship in CREATE or MERGE must have exactly one type");
        }
        if (rel.var_length) {
          ThrowSyntax("CreatingVarLength", rel.pos,
                      "variable-length relationships cannot be created");
        }
        if (mode == PatternMode::kCreate && rel.dir == RelDirection::kBoth) {
          ThrowSyntax("RequiresDirectedRelationship", rel.pos,
                      "a relationship in CREATE must have a direction");
        }
      }
      if (rel.var_length && rel.min_hops < 0) {
        ThrowSyntax("InvalidRelationshipPattern", rel.pos, "negative length bound");
      }
      SType want = rel.var_length ? SType::kList : SType::kRel;
      if (rel.var.empty()) {
        rel.slot = NewSlot();
        rel.declares = true;
      } else if (const VarInfo* v = scope->Find(rel.var)) {
        if (writing) {
          ThrowSyntax("VariableAlreadyBound", rel.pos,
                      "variable `" + rel.var +
                          "` is already bound; a relationship cannot be "
                          "created twice");
        }
        if (rels_here->count(rel.var)) {
          ThrowSyntax("RelationshipUniquenessViolation", rel.pos,
                      "relationship variable `" + rel.var +
                          "` is used twice in one pattern; one relationship cannot be traversed "
                          "twice");
        }
        if (!IsOneOf(v->type, {SType::kAny, SType::kNull, want})) {
          TypeConflict(rel.var, rel.pos, v->type, want);
        }
        rel.slot = v->slot;
      } else {
        if (mode == PatternMode::kPredicate) {
          ThrowSyntax("UndefinedVariable", rel.pos,
                      "variable `" + rel.var +
                          "` is not defined; patterns used as predicates cannot introduce new "
                          "variables");
        }
        rel.slot = NewSlot();
        rel.declares = true;
        scope->Add({rel.var, rel.slot, want});
      }
      if (!rel.var.empty()) rels_here->insert(rel.var);
      if (rel.props) {
        ExprCtx ctx;
        SType t = BindExpr(rel.props, *scope, ctx);
        if (!IsOneOf(t, {SType::kAny, SType::kMap})) {
          ThrowSyntax("InvalidArgumentType", rel.props->pos, "properties must be a map");
        }
      }
    }
    if (!part.path_var.empty()) {
      if (scope->Find(part.path_var)) {
        ThrowSyntax("VariableAlreadyBound", part.pos,
                    "variable `" + part.path_var + "` is already bound");
      }
      part.path_slot = NewSlot();
      scope->Add({part.path_var, part.path_slot, SType::kPath});
    }
  }

  // ---- expressions ----------------------------------------------------------
  SType BindExpr(ExprPtr& ep, Scope& scope, const ExprCtx& ctx) {
    Expr& e = *ep;
    switch (e.kind) {
      case ExprKind::kLiteral:
        e.constant = true;
        return TypeOfValue(e.literal);
      case ExprKind::kParameter: {
        auto it = params_.find(e.name);
        if (it == params_.end()) {
          ThrowCompile("ParameterMissing", "MissingParameter", e.pos,
                       "expected a value for parameter $" + e.name);
        }
        e.constant = true;
        return SType::kAny;
      }
      case ExprKind::kVariable: {
        if (e.slot >= 0 && e.name.empty()) return SType::kAny;  // an internal reference
        const VarInfo* v = scope.Find(e.name);
        if (!v) {
          ThrowSyntax("UndefinedVariable", e.pos, "variable `" + e.name + "` is not defined");
        }
        e.slot = v->slot;
        return v->type;
      }
      case ExprKind::kProperty: {
        SType t = BindExpr(e.args[0], scope, ctx);
        if (IsOneOf(t, {SType::kBool, SType::kInt, SType::kFloat, SType::kNumber, SType::kString,
                        SType::kList, SType::kPath})) {
          ThrowCompile(t == SType::kPath ? "SyntaxError" : "TypeError", "InvalidArgumentType",
                       e.pos,
                       std::string("cannot read property `") + e.name + "` of a " + STypeName(t));
        }
        e.constant = e.args[0]->constant;
        return SType::kAny;
      }
      case ExprKind::kIndex: {
        SType t = BindExpr(e.args[0], scope, ctx);
        BindExpr(e.args[1], scope, ctx);
        if (IsOneOf(t, {SType::kBool, SType::kInt, SType::kFloat, SType::kNumber, SType::kString,
                        SType::kPath})) {
          ThrowCompile("TypeError", "InvalidArgumentType", e.pos,
                       std::string("cannot index into a ") + STypeName(t));
        }
        e.constant = e.args[0]->constant && e.args[1]->constant;
        return SType::kAny;
      }
      case ExprKind::kSlice: {
        BindExpr(e.args[0], scope, ctx);
        bool constant = e.args[0]->constant;
        for (size_t i = 1; i < 3; ++i) {
          if (e.args[i]) {
            BindExpr(e.args[i], scope, ctx);
            constant = constant && e.args[i]->constant;
          }
        }
        e.constant = constant;
        return SType::kList;
      }
      case ExprKind::kNot: {
        SType t = BindExpr(e.args[0], scope, ctx);
        CheckBoolOperand(t, *e.args[0]);
        e.constant = e.args[0]->constant;
        return SType::kBool;
      }
      case ExprKind::kAnd:
      case ExprKind::kOr:
      case ExprKind::kXor: {
        SType a = BindExpr(e.args[0], scope, ctx);
        SType b = BindExpr(e.args[1], scope, ctx);
        CheckBoolOperand(a, *e.args[0]);
        CheckBoolOperand(b, *e.args[1]);
        e.constant = e.args[0]->constant && e.args[1]->constant;
        return SType::kBool;
      }
      case ExprKind::kIn: {
        BindExpr(e.args[0], scope, ctx);
        SType b = BindExpr(e.args[1], scope, ctx);
        if (!IsOneOf(b, {SType::kAny, SType::kNull, SType::kList})) {
          ThrowSyntax("InvalidArgumentType", e.args[1]->pos,
                      std::string("IN expects a list on its right, not a ") + STypeName(b));
        }
        e.constant = e.args[0]->constant && e.args[1]->constant;
        return SType::kBool;
      }
      case ExprKind::kCompare:
      case ExprKind::kStartsWith:
      case ExprKind::kEndsWith:
      case ExprKind::kContains:
      case ExprKind::kRegex:
      case ExprKind::kIsNull:
      case ExprKind::kIsNotNull: {
        bool constant = true;
        for (auto& a : e.args) {
          BindExpr(a, scope, ctx);
          constant = constant && a->constant;
        }
        e.constant = constant;
        return SType::kBool;
      }
      case ExprKind::kNegate:
      case ExprKind::kPlus:
      case ExprKind::kArith: {
        bool constant = true;
        std::vector<SType> ts;
        for (auto& a : e.args) {
          ts.push_back(BindExpr(a, scope, ctx));
          constant = constant && a->constant;
        }
        e.constant = constant;
        if (e.kind == ExprKind::kArith) {
          auto op = static_cast<ArithOp>(e.op);
          for (size_t i = 0; i < ts.size(); ++i) {
            bool numeric_only = op != ArithOp::kAdd;
            bool bad = numeric_only
                           ? IsOneOf(ts[i], {SType::kBool, SType::kString, SType::kList,
                                             SType::kMap, SType::kNode, SType::kRel, SType::kPath})
                           : IsOneOf(ts[i], {SType::kBool, SType::kMap, SType::kNode, SType::kRel,
                                             SType::kPath}) &&
                                 !IsOneOf(ts[1 - i], {SType::kList, SType::kAny, SType::kNull});
            if (bad) {
              ThrowSyntax("InvalidArgumentType", e.args[i]->pos,
                          std::string("arithmetic needs numbers, not a ") + STypeName(ts[i]));
            }
          }
        }
        if (e.kind != ExprKind::kArith)
          return ts[0] == SType::kInt || ts[0] == SType::kFloat ? ts[0] : SType::kAny;
        if (ts[0] == SType::kInt && ts[1] == SType::kInt) return SType::kInt;
        if (IsOneOf(ts[0], {SType::kInt, SType::kFloat}) &&
            IsOneOf(ts[1], {SType::kInt, SType::kFloat}) &&
            static_cast<ArithOp>(e.op) != ArithOp::kAdd) {
          return SType::kFloat;
        }
        return SType::kAny;
      }
      case ExprKind::kList: {
        bool constant = true;
        for (auto& a : e.args) {
          BindExpr(a, scope, ctx);
          constant = constant && a->constant;
        }
        e.constant = constant;
        return SType::kList;
      }
      case ExprKind::kMap: {
        bool constant = true;
        for (auto& a : e.args) {
          BindExpr(a, scope, ctx);
          constant = constant && a->constant;
        }
        e.constant = constant;
        return SType::kMap;
      }
      case ExprKind::kCase: {
        bool constant = true;
        for (auto& a : e.args) {
          BindExpr(a, scope, ctx);
          constant = constant && a->constant;
        }
        e.constant = constant;
        return SType::kAny;
      }
      case ExprKind::kCountStar: {
        if (!ctx.allow_agg) {
          ThrowSyntax("InvalidAggregation", e.pos,
                      "count(*) is only allowed in WITH, RETURN and their ORDER BY");
        }
        if (ctx.in_agg) ThrowSyntax("NestedAggregation", e.pos, "aggregates cannot be nested");
        if (ctx.aggs) ctx.aggs->push_back(&e);
        return SType::kInt;
      }
      case ExprKind::kFunction:
        return BindFunction(e, scope, ctx);
      case ExprKind::kListComprehension:
      case ExprKind::kQuantifier: {
        BindExpr(e.args[0], scope, ctx);
        size_t mark = scope.size();
        e.slot = NewSlot();
        scope.Add({e.name, e.slot, ElementType(*e.args[0])});
        ExprCtx inner;
        inner.allow_pattern = true;
        if (e.args[1]) {
          SType t = BindExpr(e.args[1], scope, inner);
          CheckBoolOperand(t, *e.args[1]);
        }
        if (e.args.size() > 2 && e.args[2]) {
          ExprCtx proj;
          if (ctx.allow_agg && ContainsAggregateUnbound(*e.args[2])) {
            ThrowSyntax("InvalidAggregation", e.args[2]->pos,
                        "aggregates are not allowed inside a list comprehension");
          }
          BindExpr(e.args[2], scope, proj);
        }
        scope.Truncate(mark);
        return e.kind == ExprKind::kQuantifier ? SType::kBool : SType::kList;
      }
      case ExprKind::kReduce: {
        BindExpr(e.args[0], scope, ctx);
        BindExpr(e.args[1], scope, ctx);
        size_t mark = scope.size();
        e.slot2 = NewSlot();
        e.slot = NewSlot();
        scope.Add({e.name2, e.slot2, SType::kAny});
        scope.Add({e.name, e.slot, SType::kAny});
        ExprCtx inner;
        BindExpr(e.args[2], scope, inner);
        scope.Truncate(mark);
        return SType::kAny;
      }
      case ExprKind::kPatternPredicate: {
        if (!ctx.allow_pattern) {
          ThrowSyntax("UnexpectedSyntax", e.pos,
                      "a pattern can only be used as a predicate in WHERE; use a pattern "
                      "comprehension [(a)-->(b) | b] to get its matches");
        }
        std::set<std::string> rels_here;
        size_t mark = scope.size();
        BindPattern(*e.pattern, &scope, PatternMode::kPredicate, &rels_here);
        scope.Truncate(mark);
        return SType::kBool;
      }
      case ExprKind::kExistsSubquery:
        if (e.subquery) {
          // The subquery sees the outer variables; its own stay inside.
          Scope inner = scope;
          BindSubquery(*e.subquery, &inner);
          return SType::kBool;
        }
        [[fallthrough]];
      case ExprKind::kPatternComprehension: {
        std::set<std::string> rels_here;
        size_t mark = scope.size();
        BindPattern(*e.pattern, &scope, PatternMode::kLocal, &rels_here);
        ExprCtx inner;
        inner.allow_pattern = true;
        if (e.args[0]) {
          SType t = BindExpr(e.args[0], scope, inner);
          CheckBoolOperand(t, *e.args[0]);
        }
        if (e.args.size() > 1 && e.args[1]) BindExpr(e.args[1], scope, ExprCtx{});
        scope.Truncate(mark);
        return e.kind == ExprKind::kExistsSubquery ? SType::kBool : SType::kList;
      }
      case ExprKind::kLabelCheck: {
        SType t = BindExpr(e.args[0], scope, ctx);
        if (!IsOneOf(t, {SType::kAny, SType::kNull, SType::kNode, SType::kRel})) {
          ThrowSyntax("InvalidArgumentType", e.pos,
                      std::string("label predicates apply to nodes and relationships, not to a ") +
                          STypeName(t));
        }
        return SType::kBool;
      }
      case ExprKind::kMapProjection: {
        SType t = BindExpr(e.args[0], scope, ctx);
        if (!IsOneOf(t, {SType::kAny, SType::kNull, SType::kNode, SType::kRel, SType::kMap})) {
          ThrowSyntax("InvalidArgumentType", e.pos,
                      std::string("map projection needs a node, relationship or map, not a ") +
                          STypeName(t));
        }
        for (size_t i = 1; i < e.args.size(); ++i) {
          if (e.args[i]) BindExpr(e.args[i], scope, ctx);
        }
        return SType::kMap;
      }
    }
    return SType::kAny;
  }

  // The common static type of a list literal's elements (kAny otherwise).
  static SType ElementType(const Expr& list) {
    if (list.kind != ExprKind::kList || list.args.empty()) return SType::kAny;
    SType common = SType::kNull;
    for (const auto& a : list.args) {
      if (a->kind != ExprKind::kLiteral) return SType::kAny;
      SType t = TypeOfValue(a->literal);
      if (t == SType::kNull) continue;
      if (common != SType::kNull && common != t) return SType::kAny;
      common = t;
    }
    return common == SType::kNull ? SType::kAny : common;
  }

  static bool ContainsAggregateUnbound(const Expr& e) {
    if (e.kind == ExprKind::kCountStar) return true;
    if (e.kind == ExprKind::kFunction) {
      const FunctionDef* f = FindFunction(e.name);
      if (f && f->agg != AggKind::kNone) return true;
    }
    for (const auto& a : e.args) {
      if (a && ContainsAggregateUnbound(*a)) return true;
    }
    return false;
  }

  SType BindFunction(Expr& e, Scope& scope, const ExprCtx& ctx) {
    const FunctionDef* f = FindFunction(e.name);
    if (!f) ThrowSyntax("UnknownFunction", e.pos, "unknown function '" + e.name + "'");
    e.fn = f;
    int n = static_cast<int>(e.args.size());
    if (n < f->min_args || (f->max_args >= 0 && n > f->max_args)) {
      std::string want =
          f->min_args == f->max_args
              ? std::to_string(f->min_args)
              : std::to_string(f->min_args) + ".." +
                    (f->max_args < 0 ? std::string("n") : std::to_string(f->max_args));
      ThrowSyntax(
          "InvalidNumberOfArguments", e.pos,
          std::string(f->name) + "() takes " + want + " argument(s), got " + std::to_string(n));
    }
    if (e.distinct && f->agg == AggKind::kNone) {
      ThrowSyntax("InvalidArgumentType", e.pos,
                  std::string("DISTINCT is only allowed in aggregates, not in ") + f->name + "()");
    }
    ExprCtx inner = ctx;
    if (f->agg != AggKind::kNone) {
      if (ctx.in_agg) ThrowSyntax("NestedAggregation", e.pos, "aggregates cannot be nested");
      inner.in_agg = true;
      inner.aggs = nullptr;
    }
    inner.allow_pattern = ctx.allow_pattern || Upper(f->name) == "EXISTS";
    std::vector<SType> types;
    bool constant = f->deterministic;
    for (auto& a : e.args) {
      types.push_back(BindExpr(a, scope, inner));
      constant = constant && a->constant;
      if (f->agg != AggKind::kNone && HasNonDeterministic(*a)) {
        ThrowSyntax("NonConstantExpression", a->pos,
                    "aggregate arguments cannot use non-deterministic functions");
      }
    }
    CheckFunctionArgs(e, *f, types);
    if (f->agg != AggKind::kNone && !ctx.allow_agg) {
      ThrowSyntax("InvalidAggregation", e.pos,
                  std::string(f->name) +
                      "() is an aggregate; aggregates are only allowed in WITH, RETURN and "
                      "their ORDER BY");
    }
    if (f->agg != AggKind::kNone) {
      if (ctx.aggs) ctx.aggs->push_back(&e);
      constant = false;
    }
    e.constant = constant;
    return f->result;
  }

  static std::string Upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }

  static bool HasNonDeterministic(const Expr& e) {
    if (e.kind == ExprKind::kFunction && e.fn && !e.fn->deterministic) return true;
    for (const auto& a : e.args) {
      if (a && HasNonDeterministic(*a)) return true;
    }
    return false;
  }

  void CheckFunctionArgs(const Expr& e, const FunctionDef& f, const std::vector<SType>& types) {
    std::string name = Upper(f.name);
    auto bad = [&](size_t i, const char* expected) {
      ThrowSyntax(
          "InvalidArgumentType", e.args[i]->pos,
          std::string(f.name) + "() expects " + expected + ", not a " + STypeName(types[i]));
    };
    if (types.empty()) return;
    SType t = types[0];
    if (name == "TYPE" && !IsOneOf(t, {SType::kAny, SType::kNull, SType::kRel})) {
      bad(0, "a relationship");
    }
    if (name == "PROPERTIES" &&
        !IsOneOf(t, {SType::kAny, SType::kNull, SType::kNode, SType::kRel, SType::kMap})) {
      bad(0, "a node, relationship or map");
    }
    if (name == "LENGTH" &&
        !IsOneOf(t, {SType::kAny, SType::kNull, SType::kPath, SType::kString, SType::kList})) {
      bad(0, "a path");
    }
    if (name == "SIZE" && !IsOneOf(t, {SType::kAny, SType::kNull, SType::kList, SType::kString})) {
      bad(0, "a list or a string");
    }
    if ((name == "LABELS") && !IsOneOf(t, {SType::kAny, SType::kNull, SType::kNode})) {
      bad(0, "a node");
    }
    if ((name == "NODES" || name == "RELATIONSHIPS") &&
        !IsOneOf(t, {SType::kAny, SType::kNull, SType::kPath})) {
      bad(0, "a path");
    }
  }

  const ValueMap& params_;
  const ProcedureRegistry& procs_;
  int next_slot_ = 0;
  bool updating_ = false;
};

}  // namespace

bool SameExpr(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.op != b.op || a.distinct != b.distinct) return false;
  if (a.kind == ExprKind::kVariable) return a.slot == b.slot;
  if (a.name != b.name || a.name2 != b.name2 || a.keys != b.keys) return false;
  if (a.kind == ExprKind::kLiteral) {
    return a.literal.kind() == b.literal.kind() && Equivalent(a.literal, b.literal);
  }
  if (a.kind == ExprKind::kFunction) {
    std::string x = a.name, y = b.name;
    for (char& c : x) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (char& c : y) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (x != y) return false;
  }
  if (a.pattern || b.pattern) return a.pattern == b.pattern;
  if (a.args.size() != b.args.size()) return false;
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!a.args[i] != !b.args[i]) return false;
    if (a.args[i] && !SameExpr(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

bool ContainsAggregate(const Expr& e) {
  if (e.agg >= 0) return true;
  for (const auto& a : e.args) {
    if (a && ContainsAggregate(*a)) return true;
  }
  return false;
}

BindResult Bind(Statement& statement, const ValueMap& params, const ProcedureRegistry& procs) {
  return Binder(params, procs).Run(statement);
}

}  // namespace splot::query
