#include "graph/value.h"

#include <cstdio>

namespace splot::graph {

const char* Value::TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kInt:
      return "int";
    case Type::kDouble:
      return "double";
    case Type::kString:
      return "string";
    case Type::kList:
      return "list";
    case Type::kTemporal:
      return "temporal";
  }
  return "unknown";
}

std::string Value::DebugString() const {
  switch (type()) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return as_bool() ? "true" : "false";
    case Type::kInt:
      return std::to_string(as_int());
    case Type::kDouble: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", as_double());
      return buf;
    }
    case Type::kString:
      return "'" + as_string() + "'";
    case Type::kList: {
      std::string out = "[";
      for (size_t i = 0; i < as_list().size(); ++i) {
        if (i) out += ", ";
        out += as_list()[i].DebugString();
      }
      return out + "]";
    }
    case Type::kTemporal:
      return as_temporal().text;
  }
  return "?";
}

}  // namespace splot::graph
