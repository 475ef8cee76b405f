#include "ontology/ontology.h"

#include <algorithm>
#include <cctype>

#include "ontology/json_doc.h"

namespace splot::ontology {

namespace {

bool IsLabelName(std::string_view s) {
  if (s.empty() || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

bool IsEdgeTypeName(std::string_view s) {
  if (s.empty() || !std::isupper(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isupper(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool Contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

std::filesystem::path Ontology::DefaultPath(const std::filesystem::path& root) {
  return root / "ontology" / "types.json";
}

Result<Ontology> Ontology::LoadFile(const std::filesystem::path& path) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJsonFile(path));
  return FromJson(doc, path.string());
}

Result<Ontology> Ontology::Parse(std::string_view json, std::string_view source_name) {
  SPLOT_ASSIGN_OR_RETURN(JsonValue doc, ParseJson(json, source_name));
  return FromJson(doc, std::string(source_name));
}

Result<Ontology> Ontology::FromJson(const JsonValue& doc, const std::string& source) {
  Ontology ontology;
  JsonObjectReader top(doc, source);
  SPLOT_RETURN_IF_ERROR(top.CheckIsObject("the types file"));
  SPLOT_RETURN_IF_ERROR(top.CheckKnownFields({"labels", "edge_types", "description"}));

  const JsonValue* labels = top.Get("labels");
  if (labels == nullptr || !labels->is_array() || labels->items().empty()) {
    return top.Error(labels ? *labels : doc, "labels",
                     "expected a non-empty array of label objects");
  }
  for (const JsonValue& item : labels->items()) {
    JsonObjectReader r(item, source);
    SPLOT_RETURN_IF_ERROR(r.CheckIsObject("a label"));
    SPLOT_RETURN_IF_ERROR(r.CheckKnownFields({"name", "description", "entity"}));
    LabelDef def;
    def.line = item.line();
    SPLOT_RETURN_IF_ERROR(r.RequiredString("name", &def.name));
    if (!IsLabelName(def.name)) {
      return r.Error(*r.Get("name"), "name",
                     "'" + def.name + "' is not a label name (CamelCase letters)");
    }
    if (ontology.FindLabel(def.name) != nullptr) {
      return r.Error(*r.Get("name"), "name", "label '" + def.name + "' is defined twice");
    }
    SPLOT_RETURN_IF_ERROR(r.RequiredString("description", &def.description));
    SPLOT_RETURN_IF_ERROR(r.OptionalBool("entity", &def.entity));
    ontology.labels_.push_back(std::move(def));
  }

  const JsonValue* edges = top.Get("edge_types");
  if (edges == nullptr || !edges->is_array() || edges->items().empty()) {
    return top.Error(edges ? *edges : doc, "edge_types",
                     "expected a non-empty array of edge type objects");
  }
  for (const JsonValue& item : edges->items()) {
    JsonObjectReader r(item, source);
    SPLOT_RETURN_IF_ERROR(r.CheckIsObject("an edge type"));
    SPLOT_RETURN_IF_ERROR(
        r.CheckKnownFields({"name", "description", "source", "target", "symmetric"}));
    EdgeTypeDef def;
    def.line = item.line();
    SPLOT_RETURN_IF_ERROR(r.RequiredString("name", &def.name));
    if (!IsEdgeTypeName(def.name)) {
      return r.Error(*r.Get("name"), "name",
                     "'" + def.name + "' is not an edge type name (UPPER_SNAKE_CASE)");
    }
    if (ontology.FindEdgeType(def.name) != nullptr) {
      return r.Error(*r.Get("name"), "name", "edge type '" + def.name + "' is defined twice");
    }
    SPLOT_RETURN_IF_ERROR(r.RequiredString("description", &def.description));
    SPLOT_RETURN_IF_ERROR(r.OptionalBool("symmetric", &def.symmetric));
    for (auto [field, out] :
         {std::pair<const char*, std::vector<std::string>*>{"source", &def.source_labels},
          {"target", &def.target_labels}}) {
      const JsonValue* v = r.Get(field);
      if (v == nullptr) return r.Error(item, field, "missing (an array of labels is required)");
      SPLOT_RETURN_IF_ERROR(r.OptionalStringList(field, out));
      if (out->empty()) return r.Error(*v, field, "needs at least one label");
      for (const std::string& label : *out) {
        const LabelDef* known = ontology.FindLabel(label);
        if (known == nullptr) return r.Error(*v, field, "unknown label '" + label + "'");
      }
    }
    if (def.symmetric && def.source_labels != def.target_labels) {
      return r.Error(*r.Get("symmetric"), "symmetric",
                     "a symmetric edge type needs the same labels at both ends");
    }
    ontology.edge_types_.push_back(std::move(def));
  }
  return ontology;
}

const LabelDef* Ontology::FindLabel(std::string_view name) const {
  for (const LabelDef& l : labels_) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const EdgeTypeDef* Ontology::FindEdgeType(std::string_view name) const {
  for (const EdgeTypeDef& e : edge_types_) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

bool Ontology::AllowsEdge(std::string_view type, std::string_view source_label,
                          std::string_view target_label) const {
  const EdgeTypeDef* def = FindEdgeType(type);
  if (def == nullptr) return false;
  if (Contains(def->source_labels, source_label) && Contains(def->target_labels, target_label)) {
    return true;
  }
  return def->symmetric && Contains(def->source_labels, target_label) &&
         Contains(def->target_labels, source_label);
}

}  // namespace splot::ontology
