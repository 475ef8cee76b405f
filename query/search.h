// Entity search and linking behind splot.search and splot.link.
//
// Search is folded (case, diacritics and ł do not matter) and tolerant of
// Polish inflection: each query word is matched against the words of the
// indexed names (name, aliases, name_en, name_ru) through prefix scans of
// the name index with light suffix stripping, so "Grodnie", "grodzieński" and
// "obwodu grodzieńskiego" all reach "obwód grodzieński".
#ifndef SPLOT_QUERY_SEARCH_H_
#define SPLOT_QUERY_SEARCH_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/fold.h"
#include "base/result.h"
#include "graph/store.h"
#include "query/value.h"

namespace splot::query {

class ExecContext;

struct SearchHit {
  graph::NodeId node = 0;
  double score = 0;  // 0..1, higher is better; 1 for an exact name match
  // Every word of the query matched a word of the node's names (a partial
  // hit matched only some: "obwód" of "obwód bałkański").
  bool all_words = false;
};

// Returns the stems to try for a folded word, longest first: the word and
// the word without each common Polish inflectional ending, never shorter
// than four letters.
std::vector<std::string> PolishStems(std::string_view folded_word);

// Finds nodes whose indexed names match `text`, best first, at most `limit`.
Result<std::vector<SearchHit>> SearchNames(graph::Transaction& txn, const NameFolder& folder,
                                           std::string_view text, size_t limit);

struct LinkOptions {
  std::vector<std::string> via;    // labels allowed on intermediate nodes; empty = any
  std::vector<std::string> types;  // relationship types to follow; empty = any
  int max_hops = 4;
  size_t limit = 100;
};

struct Link {
  PathValue path;
  double score = 0;  // 1 / hops: shorter links score higher
};

// Simple paths (no node twice) from `from` to `to`, in either direction,
// whose intermediate nodes carry one of `via` labels; shortest first.
std::vector<Link> FindLinks(ExecContext& ctx, graph::NodeId from, graph::NodeId to,
                            const LinkOptions& options);

}  // namespace splot::query

#endif  // SPLOT_QUERY_SEARCH_H_
