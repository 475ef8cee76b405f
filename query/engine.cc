#include "query/engine.h"

#include "query/binder.h"
#include "query/collation.h"
#include "query/context.h"
#include "query/parser.h"
#include "query/planner.h"

namespace splot::query {

Engine::Engine(graph::GraphStore& store, EngineOptions options)
    : store_(store), options_(std::move(options)) {}

Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Create(graph::GraphStore& store, EngineOptions options) {
  std::unique_ptr<Engine> engine(new Engine(store, options));
  SPLOT_RETURN_IF_ERROR(engine->SetOptions(std::move(options)));
  engine->procedures_ = ProcedureRegistry::WithBuiltins();
  return engine;
}

Status Engine::SetOptions(EngineOptions options) {
  SPLOT_ASSIGN_OR_RETURN(auto collation, Collation::Create(options.collation));
  collation_ = std::move(collation);
  options_ = std::move(options);
  return Status::OK();
}

Result<QueryResult> Engine::Execute(std::string_view text, const ValueMap& params) {
  return Run(text, params, RunOptions{});
}

namespace {

QueryError StoreQueryError(const Status& s) {
  QueryError e;
  e.type = "StoreError";
  e.detail.clear();
  e.message = s.message();
  e.compile_time = false;
  e.code = s.code();
  return e;
}

}  // namespace

Result<QueryResult> Engine::Run(std::string_view text, const ValueMap& params,
                                const RunOptions& run) {
  auto start = std::chrono::steady_clock::now();
  QueryResult result;
  bool compiled = false;
  try {
    Statement statement = ParseStatement(text);
    BindResult bound = Bind(statement, params, *procedures_);
    result.columns = bound.columns;
    result.kind = statement.mode == ExplainMode::kExplain   ? StatementKind::kExplain
                  : statement.mode == ExplainMode::kProfile ? StatementKind::kProfile
                                                            : StatementKind::kQuery;
    std::unique_ptr<graph::Transaction> txn;
    bool writes = bound.updating && statement.mode != ExplainMode::kExplain;
    if (writes) {
      auto w = store_.BeginWrite();
      if (!w.ok()) {
        QueryError e = StoreQueryError(w.status());
        if (run.error) *run.error = e;
        return ToStatus(e, text);
      }
      txn = std::move(w).value();
    } else {
      txn = store_.BeginRead();
    }
    std::unique_ptr<Plan> plan = PlanStatement(statement, bound, store_);
    compiled = true;
    if (statement.mode == ExplainMode::kExplain) {
      result.plan = DescribePlan(*plan->root, false);
      result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - start);
      return result;
    }
    ExecLimits limits;
    if (options_.timeout.count() > 0) {
      limits.deadline = start + options_.timeout;
      limits.timeout = options_.timeout;
    }
    limits.max_rows = options_.max_rows;
    limits.max_memory_bytes = options_.max_memory_bytes;
    limits.cancel = run.cancel;
    ExecContext ctx(store_, *txn, params, collation_.get(), procedures_.get(), limits);
    if (statement.mode == ExplainMode::kProfile) plan->pool.SetProfile(true);

    bool stream_now = run.on_row && !writes;
    Row row(static_cast<size_t>(plan->num_slots));
    plan->root->Open(ctx);
    std::vector<Value> out;
    while (plan->root->Next(row)) {
      ctx.CountResultRow();
      ++result.row_count;
      if (plan->column_slots.empty()) continue;
      out.clear();
      for (int slot : plan->column_slots) {
        Value v = row[static_cast<size_t>(slot)];
        ctx.Materialize(&v);
        out.push_back(std::move(v));
      }
      if (stream_now) {
        if (!run.on_row(result.columns, out)) break;
        continue;
      }
      int64_t bytes = 64;
      for (const auto& v : out) bytes += static_cast<int64_t>(ValueBytes(v));
      ctx.Charge(bytes);
      result.rows.push_back(out);
    }
    if (plan->column_slots.empty()) result.row_count = 0;
    ctx.CheckLimits();
    if (writes) {
      result.stats = txn->stats();
      Status s = txn->Commit();
      if (!s.ok()) {
        QueryError e = StoreQueryError(s);
        if (run.error) *run.error = e;
        return ToStatus(e, text);
      }
      result.updated = true;
      if (run.on_row) {
        for (const auto& r : result.rows) {
          if (!run.on_row(result.columns, r)) break;
        }
        result.rows.clear();
      }
    }
    if (statement.mode == ExplainMode::kProfile) result.plan = DescribePlan(*plan->root, true);
  } catch (QueryException& e) {
    QueryError err = e.error();
    if (!compiled && err.type != "Timeout" && err.type != "Cancelled") err.compile_time = true;
    if (run.error) *run.error = err;
    return ToStatus(err, text);
  } catch (const std::bad_alloc&) {
    QueryError err;
    err.type = "ResourceExhausted";
    err.detail.clear();
    err.compile_time = false;
    err.code = Status::Code::kResourceExhausted;
    err.message = "out of memory; nothing was written";
    if (run.error) *run.error = err;
    return ToStatus(err, text);
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  return result;
}

namespace {

// Evaluates a literal expression (numbers, strings, booleans, null, lists,
// maps, negated numbers); false when `e` is anything else.
bool LiteralValue(const Expr& e, Value* out) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      *out = e.literal;
      return true;
    case ExprKind::kNegate: {
      Value v;
      if (!LiteralValue(*e.args[0], &v)) return false;
      if (v.is_int()) {
        *out = Value(-v.as_int());
        return true;
      }
      if (v.is_float()) {
        *out = Value(-v.as_float());
        return true;
      }
      return false;
    }
    case ExprKind::kList: {
      ValueList list;
      for (const auto& a : e.args) {
        Value v;
        if (!LiteralValue(*a, &v)) return false;
        list.push_back(std::move(v));
      }
      *out = Value(std::move(list));
      return true;
    }
    case ExprKind::kMap: {
      ValueMap map;
      for (size_t i = 0; i < e.args.size(); ++i) {
        Value v;
        if (!LiteralValue(*e.args[i], &v)) return false;
        map[e.keys[i]] = std::move(v);
      }
      *out = Value(std::move(map));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

Value ParseParameterValue(std::string_view text) {
  try {
    ExprPtr e = ParseExpression(text);
    Value v;
    if (LiteralValue(*e, &v)) return v;
  } catch (const QueryException&) {
  }
  return Value(std::string(text));
}

Result<bool> StatementWrites(std::string_view text, const ValueMap& params) {
  try {
    Statement statement = ParseStatement(text);
    auto procedures = ProcedureRegistry::WithBuiltins();
    BindResult bound = Bind(statement, params, *procedures);
    return bound.updating && statement.mode != ExplainMode::kExplain;
  } catch (const QueryException& e) {
    return ToStatus(e.error(), text);
  }
}

}  // namespace splot::query
