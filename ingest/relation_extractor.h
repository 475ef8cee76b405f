// Relation extraction: the facts of ingest/facts.h (RelationFact) from
// recognised sentences, with the rules of ingest/relation_rules.h.
//
// For each sentence, in document order:
//  1. The tokens get the tags rules test besides the recognizer's: "entity"
//     (inside a name), "after-prep" (the first word after a preposition)
//     and "boundary" (a clause boundary).
//  2. The rules run phase by phase.  In a phase every rule is tried at every
//     token; of the matches whose triggers overlap, the longest wins (then
//     the earlier rule), and a trigger already claimed by an earlier phase
//     for the same relation type cannot be claimed again.
//  3. Each winning match gathers its parties from its own captures, from
//     its argument patterns (the nearest within the window, not across a
//     clause boundary) and, where the text names none, from the context.
//  4. The parties become facts: every allowed pair (checked against the
//     ontology's endpoint labels and the rule's own), with the sentence's
//     date (relative dates resolved against the section's last explicit
//     date), status (negated facts are dropped unless kept by the
//     settings), amount, evidence, line, footnote source, rule and
//     confidence.  A signed agreement with more than two parties gives
//     pairwise facts sharing an agreement id.
//
// A RelationExtractor is built once and is then thread-safe; each document
// gets its own DocumentRelations.
#ifndef SPLOT_INGEST_RELATION_EXTRACTOR_H_
#define SPLOT_INGEST_RELATION_EXTRACTOR_H_

#include <deque>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/document.h"
#include "ingest/expressions.h"
#include "ingest/facts.h"
#include "ingest/recognizer.h"
#include "ingest/relation_rules.h"
#include "ingest/resolver.h"

namespace splot::ingest {

class RelationExtractor {
 public:
  // Loads the rules from `ontology_dir` (see RelationRules::Load).
  // `recognizer` supplies the ontology and the gazetteer and must outlive
  // the extractor.
  static Result<std::unique_ptr<RelationExtractor>> Create(
      const Recognizer& recognizer, const std::filesystem::path& ontology_dir);
  // Uses rules built elsewhere (tests).
  static std::unique_ptr<RelationExtractor> FromRules(const Recognizer& recognizer,
                                                      RelationRules rules);
  ~RelationExtractor();
  RelationExtractor(const RelationExtractor&) = delete;
  RelationExtractor& operator=(const RelationExtractor&) = delete;

  const RelationRules& rules() const { return rules_; }
  const Recognizer& recognizer() const { return recognizer_; }
  const ExpressionFinder& expressions() const { return *finder_; }

 private:
  RelationExtractor(const Recognizer& recognizer, RelationRules rules);

  const Recognizer& recognizer_;
  RelationRules rules_;
  std::unique_ptr<ExpressionFinder> finder_;
};

// The relation extraction of one document: feed its sentences in order,
// then Finish.  Not thread-safe (documents are independent).
class DocumentRelations {
 public:
  DocumentRelations(const RelationExtractor& extractor, std::string document_id);
  ~DocumentRelations();
  DocumentRelations(const DocumentRelations&) = delete;
  DocumentRelations& operator=(const DocumentRelations&) = delete;

  // Reads the date expressions of `sentence`, the next one of the document,
  // into the section's date context and returns the one calendar year they
  // state (0 when none, or several).  Add calls it when it was not called
  // for the sentence; call it first for the year.
  int Begin(const Sentence& sentence);

  // Extracts the relations `sentence` states.  `recognized` holds its
  // mentions and `keys` the resolver's provisional key of each mention
  // (Resolver::Add).  Returns the number of facts found.
  size_t Add(const Sentence& sentence, const RecognizedSentence& recognized,
             const std::vector<std::string>& keys);

  // Returns the facts with their keys made final through `resolved`.  An
  // end that is no entity of the document (a country taken from the
  // context) is added to `entities` from the gazetteer; a fact with an end
  // that is neither is dropped.  Facts stated identically in one sentence
  // are returned once.
  std::vector<RelationFact> Finish(const ResolvedDocument& resolved,
                                   std::vector<EntityFact>* entities);

  // What the document has said so far (dates, topic, event); opaque.
  struct State;

 private:
  const RelationExtractor& extractor_;
  std::string document_id_;
  std::unique_ptr<State> state_;
  // A deque: a long document's facts are never moved as more arrive.
  std::deque<RelationFact> facts_;
};

// The footnote a sentence's statement rests on: a marker standing inside
// or at the end of the sentence, else one glued to the start of the next
// sentence (a marker at the very start of a sentence belongs to the one
// before it).  nullopt when none.
std::optional<Citation> SentenceSource(const Sentence& sentence);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_RELATION_EXTRACTOR_H_
