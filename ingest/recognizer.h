// Recognizer: finds the entity mentions of one clean sentence.
//
// Three layers, each data-driven:
//  1. Gazetteer matching on lemma sequences: every alias of every entry is
//     tokenized and lemmatised once, and its lemma sequences go into a trie
//     of folded keys.  A sentence is scanned once, left to right, taking the
//     longest alias that starts at each token, so "Mińskiej Fabryki
//     Traktorów" is one Enterprise and not the city Mińsk plus two words.
//     Quotes and hyphens are transparent ("Homel-Raton" = "Homel Raton").
//  2. Discovery patterns (ontology/patterns/entities.json) find entities
//     the gazetteer lacks by their shape: legal forms with a name, head
//     nouns ("Ministerstwo …", "Uniwersytet …"), quoted names after them.
//     They may consume gazetteer mentions as slots.  Of all candidates the
//     longest wins; gazetteer mentions inside a discovered one are kept as
//     nested mentions.
//  3. Context rules (ontology/patterns/context.json): demonyms and
//     adjectives ("białoruscy partnerzy", "strona uzbecka"), metonyms
//     ("oficjalny Mińsk"), the chapter's country ("ten środkowoazjatycki
//     kraj"), coordinated regions ("obwody witebski i namangański").
//
// A recognizer is built once (loading the gazetteer and teaching Hunspell
// its names takes about a second) and is then thread-safe.
#ifndef SPLOT_INGEST_RECOGNIZER_H_
#define SPLOT_INGEST_RECOGNIZER_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "ingest/morphology.h"
#include "ingest/tokenizer.h"
#include "ontology/gazetteer.h"
#include "ontology/ontology.h"
#include "ontology/token_pattern.h"

namespace splot::ingest {

struct RecognizerConfig {
  // The folder holding types.json, morphology.json, gazetteer/ and
  // patterns/ (normally <source root>/ontology).
  std::filesystem::path ontology_dir;
  // Gazetteer files added after the built-in ones (`--gazetteer my.json`).
  std::vector<std::filesystem::path> extra_gazetteers;
  // Hunspell files; the rules path is filled from ontology_dir when empty.
  MorphologyConfig morphology;
};

// Where a sentence comes from, as far as recognition cares.
struct SentenceContext {
  std::string document_id;
  int line = 0;  // source line where the sentence starts (1-based)
  // Byte offsets in the sentence at which the following source lines begin
  // (a sentence wrapped over lines 40-42 has two); sorted.
  std::vector<size_t> line_breaks;
  // Key of the Central Asian country the chapter is about ("country:uz"),
  // or "" when unknown.
  std::string chapter_country;
  // The one calendar year the sentence's dates state (0 when none, or
  // several): a series named without its edition is the one of that year.
  int year = 0;
  // Gazetteer keys of the regions the sentences before this one named (a
  // region's centre city stands for its region), each with how many
  // sentences ago (1: the sentence before), most recent first: what "obwód
  // białoruski" refers back to.
  std::vector<std::pair<std::string, int>> recent_regions;
};

enum class MentionSource {
  kGazetteer,  // an alias of a gazetteer entry
  kPattern,    // a discovery pattern
  kContext,    // a context rule (demonym, metonym, chapter country...)
};

struct Mention {
  size_t begin = 0;  // byte span in the sentence
  size_t end = 0;
  size_t token_begin = 0;  // token span in RecognizedSentence::tokens
  size_t token_end = 0;
  std::string text;   // the surface form
  std::string label;  // ontology label
  std::string key;    // gazetteer key, or "" for a discovered entity
  std::string name;   // canonical name (gazetteer) or nominative form (discovered)
  std::string rule;   // "gazetteer" or the id of the pattern that fired
  MentionSource source = MentionSource::kGazetteer;
  double confidence = 1.0;
  int line = 0;         // source line of the mention's first byte
  bool nested = false;  // inside a longer mention of the same sentence
  // A nested mention that is part of the name around it rather than a
  // mention of its own: "Svetlogorsk" in "Svetlogorsk Khimvolokno", a
  // person in a university's name, a shorter alias at the start of a longer
  // one.  Places after a preposition ("w Baranowiczach"), regions,
  // countries and bodies named inside ("… Akademii Nauk") are mentions.
  bool component = false;
  std::string country;  // key of the country the mention implies, or ""
  // Refers back to an entity the text named before without naming it
  // ("obwód białoruski"): none of the entity's names.
  bool anaphor = false;
  // Other names seen in the mention: the quoted part of a discovered name
  // ('"Rolnictwo - AgroWorld Uzbekistan-2023"' in a wystawa's mention).
  std::vector<std::string> other_names;
};

// A token with what recognition learnt about it.
struct Token {
  size_t begin = 0;  // bytes in the sentence
  size_t end = 0;
  TokenKind kind = TokenKind::kPunct;
  std::string text;
  const WordAnalysis* analysis = nullptr;          // owned by the Morphology
  uint32_t shape = 0;                              // ontology::ShapeFlag bits
  const std::vector<std::string>* tags = nullptr;  // e.g. "adj:Country"; owned by the Recognizer
  // The numbers of the analysis' keys among the gazetteer aliases' keys
  // (kNoAliasKey for a key no alias has); owned by the Recognizer.
  const std::vector<uint32_t>* alias_keys = nullptr;
};

inline constexpr uint32_t kNoAliasKey = UINT32_MAX;

struct RecognizedSentence {
  std::vector<Token> tokens;
  // Top-level mentions in text order, each followed by the mentions nested
  // in it.
  std::vector<Mention> mentions;

  // The pattern view of the tokens, valid while this object lives.
  std::vector<ontology::PatternToken> PatternTokens() const;
  // The top-level mentions as pattern entities (ids index `mentions`).
  std::vector<ontology::PatternEntity> PatternEntities() const;
};

class Recognizer {
 public:
  // Loads the ontology, the gazetteer (built-in files, then the extra ones),
  // the patterns and the morphology, teaches Hunspell the gazetteer's names
  // and compiles the alias trie.  Errors name the file, line and field.
  static Result<std::unique_ptr<Recognizer>> Create(const RecognizerConfig& config);
  ~Recognizer();
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // Finds the mentions of `sentence` (repaired UTF-8).  Thread-safe.
  RecognizedSentence Recognize(std::string_view sentence, const SentenceContext& context) const;

  // Tokenizes and analyses without recognising (for tools and tests).
  std::vector<Token> Analyze(std::string_view sentence) const;

  const ontology::Ontology& ontology() const { return ontology_; }
  const ontology::Gazetteer& gazetteer() const { return gazetteer_; }
  Morphology& morphology() const { return *morphology_; }

  // The entry an adjective lemma denotes for `label` ("witebski", "Region"),
  // or nullptr.
  const ontology::GazetteerEntry* EntryForAdjective(std::string_view word,
                                                    std::string_view label) const;

  // The gazetteer entry whose alias spans all of `name` (legal forms and
  // quotes ignored) with label `label` ("" for any), or nullptr.
  const ontology::GazetteerEntry* LookupName(std::string_view name, std::string_view label) const;

  // True for a folded legal-form word ("ojsc", "llc", ...).
  bool IsLegalForm(std::string_view folded) const;

  // How a sentence counts an event's edition ("odbyła się po raz siódmy"),
  // from ontology/patterns/editions.json.
  struct EditionCues {
    std::vector<std::string> count_phrase;  // folded words before the ordinal: "po", "raz"
    // Folded beginnings of the verbs that make the count the event's own
    // ("odbyła się", "zorganizowano"), not a participant's ("po raz
    // pierwszy wzięła udział").
    std::vector<std::string> holding_verbs;
    int after_name = 12;  // tokens after the event's name the phrase may start within
    int verb_before = 3;  // tokens before the phrase the verb may stand
    int verb_after = 6;   // tokens after the phrase's start the verb may stand
  };
  const EditionCues& edition_cues() const { return edition_cues_; }

  // Nominative form of a discovered name: the head noun and the adjectives
  // before it are put in the nominative singular, the rest is kept.
  // `head` indexes `tokens` within [begin, end), or is `end` when unknown.
  std::string NormalizeName(const std::vector<Token>& tokens, size_t begin, size_t end, size_t head,
                            std::string_view sentence) const;

 private:
  struct Trie;
  struct Candidate;
  struct Selected;

  Recognizer();
  Status Build(const RecognizerConfig& config);
  // What a word is, whatever its sentence: computed once, then shared.
  struct WordInfo {
    const WordAnalysis* analysis = nullptr;
    uint32_t shape = 0;
    std::vector<std::string> tags;
    std::vector<uint32_t> alias_keys;  // Token::alias_keys
  };
  const WordInfo& Word(std::string_view text, TokenKind kind) const;
  // Whether the noun at `index` is in a plural form (by its ending against
  // its lemma, and by the adjectives next to it within tokens [begin, end),
  // the name it heads).
  bool IsPluralNoun(const std::vector<Token>& tokens, size_t index, size_t begin, size_t end) const;
  std::string HeadLemma(const Token& head) const;
  void TrimCandidate(Candidate* c, const std::vector<Token>& tokens) const;
  bool IsNameComponent(const std::vector<Token>& tokens, const Mention& nested,
                       const Candidate& parent) const;
  std::string PlaceName(const Candidate& c, const ontology::GazetteerEntry& place,
                        const std::vector<Token>& tokens, std::string_view sentence) const;
  std::vector<Candidate> DistributeMembers(const Candidate& c, const std::vector<Token>& tokens,
                                           std::string_view sentence) const;
  // Longest gazetteer aliases in tokens [begin, end), left to right, none
  // longer than `max_length` tokens.
  std::vector<Candidate> MatchGazetteer(const std::vector<Token>& tokens,
                                        const SentenceContext& context, size_t begin = 0,
                                        size_t end = SIZE_MAX, size_t max_length = SIZE_MAX) const;
  const ontology::GazetteerEntry* ResolveContext(
      const ontology::TokenPattern& pattern, const ontology::PatternCapture* member,
      const RecognizedSentence& sentence, const std::vector<ontology::PatternEntity>& entities,
      const SentenceContext& context) const;

  ontology::Ontology ontology_;
  ontology::Gazetteer gazetteer_;
  ontology::PatternSet discovery_;
  // Discovery patterns by phase (the "phase" attribute, default 1).
  std::map<int, std::vector<const ontology::TokenPattern*>> discovery_by_phase_;
  ontology::PatternSet context_rules_;
  EditionCues edition_cues_;
  std::unique_ptr<Tokenizer> tokenizer_;
  std::unique_ptr<Morphology> morphology_;
  std::unique_ptr<Trie> trie_;
  // Folded adjective lemma → entry indexes (demonyms, region adjectives).
  std::unordered_multimap<std::string, size_t> adjectives_;
  std::vector<std::string> legal_forms_;  // folded legal-form words, dropped from names
  struct WordHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  mutable std::shared_mutex words_mutex_;
  mutable std::unordered_map<std::string, std::unique_ptr<WordInfo>, WordHash, std::equal_to<>>
      words_;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_RECOGNIZER_H_
