// Token patterns: a small JSON language for sequences of tokens, used for
// entity discovery and context rules (ontology/patterns/*.json) and meant
// for relation patterns too.
//
// A pattern file is {"macros": {...}, "patterns": [...]}.  A pattern is
//   {"id": "ent.ministry", "label": "GovernmentBody", "confidence": 0.85,
//    "elements": [ELEMENT, ...], ...attributes}
// and matches a contiguous run of tokens.  An ELEMENT is one object whose
// constraints must all hold for one token:
//   "text":   ["OJSC", "JSC"]   surface form, compared after folding (case
//                               and diacritics ignored; punctuation exact)
//   "exact":  ["UE"]            surface form, case-sensitive
//   "lemma":  ["uniwersytet"]   any lemma candidate of the token
//   "prefix": ["uz"], "suffix": ["expo"]   of the folded surface form
//   "shape":  "capitalized" | "upper" | "lower" | "word" | "number" |
//             "punct" | "quote" | "hyphen" | "initial" | "proper" | "spaced" |
//             "any"
//             (or an array: any of them)
//   "tag":    ["adj:Country"]   any tag the caller attached to the token
//   "not":    {constraints}     the token must not satisfy these (or an
//                               array of such objects: it satisfies none);
//                               {"use": "MACRO"} stands for a macro's
//                               token constraints
// or a slot or a group:
//   "entity": ["City", "Region"]   one recognised mention of these labels
//                                  ("*" for any), consumed whole; token
//                                  constraints beside it describe the
//                                  mention's first token
//   "seq":    [ELEMENT, ...]       a sub-sequence
//   "alt":    [[ELEMENT, ...], [ELEMENT, ...]]   alternatives
//   "use":    "MACRO"              the element defined under "macros"
//   "ahead":  {constraints}        the next token satisfies these (or
//   "not_ahead": {constraints}     does not, or there is none); nothing is
//                                  consumed
// and any element may carry
//   "optional": true, "repeat": [min, max], "capture": "name".
// Repetition is greedy, and of all ways to match, the longest wins.
// Attributes a pattern may carry besides id, label, confidence and
// elements are named by the loader's caller (entity rules use "head",
// "resolve", "span"; relation rules their own).
#ifndef SPLOT_ONTOLOGY_TOKEN_PATTERN_H_
#define SPLOT_ONTOLOGY_TOKEN_PATTERN_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fold.h"
#include "base/result.h"
#include "ontology/json_doc.h"

namespace splot::ontology {

class Ontology;

// Shape flags of a token, computed by the caller.
enum ShapeFlag : uint32_t {
  kShapeCapitalized = 1u << 0,  // starts with an upper-case letter
  kShapeUpper = 1u << 1,        // two or more letters, all upper-case ("MTZ", "BelAZ" is not)
  kShapeLower = 1u << 2,        // starts with a lower-case letter
  kShapeWord = 1u << 3,         // contains a letter
  kShapeNumber = 1u << 4,       // digits (and number punctuation)
  kShapePunct = 1u << 5,        // neither letters nor digits
  kShapeQuote = 1u << 6,        // a quotation mark of any kind
  kShapeHyphen = 1u << 7,       // a hyphen or dash
  kShapeInitial = 1u << 8,      // one upper-case letter ("A" of "A. Łukaszenka")
  kShapeProper = 1u << 9,       // looks like a name: capitalised and not a common word
  kShapeSpaced = 1u << 10,      // white space separates it from the token before
};

// What a pattern sees of one token.  The views must outlive the match.
struct PatternToken {
  std::string_view text;                           // surface form
  std::string_view folded;                         // NameFolder key of the surface form
  const std::vector<std::string>* keys = nullptr;  // folded lemma candidates (may be null)
  const std::vector<std::string>* tags = nullptr;  // caller's tags (may be null)
  uint32_t shape = 0;
};

// A recognised mention an "entity" element may consume: tokens [begin, end).
struct PatternEntity {
  size_t begin = 0;
  size_t end = 0;
  std::string_view label;
  size_t id = 0;  // the caller's index of the mention
};

struct PatternInput {
  const std::vector<PatternToken>* tokens = nullptr;
  // Sorted by begin; mentions may nest or overlap.
  const std::vector<PatternEntity>* entities = nullptr;
};

struct PatternCapture {
  std::string name;
  size_t begin = 0;  // token range [begin, end)
  size_t end = 0;
  // Indexes into PatternInput::entities of the mentions consumed inside.
  std::vector<size_t> entities;
};

struct PatternMatch {
  size_t begin = 0;
  size_t end = 0;
  std::vector<PatternCapture> captures;  // in the order their elements matched

  // The first capture named `name`, or nullptr.
  const PatternCapture* Find(std::string_view name) const;
};

// What any match of a pattern must contain: one of these folded keys,
// surface texts or tags on some token, or a mention of one of these labels.
struct PatternAnchors {
  std::vector<std::string> keys;
  std::vector<std::string> texts;
  std::vector<std::string> tags;
  std::vector<std::string> entity_labels;
};

// The anchors of a pattern set's patterns that occur in one input
// (PatternSet::AnchorsIn): found in one pass over the input, then asked for
// any number of the set's patterns instead of scanning the input for each.
class AnchorSet {
 public:
  bool Has(uint32_t anchor) const { return ((bits_[anchor >> 6] >> (anchor & 63)) & 1) != 0; }

 private:
  friend class PatternSet;
  friend class TokenPattern;
  bool has_tokens_ = false;
  std::vector<uint64_t> bits_;
};

class TokenPattern {
 public:
  struct Element;  // defined in token_pattern.cc
  struct First;    // the elements a match can begin with

  TokenPattern();
  ~TokenPattern();
  TokenPattern(TokenPattern&&) noexcept;
  TokenPattern& operator=(TokenPattern&&) noexcept;

  // Tries to match starting exactly at token `start`; on success fills
  // `match` with the longest match and returns true.
  bool MatchAt(const PatternInput& input, size_t start, PatternMatch* match) const;
  // Whether `input` holds, for every required element of the pattern, one
  // of the words, tags or entity labels it needs; when not, MatchAt fails at
  // every start.
  bool MayOccurIn(const PatternInput& input) const;
  // The same for the input `anchors` were found in (PatternSet::AnchorsIn
  // of the set holding this pattern).
  bool MayOccurIn(const AnchorSet& anchors) const;

  const std::string& id() const { return id_; }
  const std::string& label() const { return label_; }
  double confidence() const { return confidence_; }
  const std::string& file() const { return file_; }
  int line() const { return line_; }

  // A string attribute, or "" when absent or not a string.
  std::string Attribute(std::string_view name) const;
  // Any attribute, or nullptr.
  const JsonValue* FindAttribute(std::string_view name) const;
  // Whether some element of the pattern captures `name`.
  bool DefinesCapture(std::string_view name) const;

 private:
  friend class PatternSet;
  std::string id_;
  std::string label_;
  double confidence_ = 1.0;
  std::string file_;
  int line_ = 0;
  // A cheap test of the first token: most positions fail it.
  bool MayStartAt(const PatternInput& input, size_t start) const;

  std::unique_ptr<Element> root_;
  std::unique_ptr<First> first_;
  std::map<std::string, JsonValue, std::less<>> attributes_;
};

struct PatternLoadOptions {
  // Attributes allowed besides id, label, confidence, elements.
  std::vector<std::string> attributes;
  // Whether every pattern must name a label.
  bool label_required = true;
  // Attributes whose value names a capture; a pattern that defines no such
  // capture is an error ("head": "head" with no "capture": "head").
  std::vector<std::string> capture_attributes;
};

class PatternSet {
 public:
  // Loads a pattern file.  Labels (the pattern's own and those of "entity"
  // elements) are checked against `ontology`; errors name file, line and
  // field.  `folder` folds the literal words at load time.
  static Result<PatternSet> LoadFile(const std::filesystem::path& path, const Ontology& ontology,
                                     const NameFolder& folder,
                                     const PatternLoadOptions& options = {});
  static Result<PatternSet> Parse(std::string_view json, std::string_view source_name,
                                  const Ontology& ontology, const NameFolder& folder,
                                  const PatternLoadOptions& options = {});

  // Appends the patterns of `other` (ids must stay unique).
  Status Merge(PatternSet&& other);

  const std::vector<TokenPattern>& patterns() const { return patterns_; }
  const TokenPattern* Find(std::string_view id) const;

  // The anchors of this set's patterns (the words, tags and entity labels
  // their required elements need) that occur in `input`.
  AnchorSet AnchorsIn(const PatternInput& input) const;

 private:
  static Result<PatternSet> FromJson(const JsonValue& doc, const std::string& source,
                                     const Ontology& ontology, const NameFolder& folder,
                                     const PatternLoadOptions& options);
  void BuildIndex();

  std::vector<TokenPattern> patterns_;
  enum AnchorKind { kKeyAnchor, kTextAnchor, kTagAnchor, kLabelAnchor, kAnchorKinds };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // Per kind of anchor: every anchor of a required element of a pattern →
  // its number in an AnchorSet, with a bit for every anchor (AnchorBit): a
  // word whose bit is clear anchors nothing, and is not looked up.
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> anchor_numbers_[kAnchorKinds];
  std::vector<uint64_t> numbered_bits_[kAnchorKinds];
  uint32_t anchor_count_ = 0;
};

}  // namespace splot::ontology

#endif  // SPLOT_ONTOLOGY_TOKEN_PATTERN_H_
