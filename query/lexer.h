// Lexer: splits Cypher text into tokens with their line and column.
#ifndef SPLOT_QUERY_LEXER_H_
#define SPLOT_QUERY_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "query/errors.h"

namespace splot::query {

enum class TokenKind : uint8_t {
  kIdent,        // a name or keyword; keywords are recognised by the parser
  kQuotedIdent,  // `a name in backticks` (never a keyword)
  kInt,          // text holds the literal as written (sign-less)
  kFloat,
  kString,  // text holds the decoded value
  kParam,   // text holds the name after '$'
  kSymbol,  // punctuation and operators, text holds it
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  SourcePos pos;
  size_t end_offset = 0;  // one past the token's last byte
  // Whether whitespace or a comment precedes the token.
  bool space_before = false;
};

// Tokenizes `text`.  Throws QueryException (SyntaxError) on malformed
// literals and stray characters.
std::vector<Token> Tokenize(std::string_view text);

// Short description of a token for "expected ..., found ..." messages.
std::string DescribeToken(const Token& token);

}  // namespace splot::query

#endif  // SPLOT_QUERY_LEXER_H_
