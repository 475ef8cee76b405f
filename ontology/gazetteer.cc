#include "ontology/gazetteer.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "ontology/json_doc.h"

namespace splot::ontology {

namespace {

const std::pair<std::string_view, std::string_view> kPrefixes[] = {
    {"Country", "country"},    {"Region", "region"},         {"City", "city"},
    {"GovernmentBody", "gov"}, {"Organization", "org"},      {"Enterprise", "ent"},
    {"University", "uni"},     {"ResearchInstitute", "sci"}, {"FEZ", "fez"},
    {"Person", "person"},      {"Event", "event"},
};

bool IsSlug(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool HasCyrillic(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    UErrorCode status = U_ZERO_ERROR;
    if (uscript_getScript(c, &status) == USCRIPT_CYRILLIC) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> GazetteerEntry::AllNames() const {
  std::vector<std::string> names;
  auto add = [&](const std::string& n) {
    if (!n.empty() && std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  };
  add(name);
  for (const std::string& a : aliases) add(a);
  add(name_en);
  add(name_ru);
  return names;
}

std::string_view Gazetteer::KeyPrefix(std::string_view label) {
  for (const auto& [l, p] : kPrefixes) {
    if (l == label) return p;
  }
  return "";
}

std::filesystem::path Gazetteer::DefaultDirectory(const std::filesystem::path& root) {
  return root / "ontology" / "gazetteer";
}

Status Gazetteer::AddFile(const std::filesystem::path& path, const Ontology& ontology) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJsonFile(path));
  return AddParsed(doc, path.string(), ontology);
}

Status Gazetteer::AddJson(std::string_view json, std::string_view source_name,
                          const Ontology& ontology) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJson(json, source_name));
  return AddParsed(doc, std::string(source_name), ontology);
}

Status Gazetteer::AddDirectory(const std::filesystem::path& dir, const Ontology& ontology) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("gazetteer directory not found: " + dir.string());
  }
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) return Status::IOError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) SPLOT_RETURN_IF_ERROR(AddFile(f, ontology));
  return Status::OK();
}

Status Gazetteer::AddParsed(const JsonValue& doc, const std::string& source,
                            const Ontology& ontology) {
  JsonObjectReader top(doc, source);
  SPLOT_RETURN_IF_ERROR(top.CheckIsObject("a gazetteer file"));
  SPLOT_RETURN_IF_ERROR(top.CheckKnownFields({"description", "entries"}));
  const JsonValue* entries = top.Get("entries");
  if (entries == nullptr || !entries->is_array()) {
    return top.Error(entries ? *entries : doc, "entries", "expected an array of entries");
  }
  std::vector<GazetteerEntry> added;
  for (const JsonValue& item : entries->items()) {
    JsonObjectReader probe(item, source);
    SPLOT_RETURN_IF_ERROR(probe.CheckIsObject("a gazetteer entry"));
    GazetteerEntry e;
    e.file = source;
    e.line = item.line();
    SPLOT_RETURN_IF_ERROR(probe.RequiredString("key", &e.key));
    JsonObjectReader r(item, source, "entry '" + e.key + "'");
    SPLOT_RETURN_IF_ERROR(r.CheckKnownFields({"key", "label", "name", "name_en", "name_ru",
                                              "country", "parent", "center", "aliases",
                                              "context_aliases", "adjectives", "inflect", "note"}));
    SPLOT_RETURN_IF_ERROR(r.RequiredString("label", &e.label));
    const LabelDef* label = ontology.FindLabel(e.label);
    if (label == nullptr || !label->entity) {
      return r.Error(*r.Get("label"), "label",
                     "'" + e.label + "' is not an entity label of the ontology");
    }
    std::string_view prefix = KeyPrefix(e.label);
    size_t colon = e.key.find(':');
    if (colon == std::string::npos || std::string_view(e.key).substr(0, colon) != prefix ||
        !IsSlug(std::string_view(e.key).substr(colon + 1))) {
      return r.Error(*r.Get("key"), "key",
                     "'" + e.key + "' must look like '" + std::string(prefix) +
                         ":lower-case-slug' for label " + e.label);
    }
    SPLOT_RETURN_IF_ERROR(r.RequiredString("name", &e.name));
    SPLOT_RETURN_IF_ERROR(r.OptionalString("name_en", &e.name_en));
    SPLOT_RETURN_IF_ERROR(r.OptionalString("name_ru", &e.name_ru));
    if (e.name_en.empty())
      return r.Error(item, "name_en", "missing (the English name is required)");
    if (e.label != "Event" && e.label != "Person" && e.name_ru.empty()) {
      return r.Error(item, "name_ru", "missing (the Russian name is required)");
    }
    if (!e.name_ru.empty() && !HasCyrillic(e.name_ru)) {
      return r.Error(*r.Get("name_ru"), "name_ru",
                     "'" + e.name_ru + "' is not written in Cyrillic");
    }
    SPLOT_RETURN_IF_ERROR(r.OptionalString("country", &e.country));
    if (e.country.empty() && e.label != "Country" && e.label != "Organization" &&
        e.label != "Event" && e.label != "Person") {
      return r.Error(item, "country", "missing (the key of the entity's country is required)");
    }
    SPLOT_RETURN_IF_ERROR(r.OptionalString("parent", &e.parent));
    SPLOT_RETURN_IF_ERROR(r.OptionalString("center", &e.center));
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList("aliases", &e.aliases));
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList("context_aliases", &e.context_aliases));
    SPLOT_RETURN_IF_ERROR(r.OptionalStringList("adjectives", &e.adjectives));
    SPLOT_RETURN_IF_ERROR(r.OptionalStringMap("inflect", &e.inflect));
    std::string note;
    SPLOT_RETURN_IF_ERROR(r.OptionalString("note", &note));
    if (!e.context_aliases.empty() && e.country.empty()) {
      return r.Error(*r.Get("context_aliases"), "context_aliases",
                     "needs a 'country' to know which texts they apply to");
    }
    if (!e.center.empty() && e.label != "Region" && e.label != "Country") {
      return r.Error(*r.Get("center"), "center", "only a Region or a Country has a center");
    }
    auto same_file = std::find_if(added.begin(), added.end(),
                                  [&](const GazetteerEntry& x) { return x.key == e.key; });
    if (same_file != added.end()) {
      return r.Error(
          *r.Get("key"), "key",
          "'" + e.key + "' is already defined at line " + std::to_string(same_file->line));
    }
    if (const GazetteerEntry* earlier = Find(e.key)) {
      return r.Error(*r.Get("key"), "key",
                     "'" + e.key + "' is already defined at " + earlier->file + ":" +
                         std::to_string(earlier->line));
    }
    added.push_back(std::move(e));
  }
  for (GazetteerEntry& e : added) {
    by_key_.emplace(e.key, entries_.size());
    if (e.label == "Region" && !e.center.empty())
      region_by_center_.emplace(e.center, entries_.size());
    entries_.push_back(std::move(e));
  }
  return Status::OK();
}

Status Gazetteer::Validate() const {
  auto fail = [](const GazetteerEntry& e, std::string_view field, const std::string& problem) {
    return Status::InvalidArgument(e.file + ":" + std::to_string(e.line) + ": entry '" + e.key +
                                   "': field '" + std::string(field) + "': " + problem);
  };
  for (const GazetteerEntry& e : entries_) {
    if (!e.country.empty()) {
      const GazetteerEntry* c = Find(e.country);
      if (c == nullptr) return fail(e, "country", "unknown key '" + e.country + "'");
      if (c->label != "Country") return fail(e, "country", "'" + e.country + "' is not a Country");
    }
    if (!e.center.empty()) {
      const GazetteerEntry* c = Find(e.center);
      if (c == nullptr) return fail(e, "center", "unknown key '" + e.center + "'");
      if (c->label != "City") return fail(e, "center", "'" + e.center + "' is not a City");
    }
    if (!e.parent.empty()) {
      if (Find(e.parent) == nullptr) return fail(e, "parent", "unknown key '" + e.parent + "'");
      std::set<std::string> seen{e.key};
      for (const GazetteerEntry* p = Find(e.parent); p != nullptr; p = Find(p->parent)) {
        if (!seen.insert(p->key).second) {
          return fail(e, "parent", "the chain of parents loops back through '" + p->key + "'");
        }
        if (p->parent.empty()) break;
      }
    }
  }
  return Status::OK();
}

const GazetteerEntry* Gazetteer::Find(std::string_view key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : &entries_[it->second];
}

const GazetteerEntry* Gazetteer::RegionWithCenter(std::string_view city_key) const {
  auto it = region_by_center_.find(city_key);
  return it == region_by_center_.end() ? nullptr : &entries_[it->second];
}

}  // namespace splot::ontology
