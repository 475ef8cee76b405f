#include "cli/query_session.h"

#include <cstdlib>

namespace splot::cli {

Result<query::EngineOptions> EngineOptionsFromArgs(const ParsedArgs& args) {
  query::EngineOptions o;
  if (std::string t = args.Get("--timeout"); !t.empty()) {
    char* end = nullptr;
    double secs = std::strtod(t.c_str(), &end);
    if (*end != '\0' || secs < 0) {
      return Status::InvalidArgument("--timeout needs a number of seconds (0 for none), got '" + t +
                                     "'");
    }
    o.timeout = std::chrono::milliseconds(static_cast<int64_t>(secs * 1000));
  }
  if (std::string c = args.Get("--collation"); !c.empty()) o.collation = c;
  if (std::string m = args.Get("--max-rows"); !m.empty()) {
    char* end = nullptr;
    long long n = std::strtoll(m.c_str(), &end, 10);
    if (*end != '\0' || n < 0)
      return Status::InvalidArgument("--max-rows needs a number, got '" + m + "'");
    o.max_rows = static_cast<uint64_t>(n);
  }
  return o;
}

Result<query::ValueMap> ParamsFromArgs(const ParsedArgs& args) {
  query::ValueMap params;
  for (const auto& p : args.All("--param")) {
    size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--param needs name=value, got '" + p + "'");
    }
    params[p.substr(0, eq)] = query::ParseParameterValue(p.substr(eq + 1));
  }
  return params;
}

void CollectGraphElements(const query::Value& v, std::set<graph::NodeId>* nodes,
                          std::set<graph::EdgeId>* edges) {
  if (v.is_node()) nodes->insert(v.as_node().id);
  if (v.is_rel()) edges->insert(v.as_rel().id);
  if (v.is_path()) {
    for (const auto& n : v.as_path().nodes) nodes->insert(n.id);
    for (const auto& r : v.as_path().rels) edges->insert(r.id);
  }
  if (v.is_list()) {
    for (const auto& e : v.as_list()) CollectGraphElements(e, nodes, edges);
  }
  if (v.is_map()) {
    for (const auto& [k, e] : v.as_map()) CollectGraphElements(e, nodes, edges);
  }
}

QuerySession::QuerySession(std::string db, query::EngineOptions options)
    : db_(std::move(db)), options_(std::move(options)) {}

Status QuerySession::Open(bool writable) {
  engine_.reset();
  store_.reset();
  graph::StoreOptions so;
  so.read_only = !writable;
  SPLOT_ASSIGN_OR_RETURN(store_, graph::GraphStore::Open(db_, so));
  SPLOT_ASSIGN_OR_RETURN(engine_, query::Engine::Create(*store_, options_));
  writable_ = writable;
  return Status::OK();
}

Status QuerySession::OpenForRead() {
  if (store_) return Status::OK();
  return Open(false);
}

Status QuerySession::SetOptions(query::EngineOptions options) {
  options_ = std::move(options);
  if (engine_) return engine_->SetOptions(options_);
  return Status::OK();
}

Result<query::QueryResult> QuerySession::Run(const std::string& text, const query::ValueMap& params,
                                             const query::RunOptions& run) {
  SPLOT_ASSIGN_OR_RETURN(bool writes, query::StatementWrites(text, params));
  if (writes && !writable_) {
    SPLOT_RETURN_IF_ERROR(Open(true));
  } else if (!writable_ && (!store_ || reads_ > 0)) {
    // A read-only view is fixed when opened; reopening shows what a writer
    // in another process has committed since.
    SPLOT_RETURN_IF_ERROR(Open(false));
  }
  ++reads_;
  return engine_->Run(text, params, run);
}

}  // namespace splot::cli
