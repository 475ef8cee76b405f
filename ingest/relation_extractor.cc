#include "ingest/relation_extractor.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace splot::ingest {

namespace {

using ontology::PatternCapture;
using ontology::PatternEntity;
using ontology::PatternInput;
using ontology::PatternMatch;
using ontology::PatternToken;
using ontology::TokenPattern;

constexpr size_t kNone = static_cast<size_t>(-1);

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Whether `word` begins with one of `beginnings` (folded word beginnings
// of the settings: group nouns, state sides).
bool BeginsWithAny(std::string_view word, const std::vector<std::string>& beginnings) {
  return std::any_of(beginnings.begin(), beginnings.end(),
                     [&](const std::string& b) { return word.substr(0, b.size()) == b; });
}

// One entity standing in a role.
struct Party {
  std::string key;  // provisional key (resolver) or gazetteer key
  std::string label;
  std::string country;  // key of its country, "" when unknown
  bool filled = false;  // taken from the context, not the sentence
  // Filled with a name the text gave itself, as a subject or the topic of
  // the sentence before ("Motovelozavod ... . W 2018 r. podpisała ...").
  bool recalled = false;
  std::string owner;       // the person whose country this is ("person_country"), or ""
  size_t mention = kNone;  // index in RecognizedSentence::mentions, kNone when filled
};

// A rule's match with everything it gathered.
struct Frame {
  const RelationRule* rule = nullptr;
  size_t begin = 0, end = 0;                  // match tokens
  size_t trigger_begin = 0, trigger_end = 0;  // trigger tokens
  size_t container = kNone;                   // mention index, for inside rules
  std::map<std::string, std::vector<Party>> roles;
  bool context_sides = false;  // "oba kraje": the document's two countries
  bool antecedent = false;     // "strony", "oba przedsiębiorstwa": the pair last related
  // The labels the antecedent's noun names ("przedsiębiorstwa": Enterprise);
  // empty for "strony", which may be any two parties.
  std::vector<std::string> pair_labels;
  bool pair_resolved = false;  // the antecedent was two parties named before
  size_t pair_begin = kNone;   // first token of the antecedent's phrase
  // The trigger names no particular one ("dla innych wspólnych
  // przedsięwzięć"): the frame claims it and states nothing.
  bool generic = false;
  std::string title, goods;
  // The role of a list of names ("all" argument) that runs to the end of
  // the sentence, which the next sentence may go on with; "" when none.
  std::string open_list;
  // Continues the list of the sentence before (a list a footnote marker or
  // a stray full stop cut off): that sentence opens the evidence.
  bool continued = false;
};

// A frame for `rule` spanning `match`, its trigger the whole match until a
// capture says otherwise.
Frame NewFrame(const RelationRule& rule, const PatternMatch& match) {
  Frame f;
  f.rule = &rule;
  f.begin = f.trigger_begin = match.begin;
  f.end = f.trigger_end = match.end;
  return f;
}

// The first two distinct parties a symmetric frame's text names itself (no
// country, nothing taken from the context but a recalled name); fewer when
// it names fewer.
std::vector<Party> NamedPair(const Frame& frame) {
  std::vector<Party> named;
  for (const char* role : {"a", "b"}) {
    auto it = frame.roles.find(role);
    if (it == frame.roles.end()) continue;
    for (const Party& p : it->second) {
      if ((!p.filled || p.recalled) && p.label != "Country" && named.size() < 2 &&
          (named.empty() || named.front().key != p.key)) {
        named.push_back(p);
      }
    }
  }
  return named;
}

// The pattern view of one sentence and what rules ask of it.
struct View {
  const Sentence* sentence = nullptr;
  const RecognizedSentence* recognized = nullptr;
  const std::vector<std::string>* keys = nullptr;
  // Per token that BuildView tags: the recognizer's tags and then its own.
  // Other tokens keep the recognizer's list in `tokens`.
  std::vector<std::vector<std::string>> tags;
  std::vector<PatternToken> tokens;
  std::vector<PatternEntity> top;      // top-level mentions by begin
  ontology::AnchorSet anchors;         // of the rules' patterns in Input()
  std::vector<size_t> boundary_count;  // boundary tokens before each index
  std::vector<char> cued;              // per rule: one of its cues is a lemma of the sentence
  std::unordered_map<const TokenPattern*, std::vector<PatternMatch>> argument_matches;
  // Country keys an adjective before a name gave it (mention index → key).
  std::unordered_map<size_t, std::string> country_hint;
  // Per top-level mention: the place a body comes from ("holding Amkodor z
  // Mińska"), found by the argument pattern "arg.origin"; no party of
  // anything but where things are.
  std::vector<char> origin;

  PatternInput Input() const { return PatternInput{&tokens, &top}; }
  // Whether token `i` carries `tag`.
  bool HasTag(size_t i, std::string_view tag) const {
    return tokens[i].tags != nullptr && Contains(*tokens[i].tags, tag);
  }
  size_t Boundaries(size_t from, size_t to) const {
    return from >= to ? 0 : boundary_count[to] - boundary_count[from];
  }
  const Mention& MentionAt(size_t top_index) const {
    return recognized->mentions[top[top_index].id];
  }
};

std::string SpanText(const View& v, size_t begin, size_t end) {
  if (begin >= end || end > v.recognized->tokens.size()) return "";
  size_t b = v.recognized->tokens[begin].begin, e = v.recognized->tokens[end - 1].end;
  return v.sentence->text.substr(b, e - b);
}

// An agreement's title with its head noun in the base form and lower
// case, so that the same agreement named in different cases ("umowę o
// współpracy", "Umowie o współpracy") has one title.  A head followed by an
// adjective keeps its case, which the adjective agrees with ("mapę
// drogową").
std::string TitleText(const View& v, size_t begin, size_t end) {
  std::string text = SpanText(v, begin, end);
  if (text.empty()) return text;
  const auto& tokens = v.recognized->tokens;
  const Token& head = tokens[begin];
  const WordAnalysis* a = head.analysis;
  if (a == nullptr || a->source != WordAnalysis::Source::kDictionary) return text;
  if (begin + 1 < end && tokens[begin + 1].analysis != nullptr &&
      tokens[begin + 1].analysis->adjective) {
    return text;
  }
  // The first lemma that is not the word itself nor a verb's ("umów":
  // "umówić", "umowa"); else the word, in lower case like any common noun.
  std::string base = head.text;
  for (size_t i = 0; i < a->lemmas.size(); ++i) {
    const std::string& l = a->lemmas[i];
    if (a->lemma_keys[i] == a->folded || (l.size() >= 2 && l.compare(l.size() - 2, 2, "ć") == 0)) {
      continue;
    }
    base = l;
    break;
  }
  std::string lower;
  icu::UnicodeString::fromUTF8(base).toLower(icu::Locale("pl")).toUTF8String(lower);
  return lower + text.substr(head.end - head.begin);
}

std::string FormatId(const std::string& doc, int line, size_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, ":%d:%zu", line, n);
  return "agreement:" + doc.substr(0, 12) + buf;
}

}  // namespace

std::optional<Citation> SentenceSource(const Sentence& sentence) {
  for (const MarkerRef& m : sentence.markers) {
    if (m.offset == 0 || !m.linked) continue;
    for (const Citation& c : sentence.citations) {
      if (c.marker == m.number) return c;
    }
  }
  if (!sentence.next_citations.empty()) return sentence.next_citations.front();
  return std::nullopt;
}

// ---- the extractor ------------------------------------------------------------

RelationExtractor::RelationExtractor(const Recognizer& recognizer, RelationRules rules)
    : recognizer_(recognizer), rules_(std::move(rules)) {
  finder_ =
      std::make_unique<ExpressionFinder>(rules_.expressions(), recognizer_.morphology().folder());
}

RelationExtractor::~RelationExtractor() = default;

Result<std::unique_ptr<RelationExtractor>> RelationExtractor::Create(
    const Recognizer& recognizer, const std::filesystem::path& ontology_dir) {
  SPLOT_ASSIGN_OR_RETURN(
      RelationRules rules,
      RelationRules::Load(ontology_dir, recognizer.ontology(), recognizer.morphology().folder()));
  return FromRules(recognizer, std::move(rules));
}

std::unique_ptr<RelationExtractor> RelationExtractor::FromRules(const Recognizer& recognizer,
                                                                RelationRules rules) {
  return std::unique_ptr<RelationExtractor>(new RelationExtractor(recognizer, std::move(rules)));
}

// ---- one document -------------------------------------------------------------

// A date expression of the current sentence, resolved.
struct ResolvedDate {
  size_t begin, end;
  std::string value;  // "" when it could not be resolved
  bool target;
};

namespace {

// The word lists of the settings that BuildView looks every token up in,
// hashed.  The views point into the settings, which must outlive this.
struct SettingsLookup {
  explicit SettingsLookup(const RelationSettings& settings) {
    prepositions.insert(settings.prepositions.begin(), settings.prepositions.end());
    boundaries.insert(settings.boundaries.begin(), settings.boundaries.end());
    for (size_t i = 0; i < settings.adverbials.size(); ++i) {
      const std::vector<std::string>& phrase = settings.adverbials[i];
      if (!phrase.empty()) adverbials_by_first_word[phrase.front()].push_back(i);
    }
  }

  std::unordered_set<std::string_view> prepositions;
  std::unordered_set<std::string_view> boundaries;
  // Indexes into RelationSettings::adverbials, by the first word of the phrase.
  std::unordered_map<std::string_view, std::vector<size_t>> adverbials_by_first_word;
};

}  // namespace

struct DocumentRelations::State {
  explicit State(const RelationSettings& settings) : lookup(settings) {}

  SettingsLookup lookup;
  int section = -1;
  // The sentence whose dates were read last (DocumentRelations::Begin),
  // its words for the expression finder, and its dates.
  const Sentence* dated = nullptr;
  ExpressionFinder::Text text;
  std::vector<ResolvedDate> sentence_dates;
  bool explicit_date = false;
  DateContext dates;
  int date_age = 1 << 20;  // sentences since the last explicit date
  std::optional<Party> topic;
  int topic_age = 1 << 20;
  // The event the text is describing, with those named jointly with it
  // ("wystawy UzAgroExpo i UzProdExpo").
  std::vector<Party> events;
  int event_age = 1 << 20;        // sentences since it was named or referred to ("na wystawie")
  int event_named_age = 1 << 20;  // sentences since it was named
  // The place of the group of bodies last named ("podmioty obwodu X").
  std::optional<Party> group_place;
  int group_age = 1 << 20;
  // The body that owns the group of bodies last named ("przedsiębiorstwa
  // koncernu X").
  std::optional<Party> group_owner;
  int group_owner_age = 1 << 20;
  // The country whose regions the text last spoke of ("regiony
  // Kazachstanu", "w sześciu uzbeckich regionach").
  std::optional<Party> regions_country;
  int regions_country_age = 1 << 20;
  size_t agreements = 0;
  // The places of the two ends of the last symmetric relation between named
  // parties (a body stands for the region or city named in it).
  std::vector<Party> last_places;
  int places_age = 1 << 20;
  // The two ends themselves.
  std::vector<Party> last_pair;
  int pair_age = 1 << 20;
  // A pair the current sentence referred back to by its nouns ("oba
  // regiony"), which stays in focus even when the sentence states nothing
  // new of it.
  std::vector<Party> referred_pair;
  // Per relation type: the foreign country of the last relation of that
  // type (the country of a foreign place), and the sentences since
  // ("recent_host").
  std::map<std::string, std::pair<Party, int>> last_host;
  // Named parties of the last sentences, most recent last, each with the
  // number of the sentence that named it.
  std::deque<std::pair<Party, int>> recent;
  int sentence_number = 0;
  std::vector<Frame> accepted;  // of the current sentence
  // A frame whose list ran to the end of the last sentence (Frame::
  // open_list), and that sentence's text and first line.
  std::optional<Frame> open_list;
  std::string open_list_text;
  int open_list_line = 0;
  // Pairs related in the current sentence: type, key, key (ordered for
  // symmetric types).
  std::set<std::tuple<std::string, std::string, std::string>> related;
};

DocumentRelations::DocumentRelations(const RelationExtractor& extractor, std::string document_id)
    : extractor_(extractor),
      document_id_(std::move(document_id)),
      state_(new State(extractor.rules().settings())) {}

DocumentRelations::~DocumentRelations() = default;

namespace {

class SentenceExtractor {
 public:
  // `fixed` lists byte spans of the sentence that are set phrases (dates,
  // adverbials): no noun phrase runs across them.
  SentenceExtractor(const RelationExtractor& ex, const std::string& doc_id,
                    const Sentence& sentence, const RecognizedSentence& recognized,
                    const std::vector<std::string>& keys,
                    const std::vector<std::pair<size_t, size_t>>& fixed,
                    const SettingsLookup& lookup)
      : ex_(ex),
        rules_(ex.rules()),
        settings_(ex.rules().settings()),
        lookup_(lookup),
        doc_id_(doc_id) {
    view_.sentence = &sentence;
    view_.recognized = &recognized;
    view_.keys = &keys;
    BuildView(fixed);
  }

  const View& view() const { return view_; }

  Party PartyOf(size_t mention) const {
    const Mention& m = view_.recognized->mentions[mention];
    Party p;
    p.key = (*view_.keys)[mention];
    p.label = m.label;
    p.country = m.country;
    if (p.country.empty()) {
      auto hint = view_.country_hint.find(mention);
      if (hint != view_.country_hint.end()) p.country = hint->second;
    }
    p.mention = mention;
    if (p.country.empty() && m.label == "Country") p.country = p.key;
    return p;
  }

  std::optional<Party> GazetteerParty(const std::string& key) const {
    if (key.empty()) return std::nullopt;
    const ontology::GazetteerEntry* e = ex_.recognizer().gazetteer().Find(key);
    if (e == nullptr) return std::nullopt;
    Party p;
    p.key = e->key;
    p.label = e->label;
    p.country = e->label == "Country" ? e->key : e->country;
    p.filled = true;
    return p;
  }

  // The region or city a named party is, or the one named inside its name
  // (a regional executive committee stands for its region).
  std::optional<Party> PlaceOf(const Party& p) const {
    if (p.label == "Region" || p.label == "City") return p;
    if (p.mention == kNone) return std::nullopt;
    const auto& mentions = view_.recognized->mentions;
    for (size_t j = p.mention + 1; j < mentions.size() && mentions[j].nested; ++j) {
      if (mentions[j].label == "Region" || mentions[j].label == "City") return PartyOf(j);
    }
    return std::nullopt;
  }

  // The first name of the sentence before token `limit` that is not after a
  // preposition and can be a topic.
  std::optional<Party> Subject(size_t limit) const {
    for (size_t i = 0; i < view_.top.size() && view_.top[i].begin < limit; ++i) {
      const PatternEntity& e = view_.top[i];
      if (view_.HasTag(e.begin, "after-prep")) continue;
      if (!Contains(settings_.topic_labels, e.label)) continue;
      return PartyOf(e.id);
    }
    return std::nullopt;
  }

  // Whether `p` is named as a side of a state ("strona uzbecka").
  bool NamedAsState(const Party& p) const {
    if (p.mention == kNone) return false;
    const Mention& m = view_.recognized->mentions[p.mention];
    if (m.token_begin >= m.token_end) return false;
    const Token& first = view_.recognized->tokens[m.token_begin];
    if (first.analysis == nullptr) return false;
    return BeginsWithAny(first.analysis->folded, settings_.state_sides);
  }

  // The country a plural noun for regions is next to ("regiony
  // Kazachstanu", "uzbeckich regionach"), or nullopt.
  std::optional<Party> RegionsCountry() const {
    const auto& tokens = view_.recognized->tokens;
    auto regions_noun = [&](size_t t) {
      return t < tokens.size() && tokens[t].analysis != nullptr && !view_.HasTag(t, "entity") &&
             Contains(settings_.region_group_nouns, tokens[t].analysis->folded);
    };
    for (const PatternEntity& e : view_.top) {
      if (e.label != "Country") continue;
      if (regions_noun(e.end) || (e.begin >= 1 && regions_noun(e.begin - 1))) return PartyOf(e.id);
    }
    return std::nullopt;
  }

  // The body named right after a noun for a group of bodies, past a noun
  // for a body ("przedsiębiorstwa koncernu Bellegprom", "fabryki holdingu
  // X"), or nullopt.
  std::optional<Party> GroupOwner() const {
    const auto& tokens = view_.recognized->tokens;
    auto begins = [&](size_t t, const std::vector<std::string>& beginnings) {
      return tokens[t].analysis != nullptr && BeginsWithAny(tokens[t].analysis->folded, beginnings);
    };
    for (const PatternEntity& e : view_.top) {
      if (e.label != "Enterprise" && e.label != "Organization" && e.label != "GovernmentBody") {
        continue;
      }
      // The two nouns stand before the name, or the name opens with the
      // owner noun ("koncernu Bellegprom") or was read with both
      // ("przedsiębiorstw koncernu Bellegprom"); a word of the name follows.
      for (size_t g = e.begin >= 2 ? e.begin - 2 : 0; g <= e.begin && g + 2 < e.end; ++g) {
        bool outside = g >= e.begin || !view_.HasTag(g, "entity");
        if (outside && begins(g, settings_.group_nouns) && begins(g + 1, settings_.owner_nouns)) {
          return PartyOf(e.id);
        }
      }
    }
    return std::nullopt;
  }

  // The place named right after a noun for a group of bodies
  // ("przedsiębiorstwa obwodu homelskiego", "firmy z Grodna"), or nullopt.
  std::optional<Party> GroupPlace() const {
    const auto& tokens = view_.recognized->tokens;
    for (const PatternEntity& e : view_.top) {
      if (e.label != "Region" && e.label != "City") continue;
      for (size_t back = 1; back <= 3 && back <= e.begin; ++back) {
        const Token& t = tokens[e.begin - back];
        if (t.analysis == nullptr || view_.HasTag(e.begin - back, "entity")) break;
        if (BeginsWithAny(t.analysis->folded, settings_.group_nouns)) return PartyOf(e.id);
      }
    }
    return std::nullopt;
  }

  // Whether a word outside the names begins like a noun for an event
  // (RelationSettings::event_nouns: "na wystawie", "podczas forum").
  bool NamesAnEventNoun() const {
    const auto& tokens = view_.recognized->tokens;
    for (size_t t = 0; t < tokens.size(); ++t) {
      if (tokens[t].analysis == nullptr || view_.HasTag(t, "entity")) continue;
      if (BeginsWithAny(tokens[t].analysis->folded, settings_.event_nouns)) return true;
    }
    return false;
  }

  // Whether the tokens from `begin` to the end of the sentence are all
  // punctuation (a full stop, an ellipsis, closing quotes).
  bool OnlyPunctuationFrom(size_t begin) const {
    for (size_t t = begin; t < view_.recognized->tokens.size(); ++t) {
      if (!Punctuation(t)) return false;
    }
    return true;
  }

  // Whether token `t` has neither letters nor digits.
  bool Punctuation(size_t t) const {
    return (view_.recognized->tokens[t].shape & (ontology::kShapeWord | ontology::kShapeNumber)) ==
           0;
  }

  // The names of a sentence that is nothing but two or more names with one
  // of `labels`, list conjunctions and punctuation ("Chiny, Kirgistan i
  // Czechy..."); empty otherwise.
  std::vector<Party> BareList(const std::vector<std::string>& labels) const {
    const auto& tokens = view_.recognized->tokens;
    auto glue = [&](size_t t) {
      if (Punctuation(t)) return true;
      const Token& tok = tokens[t];
      return tok.analysis != nullptr && Contains(settings_.list_conjunctions, tok.analysis->folded);
    };
    std::vector<Party> out;
    size_t t = 0;
    for (const PatternEntity& e : view_.top) {
      if (!Contains(labels, e.label) || e.begin < t) return {};
      for (; t < e.begin; ++t) {
        if (!glue(t)) return {};
      }
      out.push_back(PartyOf(e.id));
      t = e.end;
    }
    for (; t < tokens.size(); ++t) {
      if (!glue(t)) return {};
    }
    if (out.size() < 2) return {};
    return out;
  }

  // Runs the rules; `state` carries the discourse.  Returns the frames
  // that stated facts and stores the facts (provisional keys, no date or
  // status yet) in *facts with the index of the frame that stated each.
  std::vector<Frame> Run(DocumentRelations::State& state,
                         std::vector<std::pair<size_t, RelationFact>>* facts);

 private:
  void BuildView(const std::vector<std::pair<size_t, size_t>>& fixed);
  std::vector<Frame> MatchRule(const RelationRule& rule) const;
  const std::vector<PatternMatch>& ArgumentMatches(const TokenPattern* pattern);
  // Adds the parties `match` captured to `frame`; with `skip_origins` not
  // the places bodies come from (View::origin).
  void AddCaptures(const PatternMatch& match, const std::string& arg_role,
                   const std::vector<PatternEntity>& entities, Frame* frame,
                   bool skip_origins = false) const;
  void GatherArguments(Frame* frame);
  // Whether every one of `parties` is a name the frame also holds as its
  // place (true for none).
  bool OnlyPlaces(const Frame& frame, const std::vector<Party>& parties) const;
  void Fill(Frame* frame, DocumentRelations::State& state) const;
  std::vector<Party> Strategy(const std::string& name, const Frame& frame,
                              DocumentRelations::State& state) const;
  // Whether `a` and `b` may be the ends of a fact of `rule`.  `abroad` is the
  // country of the place the frame names ("" when none): two partners of
  // one country, neither of them the state, may found a joint venture in
  // another.
  bool Allowed(const RelationRule& rule, const Party& a, const Party& b,
               const std::string& abroad) const;
  // The two named parties (no countries) of the last symmetric frame this
  // sentence accepted whose trigger ends at or before `before`; empty when
  // there is none.
  std::vector<Party> SentencePair(size_t before) const;
  // The two latest distinct named parties with one of `labels`, from this
  // sentence before token `before` and then from the last sentences
  // (RelationSettings::antecedent_memory); empty when there are not two.
  std::vector<Party> RecentPair(const std::vector<std::string>& labels, size_t before,
                                const DocumentRelations::State& state) const;
  // The facts of one frame, appended to *out; returns how many.
  size_t Emit(const Frame& frame, size_t frame_index, DocumentRelations::State& state,
              std::vector<std::pair<size_t, RelationFact>>* out) const;

  const RelationExtractor& ex_;
  const RelationRules& rules_;
  const RelationSettings& settings_;
  const SettingsLookup& lookup_;
  const std::string& doc_id_;
  View view_;
  const std::vector<Frame>* accepted_ = nullptr;  // frames accepted so far (Run)
};

void SentenceExtractor::BuildView(const std::vector<std::pair<size_t, size_t>>& fixed) {
  const auto& tokens = view_.recognized->tokens;
  size_t n = tokens.size();
  // The tags this adds, per token, until they are appended to the
  // recognizer's below.
  view_.tags.assign(n, {});
  auto has_tag = [&](size_t i, std::string_view tag) {
    return Contains(view_.tags[i], tag) ||
           (tokens[i].tags != nullptr && Contains(*tokens[i].tags, tag));
  };
  const auto& cue_index = rules_.cue_index();
  view_.cued.assign(rules_.rules().size(), 0);
  view_.tokens = view_.recognized->PatternTokens();
  view_.top = view_.recognized->PatternEntities();
  // "uzbecka firma Agrotechmash", "białoruski holding Marko": a country
  // adjective right before a name tells the name's country and is no party
  // of its own.
  for (size_t i = 0; i + 1 < view_.top.size();) {
    const PatternEntity& e = view_.top[i];
    const PatternEntity& next = view_.top[i + 1];
    bool adjective = e.label == "Country" && e.end == e.begin + 1 && e.begin < n &&
                     tokens[e.begin].tags != nullptr &&
                     Contains(*tokens[e.begin].tags, "adj:Country");
    if (adjective && next.begin == e.end && next.label != "Country") {
      if (view_.recognized->mentions[next.id].country.empty()) {
        view_.country_hint[next.id] = view_.recognized->mentions[e.id].country;
      }
      view_.top.erase(view_.top.begin() + i);
    } else {
      ++i;
    }
  }
  // "Instytut Mikrobiologii NAN Białorusi (NAS)": a name in parentheses
  // right after a name restates it; it is no party of its own.
  for (size_t i = 1; i < view_.top.size();) {
    const PatternEntity& e = view_.top[i];
    const PatternEntity& prev = view_.top[i - 1];
    if (e.begin >= 1 && e.end < n && prev.end + 1 == e.begin && tokens[e.begin - 1].text == "(" &&
        tokens[e.end].text == ")") {
      view_.top.erase(view_.top.begin() + i);
    } else {
      ++i;
    }
  }
  std::vector<bool> in_name(n, false);
  for (const PatternEntity& e : view_.top) {
    for (size_t t = e.begin; t < e.end && t < n; ++t) in_name[t] = true;
  }
  std::vector<bool> set_phrase(n, false);
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [b, e] : fixed) {
      if (tokens[i].begin < e && b < tokens[i].end) set_phrase[i] = true;
    }
    if (tokens[i].analysis == nullptr) continue;
    auto starting = lookup_.adverbials_by_first_word.find(tokens[i].analysis->folded);
    if (starting == lookup_.adverbials_by_first_word.end()) continue;
    for (size_t phrase_index : starting->second) {
      const std::vector<std::string>& phrase = settings_.adverbials[phrase_index];
      if (i + phrase.size() > n) continue;
      bool hit = true;
      for (size_t k = 0; k < phrase.size() && hit; ++k) {
        hit = tokens[i + k].analysis != nullptr && tokens[i + k].analysis->folded == phrase[k];
      }
      for (size_t k = 0; hit && k < phrase.size(); ++k) set_phrase[i + k] = true;
    }
  }
  std::vector<char> name_start(n, 0);
  for (const PatternEntity& e : view_.top) {
    if (e.begin < n) name_start[e.begin] = 1;
  }
  for (size_t i = 0; i < n; ++i) {
    // A name opened by a common noun in its base form ("Na forum obwód
    // grodzieński i obwód bucharski podpisały") is in the nominative, so
    // no preposition a few words back governs it.
    const WordAnalysis* a = tokens[i].analysis;
    const bool nominative_head = name_start[i] && a != nullptr && !a->adjective &&
                                 !tokens[i].text.empty() && tokens[i].text[0] >= 'a' &&
                                 tokens[i].text[0] <= 'z' && !a->lemma_keys.empty() &&
                                 a->lemma_keys.front() == a->folded;
    // After a preposition, directly or past one or two words of its noun
    // phrase ("z regionami Namangan", "z Obwodami Samarkandzkim").
    for (size_t back = 1; back <= 3 && back <= i; ++back) {
      const Token& prev = tokens[i - back];
      if (prev.analysis == nullptr || in_name[i - back] || set_phrase[i - back]) break;
      // A verb ends the phrase a preposition governs ("umowę o partnerstwie
      // podpisały Witebski Komitet …": the committee is the subject).
      if (prev.analysis->verb) break;
      if (lookup_.prepositions.count(prev.analysis->folded) > 0) {
        if (back == 1 || !nominative_head) view_.tags[i].push_back("after-prep");
        break;
      }
      if (prev.kind != TokenKind::kWord) break;
    }
    const std::string_view folded =
        tokens[i].analysis != nullptr ? std::string_view(tokens[i].analysis->folded) : "";
    if (lookup_.boundaries.count(tokens[i].text) > 0 ||
        (!folded.empty() && lookup_.boundaries.count(folded) > 0)) {
      view_.tags[i].push_back("boundary");
    }
    if (tokens[i].analysis != nullptr) {
      for (const std::string& k : tokens[i].analysis->keys) {
        auto it = cue_index.find(k);
        if (it == cue_index.end()) continue;
        for (size_t r : it->second) view_.cued[r] = 1;
      }
    }
  }
  // "w Mińsku i Taszkiencie": a name coordinated with a name after a
  // preposition is after it too.
  for (size_t k = 1; k < view_.top.size(); ++k) {
    const PatternEntity& prev = view_.top[k - 1];
    const PatternEntity& e = view_.top[k];
    if (e.begin != prev.end + 1 || prev.end >= n || !has_tag(prev.begin, "after-prep")) {
      continue;
    }
    const std::string& conj = tokens[prev.end].text;
    if ((conj == "i" || conj == "oraz" || conj == "," || conj == "a") &&
        !has_tag(e.begin, "after-prep")) {
      view_.tags[e.begin].push_back("after-prep");
    }
  }
  for (const PatternEntity& e : view_.top) {
    // "obwody białoruski i uzbecki": a name that refers back without naming.
    const bool anaphor = view_.recognized->mentions[e.id].anaphor;
    const std::string entity_tag = "entity:" + std::string(e.label);
    for (size_t t = e.begin; t < e.end && t < n; ++t) {
      view_.tags[t].push_back("entity");
      view_.tags[t].push_back(entity_tag);
      if (anaphor) view_.tags[t].push_back("anaphor");
    }
  }
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::string>& added = view_.tags[i];
    if (added.empty()) continue;
    if (tokens[i].tags != nullptr) {
      added.insert(added.begin(), tokens[i].tags->begin(), tokens[i].tags->end());
    }
    view_.tokens[i].tags = &added;
  }
  view_.anchors = rules_.patterns().AnchorsIn(view_.Input());
  view_.boundary_count.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    view_.boundary_count[i + 1] = view_.boundary_count[i] + (view_.HasTag(i, "boundary") ? 1 : 0);
  }
  view_.origin.assign(view_.top.size(), 0);
  if (const TokenPattern* p = rules_.origin_pattern()) {
    for (const PatternMatch& m : ArgumentMatches(p)) {
      for (const PatternCapture& c : m.captures) {
        if (c.name != "origin") continue;
        for (size_t id : c.entities) view_.origin[id] = 1;
      }
    }
  }
}

const std::vector<PatternMatch>& SentenceExtractor::ArgumentMatches(const TokenPattern* pattern) {
  auto it = view_.argument_matches.find(pattern);
  if (it != view_.argument_matches.end()) return it->second;
  std::vector<PatternMatch>& out = view_.argument_matches[pattern];
  PatternInput input = view_.Input();
  if (!pattern->MayOccurIn(view_.anchors)) return out;
  for (size_t i = 0; i < view_.tokens.size(); ++i) {
    PatternMatch m;
    if (pattern->MatchAt(input, i, &m)) out.push_back(std::move(m));
  }
  return out;
}

void SentenceExtractor::AddCaptures(const PatternMatch& match, const std::string& arg_role,
                                    const std::vector<PatternEntity>& entities, Frame* frame,
                                    bool skip_origins) const {
  // A name captured under a narrower role inside a list ("holding Amkodor
  // z Mińska": Mińsk is its origin) is not one of the list's parties.
  std::vector<size_t> narrower;
  for (const PatternCapture& c : match.captures) {
    if (c.name == "origin") narrower.insert(narrower.end(), c.entities.begin(), c.entities.end());
  }
  for (const PatternCapture& c : match.captures) {
    std::string role = c.name == "arg" ? arg_role : c.name;
    if (role.empty() || role == "trigger" || role == "origin") continue;
    if (role == "title") {
      if (frame->title.empty()) frame->title = TitleText(view_, c.begin, c.end);
      continue;
    }
    if (role == "goods") {
      if (frame->goods.empty()) frame->goods = SpanText(view_, c.begin, c.end);
      continue;
    }
    if (role == "sides") {
      frame->context_sides = true;
      continue;
    }
    if (role == "generic") {
      frame->generic = true;
      continue;
    }
    if (role == "pair") {
      frame->antecedent = true;
      frame->pair_begin = std::min(frame->pair_begin, c.begin);
      // The noun that ends the phrase names what the two are.
      for (size_t t = c.end; t-- > c.begin;) {
        const Token& tok = view_.recognized->tokens[t];
        if (tok.analysis == nullptr || tok.analysis->folded.empty()) continue;
        for (const auto& [stem, labels] : settings_.pair_nouns) {
          if (tok.analysis->folded.rfind(stem, 0) == 0) {
            frame->pair_labels = labels;
            break;
          }
        }
        break;
      }
      continue;
    }
    auto& list = frame->roles[role];
    for (size_t id : c.entities) {
      if (std::find(narrower.begin(), narrower.end(), id) != narrower.end()) continue;
      if (skip_origins && id < view_.origin.size() && view_.origin[id]) continue;
      Party p = PartyOf(entities[id].id);
      bool dup =
          std::any_of(list.begin(), list.end(), [&](const Party& q) { return q.key == p.key; });
      if (!dup) list.push_back(std::move(p));
    }
  }
}

std::vector<Frame> SentenceExtractor::MatchRule(const RelationRule& rule) const {
  std::vector<Frame> out;
  const TokenPattern& pattern = *rule.pattern;
  if (!rule.inside) {
    PatternInput input = view_.Input();
    if (!pattern.MayOccurIn(view_.anchors)) return out;
    for (size_t i = 0; i < view_.tokens.size(); ++i) {
      PatternMatch m;
      if (!pattern.MatchAt(input, i, &m)) continue;
      Frame f = NewFrame(rule, m);
      if (const PatternCapture* t = m.Find("trigger")) {
        f.trigger_begin = t->begin;
        f.trigger_end = t->end;
      }
      AddCaptures(m, "", view_.top, &f);
      out.push_back(std::move(f));
    }
    return out;
  }
  // Inside each top-level name, over the names nested in it that do not
  // start it (those, also after a lower-case adjective, are its shorter
  // aliases).
  const auto& mentions = view_.recognized->mentions;
  for (const PatternEntity& outer : view_.top) {
    const Mention& container = mentions[outer.id];
    const std::string& container_key = (*view_.keys)[outer.id];
    std::vector<PatternEntity> inner;
    for (size_t j = outer.id + 1; j < mentions.size() && mentions[j].nested; ++j) {
      const Mention& m = mentions[j];
      if (m.token_begin <= container.token_begin || m.token_end > container.token_end) continue;
      if (m.component && m.label == container.label) continue;
      if ((*view_.keys)[j] == container_key) continue;
      inner.push_back(PatternEntity{m.token_begin, m.token_end, m.label, j});
    }
    if (inner.empty()) continue;
    std::stable_sort(inner.begin(), inner.end(),
                     [](const PatternEntity& a, const PatternEntity& b) {
                       return a.begin < b.begin || (a.begin == b.begin && a.end > b.end);
                     });
    PatternInput input{&view_.tokens, &inner};
    if (!pattern.MayOccurIn(input)) continue;
    for (size_t i = container.token_begin; i < container.token_end; ++i) {
      PatternMatch m;
      if (!pattern.MatchAt(input, i, &m) || m.end > container.token_end) continue;
      Frame f = NewFrame(rule, m);
      f.container = outer.id;
      AddCaptures(m, "", inner, &f);
      out.push_back(std::move(f));
    }
  }
  return out;
}

void SentenceExtractor::GatherArguments(Frame* frame) {
  for (const RelationArgument& arg : frame->rule->arguments) {
    if (arg.fallback && !arg.role.empty()) {
      auto it = frame->roles.find(arg.role);
      if (it != frame->roles.end() && !it->second.empty()) continue;
    }
    struct Candidate {
      size_t gap;
      const PatternMatch* match;
    };
    std::vector<Candidate> candidates;
    for (const PatternMatch& m : ArgumentMatches(arg.pattern)) {
      // The window counts from the end (start) of the whole match, so a
      // long title does not push the parties out of reach; an argument
      // inside the match (between the trigger and the title) is at 0.
      size_t gap;
      if (arg.side != ArgumentSide::kLeft && m.begin >= frame->trigger_end) {
        gap = m.begin > frame->end ? m.begin - frame->end : 0;
        if (view_.Boundaries(frame->trigger_end, m.begin) > 0) continue;
      } else if (arg.side != ArgumentSide::kRight && m.end <= frame->trigger_begin) {
        gap = m.end < frame->begin ? frame->begin - m.end : 0;
        if (view_.Boundaries(m.end, frame->trigger_begin) > 0) continue;
      } else {
        continue;
      }
      if (gap > static_cast<size_t>(arg.window)) continue;
      candidates.push_back({gap, &m});
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) {
                       if (a.gap != b.gap) return a.gap < b.gap;
                       return a.match->end - a.match->begin > b.match->end - b.match->begin;
                     });
    std::vector<std::pair<size_t, size_t>> taken;
    size_t list_end = 0;
    for (const Candidate& c : candidates) {
      bool overlaps = std::any_of(taken.begin(), taken.end(), [&](const auto& t) {
        return c.match->begin < t.second && t.first < c.match->end;
      });
      if (overlaps) continue;
      AddCaptures(*c.match, arg.role, view_.top, frame,
                  /*skip_origins=*/frame->rule->type != "LOCATED_IN");
      taken.emplace_back(c.match->begin, c.match->end);
      list_end = std::max(list_end, c.match->end);
      if (!arg.all) break;
    }
    if (arg.all && !arg.role.empty() && list_end > 0 && OnlyPunctuationFrom(list_end)) {
      frame->open_list = arg.role;
    }
  }
  // A joint venture's partner named as its place ("produkcja w stolicy
  // Uzbekistanu") is the country of that place.
  auto place = frame->roles.find("place");
  if (frame->rule->type != "JOINT_VENTURE" || place == frame->roles.end()) return;
  for (const char* role : {"a", "b"}) {
    auto it = frame->roles.find(role);
    if (it == frame->roles.end()) continue;
    for (Party& p : it->second) {
      if (p.mention == kNone || p.label == "Country" || p.country.empty()) continue;
      bool is_place = std::any_of(place->second.begin(), place->second.end(),
                                  [&](const Party& q) { return q.mention == p.mention; });
      if (!is_place) continue;
      if (std::optional<Party> country = GazetteerParty(p.country)) {
        country->mention = p.mention;
        country->filled = false;
        p = std::move(*country);
      }
    }
  }
}

std::vector<Party> SentenceExtractor::Strategy(const std::string& name, const Frame& frame,
                                               DocumentRelations::State& state) const {
  std::vector<Party> out;
  auto add = [&](std::optional<Party> p) {
    if (p) {
      p->filled = true;
      out.push_back(std::move(*p));
    }
  };
  if (name == "home") {
    add(GazetteerParty(settings_.home_country));
  } else if (name == "chapter") {
    add(GazetteerParty(view_.sentence->country));
  } else if (name == "host") {
    auto it = frame.roles.find("place");
    if (it != frame.roles.end()) {
      for (const Party& p : it->second) {
        if (!p.country.empty() && p.country != settings_.home_country) {
          add(GazetteerParty(p.country));
          break;
        }
      }
    }
    if (out.empty()) add(GazetteerParty(view_.sentence->country));
  } else if (name == "topic" || name == "topic_org" || name == "topic_body") {
    // "topic_org": a body that acts for itself, not a place or a state body.
    // "topic_body": only an enterprise, and only where the frame says where
    // ("Planowane jest otwarcie wspólnej firmy w regionie Taszkentu" after
    // a sentence about the maker); a venture named nowhere is policy talk.
    const std::optional<Party>& topic = state.topic;
    bool fits = topic && state.topic_age <= settings_.topic_memory;
    if (fits && name == "topic_org") {
      fits = topic->label == "Enterprise" || topic->label == "University" ||
             topic->label == "ResearchInstitute";
    } else if (fits && name == "topic_body") {
      auto place = frame.roles.find("place");
      fits = topic->label == "Enterprise" && place != frame.roles.end() && !place->second.empty();
    }
    if (fits) add(topic);
    for (Party& p : out) p.recalled = true;
  } else if (name == "subject") {
    add(Subject(frame.trigger_begin));
    for (Party& p : out) p.recalled = true;
  } else if (name == "event" || name == "recent_event") {
    // An event named earlier in the sentence ("wystawa X, w której
    // uczestniczyły...") comes before the one the text was describing.
    for (const PatternEntity& e : view_.top) {
      if (e.end > frame.trigger_begin) break;
      if (e.label == "Event") out.assign(1, PartyOf(e.id));
    }
    // Else one it names after the trigger ("została zaprezentowana na
    // wystawach X") comes before one of an earlier sentence.
    for (const PatternEntity& e : view_.top) {
      if (!out.empty()) break;
      if (e.label == "Event" && e.begin >= frame.trigger_end) out.assign(1, PartyOf(e.id));
    }
    if (!out.empty()) {
      out.front().filled = true;
    } else if (!state.events.empty() &&
               (name == "event" ? state.event_age <= settings_.event_memory
                                : state.event_named_age <= settings_.recent_event_memory)) {
      for (const Party& e : state.events) add(e);
    }
  } else if (name == "container") {
    if (frame.container != kNone) {
      Party p = PartyOf(frame.container);
      out.push_back(p);
    } else {
      for (const PatternEntity& e : view_.top) {
        if (e.begin <= frame.trigger_begin && frame.trigger_begin < e.end) {
          out.push_back(PartyOf(e.id));
          break;
        }
      }
    }
  } else if (name == "nested") {
    // Names nested in the joint venture's name (or the name the trigger
    // stands in), other than the name itself and places.
    std::string outer_key;
    size_t outer = kNone;
    auto it = frame.roles.find("jv");
    if (it != frame.roles.end() && !it->second.empty()) outer_key = it->second.front().key;
    const auto& mentions = view_.recognized->mentions;
    for (const PatternEntity& e : view_.top) {
      if ((!outer_key.empty() && (*view_.keys)[e.id] == outer_key) ||
          (outer_key.empty() && e.begin <= frame.trigger_begin && frame.trigger_begin < e.end)) {
        outer = e.id;
        break;
      }
    }
    if (outer != kNone) {
      const std::string& key = (*view_.keys)[outer];
      for (size_t j = outer + 1; j < mentions.size() && mentions[j].nested; ++j) {
        const std::string& l = mentions[j].label;
        if ((*view_.keys)[j] == key || l == "City" || l == "Region" || l == "Country") continue;
        Party p = PartyOf(j);
        bool dup =
            std::any_of(out.begin(), out.end(), [&](const Party& q) { return q.key == p.key; });
        if (!dup) out.push_back(std::move(p));
      }
    }
  } else if (name == "person_country") {
    auto it = frame.roles.find("a");
    if (it != frame.roles.end()) {
      for (const Party& p : it->second) {
        if (p.label != "Person") continue;
        std::optional<Party> country = GazetteerParty(p.country);
        if (country) country->owner = p.key;
        add(country);
      }
    }
  } else if (name == "recent_host") {
    // The foreign country of the last relation of this type the last
    // sentences stated ("w Kazachstanie realizowano projekty montażu
    // ... . Projekty te dotyczą maszyn A, B").
    auto it = state.last_host.find(frame.rule->type);
    if (it != state.last_host.end() && it->second.second <= settings_.antecedent_memory) {
      add(it->second.first);
    }
  } else if (name == "previous") {
    // The first end of the last relation of the same type this sentence
    // stated ("X podpisał ... z A, a z B zawarto ...").
    if (accepted_ != nullptr) {
      for (auto it = accepted_->rbegin(); it != accepted_->rend(); ++it) {
        if (it->rule->type != frame.rule->type || it->begin >= frame.begin) continue;
        auto a = it->roles.find("a");
        if (a == it->roles.end()) continue;
        for (const Party& p : a->second) {
          if (!p.filled) out.push_back(p);
        }
        if (!out.empty()) break;
      }
    }
  } else if (name == "other_side") {
    bool all_home = false;
    for (const char* role : {"a", "b"}) {
      auto it = frame.roles.find(role);
      if (it == frame.roles.end()) continue;
      for (const Party& p : it->second) {
        if (p.filled) continue;
        bool home = p.country == settings_.home_country || p.key == settings_.home_country;
        if (!home) {
          add(GazetteerParty(settings_.home_country));
          return out;
        }
        all_home = true;
      }
    }
    add(GazetteerParty(all_home ? view_.sentence->country : settings_.home_country));
  } else if (name == "co_parties") {
    // Who the sentence names as signing, founding or cooperating: "na forum X
    // podpisał umowę z Y" puts X and Y at the forum.
    if (accepted_ != nullptr) {
      for (const Frame& f : *accepted_) {
        if (!f.rule->edge->symmetric) continue;
        for (const char* role : {"a", "b"}) {
          auto it = f.roles.find(role);
          if (it == f.roles.end()) continue;
          for (const Party& p : it->second) {
            if (p.filled) continue;
            bool dup =
                std::any_of(out.begin(), out.end(), [&](const Party& q) { return q.key == p.key; });
            if (!dup) out.push_back(p);
          }
        }
      }
    }
  } else if (name == "group_place") {
    if (state.group_place && state.group_age <= settings_.topic_memory) add(state.group_place);
  } else if (name == "own_country") {
    // The country of the first party at end a ("obwody białoruski i
    // uzbecki": each region lies in its own).
    auto it = frame.roles.find("a");
    if (it != frame.roles.end() && !it->second.empty()) {
      add(GazetteerParty(it->second.front().country));
    }
  } else if (name == "regions_country") {
    // Only the sentence right after speaks of those regions by name.
    if (state.regions_country && state.regions_country_age < settings_.topic_memory) {
      add(state.regions_country);
    }
  } else if (name == "group_owner") {
    // Only the sentence right after names the group's members.
    if (state.group_owner && state.group_owner_age < settings_.topic_memory) {
      add(state.group_owner);
    }
  } else if (name == "antecedent_places") {
    if (state.places_age <= settings_.pair_memory) out = state.last_places;
  } else if (name == "place") {
    auto it = frame.roles.find("place");
    if (it != frame.roles.end()) out = it->second;
  }
  return out;
}

bool SentenceExtractor::OnlyPlaces(const Frame& frame, const std::vector<Party>& parties) const {
  auto place = frame.roles.find("place");
  if (place == frame.roles.end()) return parties.empty();
  return std::all_of(parties.begin(), parties.end(), [&](const Party& p) {
    return p.mention != kNone &&
           std::any_of(place->second.begin(), place->second.end(),
                       [&](const Party& q) { return q.mention == p.mention; });
  });
}

void SentenceExtractor::Fill(Frame* frame, DocumentRelations::State& state) const {
  const RelationRule& rule = *frame->rule;
  auto from_text = [&](const char* role) {
    const auto& list = frame->roles[role];
    return std::any_of(list.begin(), list.end(), [](const Party& p) { return !p.filled; });
  };
  if (frame->antecedent && !frame->context_sides) {
    // "strony", "oba przedsiębiorstwa": the two parties just related, when
    // the text related two named parties a moment ago; else the countries.
    auto& a = frame->roles["a"];
    auto& b = frame->roles["b"];
    // A pair related earlier in this sentence comes first ("Mińsk i Biszkek
    // zawarły umowę, a oba miasta zostały miastami partnerskimi").
    const std::vector<std::string>& labels = frame->pair_labels;
    auto fits = [&](const std::vector<Party>& two) {
      if (two.size() != 2) return false;
      if (labels.empty()) return true;
      return Contains(labels, two[0].label) && Contains(labels, two[1].label);
    };
    // "X montuje kombajny Y, a oba przedsiębiorstwa podpisały umowę": the
    // phrase nearest the verb is its subject, not a name before it.
    if (frame->pair_begin < frame->trigger_begin) {
      for (auto* list : {&a, &b}) {
        list->erase(std::remove_if(list->begin(), list->end(),
                                   [&](const Party& p) {
                                     return p.mention != kNone &&
                                            view_.recognized->mentions[p.mention].token_end <=
                                                frame->pair_begin;
                                   }),
                    list->end());
      }
    }
    std::vector<Party> pair = SentencePair(frame->trigger_begin);
    if (!fits(pair)) pair.clear();
    // "oba przedsiębiorstwa" means the two enterprises named last rather
    // than a pair related sentences before.
    if (pair.empty() && !labels.empty()) {
      pair = RecentPair(labels, std::min(frame->pair_begin, frame->trigger_begin), state);
      if (pair.size() == 2) state.referred_pair = pair;
    }
    if (pair.empty() && state.pair_age <= settings_.antecedent_memory && fits(state.last_pair)) {
      pair = state.last_pair;
    }
    // A place taken as a partner ("Dokument przewiduje produkcję w stolicy
    // Uzbekistanu") is only where the pair works.
    if (pair.size() == 2 && OnlyPlaces(*frame, a) && OnlyPlaces(*frame, b)) {
      a.clear();
      b.clear();
    }
    if (a.empty() && b.empty() && pair.size() == 2) {
      a.push_back(pair[0]);
      b.push_back(pair[1]);
      a.back().filled = b.back().filled = true;
      frame->pair_resolved = true;
      if (!rule.edge->symmetric) {
        a.push_back(b.back());
        b.clear();
      }
    } else if (rule.edge->symmetric ? a.empty() && b.empty() : a.empty()) {
      frame->context_sides = true;
    }
    // Otherwise the text named the parties itself; "obu regionów" only
    // speaks of them again.
  }
  if (frame->context_sides) {
    // "strony": the home country and the chapter's; for a directed
    // relation both are its source (the two sides met, took part...).
    bool symmetric = rule.edge->symmetric;
    auto& a = frame->roles["a"];
    if (!symmetric || a.empty()) {
      for (Party& p : Strategy("home", *frame, state)) a.push_back(p);
    }
    auto& other = symmetric ? frame->roles["b"] : a;
    if (!symmetric || other.empty()) {
      for (Party& p : Strategy("chapter", *frame, state)) {
        bool dup =
            std::any_of(other.begin(), other.end(), [&](const Party& q) { return q.key == p.key; });
        if (!dup) other.push_back(p);
      }
    }
  }
  bool a_from_text = false;
  for (const char* role : {"a", "b", "jv", "place"}) {
    if (std::string_view(role) == "b") a_from_text = from_text("a");
    auto it = rule.fill.find(role);
    if (it == rule.fill.end() || !frame->roles[role].empty()) continue;
    // A party the text names is not paired with a guessed partner in a
    // symmetric relation: only both ends may come from the context.
    if (std::string_view(role) == "b" && rule.edge->symmetric && a_from_text) continue;
    for (const std::string& s : it->second) {
      std::vector<Party> got = Strategy(s, *frame, state);
      if (got.empty()) continue;
      if (s == "antecedent_places" && got.size() == 2 && frame->roles["b"].empty()) {
        frame->roles["b"].push_back(got[1]);
        got.pop_back();
      }
      frame->roles[role] = std::move(got);
      break;
    }
  }
}

std::vector<Party> SentenceExtractor::SentencePair(size_t before) const {
  if (accepted_ == nullptr) return {};
  for (auto it = accepted_->rbegin(); it != accepted_->rend(); ++it) {
    const Frame& f = *it;
    if (!f.rule->edge->symmetric || f.trigger_end > before) continue;
    std::vector<Party> named = NamedPair(f);
    if (named.size() == 2) return named;
  }
  return {};
}

std::vector<Party> SentenceExtractor::RecentPair(const std::vector<std::string>& labels,
                                                 size_t before,
                                                 const DocumentRelations::State& state) const {
  std::vector<Party> two;
  auto take = [&](const Party& p) {
    if (!Contains(labels, p.label) || (!two.empty() && two[0].key == p.key)) return;
    two.push_back(p);
    two.back().filled = true;
  };
  for (size_t k = view_.top.size(); k-- > 0 && two.size() < 2;) {
    if (view_.top[k].end <= before) take(PartyOf(view_.top[k].id));
  }
  for (auto it = state.recent.rbegin(); it != state.recent.rend() && two.size() < 2; ++it) {
    if (state.sentence_number - it->second > settings_.antecedent_memory) break;
    take(it->first);
  }
  if (two.size() < 2) two.clear();
  return two;
}

bool SentenceExtractor::Allowed(const RelationRule& rule, const Party& a, const Party& b,
                                const std::string& abroad) const {
  if (a.key.empty() || b.key.empty() || a.key == b.key) return false;
  if (!b.owner.empty() && b.owner != a.key) return false;
  if (!a.country.empty() && !b.country.empty()) {
    std::string countries = rule.countries;
    if (countries.empty()) {
      countries = Contains(settings_.same_country_types, rule.type)   ? "same"
                  : Contains(settings_.cross_border_types, rule.type) ? "different"
                                                                      : "any";
    }
    if (countries == "same" && a.country != b.country) return false;
    bool both_bodies = a.label != "Country" && b.label != "Country";
    if (countries == "different" && a.country == b.country &&
        (abroad.empty() || abroad == a.country || !both_bodies)) {
      return false;
    }
  }
  const ontology::EdgeTypeDef& edge = *rule.edge;
  bool forward = Contains(edge.source_labels, a.label) && Contains(edge.target_labels, b.label);
  if (!forward && !(edge.symmetric && Contains(edge.source_labels, b.label) &&
                    Contains(edge.target_labels, a.label))) {
    return false;
  }
  if (!rule.source_labels.empty()) {
    if (!Contains(rule.source_labels, a.label)) return false;
    if (edge.symmetric && !Contains(rule.source_labels, b.label)) return false;
  }
  if (!rule.target_labels.empty() && !Contains(rule.target_labels, b.label)) return false;
  return true;
}

std::vector<Frame> SentenceExtractor::Run(DocumentRelations::State& state,
                                          std::vector<std::pair<size_t, RelationFact>>* facts) {
  std::vector<Frame> accepted;
  accepted_ = &accepted;
  state.related.clear();
  if (state.open_list) {
    const Frame& open = *state.open_list;
    std::vector<std::string> labels;
    auto list = open.roles.find(open.open_list);
    if (list != open.roles.end()) {
      for (const Party& p : list->second) {
        if (!Contains(labels, p.label)) labels.push_back(p.label);
      }
    }
    std::vector<Party> names = BareList(labels);
    if (!names.empty()) {
      Frame f = open;
      f.continued = true;
      f.begin = f.trigger_begin = 0;
      f.end = f.trigger_end = view_.tokens.size();
      f.container = kNone;
      // The other ends are the last sentence's: context here.
      for (auto& [role, parties] : f.roles) {
        for (Party& p : parties) {
          if (p.mention == kNone) continue;
          p.mention = kNone;
          p.filled = true;
        }
      }
      f.roles[open.open_list] = std::move(names);
      if (Emit(f, 0, state, facts) > 0) accepted.push_back(std::move(f));
      accepted_ = nullptr;
      return accepted;
    }
  }
  const auto& rules = rules_.rules();
  for (size_t r = 0; r < rules.size();) {
    int phase = rules[r].phase;
    std::vector<std::pair<size_t, Frame>> candidates;  // rule index, frame
    for (; r < rules.size() && rules[r].phase == phase; ++r) {
      const RelationRule& rule = rules[r];
      if (!rule.cues.empty() && !view_.cued[r]) continue;
      for (Frame& f : MatchRule(rule)) candidates.emplace_back(r, std::move(f));
    }
    std::stable_sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
      size_t lx = x.second.end - x.second.begin, ly = y.second.end - y.second.begin;
      if (lx != ly) return lx > ly;
      return x.first < y.first;
    });
    for (auto& [index, frame] : candidates) {
      const RelationRule& rule = *frame.rule;
      bool blocked = false;
      for (const Frame& a : accepted) {
        bool same_trigger =
            frame.trigger_begin < a.trigger_end && a.trigger_begin < frame.trigger_end;
        if (same_trigger && a.rule->type == rule.type && a.container == frame.container) {
          blocked = true;
        }
        if (Contains(rule.yield_to, a.rule->type) && frame.trigger_begin < a.end &&
            a.begin < frame.trigger_end) {
          blocked = true;
        }
      }
      if (blocked) continue;
      if (frame.generic) {
        accepted.push_back(std::move(frame));
        continue;
      }
      GatherArguments(&frame);
      // The joint venture is not its own partner.
      if (auto jv = frame.roles.find("jv"); jv != frame.roles.end() && !jv->second.empty()) {
        const std::string& key = jv->second.front().key;
        for (const char* name : {"a", "b"}) {
          auto& list = frame.roles[name];
          list.erase(std::remove_if(list.begin(), list.end(),
                                    [&](const Party& p) { return p.key == key; }),
                     list.end());
        }
      }
      // A party is not on both ends.
      auto& as = frame.roles["a"];
      const auto& bs = frame.roles["b"];
      as.erase(std::remove_if(as.begin(), as.end(),
                              [&](const Party& p) {
                                return std::any_of(bs.begin(), bs.end(),
                                                   [&](const Party& q) { return q.key == p.key; });
                              }),
               as.end());
      Fill(&frame, state);
      // A frame claims its trigger only when it states something.
      if (Emit(frame, accepted.size(), state, facts) > 0) accepted.push_back(std::move(frame));
    }
  }
  accepted_ = nullptr;
  return accepted;
}

size_t SentenceExtractor::Emit(const Frame& frame, size_t frame_index,
                               DocumentRelations::State& state,
                               std::vector<std::pair<size_t, RelationFact>>* out) const {
  size_t emitted = 0;
  {
    const RelationRule& rule = *frame.rule;
    const bool symmetric = rule.edge->symmetric;
    std::vector<std::pair<Party, Party>> pairs;
    auto role = [&](const char* name) -> const std::vector<Party>& {
      static const std::vector<Party> kEmpty;
      auto it = frame.roles.find(name);
      return it == frame.roles.end() ? kEmpty : it->second;
    };
    auto named = [&](const char* name) {
      const auto& list = role(name);
      return std::any_of(list.begin(), list.end(), [](const Party& p) { return !p.filled; });
    };
    if (rule.sides && !(named("a") && named("b"))) {
      std::vector<Party> home, host, unknown;
      for (const char* name : {"a", "b"}) {
        for (const Party& p : role(name)) {
          if (p.country == settings_.home_country || p.key == settings_.home_country) {
            home.push_back(p);
          } else if (!p.country.empty()) {
            host.push_back(p);
          } else {
            unknown.push_back(p);
          }
        }
      }
      for (Party& p : unknown) (home.empty() ? home : host).push_back(std::move(p));
      Frame copy = frame;
      for (auto [list, name] : {std::pair{&home, "home"}, std::pair{&host, "host"}}) {
        if (!list->empty()) continue;
        auto it = rule.fill.find(name);
        if (it == rule.fill.end()) continue;
        for (const std::string& s : it->second) {
          *list = Strategy(s, copy, state);
          if (!list->empty()) break;
        }
      }
      for (const Party& a : home) {
        for (const Party& b : host) pairs.emplace_back(a, b);
      }
    } else {
      const auto& as = role("a");
      const auto& bs = role("b");
      if (rule.respective && as.size() > 1 && as.size() == bs.size()) {
        // "prezydenci Białorusi i Uzbekistanu A. Łukaszenka i Sz. Mirzijojew"
        for (size_t i = 0; i < as.size(); ++i) pairs.emplace_back(as[i], bs[i]);
      } else if (!bs.empty()) {
        for (const Party& a : as) {
          for (const Party& b : bs) pairs.emplace_back(a, b);
        }
        if (symmetric && rule.type == "SIGNED_AGREEMENT") {
          for (size_t i = 0; i < as.size(); ++i) {
            for (size_t j = i + 1; j < as.size(); ++j) pairs.emplace_back(as[i], as[j]);
          }
        }
      } else if (symmetric) {
        for (size_t i = 0; i < as.size(); ++i) {
          for (size_t j = i + 1; j < as.size(); ++j) pairs.emplace_back(as[i], as[j]);
        }
      }
    }
    std::string abroad;
    for (const Party& p : role("place")) {
      if (abroad.empty()) abroad = p.label == "Country" ? p.key : p.country;
    }
    std::vector<RelationFact> facts;
    std::set<std::string> parties;
    const std::vector<Party>& company = role("jv");
    for (auto [a, b] : pairs) {
      if (Contains(settings_.center_as_region_types, rule.type)) {
        // "eksport Homla": what a region's centre sends is the region's
        // (goods sent to a city still go to that city).
        const ontology::GazetteerEntry* region =
            a.label == "City" ? ex_.recognizer().gazetteer().RegionWithCenter(a.key) : nullptr;
        if (std::optional<Party> r = region ? GazetteerParty(region->key) : std::nullopt) {
          r->mention = a.mention;
          r->filled = a.filled;
          a = std::move(*r);
        }
      }
      if (!Allowed(rule, a, b, abroad)) continue;
      // The joint venture itself is none of its partners.
      if (std::any_of(company.begin(), company.end(),
                      [&](const Party& c) { return c.key == a.key || c.key == b.key; })) {
        continue;
      }
      if (a.filled && !a.recalled && b.filled && !b.recalled && !frame.pair_resolved &&
          Contains(settings_.named_end_types, rule.type)) {
        continue;
      }
      if ((a.label == "Country") != (b.label == "Country") &&
          Contains(settings_.country_peer_types, rule.type) &&
          !NamedAsState(a.label == "Country" ? a : b)) {
        continue;
      }
      std::string x = a.key, y = b.key;
      if (symmetric && y < x) std::swap(x, y);
      bool yielded = false;
      for (const std::string& t : rule.yield_to) {
        std::string p = a.key, q = b.key;
        if (q < p) std::swap(p, q);
        if (state.related.count({t, p, q})) yielded = true;
      }
      if (yielded) continue;
      RelationFact f;
      f.type = rule.type;
      f.source_key = a.key;
      f.target_key = b.key;
      f.rule = rule.pattern->id();
      f.confidence =
          rule.pattern->confidence() * ((a.filled || b.filled) ? settings_.fill_confidence : 1.0);
      f.title = frame.title;
      f.goods = frame.goods;
      bool dup = std::any_of(facts.begin(), facts.end(), [&](const RelationFact& g) {
        std::string p = g.source_key, q = g.target_key;
        if (symmetric && q < p) std::swap(p, q);
        return p == x && q == y;
      });
      if (dup) continue;
      parties.insert(a.key);
      parties.insert(b.key);
      facts.push_back(std::move(f));
    }
    // The joint venture company is where its place is.
    const auto& jv = role("jv");
    if (rule.type == "JOINT_VENTURE" && !jv.empty()) {
      std::vector<Party> places = role("place");
      if (places.empty()) places = Strategy("host", frame, state);
      if (!places.empty() && jv.front().label == "Enterprise") {
        RelationFact f;
        f.type = "LOCATED_IN";
        f.source_key = jv.front().key;
        f.target_key = places.front().key;
        f.rule = rule.pattern->id();
        f.confidence =
            rule.pattern->confidence() * (places.front().filled ? settings_.fill_confidence : 1.0);
        if (f.source_key != f.target_key) facts.push_back(std::move(f));
      }
    }
    if (rule.type == "SIGNED_AGREEMENT" && parties.size() > 2) {
      std::string id = FormatId(doc_id_, view_.sentence->first_line, state.agreements++);
      for (RelationFact& f : facts) {
        if (f.type == "SIGNED_AGREEMENT") f.agreement = id;
      }
    }
    for (RelationFact& f : facts) {
      std::string p = f.source_key, q = f.target_key;
      if (q < p) std::swap(p, q);
      state.related.insert({f.type, p, q});
      out->emplace_back(frame_index, std::move(f));
      ++emitted;
    }
  }
  return emitted;
}

}  // namespace

int DocumentRelations::Begin(const Sentence& sentence) {
  State& st = *state_;
  if (sentence.section != st.section) {
    st.section = sentence.section;
    st.dates.Reset();
    st.date_age = 1 << 20;
    st.topic.reset();
    st.events.clear();
  }
  const ExpressionFinder& finder = extractor_.expressions();
  st.dated = &sentence;
  st.sentence_dates.clear();
  st.explicit_date = false;
  st.text = finder.Prepare(sentence.text);
  int year = 0;
  bool several = false;
  for (const DateMention& d : finder.FindDates(st.text)) {
    std::optional<DateValue> v = st.dates.Resolve(d);
    if (!d.relative && !d.month_only && !d.target) st.explicit_date = true;
    st.sentence_dates.push_back({d.begin, d.end, v ? v->ToString() : "", d.target});
    if (!v || d.target) continue;
    several = several || (year != 0 && year != v->year);
    year = v->year;
  }
  return several ? 0 : year;
}

size_t DocumentRelations::Add(const Sentence& sentence, const RecognizedSentence& recognized,
                              const std::vector<std::string>& keys) {
  State& st = *state_;
  const RelationSettings& settings = extractor_.rules().settings();
  if (st.dated != &sentence) Begin(sentence);
  st.dated = nullptr;
  const ExpressionFinder& finder = extractor_.expressions();
  const ExpressionFinder::Text& text = st.text;
  const std::vector<ResolvedDate>& dates = st.sentence_dates;
  const bool explicit_date = st.explicit_date;

  std::vector<std::pair<size_t, size_t>> fixed;
  for (const ResolvedDate& d : dates) fixed.emplace_back(d.begin, d.end);
  SentenceExtractor sx(extractor_, document_id_, sentence, recognized, keys, fixed, st.lookup);
  std::vector<std::pair<size_t, RelationFact>> found;
  std::vector<Frame> frames = sx.Run(st, &found);

  size_t added = 0;
  if (!found.empty()) {
    std::vector<AmountMention> amounts = finder.FindAmounts(text);
    std::optional<Citation> source = SentenceSource(sentence);
    const auto& tokens = recognized.tokens;
    size_t next = 0;
    for (size_t frame_index = 0; frame_index < frames.size(); ++frame_index) {
      const Frame& frame = frames[frame_index];
      if (next >= found.size() || found[next].first != frame_index) continue;
      size_t tb = frame.trigger_begin < tokens.size() ? tokens[frame.trigger_begin].begin : 0;
      size_t te = frame.trigger_end > 0 && frame.trigger_end <= tokens.size()
                      ? tokens[frame.trigger_end - 1].end
                      : sentence.text.size();
      StatusCue cue = finder.ClassifyStatus(text, tb, te,
                                            Contains(settings.retractable_types, frame.rule->type));
      // The last date before the trigger's end, else the first after it;
      // else the date the text just spoke of; deadlines and spans ("na lata
      // 2023-2025") only when nothing else is there, and then the first of
      // them (a plan for 2023-2025 is not signed in 2025).
      std::string date;
      auto pick = [&](bool targets) {
        for (const ResolvedDate& d : dates) {
          if (d.target != targets || d.value.empty()) continue;
          if (targets) {
            date = d.value;
            break;
          }
          if (d.begin < te || date.empty()) date = d.value;
          if (d.begin >= te) break;
        }
      };
      pick(false);
      if (date.empty() && !explicit_date && st.date_age < settings.date_memory && st.dates.last()) {
        date = st.dates.last()->ToString();
      }
      if (date.empty()) pick(true);
      // The sum nearest after the trigger, else the last before it; the
      // same for a quantity.
      const AmountMention* amount = nullptr;
      const AmountMention* quantity = nullptr;
      for (const AmountMention& a : amounts) {
        const AmountMention*& best = a.currency.empty() ? quantity : amount;
        if (a.currency.empty() && a.unit.empty()) continue;
        if (best == nullptr || (best->begin < tb && a.begin >= te)) best = &a;
      }
      while (next < found.size() && found[next].first == frame_index) {
        RelationFact& f = found[next++].second;
        if (cue.status == FactStatus::kNegated && !settings.keep_negated) continue;
        FactStatus status = cue.status;
        if (status == FactStatus::kPlanned && !frame.rule->modality) status = FactStatus::kExisting;
        f.status = status == FactStatus::kExisting && !frame.rule->status.empty()
                       ? frame.rule->status
                       : FactStatusName(status);
        f.date = date;
        if (amount != nullptr && Contains(settings.amount_types, f.type)) {
          f.amount = amount->value;
          f.currency = amount->currency;
        } else if (quantity != nullptr && Contains(settings.quantity_types, f.type)) {
          f.amount = quantity->value;
          f.currency = quantity->unit;
        }
        if (frame.continued) {
          f.evidence = st.open_list_text + " " + sentence.text;
          f.line = st.open_list_line;
        } else {
          f.evidence = sentence.text;
          f.line = sentence.first_line;
        }
        f.source = source;
        facts_.push_back(std::move(f));
        ++added;
      }
    }
  }

  // The discourse moves on.
  std::optional<Frame> open_list;
  for (const Frame& frame : frames) {
    if (frame.open_list.empty()) continue;
    if (frame.continued) {
      st.open_list_text += " " + sentence.text;
    } else {
      st.open_list_text = sentence.text;
      st.open_list_line = sentence.first_line;
    }
    open_list = frame;
    break;
  }
  st.open_list = std::move(open_list);
  ++st.sentence_number;
  for (const PatternEntity& e : sx.view().top) {
    if (e.label == "Country") continue;
    st.recent.emplace_back(sx.PartyOf(e.id), st.sentence_number);
  }
  while (st.recent.size() > 32) st.recent.pop_front();
  st.date_age = explicit_date ? 0 : st.date_age + 1;
  st.places_age++;
  for (const Frame& frame : frames) {
    if (!frame.rule->edge->symmetric) continue;
    std::vector<Party> places;
    for (const char* role : {"a", "b"}) {
      auto it = frame.roles.find(role);
      if (it == frame.roles.end()) continue;
      for (const Party& p : it->second) {
        if (p.filled || p.mention == kNone) continue;
        std::optional<Party> place = sx.PlaceOf(p);
        if (place && (places.empty() || places.back().key != place->key)) {
          places.push_back(*place);
          break;
        }
      }
    }
    if (places.size() == 2) {
      st.last_places = places;
      st.places_age = 0;
    }
  }
  for (auto& [type, host] : st.last_host) host.second++;
  for (const Frame& frame : frames) {
    for (const char* role : {"a", "b", "place"}) {
      auto it = frame.roles.find(role);
      if (it == frame.roles.end()) continue;
      for (const Party& p : it->second) {
        bool place = p.label == "Country" || p.label == "Region" || p.label == "City";
        if (!place || p.country.empty() || p.country == settings.home_country) continue;
        if (std::optional<Party> country = sx.GazetteerParty(p.country)) {
          st.last_host[frame.rule->type] = {*country, 0};
        }
      }
    }
  }
  st.pair_age++;
  if (!st.referred_pair.empty()) {
    st.last_pair = std::move(st.referred_pair);
    st.referred_pair.clear();
    st.pair_age = 0;
  }
  for (const Frame& frame : frames) {
    if (!frame.rule->edge->symmetric) continue;
    std::vector<Party> named = NamedPair(frame);
    if (named.size() == 2) {
      st.last_pair = named;
      st.pair_age = 0;
    }
  }
  if (std::optional<Party> subject = sx.Subject(recognized.tokens.size())) {
    st.topic = subject;
    st.topic_age = 0;
  } else {
    st.topic_age++;
  }
  if (std::optional<Party> country = sx.RegionsCountry()) {
    st.regions_country = country;
    st.regions_country_age = 0;
  } else {
    st.regions_country_age++;
  }
  if (std::optional<Party> owner = sx.GroupOwner()) {
    st.group_owner = owner;
    st.group_owner_age = 0;
  } else {
    st.group_owner_age++;
  }
  if (std::optional<Party> group = sx.GroupPlace()) {
    st.group_place = group;
    st.group_age = 0;
  } else {
    st.group_age++;
  }
  // The event the text goes on describing is the first one the sentence
  // names, with those coordinated with it ("UzAgroExpo i UzProdExpo");
  // later ones are side mentions ("forum X, na którym wystawiły się
  // ekspozycje zbiorowe, w tym Y").
  std::vector<Party> events;
  const auto& words = recognized.tokens;
  size_t last_end = 0;
  for (const PatternEntity& e : sx.view().top) {
    if (e.label != "Event") continue;
    if (!events.empty()) {
      bool joined = e.begin > last_end;
      for (size_t t = last_end; t < e.begin && joined; ++t) {
        const std::string& w = words[t].text;
        joined = w == "i" || w == "oraz" || w == "," || w == "/" ||
                 (words[t].shape & ontology::kShapeQuote) != 0;
      }
      if (!joined) break;
    }
    events.push_back(sx.PartyOf(e.id));
    last_end = e.end;
  }
  if (!events.empty()) {
    st.events = std::move(events);
    st.event_age = st.event_named_age = 0;
  } else if (!st.events.empty() && st.event_age <= settings.event_memory && sx.NamesAnEventNoun()) {
    st.event_age = 0;  // "na wystawie": still the event being described
    st.event_named_age++;
  } else {
    st.event_age++;
    st.event_named_age++;
  }
  return added;
}

std::vector<RelationFact> DocumentRelations::Finish(const ResolvedDocument& resolved,
                                                    std::vector<EntityFact>* entities) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < entities->size(); ++i) index[(*entities)[i].key] = i;
  const ontology::Gazetteer& gazetteer = extractor_.recognizer().gazetteer();
  auto known = [&](const std::string& key, int line) {
    auto it = index.find(key);
    if (it != index.end()) return true;
    const ontology::GazetteerEntry* e = gazetteer.Find(key);
    if (e == nullptr) return false;
    EntityFact f;
    f.key = e->key;
    f.label = e->label;
    f.name = e->name;
    f.name_en = e->name_en;
    f.name_ru = e->name_ru;
    f.country = e->label == "Country" ? "" : e->country;
    f.parent = e->parent;
    f.lines.push_back(line);
    index[key] = entities->size();
    entities->push_back(std::move(f));
    return true;
  };
  std::vector<RelationFact> out;
  out.reserve(facts_.size());
  std::set<std::tuple<std::string, std::string, std::string, int, std::string>> seen;
  for (RelationFact& f : facts_) {
    f.source_key = resolved.FinalKey(f.source_key);
    f.target_key = resolved.FinalKey(f.target_key);
    if (f.source_key == f.target_key) continue;
    if (!known(f.source_key, f.line) || !known(f.target_key, f.line)) continue;
    if (!seen.insert({f.type, f.source_key, f.target_key, f.line, f.rule}).second) continue;
    out.push_back(std::move(f));
  }
  facts_.clear();
  return out;
}

}  // namespace splot::ingest
