// The TCK's value notation and how results are compared against it.
//
// Expected values are written like Cypher literals plus nodes
// `(:L {k: 'v'})`, relationships `[:T {k: 1}]` and paths
// `<(:A)-[:T]->(:B)>`.  Both expected and actual values are rendered to one
// canonical text (labels and map keys sorted, floats in shortest form,
// lists optionally sorted) and compared as strings: nodes and relationships
// by value, never by id.
#ifndef SPLOT_TESTS_TCK_TCK_VALUES_H_
#define SPLOT_TESTS_TCK_TCK_VALUES_H_

#include <string>
#include <string_view>

#include "base/result.h"
#include "query/value.h"

namespace splot::tck {

// Parses one TCK value.  InvalidArgument on malformed text.
Result<query::Value> ParseTckValue(std::string_view text);

// The canonical text of a value; with `sort_lists` every list's elements are
// sorted (the TCK's "ignoring element order for lists").
std::string Canonical(const query::Value& v, bool sort_lists);

}  // namespace splot::tck

#endif  // SPLOT_TESTS_TCK_TCK_VALUES_H_
