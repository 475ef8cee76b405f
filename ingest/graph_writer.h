// The graph writer and document registry: what one document contributes
// (ingest/facts.h) goes into the graph store in one write transaction.
//
// - The document becomes a `Document` node (path, title, sha256, size,
//   encoding, ingested_at), keyed by its canonical path.
// - Each cited source becomes a `Source` node (title, year, url) that the
//   document CITES.
// - Each entity is upserted by its canonical key: labels and aliases are
//   unioned, its mention lines and the documents that mention it collected.
// - Each relation becomes an edge with doc, line, lines, evidence, rule,
//   confidence, date, status, amount, currency, goods, agreement, title and,
//   where a footnote applies, source / source_title / source_year /
//   source_url / footnote.  Identical facts stated in several sentences of a
//   document merge into one edge whose evidence and lines list them all.
//
// The registry (meta entries "ingest:doc:<canonical path>") remembers what
// each document contributed.  Writing a file whose SHA-256 is unchanged is a
// no-op; writing a changed file first takes back everything its previous
// version contributed, all in the same transaction, so readers see either
// the old facts or the new ones.
#ifndef SPLOT_INGEST_GRAPH_WRITER_H_
#define SPLOT_INGEST_GRAPH_WRITER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "graph/store.h"
#include "ingest/document.h"
#include "ingest/facts.h"
#include "ingest/reader.h"

namespace splot::ingest {

struct WriterOptions {
  // Edge types whose direction means nothing: a fact stated as B-A merges
  // with A-B.  The ontology's symmetric relations.
  std::vector<std::string> symmetric_types = {"SIGNED_AGREEMENT", "JOINT_VENTURE", "TWINNED_WITH",
                                              "COOPERATES_WITH"};
};

struct WriteReport {
  enum class Outcome { kWritten, kReplaced, kUnchanged };
  Outcome outcome = Outcome::kWritten;
  std::string document_key;   // key of the Document node
  int64_t entities = 0;       // entity nodes written
  int64_t relations = 0;      // relation edges written (after merging identical facts)
  int64_t sources = 0;        // Source nodes written
  int64_t removed_edges = 0;  // edges of the previous version taken back
  int64_t removed_nodes = 0;  // nodes no document mentions any more
};

// What the registry knows about one ingested file.
struct RegisteredDocument {
  std::string path;       // as given when it was ingested
  std::string canonical;  // canonical absolute path, the registry key
  std::string id;         // DocumentInfo::id
  std::string sha256;
  std::string node_key;  // key of its Document node
  std::string ingested_at;
  std::vector<uint64_t> edges;        // edges it contributed
  std::vector<std::string> entities;  // entity keys it contributed to
  std::vector<std::string> sources;   // Source keys it cites
};

// Returns the registry key of `path`: its canonical absolute form.
std::string CanonicalDocumentPath(const std::string& path);

// Writes `facts` into `store` in one transaction (see above).
// Errors: InvalidArgument when a relation names an entity key that is
// neither among facts.entities nor in the store (nothing is written); the
// store's errors.
Result<WriteReport> WriteDocumentFacts(graph::GraphStore* store, const DocumentFacts& facts,
                                       const WriterOptions& options = {});

// Looks up the registry entry of `path` (any spelling of it).
Result<std::optional<RegisteredDocument>> FindRegisteredDocument(graph::GraphStore* store,
                                                                 const std::string& path);

// Every registered document, ordered by canonical path.
Result<std::vector<RegisteredDocument>> ListRegisteredDocuments(graph::GraphStore* store);

// Takes back everything the document at `path` contributed and forgets it.
// Returns false when it was not registered.
Result<bool> RemoveDocument(graph::GraphStore* store, const std::string& path);

// ---- ingesting files and directories ---------------------------------------

// Turns one document into facts.  It reads the document through `reader`
// (streaming); `info` is complete (hashes known).  The recognition and
// extraction stages plug in here.
using Extractor = std::function<Result<DocumentFacts>(Reader& reader, const DocumentInfo& info)>;

// An extractor that reads the document and contributes its Document node
// and the sources its footnotes cite, without entities or relations.
Extractor CitationsOnlyExtractor();

struct IngestProgress {
  std::string path;        // the file being read (or just read)
  int64_t files_done = 0;  // files finished, this one included once done
  int64_t files_total = 0;
  uint64_t bytes_done = 0;   // sizes of the finished files
  uint64_t bytes_total = 0;  // sizes of all files to ingest
};

struct IngestOptions {
  ReaderOptions reader;  // encoding, rules, ...
  WriterOptions writer;
  // Files taken from directories: these extensions (lowercase, with the
  // dot); files named explicitly are always taken.  Hidden entries are
  // skipped.
  std::vector<std::string> extensions = {".txt", ".text"};
  bool recursive = true;
  // Called before each file with its path and after it with its outcome,
  // with the running totals; for progress bars.  Always on the calling
  // thread.
  std::function<void(const IngestProgress&)> progress;
  // Documents read and extracted at once.  Above 1 the extractor runs on
  // that many worker threads (it must be thread-safe, as a Pipeline's is),
  // a few documents ahead of the calling thread, which writes them in file
  // order: the store ends up exactly as after a run on one thread.
  int threads = 1;
};

struct IngestedFile {
  enum class Outcome { kWritten, kReplaced, kUnchanged, kFailed };
  std::string path;
  Outcome outcome = Outcome::kFailed;
  Status error;  // for kFailed: names the path and, for bad content, the offset
  WriteReport report;
  ReaderStats stats;  // what the reader counted (not for kUnchanged)
};

struct IngestReport {
  std::vector<IngestedFile> files;
  int64_t written = 0, replaced = 0, unchanged = 0, failed = 0;
};

// Ingests every file named in `paths` and every matching file under the
// directories among them, in sorted order, one transaction per file,
// extracting options.threads documents at once.  A file that cannot be read
// is reported and the others still go in.
// Errors: NotFound when a path does not exist (before anything is written).
Result<IngestReport> IngestPaths(graph::GraphStore* store, const std::vector<std::string>& paths,
                                 const IngestOptions& options, const Extractor& extract);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_GRAPH_WRITER_H_
