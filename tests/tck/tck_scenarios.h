// Loading TCK scenarios from the flattened JSONL file or straight from a
// directory of Gherkin .feature files (outlines expanded, backgrounds
// prepended, as ../shared/tck/tools/extract_tck.py does).
#ifndef SPLOT_TESTS_TCK_TCK_SCENARIOS_H_
#define SPLOT_TESTS_TCK_TCK_SCENARIOS_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"

namespace splot::tck {

struct Expectation {
  std::string type;  // "rows", "empty", "error", or "" when not stated
  bool ordered = false;
  bool unordered_lists = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string error, phase, detail;
};

struct Step {
  bool control = false;
  std::string cypher;
  Expectation expect;
  bool has_side_effects = false;
  std::map<std::string, int64_t> side_effects;
};

struct ProcedureSpec {
  std::string signature;
  std::vector<std::vector<std::string>> table;
};

struct Scenario {
  std::string id;  // "clauses/match/Match4.feature:[2] name #row1"
  std::string name;
  std::vector<std::string> tags;
  std::string graph;  // "empty", "any" or a named graph
  std::vector<std::string> setup;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<ProcedureSpec> procedures;
  std::vector<Step> steps;
  std::vector<std::string> unknown_steps;

  // "clauses/match" for the id above.
  std::string Folder() const;
};

// Reads `path`: a .jsonl file, or a directory searched recursively for
// .feature files (ids relative to it).
Result<std::vector<Scenario>> LoadScenarios(const std::string& path);

}  // namespace splot::tck

#endif  // SPLOT_TESTS_TCK_TCK_SCENARIOS_H_
