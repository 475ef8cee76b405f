#include "tests/entities/entities_support.h"

#include <stdexcept>

namespace splot::testing {

std::filesystem::path OntologyDir() { return std::filesystem::path(SPLOT_SOURCE_DIR) / "ontology"; }

const ingest::Recognizer& SharedRecognizer() {
  static const std::unique_ptr<ingest::Recognizer> recognizer = [] {
    ingest::RecognizerConfig config;
    config.ontology_dir = OntologyDir();
    auto r = ingest::Recognizer::Create(config);
    if (!r.ok()) throw std::runtime_error(r.status().ToString());
    return std::move(r).value();
  }();
  return *recognizer;
}

std::vector<std::pair<std::string, std::string>> LetterRepairs() {
  return {{"Ċ", "ę"}, {"Ī", "ż"}, {"Ğ", "ś"}, {"ü", "ć"}, {"Ĕ", "ń"},
          {"Ĩ", "ź"}, {"ĝ", "Ś"}, {"á", "ł"}, {"ĩ", "Ż"}};
}

}  // namespace splot::testing
