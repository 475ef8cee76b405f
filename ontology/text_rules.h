// TextRules: the data that tells the reader how to read a document — which
// mis-encoded letters to repair, which words are abbreviations, how body text,
// footnotes, page numbers and titles look, and which words name the country a
// chapter is about.  Loaded once from the JSON files in ontology/text/:
//
//   repair.json         mis-encoded letters, look-alike letters, NFC, spaces
//   abbreviations.json  abbreviations, initials and ordinals for segmentation
//   layout.json         separators, page numbers, hyphenation, titles, footnotes
//   chapters.json       country cue stems for chapter detection
//
// A malformed file is refused with its path, the line and the field.
#ifndef SPLOT_ONTOLOGY_TEXT_RULES_H_
#define SPLOT_ONTOLOGY_TEXT_RULES_H_

#include <filesystem>
#include <string>
#include <vector>

#include "base/result.h"

namespace splot::ontology {

// One mis-encoded letter and the Polish letter it stands for.
struct RepairLetter {
  char32_t from = 0;
  char32_t to = 0;
  // The code point never stands for itself in Polish text, so its presence
  // alone proves the word is a mis-encoded Polish word.
  bool alone = false;
  // At the end of a word the code point proves it (ü for ć in "być").
  bool word_final = false;
  // Before a vowel the code point proves it (á for ł in "skáada"): no
  // language that writes it puts it there.
  bool before_vowel = false;
};

struct RepairRules {
  std::vector<RepairLetter> letters;
  std::u32string polish_letters;  // letters that mark a word as Polish
  // Greek/Cyrillic letter -> the Latin letter it looks like.
  std::vector<std::pair<char32_t, char32_t>> lookalikes;
  bool nfc = true;
  bool collapse_spaces = true;
};

struct SegmentRules {
  std::vector<std::string> abbreviations;     // lowercase, with their full stop
  std::vector<std::string> initial_digraphs;  // two-letter initials ("Sz")
  int ordinal_max_digits = 3;
  std::vector<std::string> ordinal_not_after;  // words after which "1." is no ordinal
};

enum class HyphenationMode {
  kKeep,        // a line-end hyphen is real: join without a space, keep it
  kSplitWords,  // words were split: drop the hyphen between lowercase letters
};

struct LayoutRules {
  int separator_min_width = 20;  // a whitespace-only line this wide opens footnotes
  int page_number_max_digits = 4;
  HyphenationMode hyphenation = HyphenationMode::kKeep;
  int title_max_chars = 60;
  int title_max_lines = 3;
  bool title_allow_digits = false;
  int footnote_max_gap = 3;
  int max_zone_lines = 400;
  std::vector<std::string> citation_cues;  // substrings of citation lines
  std::vector<std::string> url_cues;       // where a URL starts
  std::string url_label = "URL:";
  std::vector<std::string> resource_cues;  // where a citation's title ends
  int marker_max_gap = 3;
  std::vector<std::string> year_words;  // words after a year ("r.", "roku")
};

struct ChapterCountry {
  std::string key;                 // gazetteer key, e.g. "country:uz"
  std::string name;                // Polish name
  std::vector<std::string> stems;  // lowercase word beginnings
};

struct ChapterRules {
  int min_mentions = 3;
  double ratio = 2.0;
  int window_sentences = 64;
  std::vector<ChapterCountry> countries;
};

struct TextRules {
  RepairRules repair;
  SegmentRules segment;
  LayoutRules layout;
  ChapterRules chapters;
};

// The directory holding the default rule files: $SPLOT_TEXT_RULES when set,
// else ontology/text in the source tree this build came from.
std::filesystem::path DefaultTextRulesDir();

// Loads and validates the four rule files from `dir`.
// Errors: NotFound/IOError naming a missing or unreadable file;
// InvalidArgument "<file>:<line>: field '<name>': <problem>" for bad content.
Result<TextRules> LoadTextRules(const std::filesystem::path& dir);

}  // namespace splot::ontology

#endif  // SPLOT_ONTOLOGY_TEXT_RULES_H_
