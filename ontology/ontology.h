// Ontology: the node labels and edge types of the graph, loaded from
// ontology/types.json.  Every label and edge type carries a description, and
// every edge type the labels allowed at each end, so that extraction can
// refuse a relation whose endpoints make no sense (a City cannot SUPPLY).
#ifndef SPLOT_ONTOLOGY_ONTOLOGY_H_
#define SPLOT_ONTOLOGY_ONTOLOGY_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace splot::ontology {

class JsonValue;

struct LabelDef {
  std::string name;         // e.g. "Enterprise"
  std::string description;  // one sentence for users and annotators
  bool entity = true;       // false for Document and Source: not found in text
  int line = 0;             // where it is defined
};

struct EdgeTypeDef {
  std::string name;  // e.g. "SIGNED_AGREEMENT"
  std::string description;
  std::vector<std::string> source_labels;  // labels allowed at the source end
  std::vector<std::string> target_labels;  // labels allowed at the target end
  bool symmetric = false;                  // a--b states the same fact as b--a
  int line = 0;
};

class Ontology {
 public:
  // Reads ontology/types.json (or another file of that shape).  Errors name
  // the file, the line and the field.
  static Result<Ontology> LoadFile(const std::filesystem::path& path);

  // Parses the JSON text of a types file; `source_name` prefixes errors.
  static Result<Ontology> Parse(std::string_view json, std::string_view source_name);

  // The default types file of a source tree: <root>/ontology/types.json.
  static std::filesystem::path DefaultPath(const std::filesystem::path& root);

  // Returns the definition or nullptr.
  const LabelDef* FindLabel(std::string_view name) const;
  const EdgeTypeDef* FindEdgeType(std::string_view name) const;

  // True when `type` exists and allows `source_label` → `target_label`
  // (either direction for a symmetric type).
  bool AllowsEdge(std::string_view type, std::string_view source_label,
                  std::string_view target_label) const;

  const std::vector<LabelDef>& labels() const { return labels_; }
  const std::vector<EdgeTypeDef>& edge_types() const { return edge_types_; }

 private:
  static Result<Ontology> FromJson(const JsonValue& doc, const std::string& source);

  std::vector<LabelDef> labels_;
  std::vector<EdgeTypeDef> edge_types_;
};

}  // namespace splot::ontology

#endif  // SPLOT_ONTOLOGY_ONTOLOGY_H_
