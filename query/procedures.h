// Procedures callable with CALL ... YIELD: the built-in db.*, algo.* and
// splot.* procedures, and any a caller registers (the TCK runner registers
// the fixed-table procedures its scenarios declare).
#ifndef SPLOT_QUERY_PROCEDURES_H_
#define SPLOT_QUERY_PROCEDURES_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "query/functions.h"
#include "query/value.h"

namespace splot::query {

class ExecContext;

struct ProcedureField {
  std::string name;
  SType type = SType::kAny;
  bool nullable = true;
};

// Receives one output row (values in the order of ProcedureDef::outputs);
// returns false to stop the procedure early.
using ProcedureEmit = std::function<bool(std::vector<Value>)>;
using ProcedureFn = std::function<void(ExecContext& ctx, const std::vector<Value>& args,
                                       const ProcedureEmit& emit)>;

struct ProcedureDef {
  std::string name;  // dotted, e.g. "db.labels"
  std::vector<ProcedureField> inputs;
  // Trailing inputs may be omitted; this many are required.
  size_t required_inputs = 0;
  std::vector<ProcedureField> outputs;
  ProcedureFn run;
  std::string description;
};

class ProcedureRegistry {
 public:
  // A registry with the built-in procedures (db.*, algo.*, splot.*).
  static std::shared_ptr<ProcedureRegistry> WithBuiltins();

  // Adds or replaces a procedure.
  void Register(ProcedureDef def);
  // Returns the procedure named `name` (case-sensitive), or nullptr.
  const ProcedureDef* Find(const std::string& name) const;
  // Every procedure, by name.
  const std::map<std::string, ProcedureDef>& all() const { return procs_; }

 private:
  std::map<std::string, ProcedureDef> procs_;
};

}  // namespace splot::query

#endif  // SPLOT_QUERY_PROCEDURES_H_
