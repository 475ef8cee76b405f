// Parse errors: position, caret and what was expected; bounded nesting.
#include "query/parser.h"

#include <catch2/catch.hpp>

#include <string>

#include "query/engine.h"
#include "query/errors.h"

using namespace splot;
using namespace splot::query;

namespace {

QueryError ParseError(const std::string& text) {
  try {
    ParseStatement(text);
  } catch (const QueryException& e) {
    return e.error();
  }
  FAIL("expected a parse error for: " << text);
  return {};
}

}  // namespace

TEST_CASE("a parse error names the line, the column, what was expected and shows a caret",
          "[parser]") {
  std::string text = "MATCH (c:City)\nWHERE c.name = 'Grodno'\nRETURN c.name AS name,, c";
  QueryError e = ParseError(text);
  CHECK(e.type == "SyntaxError");
  CHECK(e.detail == "UnexpectedSyntax");
  CHECK(e.pos.line == 3);
  CHECK(e.pos.column == 23);
  std::string formatted = FormatQueryError(e, text);
  CHECK(formatted ==
        "SyntaxError (UnexpectedSyntax) at line 3, column 23: expected an expression, found ','\n"
        "  RETURN c.name AS name,, c\n"
        "                        ^");
}

TEST_CASE("carets count characters, not bytes, after Polish letters", "[parser]") {
  std::string text = "MATCH (ł:Miasto {nazwa: 'Łódź'}) RETRUN ł";
  QueryError e = ParseError(text);
  CHECK(e.pos.column == 34);
  std::string formatted = FormatQueryError(e, text);
  CHECK(formatted.substr(formatted.rfind('\n') + 1) == std::string(2 + 33, ' ') + "^");
}

TEST_CASE("an unterminated string points at its opening quote", "[parser]") {
  QueryError e = ParseError("RETURN 'Mińsk");
  CHECK(e.pos.column == 8);
  CHECK(e.message.find("unterminated string") != std::string::npos);
}

TEST_CASE("10,000 nested parentheses give a clean error, not a stack overflow", "[parser]") {
  std::string text = "RETURN " + std::string(10000, '(') + "1" + std::string(10000, ')');
  QueryError e = ParseError(text);
  CHECK(e.type == "SyntaxError");
  CHECK(e.message.find("nested too deeply") != std::string::npos);
  std::string lists = "RETURN " + std::string(10000, '[') + std::string(10000, ']');
  CHECK(ParseError(lists).message.find("nested too deeply") != std::string::npos);
  std::string nots = "RETURN ";
  for (int i = 0; i < 10000; ++i) nots += "NOT ";
  nots += "true";
  CHECK(ParseError(nots).message.find("nested too deeply") != std::string::npos);
}

TEST_CASE("a long flat expression is bounded too", "[parser]") {
  std::string text = "RETURN 1";
  for (int i = 0; i < 5000; ++i) text += " + 1";
  CHECK(ParseError(text).message.find("nested too deeply") != std::string::npos);
  std::string ok = "RETURN 1";
  for (int i = 0; i < 500; ++i) ok += " + 1";
  CHECK_NOTHROW(ParseStatement(ok));
}

TEST_CASE("parameters from the command line are Cypher literals or else strings", "[parser]") {
  CHECK(ParseParameterValue("42").is_int());
  CHECK(ParseParameterValue("-2.5").as_float() == -2.5);
  CHECK(ParseParameterValue("'Mińsk'").as_string() == "Mińsk");
  CHECK(ParseParameterValue("Mińsk").as_string() == "Mińsk");
  CHECK(ParseParameterValue("obwód grodzieński").as_string() == "obwód grodzieński");
  CHECK(ParseParameterValue("true").as_bool());
  CHECK(ParseParameterValue("null").is_null());
  Value list = ParseParameterValue("[1, 'a', [2]]");
  REQUIRE(list.is_list());
  CHECK(list.as_list().size() == 3);
  Value map = ParseParameterValue("{via: ['Enterprise', 'FEZ'], maxHops: 4}");
  REQUIRE(map.is_map());
  CHECK(map.as_map().at("maxHops").as_int() == 4);
  CHECK(ParseParameterValue("1 + 1").as_string() == "1 + 1");
}
