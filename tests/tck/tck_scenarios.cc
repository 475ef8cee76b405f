#include "tests/tck/tck_scenarios.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace splot::tck {

namespace fs = std::filesystem;

std::string Scenario::Folder() const {
  size_t first = id.find('/');
  if (first == std::string::npos) return id;
  size_t second = id.find('/', first + 1);
  return second == std::string::npos ? id.substr(0, first) : id.substr(0, second);
}

namespace {

std::string Trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

bool StartsWith(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// ---- JSONL --------------------------------------------------------------------

std::vector<std::string> StringArray(const rapidjson::Value& v) {
  std::vector<std::string> out;
  if (!v.IsArray()) return out;
  for (const auto& e : v.GetArray()) out.push_back(e.IsString() ? e.GetString() : "");
  return out;
}

Result<Scenario> FromJson(const rapidjson::Value& r) {
  Scenario s;
  s.id = r["id"].GetString();
  s.name = r.HasMember("scenario") ? r["scenario"].GetString() : "";
  if (r.HasMember("tags")) s.tags = StringArray(r["tags"]);
  s.graph = r.HasMember("graph") && r["graph"].IsString() ? r["graph"].GetString() : "empty";
  if (r.HasMember("setup")) s.setup = StringArray(r["setup"]);
  if (r.HasMember("params") && r["params"].IsObject()) {
    for (const auto& m : r["params"].GetObject()) {
      s.params.emplace_back(m.name.GetString(), m.value.GetString());
    }
  }
  if (r.HasMember("procedures")) {
    for (const auto& p : r["procedures"].GetArray()) {
      ProcedureSpec spec;
      spec.signature = p["signature"].GetString();
      for (const auto& row : p["table"].GetArray()) spec.table.push_back(StringArray(row));
      s.procedures.push_back(std::move(spec));
    }
  }
  if (r.HasMember("unknown_steps")) s.unknown_steps = StringArray(r["unknown_steps"]);
  for (const auto& st : r["steps"].GetArray()) {
    Step step;
    step.control = std::string(st["kind"].GetString()) == "control_query";
    step.cypher = st["cypher"].GetString();
    if (st.HasMember("expect") && st["expect"].IsObject()) {
      const auto& e = st["expect"];
      step.expect.type = e["type"].GetString();
      if (step.expect.type == "rows") {
        step.expect.ordered = e["ordered"].GetBool();
        step.expect.unordered_lists = e["unordered_lists"].GetBool();
        step.expect.header = StringArray(e["header"]);
        for (const auto& row : e["rows"].GetArray()) step.expect.rows.push_back(StringArray(row));
      } else if (step.expect.type == "error") {
        step.expect.error = e["error"].GetString();
        step.expect.phase = e["phase"].GetString();
        step.expect.detail = e["detail"].GetString();
      }
    }
    if (st.HasMember("side_effects") && st["side_effects"].IsObject()) {
      step.has_side_effects = true;
      for (const auto& m : st["side_effects"].GetObject()) {
        step.side_effects[m.name.GetString()] = m.value.GetInt64();
      }
    }
    s.steps.push_back(std::move(step));
  }
  return s;
}

Result<std::vector<Scenario>> LoadJsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read " + path);
  std::vector<Scenario> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (Trim(line).empty()) continue;
    rapidjson::Document doc;
    doc.Parse(line.c_str());
    if (doc.HasParseError() || !doc.IsObject()) {
      return Status::InvalidArgument(path + ":" + std::to_string(n) + ": not a JSON object");
    }
    SPLOT_ASSIGN_OR_RETURN(Scenario s, FromJson(doc));
    out.push_back(std::move(s));
  }
  return out;
}

// ---- Gherkin ----------------------------------------------------------------------

struct GStep {
  std::string text;
  bool has_doc = false;
  std::string doc;
  std::vector<std::vector<std::string>> table;
};

struct GScenario {
  std::string name;
  std::vector<std::string> tags;
  bool outline = false;
  std::vector<GStep> steps;
  std::vector<std::vector<std::vector<std::string>>> examples;
};

// Splits a table row and applies Gherkin cell escapes (\| \\ \n); other
// backslash pairs stay for the value parser.
std::vector<std::string> Cells(const std::string& line) {
  std::string s = Trim(line);
  std::string body = s.substr(1, s.size() - 2);
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char nx = body[i + 1];
      if (nx == '|')
        cur += '|';
      else if (nx == '\\')
        cur += '\\';
      else if (nx == 'n')
        cur += '\n';
      else {
        cur += c;
        cur += nx;
      }
      ++i;
      continue;
    }
    if (c == '|') {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(Trim(cur));
  return out;
}

std::string Substitute(std::string s, const std::map<std::string, std::string>& m) {
  for (const auto& [k, v] : m) {
    std::string key = "<" + k + ">";
    size_t pos = 0;
    while ((pos = s.find(key, pos)) != std::string::npos) {
      s.replace(pos, key.size(), v);
      pos += v.size();
    }
  }
  return s;
}

Scenario Build(const std::string& rel, const std::string& name,
               const std::vector<std::string>& tags, const std::vector<GStep>& steps) {
  Scenario sc;
  sc.id = rel + ":" + name;
  sc.name = name;
  sc.tags = tags;
  sc.graph = "empty";
  Step* last = nullptr;
  static const std::regex kNamedGraph("the (.*) graph$");
  static const std::regex kError(R"(an? (\w+) should be raised at ([\w ]+): (\S+))");
  for (const auto& st : steps) {
    std::string t = Trim(st.text);
    while (!t.empty() && t.back() == ':') t.pop_back();
    t = Trim(t);
    std::smatch m;
    if (t == "an empty graph") {
      sc.graph = "empty";
    } else if (t == "any graph") {
      sc.graph = "any";
    } else if (std::regex_match(t, m, kNamedGraph)) {
      sc.graph = m[1];
    } else if (t == "having executed") {
      sc.setup.push_back(st.doc);
    } else if (t == "parameters are") {
      for (const auto& row : st.table) sc.params.emplace_back(row[0], row.size() > 1 ? row[1] : "");
    } else if (StartsWith(t, "there exists a procedure")) {
      sc.procedures.push_back(ProcedureSpec{Trim(t.substr(24)), st.table});
    } else if (t == "executing query" || t == "executing control query") {
      Step step;
      step.control = t != "executing query";
      step.cypher = st.doc;
      sc.steps.push_back(std::move(step));
      last = &sc.steps.back();
    } else if (StartsWith(t, "executing query:")) {
      Step step;
      step.cypher = Trim(st.text.substr(st.text.find(':') + 1));
      sc.steps.push_back(std::move(step));
      last = &sc.steps.back();
    } else if (StartsWith(t, "the result should be") && last) {
      if (t == "the result should be empty") {
        last->expect.type = "empty";
      } else {
        last->expect.type = "rows";
        last->expect.ordered = t.find(", in order") != std::string::npos;
        last->expect.unordered_lists =
            t.find("ignoring element order for lists") != std::string::npos;
        if (!st.table.empty()) {
          last->expect.header = st.table[0];
          last->expect.rows.assign(st.table.begin() + 1, st.table.end());
        }
      }
    } else if (std::regex_match(t, m, kError) && last) {
      last->expect.type = "error";
      last->expect.error = m[1];
      last->expect.phase = m[2];
      last->expect.detail = m[3];
    } else if (t == "the side effects should be" && last) {
      last->has_side_effects = true;
      for (const auto& row : st.table) last->side_effects[row[0]] = std::stoll(row[1]);
    } else if (t == "no side effects" && last) {
      last->has_side_effects = true;
    } else {
      sc.unknown_steps.push_back(st.text);
    }
  }
  return sc;
}

Status ParseFeature(const fs::path& file, const std::string& rel, std::vector<Scenario>* out) {
  std::ifstream in(file);
  if (!in) return Status::NotFound("cannot read " + file.string());
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l)) lines.push_back(l);
  std::vector<GStep> background;
  std::vector<GScenario> scenarios;
  std::vector<std::string> tags;
  enum { kNone, kBackground, kScenario } mode = kNone;
  static const std::regex kStep(R"((Given|And|When|Then|But)\s+(.*)$)");
  size_t i = 0;
  auto read_table = [&](size_t j, std::vector<std::vector<std::string>>* rows) {
    while (j < lines.size()) {
      std::string t = Trim(lines[j]);
      if (StartsWith(t, "|")) {
        rows->push_back(Cells(lines[j]));
      } else if (!StartsWith(t, "#")) {
        break;
      }
      ++j;
    }
    return j;
  };
  while (i < lines.size()) {
    std::string s = Trim(lines[i]);
    if (s.empty() || StartsWith(s, "#")) {
      ++i;
      continue;
    }
    if (StartsWith(s, "@")) {
      std::istringstream ss(s);
      std::string tag;
      while (ss >> tag) tags.push_back(tag);
      ++i;
      continue;
    }
    if (StartsWith(s, "Feature:")) {
      tags.clear();
      ++i;
      continue;
    }
    if (StartsWith(s, "Background:")) {
      mode = kBackground;
      ++i;
      continue;
    }
    if (StartsWith(s, "Scenario Outline:") || StartsWith(s, "Scenario:")) {
      GScenario g;
      g.outline = StartsWith(s, "Scenario Outline:");
      g.name = Trim(s.substr(s.find(':') + 1));
      g.tags = tags;
      tags.clear();
      scenarios.push_back(std::move(g));
      mode = kScenario;
      ++i;
      continue;
    }
    if (StartsWith(s, "Examples:")) {
      std::vector<std::vector<std::string>> rows;
      i = read_table(i + 1, &rows);
      if (!scenarios.empty()) scenarios.back().examples.push_back(std::move(rows));
      continue;
    }
    std::smatch m;
    if (std::regex_match(s, m, kStep)) {
      GStep step;
      step.text = m[2];
      ++i;
      if (i < lines.size() && Trim(lines[i]) == "\"\"\"") {
        size_t indent = lines[i].find_first_not_of(' ');
        std::string doc;
        size_t j = i + 1;
        while (j < lines.size() && Trim(lines[j]) != "\"\"\"") {
          const std::string& dl = lines[j];
          std::string piece =
              dl.size() >= indent && dl.compare(0, indent, std::string(indent, ' ')) == 0
                  ? dl.substr(indent)
                  : Trim(dl);
          if (j > i + 1) doc += "\n";
          doc += piece;
          ++j;
        }
        step.has_doc = true;
        step.doc = doc;
        i = j + 1;
      } else if (i < lines.size() && StartsWith(Trim(lines[i]), "|")) {
        i = read_table(i, &step.table);
      }
      if (mode == kBackground) {
        background.push_back(std::move(step));
      } else if (!scenarios.empty()) {
        scenarios.back().steps.push_back(std::move(step));
      }
      continue;
    }
    ++i;
  }
  for (const auto& g : scenarios) {
    std::vector<GStep> steps = background;
    steps.insert(steps.end(), g.steps.begin(), g.steps.end());
    if (!g.outline) {
      out->push_back(Build(rel, g.name, g.tags, steps));
      continue;
    }
    int k = 0;
    for (const auto& ex : g.examples) {
      if (ex.empty()) continue;
      const auto& header = ex[0];
      for (size_t r = 1; r < ex.size(); ++r) {
        ++k;
        std::map<std::string, std::string> mapping;
        for (size_t c = 0; c < header.size() && c < ex[r].size(); ++c)
          mapping[header[c]] = ex[r][c];
        std::vector<GStep> sub = steps;
        for (auto& st : sub) {
          st.text = Substitute(st.text, mapping);
          st.doc = Substitute(st.doc, mapping);
          for (auto& row : st.table) {
            for (auto& cell : row) cell = Substitute(cell, mapping);
          }
        }
        out->push_back(
            Build(rel, Substitute(g.name, mapping) + " #row" + std::to_string(k), g.tags, sub));
      }
    }
  }
  return Status::OK();
}

Result<std::vector<Scenario>> LoadFeatures(const std::string& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".feature") files.push_back(it->path());
  }
  if (ec) return Status::IOError("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Scenario> out;
  for (const auto& f : files) {
    std::string rel = fs::relative(f, dir).generic_string();
    SPLOT_RETURN_IF_ERROR(ParseFeature(f, rel, &out));
  }
  return out;
}

}  // namespace

Result<std::vector<Scenario>> LoadScenarios(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return LoadFeatures(path);
  if (!fs::exists(path, ec)) return Status::NotFound("no TCK at " + path);
  return LoadJsonl(path);
}

}  // namespace splot::tck
