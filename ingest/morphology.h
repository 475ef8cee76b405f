// Morphology: Polish lemmas of a word, from Hunspell with the Debian pl_PL
// dictionary, a suffix fallback for words the dictionary does not know, and
// a cache.
//
// The dictionary is ISO-8859-2; words cross that boundary through ICU
// converters here and nowhere else.  A word with a letter outside
// ISO-8859-2 (Cyrillic, "ü") skips Hunspell and goes to the fallback.
//
// Proper names are taught at run time: Teach("namangański", "homelski")
// adds the word with the inflection flags of its model, so "namangańskiego"
// then stems to "namangański".  TeachName() picks the model from the
// word's ending with the table in ontology/morphology.json.
//
// Thread-safe: Hunspell calls are serialised; cached analyses are shared.
#ifndef SPLOT_INGEST_MORPHOLOGY_H_
#define SPLOT_INGEST_MORPHOLOGY_H_

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/fold.h"
#include "base/result.h"

class Hunspell;
struct UConverter;

namespace splot::ingest {

struct MorphologyConfig {
  std::filesystem::path aff = "/usr/share/hunspell/pl_PL.aff";
  std::filesystem::path dic = "/usr/share/hunspell/pl_PL.dic";
  // Suffix fallback rules and teaching models (ontology/morphology.json).
  std::filesystem::path rules;
};

// One rule of the suffix fallback: a word ending in `suffix` may have the
// lemma with that ending replaced by `lemma_suffix`.
struct SuffixRule {
  std::string suffix;
  std::string lemma_suffix;
};

// A teaching model: a word ending in `ending` inflects like `model`.
struct InflectionModel {
  std::string ending;
  std::string model;
  bool capitalized = false;  // applies only to words that start upper-case
};

struct WordAnalysis {
  enum class Source {
    kDictionary,  // Hunspell knew the word (perhaps taught at run time)
    kFallback,    // the suffix rules proposed lemmas
    kNone,        // neither: the word is its own lemma (numbers, acronyms...)
  };
  // Candidate lemmas in UTF-8, most plausible first, never empty: when
  // nothing else is known the word itself is its lemma.
  std::vector<std::string> lemmas;
  // Folded (NameFolder) keys of the lemmas and of the word itself, without
  // duplicates; what matching compares.
  std::vector<std::string> keys;
  // The folded word.
  std::string folded;
  // The folded form of each of `lemmas`, in the same order.
  std::vector<std::string> lemma_keys;
  Source source = Source::kNone;
  // A lemma other than the word itself looks like an adjective's (-y, -i),
  // or the word is a dictionary adjective in its base form.
  bool adjective = false;
  // Every dictionary lemma is an infinitive (-ć): a verb form.
  bool verb = false;
  // The value of an ordinal numeral ("siódmym" → 7), or 0.
  int ordinal = 0;
  // A given name of the rules' list in any case ("Piotra", "Sardorem").
  bool given_name = false;
};

struct MorphologyStats {
  uint64_t lookups = 0;     // words analysed (cache hits included)
  uint64_t dictionary = 0;  // of which Hunspell knew
  uint64_t fallback = 0;    // of which only the suffix rules helped
  uint64_t distinct = 0;    // distinct words cached
};

class Morphology {
 public:
  // Loads the dictionary and, when `config.rules` is set, the rules file.
  // Errors name the missing file or the rules file's line and field.
  static Result<std::unique_ptr<Morphology>> Create(const MorphologyConfig& config);
  ~Morphology();
  Morphology(const Morphology&) = delete;
  Morphology& operator=(const Morphology&) = delete;

  // Returns the analysis of `word` (one token, UTF-8).  The reference stays
  // valid for the lifetime of this object.
  const WordAnalysis& Analyze(std::string_view word);

  // True when Hunspell accepts `word` (dictionary or taught).
  bool Knows(std::string_view word);

  // Adds `word` with the inflection of `model`, a word the dictionary knows.
  // Fails when the model is unknown or either word is not ISO-8859-2.
  Status Teach(std::string_view word, std::string_view model);

  // Teaches `word` with the model its ending selects; does nothing when the
  // word is already known, has no letters to inflect (acronyms, numbers) or
  // no model fits.  Returns true when the word was taught.
  bool TeachName(std::string_view word);

  // The value of an ordinal numeral in any inflected form ("siódmym" → 7),
  // or 0.
  int OrdinalValue(std::string_view word);

  // Lemma candidates from the suffix rules alone (tested on its own).
  std::vector<std::string> FallbackLemmas(std::string_view word) const;

  // Counters since construction.
  MorphologyStats Stats() const;

  const NameFolder& folder() const { return folder_; }

 private:
  Morphology() = default;
  Status LoadRules(const std::filesystem::path& path);
  // Converts to ISO-8859-2; false when a character has no equivalent.
  bool ToDictionary(std::string_view utf8, std::string* out);
  std::string FromDictionary(std::string_view latin2);
  WordAnalysis Compute(std::string_view word);
  int OrdinalOf(const WordAnalysis& a) const;
  bool IsGivenName(const WordAnalysis& a) const;

  std::unique_ptr<Hunspell> hunspell_;
  UConverter* converter_ = nullptr;  // ISO-8859-2, guarded by hunspell_mutex_
  std::mutex hunspell_mutex_;

  std::vector<SuffixRule> suffix_rules_;               // longest suffix first
  std::vector<InflectionModel> models_;                // longest ending first
  std::vector<std::pair<std::string, int>> ordinals_;  // folded lemma → value
  std::unordered_set<std::string> given_names_;        // folded
  std::vector<std::string> given_name_endings_;        // folded, longest first
  size_t min_stem_ = 3;

  NameFolder folder_;
  mutable std::shared_mutex cache_mutex_;
  // Looked up by string_view without copying the word.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<WordAnalysis>, Hash, std::equal_to<>> cache_;
  std::vector<std::unique_ptr<WordAnalysis>> retired_;  // invalidated by Teach, still referenced

  std::atomic<uint64_t> lookups_{0};
  std::atomic<uint64_t> dictionary_hits_{0};
  std::atomic<uint64_t> fallback_hits_{0};
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_MORPHOLOGY_H_
