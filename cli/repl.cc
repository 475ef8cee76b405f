// splot repl: an interactive Cypher shell.
//
// Line editing, history (~/.splot_history) and tab completion come from
// libedit's native API, whose client-data pointer lets the callbacks reach
// the shell without global state.  Statements end with ';' and may span
// lines; lines starting with ':' are shell commands.
#include <histedit.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/query_session.h"
#include "graph/export.h"
#include "query/format.h"

namespace splot::cli {

namespace {

// The one thing a signal handler may touch: set on Ctrl-C, read by the
// running statement (through RunOptions::cancel) and by the prompt loop.
std::atomic<bool> interrupted{false};

void OnInterrupt(int) { interrupted = true; }

const char* const kKeywords[] = {"MATCH",
                                 "OPTIONAL",
                                 "WHERE",
                                 "WITH",
                                 "RETURN",
                                 "ORDER",
                                 "BY",
                                 "SKIP",
                                 "LIMIT",
                                 "DISTINCT",
                                 "UNWIND",
                                 "UNION",
                                 "ALL",
                                 "CREATE",
                                 "MERGE",
                                 "SET",
                                 "REMOVE",
                                 "DELETE",
                                 "DETACH",
                                 "CALL",
                                 "YIELD",
                                 "EXPLAIN",
                                 "PROFILE",
                                 "AS",
                                 "AND",
                                 "OR",
                                 "XOR",
                                 "NOT",
                                 "IN",
                                 "STARTS",
                                 "ENDS",
                                 "CONTAINS",
                                 "IS",
                                 "NULL",
                                 "TRUE",
                                 "FALSE",
                                 "CASE",
                                 "WHEN",
                                 "THEN",
                                 "ELSE",
                                 "END",
                                 "ASC",
                                 "DESC",
                                 "EXISTS",
                                 "shortestPath",
                                 "allShortestPaths",
                                 "count",
                                 "collect",
                                 "splot.search",
                                 "splot.link",
                                 "algo.shortestPath",
                                 "algo.allShortestPaths",
                                 "algo.betweenness",
                                 "algo.components",
                                 "algo.degree",
                                 "db.labels",
                                 "db.relationshipTypes",
                                 "db.propertyKeys"};

const char* const kCommands[] = {":help",  ":quit",   ":schema", ":stats",  ":format",  ":timing",
                                 ":param", ":params", ":export", ":source", ":max_rows"};

const char* const kHelp =
    "Statements end with ';' and may span several lines.  Ctrl-C cancels a running\n"
    "statement (or the line being typed); Ctrl-D leaves.  Tab completes keywords,\n"
    "labels (after ':'), relationship types, property keys (after '.') and entity\n"
    "names (inside quotes).\n\n"
    "  :help                  this text\n"
    "  :quit                  leave (also Ctrl-D)\n"
    "  :schema                labels, relationship types, property keys\n"
    "  :stats                 counts by label and type\n"
    "  :format table|json|csv how results are shown\n"
    "  :timing on|off         show the time each statement took\n"
    "  :param NAME VALUE      set $NAME (VALUE is a Cypher literal, else a string)\n"
    "  :params                list the parameters\n"
    "  :export FORMAT FILE    write what the last statement returned (before any: the\n"
    "                         whole graph) as graphml, json, csv (a directory) or dot\n"
    "  :source FILE           run the statements in FILE\n"
    "  :max_rows N            show at most N rows of a result (default 50)\n";

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Splits `text` into statements at ';' outside quotes and comments.
std::vector<std::string> SplitStatements(const std::string& text, std::string* rest) {
  std::vector<std::string> out;
  std::string current;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      current.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        current.push_back(text[++i]);
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {  // line comment
      while (i < text.size() && text[i] != '\n') current.push_back(text[i++]);
      if (i < text.size()) current.push_back('\n');
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    if (c == ';') {
      if (!Trim(current).empty()) out.push_back(Trim(current));
      current.clear();
      continue;
    }
    current.push_back(c);
  }
  *rest = current;
  return out;
}

class Repl {
 public:
  Repl(const ParsedArgs& args, const Console& console, query::EngineOptions options)
      : args_(args), console_(console), session_(args.db, std::move(options)) {}
  ~Repl() {
    if (history_) {
      if (!history_path_.empty()) {
        HistEvent ev;
        ::history(history_, &ev, H_SAVE, history_path_.c_str());
      }
      ::history_end(history_);
    }
    if (el_) el_end(el_);
  }

  int Run() {
    interactive_ = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
    struct sigaction sa {};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a Ctrl-C interrupts the line editor's read
    sigaction(SIGINT, &sa, nullptr);
    OpenStore();
    if (interactive_) {
      console_.out << "splot " << SPLOT_VERSION << " — store " << args_.db
                   << (session_.store() && !session_.writable() && store_locked_
                           ? " (read-only: another process is writing to it)"
                           : "")
                   << "\nType :help for help, end statements with ';'.\n";
      SetUpEditor();
    }
    std::string line;
    while (true) {
      interrupted = false;
      bool ok = interactive_ ? ReadLine(&line) : static_cast<bool>(std::getline(std::cin, line));
      if (!ok) {
        if (interactive_ && interrupted) {  // Ctrl-C at the prompt: drop the input
          pending_.clear();
          console_.out << "^C\n";
          continue;
        }
        break;  // Ctrl-D or end of input
      }
      if (pending_.empty() && Trim(line).rfind(':', 0) == 0) {
        if (history_) AddHistory(Trim(line));
        if (!Command(Trim(line))) break;
        continue;
      }
      pending_ += line + "\n";
      std::string rest;
      std::vector<std::string> statements = SplitStatements(pending_, &rest);
      if (statements.empty() && Trim(rest).empty()) {
        pending_.clear();
        continue;
      }
      for (const auto& s : statements) {
        if (history_) AddHistory(s + ";");
        Execute(s);
      }
      pending_ = Trim(rest).empty() ? "" : rest;
    }
    if (interactive_) console_.out << "\n";
    if (!Trim(pending_).empty()) {
      console_.err << "splot: the last statement has no closing ';' and was not run\n";
    }
    return kExitOk;
  }

 private:
  void SetUpEditor() {
    el_ = el_init("splot", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_PROMPT, &Repl::Prompt);
    el_set(el_, EL_EDITOR, "emacs");
    history_ = ::history_init();
    HistEvent ev;
    ::history(history_, &ev, H_SETSIZE, 1000);
    ::history(history_, &ev, H_SETUNIQUE, 1);
    el_set(el_, EL_HIST, ::history, history_);
    if (const char* home = std::getenv("HOME"); home && *home) {
      history_path_ = std::string(home) + "/.splot_history";
      ::history(history_, &ev, H_LOAD, history_path_.c_str());
    }
    el_set(el_, EL_ADDFN, "splot-complete", "Complete a word", &Repl::Complete);
    el_set(el_, EL_BIND, "^I", "splot-complete", nullptr);
    el_source(el_, nullptr);  // the user's ~/.editrc, if any
  }

  bool ReadLine(std::string* line) {
    // libedit writes the prompt straight to the terminal; what we printed
    // must reach it first.
    console_.out.flush();
    console_.err.flush();
    int count = 0;
    const char* text = el_gets(el_, &count);
    if (!text || count <= 0) return false;
    *line = std::string(text, static_cast<size_t>(count));
    while (!line->empty() && (line->back() == '\n' || line->back() == '\r')) line->pop_back();
    return true;
  }

  void AddHistory(const std::string& entry) {
    HistEvent ev;
    std::string one = entry;
    std::replace(one.begin(), one.end(), '\n', ' ');
    ::history(history_, &ev, H_ENTER, one.c_str());
  }

  static char* Prompt(EditLine* el) {
    Repl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    static char kFirst[] = "splot> ";
    static char kMore[] = "  ...> ";
    return self && !self->pending_.empty() ? kMore : kFirst;
  }

  static unsigned char Complete(EditLine* el, int) {
    Repl* self = nullptr;
    el_get(el, EL_CLIENTDATA, &self);
    return self ? self->CompleteWord() : CC_ERROR;
  }

  unsigned char CompleteWord() {
    const LineInfo* li = el_line(el_);
    std::string before(li->buffer, static_cast<size_t>(li->cursor - li->buffer));
    // The word under the cursor: inside quotes it may hold spaces.
    size_t quote = std::string::npos;
    int quotes = 0;
    for (size_t i = 0; i < before.size(); ++i) {
      if (before[i] == '\'' || before[i] == '"') {
        ++quotes;
        quote = i;
      }
    }
    bool in_quote = quotes % 2 == 1;
    size_t start = in_quote ? quote + 1 : before.find_last_of(" \t(),[]{}=<>:.") + 1;
    if (!in_quote && start > before.size()) start = 0;
    std::string word = before.substr(start);
    char sigil = (!in_quote && start > 0) ? before[start - 1] : (in_quote ? '\'' : ' ');
    std::vector<std::string> matches;
    for (const auto& c : Candidates(sigil, word, before)) {
      if (c.size() >= word.size() &&
          std::equal(word.begin(), word.end(), c.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        matches.push_back(c);
      }
    }
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    if (matches.empty()) return CC_ERROR;
    std::string common = matches[0];
    for (const auto& m : matches) {
      size_t k = 0;
      while (k < common.size() && k < m.size() && common[k] == m[k]) ++k;
      common.resize(k);
    }
    if (common.size() > word.size() || matches.size() == 1) {
      el_deletestr(el_, static_cast<int>(word.size()));
      std::string insert = matches.size() == 1 ? matches[0] : common;
      if (matches.size() == 1 && in_quote) insert += before[quote];
      el_insertstr(el_, insert.c_str());
      return CC_REFRESH;
    }
    console_.out << "\n";
    size_t shown = 0;
    for (const auto& m : matches) {
      if (++shown > 60) {
        console_.out << "  … " << matches.size() - 60 << " more";
        break;
      }
      console_.out << "  " << m;
    }
    console_.out << "\n" << std::flush;
    return CC_REDISPLAY;
  }

  std::vector<std::string> Candidates(char sigil, const std::string& word,
                                      const std::string& line) {
    LoadCompletionWords();
    std::vector<std::string> out;
    if (line.find_first_not_of(' ') != std::string::npos && Trim(line)[0] == ':' &&
        pending_.empty() && Trim(line).find(' ') == std::string::npos) {
      for (const char* c : kCommands) out.emplace_back(c + 1);
      return out;
    }
    if (sigil == ':') {
      out.insert(out.end(), labels_.begin(), labels_.end());
      out.insert(out.end(), types_.begin(), types_.end());
      return out;
    }
    if (sigil == '.') return keys_;
    if (sigil == '\'' || sigil == '"') {
      // Entity names starting with the typed text, from the name index.
      if (!session_.store() || word.size() < 2) return out;
      auto txn = session_.store()->BeginRead();
      std::string folded = session_.store()->folder().Fold(word);
      std::set<graph::NodeId> nodes;
      txn->ScanNames(folded, true, [&](std::string_view, graph::NodeId id) {
        nodes.insert(id);
        return nodes.size() < 200;
      });
      for (graph::NodeId id : nodes) {
        auto n = txn->GetNode(id);
        if (!n.ok()) continue;
        if (const graph::Value* name = n->Get("name"); name && name->is_string())
          out.push_back(name->as_string());
      }
      return out;
    }
    for (const char* k : kKeywords) out.emplace_back(k);
    out.insert(out.end(), keys_.begin(), keys_.end());
    return out;
  }

  void LoadCompletionWords() {
    if (!session_.store()) return;
    const auto& catalog = session_.store()->catalog();
    labels_ = catalog.Names(graph::CatalogKind::kLabel);
    types_ = catalog.Names(graph::CatalogKind::kType);
    keys_ = catalog.Names(graph::CatalogKind::kPropKey);
  }

  void OpenStore() {
    Status s = session_.OpenForRead();
    if (s.ok()) return;
    if (s.IsNotFound()) {
      console_.Note("no store at " + args_.db +
                    " yet; it is created by the first statement that writes");
    } else {
      console_.Note(s.message());
    }
  }

  void Execute(const std::string& statement) {
    query::RunOptions run;
    // Not reset here: a Ctrl-C pressed after Enter, before the statement
    // starts, still cancels it.
    run.cancel = &interrupted;
    auto result = session_.Run(statement, params_, run);
    if (!result.ok()) {
      if (result.status().code() == Status::Code::kCancelled) {
        console_.err << "cancelled\n";
      } else if (result.status().IsBusy()) {
        console_.err
            << result.status().message()
            << "\n(this session can still read; writes wait until the other process is done)\n";
        store_locked_ = true;
        session_.OpenForRead();
      } else {
        console_.err << result.status().message() << "\n";
      }
      return;
    }
    last_nodes_.clear();
    last_edges_.clear();
    for (const auto& row : result->rows) {
      for (const auto& v : row) CollectGraphElements(v, &last_nodes_, &last_edges_);
    }
    have_last_ = true;
    Show(*result);
  }

  void Show(const query::QueryResult& result) {
    auto& o = console_.out;
    // A table shows the plan above its rows.
    bool table_shows_plan = format_ == "table" && !result.columns.empty();
    if (!result.plan.empty() && !table_shows_plan) o << result.plan << "\n";
    uint64_t more = 0;
    if (format_ == "table") {
      query::QueryResult shown = result;
      if (shown.rows.size() > max_rows_) {
        more = shown.rows.size() - max_rows_;
        shown.rows.resize(max_rows_);
      }
      query::TableOptions table;
      table.summary = false;
      if (!shown.columns.empty()) o << query::RenderTable(shown, table);
      if (more) o << "… " << more << " more rows\n";
    } else if (format_ == "json") {
      for (size_t i = 0; i < result.rows.size() && i < max_rows_; ++i) {
        o << query::RowToJson(result.columns, result.rows[i]) << "\n";
      }
    } else {
      o << query::CsvHeader(result.columns);
      for (size_t i = 0; i < result.rows.size() && i < max_rows_; ++i)
        o << query::CsvRow(result.rows[i]);
    }
    if (format_ != "table" && result.rows.size() > max_rows_) {
      o << "… " << result.rows.size() - max_rows_ << " more rows\n";
    }
    if (timing_) {
      o << query::SummaryLine(result) << "\n";
    } else {
      o << result.row_count << (result.row_count == 1 ? " row\n" : " rows\n");
    }
    o << std::flush;
  }

  bool Command(const std::string& line) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    auto& o = console_.out;
    if (cmd == ":quit" || cmd == ":exit" || cmd == ":q") return false;
    if (cmd == ":help") {
      o << kHelp;
    } else if (cmd == ":schema" || cmd == ":stats") {
      if (!session_.store()) {
        console_.err << "no store at " << args_.db << " yet\n";
        return true;
      }
      auto& st = *session_.store();
      if (cmd == ":stats")
        o << "nodes " << WithCommas(st.NodeCount()) << ", edges " << WithCommas(st.EdgeCount())
          << "\n";
      o << "labels:";
      for (const auto& [l, n] : st.CountsByLabel())
        o << "  " << l << (cmd == ":stats" ? " " + WithCommas(n) : "");
      o << "\nrelationship types:";
      for (const auto& [t, n] : st.CountsByType())
        o << "  " << t << (cmd == ":stats" ? " " + WithCommas(n) : "");
      if (cmd == ":schema") {
        o << "\nproperty keys:";
        for (const auto& k : st.catalog().Names(graph::CatalogKind::kPropKey)) o << "  " << k;
      }
      o << "\n";
    } else if (cmd == ":format") {
      if (words.size() != 1 || (words[0] != "table" && words[0] != "json" && words[0] != "csv")) {
        console_.err << "usage: :format table|json|csv\n";
      } else {
        format_ = words[0];
      }
    } else if (cmd == ":timing") {
      if (words.size() != 1 || (words[0] != "on" && words[0] != "off")) {
        console_.err << "usage: :timing on|off\n";
      } else {
        timing_ = words[0] == "on";
      }
    } else if (cmd == ":param") {
      size_t name_at = line.find(' ');
      std::string rest = name_at == std::string::npos ? "" : Trim(line.substr(name_at));
      size_t space = rest.find(' ');
      if (rest.empty() || space == std::string::npos) {
        console_.err << "usage: :param NAME VALUE\n";
      } else {
        std::string name = rest.substr(0, space);
        if (!name.empty() && name[0] == '$') name.erase(0, 1);
        params_[name] = query::ParseParameterValue(Trim(rest.substr(space)));
      }
    } else if (cmd == ":params") {
      if (params_.empty()) o << "no parameters\n";
      for (const auto& [k, v] : params_) o << "$" << k << " = " << query::ValueToJson(v) << "\n";
    } else if (cmd == ":export") {
      ExportCommand(words);
    } else if (cmd == ":source") {
      if (words.size() != 1) {
        console_.err << "usage: :source FILE\n";
        return true;
      }
      std::ifstream f(words[0]);
      if (!f) {
        console_.err << "cannot read " << words[0] << "\n";
        return true;
      }
      std::stringstream ss;
      ss << f.rdbuf();
      std::string rest;
      for (const auto& s : SplitStatements(ss.str(), &rest)) {
        if (interrupted) break;
        o << "splot> " << s << ";\n";
        Execute(s);
      }
      if (!Trim(rest).empty())
        console_.err << words[0] << ": the last statement has no ';' and was not run\n";
    } else if (cmd == ":max_rows") {
      char* end = nullptr;
      long n = words.size() == 1 ? std::strtol(words[0].c_str(), &end, 10) : -1;
      if (n <= 0 || *end != '\0') {
        console_.err << "usage: :max_rows N (a positive number)\n";
      } else {
        max_rows_ = static_cast<size_t>(n);
      }
    } else {
      console_.err << "unknown command " << cmd << "; :help lists them\n";
    }
    o << std::flush;
    return true;
  }

  void ExportCommand(const std::vector<std::string>& words) {
    if (words.size() != 2) {
      console_.err << "usage: :export graphml|json|csv|dot FILE\n";
      return;
    }
    auto format = graph::ParseExportFormat(words[0]);
    if (!format.ok()) {
      console_.err << format.status().message() << "\n";
      return;
    }
    if (!session_.store()) {
      console_.err << "no store at " << args_.db << " yet\n";
      return;
    }
    graph::ExportSelection selection;
    if (have_last_) {
      selection.all = false;
      selection.nodes.assign(last_nodes_.begin(), last_nodes_.end());
      selection.edges.assign(last_edges_.begin(), last_edges_.end());
    }
    auto txn = session_.store()->BeginRead();
    Status s = graph::ExportToPath(*txn, *format, selection, words[1]);
    if (!s.ok()) {
      console_.err << s.message() << "\n";
      return;
    }
    console_.out << "exported " << (have_last_ ? "the last result" : "the whole graph") << " to "
                 << words[1] << "\n";
  }

  const ParsedArgs& args_;
  const Console& console_;
  QuerySession session_;
  bool interactive_ = false;
  bool store_locked_ = false;
  EditLine* el_ = nullptr;
  History* history_ = nullptr;
  std::string history_path_;
  std::string pending_;  // statement lines typed so far
  std::string format_ = "table";
  bool timing_ = true;
  size_t max_rows_ = 50;
  query::ValueMap params_;
  std::set<graph::NodeId> last_nodes_;
  std::set<graph::EdgeId> last_edges_;
  bool have_last_ = false;
  std::vector<std::string> labels_, types_, keys_;
};

}  // namespace

int RunRepl(const ParsedArgs& args, const Console& console) {
  auto options = EngineOptionsFromArgs(args);
  if (!options.ok()) return console.Fail(options.status());
  Repl repl(args, console, *options);
  return repl.Run();
}

}  // namespace splot::cli
