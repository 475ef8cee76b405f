#include "ingest/morphology.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <hunspell/hunspell.hxx>

#include <algorithm>

#include "ontology/json_doc.h"

namespace splot::ingest {

namespace {

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Lower(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  u.toLower(icu::Locale("pl"));
  std::string out;
  u.toUTF8String(out);
  return out;
}

struct CaseInfo {
  bool has_lower = false;
  bool has_upper = false;
  bool starts_upper = false;
  bool has_digit = false;
};

CaseInfo Inspect(std::string_view utf8) {
  CaseInfo info;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  bool first = true;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_isupper(c)) {
      info.has_upper = true;
      if (first) info.starts_upper = true;
    } else if (u_islower(c)) {
      info.has_lower = true;
    } else if (u_isdigit(c)) {
      info.has_digit = true;
    }
    first = false;
  }
  return info;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

Result<std::unique_ptr<Morphology>> Morphology::Create(const MorphologyConfig& config) {
  for (const auto& path : {config.aff, config.dic}) {
    if (!std::filesystem::is_regular_file(path)) {
      return Status::NotFound("Hunspell dictionary file not found: " + path.string() +
                              " (install the Debian package hunspell-pl)");
    }
  }
  std::unique_ptr<Morphology> m(new Morphology());
  m->hunspell_ = std::make_unique<Hunspell>(config.aff.c_str(), config.dic.c_str());
  UErrorCode status = U_ZERO_ERROR;
  m->converter_ = ucnv_open("ISO-8859-2", &status);
  if (U_FAILURE(status)) {
    return Status::Internal(std::string("ICU converter ISO-8859-2 unavailable: ") +
                            u_errorName(status));
  }
  // Stop (rather than substitute) on characters ISO-8859-2 lacks, so that
  // such words skip the dictionary instead of being mangled into it.
  ucnv_setFromUCallBack(m->converter_, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr,
                        &status);
  if (!config.rules.empty()) SPLOT_RETURN_IF_ERROR(m->LoadRules(config.rules));
  return m;
}

Morphology::~Morphology() {
  if (converter_ != nullptr) ucnv_close(converter_);
}

Status Morphology::LoadRules(const std::filesystem::path& path) {
  using ontology::JsonObjectReader;
  using ontology::JsonValue;
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ontology::ParseJsonFile(path));
  const std::string source = path.string();
  JsonObjectReader top(doc, source);
  SPLOT_RETURN_IF_ERROR(top.CheckIsObject("the morphology rules file"));
  SPLOT_RETURN_IF_ERROR(top.CheckKnownFields({"description", "min_stem", "suffixes", "models",
                                              "ordinals", "given_names", "given_name_endings"}));
  double min_stem = static_cast<double>(min_stem_);
  SPLOT_RETURN_IF_ERROR(top.OptionalNumber("min_stem", &min_stem));
  if (min_stem < 1) return top.Error(*top.Get("min_stem"), "min_stem", "must be at least 1");
  min_stem_ = static_cast<size_t>(min_stem);

  if (const JsonValue* suffixes = top.Get("suffixes")) {
    if (!suffixes->is_array()) return top.Error(*suffixes, "suffixes", "expected an array");
    for (const JsonValue& item : suffixes->items()) {
      JsonObjectReader r(item, source, "suffix rule");
      SPLOT_RETURN_IF_ERROR(r.CheckIsObject("a suffix rule"));
      SPLOT_RETURN_IF_ERROR(r.CheckKnownFields({"suffix", "lemma"}));
      SuffixRule rule;
      SPLOT_RETURN_IF_ERROR(r.RequiredString("suffix", &rule.suffix));
      const JsonValue* lemma = r.Get("lemma");
      if (lemma == nullptr || !lemma->is_string()) {
        return r.Error(lemma ? *lemma : item, "lemma", "expected a string (may be empty)");
      }
      rule.lemma_suffix = lemma->as_string();
      suffix_rules_.push_back(std::move(rule));
    }
  }
  if (const JsonValue* models = top.Get("models")) {
    if (!models->is_array()) return top.Error(*models, "models", "expected an array");
    for (const JsonValue& item : models->items()) {
      JsonObjectReader r(item, source, "model");
      SPLOT_RETURN_IF_ERROR(r.CheckIsObject("a teaching model"));
      SPLOT_RETURN_IF_ERROR(r.CheckKnownFields({"ending", "like", "capitalized"}));
      InflectionModel model;
      SPLOT_RETURN_IF_ERROR(r.RequiredString("ending", &model.ending));
      SPLOT_RETURN_IF_ERROR(r.RequiredString("like", &model.model));
      SPLOT_RETURN_IF_ERROR(r.OptionalBool("capitalized", &model.capitalized));
      if (!Knows(model.model)) {
        return r.Error(*r.Get("like"), "like",
                       "model word '" + model.model + "' is not in the dictionary");
      }
      models_.push_back(std::move(model));
    }
  }
  if (const JsonValue* ordinals = top.Get("ordinals")) {
    if (!ordinals->is_object()) return top.Error(*ordinals, "ordinals", "expected an object");
    for (const auto& [word, value] : ordinals->members()) {
      if (!value.is_number() || value.as_number() < 1) {
        return top.Error(value, "ordinals", "value of '" + word + "' must be a positive number");
      }
      ordinals_.emplace_back(folder_.Fold(word), static_cast<int>(value.as_number()));
    }
  }
  std::vector<std::string> names;
  SPLOT_RETURN_IF_ERROR(top.OptionalStringList("given_names", &names));
  for (const std::string& n : names) given_names_.insert(folder_.Fold(n));
  SPLOT_RETURN_IF_ERROR(top.OptionalStringList("given_name_endings", &given_name_endings_));
  for (std::string& e : given_name_endings_) e = folder_.Fold(e);
  std::stable_sort(given_name_endings_.begin(), given_name_endings_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  auto longer_suffix = [](const SuffixRule& a, const SuffixRule& b) {
    return a.suffix.size() > b.suffix.size();
  };
  std::stable_sort(suffix_rules_.begin(), suffix_rules_.end(), longer_suffix);
  auto longer_ending = [](const InflectionModel& a, const InflectionModel& b) {
    return a.ending.size() > b.ending.size();
  };
  std::stable_sort(models_.begin(), models_.end(), longer_ending);
  return Status::OK();
}

bool Morphology::ToDictionary(std::string_view utf8, std::string* out) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  out->assign(static_cast<size_t>(u.length()) * 2 + 4, '\0');
  UErrorCode status = U_ZERO_ERROR;
  ucnv_resetFromUnicode(converter_);
  int32_t n = ucnv_fromUChars(converter_, out->data(), static_cast<int32_t>(out->size()),
                              u.getBuffer(), u.length(), &status);
  if (U_FAILURE(status)) return false;
  out->resize(static_cast<size_t>(n));
  return true;
}

std::string Morphology::FromDictionary(std::string_view latin2) {
  std::vector<UChar> buffer(latin2.size() + 4);
  UErrorCode status = U_ZERO_ERROR;
  ucnv_resetToUnicode(converter_);
  int32_t n = ucnv_toUChars(converter_, buffer.data(), static_cast<int32_t>(buffer.size()),
                            latin2.data(), static_cast<int32_t>(latin2.size()), &status);
  if (U_FAILURE(status)) return std::string(latin2);
  std::string out;
  icu::UnicodeString(buffer.data(), n).toUTF8String(out);
  return out;
}

bool Morphology::Knows(std::string_view word) {
  std::lock_guard<std::mutex> lock(hunspell_mutex_);
  std::string latin2;
  if (!ToDictionary(word, &latin2)) return false;
  return hunspell_->spell(latin2);
}

Status Morphology::Teach(std::string_view word, std::string_view model) {
  {
    std::lock_guard<std::mutex> lock(hunspell_mutex_);
    std::string word2, model2;
    if (!ToDictionary(word, &word2)) {
      return Status::InvalidArgument("cannot teach '" + std::string(word) +
                                     "': it has letters outside ISO-8859-2");
    }
    if (!ToDictionary(model, &model2) || !hunspell_->spell(model2)) {
      return Status::InvalidArgument("cannot teach '" + std::string(word) + "' like '" +
                                     std::string(model) + "': the model is not in the dictionary");
    }
    hunspell_->add_with_affix(word2, model2);
  }
  // Analyses computed before may now be wrong.  References handed out stay
  // valid: the old entries retire instead of being destroyed.
  std::unique_lock<std::shared_mutex> lock(cache_mutex_);
  for (auto& [w, analysis] : cache_) retired_.push_back(std::move(analysis));
  cache_.clear();
  return Status::OK();
}

bool Morphology::TeachName(std::string_view word) {
  CaseInfo info = Inspect(word);
  if (!info.has_lower || info.has_digit || CodePoints(word) < 3) return false;
  if (Knows(word)) return false;
  std::string lower = Lower(word);
  for (const InflectionModel& m : models_) {
    if (m.capitalized && !info.starts_upper) continue;
    if (!EndsWith(lower, m.ending)) continue;
    if (CodePoints(lower) <= CodePoints(m.ending)) continue;
    return Teach(word, m.model).ok();
  }
  return false;
}

int Morphology::OrdinalValue(std::string_view word) { return Analyze(word).ordinal; }

bool Morphology::IsGivenName(const WordAnalysis& a) const {
  if (given_names_.empty()) return false;
  for (const std::string& key : a.keys) {
    if (given_names_.count(key) > 0) return true;
  }
  // Names the dictionary lacks ("Sardorem", "Bachtijora"): the word with a
  // case ending taken off.
  for (const std::string& e : given_name_endings_) {
    if (a.folded.size() > e.size() + 2 &&
        a.folded.compare(a.folded.size() - e.size(), e.size(), e) == 0 &&
        given_names_.count(a.folded.substr(0, a.folded.size() - e.size())) > 0) {
      return true;
    }
  }
  return false;
}

int Morphology::OrdinalOf(const WordAnalysis& a) const {
  for (const std::string& key : a.keys) {
    for (const auto& [lemma, value] : ordinals_) {
      if (lemma == key) return value;
    }
  }
  // An inflected form the dictionary lacks ("dziewięte"): compare stems,
  // the adjectival ending dropped from both.
  static const char* kEndings[] = {"ego", "emu", "ymi", "ych", "ej", "ym", "a", "e", "y", "i"};
  auto stem = [](std::string_view f) {
    for (const char* e : kEndings) {
      std::string_view end(e);
      if (f.size() > end.size() + 3 && f.substr(f.size() - end.size()) == end) {
        return std::string(f.substr(0, f.size() - end.size()));
      }
    }
    return std::string(f);
  };
  std::string s = stem(a.folded);
  for (const auto& [lemma, value] : ordinals_) {
    if (stem(lemma) == s) return value;
  }
  return 0;
}

std::vector<std::string> Morphology::FallbackLemmas(std::string_view word) const {
  std::vector<std::string> out;
  CaseInfo info = Inspect(word);
  if (!info.has_lower || info.has_digit) return out;
  std::string lower = Lower(word);
  // Suffixes are compared on the lower-cased word; the stem keeps the
  // word's own letters (and so its capital).
  if (lower.size() != word.size()) return out;  // case mapping changed lengths: give up
  for (const SuffixRule& rule : suffix_rules_) {
    if (!EndsWith(lower, rule.suffix)) continue;
    std::string_view stem = word.substr(0, word.size() - rule.suffix.size());
    if (CodePoints(stem) < min_stem_) continue;
    std::string lemma = std::string(stem) + rule.lemma_suffix;
    if (std::find(out.begin(), out.end(), lemma) == out.end()) out.push_back(std::move(lemma));
  }
  return out;
}

WordAnalysis Morphology::Compute(std::string_view word) {
  WordAnalysis a;
  std::vector<std::string> stems;
  {
    std::lock_guard<std::mutex> lock(hunspell_mutex_);
    std::string latin2;
    if (ToDictionary(word, &latin2) && hunspell_->spell(latin2)) {
      a.source = WordAnalysis::Source::kDictionary;
      for (const std::string& s : hunspell_->stem(latin2)) stems.push_back(FromDictionary(s));
    }
  }
  if (a.source == WordAnalysis::Source::kDictionary) {
    // Candidates with the word's own initial case first: "Mińska" is more
    // likely the town than the adjective when it is capitalised mid-name,
    // and "mińskiej" is the adjective.
    bool upper = Inspect(word).starts_upper;
    std::stable_partition(stems.begin(), stems.end(),
                          [&](const std::string& s) { return Inspect(s).starts_upper == upper; });
    for (std::string& s : stems) {
      if (std::find(a.lemmas.begin(), a.lemmas.end(), s) == a.lemmas.end()) {
        a.lemmas.push_back(std::move(s));
      }
    }
  }
  if (a.lemmas.empty()) {
    std::vector<std::string> guesses = FallbackLemmas(word);
    if (!guesses.empty()) {
      if (a.source == WordAnalysis::Source::kNone) a.source = WordAnalysis::Source::kFallback;
      a.lemmas.push_back(std::string(word));  // an unknown word may be a base form already
      for (std::string& g : guesses) a.lemmas.push_back(std::move(g));
    }
  }
  if (a.lemmas.empty()) a.lemmas.push_back(std::string(word));
  a.folded = folder_.Fold(word);
  if (!a.folded.empty()) {
    a.keys.push_back(a.folded);
  } else {
    a.keys.push_back(std::string(word));  // punctuation matches itself
  }
  for (const std::string& l : a.lemmas) {
    std::string key = folder_.Fold(l);
    a.lemma_keys.push_back(key);
    if (!key.empty() && std::find(a.keys.begin(), a.keys.end(), key) == a.keys.end()) {
      a.keys.push_back(std::move(key));
    }
  }
  bool dictionary = a.source == WordAnalysis::Source::kDictionary;
  a.verb = dictionary;
  for (size_t i = 0; i < a.lemmas.size(); ++i) {
    const std::string& f = a.lemma_keys[i];
    bool adjectival = EndsWith(f, "y") || EndsWith(f, "i");
    if (adjectival && (f != a.folded || dictionary)) a.adjective = true;
    if (!EndsWith(a.lemmas[i], "ć")) a.verb = false;
  }
  if (!a.folded.empty()) {
    a.ordinal = OrdinalOf(a);
    a.given_name = IsGivenName(a);
  }
  return a;
}

const WordAnalysis& Morphology::Analyze(std::string_view word) {
  lookups_.fetch_add(1, std::memory_order_relaxed);
  const WordAnalysis* found = nullptr;
  {
    std::shared_lock<std::shared_mutex> lock(cache_mutex_);
    auto it = cache_.find(word);
    if (it != cache_.end()) found = it->second.get();
  }
  if (found == nullptr) {
    auto computed = std::make_unique<WordAnalysis>(Compute(word));
    std::unique_lock<std::shared_mutex> lock(cache_mutex_);
    auto [it, inserted] = cache_.emplace(std::string(word), std::move(computed));
    found = it->second.get();
  }
  if (found->source == WordAnalysis::Source::kDictionary) {
    dictionary_hits_.fetch_add(1, std::memory_order_relaxed);
  } else if (found->source == WordAnalysis::Source::kFallback) {
    fallback_hits_.fetch_add(1, std::memory_order_relaxed);
  }
  return *found;
}

MorphologyStats Morphology::Stats() const {
  MorphologyStats s;
  s.lookups = lookups_.load();
  s.dictionary = dictionary_hits_.load();
  s.fallback = fallback_hits_.load();
  std::shared_lock<std::shared_mutex> lock(cache_mutex_);
  s.distinct = cache_.size();
  return s;
}

}  // namespace splot::ingest
