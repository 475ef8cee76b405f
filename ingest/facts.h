// The values extraction hands to the graph writer: documents, cited sources,
// resolved entities and relations, each with its provenance.  Plain data:
// nothing here knows how the graph stores it.
#ifndef SPLOT_INGEST_FACTS_H_
#define SPLOT_INGEST_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace splot::ingest {

// A footnote citation: the source a statement rests on.
struct Citation {
  int marker = 0;     // footnote number in the document
  std::string title;  // as printed, repaired
  std::string year;   // "2018", or "" when not given
  std::string url;    // reassembled, or ""
};

// What the registry knows about an ingested file.
struct DocumentInfo {
  std::string id;           // stable document id: the SHA-256 of the content, hex
  std::string path;         // as given by the user
  std::string title;        // first heading or file name
  std::string sha256;       // hex
  uint64_t size = 0;        // bytes
  std::string encoding;     // detected or forced, e.g. "UTF-8", "windows-1250"
  std::string ingested_at;  // ISO-8601 UTC
};

// One resolved entity as mentioned in one document.
struct EntityFact {
  std::string key;    // canonical key, stable across documents, e.g. "region:by-grodno"
  std::string label;  // ontology node label, e.g. "Region"
  std::string name;   // canonical name (Polish)
  std::string name_en;
  std::string name_ru;
  std::vector<std::string> aliases;  // surface forms seen in this document
  std::string country;               // canonical key of the entity's country, or ""
  std::vector<int> lines;            // 1-based source lines of the mentions
  double confidence = 1.0;
  std::string parent;  // canonical key of the containing entity (gazetteer), or ""
};

// One relation stated in one sentence.
struct RelationFact {
  std::string type;        // ontology edge type, e.g. "SIGNED_AGREEMENT"
  std::string source_key;  // EntityFact::key of the source end
  std::string target_key;  // EntityFact::key of the target end
  std::string agreement;   // shared id of a multi-party agreement's pairwise edges, or ""
  std::string title;       // agreement title when stated, or ""
  std::string date;        // YYYY, YYYY-MM or YYYY-MM-DD, or ""
  std::string status;      // "existing", "planned" or "negated"
  std::optional<double> amount;
  std::string currency;  // ISO code or unit ("EUR", "USD", "t"), or ""
  std::string goods;     // for SUPPLIES, or ""
  std::string evidence;  // the sentence
  int line = 0;          // line where the sentence starts
  std::string rule;      // id of the pattern that fired
  double confidence = 1.0;
  std::optional<Citation> source;
};

// Everything one document contributes to the graph.
struct DocumentFacts {
  DocumentInfo document;
  std::vector<Citation> citations;
  std::vector<EntityFact> entities;
  std::vector<RelationFact> relations;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_FACTS_H_
