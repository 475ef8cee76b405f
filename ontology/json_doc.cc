#include "ontology/json_doc.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <fstream>
#include <sstream>

namespace splot::ontology {

namespace {

// A read-only RapidJSON stream over a NUL-terminated buffer that counts the
// lines it has consumed.
class LineCountingStream {
 public:
  using Ch = char;

  explicit LineCountingStream(const char* begin) : begin_(begin), cursor_(begin) {}

  Ch Peek() const { return *cursor_; }
  Ch Take() {
    Ch c = *cursor_++;
    if (c == '\n') ++line_;
    return c;
  }
  size_t Tell() const { return static_cast<size_t>(cursor_ - begin_); }
  int line() const { return line_; }

  // Write interface required by the concept, never used by the reader.
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  size_t PutEnd(Ch*) { return 0; }

 private:
  const char* begin_;
  const char* cursor_;
  int line_ = 1;
};

}  // namespace

// Builds a JsonValue tree from SAX events, stamping each value with the line
// the stream was on when the value began (for containers) or ended (for
// scalars, which never span lines in the files we read).
class JsonTreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonTreeBuilder> {
 public:
  explicit JsonTreeBuilder(const LineCountingStream& stream) : stream_(stream) {}

  bool Null() { return AddScalar(JsonValue::Type::kNull); }
  bool Bool(bool b) {
    JsonValue& v = Add(JsonValue::Type::kBool);
    v.bool_ = b;
    return true;
  }
  bool Int(int i) { return Number(i); }
  bool Uint(unsigned u) { return Number(u); }
  bool Int64(int64_t i) { return Number(static_cast<double>(i)); }
  bool Uint64(uint64_t u) { return Number(static_cast<double>(u)); }
  bool Double(double d) { return Number(d); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    JsonValue& v = Add(JsonValue::Type::kString);
    v.string_.assign(s, length);
    return true;
  }
  bool StartObject() {
    stack_.push_back(&Add(JsonValue::Type::kObject));
    return true;
  }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    pending_key_.assign(s, length);
    pending_key_line_ = stream_.line();
    has_pending_key_ = true;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }
  bool StartArray() {
    stack_.push_back(&Add(JsonValue::Type::kArray));
    return true;
  }
  bool EndArray(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }

  JsonValue TakeRoot() { return std::move(root_); }

 private:
  bool Number(double d) {
    JsonValue& v = Add(JsonValue::Type::kNumber);
    v.number_ = d;
    return true;
  }
  bool AddScalar(JsonValue::Type type) {
    Add(type);
    return true;
  }

  JsonValue& Add(JsonValue::Type type) {
    JsonValue value;
    value.type_ = type;
    value.line_ = stream_.line();
    if (stack_.empty()) {
      root_ = std::move(value);
      return root_;
    }
    JsonValue* parent = stack_.back();
    if (parent->type_ == JsonValue::Type::kArray) {
      parent->items_.push_back(std::move(value));
      return parent->items_.back();
    }
    // A member value on the line of its key reads best in messages.
    if (has_pending_key_ && type != JsonValue::Type::kObject && type != JsonValue::Type::kArray) {
      value.line_ = pending_key_line_;
    }
    has_pending_key_ = false;
    parent->members_.emplace_back(std::move(pending_key_), std::move(value));
    return parent->members_.back().second;
  }

  const LineCountingStream& stream_;
  JsonValue root_;
  // Pointers into the tree stay valid: a container's children are only
  // appended while it is the innermost open container.
  std::vector<JsonValue*> stack_;
  std::string pending_key_;
  int pending_key_line_ = 0;
  bool has_pending_key_ = false;
};

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members_) {
    if (name == key) return &value;
  }
  return nullptr;
}

const char* JsonValue::TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "a boolean";
    case Type::kNumber:
      return "a number";
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
  }
  return "unknown";
}

Result<JsonValue> ParseJson(std::string_view text, std::string_view source_name) {
  std::string buffer(text);  // the stream needs a terminating NUL
  LineCountingStream stream(buffer.c_str());
  JsonTreeBuilder builder(stream);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok =
      reader.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag>(
          stream, builder);
  if (!ok) {
    size_t offset = ok.Offset();
    int line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < buffer.size(); ++i) {
      if (buffer[i] == '\n') {
        ++line;
        line_start = i + 1;
      }
    }
    std::ostringstream msg;
    msg << source_name << ":" << line << ":" << (offset - line_start + 1)
        << ": JSON syntax error: " << rapidjson::GetParseError_En(ok.Code());
    return Status::InvalidArgument(msg.str());
  }
  // Anything but whitespace after the document is an error too.
  for (size_t i = stream.Tell(); i < buffer.size(); ++i) {
    char c = buffer[i];
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      int line = 1;
      for (size_t j = 0; j < i; ++j) line += buffer[j] == '\n';
      return Status::InvalidArgument(std::string(source_name) + ":" + std::to_string(line) +
                                     ": JSON syntax error: text after the document");
    }
  }
  return builder.TakeRoot();
}

Result<JsonValue> ParseJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return ParseJson(content.str(), path.string());
}

JsonObjectReader::JsonObjectReader(const JsonValue& object, std::string source, std::string context)
    : object_(object), source_(std::move(source)), context_(std::move(context)) {}

Status JsonObjectReader::Error(const JsonValue& value, std::string_view field,
                               std::string_view problem) const {
  std::string msg = source_ + ":" + std::to_string(value.line()) + ": ";
  if (!context_.empty()) msg += context_ + ": ";
  msg += "field '";
  msg += field;
  msg += "': ";
  msg += problem;
  return Status::InvalidArgument(std::move(msg));
}

Status JsonObjectReader::CheckIsObject(std::string_view what) const {
  if (object_.is_object()) return Status::OK();
  std::string msg = source_ + ":" + std::to_string(object_.line()) + ": ";
  msg += what;
  msg += " must be an object, not ";
  msg += JsonValue::TypeName(object_.type());
  return Status::InvalidArgument(std::move(msg));
}

Status JsonObjectReader::CheckKnownFields(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [name, value] : object_.members()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) return Error(value, name, "unknown field");
  }
  return Status::OK();
}

Status JsonObjectReader::RequiredString(std::string_view field, std::string* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr) {
    return Error(object_, field, "missing (a non-empty string is required)");
  }
  if (!v->is_string()) {
    return Error(*v, field,
                 std::string("expected a string, found ") + JsonValue::TypeName(v->type()));
  }
  if (v->as_string().empty()) return Error(*v, field, "must not be empty");
  *out = v->as_string();
  return Status::OK();
}

Status JsonObjectReader::OptionalString(std::string_view field, std::string* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr || v->is_null()) return Status::OK();
  if (!v->is_string()) {
    return Error(*v, field,
                 std::string("expected a string, found ") + JsonValue::TypeName(v->type()));
  }
  *out = v->as_string();
  return Status::OK();
}

Status JsonObjectReader::OptionalBool(std::string_view field, bool* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr || v->is_null()) return Status::OK();
  if (!v->is_bool()) {
    return Error(*v, field,
                 std::string("expected true or false, found ") + JsonValue::TypeName(v->type()));
  }
  *out = v->as_bool();
  return Status::OK();
}

Status JsonObjectReader::OptionalNumber(std::string_view field, double* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr || v->is_null()) return Status::OK();
  if (!v->is_number()) {
    return Error(*v, field,
                 std::string("expected a number, found ") + JsonValue::TypeName(v->type()));
  }
  *out = v->as_number();
  return Status::OK();
}

Status JsonObjectReader::OptionalStringList(std::string_view field,
                                            std::vector<std::string>* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr || v->is_null()) return Status::OK();
  if (v->is_string()) {
    if (v->as_string().empty()) return Error(*v, field, "must not be empty");
    out->push_back(v->as_string());
    return Status::OK();
  }
  if (!v->is_array()) {
    return Error(
        *v, field,
        std::string("expected an array of strings, found ") + JsonValue::TypeName(v->type()));
  }
  for (const JsonValue& item : v->items()) {
    if (!item.is_string()) {
      return Error(item, field,
                   std::string("expected an array of strings, found an element that is ") +
                       JsonValue::TypeName(item.type()));
    }
    if (item.as_string().empty()) return Error(item, field, "contains an empty string");
    out->push_back(item.as_string());
  }
  return Status::OK();
}

Status JsonObjectReader::OptionalStringMap(
    std::string_view field, std::vector<std::pair<std::string, std::string>>* out) const {
  const JsonValue* v = Get(field);
  if (v == nullptr || v->is_null()) return Status::OK();
  if (!v->is_object()) {
    return Error(
        *v, field,
        std::string("expected an object of strings, found ") + JsonValue::TypeName(v->type()));
  }
  for (const auto& [name, value] : v->members()) {
    if (!value.is_string() || value.as_string().empty()) {
      return Error(value, field, "value of '" + name + "' must be a non-empty string");
    }
    out->emplace_back(name, value.as_string());
  }
  return Status::OK();
}

}  // namespace splot::ontology
