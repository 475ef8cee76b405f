#include "query/search.h"

#include <algorithm>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "query/context.h"

namespace splot::query {

namespace {

// Common Polish inflectional endings (folded: no diacritics), longest first.
const std::vector<std::string>& PolishSuffixes() {
  static const std::vector<std::string> kSuffixes = [] {
    std::vector<std::string> s = {
        "owskiego", "owskiej", "owskich", "owskimi", "owskim", "skiego", "skiemu", "skiej", "skich",
        "skimi",    "ckiego",  "ckiej",   "ckich",   "ckim",   "skim",   "iego",   "iemu",  "owie",
        "dzie",     "owi",     "ami",     "ach",     "ego",    "emu",    "iej",    "ich",   "ymi",
        "imi",      "nie",     "cie",     "ski",     "ska",    "skie",   "sku",    "cki",   "cka",
        "ckie",     "om",      "ow",      "ie",      "ia",     "iu",     "ii",     "em",    "ej",
        "ym",       "im",      "a",       "e",       "i",      "o",      "u",      "y"};
    std::stable_sort(s.begin(), s.end(), [](const std::string& a, const std::string& b) {
      return a.size() > b.size();
    });
    return s;
  }();
  return kSuffixes;
}

constexpr size_t kMinStem = 4;
constexpr size_t kMaxScanPerStem = 20000;

size_t CommonPrefix(std::string_view a, std::string_view b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

double Quality(std::string_view query_word, std::string_view name_word) {
  if (query_word == name_word) return 1.0;
  size_t cp = CommonPrefix(query_word, name_word);
  return 0.9 * static_cast<double>(cp) /
         static_cast<double>(std::max(query_word.size(), name_word.size()));
}

}  // namespace

std::vector<std::string> PolishStems(std::string_view word) {
  std::vector<std::string> out{std::string(word)};
  for (const auto& suffix : PolishSuffixes()) {
    if (word.size() >= suffix.size() + kMinStem &&
        word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0) {
      std::string stem(word.substr(0, word.size() - suffix.size()));
      if (std::find(out.begin(), out.end(), stem) == out.end()) out.push_back(stem);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

Result<std::vector<SearchHit>> SearchNames(graph::Transaction& txn, const NameFolder& folder,
                                           std::string_view text, size_t limit) {
  std::vector<std::string> words = folder.FoldTokens(text);
  std::string full = folder.Fold(text);
  std::vector<SearchHit> hits;
  if (words.empty() || limit == 0) return hits;
  std::unordered_map<graph::NodeId, std::vector<double>> best;
  auto record = [&](graph::NodeId node, size_t wi, double q) {
    auto& v = best[node];
    if (v.empty()) v.assign(words.size(), 0.0);
    v[wi] = std::max(v[wi], q);
  };
  for (size_t wi = 0; wi < words.size(); ++wi) {
    const std::string& w = words[wi];
    for (const std::string& stem : PolishStems(w)) {
      size_t seen = 0;
      SPLOT_RETURN_IF_ERROR(
          txn.ScanNameWords(stem, true, [&](std::string_view word, graph::NodeId n) {
            record(n, wi, Quality(w, word));
            return ++seen < kMaxScanPerStem;
          }));
      seen = 0;
      // One-word names live only in the full-name index; for longer names
      // this scan sees their first word.
      SPLOT_RETURN_IF_ERROR(txn.ScanNames(stem, true, [&](std::string_view name, graph::NodeId n) {
        std::string_view first = name.substr(0, name.find(' '));
        record(n, wi, Quality(w, first));
        return ++seen < kMaxScanPerStem;
      }));
    }
  }
  std::unordered_set<graph::NodeId> exact;
  SPLOT_RETURN_IF_ERROR(txn.ScanNames(full, false, [&](std::string_view, graph::NodeId n) {
    exact.insert(n);
    return true;
  }));
  for (const auto& [node, scores] : best) {
    double sum = 0;
    for (double s : scores) sum += s;
    double score =
        exact.count(node) ? 1.0 : std::min(0.99, sum / static_cast<double>(words.size()));
    bool all_words = exact.count(node) > 0 ||
                     std::all_of(scores.begin(), scores.end(), [](double s) { return s > 0; });
    hits.push_back(SearchHit{node, score, all_words});
  }
  std::sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) {
    return a.score != b.score ? a.score > b.score : a.node < b.node;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

std::vector<Link> FindLinks(ExecContext& ctx, graph::NodeId from, graph::NodeId to,
                            const LinkOptions& options) {
  std::vector<Link> links;
  if (from == to || options.limit == 0) return links;
  std::vector<graph::TypeId> types;
  if (options.types.empty()) {
    types.push_back(graph::kNoCatalogId);
  } else {
    for (const auto& t : options.types) {
      if (auto id = ctx.TypeId(t)) types.push_back(*id);
    }
    if (types.empty()) return links;
  }
  std::unordered_map<graph::NodeId, bool> allowed_cache;
  auto allowed = [&](graph::NodeId n) {
    if (options.via.empty()) return true;
    auto it = allowed_cache.find(n);
    if (it != allowed_cache.end()) return it->second;
    auto node = ctx.Node(n);
    bool ok = false;
    for (const auto& l : options.via) ok = ok || node->HasLabel(l);
    allowed_cache.emplace(n, ok);
    return ok;
  };
  auto neighbors = [&](graph::NodeId u, const std::function<void(const graph::AdjEntry&)>& fn) {
    for (graph::TypeId t : types) {
      auto c = ctx.txn().Edges(u, graph::Direction::kBoth, t);
      for (; c->Valid(); c->Next()) {
        ctx.Tick();
        fn(c->entry());
      }
    }
  };
  // Hop distance to `to` through allowed intermediates, for pruning.
  std::unordered_map<graph::NodeId, int> dist{{to, 0}};
  std::vector<graph::NodeId> frontier{to};
  for (int d = 0; d < options.max_hops - 1 && !frontier.empty(); ++d) {
    std::vector<graph::NodeId> next;
    for (graph::NodeId u : frontier) {
      neighbors(u, [&](const graph::AdjEntry& e) {
        graph::NodeId v = e.neighbor;
        if (dist.count(v) || v == from || !allowed(v)) return;
        dist[v] = d + 1;
        next.push_back(v);
      });
    }
    ctx.Charge(static_cast<int64_t>(next.size() * 48));
    frontier.swap(next);
  }
  // Paths of exactly L hops for L = 1, 2, ...: shortest first.
  std::vector<RelValue> rels;
  std::vector<graph::NodeId> nodes{from};
  std::unordered_set<graph::NodeId> on_path{from};
  std::function<void(graph::NodeId, int)> walk = [&](graph::NodeId u, int remaining) {
    if (links.size() >= options.limit) return;
    std::vector<graph::AdjEntry> entries;
    neighbors(u, [&](const graph::AdjEntry& e) { entries.push_back(e); });
    for (const auto& e : entries) {
      if (links.size() >= options.limit) return;
      graph::NodeId v = e.neighbor;
      RelValue r;
      r.id = e.edge;
      r.type = e.type;
      r.src = e.outgoing ? u : v;
      r.dst = e.outgoing ? v : u;
      if (v == to) {
        if (remaining != 1) continue;
        Link link;
        for (size_t i = 0; i < nodes.size(); ++i)
          link.path.nodes.push_back(NodeValue{nodes[i], nullptr});
        link.path.nodes.push_back(NodeValue{to, nullptr});
        link.path.rels = rels;
        link.path.rels.push_back(r);
        link.score = 1.0 / static_cast<double>(link.path.rels.size());
        links.push_back(std::move(link));
        ctx.Charge(256);
        continue;
      }
      if (remaining <= 1 || on_path.count(v)) continue;
      auto it = dist.find(v);
      if (it == dist.end() || it->second > remaining - 1) continue;
      rels.push_back(r);
      nodes.push_back(v);
      on_path.insert(v);
      walk(v, remaining - 1);
      on_path.erase(v);
      nodes.pop_back();
      rels.pop_back();
    }
  };
  for (int hops = 1; hops <= options.max_hops && links.size() < options.limit; ++hops) {
    walk(from, hops);
  }
  return links;
}

}  // namespace splot::query
