#include "ingest/relation_rules.h"

#include <algorithm>

#include "ontology/json_doc.h"

namespace splot::ingest {

namespace {

using ontology::JsonObjectReader;
using ontology::JsonValue;

const std::vector<std::string> kRoles = {"a", "b", "jv", "place", "sides", "home", "host"};

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

ontology::PatternLoadOptions PatternOptions() {
  ontology::PatternLoadOptions o;
  o.label_required = false;
  o.attributes = {"countries", "argument", "phase",   "cue",           "arguments",
                  "fill",      "pairing",  "scope",   "source_labels", "target_labels",
                  "yield_to",  "status",   "modality"};
  return o;
}

Status CheckLabels(const JsonObjectReader& r, std::string_view field,
                   const ontology::Ontology& ontology, std::vector<std::string>* out) {
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList(field, out));
  for (const std::string& l : *out) {
    if (ontology.FindLabel(l) == nullptr) {
      return r.Error(*r.Get(field), field, "unknown label '" + l + "'");
    }
  }
  return Status::OK();
}

Status ParseArguments(const JsonValue& list, const JsonObjectReader& r,
                      const ontology::PatternSet& patterns, RelationRule* rule) {
  if (!list.is_array()) return r.Error(list, "arguments", "expected an array of arguments");
  for (const JsonValue& item : list.items()) {
    JsonObjectReader a(item, r.source(), "argument of '" + rule->pattern->id() + "'");
    SPLOT_RETURN_IF_ERROR(a.CheckIsObject("an argument"));
    SPLOT_RETURN_IF_ERROR(
        a.CheckKnownFields({"pattern", "side", "window", "role", "all", "fallback", "note"}));
    RelationArgument arg;
    std::string id, side = "right";
    SPLOT_RETURN_IF_ERROR(a.RequiredString("pattern", &id));
    arg.pattern = patterns.Find(id);
    if (arg.pattern == nullptr || arg.pattern->FindAttribute("argument") == nullptr) {
      return a.Error(*a.Get("pattern"), "pattern", "no argument pattern '" + id + "'");
    }
    SPLOT_RETURN_IF_ERROR(a.OptionalString("side", &side));
    if (side == "left") {
      arg.side = ArgumentSide::kLeft;
    } else if (side == "right") {
      arg.side = ArgumentSide::kRight;
    } else if (side == "any") {
      arg.side = ArgumentSide::kAny;
    } else {
      return a.Error(*a.Get("side"), "side", "expected left, right or any");
    }
    double window = arg.window;
    SPLOT_RETURN_IF_ERROR(a.OptionalNumber("window", &window));
    if (window < 0 || window > 64) return a.Error(*a.Get("window"), "window", "expected 0..64");
    arg.window = static_cast<int>(window);
    SPLOT_RETURN_IF_ERROR(a.OptionalString("role", &arg.role));
    if (!arg.role.empty() && !Contains(kRoles, arg.role)) {
      return a.Error(*a.Get("role"), "role", "unknown role '" + arg.role + "'");
    }
    SPLOT_RETURN_IF_ERROR(a.OptionalBool("all", &arg.all));
    SPLOT_RETURN_IF_ERROR(a.OptionalBool("fallback", &arg.fallback));
    rule->arguments.push_back(std::move(arg));
  }
  return Status::OK();
}

Status ParseRule(const ontology::TokenPattern& p, const ontology::PatternSet& patterns,
                 const ontology::Ontology& ontology, const NameFolder& folder, RelationRule* rule) {
  // Errors name the pattern's file and the line of the offending attribute.
  auto error = [&](std::string_view field, const std::string& problem) {
    const JsonValue* v = p.FindAttribute(field);
    return Status::InvalidArgument(p.file() + ":" + std::to_string(v ? v->line() : p.line()) +
                                   ": pattern '" + p.id() + "': field '" + std::string(field) +
                                   "': " + problem);
  };
  rule->pattern = &p;
  rule->type = p.label();
  rule->edge = ontology.FindEdgeType(rule->type);
  if (rule->edge == nullptr) return error("label", "'" + rule->type + "' is not an edge type");
  if (const JsonValue* v = p.FindAttribute("phase")) {
    if (!v->is_number() || v->as_number() < 0) return error("phase", "expected a number >= 0");
    rule->phase = static_cast<int>(v->as_number());
  }
  auto string_list = [&](std::string_view field, std::vector<std::string>* out) -> Status {
    const JsonValue* v = p.FindAttribute(field);
    if (v == nullptr) return Status::OK();
    if (!v->is_array()) return error(field, "expected an array of strings");
    for (const JsonValue& s : v->items()) {
      if (!s.is_string()) return error(field, "expected an array of strings");
      out->push_back(s.as_string());
    }
    return Status::OK();
  };
  std::vector<std::string> cues;
  SPLOT_RETURN_IF_ERROR(string_list("cue", &cues));
  for (const std::string& c : cues) {
    std::string f = folder.Fold(c);
    if (f.empty()) return error("cue", "'" + c + "' has no letters");
    rule->cues.push_back(std::move(f));
  }
  if (const JsonValue* v = p.FindAttribute("arguments")) {
    JsonObjectReader ar(*v, p.file(), "pattern '" + p.id() + "'");
    SPLOT_RETURN_IF_ERROR(ParseArguments(*v, ar, patterns, rule));
  }
  if (const JsonValue* v = p.FindAttribute("fill")) {
    if (!v->is_object()) return error("fill", "expected an object of role: [strategy, ...]");
    for (const auto& [role, list] : v->members()) {
      if (!Contains(kRoles, role)) return error("fill", "unknown role '" + role + "'");
      if (!list.is_array()) return error("fill", "expected a list of strategies for " + role);
      for (const JsonValue& s : list.items()) {
        if (!s.is_string() || !Contains(FillStrategies(), s.as_string())) {
          return error("fill", "unknown strategy " +
                                   (s.is_string() ? "'" + s.as_string() + "'" : "(not a string)"));
        }
        rule->fill[role].push_back(s.as_string());
      }
    }
  }
  std::string pairing = p.Attribute("pairing");
  if (!pairing.empty() && pairing != "cross" && pairing != "sides" && pairing != "respective") {
    return error("pairing", "expected cross, sides or respective");
  }
  rule->sides = pairing == "sides";
  rule->respective = pairing == "respective";
  for (auto [field, out] : {std::pair{"source_labels", &rule->source_labels},
                            std::pair{"target_labels", &rule->target_labels}}) {
    SPLOT_RETURN_IF_ERROR(string_list(field, out));
    for (const std::string& l : *out) {
      if (ontology.FindLabel(l) == nullptr) return error(field, "unknown label '" + l + "'");
    }
  }
  SPLOT_RETURN_IF_ERROR(string_list("yield_to", &rule->yield_to));
  for (const std::string& t : rule->yield_to) {
    if (ontology.FindEdgeType(t) == nullptr) return error("yield_to", "unknown edge type " + t);
  }
  std::string scope = p.Attribute("scope");
  if (!scope.empty() && scope != "inside" && scope != "sentence") {
    return error("scope", "expected inside or sentence");
  }
  rule->inside = scope == "inside";
  rule->countries = p.Attribute("countries");
  if (!rule->countries.empty() && rule->countries != "same" && rule->countries != "different" &&
      rule->countries != "any") {
    return error("countries", "expected same, different or any");
  }
  rule->status = p.Attribute("status");
  if (!rule->status.empty() && rule->status != "existing" && rule->status != "planned") {
    return error("status", "expected existing or planned");
  }
  if (const JsonValue* v = p.FindAttribute("modality")) {
    if (!v->is_bool()) return error("modality", "expected true or false");
    rule->modality = v->as_bool();
  }
  return Status::OK();
}

}  // namespace

const std::vector<std::string>& FillStrategies() {
  static const std::vector<std::string> kStrategies = {
      "home",               // the home country (Belarus)
      "chapter",            // the country the chapter is about
      "host",               // the country of the place named, else the chapter's
      "topic",              // the subject of the previous sentence
      "topic_body",         // that subject when an enterprise, for a frame naming a place
      "topic_org",          // that subject when an enterprise, university or institute
      "subject",            // the first name of the sentence that is not after a preposition
      "event",              // the event the text is describing
      "recent_event",       // the event named in this sentence or the few before it
      "container",          // the name the trigger stands in
      "nested",             // names nested in the joint venture's name
      "person_country",     // the country of the person at end a
      "previous",           // end a of the sentence's previous relation of the same type
      "antecedent_places",  // the places of the pair last related (both ends)
      "co_parties",         // the named parties of the sentence's symmetric relations found so far
      "group_place",        // the place of the group of bodies the sentence before named
      "group_owner",        // the body owning the group of bodies the sentence before named
      "recent_host",        // the foreign country of the last relation of the type
      "regions_country",    // the country whose regions the sentence before spoke of
      "own_country",        // the country of end a
      "other_side",  // the home country, or the chapter's when the named parties are all home
      "place",       // the place named in the sentence
  };
  return kStrategies;
}

Result<RelationRules> RelationRules::Load(const std::filesystem::path& ontology_dir,
                                          const ontology::Ontology& ontology,
                                          const NameFolder& folder) {
  RelationRules rules;
  SPLOT_ASSIGN_OR_RETURN(
      rules.patterns_, ontology::PatternSet::LoadFile(ontology_dir / "patterns" / "relations.json",
                                                      ontology, folder, PatternOptions()));
  std::filesystem::path settings_path = ontology_dir / "patterns" / "relation_settings.json";
  SPLOT_ASSIGN_OR_RETURN(JsonValue settings, ontology::ParseJsonFile(settings_path));
  SPLOT_ASSIGN_OR_RETURN(rules.expressions_,
                         ExpressionRules::Load(ontology_dir / "expressions", folder));
  SPLOT_RETURN_IF_ERROR(rules.Build(settings, settings_path.string(), ontology, folder));
  return rules;
}

Result<RelationRules> RelationRules::Parse(std::string_view patterns_json,
                                           std::string_view settings_json,
                                           const std::filesystem::path& expressions_dir,
                                           const ontology::Ontology& ontology,
                                           const NameFolder& folder) {
  RelationRules rules;
  SPLOT_ASSIGN_OR_RETURN(
      rules.patterns_,
      ontology::PatternSet::Parse(patterns_json, "relations", ontology, folder, PatternOptions()));
  SPLOT_ASSIGN_OR_RETURN(JsonValue settings, ontology::ParseJson(settings_json, "settings"));
  SPLOT_ASSIGN_OR_RETURN(rules.expressions_, ExpressionRules::Load(expressions_dir, folder));
  SPLOT_RETURN_IF_ERROR(rules.Build(settings, "settings", ontology, folder));
  return rules;
}

Status RelationRules::Build(const JsonValue& settings, const std::string& settings_name,
                            const ontology::Ontology& ontology, const NameFolder& folder) {
  for (const ontology::TokenPattern& p : patterns_.patterns()) {
    const JsonValue* arg = p.FindAttribute("argument");
    if (arg != nullptr) {
      if (!arg->is_bool()) {
        return Status::InvalidArgument(p.file() + ":" + std::to_string(arg->line()) +
                                       ": pattern '" + p.id() +
                                       "': field 'argument': expected true or false");
      }
      if (arg->as_bool()) {
        arguments_.push_back(&p);
        if (p.id() == "arg.origin") origin_pattern_ = &p;
        continue;
      }
    }
    if (p.label().empty()) {
      return Status::InvalidArgument(p.file() + ":" + std::to_string(p.line()) + ": pattern '" +
                                     p.id() +
                                     "': field 'label': a relation rule names its edge type");
    }
    RelationRule rule;
    SPLOT_RETURN_IF_ERROR(ParseRule(p, patterns_, ontology, folder, &rule));
    rules_.push_back(std::move(rule));
  }
  std::stable_sort(rules_.begin(), rules_.end(),
                   [](const RelationRule& a, const RelationRule& b) { return a.phase < b.phase; });
  for (size_t i = 0; i < rules_.size(); ++i) {
    for (const std::string& cue : rules_[i].cues) {
      std::vector<size_t>& cued = cue_index_[cue];
      if (cued.empty() || cued.back() != i) cued.push_back(i);
    }
  }

  JsonObjectReader r(settings, settings_name, "relation settings");
  SPLOT_RETURN_IF_ERROR(r.CheckIsObject("relation settings"));
  SPLOT_RETURN_IF_ERROR(r.CheckKnownFields(
      {"description",       "home_country",        "boundaries",         "prepositions",
       "adverbials",        "topic_labels",        "group_nouns",        "topic_memory",
       "event_memory",      "recent_event_memory", "date_memory",        "pair_memory",
       "antecedent_memory", "fill_confidence",     "same_country_types", "cross_border_types",
       "amount_types",      "quantity_types",      "keep_negated",       "pair_nouns",
       "named_end_types",   "country_peer_types",  "state_sides",        "center_as_region_types",
       "list_conjunctions", "event_nouns",         "owner_nouns",        "region_group_nouns",
       "retractable_types"}));
  RelationSettings& s = settings_;
  SPLOT_RETURN_IF_ERROR(r.OptionalString("home_country", &s.home_country));
  std::vector<std::string> words;
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("boundaries", &words));
  for (const std::string& w : words) {
    std::string f = folder.Fold(w);
    s.boundaries.push_back(f.empty() ? w : f);
  }
  // Word lists compared with folded words.
  for (auto [field, out] :
       {std::pair{"prepositions", &s.prepositions}, std::pair{"group_nouns", &s.group_nouns},
        std::pair{"state_sides", &s.state_sides},
        std::pair{"list_conjunctions", &s.list_conjunctions},
        std::pair{"event_nouns", &s.event_nouns}, std::pair{"owner_nouns", &s.owner_nouns},
        std::pair{"region_group_nouns", &s.region_group_nouns}}) {
    words.clear();
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList(field, &words));
    for (const std::string& w : words) out->push_back(folder.Fold(w));
  }
  words.clear();
  SPLOT_RETURN_IF_ERROR(r.OptionalStringList("adverbials", &words));
  for (const std::string& w : words) {
    std::vector<std::string> phrase = folder.FoldTokens(w);
    if (phrase.empty()) return r.Error(*r.Get("adverbials"), "adverbials", "empty phrase");
    s.adverbials.push_back(std::move(phrase));
  }
  SPLOT_RETURN_IF_ERROR(CheckLabels(r, "topic_labels", ontology, &s.topic_labels));
  double n = 0;
  for (auto [field, out] :
       {std::pair{"topic_memory", &s.topic_memory}, std::pair{"event_memory", &s.event_memory},
        std::pair{"recent_event_memory", &s.recent_event_memory},
        std::pair{"date_memory", &s.date_memory}, std::pair{"pair_memory", &s.pair_memory},
        std::pair{"antecedent_memory", &s.antecedent_memory}}) {
    n = *out;
    SPLOT_RETURN_IF_ERROR(r.OptionalNumber(field, &n));
    if (n < 0) return r.Error(*r.Get(field), field, "expected a number >= 0");
    *out = static_cast<int>(n);
  }
  SPLOT_RETURN_IF_ERROR(r.OptionalNumber("fill_confidence", &s.fill_confidence));
  if (s.fill_confidence <= 0 || s.fill_confidence > 1) {
    return r.Error(*r.Get("fill_confidence"), "fill_confidence", "must be in (0, 1]");
  }
  for (auto [field, out] : {std::pair{"same_country_types", &s.same_country_types},
                            std::pair{"cross_border_types", &s.cross_border_types},
                            std::pair{"amount_types", &s.amount_types},
                            std::pair{"named_end_types", &s.named_end_types},
                            std::pair{"country_peer_types", &s.country_peer_types},
                            std::pair{"center_as_region_types", &s.center_as_region_types},
                            std::pair{"quantity_types", &s.quantity_types},
                            std::pair{"retractable_types", &s.retractable_types}}) {
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList(field, out));
    for (const std::string& t : *out) {
      if (ontology.FindEdgeType(t) == nullptr) {
        return r.Error(*r.Get(field), field, "unknown edge type " + t);
      }
    }
  }
  SPLOT_RETURN_IF_ERROR(r.OptionalBool("keep_negated", &s.keep_negated));
  if (const JsonValue* nouns = r.Get("pair_nouns")) {
    if (!nouns->is_object()) return r.Error(*nouns, "pair_nouns", "expected an object");
    for (const auto& [stem, labels] : nouns->members()) {
      std::vector<std::string> list;
      if (!labels.is_array()) {
        return r.Error(labels, "pair_nouns", "'" + stem + "': expected a list of labels");
      }
      for (const JsonValue& l : labels.items()) {
        if (!l.is_string() || ontology.FindLabel(l.as_string()) == nullptr) {
          return r.Error(l, "pair_nouns", "'" + stem + "': expected labels of the ontology");
        }
        list.push_back(l.as_string());
      }
      s.pair_nouns.emplace_back(folder.Fold(stem), std::move(list));
    }
  }
  return Status::OK();
}

}  // namespace splot::ingest
