// The functions a query can call: scalar functions and aggregates.
#ifndef SPLOT_QUERY_FUNCTIONS_H_
#define SPLOT_QUERY_FUNCTIONS_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "query/value.h"

namespace splot::query {

class ExecContext;

// Static types the binder infers to report type errors before execution.
enum class SType : uint8_t {
  kAny,
  kNull,
  kBool,
  kInt,
  kFloat,
  kNumber,
  kString,
  kList,
  kMap,
  kNode,
  kRel,
  kPath,
};
const char* STypeName(SType t);

enum class AggKind : uint8_t {
  kNone,
  kCount,
  kSum,
  kAvg,
  kMin,
  kMax,
  kCollect,
  kStDev,
  kStDevP,
  kPercentileDisc,
  kPercentileCont,
};

using ScalarFn = Value (*)(ExecContext& ctx, const std::vector<Value>& args);

struct FunctionDef {
  const char* name;
  int min_args;
  int max_args;  // -1: any number
  AggKind agg;
  ScalarFn fn;  // nullptr for aggregates
  SType result;
  bool deterministic;
};

// Looks a function up by name, case-insensitively; nullptr when unknown.
const FunctionDef* FindFunction(std::string_view name);

// Accumulates one aggregate over the rows of a group.
class Aggregator {
 public:
  virtual ~Aggregator() = default;
  // Feeds one row's argument values (args[0] is the aggregated value;
  // percentiles pass the percentile as args[1]).
  virtual void Add(const std::vector<Value>& args) = 0;
  virtual Value Result() = 0;
  // Bytes held, for the memory budget.
  virtual size_t MemoryBytes() const { return 64; }
};

// Creates the accumulator of an aggregate; `distinct` drops repeated values
// (by equivalence) before they reach it.  `collation` orders strings for
// min/max.
std::unique_ptr<Aggregator> MakeAggregator(AggKind kind, bool distinct,
                                           const class Collation* collation);

}  // namespace splot::query

#endif  // SPLOT_QUERY_FUNCTIONS_H_
