// Pipeline: the extraction stages wired together for IngestPaths.
//
//   reader (sentences) -> recognizer (mentions) -> resolver (entities)
//                      -> relation extractor (facts) -> DocumentFacts
//
// A pipeline loads the ontology, gazetteer, patterns and morphology once
// (about a second) and then serves any number of documents; each document
// gets its own resolver and relation state.
#ifndef SPLOT_INGEST_PIPELINE_H_
#define SPLOT_INGEST_PIPELINE_H_

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/graph_writer.h"
#include "ingest/recognizer.h"
#include "ingest/relation_extractor.h"
#include "ingest/resolver.h"

namespace splot::ingest {

// The ontology folder used when none is given: $SPLOT_ONTOLOGY when set,
// else the source tree's ontology/.
std::filesystem::path DefaultOntologyDir();

struct PipelineOptions {
  std::filesystem::path ontology_dir = DefaultOntologyDir();
  // Gazetteer files loaded after the built-in ones (`--gazetteer my.json`).
  std::vector<std::filesystem::path> extra_gazetteers;
};

// What one pipeline saw over all the documents it processed.
struct PipelineStats {
  int64_t documents = 0;
  int64_t sentences = 0;
  int64_t mentions = 0;
  std::map<std::string, int64_t> entities_by_label;  // entity facts produced
  std::map<std::string, int64_t> relations_by_type;  // relation facts produced
  int64_t unresolved = 0;                            // names listed as candidates for the gazetteer
};

class Pipeline {
 public:
  // Loads everything; errors name the data file, line and field.
  static Result<std::unique_ptr<Pipeline>> Create(const PipelineOptions& options);
  ~Pipeline();

  // The extractor IngestPaths calls for each document.  It borrows the
  // pipeline, which must outlive it.
  Extractor MakeExtractor();

  // Names an analyst may want to add to the gazetteer, merged over the
  // documents processed so far, most frequent first.
  std::vector<NameCandidate> Candidates() const;

  PipelineStats stats() const;
  const Recognizer& recognizer() const { return *recognizer_; }
  const RelationExtractor& relations() const { return *relations_; }

 private:
  Pipeline() = default;
  Result<DocumentFacts> Extract(Reader& reader, const DocumentInfo& info);

  std::unique_ptr<Recognizer> recognizer_;
  std::unique_ptr<RelationExtractor> relations_;
  ResolverOptions resolver_options_;
  mutable std::mutex mutex_;                         // guards the two below
  std::map<std::string, NameCandidate> candidates_;  // by label|key
  PipelineStats stats_;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_PIPELINE_H_
