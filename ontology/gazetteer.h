// Gazetteer: the canonical entities of the domain, written as data in
// ontology/gazetteer/*.json, plus any files a user adds at run time
// (`--gazetteer my.json`).
//
// A file is {"entries": [ ... ]}; an entry is
//   {"key": "city:uz-tashkent", "label": "City", "name": "Taszkent",
//    "name_en": "Tashkent", "name_ru": "Ташкент", "country": "country:uz",
//    "parent": "region:uz-tashkent-city",
//    "aliases": ["Taszkient", "Tashkent", "Toshkent"],
//    "adjectives": ["taszkencki"], "inflect": {"Taszkient": "Taszkent"}}
// Keys are "<prefix>:<slug>" with the prefix fixed by the label (country,
// region, city, gov, org, ent, uni, sci, fez, person, event); they are the
// stable canonical keys of the graph.  "aliases" are surface variants
// (acronyms, transliterations, spellings texts use); inflected forms need
// not be listed, morphology finds them.  "adjectives" are the lemmas of
// adjectives that denote the entity (białoruski → Belarus; witebski in
// "obwody witebski i namangański" → Vitebsk Region).  "inflect" teaches the
// morphology a name with a model word.  "center" names a region's or a
// country's capital (so "region Namangan" and "stolica Uzbekistanu" can
// resolve), "context_aliases" are aliases that
// apply only where the text is about the entry's country (a chapter on
// Uzbekistan: "komisja międzyrządowa" is the Belarus-Uzbekistan one).
//
// Every problem is reported with file, line and field.
#ifndef SPLOT_ONTOLOGY_GAZETTEER_H_
#define SPLOT_ONTOLOGY_GAZETTEER_H_

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "ontology/ontology.h"

namespace splot::ontology {

struct GazetteerEntry {
  std::string key;
  std::string label;
  std::string name;     // canonical Polish name, nominative
  std::string name_en;  // English
  std::string name_ru;  // Russian, Cyrillic
  std::string country;  // key of the entity's country ("" for a Country or international body)
  std::string parent;   // key of the containing entity, or ""
  std::string center;   // for a Region or a Country: key of its capital City, or ""
  std::vector<std::string> aliases;
  std::vector<std::string> context_aliases;
  std::vector<std::string> adjectives;
  std::vector<std::pair<std::string, std::string>> inflect;  // word → model word
  std::string file;                                          // where the entry was defined
  int line = 0;

  // The name, then the aliases, then name_en and name_ru: every surface
  // form that always denotes this entry.
  std::vector<std::string> AllNames() const;
};

class Gazetteer {
 public:
  // Returns the key prefix a label requires ("City" → "city"), or "".
  static std::string_view KeyPrefix(std::string_view label);

  // Reads one file and adds its entries.  Entry labels are checked against
  // `ontology`; a key defined twice (in this or an earlier file) is an
  // error naming both places.  References between entries are checked by
  // Validate(), once every file is in.
  Status AddFile(const std::filesystem::path& path, const Ontology& ontology);

  // Parses JSON text as if it were a file named `source_name`.
  Status AddJson(std::string_view json, std::string_view source_name, const Ontology& ontology);

  // Adds every *.json file of `dir` in name order.
  Status AddDirectory(const std::filesystem::path& dir, const Ontology& ontology);

  // Checks the references: "country" names a Country, "parent" an entry,
  // "center" a City, and no entry is its own ancestor.
  Status Validate() const;

  // Returns the entry or nullptr.
  const GazetteerEntry* Find(std::string_view key) const;

  // Returns the Region whose "center" is the city `city_key`, or nullptr.
  const GazetteerEntry* RegionWithCenter(std::string_view city_key) const;

  const std::vector<GazetteerEntry>& entries() const { return entries_; }

  // The default folder of a source tree: <root>/ontology/gazetteer.
  static std::filesystem::path DefaultDirectory(const std::filesystem::path& root);

 private:
  Status AddParsed(const JsonValue& doc, const std::string& source, const Ontology& ontology);

  std::vector<GazetteerEntry> entries_;
  std::map<std::string, size_t, std::less<>> by_key_;
  std::map<std::string, size_t, std::less<>> region_by_center_;  // city key → Region index
};

}  // namespace splot::ontology

#endif  // SPLOT_ONTOLOGY_GAZETTEER_H_
