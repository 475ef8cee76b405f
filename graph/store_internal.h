// Column-family indexes shared by the files that implement GraphStore.
#ifndef SPLOT_GRAPH_STORE_INTERNAL_H_
#define SPLOT_GRAPH_STORE_INTERNAL_H_

namespace splot::graph::internal {

// Order matches kCfNames in store.cc.
struct CfIndex {
  enum : int {
    kDefault = 0,
    kMeta = 1,
    kCatalog = 2,
    kNodes = 3,
    kEdges = 4,
    kOut = 5,
    kIn = 6,
    kLabel = 7,
    kName = 8,
    kKey = 9,
  };
};

}  // namespace splot::graph::internal

#endif  // SPLOT_GRAPH_STORE_INTERNAL_H_
