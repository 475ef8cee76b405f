// Parser: a hand-written recursive-descent parser for the openCypher subset
// Splot supports (see query/README.md).
//
// Errors are SyntaxErrors with the line and column of the offending token
// and what was expected there.  Nesting is bounded: a query nested deeper
// than kMaxNesting levels (parentheses, lists, maps, subexpressions) is
// refused with a clean error rather than exhausting the stack.
#ifndef SPLOT_QUERY_PARSER_H_
#define SPLOT_QUERY_PARSER_H_

#include <string_view>

#include "query/ast.h"

namespace splot::query {

inline constexpr int kMaxNesting = 200;
inline constexpr int kMaxExpressionDepth = 1000;

// Parses one statement (an optional trailing ';' is allowed).  Throws
// QueryException with a SyntaxError on malformed input.
Statement ParseStatement(std::string_view text);

// Parses a single expression (used for `--param k=v` values and tests).
// Throws QueryException on malformed input.
ExprPtr ParseExpression(std::string_view text);

}  // namespace splot::query

#endif  // SPLOT_QUERY_PARSER_H_
