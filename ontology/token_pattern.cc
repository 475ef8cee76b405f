#include "ontology/token_pattern.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>

#include "ontology/ontology.h"

namespace splot::ontology {

namespace {

// A summary of a literal list by the length, first and last byte of its
// words, in 64 * kWords bits: a word whose bit is clear is not in the list,
// which rejects most tokens without comparing strings.
template <size_t kWords>
class BitFilter {
 public:
  void Add(std::string_view s) {
    const size_t b = Bit(s);
    bits_[b >> 6] |= uint64_t{1} << (b & 63);
  }
  bool MayContain(std::string_view s) const {
    const size_t b = Bit(s);
    return ((bits_[b >> 6] >> (b & 63)) & 1) != 0;
  }

 private:
  static size_t Bit(std::string_view s) {
    if (s.empty()) return 0;
    return (static_cast<size_t>(s.size()) * 37u + static_cast<unsigned char>(s.front()) * 11u +
            static_cast<unsigned char>(s.back())) &
           (64 * kWords - 1);
  }
  uint64_t bits_[kWords] = {};
};

// For the few literals of one element.
using LiteralFilter = BitFilter<4>;
// For the literals of all the elements a pattern may begin with.
using WideLiteralFilter = BitFilter<64>;

}  // namespace

struct TokenPattern::Element {
  enum class Kind { kToken, kEntity, kSeq, kAlt, kAhead };
  Kind kind = Kind::kToken;

  // kToken constraints (all must hold).
  std::vector<std::string> text_raw;
  std::vector<std::string> text_folded;
  std::vector<std::string> exact;
  std::vector<std::string> lemmas;
  std::vector<std::string> prefixes;
  std::vector<std::string> suffixes;
  std::vector<std::string> tags;
  uint32_t shapes = 0;                            // any of these; 0 = no shape constraint
  std::vector<std::shared_ptr<Element>> negated;  // the token must satisfy none
  // Summaries of text_raw, text_folded, exact, lemmas and tags.
  LiteralFilter text_raw_filter, text_folded_filter, exact_filter, lemma_filter, tag_filter;

  // kEntity
  std::vector<std::string> labels;  // empty = any label

  // kAhead: the next token must (or, when negated, must not) satisfy
  // `ahead`, and nothing is consumed.
  std::shared_ptr<Element> ahead;
  bool ahead_negated = false;

  // kSeq / kAlt
  std::vector<Element> seq;
  std::vector<std::vector<Element>> alts;

  int min = 1;
  int max = 1;
  std::string capture;
};

namespace {

using Element = TokenPattern::Element;

constexpr int kStepLimit = 50000;

struct Shape {
  const char* name;
  uint32_t flags;
};

const Shape kShapes[] = {
    {"capitalized", kShapeCapitalized},
    {"upper", kShapeUpper},
    {"lower", kShapeLower},
    {"word", kShapeWord},
    {"number", kShapeNumber},
    {"punct", kShapePunct},
    {"quote", kShapeQuote},
    {"hyphen", kShapeHyphen},
    {"initial", kShapeInitial},
    {"proper", kShapeProper},
    {"spaced", kShapeSpaced},
    {"any", 0},
};

// Most candidates differ in length or first byte: those are rejected
// before comparing the rest.
bool Contains(const std::vector<std::string>& v, std::string_view s) {
  for (const std::string& w : v) {
    if (w.size() == s.size() && (s.empty() || w[0] == s[0]) &&
        std::memcmp(w.data(), s.data(), s.size()) == 0) {
      return true;
    }
  }
  return false;
}

// The literal lists of an element are sorted once at load time so that a
// token is looked up in them by binary search.
bool InSorted(const std::vector<std::string>& v, std::string_view s) {
  auto it = std::lower_bound(v.begin(), v.end(), s,
                             [](const std::string& a, std::string_view b) { return a < b; });
  return it != v.end() && *it == s;
}

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool TokenOk(const Element& e, const PatternToken& t) {
  if (e.shapes != 0 && (t.shape & e.shapes) == 0) return false;
  if (!e.text_raw.empty()) {
    bool hit = (e.text_raw_filter.MayContain(t.text) && Contains(e.text_raw, t.text)) ||
               (!t.folded.empty() && e.text_folded_filter.MayContain(t.folded) &&
                Contains(e.text_folded, t.folded));
    if (!hit) return false;
  }
  if (!e.exact.empty() && !(e.exact_filter.MayContain(t.text) && Contains(e.exact, t.text))) {
    return false;
  }
  if (!e.lemmas.empty()) {
    auto in_lemmas = [&](std::string_view k) {
      return e.lemma_filter.MayContain(k) && Contains(e.lemmas, k);
    };
    bool hit = false;
    if (t.keys != nullptr) {
      for (const std::string& k : *t.keys) hit = hit || in_lemmas(k);
    } else {
      hit = in_lemmas(t.folded);
    }
    if (!hit) return false;
  }
  if (!e.prefixes.empty()) {
    bool hit = false;
    for (const std::string& p : e.prefixes) hit = hit || t.folded.substr(0, p.size()) == p;
    if (!hit) return false;
  }
  if (!e.suffixes.empty()) {
    bool hit = false;
    for (const std::string& s : e.suffixes) hit = hit || EndsWith(t.folded, s);
    if (!hit) return false;
  }
  if (!e.tags.empty()) {
    bool hit = false;
    if (t.tags != nullptr) {
      for (const std::string& tag : *t.tags) {
        hit = hit || (e.tag_filter.MayContain(tag) && InSorted(e.tags, tag));
      }
    }
    if (!hit) return false;
  }
  for (const auto& n : e.negated) {
    if (TokenOk(*n, t)) return false;
  }
  return true;
}

// A non-owning reference to a callable, so that continuations cost no
// allocation (std::function would allocate for each nested lambda).
class Continuation {
 public:
  template <typename F>
  Continuation(const F& f)  // NOLINT(google-explicit-constructor)
      : object_(&f), call_([](const void* o, size_t p) { (*static_cast<const F*>(o))(p); }) {}
  void operator()(size_t p) const { call_(object_, p); }

 private:
  const void* object_;
  void (*call_)(const void*, size_t);
};

// Backtracking matcher.  Every way of matching is explored (up to a step
// budget) and each complete match is reported to the continuation, so the
// caller can keep the longest.
class Matcher {
 public:
  explicit Matcher(const PatternInput& input) : input_(input) {}

  void Seq(const std::vector<Element>& seq, size_t i, size_t pos, const Continuation& k) {
    if (++steps_ > kStepLimit) return;
    if (i == seq.size()) {
      k(pos);
      return;
    }
    Repeat(seq[i], 0, pos, pos, [&](size_t p) { Seq(seq, i + 1, p, k); });
  }

  std::vector<PatternCapture> captures;
  std::vector<size_t> consumed;  // entity ids consumed on the current path

 private:
  void Repeat(const Element& e, int count, size_t start, size_t pos, const Continuation& k) {
    if (++steps_ > kStepLimit) return;
    if (count < e.max) {
      Once(e, pos, [&](size_t p) {
        // An empty repetition would loop; it stands for every required one
        // left (a look-ahead, a sequence of optional elements).
        if (p == pos) {
          if (count < e.min) Done(e, start, pos, k);
          return;
        }
        Repeat(e, count + 1, start, p, k);
      });
    }
    if (count >= e.min) Done(e, start, pos, k);
  }

  // The element matched tokens [start, pos): capture them and go on.
  void Done(const Element& e, size_t start, size_t pos, const Continuation& k) {
    if (e.capture.empty() || pos == start) {
      k(pos);
      return;
    }
    PatternCapture c;
    c.name = e.capture;
    c.begin = start;
    c.end = pos;
    for (size_t id : consumed) {
      const PatternEntity& ent = (*input_.entities)[id];
      if (ent.begin >= start && ent.end <= pos) c.entities.push_back(id);
    }
    captures.push_back(std::move(c));
    k(pos);
    captures.pop_back();
  }

  void Once(const Element& e, size_t pos, const Continuation& k) {
    const auto& tokens = *input_.tokens;
    switch (e.kind) {
      case Element::Kind::kToken:
        if (pos < tokens.size() && TokenOk(e, tokens[pos])) k(pos + 1);
        return;
      case Element::Kind::kEntity: {
        if (input_.entities == nullptr) return;
        const auto& ents = *input_.entities;
        auto it = std::lower_bound(ents.begin(), ents.end(), pos,
                                   [](const PatternEntity& a, size_t p) { return a.begin < p; });
        for (; it != ents.end() && it->begin == pos; ++it) {
          if (it->end <= pos) continue;
          if (!e.labels.empty() && !Contains(e.labels, it->label)) continue;
          if (it->begin < tokens.size() && !TokenOk(e, tokens[it->begin])) continue;
          if (it->begin < tokens.size() && !TokenOk(e, tokens[it->begin])) continue;
          consumed.push_back(static_cast<size_t>(it - ents.begin()));
          k(it->end);
          consumed.pop_back();
        }
        return;
      }
      case Element::Kind::kSeq:
        Seq(e.seq, 0, pos, k);
        return;
      case Element::Kind::kAlt:
        for (const auto& alt : e.alts) Seq(alt, 0, pos, k);
        return;
      case Element::Kind::kAhead: {
        const bool holds = pos < tokens.size() && TokenOk(*e.ahead, tokens[pos]);
        if (holds != e.ahead_negated) k(pos);
        return;
      }
    }
  }

  const PatternInput& input_;
  int steps_ = 0;
};

// Loading.

struct LoadContext {
  const std::string& source;
  const Ontology& ontology;
  const NameFolder& folder;
  std::map<std::string, Element, std::less<>> macros;
};

Status ParseElement(const JsonValue& v, LoadContext& ctx, Element* out);

Status ParseSeq(const JsonValue& v, std::string_view field, const JsonObjectReader& owner,
                LoadContext& ctx, std::vector<Element>* out) {
  if (!v.is_array() || v.items().empty()) {
    return owner.Error(v, field, "expected a non-empty array of elements");
  }
  for (const JsonValue& item : v.items()) {
    Element e;
    SPLOT_RETURN_IF_ERROR(ParseElement(item, ctx, &e));
    out->push_back(std::move(e));
  }
  return Status::OK();
}

Status ParseTokenConstraints(const JsonObjectReader& r, LoadContext& ctx, Element* e,
                             bool* any_constraint);

// The value of "not", "ahead" or "not_ahead": an object of token
// constraints, or {"use": "MACRO"} for a macro of them.
Status ParseConstraintObject(const JsonValue& item, std::string_view field,
                             const JsonObjectReader& owner, LoadContext& ctx,
                             std::shared_ptr<Element>* out) {
  const std::string what = "'" + std::string(field) + "' constraint";
  JsonObjectReader nr(item, owner.source(), what);
  SPLOT_RETURN_IF_ERROR(nr.CheckIsObject(("a " + what).c_str()));
  if (const JsonValue* use = nr.Get("use")) {
    SPLOT_RETURN_IF_ERROR(nr.CheckKnownFields({"use"}));
    auto it = use->is_string() ? ctx.macros.find(use->as_string()) : ctx.macros.end();
    if (it == ctx.macros.end() || it->second.kind != Element::Kind::kToken || it->second.min != 1 ||
        it->second.max != 1 || !it->second.capture.empty()) {
      return nr.Error(*use, "use",
                      "'" + std::string(field) +
                          "' may use only a macro of token constraints (one token, no repeat, "
                          "no capture)");
    }
    *out = std::make_shared<Element>(it->second);
    return Status::OK();
  }
  SPLOT_RETURN_IF_ERROR(
      nr.CheckKnownFields({"text", "exact", "lemma", "prefix", "suffix", "shape", "tag", "not"}));
  auto e = std::make_shared<Element>();
  bool inner = false;
  SPLOT_RETURN_IF_ERROR(ParseTokenConstraints(nr, ctx, e.get(), &inner));
  if (!inner) return owner.Error(item, field, "needs at least one constraint");
  *out = std::move(e);
  return Status::OK();
}

Status ParseTokenConstraints(const JsonObjectReader& r, LoadContext& ctx, Element* e,
                             bool* any_constraint) {
  std::vector<std::string> text, lemma, prefix, suffix;
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("text", &text));
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("exact", &e->exact));
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("lemma", &lemma));
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("prefix", &prefix));
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("suffix", &suffix));
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("tag", &e->tags));
  for (const std::string& t : text) {
    e->text_raw.push_back(t);
    std::string f = ctx.folder.Fold(t);
    if (!f.empty()) e->text_folded.push_back(std::move(f));
  }
  for (auto [from, to] : {std::pair{&lemma, &e->lemmas}, std::pair{&prefix, &e->prefixes},
                          std::pair{&suffix, &e->suffixes}}) {
    for (const std::string& w : *from) {
      std::string f = ctx.folder.Fold(w);
      if (f.empty()) return r.Error(r.object(), "lemma", "'" + w + "' has no letters or digits");
      to->push_back(std::move(f));
    }
  }
  bool shape_given = false;
  if (const JsonValue* s = r.Get("shape")) {
    std::vector<std::string> names;
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList("shape", &names));
    for (const std::string& n : names) {
      auto it = std::find_if(std::begin(kShapes), std::end(kShapes),
                             [&](const Shape& sh) { return n == sh.name; });
      if (it == std::end(kShapes)) {
        return r.Error(*s, "shape",
                       "unknown shape '" + n +
                           "' (capitalized, upper, lower, word, number, punct, quote, hyphen, "
                           "initial, proper, spaced, any)");
      }
      e->shapes |= it->flags;
    }
    shape_given = true;
  }
  if (const JsonValue* n = r.Get("not")) {
    std::vector<const JsonValue*> items;
    if (n->is_array()) {
      for (const JsonValue& item : n->items()) items.push_back(&item);
    } else {
      items.push_back(n);
    }
    if (items.empty()) return r.Error(*n, "not", "needs at least one constraint object");
    for (const JsonValue* item : items) {
      std::shared_ptr<Element> neg;
      SPLOT_RETURN_IF_ERROR(ParseConstraintObject(*item, "not", r, ctx, &neg));
      e->negated.push_back(std::move(neg));
    }
  }
  for (auto* list : {&e->text_raw, &e->text_folded, &e->exact, &e->lemmas, &e->tags})
    SortUnique(list);
  for (auto [list, filter] :
       {std::pair{&e->text_raw, &e->text_raw_filter},
        std::pair{&e->text_folded, &e->text_folded_filter}, std::pair{&e->exact, &e->exact_filter},
        std::pair{&e->lemmas, &e->lemma_filter}, std::pair{&e->tags, &e->tag_filter}}) {
    for (const std::string& w : *list) filter->Add(w);
  }
  *any_constraint = shape_given || !e->text_raw.empty() || !e->exact.empty() || !e->tags.empty() ||
                    !e->lemmas.empty() || !e->prefixes.empty() || !e->suffixes.empty() ||
                    !e->negated.empty();
  return Status::OK();
}

Status ParseElement(const JsonValue& v, LoadContext& ctx, Element* out) {
  JsonObjectReader r(v, ctx.source, "element");
  SPLOT_RETURN_IF_ERROR(r.CheckIsObject("a pattern element"));
  SPLOT_RETURN_IF_ERROR(r.CheckKnownFields({"text", "exact", "lemma", "prefix", "suffix", "shape",
                                            "tag", "not", "entity", "seq", "alt", "use", "ahead",
                                            "not_ahead", "optional", "repeat", "capture", "note"}));
  int kinds = (r.Get("entity") != nullptr) + (r.Get("seq") != nullptr) + (r.Get("alt") != nullptr) +
              (r.Get("use") != nullptr) + (r.Get("ahead") != nullptr) +
              (r.Get("not_ahead") != nullptr);
  bool token_fields = r.Get("text") || r.Get("exact") || r.Get("lemma") || r.Get("prefix") ||
                      r.Get("suffix") || r.Get("shape") || r.Get("tag") || r.Get("not");
  bool entity = r.Get("entity") != nullptr;
  if (kinds > 1 || (kinds == 1 && token_fields && !entity)) {
    return r.Error(v, "entity",
                   "an element is one of: token constraints, entity (whose first token the "
                   "constraints may describe), seq, alt, use, ahead, not_ahead");
  }
  const JsonValue* ahead = r.Get("ahead");
  const JsonValue* not_ahead = r.Get("not_ahead");
  if (ahead != nullptr || not_ahead != nullptr) {
    const char* field = ahead != nullptr ? "ahead" : "not_ahead";
    const JsonValue* a = ahead != nullptr ? ahead : not_ahead;
    if (r.Get("repeat") != nullptr || r.Get("capture") != nullptr) {
      return r.Error(*a, field, "a look-ahead consumes nothing: no repeat, no capture");
    }
    out->kind = Element::Kind::kAhead;
    out->ahead_negated = not_ahead != nullptr;
    SPLOT_RETURN_IF_ERROR(ParseConstraintObject(*a, field, r, ctx, &out->ahead));
  } else if (const JsonValue* use = r.Get("use")) {
    if (!use->is_string()) return r.Error(*use, "use", "expected the name of a macro");
    auto it = ctx.macros.find(use->as_string());
    if (it == ctx.macros.end()) {
      return r.Error(*use, "use", "unknown macro '" + use->as_string() + "'");
    }
    *out = it->second;
  } else if (const JsonValue* ent = r.Get("entity")) {
    out->kind = Element::Kind::kEntity;
    bool any = false;
    SPLOT_RETURN_IF_ERROR(ParseTokenConstraints(r, ctx, out, &any));
    std::vector<std::string> labels;
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList("entity", &labels));
    for (const std::string& l : labels) {
      if (l == "*") continue;
      const LabelDef* def = ctx.ontology.FindLabel(l);
      if (def == nullptr) return r.Error(*ent, "entity", "unknown label '" + l + "'");
      out->labels.push_back(l);
    }
  } else if (const JsonValue* seq = r.Get("seq")) {
    out->kind = Element::Kind::kSeq;
    SPLOT_RETURN_IF_ERROR(ParseSeq(*seq, "seq", r, ctx, &out->seq));
  } else if (const JsonValue* alt = r.Get("alt")) {
    out->kind = Element::Kind::kAlt;
    if (!alt->is_array() || alt->items().size() < 2) {
      return r.Error(*alt, "alt", "expected an array of at least two alternatives");
    }
    for (const JsonValue& a : alt->items()) {
      std::vector<Element> branch;
      if (a.is_object()) {
        Element e;
        SPLOT_RETURN_IF_ERROR(ParseElement(a, ctx, &e));
        branch.push_back(std::move(e));
      } else {
        SPLOT_RETURN_IF_ERROR(ParseSeq(a, "alt", r, ctx, &branch));
      }
      out->alts.push_back(std::move(branch));
    }
  } else {
    out->kind = Element::Kind::kToken;
    bool any = false;
    SPLOT_RETURN_IF_ERROR(ParseTokenConstraints(r, ctx, out, &any));
    if (!any) {
      return r.Error(v, "shape",
                     "the element has no constraint (use \"shape\": \"any\" for any token)");
    }
  }
  bool optional = false;
  SPLOT_RETURN_IF_ERROR(r.OptionalBool("optional", &optional));
  if (const JsonValue* rep = r.Get("repeat")) {
    if (!rep->is_array() || rep->items().size() != 2 || !rep->items()[0].is_number() ||
        !rep->items()[1].is_number()) {
      return r.Error(*rep, "repeat", "expected [min, max]");
    }
    out->min = static_cast<int>(rep->items()[0].as_number());
    out->max = static_cast<int>(rep->items()[1].as_number());
    if (out->min < 0 || out->max < 1 || out->min > out->max) {
      return r.Error(*rep, "repeat", "needs 0 <= min <= max and max >= 1");
    }
  }
  if (optional) out->min = 0;
  SPLOT_RETURN_IF_ERROR(r.OptionalString("capture", &out->capture));
  return Status::OK();
}

}  // namespace

const PatternCapture* PatternMatch::Find(std::string_view name) const {
  for (const PatternCapture& c : captures) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TokenPattern::TokenPattern() : first_(std::make_unique<First>()) {}
TokenPattern::~TokenPattern() = default;
TokenPattern::TokenPattern(TokenPattern&&) noexcept = default;
TokenPattern& TokenPattern::operator=(TokenPattern&&) noexcept = default;

namespace {

// The FIRST set of a sequence: the token elements and entity labels a match
// can begin with; `nullable` when every element is optional.
struct FirstSet {
  std::vector<const Element*> tokens;
  std::vector<std::string> entity_labels;
  bool any_entity = false;
  bool nullable = false;
};

void CollectFirst(const std::vector<Element>& seq, FirstSet* first);

// Adds the FIRST set of `e`; returns whether `e` can match nothing.
bool CollectFirstOf(const Element& e, FirstSet* first) {
  switch (e.kind) {
    case Element::Kind::kAhead:
      return true;  // consumes nothing: what follows it begins the match
    case Element::Kind::kToken:
      first->tokens.push_back(&e);
      break;
    case Element::Kind::kEntity:
      if (e.labels.empty()) first->any_entity = true;
      for (const std::string& l : e.labels) first->entity_labels.push_back(l);
      break;
    case Element::Kind::kSeq: {
      FirstSet inner;
      CollectFirst(e.seq, &inner);
      first->tokens.insert(first->tokens.end(), inner.tokens.begin(), inner.tokens.end());
      first->entity_labels.insert(first->entity_labels.end(), inner.entity_labels.begin(),
                                  inner.entity_labels.end());
      first->any_entity = first->any_entity || inner.any_entity;
      if (inner.nullable) return true;
      break;
    }
    case Element::Kind::kAlt: {
      bool nullable = false;
      for (const auto& alt : e.alts) {
        FirstSet inner;
        CollectFirst(alt, &inner);
        first->tokens.insert(first->tokens.end(), inner.tokens.begin(), inner.tokens.end());
        first->entity_labels.insert(first->entity_labels.end(), inner.entity_labels.begin(),
                                    inner.entity_labels.end());
        first->any_entity = first->any_entity || inner.any_entity;
        nullable = nullable || inner.nullable;
      }
      if (nullable) return true;
      break;
    }
  }
  return e.min == 0;
}

void CollectFirst(const std::vector<Element>& seq, FirstSet* first) {
  for (const Element& e : seq) {
    if (!CollectFirstOf(e, first)) return;
  }
  first->nullable = true;
}

// What one required element of a pattern needs somewhere in the input: one
// of its anchors, with a summary of the words among them.
struct Requirement {
  PatternAnchors anchors;
  LiteralFilter filter;       // over anchors.keys, texts and tags
  std::vector<uint32_t> ids;  // of the anchors in the holding set's AnchorSet numbering
};

}  // namespace

struct TokenPattern::First {
  FirstSet set;
  // The token elements of `set` that need one of their literals (text,
  // exact or lemma), with a summary of all those literals; of the rest,
  // those that need one of their tags, with a summary of the tags; and the
  // others.
  std::vector<const Element*> literal_tokens;
  WideLiteralFilter literals;
  std::vector<const Element*> tagged_tokens;
  WideLiteralFilter tags;
  std::vector<const Element*> other_tokens;
  // One per required top-level element that has anchors; those naming only
  // entity labels, the cheapest to test, first.
  std::vector<Requirement> required;
};

namespace {

// Collects into `a` what a match of the sequence must contain: the literal
// values of one required element (its lemmas, texts or tags) or the labels
// of a required entity.  Returns false when no such element is found (the
// pattern is then tried everywhere).
bool CollectAnchors(const std::vector<Element>& seq, PatternAnchors* a);

bool AnchorsOf(const Element& e, PatternAnchors* a) {
  switch (e.kind) {
    case Element::Kind::kAhead:
      return false;
    case Element::Kind::kToken:
      if (!e.lemmas.empty()) {
        a->keys.insert(a->keys.end(), e.lemmas.begin(), e.lemmas.end());
        return true;
      }
      if (!e.text_raw.empty()) {
        a->keys.insert(a->keys.end(), e.text_folded.begin(), e.text_folded.end());
        a->texts.insert(a->texts.end(), e.text_raw.begin(), e.text_raw.end());
        return true;
      }
      if (!e.exact.empty()) {
        a->texts.insert(a->texts.end(), e.exact.begin(), e.exact.end());
        return true;
      }
      if (!e.tags.empty()) {
        a->tags.insert(a->tags.end(), e.tags.begin(), e.tags.end());
        return true;
      }
      return false;
    case Element::Kind::kEntity:
      if (e.labels.empty()) return false;
      a->entity_labels.insert(a->entity_labels.end(), e.labels.begin(), e.labels.end());
      return true;
    case Element::Kind::kSeq:
      return CollectAnchors(e.seq, a);
    case Element::Kind::kAlt: {
      PatternAnchors all;
      for (const auto& alt : e.alts) {
        PatternAnchors branch;
        if (!CollectAnchors(alt, &branch)) return false;
        all.keys.insert(all.keys.end(), branch.keys.begin(), branch.keys.end());
        all.texts.insert(all.texts.end(), branch.texts.begin(), branch.texts.end());
        all.tags.insert(all.tags.end(), branch.tags.begin(), branch.tags.end());
        all.entity_labels.insert(all.entity_labels.end(), branch.entity_labels.begin(),
                                 branch.entity_labels.end());
      }
      *a = std::move(all);
      return true;
    }
  }
  return false;
}

// How selective anchors are: literal words beat tags, tags beat labels.
int Rank(const PatternAnchors& a) {
  if (!a.entity_labels.empty()) return 1;
  if (!a.tags.empty()) return 2;
  return 3;
}

bool CollectAnchors(const std::vector<Element>& seq, PatternAnchors* a) {
  // Of the required elements, the one whose anchors are most selective.
  bool found = false;
  int best = 0;
  for (const Element& e : seq) {
    if (e.min == 0) continue;
    PatternAnchors candidate;
    if (!AnchorsOf(e, &candidate)) continue;
    int rank = Rank(candidate);
    if (!found || rank > best) {
      *a = std::move(candidate);
      best = rank;
      found = true;
    }
  }
  return found;
}

void CollectRequirements(const std::vector<Element>& seq, std::vector<Requirement>* out) {
  for (const Element& e : seq) {
    if (e.min == 0) continue;
    Requirement r;
    if (!AnchorsOf(e, &r.anchors)) continue;
    for (auto* list :
         {&r.anchors.keys, &r.anchors.texts, &r.anchors.tags, &r.anchors.entity_labels}) {
      SortUnique(list);
      if (list != &r.anchors.entity_labels) {
        for (const std::string& w : *list) r.filter.Add(w);
      }
    }
    out->push_back(std::move(r));
  }
  std::stable_partition(out->begin(), out->end(), [](const Requirement& r) {
    return r.anchors.keys.empty() && r.anchors.texts.empty() && r.anchors.tags.empty();
  });
}

bool Satisfied(const Requirement& r, const PatternInput& input) {
  const PatternAnchors& a = r.anchors;
  if (!a.entity_labels.empty() && input.entities != nullptr) {
    for (const PatternEntity& e : *input.entities) {
      if (InSorted(a.entity_labels, e.label)) return true;
    }
  }
  auto in = [&](const std::vector<std::string>& list, std::string_view w) {
    return !list.empty() && r.filter.MayContain(w) && InSorted(list, w);
  };
  for (const PatternToken& t : *input.tokens) {
    if (in(a.texts, t.text)) return true;
    if (!t.folded.empty() && in(a.keys, t.folded)) return true;
    if (t.keys != nullptr && !a.keys.empty()) {
      for (const std::string& k : *t.keys) {
        if (in(a.keys, k)) return true;
      }
    }
    if (t.tags != nullptr && !a.tags.empty()) {
      for (const std::string& g : *t.tags) {
        if (in(a.tags, g)) return true;
      }
    }
  }
  return false;
}

}  // namespace

namespace {

// Splits the token elements of `first->set` by whether they need a literal
// or a tag and summarises those.
void SummarizeFirst(TokenPattern::First* first) {
  for (const Element* e : first->set.tokens) {
    if (!e->text_raw.empty() || !e->exact.empty() || !e->lemmas.empty()) {
      first->literal_tokens.push_back(e);
      for (const auto* list : {&e->text_raw, &e->text_folded, &e->exact, &e->lemmas}) {
        for (const std::string& w : *list) first->literals.Add(w);
      }
    } else if (!e->tags.empty()) {
      first->tagged_tokens.push_back(e);
      for (const std::string& tag : e->tags) first->tags.Add(tag);
    } else {
      first->other_tokens.push_back(e);
    }
  }
}

// Whether the surface form, the folded form or a lemma key of `t` may be in
// `filter`.
bool MayHaveLiteral(const WideLiteralFilter& filter, const PatternToken& t) {
  if (filter.MayContain(t.text)) return true;
  if (!t.folded.empty() && filter.MayContain(t.folded)) return true;
  if (t.keys != nullptr) {
    for (const std::string& k : *t.keys) {
      if (filter.MayContain(k)) return true;
    }
  }
  return false;
}

// Whether one of the tags of `t` may be in `filter`.
bool MayHaveTag(const WideLiteralFilter& filter, const PatternToken& t) {
  if (t.tags == nullptr) return false;
  for (const std::string& tag : *t.tags) {
    if (filter.MayContain(tag)) return true;
  }
  return false;
}

}  // namespace

bool TokenPattern::MayStartAt(const PatternInput& input, size_t start) const {
  const FirstSet& f = first_->set;
  if (f.nullable) return true;
  const PatternToken& token = (*input.tokens)[start];
  for (const Element* e : first_->other_tokens) {
    if (TokenOk(*e, token)) return true;
  }
  if (!first_->literal_tokens.empty() && MayHaveLiteral(first_->literals, token)) {
    for (const Element* e : first_->literal_tokens) {
      if (TokenOk(*e, token)) return true;
    }
  }
  if (!first_->tagged_tokens.empty() && MayHaveTag(first_->tags, token)) {
    for (const Element* e : first_->tagged_tokens) {
      if (TokenOk(*e, token)) return true;
    }
  }
  if ((f.any_entity || !f.entity_labels.empty()) && input.entities != nullptr) {
    const auto& ents = *input.entities;
    auto it = std::lower_bound(ents.begin(), ents.end(), start,
                               [](const PatternEntity& a, size_t p) { return a.begin < p; });
    for (; it != ents.end() && it->begin == start; ++it) {
      if (f.any_entity || Contains(f.entity_labels, it->label)) return true;
    }
  }
  return false;
}

bool TokenPattern::MayOccurIn(const PatternInput& input) const {
  if (!root_ || input.tokens == nullptr) return false;
  for (const Requirement& r : first_->required) {
    if (!Satisfied(r, input)) return false;
  }
  return true;
}

bool TokenPattern::MayOccurIn(const AnchorSet& anchors) const {
  if (!root_ || !anchors.has_tokens_) return false;
  for (const Requirement& r : first_->required) {
    if (std::none_of(r.ids.begin(), r.ids.end(), [&](uint32_t id) { return anchors.Has(id); })) {
      return false;
    }
  }
  return true;
}

bool TokenPattern::MatchAt(const PatternInput& input, size_t start, PatternMatch* match) const {
  if (!root_ || input.tokens == nullptr || start >= input.tokens->size()) return false;
  if (!MayStartAt(input, start)) return false;
  Matcher m(input);
  bool found = false;
  m.Seq(root_->seq, 0, start, [&](size_t end) {
    if (end <= start) return;
    if (!found || end > match->end) {
      found = true;
      match->begin = start;
      match->end = end;
      match->captures = m.captures;
    }
  });
  return found;
}

std::string TokenPattern::Attribute(std::string_view name) const {
  const JsonValue* v = FindAttribute(name);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

namespace {
bool Captures(const Element& e, std::string_view name) {
  if (e.capture == name) return true;
  for (const Element& c : e.seq) {
    if (Captures(c, name)) return true;
  }
  for (const auto& alt : e.alts) {
    for (const Element& c : alt) {
      if (Captures(c, name)) return true;
    }
  }
  return false;
}
}  // namespace

bool TokenPattern::DefinesCapture(std::string_view name) const {
  return root_ != nullptr && Captures(*root_, name);
}

const JsonValue* TokenPattern::FindAttribute(std::string_view name) const {
  auto it = attributes_.find(name);
  return it == attributes_.end() ? nullptr : &it->second;
}

Result<PatternSet> PatternSet::LoadFile(const std::filesystem::path& path, const Ontology& ontology,
                                        const NameFolder& folder,
                                        const PatternLoadOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJsonFile(path));
  return FromJson(doc, path.string(), ontology, folder, options);
}

Result<PatternSet> PatternSet::Parse(std::string_view json, std::string_view source_name,
                                     const Ontology& ontology, const NameFolder& folder,
                                     const PatternLoadOptions& options) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJson(json, source_name));
  return FromJson(doc, std::string(source_name), ontology, folder, options);
}

Result<PatternSet> PatternSet::FromJson(const JsonValue& doc, const std::string& source,
                                        const Ontology& ontology, const NameFolder& folder,
                                        const PatternLoadOptions& options) {
  JsonObjectReader top(doc, source);
  SPLOT_RETURN_IF_ERROR(top.CheckIsObject("a pattern file"));
  SPLOT_RETURN_IF_ERROR(top.CheckKnownFields({"description", "macros", "patterns"}));
  LoadContext ctx{source, ontology, folder, {}};
  if (const JsonValue* macros = top.Get("macros")) {
    if (!macros->is_object()) return top.Error(*macros, "macros", "expected an object");
    for (const auto& [name, value] : macros->members()) {
      Element e;
      SPLOT_RETURN_IF_ERROR(ParseElement(value, ctx, &e));
      ctx.macros[name] = std::move(e);
    }
  }
  const JsonValue* patterns = top.Get("patterns");
  if (patterns == nullptr || !patterns->is_array()) {
    return top.Error(patterns ? *patterns : doc, "patterns", "expected an array of patterns");
  }
  PatternSet set;
  for (const JsonValue& item : patterns->items()) {
    JsonObjectReader probe(item, source);
    SPLOT_RETURN_IF_ERROR(probe.CheckIsObject("a pattern"));
    TokenPattern p;
    p.file_ = source;
    p.line_ = item.line();
    SPLOT_RETURN_IF_ERROR(probe.RequiredString("id", &p.id_));
    JsonObjectReader r(item, source, "pattern '" + p.id_ + "'");
    for (const auto& [name, value] : item.members()) {
      if (name == "id" || name == "label" || name == "confidence" || name == "elements" ||
          name == "note") {
        continue;
      }
      if (!Contains(options.attributes, name)) return r.Error(value, name, "unknown field");
      p.attributes_[name] = value;
    }
    if (set.Find(p.id_) != nullptr) {
      return r.Error(*r.Get("id"), "id", "'" + p.id_ + "' is used twice");
    }
    if (options.label_required || r.Get("label") != nullptr) {
      SPLOT_RETURN_IF_ERROR(r.RequiredString("label", &p.label_));
      if (ontology.FindLabel(p.label_) == nullptr && ontology.FindEdgeType(p.label_) == nullptr) {
        return r.Error(*r.Get("label"), "label", "'" + p.label_ + "' is not in the ontology");
      }
    }
    SPLOT_RETURN_IF_ERROR(r.OptionalNumber("confidence", &p.confidence_));
    if (p.confidence_ <= 0 || p.confidence_ > 1) {
      return r.Error(*r.Get("confidence"), "confidence", "must be in (0, 1]");
    }
    const JsonValue* elements = r.Get("elements");
    if (elements == nullptr) return r.Error(item, "elements", "missing");
    p.root_ = std::make_unique<Element>();
    p.root_->kind = Element::Kind::kSeq;
    SPLOT_RETURN_IF_ERROR(ParseSeq(*elements, "elements", r, ctx, &p.root_->seq));
    for (const std::string& attr : options.capture_attributes) {
      const JsonValue* v = r.Get(attr);
      if (v == nullptr) continue;
      if (!v->is_string()) return r.Error(*v, attr, "expected the name of a capture");
      if (!p.DefinesCapture(v->as_string())) {
        return r.Error(*v, attr, "no element captures '" + v->as_string() + "'");
      }
    }
    CollectFirst(p.root_->seq, &p.first_->set);
    SummarizeFirst(p.first_.get());
    CollectRequirements(p.root_->seq, &p.first_->required);
    set.patterns_.push_back(std::move(p));
  }
  set.BuildIndex();
  return set;
}

Status PatternSet::Merge(PatternSet&& other) {
  for (TokenPattern& p : other.patterns_) {
    if (const TokenPattern* existing = Find(p.id())) {
      return Status::InvalidArgument(p.file() + ":" + std::to_string(p.line()) + ": pattern '" +
                                     p.id() + "': field 'id': already defined at " +
                                     existing->file() + ":" + std::to_string(existing->line()));
    }
    patterns_.push_back(std::move(p));
  }
  BuildIndex();
  return Status::OK();
}

namespace {

constexpr size_t kAnchorBitWords = 256;  // 16384 bits per kind of anchor

// The bit of `word` among 64 * kAnchorBitWords, from its length and the
// bytes at its ends.
size_t AnchorBit(std::string_view word) {
  if (word.empty()) return 0;
  const auto byte = [&](size_t i) { return static_cast<uint64_t>(static_cast<uint8_t>(word[i])); };
  const size_t n = word.size();
  uint64_t h = n * 131 + byte(0) * 31 + byte(n - 1);
  if (n >= 2) h = h * 257 + byte(1) * 17 + byte(n - 2);
  h *= 0x9E3779B97F4A7C15ull;
  return static_cast<size_t>(h >> 50) & (64 * kAnchorBitWords - 1);
}

}  // namespace

void PatternSet::BuildIndex() {
  for (auto& map : anchor_numbers_) map.clear();
  for (auto& bits : numbered_bits_) bits.assign(kAnchorBitWords, 0);
  anchor_count_ = 0;
  auto number = [&](AnchorKind kind, const std::vector<std::string>& values,
                    std::vector<uint32_t>* ids) {
    for (const std::string& v : values) {
      auto [it, inserted] = anchor_numbers_[kind].try_emplace(v, anchor_count_);
      if (inserted) {
        ++anchor_count_;
        const size_t bit = AnchorBit(v);
        numbered_bits_[kind][bit >> 6] |= uint64_t{1} << (bit & 63);
      }
      ids->push_back(it->second);
    }
  };
  auto number_all = [&](const PatternAnchors& a, std::vector<uint32_t>* ids) {
    ids->clear();
    number(kKeyAnchor, a.keys, ids);
    number(kTextAnchor, a.texts, ids);
    number(kTagAnchor, a.tags, ids);
    number(kLabelAnchor, a.entity_labels, ids);
  };
  for (TokenPattern& p : patterns_) {
    for (Requirement& r : p.first_->required) number_all(r.anchors, &r.ids);
  }
}

AnchorSet PatternSet::AnchorsIn(const PatternInput& input) const {
  AnchorSet out;
  out.bits_.assign((anchor_count_ + 63) / 64, 0);
  if (input.tokens == nullptr) return out;
  out.has_tokens_ = true;
  if (anchor_count_ == 0) return out;
  auto look = [&](AnchorKind kind, std::string_view value) {
    const size_t bit = AnchorBit(value);
    if (((numbered_bits_[kind][bit >> 6] >> (bit & 63)) & 1) == 0) return;
    auto it = anchor_numbers_[kind].find(value);
    if (it == anchor_numbers_[kind].end()) return;
    out.bits_[it->second >> 6] |= uint64_t{1} << (it->second & 63);
  };
  for (const PatternToken& t : *input.tokens) {
    look(kTextAnchor, t.text);
    if (!t.folded.empty()) look(kKeyAnchor, t.folded);
    if (t.keys != nullptr) {
      for (const std::string& k : *t.keys) look(kKeyAnchor, k);
    }
    if (t.tags != nullptr) {
      for (const std::string& g : *t.tags) look(kTagAnchor, g);
    }
  }
  if (input.entities != nullptr) {
    for (const PatternEntity& e : *input.entities) look(kLabelAnchor, e.label);
  }
  return out;
}

const TokenPattern* PatternSet::Find(std::string_view id) const {
  for (const TokenPattern& p : patterns_) {
    if (p.id() == id) return &p;
  }
  return nullptr;
}

}  // namespace splot::ontology
