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
  } else if (!store_) {
    SPLOT_RETURN_IF_ERROR(Open(false));
  }
  return engine_->Run(text, params, run);
}

}  // namespace splot::cli
