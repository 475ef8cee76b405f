// Relation rules: the patterns and settings relation extraction runs on,
// loaded from ontology/patterns/relations.json and
// ontology/patterns/relation_settings.json and checked against the
// ontology.
//
// A relation rule is a token pattern (ontology/token_pattern.h) that finds a
// trigger ("podpisały umowę", "spółka joint venture", "miasta partnerskie")
// and names, with captures, what it already holds: the trigger itself, the
// parties, a title, the goods.  Further parties come from argument patterns
// ("z X", "między X a Y", the list of names before a verb) that the rule
// looks for within a window of tokens left or right of its trigger, without
// crossing a clause boundary.  Parties a sentence leaves unnamed are filled
// from the context by named strategies (the document's home country, the
// chapter's country, the topic of the previous sentence, the event being
// described...).  Every rule belongs to a phase; phases run in order and a
// rule may yield to the relations earlier phases found.
//
// The pattern file holds two kinds of pattern: relation rules, whose
// "label" is an edge type of the ontology, and argument patterns, which
// carry "argument": true and no label.  Attributes of a relation rule:
//   "phase": 1                 order of application (default 1)
//   "cue": ["podpisać", ...]   lemmas; the rule is only tried on sentences
//                              holding one of them (a fast filter)
//   "arguments": [{"pattern": "arg.with", "side": "right", "window": 8,
//                  "role": "b", "all": true}, ...]
//                              side: left | right | any; role: the role the
//                              capture "arg" of the argument fills (other
//                              captures name their roles themselves); all:
//                              every match in the window, not the nearest;
//                              "fallback": true: only when the arguments
//                              before it left the role empty
//   "fill": {"a": ["topic", "home"], "b": ["chapter"]}
//                              strategies for a role the text left empty
//   "pairing": "cross" | "sides" | "respective"
//                              cross: every a with every b (a list of a's
//                              alone relates its members pairwise);
//                              respective: as many a's as b's go in pairs,
//                              in order ("prezydenci Białorusi i Uzbekistanu
//                              A. Łukaszenka i Sz. Mirzijojew"), else cross;
//                              sides:
//                              the parties are split into the home side
//                              (Belarus) and the partner side, each filled
//                              by the "home" and "host" strategies
//   "source_labels", "target_labels": labels allowed at each end, narrower
//                              than the ontology's
//   "yield_to": ["SIGNED_AGREEMENT"]
//                              no fact when its trigger lies inside a match
//                              of these types or its pair is already related
//                              by them in the sentence
//   "scope": "inside"          the pattern runs inside each name over the
//                              names nested in it; the name is "container"
//   "status": "planned"        the status when no cue in the text decides
//   "modality": false          plan cues do not apply (denials still do)
//   "countries": "same"        the ends' known countries must agree
//                              ("different": must differ; "any")
// Roles (capture names): a, b (the two ends: source and target of a
// directed type), jv (the joint venture company), place, sides (words such
// as "strony" standing for the document's two countries), trigger, title,
// goods, pair ("strony", "oba przedsiębiorstwa": the two parties last
// related, else the countries), generic (a word such as "innych" before the
// trigger: it names no particular one, and the match states nothing), origin (a place after a name
// in a list, "Amkodor z Mińska", which is then no party).
#ifndef SPLOT_INGEST_RELATION_RULES_H_
#define SPLOT_INGEST_RELATION_RULES_H_

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fold.h"
#include "base/result.h"
#include "ingest/expressions.h"
#include "ontology/ontology.h"
#include "ontology/token_pattern.h"

namespace splot::ingest {

enum class ArgumentSide { kLeft, kRight, kAny };

// Where a rule looks for one of its arguments.
struct RelationArgument {
  const ontology::TokenPattern* pattern = nullptr;
  ArgumentSide side = ArgumentSide::kRight;
  int window = 8;    // tokens allowed between the trigger and the argument
  std::string role;  // role of the capture "arg"; "" when the captures name roles
  bool all = false;  // take every match in the window, not only the nearest
  // Only looked for when an earlier argument left its role empty.
  bool fallback = false;
};

struct RelationRule {
  const ontology::TokenPattern* pattern = nullptr;
  std::string type;  // edge type
  const ontology::EdgeTypeDef* edge = nullptr;
  int phase = 1;
  std::vector<std::string> cues;  // folded lemmas
  std::vector<RelationArgument> arguments;
  std::map<std::string, std::vector<std::string>> fill;   // role → strategies
  bool sides = false;                                     // "pairing": "sides"
  bool respective = false;                                // "pairing": "respective"
  std::vector<std::string> source_labels, target_labels;  // empty: as the ontology allows
  std::vector<std::string> yield_to;
  bool inside = false;
  std::string status;  // default status, "" for existing
  // Whether cues of a plan ("planują", "omówiły") make the fact planned;
  // false where the trigger states a fact whatever is planned ("strony
  // omówiły ..." at a session: the sides were there).  Denials always apply.
  bool modality = true;
  // "same", "different" or "any": whether the two ends' countries (where
  // known) must agree; "" for the settings' default of the edge type.
  std::string countries;
};

// Knobs of extraction that are not patterns.
struct RelationSettings {
  // The country every document of the corpus is about (the home side).
  std::string home_country = "country:by";
  // Folded tokens that end a clause: arguments are not looked for across
  // them.
  std::vector<std::string> boundaries;
  // Folded prepositions: a name right after one is not a subject.
  std::vector<std::string> prepositions;
  // Set phrases that open a sentence without being a prepositional phrase
  // ("w szczególności", "na przykład"), folded word by word.
  std::vector<std::vector<std::string>> adverbials;
  // Labels that can be the topic a later sentence refers back to.
  std::vector<std::string> topic_labels;
  // Folded word beginnings of nouns naming a group of bodies
  // ("przedsiebiorstw", "podmiot"): such a noun before a place
  // ("przedsiębiorstwa obwodu homelskiego") makes it the place of the
  // group the next sentence may list ("Wśród nich są ...").
  std::vector<std::string> group_nouns;
  // Folded words that join names in a list ("i", "oraz"): a sentence of
  // nothing but names, these words and punctuation goes on with a list
  // that ran to the end of the sentence before it.
  std::vector<std::string> list_conjunctions;
  // Folded word beginnings of the nouns that name an event without naming
  // which ("wystaw", "forum"): such a noun refers back to the event being
  // described and keeps it so for another event_memory sentences.
  std::vector<std::string> event_nouns;
  // Folded word beginnings of nouns for a body that owns others
  // ("koncern", "holding"): between a group noun and a body's name
  // ("przedsiębiorstwa koncernu X") they make the body the group's owner.
  std::vector<std::string> owner_nouns;
  // Folded plural forms of nouns for regions ("regiony", "regionach"): next
  // to a country ("regiony Kazachstanu") they make it the country whose
  // regions the next sentence may name ("regions_country").
  std::vector<std::string> region_group_nouns;
  int topic_memory = 1;  // sentences a topic stays available
  int event_memory = 4;  // sentences an event stays the one being described
  // Sentences after its naming within which an event is "recent": the
  // parties a sentence mentions only as "strony" took part in it.
  int recent_event_memory = 1;
  int date_memory = 2;  // sentences the last explicit date applies to
  int pair_memory = 8;  // sentences the places of the last related pair stay available
  // Sentences within which "strony" means the two parties last related
  // rather than the document's two countries.
  int antecedent_memory = 2;
  // Folded word beginnings of the nouns of "oba przedsiębiorstwa", "obu
  // regionów" with the labels the two they stand for carry; "strony" and
  // other nouns not listed may stand for any two parties.
  std::vector<std::pair<std::string, std::vector<std::string>>> pair_nouns;
  // Confidence factor of a fact one of whose ends was filled from context.
  double fill_confidence = 0.8;
  // Edge types whose ends must share their country, and edge types whose
  // ends must not, where both countries are known.
  std::vector<std::string> same_country_types, cross_border_types;
  // Edge types whose facts need an end the sentence names (or a pair it
  // refers back to): both ends guessed from the context state nothing.
  std::vector<std::string> named_end_types;
  // Edge types a later clause saying the document was never signed denies
  // (status.json "retracted"); a place's location stays stated.
  std::vector<std::string> retractable_types;
  // Edge types in which a country is a party only with another country: a
  // body that signs with "uzbeccy partnerzy" signs with someone the text
  // does not name, not with the state.  Unless the country is named as a
  // side of the state ("strona uzbecka"): folded word beginnings.
  std::vector<std::string> country_peer_types;
  // Edge types whose source, a city that is a region's centre, stands for
  // the region ("eksport Homla do regionu Fergany").
  std::vector<std::string> center_as_region_types;
  std::vector<std::string> state_sides;
  // Edge types that take an amount from their sentence: a sum of money;
  // for quantity_types also a quantity ("4,5 mln ton") when no sum is
  // stated, its unit standing in the currency field.
  std::vector<std::string> amount_types;
  std::vector<std::string> quantity_types;
  // Whether negated facts are kept (with status "negated").
  bool keep_negated = false;
};

class RelationRules {
 public:
  RelationRules() = default;
  RelationRules(RelationRules&&) = default;
  RelationRules& operator=(RelationRules&&) = default;

  // Loads <ontology_dir>/patterns/relations.json,
  // <ontology_dir>/patterns/relation_settings.json and the expression
  // rules of <ontology_dir>/expressions.  Errors name the file, line and
  // field: unknown edge types, unknown argument patterns, bad sides, roles
  // or strategies.
  static Result<RelationRules> Load(const std::filesystem::path& ontology_dir,
                                    const ontology::Ontology& ontology, const NameFolder& folder);

  // Builds the rules from JSON texts (for tests); `expressions_dir` holds
  // dates.json, amounts.json and status.json.
  static Result<RelationRules> Parse(std::string_view patterns_json, std::string_view settings_json,
                                     const std::filesystem::path& expressions_dir,
                                     const ontology::Ontology& ontology, const NameFolder& folder);

  // Relation rules in the order they apply (phase, then file order).
  const std::vector<RelationRule>& rules() const { return rules_; }
  // For each cue lemma, the indexes in rules() of the rules it cues: a
  // sentence needs to try only the rules its lemmas cue (and those with no
  // cues).
  const std::unordered_map<std::string, std::vector<size_t>>& cue_index() const {
    return cue_index_;
  }
  // Every pattern: the relation rules' and the argument patterns.
  const ontology::PatternSet& patterns() const { return patterns_; }
  // Argument patterns, in file order.
  const std::vector<const ontology::TokenPattern*>& arguments() const { return arguments_; }
  // The argument pattern "arg.origin", which finds the places bodies come
  // from ("holding Amkodor z Mińska"), or nullptr.
  const ontology::TokenPattern* origin_pattern() const { return origin_pattern_; }
  const RelationSettings& settings() const { return settings_; }
  const ExpressionRules& expressions() const { return expressions_; }

 private:
  Status Build(const ontology::JsonValue& settings, const std::string& settings_name,
               const ontology::Ontology& ontology, const NameFolder& folder);

  ontology::PatternSet patterns_;
  std::vector<RelationRule> rules_;
  std::unordered_map<std::string, std::vector<size_t>> cue_index_;
  std::vector<const ontology::TokenPattern*> arguments_;
  const ontology::TokenPattern* origin_pattern_ = nullptr;
  RelationSettings settings_;
  ExpressionRules expressions_;
};

// The fill strategies a rule may name.
const std::vector<std::string>& FillStrategies();

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_RELATION_RULES_H_
