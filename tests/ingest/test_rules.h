// The default text rules, loaded once per test executable.
#ifndef SPLOT_TESTS_INGEST_TEST_RULES_H_
#define SPLOT_TESTS_INGEST_TEST_RULES_H_

#include <memory>
#include <stdexcept>

#include "ontology/text_rules.h"

namespace splot::testing {

// Returns the rules in ontology/text; throws when they do not load.
inline std::shared_ptr<const ontology::TextRules> DefaultRules() {
  static const std::shared_ptr<const ontology::TextRules> rules = [] {
    auto loaded = ontology::LoadTextRules(ontology::DefaultTextRulesDir());
    if (!loaded.ok()) throw std::runtime_error(loaded.status().ToString());
    return std::make_shared<const ontology::TextRules>(std::move(loaded).value());
  }();
  return rules;
}

}  // namespace splot::testing

#endif  // SPLOT_TESTS_INGEST_TEST_RULES_H_
