#include "query/procedures.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "graph/algorithms.h"
#include "graph/csr.h"
#include "query/context.h"
#include "query/errors.h"
#include "query/search.h"

namespace splot::query {

void ProcedureRegistry::Register(ProcedureDef def) {
  std::string name = def.name;
  procs_[name] = std::move(def);
}

const ProcedureDef* ProcedureRegistry::Find(const std::string& name) const {
  auto it = procs_.find(name);
  return it == procs_.end() ? nullptr : &it->second;
}

namespace {

[[noreturn]] void ProcError(const std::string& proc, const std::string& msg) {
  ThrowRuntime("ProcedureError", "ProcedureCallFailed", proc + ": " + msg);
}

// Reads config[key] as a list of strings.
std::vector<std::string> StringList(const std::string& proc, const Value& config,
                                    const std::string& key) {
  std::vector<std::string> out;
  if (!config.is_map()) return out;
  auto it = config.as_map().find(key);
  if (it == config.as_map().end() || it->second.is_null()) return out;
  if (it->second.is_string()) return {it->second.as_string()};
  if (!it->second.is_list()) ProcError(proc, "config." + key + " must be a list of strings");
  for (const auto& v : it->second.as_list()) {
    if (!v.is_string()) ProcError(proc, "config." + key + " must be a list of strings");
    out.push_back(v.as_string());
  }
  return out;
}

Value ConfigValue(const Value& config, const std::string& key) {
  if (!config.is_map()) return Value();
  auto it = config.as_map().find(key);
  return it == config.as_map().end() ? Value() : it->second;
}

int64_t ConfigInt(const std::string& proc, const Value& config, const std::string& key,
                  int64_t fallback) {
  Value v = ConfigValue(config, key);
  if (v.is_null()) return fallback;
  if (!v.is_int()) ProcError(proc, "config." + key + " must be an integer");
  return v.as_int();
}

graph::Direction ConfigDirection(const std::string& proc, const Value& config,
                                 graph::Direction fallback) {
  Value v = ConfigValue(config, "direction");
  if (v.is_null()) return fallback;
  std::string d = v.is_string() ? v.as_string() : "";
  for (char& c : d) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (d == "OUT" || d == "OUTGOING") return graph::Direction::kOut;
  if (d == "IN" || d == "INCOMING") return graph::Direction::kIn;
  if (d == "BOTH" || d == "ANY") return graph::Direction::kBoth;
  ProcError(proc, "config.direction must be 'OUT', 'IN' or 'BOTH'");
}

graph::SnapshotSpec SpecFrom(const std::string& proc, const Value& config) {
  graph::SnapshotSpec spec;
  spec.labels = StringList(proc, config, "labels");
  spec.types = StringList(proc, config, "types");
  spec.direction = ConfigDirection(proc, config, graph::Direction::kBoth);
  Value w = ConfigValue(config, "weight");
  if (w.is_string()) spec.weight_property = w.as_string();
  return spec;
}

std::shared_ptr<const graph::CsrGraph> SnapshotFor(ExecContext& ctx, const std::string& proc,
                                                   const graph::SnapshotSpec& spec) {
  auto r = ctx.store().Snapshot(spec);
  if (!r.ok()) ProcError(proc, r.status().ToString());
  return r.value();
}

Value PathFromGraph(ExecContext& ctx, const graph::GraphPath& gp) {
  PathValue p;
  for (auto n : gp.nodes) p.nodes.push_back(NodeValue{n, nullptr});
  for (auto e : gp.edges) {
    RelValue r;
    r.id = e;
    Status s = ctx.txn().GetEdgeEnds(e, &r.src, &r.dst, &r.type);
    if (!s.ok()) ProcError("path", s.ToString());
    p.rels.push_back(r);
  }
  return Value(std::move(p));
}

graph::NodeId NodeArg(const std::string& proc, const Value& v, const char* what) {
  if (!v.is_node()) ProcError(proc, std::string(what) + " must be a node");
  return v.as_node().id;
}

void AddDbProcedures(ProcedureRegistry* r) {
  r->Register(
      ProcedureDef{"db.labels",
                   {},
                   0,
                   {{"label", SType::kString, false}},
                   [](ExecContext& ctx, const std::vector<Value>&, const ProcedureEmit& emit) {
                     for (const auto& [name, count] : ctx.store().CountsByLabel()) {
                       if (count > 0 && !emit({Value(name)})) return;
                     }
                   },
                   "the node labels in use"});
  r->Register(
      ProcedureDef{"db.relationshipTypes",
                   {},
                   0,
                   {{"relationshipType", SType::kString, false}},
                   [](ExecContext& ctx, const std::vector<Value>&, const ProcedureEmit& emit) {
                     for (const auto& [name, count] : ctx.store().CountsByType()) {
                       if (count > 0 && !emit({Value(name)})) return;
                     }
                   },
                   "the relationship types in use"});
  r->Register(
      ProcedureDef{"db.propertyKeys",
                   {},
                   0,
                   {{"propertyKey", SType::kString, false}},
                   [](ExecContext& ctx, const std::vector<Value>&, const ProcedureEmit& emit) {
                     auto names = ctx.store().catalog().Names(graph::CatalogKind::kPropKey);
                     std::sort(names.begin(), names.end());
                     for (const auto& n : names) {
                       if (!emit({Value(n)})) return;
                     }
                   },
                   "every property key the store has seen"});
}

void AddAlgoProcedures(ProcedureRegistry* r) {
  r->Register(
      ProcedureDef{"algo.shortestPath",
                   {{"source", SType::kNode}, {"target", SType::kNode}, {"config", SType::kMap}},
                   2,
                   {{"path", SType::kPath}, {"length", SType::kInt}, {"cost", SType::kFloat}},
                   [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
                     const std::string proc = "algo.shortestPath";
                     if (args[0].is_null() || args[1].is_null()) return;
                     graph::NodeId s = NodeArg(proc, args[0], "source");
                     graph::NodeId t = NodeArg(proc, args[1], "target");
                     Value config = args.size() > 2 ? args[2] : Value();
                     graph::SnapshotSpec spec = SpecFrom(proc, config);
                     auto g = SnapshotFor(ctx, proc, spec);
                     std::optional<graph::GraphPath> path;
                     if (!spec.weight_property.empty()) {
                       auto w = graph::WeightedShortestPath(*g, s, t);
                       if (!w.ok()) ProcError(proc, w.status().ToString());
                       path = w.value();
                     } else {
                       path = graph::ShortestPath(*g, s, t);
                     }
                     if (!path) return;
                     emit({PathFromGraph(ctx, *path),
                           Value(static_cast<int64_t>(path->edges.size())), Value(path->cost)});
                   },
                   "one shortest path between two nodes (hops, or the config.weight property)"});
  r->Register(ProcedureDef{
      "algo.allShortestPaths",
      {{"source", SType::kNode}, {"target", SType::kNode}, {"config", SType::kMap}},
      2,
      {{"path", SType::kPath}, {"length", SType::kInt}},
      [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
        const std::string proc = "algo.allShortestPaths";
        if (args[0].is_null() || args[1].is_null()) return;
        graph::NodeId s = NodeArg(proc, args[0], "source");
        graph::NodeId t = NodeArg(proc, args[1], "target");
        Value config = args.size() > 2 ? args[2] : Value();
        auto g = SnapshotFor(ctx, proc, SpecFrom(proc, config));
        int64_t limit = ConfigInt(proc, config, "limit", 1000);
        for (const auto& p : graph::AllShortestPaths(*g, s, t, static_cast<size_t>(limit))) {
          if (!emit({PathFromGraph(ctx, p), Value(static_cast<int64_t>(p.edges.size()))})) return;
        }
      },
      "every shortest path between two nodes, up to config.limit"});
  r->Register(ProcedureDef{
      "algo.components",
      {{"config", SType::kMap}},
      0,
      {{"node", SType::kNode}, {"component", SType::kInt}},
      [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
        const std::string proc = "algo.components";
        Value config = args.empty() ? Value() : args[0];
        auto g = SnapshotFor(ctx, proc, SpecFrom(proc, config));
        uint32_t count = 0;
        auto comp = graph::ConnectedComponents(*g, &count);
        for (uint32_t v = 0; v < g->num_vertices(); ++v) {
          ctx.Tick();
          if (!emit({Value(NodeValue{g->NodeOf(v), nullptr}), Value(int64_t{comp[v]})})) return;
        }
      },
      "the weakly connected component of every node"});
  r->Register(
      ProcedureDef{"algo.betweenness",
                   {{"config", SType::kMap}},
                   0,
                   {{"node", SType::kNode}, {"score", SType::kFloat}},
                   [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
                     const std::string proc = "algo.betweenness";
                     Value config = args.empty() ? Value() : args[0];
                     auto g = SnapshotFor(ctx, proc, SpecFrom(proc, config));
                     Value norm = ConfigValue(config, "normalized");
                     auto scores = graph::Betweenness(*g, norm.is_bool() ? norm.as_bool() : true);
                     for (uint32_t v = 0; v < g->num_vertices(); ++v) {
                       ctx.Tick();
                       if (!emit({Value(NodeValue{g->NodeOf(v), nullptr}), Value(scores[v])}))
                         return;
                     }
                   },
                   "Brandes betweenness centrality of every node"});
  r->Register(
      ProcedureDef{"algo.degree",
                   {{"config", SType::kMap}},
                   0,
                   {{"node", SType::kNode}, {"degree", SType::kInt}},
                   [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
                     const std::string proc = "algo.degree";
                     Value config = args.empty() ? Value() : args[0];
                     auto g = SnapshotFor(ctx, proc, SpecFrom(proc, config));
                     auto deg = graph::Degrees(*g);
                     for (uint32_t v = 0; v < g->num_vertices(); ++v) {
                       ctx.Tick();
                       if (!emit({Value(NodeValue{g->NodeOf(v), nullptr}),
                                  Value(static_cast<int64_t>(deg[v]))})) {
                         return;
                       }
                     }
                   },
                   "the degree of every node (config.direction: OUT, IN or BOTH)"});
}

void AddSplotProcedures(ProcedureRegistry* r) {
  r->Register(ProcedureDef{
      "splot.search",
      {{"text", SType::kString}, {"limit", SType::kInt}},
      1,
      {{"node", SType::kNode}, {"score", SType::kFloat}},
      [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
        if (args[0].is_null()) return;
        int64_t limit = args.size() > 1 && args[1].is_int() ? args[1].as_int() : 20;
        auto hits = SearchNames(ctx.txn(), ctx.store().folder(), args[0].as_string(),
                                static_cast<size_t>(std::max<int64_t>(limit, 0)));
        if (!hits.ok()) ProcError("splot.search", hits.status().ToString());
        for (const auto& h : hits.value()) {
          if (!emit({Value(NodeValue{h.node, nullptr}), Value(h.score)})) return;
        }
      },
      "entities whose name, alias or translation matches the text, inflection-tolerant, best "
      "first"});
  r->Register(ProcedureDef{
      "splot.link",
      {{"from", SType::kNode}, {"to", SType::kNode}, {"config", SType::kMap}},
      2,
      {{"path", SType::kPath}, {"score", SType::kFloat}},
      [](ExecContext& ctx, const std::vector<Value>& args, const ProcedureEmit& emit) {
        const std::string proc = "splot.link";
        if (args[0].is_null() || args[1].is_null()) return;
        LinkOptions opts;
        Value config = args.size() > 2 ? args[2] : Value();
        opts.via = StringList(proc, config, "via");
        opts.types = StringList(proc, config, "types");
        opts.max_hops = static_cast<int>(ConfigInt(proc, config, "maxHops", 4));
        opts.limit = static_cast<size_t>(ConfigInt(proc, config, "limit", 100));
        if (opts.max_hops < 1) ProcError(proc, "config.maxHops must be at least 1");
        auto links =
            FindLinks(ctx, NodeArg(proc, args[0], "from"), NodeArg(proc, args[1], "to"), opts);
        for (auto& l : links) {
          double score = l.score;
          if (!emit({Value(std::move(l.path)), Value(score)})) return;
        }
      },
      "paths linking two entities through intermediate nodes of the config.via labels, "
      "shortest first"});
}

}  // namespace

std::shared_ptr<ProcedureRegistry> ProcedureRegistry::WithBuiltins() {
  auto r = std::make_shared<ProcedureRegistry>();
  AddDbProcedures(r.get());
  AddAlgoProcedures(r.get());
  AddSplotProcedures(r.get());
  return r;
}

}  // namespace splot::query
