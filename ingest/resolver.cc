#include "ingest/resolver.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

namespace splot::ingest {

namespace {

// Endings a light stemmer drops from a folded word (longest first), so
// that inflected forms of one name share a key.
const char* const kEndings[] = {"owie", "ami", "ach", "iem", "ego", "emu", "ych", "ich",
                                "ymi",  "imi", "ow",  "om",  "em",  "ej",  "ym",  "im",
                                "ie",   "a",   "y",   "i",   "u",   "e",   "o"};

std::string LightStem(std::string_view folded) {
  for (const char* e : kEndings) {
    std::string_view end(e);
    if (folded.size() >= end.size() + 4 &&
        folded.compare(folded.size() - end.size(), end.size(), end) == 0) {
      return std::string(folded.substr(0, folded.size() - end.size()));
    }
  }
  return std::string(folded);
}

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  size_t pos = 0;
  while ((pos = s->find(from, pos)) != std::string::npos) {
    s->replace(pos, from.size(), to);
    pos += to.size();
  }
}

std::string Clean(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

}  // namespace

std::string ResolvedDocument::FinalKey(const std::string& key) const {
  std::string k = key;
  for (int hops = 0; hops < 16; ++hops) {
    auto it = redirects.find(k);
    if (it == redirects.end()) break;
    k = it->second;
  }
  return k;
}

Resolver::Resolver(const Recognizer& recognizer, ResolverOptions options)
    : recognizer_(recognizer), options_(std::move(options)) {}

std::string Resolver::RepairLetters(std::string_view text) const {
  std::string out(text);
  for (const auto& [from, to] : options_.letter_variants) ReplaceAll(&out, from, to);
  return out;
}

std::string Resolver::DiscoveredKey(std::string_view label, std::string_view name) const {
  std::string key(ontology::Gazetteer::KeyPrefix(label));
  if (key.empty()) key = "entity";
  key += ':';
  bool first = true;
  for (const Token& t : recognizer_.Analyze(RepairLetters(name))) {
    if (t.kind == TokenKind::kPunct || t.analysis == nullptr) continue;
    if (recognizer_.IsLegalForm(t.analysis->folded)) continue;
    std::string lemma = t.analysis->source == WordAnalysis::Source::kDictionary
                            ? t.analysis->lemmas.front()
                            : t.text;
    std::string stem = LightStem(recognizer_.morphology().folder().Fold(lemma));
    if (label == "Person") {
      // A surname's case ending follows its suffix ("Ruzmetow-em",
      // "Karimow-ej"): the stem is what is left when no ending remains.
      for (std::string shorter = LightStem(stem); shorter != stem; shorter = LightStem(stem)) {
        stem = std::move(shorter);
      }
    }
    for (char& c : stem) {
      if (c == ' ') c = '-';
    }
    if (stem.empty()) continue;
    if (!first) key += '-';
    key += stem;
    first = false;
  }
  return key;
}

std::string Resolver::TransliterationKey(std::string_view name) const {
  auto cached = transliterations_.find(std::string(name));
  if (cached != transliterations_.end()) return cached->second;
  std::string key;
  for (const std::string& w : recognizer_.morphology().folder().FoldTokens(RepairLetters(name))) {
    if (recognizer_.IsLegalForm(w)) continue;
    key += w;
  }
  // Polish and English romanisations of the same Cyrillic or Uzbek name.
  static const std::pair<const char*, const char*> kRules[] = {
      {"szcz", "shch"}, {"sz", "sh"}, {"cz", "ch"}, {"rz", "zh"}, {"zh", "z"}, {"kh", "h"},
      {"ch", "h"},      {"ph", "f"},  {"w", "v"},   {"j", "y"},   {"g", "h"},  {"ie", "e"},
      {"iy", "i"},      {"yi", "i"},  {"ii", "i"},  {"yy", "y"},  {"ks", "x"}, {"ts", "c"},
  };
  for (const auto& [from, to] : kRules) ReplaceAll(&key, from, to);
  std::string out;
  for (char c : key) {
    if (out.empty() || out.back() != c) out += c;
  }
  transliterations_.emplace(std::string(name), out);
  return out;
}

std::string Resolver::PhoneticKey(std::string_view name) const {
  std::string t = TransliterationKey(name);
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    if (vowel && i > 0) continue;
    if (c == 'v') c = 'f';
    if (c == 'd') c = 't';
    if (c == 'b') c = 'p';
    if (c == 'z') c = 's';
    if (out.empty() || out.back() != c) out += c;
  }
  return out;
}

std::string Resolver::Initials(std::string_view name) {
  std::string out;
  bool at_start = true;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool sep = c == ' ' || c == '-' || c == '"';
    if (sep) {
      at_start = true;
      continue;
    }
    if (at_start && c < 0x80 && std::isupper(c)) out += static_cast<char>(c);
    at_start = false;
  }
  return out;
}

Resolver::Entity& Resolver::Upsert(const std::string& key, const std::string& label) {
  auto [it, inserted] = entities_.try_emplace(key);
  if (inserted) {
    it->second.key = key;
    it->second.label = label;
    it->second.entry = recognizer_.gazetteer().Find(key);
    order_.push_back(key);
  }
  return it->second;
}

std::string Resolver::KeyFor(const Mention& m, std::string* name) {
  if (!m.key.empty()) {
    *name = m.name;
    return m.key;
  }
  std::string repaired = RepairLetters(m.name.empty() ? m.text : m.name);
  *name = repaired;
  // One lookup per distinct name and label in a document.
  auto cached = resolved_names_.find(m.label + "|" + repaired);
  if (cached != resolved_names_.end()) {
    if (const ontology::GazetteerEntry* e = recognizer_.gazetteer().Find(cached->second)) {
      *name = e->name;
    }
    return cached->second;
  }
  std::string key;
  if (const ontology::GazetteerEntry* e = recognizer_.LookupName(repaired, m.label)) {
    *name = e->name;
    key = e->key;
  } else {
    key = DiscoveredKey(m.label, repaired);
    if (!entities_.count(key)) {
      // A known discovered entity of the same label under another
      // romanisation.
      auto it = by_transliteration_.find(m.label + "|" + TransliterationKey(repaired));
      if (it != by_transliteration_.end()) key = it->second;
    }
  }
  resolved_names_[m.label + "|" + repaired] = key;
  return key;
}

std::string Resolver::EventKey(const RecognizedSentence& sentence, size_t index, int year_said,
                               std::string* name) {
  const Mention& m = sentence.mentions[index];
  const auto& tokens = sentence.tokens;
  // The series: a gazetteer event named inside, or the body that met.
  std::string series;
  for (size_t j = index + 1; j < sentence.mentions.size() && sentence.mentions[j].nested; ++j) {
    const Mention& n = sentence.mentions[j];
    if (n.label == "Event" && !n.key.empty()) {
      series = n.key;
      break;
    }
  }
  if (series.empty()) {
    for (size_t j = index + 1; j < sentence.mentions.size() && sentence.mentions[j].nested; ++j) {
      const Mention& n = sentence.mentions[j];
      if (n.label != "GovernmentBody" && n.label != "Organization") continue;
      std::string ignored;
      std::string body = KeyFor(n, &ignored);
      for (char& c : body) {
        if (c == ':') c = '-';
      }
      series = "event:" + body + "-meeting";
      break;
    }
  }
  if (series.empty() && !m.key.empty()) series = m.key;
  if (series.empty() && m.rule == "event.session-bare" && !last_body_.empty()) {
    // "…komisję, której pierwsze posiedzenie…": the body named last.
    std::string body = last_body_;
    for (char& c : body) {
      if (c == ':') c = '-';
    }
    series = "event:" + body + "-meeting";
  }
  // The edition: an ordinal before the name or a year in it.
  int ordinal = 0;
  std::string year;
  for (size_t t = m.token_begin; t < m.token_end; ++t) {
    const Token& tok = tokens[t];
    if (t == m.token_begin) {
      if (tok.kind == TokenKind::kNumber && t + 1 < tokens.size() && tokens[t + 1].text == ".") {
        ordinal = std::atoi(tok.text.c_str());
      } else if (tok.kind == TokenKind::kWord) {
        ordinal = RomanValue(tok.text);
        if (ordinal == 0) ordinal = recognizer_.morphology().OrdinalValue(tok.text);
      }
    }
    if (tok.kind == TokenKind::kNumber && tok.text.size() == 4 &&
        (tok.text.rfind("19", 0) == 0 || tok.text.rfind("20", 0) == 0)) {
      year = tok.text;
    }
  }
  *name = RepairLetters(m.name.empty() ? m.text : m.name);
  if (series.empty()) return DiscoveredKey(m.label, *name);
  std::string key;
  if (ordinal > 0) {
    key = series + "-" + std::to_string(ordinal);
  } else if (!year.empty()) {
    key = series + "-" + year;
  } else {
    // A later mention without an edition refers to the last one named,
    // unless its sentence says which one ("która odbyła się po raz siódmy")
    // or dates it to another year than that one's.
    auto it = last_edition_.find(series);
    const std::string last = it != last_edition_.end() ? it->second : series;
    key = last;
    int said = 0;
    const Recognizer::EditionCues& cues = recognizer_.edition_cues();
    const size_t phrase = cues.count_phrase.size();
    auto folded = [&](size_t t) -> std::string_view {
      return tokens[t].analysis != nullptr ? std::string_view(tokens[t].analysis->folded)
                                           : std::string_view(tokens[t].text);
    };
    for (size_t t = m.token_end; phrase > 0 && t + phrase < tokens.size() &&
                                 t < m.token_end + static_cast<size_t>(cues.after_name);
         ++t) {
      bool at_phrase = true;
      for (size_t i = 0; i < phrase && at_phrase; ++i) {
        at_phrase = folded(t + i) == cues.count_phrase[i];
      }
      if (!at_phrase) continue;
      // The event's own count ("odbyła się po raz siódmy"), not a
      // participant's ("po raz pierwszy wzięła udział").
      size_t from = t > static_cast<size_t>(cues.verb_before) ? t - cues.verb_before : 0;
      size_t to = std::min(tokens.size(), t + cues.verb_after);
      for (size_t u = from; u < to; ++u) {
        std::string_view w = folded(u);
        bool holding =
            std::any_of(cues.holding_verbs.begin(), cues.holding_verbs.end(),
                        [&](const std::string& b) { return w.substr(0, b.size()) == b; });
        if (holding) said = recognizer_.morphology().OrdinalValue(tokens[t + phrase].text);
      }
      break;
    }
    auto known = edition_year_.find(key);
    if (said > 0) {
      ordinal = said;
      key = series + "-" + std::to_string(said);
    } else if (year_said > 0 && known != edition_year_.end() && known->second != year_said) {
      year = std::to_string(year_said);
      key = series + "-" + year;
    }
    if (key != series && key != last) {
      // Named after its series, as the text does not name it.
      const ontology::GazetteerEntry* entry = recognizer_.gazetteer().Find(series);
      *name = (said > 0 ? std::to_string(said) + ". " : "") +
              (entry != nullptr ? entry->name : *name) + (said > 0 ? "" : " " + year);
    } else if (key != series) {
      // A reference to an edition named before: no name of its own.
      name->clear();
    }
  }
  if (year_said > 0 || !year.empty()) {
    edition_year_.emplace(key, year.empty() ? year_said : std::atoi(year.c_str()));
  }
  if (key != series) last_edition_[series] = key;
  if (!m.key.empty() && key == series) *name = m.name;
  const ontology::GazetteerEntry* entry = recognizer_.gazetteer().Find(series);
  if (entry != nullptr && key != series && !name->empty() &&
      static_cast<unsigned char>((*name)[0]) < 0x80 && std::islower((*name)[0])) {
    // "na targach Sugd-2019": an edition mentioned by a common noun in some
    // case is named after its series.
    *name = (ordinal > 0 ? std::to_string(ordinal) + ". " : "") + entry->name +
            (year.empty() ? "" : " " + year);
  }
  return key;
}

int Resolver::RomanValue(std::string_view s) {
  static const char* kNumerals[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
                                    "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
                                    "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};
  for (int i = 0; i < 20; ++i) {
    if (s == kNumerals[i]) return i + 1;
  }
  return 0;
}

std::vector<std::string> Resolver::Add(RecognizedSentence* sentence, std::string_view text,
                                       const SentenceContext& context) {
  auto& mentions = sentence->mentions;
  const auto& tokens = sentence->tokens;
  // Mentions of acronyms the document introduced earlier.
  std::vector<char> covered(tokens.size(), 0);
  for (const Mention& m : mentions) {
    for (size_t t = m.token_begin; t < m.token_end; ++t) covered[t] = 1;
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (covered[t] || !(tokens[t].shape & ontology::kShapeUpper)) continue;
    auto it = acronyms_.find(tokens[t].text);
    if (it == acronyms_.end()) continue;
    const Entity& e = entities_.at(it->second);
    Mention m;
    m.begin = tokens[t].begin;
    m.end = tokens[t].end;
    m.token_begin = t;
    m.token_end = t + 1;
    m.text = tokens[t].text;
    m.label = e.label;
    m.key = e.key;
    m.name = e.names.empty() ? e.key : e.names.begin()->first;
    m.rule = "document.acronym";
    m.source = MentionSource::kContext;
    m.confidence = 0.9;
    m.line = context.line;
    for (size_t b : context.line_breaks) m.line += b <= m.begin;
    mentions.push_back(std::move(m));
  }
  std::stable_sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
    if (a.token_begin != b.token_begin) return a.token_begin < b.token_begin;
    return !a.nested && b.nested;
  });

  std::vector<std::string> keys;
  std::string parent_key;  // key of the current top-level mention
  std::string parent_label;
  for (size_t mi = 0; mi < mentions.size(); ++mi) {
    const Mention& m = mentions[mi];
    std::string name;
    std::string key;
    if (m.nested && m.label == "Event" && parent_label == "Event") {
      // The series named inside an edition ("UzFood" in "23. wystawa UzFood")
      // is that edition.
      key = parent_key;
      name = entities_.count(key) ? entities_.at(key).names.begin()->first : m.name;
    } else if (!m.nested && m.label == "Event") {
      key = EventKey(*sentence, mi, context.year, &name);
    } else {
      key = KeyFor(m, &name);
    }
    if (!key.empty() && key.back() == ':') {
      // Nothing but legal-form words ("NP LLC"): no name, no entity.
      keys.emplace_back();
      continue;
    }
    if (!m.nested) {
      parent_key = key;
      parent_label = m.label;
    }
    if (m.component) {
      // Part of a name: keyed, remembered, but not a mention of its own.
      Entity& l = latent_[key];
      if (l.key.empty()) {
        l.key = key;
        l.label = m.label;
        l.entry = recognizer_.gazetteer().Find(key);
      }
      if (!name.empty()) l.names[name] += 1;
      if (std::find(l.lines.begin(), l.lines.end(), m.line) == l.lines.end())
        l.lines.push_back(m.line);
      keys.push_back(key);
      continue;
    }
    // One name given to bodies of two countries ("białoruskie" and
    // "kirgiskie Ministerstwo Transportu") names two bodies.
    if (!m.country.empty() && m.label != "Person") {
      auto seen = entities_.find(key);
      if (seen != entities_.end() && seen->second.entry == nullptr &&
          !seen->second.country.empty() && seen->second.country != m.country) {
        key += "@" + m.country.substr(m.country.find(':') + 1);
      }
    }
    if (m.label == "GovernmentBody" || m.label == "Organization") last_body_ = key;
    Entity& e = Upsert(key, m.label);
    if (!name.empty()) {
      if (e.entry == nullptr && e.names.find(name) == e.names.end()) {
        by_transliteration_.emplace(m.label + "|" + TransliterationKey(name), key);
      }
      e.names[name] += 1;
    }
    for (const std::string& seen : m.other_names) {
      std::string other = RepairLetters(seen);
      if (std::find(e.aliases.begin(), e.aliases.end(), other) == e.aliases.end()) {
        e.aliases.push_back(other);
      }
    }
    std::string alias = m.anaphor ? "" : RepairLetters(m.text);
    if (!alias.empty() && std::find(e.aliases.begin(), e.aliases.end(), alias) == e.aliases.end()) {
      e.aliases.push_back(alias);
    }
    if (std::find(e.lines.begin(), e.lines.end(), m.line) == e.lines.end()) {
      e.lines.push_back(m.line);
    }
    if (e.country.empty()) e.country = m.country;
    e.confidence = std::max(e.confidence, m.confidence);
    e.count += 1;
    if (e.example.empty()) e.example = std::string(text);
    keys.push_back(key);

    // "Name (ABC)": ABC names this entity from here on.
    if (m.nested || m.source == MentionSource::kContext) continue;
    size_t t = m.token_end;
    if (t + 2 < tokens.size() + 0 && tokens[t].text == "(" &&
        (tokens[t + 1].shape & ontology::kShapeUpper) && tokens[t + 2].text == ")" &&
        !covered[t + 1]) {
      acronyms_[tokens[t + 1].text] = key;
      if (std::find(e.aliases.begin(), e.aliases.end(), tokens[t + 1].text) == e.aliases.end()) {
        e.aliases.push_back(tokens[t + 1].text);
      }
    }
  }
  return keys;
}

ResolvedDocument Resolver::Finish() {
  ResolvedDocument doc;
  // A lone acronym spelled by the initials of a discovered name merges
  // with it (same label only): "MZO LLC" and "Mohylewski Zakład Obrabiarek".
  for (auto& [key, e] : entities_) {
    if (e.entry != nullptr || e.names.size() != 1) continue;
    std::string acronym;
    for (const std::string& w :
         recognizer_.morphology().folder().FoldTokens(e.names.begin()->first)) {
      if (recognizer_.IsLegalForm(w)) continue;
      if (!acronym.empty()) {
        acronym.clear();
        break;
      }
      acronym = w;
    }
    if (acronym.size() < 2) continue;
    const std::string& surface = e.names.begin()->first;
    bool upper =
        std::any_of(surface.begin(), surface.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) &&
        std::none_of(surface.begin(), surface.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!upper) continue;
    for (auto& [other_key, other] : entities_) {
      if (other_key == key || other.entry != nullptr || other.label != e.label) continue;
      if (doc.redirects.count(other_key)) continue;
      bool match = false;
      for (const auto& [n, count] : other.names) {
        std::string initials = Initials(n);
        for (char& c : initials) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        match = match || (initials.size() >= 2 && initials == acronym);
      }
      if (match) {
        doc.redirects[key] = other_key;
        break;
      }
    }
  }
  // An event series named on its own in a document that names exactly one
  // of its editions is that edition ("Forum Biznesowe Kobiet … Pierwsze
  // Białorusko-Uzbeckie Forum Biznesowe Kobiet").
  for (const auto& [key, e] : entities_) {
    if (e.label != "Event" || doc.redirects.count(key)) continue;
    std::string only;
    int editions = 0;
    for (const auto& [other, o] : entities_) {
      if (other.size() > key.size() + 1 && other.compare(0, key.size() + 1, key + "-") == 0 &&
          std::all_of(other.begin() + static_cast<long>(key.size()) + 1, other.end(),
                      [](char c) { return c >= '0' && c <= '9'; })) {
        ++editions;
        only = other;
      }
    }
    // Not when the text dates the two to different years.
    auto series_year = edition_year_.find(key);
    auto only_year = edition_year_.find(only);
    if (editions == 1 && (series_year == edition_year_.end() || only_year == edition_year_.end() ||
                          series_year->second == only_year->second)) {
      doc.redirects[key] = only;
    }
  }
  for (const auto& [from, to] : doc.redirects) {
    Entity& src = entities_.at(from);
    Entity& dst = entities_.at(to);
    for (auto& [n, c] : src.names) dst.names[n] += 0;  // keep the longer name as canonical
    for (const std::string& a : src.aliases) {
      if (std::find(dst.aliases.begin(), dst.aliases.end(), a) == dst.aliases.end()) {
        dst.aliases.push_back(a);
      }
    }
    for (int l : src.lines) {
      if (std::find(dst.lines.begin(), dst.lines.end(), l) == dst.lines.end()) {
        dst.lines.push_back(l);
      }
    }
    dst.count += src.count;
  }

  std::map<std::string, std::vector<std::string>> by_sound;
  for (const std::string& key : order_) {
    if (doc.redirects.count(key)) continue;
    const Entity& e = entities_.at(key);
    EntityFact f;
    f.key = e.key;
    f.label = e.label;
    f.aliases = e.aliases;
    f.lines = e.lines;
    std::sort(f.lines.begin(), f.lines.end());
    f.confidence = e.confidence;
    if (e.entry != nullptr) {
      // The gazetteer's other Polish names, so that a search or a reader
      // of the export finds the entity by any of them (an event's are its
      // series', not this edition's).
      for (const std::string& alias :
           e.label == "Event" ? std::vector<std::string>{} : e.entry->aliases) {
        if (std::find(f.aliases.begin(), f.aliases.end(), alias) == f.aliases.end()) {
          f.aliases.push_back(alias);
        }
      }
      f.name = e.entry->name;
      f.name_en = e.entry->name_en;
      f.name_ru = e.entry->name_ru;
      f.country = e.entry->label == "Country" ? e.entry->key : e.entry->country;
      f.parent = e.entry->parent;
    } else {
      // The most frequent nominative form; the longest on a tie (for an
      // event, the longest: later mentions shorten the name).  A person's
      // name is kept as written, so its shortest form is the nominative
      // ("Żansejit Tujmebajew", not "Żansejitem Tujmebajewem") among its
      // forms with the most words (a surname alone is no full name).
      std::string best;
      int best_count = -1;
      auto words = [](const std::string& n) { return std::count(n.begin(), n.end(), ' '); };
      for (const auto& [n, c] : e.names) {
        if (e.label == "Person") {
          if (best.empty() || words(n) > words(best) ||
              (words(n) == words(best) &&
               (n.size() < best.size() || (n.size() == best.size() && c > best_count)))) {
            best = n;
            best_count = c;
          }
          continue;
        }
        int count = e.label == "Event" ? 0 : c;
        if (count > best_count || (count == best_count && n.size() > best.size())) {
          best = n;
          best_count = count;
        }
      }
      f.name = best.empty() ? e.aliases.front() : best;
      f.country = e.country;
      NameCandidate cand;
      cand.label = e.label;
      cand.name = f.name;
      cand.key = e.key;
      cand.count = e.count;
      cand.confidence = e.confidence;
      cand.example = e.example;
      doc.candidates.push_back(std::move(cand));
      by_sound[e.label + "|" + PhoneticKey(f.name)].push_back(e.key);
    }
    doc.entities.push_back(std::move(f));
  }
  for (const auto& [key, l] : latent_) {
    if (entities_.count(key) || doc.redirects.count(key)) continue;
    EntityFact f;
    f.key = key;
    f.label = l.label;
    f.lines = l.lines;
    std::sort(f.lines.begin(), f.lines.end());
    f.confidence = 0.5;
    if (l.entry != nullptr) {
      f.name = l.entry->name;
      f.name_en = l.entry->name_en;
      f.name_ru = l.entry->name_ru;
      f.country = l.entry->label == "Country" ? l.entry->key : l.entry->country;
      f.parent = l.entry->parent;
    } else if (!l.names.empty()) {
      f.name = l.names.begin()->first;
    }
    doc.latent.push_back(std::move(f));
  }
  for (NameCandidate& c : doc.candidates) {
    auto it = by_sound.find(c.label + "|" + PhoneticKey(c.name));
    if (it == by_sound.end() || it->second.size() < 2) continue;
    for (const std::string& other : it->second) {
      if (other == c.key) continue;
      if (!c.note.empty()) c.note += "; ";
      c.note += "sounds like " + other;
    }
  }
  std::stable_sort(
      doc.candidates.begin(), doc.candidates.end(),
      [](const NameCandidate& a, const NameCandidate& b) { return a.count > b.count; });
  return doc;
}

void WriteCandidatesTsv(const std::vector<NameCandidate>& candidates, std::ostream& out) {
  out << "label\tname\tkey\tcount\tconfidence\tnote\texample\n";
  for (const NameCandidate& c : candidates) {
    out << Clean(c.label) << '\t' << Clean(c.name) << '\t' << Clean(c.key) << '\t' << c.count
        << '\t' << c.confidence << '\t' << Clean(c.note) << '\t' << Clean(c.example) << '\n';
  }
}

}  // namespace splot::ingest
