// splot link A B: the chains of enterprises, FEZs, agreements and twinnings
// that connect two entities, with the sentence behind every hop.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <sstream>

#include "cli/commands.h"
#include "cli/query_session.h"
#include "graph/export.h"
#include "query/search.h"

extern char** environ;

namespace splot::cli {

namespace {

// Labels a chain may pass through unless --via says otherwise: everything a
// person would call a link.  Countries are left out because every region
// is in one, which would connect everything to everything.
const std::vector<std::string> kDefaultVia = {
    "Enterprise",     "FEZ",  "Organization", "University", "ResearchInstitute",
    "GovernmentBody", "City", "Region",       "Person",     "Event"};

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string PropString(const graph::Properties& props, const std::string& key) {
  auto it = props.find(key);
  if (it == props.end()) return "";
  const graph::Value& v = it->second;
  if (v.is_string()) return v.as_string();
  if (v.is_int()) return std::to_string(v.as_int());
  if (v.is_list() && !v.as_list().empty() && v.as_list()[0].is_string())
    return v.as_list()[0].as_string();
  return "";
}

std::string NodeName(const graph::Node& n) {
  std::string name = PropString(n.props, "name");
  return name.empty() ? (n.key.empty() ? "#" + std::to_string(n.id) : n.key) : name;
}

std::string Describe(const graph::Node& n) {
  return NodeName(n) + " (" + (n.labels.empty() ? "?" : n.labels[0]) + ")";
}

// Finds the one entity `text` names, or explains why there is none.
Result<graph::Node> Resolve(graph::GraphStore& store, const std::string& text) {
  auto txn = store.BeginRead();
  SPLOT_ASSIGN_OR_RETURN(auto hits, query::SearchNames(*txn, store.folder(), text, 20));
  std::vector<std::pair<double, graph::Node>> found;
  std::vector<std::string> partial;  // names that match some of the words
  for (const auto& h : hits) {
    SPLOT_ASSIGN_OR_RETURN(graph::Node n, txn->GetNode(h.node));
    if (n.HasLabel("Document") || n.HasLabel("Source")) continue;
    if (!h.all_words) {
      if (partial.size() < 3) partial.push_back(Describe(n));
      continue;
    }
    found.emplace_back(h.score, std::move(n));
  }
  if (found.empty()) {
    std::string msg = "nothing in the store is named '" + text + "'";
    if (!partial.empty()) {
      msg += "; names that share a word with it:";
      for (const std::string& p : partial) msg += "\n  " + p;
    }
    return Status::NotFound(msg + "\nsearch with: splot query \"CALL splot.search('" + text +
                            "') YIELD node, score RETURN node.name, labels(node), score\"");
  }
  // One best candidate, or several as good: then the user must choose.
  double best = found[0].first;
  std::vector<const graph::Node*> tied;
  for (const auto& [score, n] : found) {
    if (best - score < 1e-9) tied.push_back(&n);
  }
  if (tied.size() == 1) return *tied[0];
  // A name that is exactly one entity's name means that entity ("Mińsk" the
  // city, not obwód miński).
  const std::string folded = store.folder().Fold(text);
  std::vector<const graph::Node*> exact;
  for (const auto* n : tied) {
    if (store.folder().Fold(PropString(n->props, "name")) == folded) exact.push_back(n);
  }
  if (exact.size() == 1) return *exact[0];
  std::string msg = "'" + text + "' matches " + std::to_string(tied.size()) +
                    " entities equally well; be more specific (use the full name or one of these "
                    "keys):";
  for (const auto* n : tied) msg += "\n  " + Describe(*n) + "  key " + n->key;
  return Status::InvalidArgument(msg);
}

struct Chain {
  query::PathValue path;
  double score;
};

std::string Arrow(const graph::Edge& e, bool forward) {
  std::string label = e.type;
  std::string date = PropString(e.props, "date");
  if (!date.empty()) label += " (" + date + ")";
  return forward ? " —" + label + "→ " : " ←" + label + "— ";
}

// Renders the chains as DOT: nodes coloured by label, edges labelled with
// type and date, and a legend of the labels present.
std::string ChainsDot(const std::vector<Chain>& chains, graph::NodeId a, graph::NodeId b) {
  std::map<graph::NodeId, const graph::Node*> nodes;
  std::map<graph::EdgeId, const graph::Edge*> edges;
  for (const auto& c : chains) {
    for (const auto& n : c.path.nodes) nodes[n.id] = n.data.get();
    for (const auto& r : c.path.rels) edges[r.id] = r.data.get();
  }
  std::set<std::string> labels;
  std::ostringstream dot;
  dot << "digraph links {\n"
         "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"How the two entities are linked\", "
         "labelloc=t];\n"
         "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
         "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& [id, n] : nodes) {
    std::string label = n && !n->labels.empty() ? n->labels[0] : "";
    labels.insert(label);
    bool end = id == a || id == b;
    dot << "  n" << id << " [label=\"" << graph::DotEscape(n ? NodeName(*n) : "?") << "\\n"
        << graph::DotEscape(label) << "\", fillcolor=\"" << graph::LabelColor(label) << "\""
        << (end ? ", penwidth=3" : "") << "];\n";
  }
  for (const auto& [id, e] : edges) {
    if (!e) continue;
    std::string caption = e->type;
    std::string date = PropString(e->props, "date");
    if (!date.empty()) caption += "\n" + date;
    std::string status = PropString(e->props, "status");
    bool planned = status == "planned";
    dot << "  n" << e->src << " -> n" << e->dst << " [label=\"" << graph::DotEscape(caption) << "\""
        << (planned ? ", style=dashed" : "") << "];\n";
  }
  dot << "  subgraph cluster_legend {\n    label=\"Legend\"; fontsize=10; style=rounded; "
         "color=gray;\n";
  int i = 0;
  for (const auto& l : labels) {
    dot << "    legend" << i++ << " [label=\"" << graph::DotEscape(l) << "\", fillcolor=\""
        << graph::LabelColor(l) << "\", fontsize=9];\n";
  }
  dot << "    legend_planned [shape=plaintext, style=\"\", label=\"dashed edge: planned\", "
         "fontsize=9];\n";
  dot << "  }\n}\n";
  return dot.str();
}

// Runs `dot -Tsvg -o out` without a shell, feeding it `text`.
Status RenderSvg(const std::string& text, const std::string& out) {
  int in[2];
  if (::pipe(in) != 0)
    return Status::IOError("cannot start Graphviz: " + std::string(std::strerror(errno)));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_addclose(&actions, in[1]);
  std::vector<std::string> args = {"dot", "-Tsvg", "-o", out};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  int rc = posix_spawnp(&pid, "dot", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  if (rc != 0) {
    ::close(in[1]);
    return Status::NotFound("Graphviz's dot is not installed (apt-get install graphviz): " +
                            std::string(std::strerror(rc)));
  }
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(in[1], text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  ::close(in[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::IOError("Graphviz could not write " + out);
  }
  return Status::OK();
}

}  // namespace

int RunLink(const ParsedArgs& args, const Console& console) {
  if (args.positional.size() != 2) {
    return console.Fail(Status::InvalidArgument(
        "give two entities: splot link \"obwód witebski\" \"obwód kaszkadaryjski\""));
  }
  std::vector<std::string> via =
      args.values.count("--via") ? SplitList(args.Get("--via")) : kDefaultVia;
  int max_hops = 4;
  if (std::string h = args.Get("--max-hops"); !h.empty()) {
    char* end = nullptr;
    long n = std::strtol(h.c_str(), &end, 10);
    if (*end != '\0' || n < 1 || n > 8) {
      return console.Fail(
          Status::InvalidArgument("--max-hops needs a number from 1 to 8, got '" + h + "'"));
    }
    max_hops = static_cast<int>(n);
  }
  auto options = EngineOptionsFromArgs(args);
  if (!options.ok()) return console.Fail(options.status());
  QuerySession session(args.db, *options);
  if (Status s = session.OpenForRead(); !s.ok()) return console.Fail(s);
  auto a = Resolve(*session.store(), args.positional[0]);
  if (!a.ok()) return console.Fail(a.status());
  auto b = Resolve(*session.store(), args.positional[1]);
  if (!b.ok()) return console.Fail(b.status());
  if (a->id == b->id) {
    return console.Fail(Status::InvalidArgument("both names find " + Describe(*a) +
                                                "; give two different entities"));
  }

  query::ValueList via_values;
  for (const auto& v : via) via_values.push_back(query::Value(v));
  query::ValueMap config = {{"via", query::Value(via_values)}, {"maxHops", query::Value(max_hops)}};
  auto result = session.Run(
      "MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b "
      "CALL splot.link(a, b, $config) YIELD path, score RETURN path, score",
      {{"a", query::Value(static_cast<int64_t>(a->id))},
       {"b", query::Value(static_cast<int64_t>(b->id))},
       {"config", query::Value(config)}});
  if (!result.ok()) return console.Fail(result.status());

  // Documents by id, to name the file each piece of evidence comes from.
  std::map<std::string, std::string> doc_paths;
  auto docs = session.Run("MATCH (d:Document) RETURN d", {});
  if (docs.ok()) {
    for (const auto& row : docs->rows) {
      if (!row[0].is_node() || !row[0].as_node().data) continue;
      const auto& props = row[0].as_node().data->props;
      std::string path = PropString(props, "path");
      for (const char* k : {"id", "sha256"}) {
        if (std::string id = PropString(props, k); !id.empty()) doc_paths[id] = path;
      }
    }
  }

  std::vector<Chain> chains;
  for (const auto& row : result->rows) {
    if (row[0].is_path())
      chains.push_back({row[0].as_path(), row[1].is_number() ? row[1].as_number() : 0});
  }
  auto& o = console.out;
  if (chains.empty()) {
    o << "No chain of at most " << max_hops << " hops through "
      << (args.values.count("--via") ? args.Get("--via")
                                     : "enterprises, FEZs, bodies, places, people or events")
      << " links " << Describe(*a) << " and " << Describe(*b) << ".\n";
    return kExitOk;
  }
  o << chains.size() << (chains.size() == 1 ? " chain links " : " chains link ") << Describe(*a)
    << " and " << Describe(*b) << ", shortest first:\n";
  for (size_t i = 0; i < chains.size(); ++i) {
    const auto& p = chains[i].path;
    o << "\n" << i + 1 << ". ";
    for (size_t k = 0; k < p.nodes.size(); ++k) {
      const graph::Node* n = p.nodes[k].data.get();
      o << (n ? NodeName(*n) : "?");
      if (k < p.rels.size() && p.rels[k].data)
        o << Arrow(*p.rels[k].data, p.rels[k].src == p.nodes[k].id);
    }
    o << "\n";
    for (const auto& r : p.rels) {
      const graph::Edge* e = r.data.get();
      if (!e) continue;
      std::string doc = PropString(e->props, "doc");
      auto path = doc_paths.find(doc);
      std::string where = path != doc_paths.end() ? path->second : std::string();
      std::string line = PropString(e->props, "line");
      o << "   " << e->type;
      std::string status = PropString(e->props, "status");
      if (!status.empty() && status != "existing") o << " [" << status << "]";
      if (!line.empty()) o << ", line " << line;
      if (!where.empty()) o << " of " << where;
      o << ":\n";
      std::string evidence = PropString(e->props, "evidence");
      if (!evidence.empty()) o << "     \"" << evidence << "\"\n";
      std::string source = PropString(e->props, "source_title");
      if (!source.empty()) {
        o << "     source: " << source;
        if (std::string y = PropString(e->props, "source_year"); !y.empty()) o << " (" << y << ")";
        if (std::string u = PropString(e->props, "source_url"); !u.empty()) o << " " << u;
        o << "\n";
      }
    }
  }
  if (std::string svg = args.Get("--svg"); !svg.empty()) {
    Status s = RenderSvg(ChainsDot(chains, a->id, b->id), svg);
    if (!s.ok()) return console.Fail(s);
    console.Note("picture written to " + svg);
  }
  return kExitOk;
}

}  // namespace splot::cli
