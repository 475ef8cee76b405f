// QuerySession: a store and a query engine opened the way the command line
// needs them — read-only unless a statement writes, so that reading works
// while another process holds the write lock — shared by `splot query`,
// `splot export --query`, `splot link` and the REPL.
#ifndef SPLOT_CLI_QUERY_SESSION_H_
#define SPLOT_CLI_QUERY_SESSION_H_

#include <atomic>
#include <memory>
#include <set>
#include <string>

#include "base/result.h"
#include "cli/args.h"
#include "graph/store.h"
#include "query/engine.h"

namespace splot::cli {

// Adds the nodes and relationships `v` mentions, inside lists, maps and
// paths too (what `export --query` and `:export` write).
void CollectGraphElements(const query::Value& v, std::set<graph::NodeId>* nodes,
                          std::set<graph::EdgeId>* edges);

// Engine options from --timeout SECONDS, --collation LOCALE, --max-rows N.
Result<query::EngineOptions> EngineOptionsFromArgs(const ParsedArgs& args);

// Parameters from --param name=value (values as Cypher literals, else strings).
Result<query::ValueMap> ParamsFromArgs(const ParsedArgs& args);

class QuerySession {
 public:
  QuerySession(std::string db, query::EngineOptions options);

  // Runs one statement.  The store is opened read-only the first time it is
  // needed and reopened for writing (created if missing) when a statement
  // writes.  A read-only session reopens the store for each statement, so
  // it sees what a concurrent writer has committed.  Errors: the query's (with line, column and
  // caret) and the store's (missing store, write lock held by another process).
  Result<query::QueryResult> Run(const std::string& text, const query::ValueMap& params,
                                 const query::RunOptions& run = {});

  // Opens the store read-only now (for commands that only read).
  Status OpenForRead();

  graph::GraphStore* store() { return store_.get(); }
  query::Engine* engine() { return engine_.get(); }
  bool writable() const { return writable_; }
  Status SetOptions(query::EngineOptions options);
  const query::EngineOptions& options() const { return options_; }

 private:
  Status Open(bool writable);

  std::string db_;
  query::EngineOptions options_;
  std::unique_ptr<graph::GraphStore> store_;
  std::unique_ptr<query::Engine> engine_;
  bool writable_ = false;
  int64_t reads_ = 0;  // statements run on a read-only view
};

}  // namespace splot::cli

#endif  // SPLOT_CLI_QUERY_SESSION_H_
