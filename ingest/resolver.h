// Resolver: turns the mentions of one document into entities with stable
// canonical keys (ingest::EntityFact).
//
// - A gazetteer mention already has its key ("city:by-minsk").
// - A discovered mention is first looked up in the gazetteer by its name
//   without legal forms and quotes ("OJSC \"Mogotex\"" is Mogotex); failing
//   that it gets a key from its label and the light stems of its lemmas
//   ("ent:taszkienck-zaklad-maszyn-rolnicz"), so inflected forms of one
//   name share a key.
// - Mojibake variants are repaired with the letter table before keying.
// - Transliteration variants merge through a romanisation key
//   (Belvitunifarm = Belvitunipharm, Gomselmash = Homselmasz); a coarser
//   phonetic key only suggests merges, written to the candidates report.
// - An acronym in parentheses after a name ("… Uniwersytet Medyczny
//   (VSMU)") becomes that entity's alias for the rest of the document, and
//   a lone acronym merges with a discovered name whose initials it spells.
// - Merging never crosses labels, and a city never merges with its region:
//   they are different gazetteer entries and keys carry the label.
//
// One Resolver per document; not thread-safe (documents are).
#ifndef SPLOT_INGEST_RESOLVER_H_
#define SPLOT_INGEST_RESOLVER_H_

#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ingest/facts.h"
#include "ingest/recognizer.h"

namespace splot::ingest {

struct ResolverOptions {
  // Mis-encoded letter → repaired letter (the reader's repair table).
  std::vector<std::pair<std::string, std::string>> letter_variants;
  // Discovered entities with less confidence than this are also listed as
  // candidates for an analyst.
  double candidate_confidence = 0.8;
};

// A name an analyst may want to add to the gazetteer.
struct NameCandidate {
  std::string label;
  std::string name;
  std::string key;
  int count = 0;
  double confidence = 0;
  std::string example;  // a sentence where it occurs
  std::string note;     // e.g. "sounds like ent:belvitunipharm"
};

struct ResolvedDocument {
  std::vector<EntityFact> entities;
  // Entities seen only as parts of other names ("Svetlogorsk" in
  // "Svetlogorsk Khimvolokno"): keyed, but not mentioned on their own; a
  // relation that needs one may bring it into the graph.
  std::vector<EntityFact> latent;
  // Provisional keys (as returned by Add) that were merged later → final key.
  std::map<std::string, std::string> redirects;
  std::vector<NameCandidate> candidates;

  // Follows the redirects.
  std::string FinalKey(const std::string& key) const;
};

class Resolver {
 public:
  Resolver(const Recognizer& recognizer, ResolverOptions options = {});

  // Resolves the mentions of one sentence (in document order) and returns
  // one provisional key per mention of `sentence.mentions`, in order (empty
  // for a mention that names nothing, such as bare legal forms).  May add
  // mentions of document acronyms to `sentence`.
  std::vector<std::string> Add(RecognizedSentence* sentence, std::string_view text,
                               const SentenceContext& context);

  // Merges what can be merged and returns the document's entities.
  ResolvedDocument Finish();

  // The key a discovered name gets: label prefix and the light stems of
  // its lemmas, legal forms and quotes dropped.  Exposed for tests.
  std::string DiscoveredKey(std::string_view label, std::string_view name) const;

  // Romanisation-insensitive key ("belvitunifarm"); exposed for tests.
  std::string TransliterationKey(std::string_view name) const;
  // Coarse sound key, only for suggestions; exposed for tests.
  std::string PhoneticKey(std::string_view name) const;

  // Applies the letter table.
  std::string RepairLetters(std::string_view text) const;

 private:
  struct Entity {
    std::string key;
    std::string label;
    const ontology::GazetteerEntry* entry = nullptr;
    std::map<std::string, int> names;  // normalised names seen → count
    std::vector<std::string> aliases;  // surface forms seen
    std::vector<int> lines;
    std::string country;
    double confidence = 0;
    int count = 0;
    std::string example;
  };

  Entity& Upsert(const std::string& key, const std::string& label);
  // Key of the event edition mentioned at `index`: its series (a gazetteer
  // event or the body that met) and its ordinal or year; a mention without
  // either is the edition of that series named last.
  std::string EventKey(const RecognizedSentence& sentence, size_t index, int year,
                       std::string* name);
  static int RomanValue(std::string_view s);
  std::string KeyFor(const Mention& m, std::string* name);
  static std::string Initials(std::string_view name);

  const Recognizer& recognizer_;
  ResolverOptions options_;
  std::map<std::string, Entity> entities_;
  std::map<std::string, Entity> latent_;             // seen only as name components
  std::vector<std::string> order_;                   // keys in order of first mention
  std::map<std::string, std::string> acronyms_;      // "VSMU" → key
  std::map<std::string, std::string> last_edition_;  // event series → last edition key
  std::map<std::string, int> edition_year_;          // event edition (or series) → its year
  std::string last_body_;  // key of the last GovernmentBody or Organization mentioned
  // "label|name" → key resolved for it, and "label|romanisation key" → key
  // of a discovered entity, so that each name is looked up once.
  std::map<std::string, std::string> resolved_names_;
  std::map<std::string, std::string> by_transliteration_;
  mutable std::map<std::string, std::string> transliterations_;  // name → romanisation key
};

// Writes candidates as TSV: label, name, key, count, confidence, note,
// example sentence (tabs and newlines in fields become spaces).
void WriteCandidatesTsv(const std::vector<NameCandidate>& candidates, std::ostream& out);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_RESOLVER_H_
