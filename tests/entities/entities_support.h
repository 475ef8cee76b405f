// Shared fixtures of the entities tests: one recognizer for the whole
// executable (building it loads the gazetteer and teaches Hunspell).
#ifndef SPLOT_TESTS_ENTITIES_ENTITIES_SUPPORT_H_
#define SPLOT_TESTS_ENTITIES_ENTITIES_SUPPORT_H_

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "ingest/recognizer.h"

namespace splot::testing {

// The ontology folder of the source tree.
std::filesystem::path OntologyDir();

// The recognizer over the shipped ontology; built on first use.
const ingest::Recognizer& SharedRecognizer();

// The corpus's mis-encoded letters and their repairs (from the reading
// issue), for resolution tests.
std::vector<std::pair<std::string, std::string>> LetterRepairs();

}  // namespace splot::testing

#endif  // SPLOT_TESTS_ENTITIES_ENTITIES_SUPPORT_H_
