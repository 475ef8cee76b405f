// The updating operators: CREATE, MERGE, SET, REMOVE, DELETE.
#include <algorithm>

#include "query/operators.h"

namespace splot::query {

namespace {

[[noreturn]] void StoreFailure(const Status& s) {
  QueryError e;
  if (s.code() == Status::Code::kInvalidArgument || s.code() == Status::Code::kNotFound) {
    e.type = "ConstraintVerificationFailed";
    e.detail = "";
  } else {
    e.type = "StoreError";
    e.detail = "";
  }
  e.message = s.message();
  e.compile_time = false;
  e.code = s.code();
  throw QueryException(std::move(e));
}

void Check(const Status& s) {
  if (!s.ok()) StoreFailure(s);
}

graph::Value ToStored(const Value& v, const std::string& key) {
  graph::Value g;
  bool ok = v.ToGraph(&g);
  if (ok && v.is_list()) {
    // Stored lists hold plain values, never nulls.
    for (const auto& e : v.as_list()) ok = ok && !e.is_null() && !e.is_list();
  }
  if (!ok) {
    ThrowRuntime("TypeError", "InvalidPropertyType",
                 "property `" + key + "` cannot hold a " + v.kind_name() +
                     (v.is_list() ? " of maps, lists, nulls or graph elements" : "") +
                     "; properties are booleans, numbers, strings and lists of those");
  }
  return g;
}

graph::Properties ToProperties(const Value& map) {
  graph::Properties props;
  if (map.is_null()) return props;
  for (const auto& [k, v] : map.as_map()) {
    if (v.is_null()) continue;
    props[k] = ToStored(v, k);
  }
  return props;
}

Value EvalMap(const Expr* e, Row& row, ExecContext& ctx) {
  if (!e) return Value(ValueMap{});
  Value v = Eval(*e, row, ctx);
  if (v.is_null()) return Value(ValueMap{});
  if (!v.is_map()) {
    ThrowRuntime("TypeError", "InvalidArgumentType",
                 std::string("properties must be a map, got a ") + v.kind_name());
  }
  return v;
}

}  // namespace

void EagerWriteOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  output_.clear();
  next_ = 0;
  done_ = false;
}

bool EagerWriteOp::DoNext(Row& row) {
  if (!done_) {
    done_ = true;
    std::vector<Row> input;
    while (child()->Next(row)) {
      ctx_->Tick();
      ctx_->Charge(static_cast<int64_t>(row.size() * sizeof(Value)) + 64);
      input.push_back(row);
    }
    for (Row& r : input) {
      ctx_->Tick();
      Apply(r, &output_);
      ctx_->CheckLimits();
      size_t pending = ctx_->txn().pending_bytes();
      if (ctx_->limits().max_memory_bytes > 0 && pending > ctx_->limits().max_memory_bytes) {
        ThrowLimit(Status::Code::kResourceExhausted,
                   "the query's writes exceed its memory budget; nothing was written");
      }
    }
  }
  if (next_ >= output_.size()) return false;
  row = std::move(output_[next_++]);
  return true;
}

void CreatePattern(ExecContext& ctx, const PatternPart& part, const PathSpec& path, Row& row) {
  auto& txn = ctx.txn();
  for (const auto& n : part.nodes) {
    Value& slot = row[static_cast<size_t>(n.slot)];
    if (slot.is_node()) continue;  // bound earlier, or created above in this part
    if (!n.var.empty() && !slot.is_null() && !slot.is_node()) {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   "`" + n.var + "` is a " + slot.kind_name() + ", not a node");
    }
    graph::Properties props = ToProperties(EvalMap(n.props.get(), row, ctx));
    auto r = txn.CreateNode(n.labels, props);
    if (!r.ok()) StoreFailure(r.status());
    slot = Value(NodeValue{r.value(), nullptr});
  }
  for (size_t i = 0; i < part.rels.size(); ++i) {
    const RelPattern& rel = part.rels[i];
    const Value& a = row[static_cast<size_t>(part.nodes[i].slot)];
    const Value& b = row[static_cast<size_t>(part.nodes[i + 1].slot)];
    if (!a.is_node() || !b.is_node()) {
      ThrowRuntime("SemanticError", "CreateNullNode",
                   "cannot create a relationship to a missing (null) node");
    }
    graph::NodeId src = a.as_node().id, dst = b.as_node().id;
    if (rel.dir == RelDirection::kIn) std::swap(src, dst);
    graph::Properties props = ToProperties(EvalMap(rel.props.get(), row, ctx));
    auto r = txn.CreateEdge(src, rel.types[0], dst, props);
    if (!r.ok()) StoreFailure(r.status());
    RelValue v;
    v.id = r.value();
    v.src = src;
    v.dst = dst;
    v.type = ctx.TypeId(rel.types[0]).value_or(0);
    row[static_cast<size_t>(rel.slot)] = Value(v);
  }
  if (path.slot >= 0) row[static_cast<size_t>(path.slot)] = BuildPath(path, row);
}

void CreateOp::Apply(Row& row, std::vector<Row>* out) {
  for (const auto& p : parts_) CreatePattern(*ctx_, *p.part, p.path, row);
  out->push_back(row);
}

void ApplySetItem(ExecContext& ctx, const SetItem& item, Row& row) {
  auto& txn = ctx.txn();
  switch (item.kind) {
    case SetItemKind::kProperty: {
      const Expr& target = *item.target;
      Value base = Eval(*target.args[0], row, ctx);
      Value value = Eval(*item.value, row, ctx);
      const std::string& key = target.name;
      if (base.is_null()) return;
      graph::Value stored = value.is_null() ? graph::Value() : ToStored(value, key);
      if (base.is_node()) {
        Check(txn.SetNodeProperty(base.as_node().id, key, stored));
        ctx.InvalidateNode(base.as_node().id);
      } else if (base.is_rel()) {
        Check(txn.SetEdgeProperty(base.as_rel().id, key, stored));
        ctx.InvalidateEdge(base.as_rel().id);
      } else {
        ThrowRuntime("TypeError", "InvalidArgumentType",
                     std::string("SET needs a node or relationship, got a ") + base.kind_name());
      }
      return;
    }
    case SetItemKind::kReplaceMap:
    case SetItemKind::kMergeMap: {
      Value base = Eval(*item.target, row, ctx);
      Value value = Eval(*item.value, row, ctx);
      if (base.is_null()) return;
      ValueMap map;
      if (value.is_map()) {
        map = value.as_map();
      } else if (value.is_node()) {
        for (const auto& [k, v] : ctx.Node(value.as_node().id)->props) map[k] = Value::FromGraph(v);
      } else if (value.is_rel()) {
        for (const auto& [k, v] : ctx.Edge(value.as_rel().id)->props) map[k] = Value::FromGraph(v);
      } else if (!value.is_null()) {
        ThrowRuntime("TypeError", "InvalidArgumentType",
                     std::string("SET = expects a map, got a ") + value.kind_name());
      }
      bool node = base.is_node();
      if (!node && !base.is_rel()) {
        ThrowRuntime("TypeError", "InvalidArgumentType",
                     std::string("SET needs a node or relationship, got a ") + base.kind_name());
      }
      if (item.kind == SetItemKind::kReplaceMap) {
        graph::Properties props = ToProperties(Value(map));
        if (node) {
          // Replacing keeps values that do not change, so they do not count
          // as removed and set again.
          auto current = ctx.Node(base.as_node().id)->props;
          for (const auto& [k, v] : current) {
            if (!props.count(k)) Check(txn.SetNodeProperty(base.as_node().id, k, graph::Value()));
          }
          for (const auto& [k, v] : props) {
            auto it = current.find(k);
            if (it == current.end() || it->second != v) {
              Check(txn.SetNodeProperty(base.as_node().id, k, v));
            }
          }
          ctx.InvalidateNode(base.as_node().id);
        } else {
          auto current = ctx.Edge(base.as_rel().id)->props;
          for (const auto& [k, v] : current) {
            if (!props.count(k)) Check(txn.SetEdgeProperty(base.as_rel().id, k, graph::Value()));
          }
          for (const auto& [k, v] : props) {
            auto it = current.find(k);
            if (it == current.end() || it->second != v) {
              Check(txn.SetEdgeProperty(base.as_rel().id, k, v));
            }
          }
          ctx.InvalidateEdge(base.as_rel().id);
        }
        return;
      }
      for (const auto& [k, v] : map) {
        graph::Value stored = v.is_null() ? graph::Value() : ToStored(v, k);
        if (node) {
          Check(txn.SetNodeProperty(base.as_node().id, k, stored));
        } else {
          Check(txn.SetEdgeProperty(base.as_rel().id, k, stored));
        }
      }
      if (node) {
        ctx.InvalidateNode(base.as_node().id);
      } else {
        ctx.InvalidateEdge(base.as_rel().id);
      }
      return;
    }
    case SetItemKind::kLabels: {
      Value base = Eval(*item.target, row, ctx);
      if (base.is_null()) return;
      if (!base.is_node()) {
        ThrowRuntime("TypeError", "InvalidArgumentType",
                     std::string("labels can only be set on nodes, not on a ") + base.kind_name());
      }
      for (const auto& l : item.labels) Check(txn.AddLabel(base.as_node().id, l));
      ctx.InvalidateNode(base.as_node().id);
      return;
    }
  }
}

void MergeOp::Apply(Row& row, std::vector<Row>* out) {
  // Reject null property values: they can never be matched, so MERGE would
  // create a new entity on every run.
  auto check_nulls = [&](const Expr* props) {
    if (!props) return;
    Value v = Eval(*props, row, *ctx_);
    if (!v.is_map()) return;
    for (const auto& [k, x] : v.as_map()) {
      if (x.is_null()) {
        ThrowRuntime("SemanticError", "MergeReadOwnWrites",
                     "cannot MERGE with a null value for property `" + k + "`");
      }
    }
  };
  for (const auto& n : part_.part->nodes) check_nulls(n.props.get());
  for (const auto& r : part_.part->rels) check_nulls(r.props.get());

  std::vector<Row> matches;
  match_->Run(row, *ctx_, [&](Row& m) {
    matches.push_back(m);
    ctx_->Charge(static_cast<int64_t>(m.size() * sizeof(Value)));
    return true;
  });
  if (!matches.empty()) {
    for (Row& m : matches) {
      for (const auto& item : clause_->on_match) ApplySetItem(*ctx_, item, m);
      out->push_back(std::move(m));
    }
    return;
  }
  CreatePattern(*ctx_, *part_.part, part_.path, row);
  for (const auto& item : clause_->on_create) ApplySetItem(*ctx_, item, row);
  out->push_back(row);
}

void SetOp::Apply(Row& row, std::vector<Row>* out) {
  for (const auto& item : clause_->items) ApplySetItem(*ctx_, item, row);
  out->push_back(row);
}

void RemoveOp::Apply(Row& row, std::vector<Row>* out) {
  auto& txn = ctx_->txn();
  for (const auto& item : clause_->items) {
    if (!item.labels.empty()) {
      Value base = Eval(*item.target, row, *ctx_);
      if (base.is_null()) continue;
      if (!base.is_node()) {
        ThrowRuntime(
            "TypeError", "InvalidArgumentType",
            std::string("labels can only be removed from nodes, not from a ") + base.kind_name());
      }
      for (const auto& l : item.labels) Check(txn.RemoveLabel(base.as_node().id, l));
      ctx_->InvalidateNode(base.as_node().id);
      continue;
    }
    Value base = Eval(*item.target->args[0], row, *ctx_);
    const std::string& key = item.target->name;
    if (base.is_null()) continue;
    if (base.is_node()) {
      Check(txn.SetNodeProperty(base.as_node().id, key, graph::Value()));
      ctx_->InvalidateNode(base.as_node().id);
    } else if (base.is_rel()) {
      Check(txn.SetEdgeProperty(base.as_rel().id, key, graph::Value()));
      ctx_->InvalidateEdge(base.as_rel().id);
    } else {
      ThrowRuntime("TypeError", "InvalidArgumentType",
                   std::string("REMOVE needs a node or relationship, got a ") + base.kind_name());
    }
  }
  out->push_back(row);
}

void DeleteOp::Open(ExecContext& ctx) {
  Operator::Open(ctx);
  rows_.clear();
  next_ = 0;
  done_ = false;
}

bool DeleteOp::DoNext(Row& row) {
  if (!done_) {
    done_ = true;
    std::vector<graph::NodeId> nodes;
    std::vector<graph::EdgeId> edges;
    auto collect = [&](const Value& v, auto&& self) -> void {
      switch (v.kind()) {
        case Value::Kind::kNull:
          return;
        case Value::Kind::kNode:
          nodes.push_back(v.as_node().id);
          return;
        case Value::Kind::kRel:
          edges.push_back(v.as_rel().id);
          return;
        case Value::Kind::kPath:
          for (const auto& r : v.as_path().rels) edges.push_back(r.id);
          for (const auto& n : v.as_path().nodes) nodes.push_back(n.id);
          return;
        case Value::Kind::kList:
          for (const auto& e : v.as_list()) self(e, self);
          return;
        default:
          ThrowRuntime(
              "TypeError", "InvalidArgumentType",
              std::string("DELETE expects a node, relationship or path, got a ") + v.kind_name());
      }
    };
    while (child()->Next(row)) {
      ctx_->Tick();
      for (const auto& t : clause_->targets) collect(Eval(*t, row, *ctx_), collect);
      ctx_->Charge(static_cast<int64_t>(row.size() * sizeof(Value)) + 64);
      rows_.push_back(row);
    }
    auto& txn = ctx_->txn();
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    for (graph::EdgeId e : edges) {
      if (ctx_->IsDeletedEdge(e) || !ctx_->EdgeExists(e)) continue;
      Check(txn.DeleteEdge(e));
      ctx_->MarkDeletedEdge(e);
      ctx_->InvalidateEdge(e);
    }
    for (graph::NodeId n : nodes) {
      if (ctx_->IsDeletedNode(n) || !ctx_->NodeExists(n)) continue;
      if (clause_->detach) {
        // Remember the relationships that go with the node.
        auto c = txn.Edges(n, graph::Direction::kBoth);
        std::vector<graph::EdgeId> gone;
        for (; c->Valid(); c->Next()) gone.push_back(c->entry().edge);
        c.reset();
        for (auto e : gone) ctx_->MarkDeletedEdge(e);
      }
      Status s = txn.DeleteNode(n, clause_->detach);
      if (!s.ok()) {
        if (s.IsInvalidArgument()) {
          ThrowRuntime("ConstraintVerificationFailed", "DeleteConnectedNode",
                       "cannot delete node " + std::to_string(n) +
                           " because it still has relationships; delete them first or use "
                           "DETACH DELETE");
        }
        StoreFailure(s);
      }
      ctx_->MarkDeletedNode(n);
      ctx_->InvalidateNode(n);
    }
    ctx_->Invalidate();
  }
  if (next_ >= rows_.size()) return false;
  row = std::move(rows_[next_++]);
  return true;
}

}  // namespace splot::query
