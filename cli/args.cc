#include "cli/args.h"

#include <cstdlib>

namespace splot::cli {

std::string ParsedArgs::Get(const std::string& option, const std::string& fallback) const {
  auto it = values.find(option);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& ParsedArgs::All(const std::string& option) const {
  static const std::vector<std::string> kEmpty;
  auto it = values.find(option);
  return it == values.end() ? kEmpty : it->second;
}

Result<ParsedArgs> ParseArgs(int argc, char** argv, const std::vector<CommandSpec>& commands) {
  ParsedArgs out;
  const CommandSpec* spec = nullptr;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    std::string value;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      size_t eq = a.find('=');
      if (eq != std::string::npos) {
        value = a.substr(eq + 1);
        a = a.substr(0, eq);
        has_inline = true;
      }
    }
    auto take_value = [&](const std::string& opt) -> Status {
      if (has_inline) return Status::OK();
      if (i + 1 >= args.size()) {
        return Status::InvalidArgument("option " + opt + " needs a value");
      }
      value = args[++i];
      return Status::OK();
    };
    if (a == "--db") {
      SPLOT_RETURN_IF_ERROR(take_value(a));
      out.db = value;
      out.db_given = true;
      continue;
    }
    if (a == "--help" || a == "-h" || a == "--version" || a == "--quiet" || a == "-q") {
      out.flags.insert(a == "-h" ? "--help" : a == "-q" ? "--quiet" : a);
      continue;
    }
    if (!spec && a.rfind("-", 0) != 0) {
      for (const auto& c : commands) {
        if (c.name == a) spec = &c;
      }
      if (!spec) {
        return Status::InvalidArgument("unknown command '" + a +
                                       "'; run `splot --help` for the list");
      }
      out.command = a;
      continue;
    }
    if (a.rfind("--", 0) == 0 && spec) {
      if (spec->flags.count(a)) {
        out.flags.insert(a);
        continue;
      }
      if (spec->value_options.count(a) || spec->repeatable.count(a)) {
        SPLOT_RETURN_IF_ERROR(take_value(a));
        auto& slot = out.values[a];
        if (!spec->repeatable.count(a)) slot.clear();
        slot.push_back(value);
        continue;
      }
      return Status::InvalidArgument("unknown option " + a + " for `splot " + spec->name +
                                     "`; run `splot " + spec->name + " --help`");
    }
    if (a.rfind("-", 0) == 0 && a != "-") {
      return Status::InvalidArgument("unknown option " + a + "; run `splot --help`");
    }
    out.positional.push_back(a);
  }
  if (!out.db_given) {
    if (const char* env = std::getenv("SPLOT_DB"); env && *env) {
      out.db = env;
      out.db_given = true;
    } else {
      out.db = "./splot.db";
    }
  }
  return out;
}

}  // namespace splot::cli
