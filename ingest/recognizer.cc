#include "ingest/recognizer.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "ontology/json_doc.h"

namespace splot::ingest {

using ontology::GazetteerEntry;
using ontology::PatternCapture;
using ontology::PatternEntity;
using ontology::PatternInput;
using ontology::PatternMatch;
using ontology::PatternToken;
using ontology::TokenPattern;

namespace {

// Reads the words that make a sentence count an event's edition.
Status LoadEditionCues(const std::filesystem::path& path, const NameFolder& folder,
                       Recognizer::EditionCues* cues) {
  SPLOT_ASSIGN_OR_RETURN(ontology::JsonValue doc, ontology::ParseJsonFile(path));
  ontology::JsonObjectReader r(doc, path.string(), "edition cues");
  SPLOT_RETURN_IF_ERROR(r.CheckIsObject("edition cues"));
  SPLOT_RETURN_IF_ERROR(r.CheckKnownFields(
      {"description", "count_phrase", "holding_verbs", "after_name", "verb_before", "verb_after"}));
  std::vector<std::string> words;
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("count_phrase", &words));
  for (const std::string& w : words) cues->count_phrase.push_back(folder.Fold(w));
  words.clear();
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("holding_verbs", &words));
  for (const std::string& w : words) cues->holding_verbs.push_back(folder.Fold(w));
  for (auto [field, out] :
       {std::pair{"after_name", &cues->after_name}, std::pair{"verb_before", &cues->verb_before},
        std::pair{"verb_after", &cues->verb_after}}) {
    double n = *out;
    SPLOT_RETURN_IF_ERROR(r.OptionalNumber(field, &n));
    if (n < 0 || n > 64) return r.Error(*r.Get(field), field, "expected a number in 0..64");
    *out = static_cast<int>(n);
  }
  return Status::OK();
}

// What a gazetteer alias token requires of the text token's case.
enum class CaseRequirement : uint8_t {
  kAny,      // a lower-case alias word: any case
  kCapital,  // a capitalised alias word: the text word starts upper-case
  kUpper,    // a short all-capitals alias word (an acronym): all capitals
};

constexpr size_t kMaxAliasPaths = 64;

bool IsQuote(UChar32 c) {
  switch (c) {
    case '"':
    case '\'':
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x2039:
    case 0x203A:
      return true;
    default:
      return false;
  }
}

bool IsHyphen(UChar32 c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2012 || c == 0x2013 || c == 0x2014 ||
         c == 0x2212;
}

std::vector<UChar32> CodePointsOf(std::string_view s) {
  std::vector<UChar32> out;
  int32_t i = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  while (i < static_cast<int32_t>(s.size())) {
    UChar32 c;
    U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
    out.push_back(c);
  }
  return out;
}

uint32_t SurfaceShape(const std::string& text, TokenKind kind) {
  using namespace ontology;
  uint32_t shape = 0;
  std::vector<UChar32> cps = CodePointsOf(text);
  if (kind == TokenKind::kNumber) return kShapeNumber;
  if (kind == TokenKind::kPunct) {
    shape = kShapePunct;
    if (cps.size() == 1 && IsQuote(cps[0])) shape |= kShapeQuote;
    if (cps.size() == 1 && IsHyphen(cps[0])) shape |= kShapeHyphen;
    return shape;
  }
  shape |= kShapeWord;
  int letters = 0, uppers = 0;
  for (UChar32 c : cps) {
    if (u_isalpha(c)) {
      ++letters;
      if (u_isupper(c)) ++uppers;
    }
  }
  if (!cps.empty() && u_isupper(cps[0])) shape |= kShapeCapitalized;
  if (!cps.empty() && u_islower(cps[0])) shape |= kShapeLower;
  if (letters >= 2 && uppers == letters) shape |= kShapeUpper;
  if (letters == 1 && uppers == 1 && cps.size() == 1) shape |= kShapeInitial;
  return shape;
}

bool StartsUpper(std::string_view s) {
  std::vector<UChar32> cps = CodePointsOf(s.substr(0, std::min<size_t>(s.size(), 4)));
  return !cps.empty() && u_isupper(cps[0]);
}

std::string Capitalize(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (u.isEmpty()) return std::string(s);
  UChar32 c = u.char32At(0);
  icu::UnicodeString head(u_toupper(c));
  u.replace(0, U16_LENGTH(c), head);
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string Upper(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toUpper(icu::Locale("pl"));
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum class Gender { kMasculine, kFeminine, kNeuter };

Gender GenderOf(std::string_view noun_lemma) {
  if (EndsWith(noun_lemma, "a")) return Gender::kFeminine;
  if (EndsWith(noun_lemma, "o") || EndsWith(noun_lemma, "e") || EndsWith(noun_lemma, "um") ||
      EndsWith(noun_lemma, "ę")) {
    return Gender::kNeuter;
  }
  return Gender::kMasculine;
}

// Inflects a masculine adjective lemma ("białoruski", "państwowy").
std::string AgreeAdjective(std::string_view lemma, Gender g) {
  if (g == Gender::kMasculine) return std::string(lemma);
  std::string stem(lemma.substr(0, lemma.size() - 1));
  char last = lemma.back();
  if (g == Gender::kFeminine) return stem + "a";
  return last == 'i' ? stem + "ie" : stem + "e";
}

}  // namespace

struct Recognizer::Trie {
  struct Terminal {
    size_t entry = 0;
    bool context_only = false;  // a context alias: only in texts about the entry's country
    std::vector<CaseRequirement> cases;
  };
  struct Node {
    std::unordered_map<uint32_t, uint32_t> next;  // by key number
    std::vector<Terminal> terminals;
  };
  std::vector<Node> nodes{1};
  // The folded keys of the aliases, numbered: a sentence's words are
  // looked up by number (WordInfo::alias_keys), not hashed at every step.
  std::unordered_map<std::string, uint32_t, WordHash, std::equal_to<>> key_numbers;

  // The number of `key`, or kNoAliasKey when no alias has it.
  uint32_t NumberOf(std::string_view key) const {
    auto it = key_numbers.find(key);
    return it == key_numbers.end() ? kNoAliasKey : it->second;
  }

  void Insert(const std::vector<std::vector<std::string>>& keys, const Terminal& terminal) {
    // Every combination of the tokens' candidate keys, up to a cap.
    std::vector<std::vector<size_t>> paths{{}};
    for (const auto& options : keys) {
      std::vector<std::vector<size_t>> grown;
      for (const auto& p : paths) {
        for (size_t o = 0; o < options.size(); ++o) {
          if (grown.size() >= kMaxAliasPaths) break;
          auto q = p;
          q.push_back(o);
          grown.push_back(std::move(q));
        }
      }
      paths = std::move(grown);
    }
    for (const auto& p : paths) {
      uint32_t node = 0;
      for (size_t i = 0; i < p.size(); ++i) {
        const uint32_t k =
            key_numbers.try_emplace(keys[i][p[i]], static_cast<uint32_t>(key_numbers.size()))
                .first->second;
        auto it = nodes[node].next.find(k);
        if (it == nodes[node].next.end()) {
          nodes.emplace_back();
          uint32_t id = static_cast<uint32_t>(nodes.size() - 1);
          nodes[node].next.emplace(k, id);
          node = id;
        } else {
          node = it->second;
        }
      }
      auto& terms = nodes[node].terminals;
      bool dup = std::any_of(terms.begin(), terms.end(), [&](const Terminal& t) {
        return t.entry == terminal.entry && t.context_only == terminal.context_only &&
               t.cases == terminal.cases;
      });
      if (!dup) terms.push_back(terminal);
    }
  }
};

struct Recognizer::Candidate {
  size_t begin = 0;  // tokens
  size_t end = 0;
  std::string label;
  MentionSource source = MentionSource::kGazetteer;
  double priority = 0;
  double confidence = 1.0;
  const GazetteerEntry* entry = nullptr;  // gazetteer candidates and resolved context rules
  const TokenPattern* pattern = nullptr;
  PatternMatch match;
  std::vector<size_t> consumed;  // mention indexes a context rule replaces
  std::string name;              // a name built by the pattern (distributed members)
  size_t group = 0;              // length of the whole match members came from, or 0
};

struct Recognizer::Selected {
  Candidate candidate;
  std::vector<Candidate> nested;  // contained mentions it replaced
};

std::vector<PatternToken> RecognizedSentence::PatternTokens() const {
  std::vector<PatternToken> out;
  out.reserve(tokens.size());
  for (const Token& t : tokens) {
    PatternToken p;
    p.text = t.text;
    p.folded = t.analysis != nullptr ? std::string_view(t.analysis->folded) : std::string_view();
    p.keys = t.analysis != nullptr ? &t.analysis->keys : nullptr;
    p.tags = t.tags;
    p.shape = t.shape;
    out.push_back(p);
  }
  return out;
}

std::vector<PatternEntity> RecognizedSentence::PatternEntities() const {
  std::vector<PatternEntity> out;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    if (m.nested) continue;
    PatternEntity e;
    e.begin = m.token_begin;
    e.end = m.token_end;
    e.label = m.label;
    e.id = i;
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const PatternEntity& a, const PatternEntity& b) {
    return a.begin < b.begin;
  });
  return out;
}

Recognizer::Recognizer() = default;
Recognizer::~Recognizer() = default;

Result<std::unique_ptr<Recognizer>> Recognizer::Create(const RecognizerConfig& config) {
  std::unique_ptr<Recognizer> r(new Recognizer());
  SPLOT_RETURN_IF_ERROR(r->Build(config));
  return r;
}

Status Recognizer::Build(const RecognizerConfig& config) {
  const std::filesystem::path& dir = config.ontology_dir;
  SPLOT_ASSIGN_OR_RETURN(ontology_, ontology::Ontology::LoadFile(dir / "types.json"));
  SPLOT_RETURN_IF_ERROR(gazetteer_.AddDirectory(dir / "gazetteer", ontology_));
  for (const auto& extra : config.extra_gazetteers) {
    SPLOT_RETURN_IF_ERROR(gazetteer_.AddFile(extra, ontology_));
  }
  SPLOT_RETURN_IF_ERROR(gazetteer_.Validate());

  MorphologyConfig mc = config.morphology;
  if (mc.rules.empty()) mc.rules = dir / "morphology.json";
  SPLOT_ASSIGN_OR_RETURN(morphology_, Morphology::Create(mc));
  SPLOT_ASSIGN_OR_RETURN(tokenizer_, Tokenizer::Create());

  ontology::PatternLoadOptions discovery_options;
  discovery_options.attributes = {"head", "name", "priority", "legal",    "phase",
                                  "emit", "tail", "place",    "singular", "span"};
  discovery_options.capture_attributes = {"head", "name", "tail", "place", "singular", "span"};
  SPLOT_ASSIGN_OR_RETURN(
      discovery_, ontology::PatternSet::LoadFile(dir / "patterns" / "entities.json", ontology_,
                                                 morphology_->folder(), discovery_options));
  ontology::PatternLoadOptions context_options;
  context_options.attributes = {"resolve", "emit", "span", "priority", "template", "within"};
  context_options.capture_attributes = {"span"};
  SPLOT_ASSIGN_OR_RETURN(
      context_rules_, ontology::PatternSet::LoadFile(dir / "patterns" / "context.json", ontology_,
                                                     morphology_->folder(), context_options));
  SPLOT_RETURN_IF_ERROR(
      LoadEditionCues(dir / "patterns" / "editions.json", morphology_->folder(), &edition_cues_));
  for (const TokenPattern& p : discovery_.patterns()) {
    int phase = 1;
    if (const ontology::JsonValue* v = p.FindAttribute("phase")) {
      if (!v->is_number() || v->as_number() < 1) {
        return Status::InvalidArgument(p.file() + ":" + std::to_string(p.line()) + ": pattern '" +
                                       p.id() + "': field 'phase': expected a number >= 1");
      }
      phase = static_cast<int>(v->as_number());
    }
    discovery_by_phase_[phase].push_back(&p);
    if (const ontology::JsonValue* legal = p.FindAttribute("legal")) {
      if (legal->is_array()) {
        for (const auto& item : legal->items()) {
          if (item.is_string())
            legal_forms_.push_back(morphology_->folder().Fold(item.as_string()));
        }
      }
    }
  }

  // Teach the morphology every name first, so that the aliases below are
  // lemmatised with what it has learnt.
  const auto& entries = gazetteer_.entries();
  for (const GazetteerEntry& e : entries) {
    for (const auto& [word, model] : e.inflect) {
      Status s = morphology_->Teach(word, model);
      if (!s.ok()) {
        return Status::InvalidArgument(e.file + ":" + std::to_string(e.line) + ": entry '" + e.key +
                                       "': field 'inflect': " + s.message());
      }
    }
  }
  for (const GazetteerEntry& e : entries) {
    std::vector<std::string> words = e.AllNames();
    words.insert(words.end(), e.context_aliases.begin(), e.context_aliases.end());
    words.insert(words.end(), e.adjectives.begin(), e.adjectives.end());
    for (const std::string& name : words) {
      for (const TokenSpan& span : tokenizer_->Tokenize(name)) {
        if (span.kind != TokenKind::kWord) continue;
        std::string_view w = std::string_view(name).substr(span.begin, span.end - span.begin);
        bool taught = false;
        for (const auto& [word, model] : e.inflect) taught = taught || word == w;
        if (!taught) morphology_->TeachName(w);
      }
    }
  }

  trie_ = std::make_unique<Trie>();
  for (size_t i = 0; i < entries.size(); ++i) {
    const GazetteerEntry& e = entries[i];
    auto add = [&](const std::string& alias, bool context_only) {
      std::vector<std::vector<std::string>> keys;
      Trie::Terminal term;
      term.entry = i;
      term.context_only = context_only;
      for (const Token& t : Analyze(alias)) {
        if (t.shape & (ontology::kShapeQuote | ontology::kShapeHyphen)) continue;
        std::vector<std::string> options;
        if (t.analysis != nullptr) options = t.analysis->keys;
        if (options.empty()) options.push_back(t.text);
        keys.push_back(std::move(options));
        CaseRequirement c = CaseRequirement::kAny;
        if ((t.shape & ontology::kShapeUpper) && CodePointsOf(t.text).size() <= 6) {
          c = CaseRequirement::kUpper;
        } else if (t.shape & ontology::kShapeCapitalized) {
          c = CaseRequirement::kCapital;
        }
        term.cases.push_back(c);
      }
      if (!keys.empty()) trie_->Insert(keys, term);
    };
    for (const std::string& alias : e.AllNames()) add(alias, false);
    for (const std::string& alias : e.context_aliases) add(alias, true);
    for (const std::string& adj : e.adjectives) {
      for (const std::string& key : morphology_->Analyze(adj).keys) {
        adjectives_.emplace(key, i);
      }
    }
  }
  // Words analysed while compiling the aliases were tagged before every
  // adjective was known.
  words_.clear();
  return Status::OK();
}

const Recognizer::WordInfo& Recognizer::Word(std::string_view text, TokenKind kind) const {
  {
    std::shared_lock<std::shared_mutex> lock(words_mutex_);
    auto it = words_.find(text);
    if (it != words_.end()) return *it->second;
  }
  auto info = std::make_unique<WordInfo>();
  const WordAnalysis& a = morphology_->Analyze(text);
  info->analysis = &a;
  std::string word(text);
  info->shape = SurfaceShape(word, kind);
  if (trie_ != nullptr) {
    for (const std::string& key : a.keys) info->alias_keys.push_back(trie_->NumberOf(key));
  }
  if (kind == TokenKind::kWord) {
    bool proper = (info->shape & ontology::kShapeUpper) != 0;
    if ((info->shape & ontology::kShapeCapitalized) && !(info->shape & ontology::kShapeInitial)) {
      proper = proper || a.source != WordAnalysis::Source::kDictionary;
      for (const std::string& l : a.lemmas) proper = proper || StartsUpper(l);
    }
    if (proper) info->shape |= ontology::kShapeProper;
    // "ordinal", "adjective" (some lemma is an adjective's), "verb" (every
    // lemma is an infinitive), "given-name" (capitalised, of the morphology
    // rules' list), "unknown" (neither the dictionary nor the gazetteer
    // knows the word) and "adj:<Label>" for the adjectives that name
    // gazetteer entries (demonyms, region and city adjectives).
    if (!(info->shape & ontology::kShapeUpper) && a.ordinal > 0) info->tags.push_back("ordinal");
    if (a.adjective) info->tags.push_back("adjective");
    if ((info->shape & ontology::kShapeCapitalized) && !(info->shape & ontology::kShapeInitial)) {
      bool all_capitalized = a.source != WordAnalysis::Source::kDictionary;
      if (!all_capitalized) {
        all_capitalized = true;
        for (const std::string& l : a.lemmas) all_capitalized = all_capitalized && StartsUpper(l);
      }
      if (all_capitalized) info->tags.push_back("name");
    }
    if (a.verb) info->tags.push_back("verb");
    if (a.source != WordAnalysis::Source::kDictionary) info->tags.push_back("unknown");
    if (a.given_name && (info->shape & ontology::kShapeCapitalized) &&
        !(info->shape & ontology::kShapeUpper)) {
      info->tags.push_back("given-name");
    }
    for (const std::string& key : a.keys) {
      auto [from, to] = adjectives_.equal_range(key);
      for (auto it = from; it != to; ++it) {
        std::string tag = "adj:" + gazetteer_.entries()[it->second].label;
        if (std::find(info->tags.begin(), info->tags.end(), tag) == info->tags.end()) {
          info->tags.push_back(std::move(tag));
        }
      }
    }
  }
  std::unique_lock<std::shared_mutex> lock(words_mutex_);
  auto [it, inserted] = words_.emplace(std::move(word), std::move(info));
  return *it->second;
}

std::vector<Token> Recognizer::Analyze(std::string_view sentence) const {
  const std::vector<TokenSpan> spans = tokenizer_->Tokenize(sentence);
  // The words seen before, under one lock for the whole sentence (threads
  // reading documents at once share the lock).
  std::vector<const WordInfo*> known(spans.size(), nullptr);
  {
    std::shared_lock<std::shared_mutex> lock(words_mutex_);
    for (size_t i = 0; i < spans.size(); ++i) {
      auto it = words_.find(sentence.substr(spans[i].begin, spans[i].end - spans[i].begin));
      if (it != words_.end()) known[i] = it->second.get();
    }
  }
  std::vector<Token> tokens;
  tokens.reserve(spans.size());
  for (size_t i = 0; i < spans.size(); ++i) {
    const TokenSpan& span = spans[i];
    Token t;
    t.begin = span.begin;
    t.end = span.end;
    t.kind = span.kind;
    t.text.assign(sentence.substr(span.begin, span.end - span.begin));
    const WordInfo& w = known[i] != nullptr ? *known[i] : Word(t.text, t.kind);
    t.analysis = w.analysis;
    t.shape = w.shape;
    if (!tokens.empty() && tokens.back().end < t.begin) t.shape |= ontology::kShapeSpaced;
    t.tags = &w.tags;
    t.alias_keys = &w.alias_keys;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

const GazetteerEntry* Recognizer::EntryForAdjective(std::string_view word,
                                                    std::string_view label) const {
  const WordAnalysis& a = morphology_->Analyze(word);
  for (const std::string& key : a.keys) {
    auto [from, to] = adjectives_.equal_range(key);
    for (auto it = from; it != to; ++it) {
      if (gazetteer_.entries()[it->second].label == label) return &gazetteer_.entries()[it->second];
    }
  }
  return nullptr;
}

std::vector<Recognizer::Candidate> Recognizer::MatchGazetteer(const std::vector<Token>& tokens,
                                                              const SentenceContext& context,
                                                              size_t begin, size_t end,
                                                              size_t max_length) const {
  std::vector<Candidate> out;
  end = std::min(end, tokens.size());
  const auto& entries = gazetteer_.entries();
  auto transparent = [&](size_t i) {
    return (tokens[i].shape & (ontology::kShapeQuote | ontology::kShapeHyphen)) != 0;
  };
  auto case_ok = [&](const Trie::Terminal& term, const std::vector<size_t>& used) {
    if (term.cases.size() != used.size()) return false;
    for (size_t k = 0; k < used.size(); ++k) {
      uint32_t shape = tokens[used[k]].shape;
      switch (term.cases[k]) {
        case CaseRequirement::kAny:
          break;
        case CaseRequirement::kCapital:
          if (!(shape & (ontology::kShapeCapitalized | ontology::kShapeUpper))) return false;
          break;
        case CaseRequirement::kUpper:
          if (!(shape & ontology::kShapeUpper)) return false;
          break;
      }
    }
    return true;
  };

  size_t i = begin;
  size_t best_end = 0;
  const Trie::Terminal* best = nullptr;
  std::vector<size_t> used;
  // Depth-first walk over the candidate keys of successive tokens from i.
  auto walk = [&](auto& self, uint32_t node, size_t j) -> void {
    while (j < end && transparent(j)) ++j;
    if (j >= end || j - i >= max_length || tokens[j].analysis == nullptr ||
        tokens[j].alias_keys == nullptr) {
      return;
    }
    const auto& next = trie_->nodes[node].next;
    for (uint32_t key : *tokens[j].alias_keys) {
      if (key == kNoAliasKey) continue;
      auto it = next.find(key);
      if (it == next.end()) continue;
      used.push_back(j);
      for (const Trie::Terminal& term : trie_->nodes[it->second].terminals) {
        if (j + 1 <= best_end) break;
        if (term.context_only && entries[term.entry].country != context.chapter_country) continue;
        if (!case_ok(term, used)) continue;
        best_end = j + 1;
        best = &term;
      }
      self(self, it->second, j + 1);
      used.pop_back();
    }
  };
  while (i < end) {
    if (transparent(i)) {
      ++i;
      continue;
    }
    best_end = 0;
    best = nullptr;
    best_end = 0;
    walk(walk, 0, i);
    if (best != nullptr) {
      size_t quotes = 0;
      for (size_t q = i; q < best_end; ++q)
        quotes += (tokens[q].shape & ontology::kShapeQuote) != 0;
      if (quotes % 2 == 1 && best_end < end && (tokens[best_end].shape & ontology::kShapeQuote)) {
        ++best_end;  // WSE "Homel-Raton" takes its closing quote
      }
      Candidate c;
      c.begin = i;
      c.end = best_end;
      c.entry = &entries[best->entry];
      c.label = c.entry->label;
      c.source = MentionSource::kGazetteer;
      c.priority = 10;
      c.confidence = best->context_only ? 0.8 : 1.0;
      out.push_back(std::move(c));
      i = best_end;
    } else {
      ++i;
    }
  }
  return out;
}

bool Recognizer::IsLegalForm(std::string_view folded) const {
  return std::find(legal_forms_.begin(), legal_forms_.end(), folded) != legal_forms_.end();
}

const GazetteerEntry* Recognizer::LookupName(std::string_view name, std::string_view label) const {
  std::vector<Token> all = Analyze(name);
  std::vector<Token> tokens;
  for (Token& t : all) {
    if (t.kind == TokenKind::kWord && t.analysis != nullptr && IsLegalForm(t.analysis->folded)) {
      continue;
    }
    tokens.push_back(std::move(t));
  }
  while (!tokens.empty() && tokens.front().kind == TokenKind::kPunct) tokens.erase(tokens.begin());
  while (!tokens.empty() && tokens.back().kind == TokenKind::kPunct) tokens.pop_back();
  if (tokens.empty()) return nullptr;
  std::vector<Candidate> found = MatchGazetteer(tokens, SentenceContext());
  if (found.size() != 1 || found[0].begin != 0 || found[0].end != tokens.size()) return nullptr;
  if (!label.empty() && found[0].label != label) return nullptr;
  return found[0].entry;
}

void Recognizer::TrimCandidate(Candidate* c, const std::vector<Token>& tokens) const {
  // A name does not end in a conjunction or a preposition ("… Gospodarczej
  // i"), left over where a pattern's tail ran on.
  static const char* kFunctionWords[] = {"i",  "oraz", "a",  "w",   "we", "z",
                                         "ze", "na",   "do", "dla", "ds"};
  while (c->end > c->begin + 1 &&
         std::any_of(std::begin(kFunctionWords), std::end(kFunctionWords),
                     [&](const char* w) { return tokens[c->end - 1].text == w; })) {
    --c->end;
  }
  // Leading adjectives in another gender than the head belong to the words
  // before the name ("Wydział Lotnictwa Cywilnego Białoruskiej … Akademii").
  const PatternCapture* head = c->match.Find(c->pattern->Attribute("head"));
  if (head == nullptr || head->begin <= c->begin) return;
  const Token& h = tokens[head->begin];
  if (h.kind != TokenKind::kWord || h.analysis->source != WordAnalysis::Source::kDictionary) return;
  bool feminine = GenderOf(morphology_->folder().Fold(HeadLemma(h))) == Gender::kFeminine;
  while (c->begin < head->begin) {
    std::string_view f = tokens[c->begin].analysis->folded;
    bool masculine_form = EndsWith(f, "ego") || EndsWith(f, "emu");
    bool feminine_form = EndsWith(f, "ej");
    if ((feminine && masculine_form) || (!feminine && feminine_form)) {
      ++c->begin;
    } else {
      break;
    }
  }
}

bool Recognizer::IsNameComponent(const std::vector<Token>& tokens, const Mention& nested,
                                 const Candidate& parent) const {
  if (nested.label == "Country" || nested.label == "Region") return false;
  static const char* kPrepositions[] = {"w", "we", "z", "ze", "do", "dla", "przy", "na", "pod"};
  bool after_preposition =
      nested.token_begin > parent.begin &&
      std::any_of(std::begin(kPrepositions), std::end(kPrepositions),
                  [&](const char* p) { return tokens[nested.token_begin - 1].text == p; });
  // A town or a person inside a name ("Svetlogorsk Khimvolokno", "Islam
  // Karimov … University") is part of the name unless a preposition makes
  // it a place ("Uniwersytet w Baranowiczach").
  if (nested.label == "City" || nested.label == "Person") return !after_preposition;
  // A body named inside another ("Instytut … Akademii Nauk", "Agencja …
  // przy Ministerstwie Zdrowia") is mentioned too, except a shorter alias of
  // the same kind at the start ("Brzeski Państwowy Uniwersytet" in
  // "Brzeski Państwowy Uniwersytet Techniczny"), also after a lower-case
  // adjective of a country or place ("Ministerstwa Przemysłu" in
  // "tadżyckiego Ministerstwa Przemysłu i Nowych Technologii"; after a noun,
  // as in "wystawa Innoprom", the nested name is the entity).
  if (nested.label != parent.label) return false;
  for (size_t t = parent.begin; t < nested.token_begin; ++t) {
    const Token& token = tokens[t];
    bool place_adjective =
        (token.shape & ontology::kShapeLower) && token.tags != nullptr &&
        std::any_of(token.tags->begin(), token.tags->end(),
                    [](const std::string& tag) { return tag.rfind("adj:", 0) == 0; });
    if (!place_adjective) return false;
  }
  return true;
}

std::string Recognizer::PlaceName(const Candidate& c, const GazetteerEntry& place,
                                  const std::vector<Token>& tokens,
                                  std::string_view sentence) const {
  const PatternCapture* head = c.match.Find(c.pattern->Attribute("head"));
  if (head == nullptr) return "";
  std::string head_lemma = HeadLemma(tokens[head->begin]);
  Gender g = GenderOf(morphology_->folder().Fold(head_lemma));
  std::string name =
      Capitalize(AgreeAdjective(place.adjectives.front(), g)) + " " + Capitalize(head_lemma);
  if (const PatternCapture* t = c.match.Find(c.pattern->Attribute("tail"))) {
    name += " ";
    name +=
        sentence.substr(tokens[t->begin].begin, tokens[t->end - 1].end - tokens[t->begin].begin);
  }
  return name;
}

bool Recognizer::IsPluralNoun(const std::vector<Token>& tokens, size_t index, size_t begin,
                              size_t end) const {
  const Token& t = tokens[index];
  if (t.kind != TokenKind::kWord || t.analysis->source != WordAnalysis::Source::kDictionary) {
    return false;
  }
  auto ends = [](std::string_view s, std::string_view e) { return EndsWith(s, e); };
  std::string lemma = morphology_->folder().Fold(HeadLemma(t));
  std::string_view form = t.analysis->folded;
  bool feminine_a = ends(lemma, "a");
  // An adjective of the name agreeing with the noun, right before or after
  // it, shows the number where the noun's own ending does not ("wolne
  // strefy", "Państwowych Uniwersytetów"): no singular adjective ends in -ych
  // or -ymi, and no feminine singular one in -e.  A word outside the name
  // ("z nimi Instytut …") agrees with nothing in it.
  for (size_t n : {index - 1, index + 1}) {
    if (n < begin || n >= end || n >= tokens.size() || tokens[n].kind != TokenKind::kWord) {
      continue;
    }
    const WordAnalysis& a = *tokens[n].analysis;
    if (!a.adjective || a.source != WordAnalysis::Source::kDictionary) continue;
    std::string_view f = a.folded;
    if (ends(f, "ych") || ends(f, "ich") || ends(f, "ymi") || ends(f, "imi")) return true;
    if (feminine_a && ends(f, "e") && !ends(f, "ej") && !ends(tokens[n].text, "ę")) return true;
  }
  if (form == lemma) return false;
  if (ends(form, "ow") || ends(form, "ami") || ends(form, "ach")) return true;
  if (ends(form, "om") && !ends(lemma, "om")) return true;
  bool consonant =
      !lemma.empty() && std::string_view("aeiouy").find(lemma.back()) == std::string_view::npos;
  // The folded form loses "ę", which tells "akademię" (one) from "akademie"
  // (several): "akademie", "agencje" are the plural of a noun in -ia, -ja.
  std::string_view stem = feminine_a ? std::string_view(lemma).substr(0, lemma.size() - 1) : "";
  if (feminine_a && form.size() == lemma.size() && ends(form, "e") &&
      form.substr(0, stem.size()) == stem && !ends(t.text, "ę")) {
    return true;
  }
  // "stref": the bare stem is the genitive plural.
  if (feminine_a && form == stem) return true;
  // "komitety", "instytuty", "urzędy": nominative plural of a hard stem
  // ("komitetowi" is one).
  if (consonant && (ends(form, "y") || ends(form, "i")) && !ends(form, "owi")) return true;
  return false;
}

std::string Recognizer::HeadLemma(const Token& h) const {
  // The lemma that keeps most of the word and is not a verb ("posiedzeniu"
  // is "posiedzenie", not "posiedzieć"); Hunspell sometimes lists the
  // capitalised word itself among the stems, which says nothing.  With no
  // such lemma the word is its own base form.
  std::string best;
  size_t best_prefix = 0;
  for (size_t i = 0; i < h.analysis->lemmas.size(); ++i) {
    const std::string& l = h.analysis->lemmas[i];
    const std::string& f = h.analysis->lemma_keys[i];
    // ("Giełdą" folds like its lemma "giełda" but is not it.)
    bool same_word = f == h.analysis->folded && !(EndsWith(h.text, "ą") && !EndsWith(l, "ą"));
    if (same_word || EndsWith(l, "ć")) continue;
    size_t p = 0;
    while (p < f.size() && p < h.analysis->folded.size() && f[p] == h.analysis->folded[p]) ++p;
    if (best.empty() || p > best_prefix) {
      best = l;
      best_prefix = p;
    }
  }
  return best.empty() ? h.text : best;
}

std::vector<Recognizer::Candidate> Recognizer::DistributeMembers(const Candidate& c,
                                                                 const std::vector<Token>& tokens,
                                                                 std::string_view sentence) const {
  std::vector<Candidate> out;
  const PatternCapture* head = c.match.Find(c.pattern->Attribute("head"));
  if (head == nullptr) {
    // Coordinated names: each member is a name of its own.
    for (const PatternCapture& cap : c.match.captures) {
      if (cap.name != "member") continue;
      Candidate d = c;
      d.begin = cap.begin;
      d.end = cap.end;
      d.group = c.end - c.begin;
      d.name = NormalizeName(tokens, cap.begin, cap.end, cap.end, sentence);
      if (!d.name.empty()) out.push_back(std::move(d));
    }
    return out;
  }
  const Token& h = tokens[head->begin];
  std::string head_lemma = HeadLemma(h);
  Gender g = GenderOf(morphology_->folder().Fold(head_lemma));
  std::string tail;
  if (const PatternCapture* t = c.match.Find(c.pattern->Attribute("tail"))) {
    tail = std::string(
        sentence.substr(tokens[t->begin].begin, tokens[t->end - 1].end - tokens[t->begin].begin));
  }
  for (const PatternCapture& cap : c.match.captures) {
    if (cap.name != "member") continue;
    const Token& a = tokens[cap.begin];
    std::string adj;
    for (const std::string& l : a.analysis->lemmas) {
      if (EndsWith(l, "y") || EndsWith(l, "i")) {
        adj = l;
        break;
      }
    }
    if (adj.empty()) continue;
    Candidate d = c;
    d.begin = cap.begin;
    d.end = cap.end;
    d.group = c.end - c.begin;
    d.name = Capitalize(AgreeAdjective(adj, g)) + " " + Capitalize(head_lemma);
    if (!tail.empty()) d.name += " " + tail;
    out.push_back(std::move(d));
  }
  return out;
}

std::string Recognizer::NormalizeName(const std::vector<Token>& tokens, size_t begin, size_t end,
                                      size_t head, std::string_view sentence) const {
  auto is_quote = [&](size_t i) { return (tokens[i].shape & ontology::kShapeQuote) != 0; };
  // Trim punctuation at the edges, but keep quotes that pair up.
  while (begin < end && tokens[begin].kind == TokenKind::kPunct && !is_quote(begin)) ++begin;
  while (end > begin && tokens[end - 1].kind == TokenKind::kPunct && !is_quote(end - 1) &&
         tokens[end - 1].text != ".") {
    --end;
  }
  size_t quotes = 0;
  for (size_t i = begin; i < end; ++i) quotes += is_quote(i);
  if (quotes % 2 == 1) {
    if (begin < end && is_quote(begin)) {
      ++begin;
    } else if (end > begin && is_quote(end - 1)) {
      --end;
    }
  }
  if (begin >= end) return "";
  std::vector<std::string> words;
  for (size_t i = begin; i < end; ++i) words.push_back(tokens[i].text);
  if (head >= begin && head < end && tokens[head].kind == TokenKind::kWord &&
      tokens[head].analysis->source == WordAnalysis::Source::kDictionary) {
    const Token& h = tokens[head];
    std::string lemma = HeadLemma(h);
    std::string head_fold = morphology_->folder().Fold(lemma);
    // Folding hides the instrumental "-ą" ("Giełdą" folds like "Giełda").
    bool inflected =
        h.analysis->folded != head_fold || (EndsWith(h.text, "ą") && !EndsWith(lemma, "ą"));
    // An indeclinable head ("Forum", "Centrum") shows its case only in the
    // adjectives around it ("Międzynarodowym Forum Gospodarczym").
    auto oblique = [&](size_t i) {
      if (i < begin || i >= end || tokens[i].kind != TokenKind::kWord) return false;
      std::string_view f = tokens[i].analysis->folded;
      return EndsWith(f, "ego") || EndsWith(f, "emu") || EndsWith(f, "ym") || EndsWith(f, "im") ||
             EndsWith(f, "ej");
    };
    if (!inflected && (oblique(head - 1) || oblique(head + 1))) inflected = true;
    // "Mińskie Zakłady Samochodowe": a plural name in the nominative stays.
    bool plural_nominative = inflected && head > begin;
    for (size_t i = begin; i < head && plural_nominative; ++i) {
      std::string_view f = tokens[i].analysis->folded;
      plural_nominative = tokens[i].kind == TokenKind::kWord && EndsWith(f, "e");
    }
    if (plural_nominative) inflected = false;
    if (inflected) {
      if (h.shape & ontology::kShapeUpper) {
        lemma = Upper(lemma);
      } else if (h.shape & ontology::kShapeCapitalized) {
        lemma = Capitalize(lemma);
      }
      words[head - begin] = lemma;
      Gender g = GenderOf(head_fold);
      // "Pińskich Zakładów Mięsnych": an oblique plural head, whose
      // adjectives are plural too; the name becomes singular throughout.
      std::string_view hf = h.analysis->folded;
      bool plural_oblique =
          EndsWith(hf, "ow") || EndsWith(hf, "ach") || EndsWith(hf, "ami") || EndsWith(hf, "om");
      auto agree = [&](size_t i) {
        const Token& t = tokens[i];
        if (t.kind != TokenKind::kWord || t.analysis->source != WordAnalysis::Source::kDictionary) {
          return false;
        }
        std::string_view f = t.analysis->folded;
        // The adjective must be in the head's case and number.
        static const char* kMasculine[] = {"ego", "emu", "ym", "im"};
        static const char* kFeminine[] = {"ej", "a"};
        static const char* kPlural[] = {"ych", "ich", "ymi", "imi", "ym", "im"};
        bool fits = false;
        if (plural_oblique) {
          for (const char* e : kPlural) fits = fits || EndsWith(f, e);
        } else if (g == Gender::kFeminine) {
          for (const char* e : kFeminine) fits = fits || EndsWith(f, e);
        } else {
          for (const char* e : kMasculine) fits = fits || EndsWith(f, e);
        }
        if (!fits) return false;
        std::string adj;
        for (const std::string& l : t.analysis->lemmas) {
          if (EndsWith(l, "y") || EndsWith(l, "i")) {
            adj = l;
            break;
          }
        }
        if (adj.empty()) return false;
        std::string form = AgreeAdjective(adj, g);
        if (t.shape & ontology::kShapeCapitalized) form = Capitalize(form);
        words[i - begin] = form;
        return true;
      };
      for (size_t i = begin; i < head; ++i) agree(i);
      // Adjectives right after the head ("komisji międzyrządowej",
      // "Uniwersytetu Pedagogicznego") agree with it too.
      // So does the last part of a compound adjective there
      // ("Instytutem Inżynieryjno-Ekonomicznym").
      for (size_t i = head + 1; i < end;) {
        if (i + 2 < end && tokens[i].kind == TokenKind::kWord &&
            EndsWith(tokens[i].analysis->folded, "o") &&
            (tokens[i + 1].shape & ontology::kShapeHyphen) &&
            !(tokens[i + 1].shape & ontology::kShapeSpaced) &&
            !(tokens[i + 2].shape & ontology::kShapeSpaced)) {
          i += 2;
        }
        if (!agree(i)) break;
        ++i;
      }
    }
  }
  // Reassemble with the sentence's own spacing (none around hyphens).
  std::string out;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin && tokens[i].begin > tokens[i - 1].end) {
      bool space = false;
      for (size_t b = tokens[i - 1].end; b < tokens[i].begin; ++b) {
        char c = sentence[b];
        space = space || c == ' ' || c == '\n' || c == '\t' || c == '\r';
      }
      if (space) out += ' ';
    }
    out += words[i - begin];
  }
  return out;
}

const GazetteerEntry* Recognizer::ResolveContext(const TokenPattern& pattern,
                                                 const PatternCapture* member,
                                                 const RecognizedSentence& sentence,
                                                 const std::vector<PatternEntity>& entities,
                                                 const SentenceContext& context) const {
  std::string how = pattern.Attribute("resolve");
  const auto& entries = gazetteer_.entries();
  if (how == "chapter") {
    return context.chapter_country.empty() ? nullptr : gazetteer_.Find(context.chapter_country);
  }
  // The entry with `label` an adjective of the member names.
  auto by_adjective = [&](std::string_view label) -> const GazetteerEntry* {
    if (member == nullptr) return nullptr;
    for (size_t t = member->begin; t < member->end; ++t) {
      const Token& tok = sentence.tokens[t];
      if (tok.analysis == nullptr) continue;
      for (const std::string& key : tok.analysis->keys) {
        auto [from, to] = adjectives_.equal_range(key);
        for (auto it = from; it != to; ++it) {
          if (entries[it->second].label == label) return &entries[it->second];
        }
      }
    }
    return nullptr;
  };
  if (how == "adjective") return by_adjective(pattern.label());
  if (how == "recent_region_of") {
    // The latest region of the country the member's adjective names, named
    // within the last `within` sentences.
    const GazetteerEntry* country = by_adjective("Country");
    if (country == nullptr) return nullptr;
    int within = 0;
    if (const ontology::JsonValue* v = pattern.FindAttribute("within"); v && v->is_number()) {
      within = static_cast<int>(v->as_number());
    }
    for (const auto& [key, age] : context.recent_regions) {
      if (age > within) break;
      const GazetteerEntry* e = gazetteer_.Find(key);
      if (e != nullptr && e->country == country->key) return e;
    }
    return nullptr;
  }
  if (how == "country_of" || how == "region_of" || how == "entity" || how == "center_of") {
    if (member == nullptr || member->entities.empty()) return nullptr;
    const Mention& m = sentence.mentions[entities[member->entities.front()].id];
    const GazetteerEntry* e = m.key.empty() ? nullptr : gazetteer_.Find(m.key);
    if (e == nullptr) return nullptr;
    if (how == "entity") return e;
    if (how == "center_of") return e->center.empty() ? nullptr : gazetteer_.Find(e->center);
    if (how == "country_of") {
      if (e->label == "Country") return e;
      return e->country.empty() ? nullptr : gazetteer_.Find(e->country);
    }
    if (e->label == "Region") return e;
    return gazetteer_.RegionWithCenter(e->key);
  }
  if (how == "lookup") {
    // The entry named by a template around the member: WSE "{member}".
    if (member == nullptr) return nullptr;
    std::string text;
    for (size_t t = member->begin; t < member->end; ++t) {
      if (t > member->begin) text += ' ';
      text += sentence.tokens[t].text;
    }
    std::string name = pattern.Attribute("template");
    size_t at = name.find("{member}");
    if (at == std::string::npos) return nullptr;
    name.replace(at, 8, text);
    return LookupName(name, pattern.label());
  }
  if (!how.empty()) return gazetteer_.Find(how);
  return nullptr;
}

RecognizedSentence Recognizer::Recognize(std::string_view sentence,
                                         const SentenceContext& context) const {
  RecognizedSentence out;
  out.tokens = Analyze(sentence);
  const std::vector<Token>& tokens = out.tokens;
  std::vector<PatternToken> ptokens = out.PatternTokens();

  // Layer 1: the gazetteer (already non-overlapping).
  std::vector<Selected> top;
  for (Candidate& c : MatchGazetteer(tokens, context)) {
    // Names inside a name ("Uniwersytet w Baranowiczach") are nested mentions.
    std::vector<Candidate> inner;
    std::vector<std::pair<size_t, size_t>> spans{{c.begin, c.end}};
    while (!spans.empty()) {
      auto [b, e] = spans.back();
      spans.pop_back();
      if (e - b < 2) continue;
      for (Candidate& n : MatchGazetteer(tokens, context, b, e, e - b - 1)) {
        if (n.end - n.begin >= e - b) continue;  // a closing quote made it the whole span
        spans.emplace_back(n.begin, n.end);
        inner.push_back(std::move(n));
      }
    }
    top.push_back({std::move(c), std::move(inner)});
  }

  // Layer 2: discovery patterns, phase by phase.  A phase sees the mentions
  // chosen so far as entity slots; a new mention must be longer than (or as
  // long as, with a higher priority) every mention it overlaps, and takes
  // those it contains as nested mentions.
  for (const auto& [phase, phase_patterns] : discovery_by_phase_) {
    std::vector<PatternEntity> slots;
    for (size_t i = 0; i < top.size(); ++i) {
      slots.push_back({top[i].candidate.begin, top[i].candidate.end, top[i].candidate.label, i});
    }
    PatternInput input{&ptokens, &slots};
    std::vector<Candidate> found;
    const ontology::AnchorSet anchors = discovery_.AnchorsIn(input);
    std::vector<const TokenPattern*> active;
    for (const TokenPattern* p : phase_patterns) {
      if (p->MayOccurIn(anchors)) active.push_back(p);
    }
    for (size_t start = 0; start < tokens.size() && !active.empty(); ++start) {
      for (const TokenPattern* p : active) {
        PatternMatch m;
        if (!p->MatchAt(input, start, &m)) continue;
        Candidate c;
        c.begin = m.begin;
        c.end = m.end;
        // "rektor uczelni Żansejit Tujmebajew": the office anchors the
        // match, the mention is the name.
        if (const PatternCapture* span = m.Find(p->Attribute("span"))) {
          c.begin = span->begin;
          c.end = span->end;
        }
        c.label = p->label();
        c.source = MentionSource::kPattern;
        const ontology::JsonValue* pr = p->FindAttribute("priority");
        c.priority = pr != nullptr && pr->is_number() ? pr->as_number() : 5;
        c.confidence = p->confidence();
        c.pattern = p;
        c.match = std::move(m);
        if (const PatternCapture* name = c.match.Find(p->Attribute("name"))) {
          // An unquoted name that is something else's ("firmy z Białorusi",
          // "zakład … Mohylew") is that something, not a new entity.
          bool quoted = name->begin > 0 && (tokens[name->begin - 1].shape & ontology::kShapeQuote);
          if (!quoted) {
            std::string text(sentence.substr(
                tokens[name->begin].begin, tokens[name->end - 1].end - tokens[name->begin].begin));
            const GazetteerEntry* other = LookupName(text, "");
            if (other != nullptr && other->label != c.label) continue;
          }
        }
        if (const PatternCapture* place = c.match.Find(p->Attribute("place"))) {
          // "zakład przetwórstwa mięsnego w Homlu" is the Homelski Zakład
          // Przetwórstwa Mięsnego: the place's adjective names it.
          for (size_t id : place->entities) {
            const Candidate& where = top[slots[id].id].candidate;
            if (where.entry != nullptr && !where.entry->adjectives.empty()) {
              c.name = PlaceName(c, *where.entry, tokens, sentence);
              break;
            }
          }
        }
        if (const PatternCapture* kind = c.match.Find(p->Attribute("singular"))) {
          // "Narodowe Akademie Nauk", "wolnych stref ekonomicznych": a plural
          // head noun names a kind of body, not one of them.
          if (IsPluralNoun(tokens, kind->begin, c.match.begin, c.match.end)) continue;
        }
        TrimCandidate(&c, tokens);
        if (c.end <= c.begin) continue;
        if (p->Attribute("emit") == "members") {
          // "brzeskie, pińskie i słonimskie zakłady przetwórstwa mięsnego":
          // one entity per adjective, named with the shared head and tail.
          for (Candidate& d : DistributeMembers(c, tokens, sentence)) found.push_back(std::move(d));
          continue;
        }
        found.push_back(std::move(c));
      }
    }
    // Longest first (members of a coordination count with the whole of
    // it); on a tie the higher priority.
    std::stable_sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
      size_t la = a.group ? a.group : a.end - a.begin, lb = b.group ? b.group : b.end - b.begin;
      if (la != lb) return la > lb;
      return a.priority > b.priority;
    });
    std::vector<char> taken(tokens.size(), 0);
    for (Candidate& c : found) {
      bool free = true;
      for (size_t t = c.begin; t < c.end; ++t) free = free && !taken[t];
      if (!free) continue;
      size_t len = c.end - c.begin;
      bool wins = true;
      for (const Selected& s : top) {
        const Candidate& o = s.candidate;
        if (o.end <= c.begin || c.end <= o.begin) continue;
        size_t olen = o.end - o.begin;
        if (olen > len || (olen == len && o.priority >= c.priority)) wins = false;
      }
      if (!wins) continue;
      Selected sel{std::move(c), {}};
      std::vector<Selected> rest;
      for (Selected& s : top) {
        const Candidate& o = s.candidate;
        if (o.end <= sel.candidate.begin || sel.candidate.end <= o.begin) {
          rest.push_back(std::move(s));
        } else if (o.begin >= sel.candidate.begin && o.end <= sel.candidate.end) {
          sel.nested.push_back(std::move(s.candidate));
          for (Candidate& n : s.nested) sel.nested.push_back(std::move(n));
        }
      }
      for (size_t t = sel.candidate.begin; t < sel.candidate.end; ++t) taken[t] = 1;
      rest.push_back(std::move(sel));
      top = std::move(rest);
    }
    std::sort(top.begin(), top.end(), [](const Selected& a, const Selected& b) {
      return a.candidate.begin < b.candidate.begin;
    });
  }

  auto line_of = [&](size_t byte) {
    int line = context.line;
    for (size_t b : context.line_breaks) line += b <= byte;
    return line;
  };
  auto make_mention = [&](const Candidate& c, size_t tb, size_t te) {
    Mention m;
    m.token_begin = tb;
    m.token_end = te;
    m.begin = tokens[tb].begin;
    m.end = tokens[te - 1].end;
    m.text.assign(sentence.substr(m.begin, m.end - m.begin));
    m.label = c.label;
    m.source = c.source;
    m.confidence = c.confidence;
    m.line = line_of(m.begin);
    if (c.entry != nullptr) {
      m.key = c.entry->key;
      m.name = c.entry->name;
      m.country = c.entry->label == "Country" ? c.entry->key : c.entry->country;
    }
    if (c.pattern != nullptr) {
      m.rule = c.pattern->id();
    } else if (c.source == MentionSource::kGazetteer) {
      m.rule = "gazetteer";
    }
    if (c.source == MentionSource::kPattern && !c.name.empty()) {
      m.name = c.name;
    } else if (c.source == MentionSource::kPattern) {
      size_t nb = c.begin, ne = c.end;
      if (const PatternCapture* name = c.match.Find(c.pattern->Attribute("name"))) {
        nb = name->begin;
        ne = name->end;
      }
      size_t head = c.end;
      if (const PatternCapture* h = c.match.Find(c.pattern->Attribute("head"))) head = h->begin;
      // "Kazachski Uniwersytet Agrotechniczny w Astanie": a name that says
      // its country or region itself is complete; the city after it is
      // where the body is, not part of its name ("Państwowy Uniwersytet
      // Techniczny w Taszkencie" needs its city).
      if (ne - nb > 3 && head < ne && tokens[nb].tags != nullptr &&
          std::any_of(tokens[nb].tags->begin(), tokens[nb].tags->end(),
                      [](const std::string& t) { return t.rfind("adj:", 0) == 0; })) {
        for (size_t w = head + 1; w + 1 < ne; ++w) {
          if ((tokens[w].text == "w" || tokens[w].text == "we") &&
              std::all_of(tokens.begin() + static_cast<long>(w) + 1,
                          tokens.begin() + static_cast<long>(ne), [](const Token& t) {
                            return (t.shape & ontology::kShapeCapitalized) != 0 ||
                                   (t.shape & ontology::kShapeHyphen) != 0;
                          })) {
            ne = w;
            break;
          }
        }
      }
      m.name = NormalizeName(tokens, nb, ne, head, sentence);
      // A quoted name inside the mention is another name of it.
      for (size_t q = c.begin; q < c.end; ++q) {
        if (!(tokens[q].shape & ontology::kShapeQuote)) continue;
        size_t close = q + 1;
        while (close < c.end && !(tokens[close].shape & ontology::kShapeQuote)) ++close;
        if (close >= c.end || close == q + 1) break;
        m.other_names.emplace_back(
            sentence.substr(tokens[q + 1].begin, tokens[close - 1].end - tokens[q + 1].begin));
        q = close;
      }
      if (nb != c.begin || ne != c.end) {
        // A name that is something else's ('dom meblowy "Białoruś"') needs
        // the words around it.
        const GazetteerEntry* other = LookupName(m.name, "");
        if (other != nullptr && other->label != c.label) {
          m.name = NormalizeName(tokens, c.begin, c.end, head, sentence);
        }
      }
    }
    return m;
  };

  for (const Selected& s : top) {
    const Candidate& c = s.candidate;
    Mention m = make_mention(c, c.begin, c.end);
    std::vector<Mention> nested;
    for (const Candidate& n : s.nested) {
      Mention nm = make_mention(n, n.begin, n.end);
      nm.nested = true;
      nm.component = IsNameComponent(tokens, nm, c);
      if (m.country.empty() && n.entry != nullptr) m.country = nm.country;
      nested.push_back(std::move(nm));
    }
    if (m.country.empty() && c.source == MentionSource::kPattern) {
      // The country adjectives in the name, or the one right before it
      // ("kirgiskiego Ministerstwa Transportu").
      size_t from_token = c.begin;
      if (from_token > 0 && (tokens[from_token - 1].shape & ontology::kShapeLower)) --from_token;
      for (size_t t = from_token; t < c.end && m.country.empty(); ++t) {
        if (tokens[t].tags == nullptr || std::find(tokens[t].tags->begin(), tokens[t].tags->end(),
                                                   "adj:Country") == tokens[t].tags->end()) {
          continue;
        }
        for (const std::string& key : tokens[t].analysis->keys) {
          auto [from, to] = adjectives_.equal_range(key);
          for (auto it = from; it != to; ++it) {
            if (gazetteer_.entries()[it->second].label == "Country") {
              m.country = gazetteer_.entries()[it->second].key;
            }
          }
        }
      }
    }
    out.mentions.push_back(std::move(m));
    for (Mention& n : nested) out.mentions.push_back(std::move(n));
  }

  // Layer 3: context rules over the tokens and the mentions found so far.
  // A rule produces mentions over its "member" captures (emit: members) or
  // over its span; a produced mention may overlap only the mentions it
  // consumes, which it replaces (and keeps as nested).
  std::vector<PatternEntity> entities = out.PatternEntities();
  PatternInput cinput{&ptokens, &entities};
  std::vector<Candidate> context_candidates;
  const ontology::AnchorSet context_anchors = context_rules_.AnchorsIn(cinput);
  std::vector<const TokenPattern*> rules;
  for (const TokenPattern& p : context_rules_.patterns()) {
    if (p.MayOccurIn(context_anchors)) rules.push_back(&p);
  }
  for (size_t start = 0; start < tokens.size() && !rules.empty(); ++start) {
    for (const TokenPattern* rule : rules) {
      const TokenPattern& p = *rule;
      PatternMatch m;
      if (!p.MatchAt(cinput, start, &m)) continue;
      Candidate c;
      c.begin = m.begin;
      c.end = m.end;
      c.label = p.label();
      c.source = MentionSource::kContext;
      const ontology::JsonValue* pr = p.FindAttribute("priority");
      c.priority = pr != nullptr && pr->is_number() ? pr->as_number() : 1;
      c.confidence = p.confidence();
      c.pattern = &p;
      c.match = std::move(m);
      context_candidates.push_back(std::move(c));
    }
  }
  std::stable_sort(context_candidates.begin(), context_candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     size_t la = a.end - a.begin, lb = b.end - b.begin;
                     if (la != lb) return la > lb;
                     return a.priority > b.priority;
                   });
  std::vector<char> ctx_covered(tokens.size(), 0);
  std::vector<char> removed(out.mentions.size(), 0);
  std::vector<Mention> added;
  for (const Candidate& c : context_candidates) {
    struct Output {
      size_t begin, end;
      const GazetteerEntry* entry;
      std::vector<size_t> consumed;  // mention indexes
      // The member's span, for an anaphor: the adjective that names the
      // region's country, kept as a mention of that country.
      size_t member_begin = 0, member_end = 0;
    };
    const bool anaphor = c.pattern->Attribute("resolve") == "recent_region_of";
    std::vector<Output> outputs;
    auto consumed_in = [&](const PatternCapture* cap, size_t b, size_t e) {
      std::vector<size_t> ids;
      for (const PatternCapture& x : c.match.captures) {
        if (cap != nullptr && &x != cap) continue;
        for (size_t id : x.entities) {
          if (entities[id].begin >= b && entities[id].end <= e) ids.push_back(entities[id].id);
        }
      }
      return ids;
    };
    if (c.pattern->Attribute("emit") == "members") {
      for (const PatternCapture& cap : c.match.captures) {
        if (cap.name != "member") continue;
        const GazetteerEntry* e = ResolveContext(*c.pattern, &cap, out, entities, context);
        if (e == nullptr || e->label != c.label) continue;
        outputs.push_back(
            {cap.begin, cap.end, e, consumed_in(&cap, cap.begin, cap.end), cap.begin, cap.end});
      }
    } else {
      const PatternCapture* member = c.match.Find("member");
      const GazetteerEntry* e = ResolveContext(*c.pattern, member, out, entities, context);
      if (e != nullptr && e->label == c.label) {
        size_t sb = c.begin, se = c.end;
        if (const PatternCapture* span = c.match.Find(c.pattern->Attribute("span"))) {
          sb = span->begin;
          se = span->end;
        }
        outputs.push_back({sb, se, e, consumed_in(nullptr, sb, se), member ? member->begin : 0,
                           member ? member->end : 0});
      }
    }
    // An output may overlap the mentions it consumes, mentions inside its
    // own span (kept as nested) and mentions of the rule's label inside the
    // rule's match ("Obwody witebski" before "obwody witebski i
    // namangański" is re-read), which it replaces.
    bool ok = !outputs.empty();
    std::vector<size_t> replaced;
    for (Output& o : outputs) {
      for (size_t t = o.begin; t < o.end && ok; ++t) ok = !ctx_covered[t];
      for (size_t i = 0; i < out.mentions.size() && ok; ++i) {
        const Mention& m = out.mentions[i];
        if (m.nested || removed[i]) continue;
        bool overlaps = m.token_begin < o.end && o.begin < m.token_end;
        if (!overlaps) continue;
        bool consumed = std::find(o.consumed.begin(), o.consumed.end(), i) != o.consumed.end();
        if (consumed) continue;
        if (m.token_begin >= o.begin && m.token_end <= o.end) {
          o.consumed.push_back(i);
        } else if (m.token_begin >= c.begin && m.token_end <= c.end && m.label == c.label) {
          replaced.push_back(i);
        } else {
          ok = false;
        }
      }
    }
    if (!ok) continue;
    for (size_t id : replaced) removed[id] = 1;
    for (const Output& o : outputs) {
      for (size_t t = o.begin; t < o.end; ++t) ctx_covered[t] = 1;
      Candidate r = c;
      r.entry = o.entry;
      Mention m = make_mention(r, o.begin, o.end);
      m.rule = c.pattern->id();
      m.anaphor = anaphor;
      added.push_back(std::move(m));
      const GazetteerEntry* country = anaphor ? gazetteer_.Find(o.entry->country) : nullptr;
      // Only inside a longer phrase: a name nested at its container's start
      // is taken for a shorter alias of it.
      if (country != nullptr && o.member_begin > o.begin && o.member_begin < o.member_end) {
        Candidate k = c;
        k.label = country->label;
        k.entry = country;
        Mention n = make_mention(k, o.member_begin, o.member_end);
        n.rule = c.pattern->id();
        n.nested = true;
        added.push_back(std::move(n));
      }
      for (size_t id : o.consumed) {
        removed[id] = 1;
        Mention n = out.mentions[id];
        n.nested = true;
        n.component = true;  // "Mińsk" of "oficjalny Mińsk" names the state here
        added.push_back(std::move(n));
      }
    }
  }
  std::vector<Mention> merged;
  for (size_t i = 0; i < out.mentions.size(); ++i) {
    if (removed[i]) continue;
    // Nested mentions of a removed mention go with it.
    if (out.mentions[i].nested) {
      bool parent_removed = false;
      for (size_t j = i; j-- > 0;) {
        if (!out.mentions[j].nested) {
          parent_removed = removed[j];
          break;
        }
      }
      if (parent_removed) continue;
    }
    merged.push_back(std::move(out.mentions[i]));
  }
  for (Mention& m : added) merged.push_back(std::move(m));
  // Text order, each top-level mention followed by its nested ones.
  std::stable_sort(merged.begin(), merged.end(), [](const Mention& a, const Mention& b) {
    if (a.token_begin != b.token_begin) return a.token_begin < b.token_begin;
    if (a.nested != b.nested) return !a.nested;
    return a.token_end > b.token_end;
  });
  out.mentions = std::move(merged);
  return out;
}

}  // namespace splot::ingest
