// JsonValue: a JSON tree whose every value remembers the line it starts on,
// so that a schema error in a data file can name the file, the line and the
// field ("ontology/types.json:12: field 'source': expected an array of
// strings").  RapidJSON's DOM forgets positions, so the tree is built from
// its SAX reader over a stream that counts lines.
//
// JsonObjectReader is the small schema toolkit the loaders share: typed
// getters that produce located errors and a check for unknown fields.
#ifndef SPLOT_ONTOLOGY_JSON_DOC_H_
#define SPLOT_ONTOLOGY_JSON_DOC_H_

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace splot::ontology {

class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };

  Type type() const { return type_; }
  int line() const { return line_; }  // 1-based line where the value starts

  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // Requires the matching type.
  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  const std::string& as_string() const { return string_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<std::pair<std::string, JsonValue>>& members() const { return members_; }

  // Returns the member named `key` of an object, or nullptr.
  const JsonValue* Find(std::string_view key) const;

  // Returns a short name of a type for error messages ("a string").
  static const char* TypeName(Type type);

 private:
  friend class JsonTreeBuilder;
  Type type_ = Type::kNull;
  int line_ = 0;
  bool bool_ = false;
  double number_ = 0;
  std::string string_;
  std::vector<JsonValue> items_;
  std::vector<std::pair<std::string, JsonValue>> members_;
};

// Parses `text`; `source_name` (usually the file path) prefixes every error,
// which names the line and column of a syntax error.
Result<JsonValue> ParseJson(std::string_view text, std::string_view source_name);

// Reads and parses a file; an unreadable file is an IOError naming its path.
Result<JsonValue> ParseJsonFile(const std::filesystem::path& path);

// Typed access to the fields of one JSON object, with errors of the form
// "<source>:<line>: field '<name>': <problem>".
class JsonObjectReader {
 public:
  // `object` must outlive the reader.  `context` names the object in errors
  // (e.g. "entry 'city:by-minsk'"); it may be empty.
  JsonObjectReader(const JsonValue& object, std::string source, std::string context = "");

  // Returns an InvalidArgument located at `value` that names `field`.
  Status Error(const JsonValue& value, std::string_view field, std::string_view problem) const;

  // Returns the located error for the object itself not being an object.
  Status CheckIsObject(std::string_view what) const;

  // Fails when the object has a member not in `allowed`.
  Status CheckKnownFields(std::initializer_list<std::string_view> allowed) const;

  // Required non-empty string.
  Status RequiredString(std::string_view field, std::string* out) const;
  // Optional string; leaves `out` unchanged when absent.
  Status OptionalString(std::string_view field, std::string* out) const;
  Status OptionalBool(std::string_view field, bool* out) const;
  Status OptionalNumber(std::string_view field, double* out) const;
  // Optional array of non-empty strings; a single string is accepted as a
  // one-element array.
  Status OptionalStringList(std::string_view field, std::vector<std::string>* out) const;
  // Optional object whose values are all strings, kept in file order.
  Status OptionalStringMap(std::string_view field,
                           std::vector<std::pair<std::string, std::string>>* out) const;

  // The member or nullptr.
  const JsonValue* Get(std::string_view field) const { return object_.Find(field); }
  const JsonValue& object() const { return object_; }
  const std::string& source() const { return source_; }

 private:
  const JsonValue& object_;
  std::string source_;
  std::string context_;
};

}  // namespace splot::ontology

#endif  // SPLOT_ONTOLOGY_JSON_DOC_H_
