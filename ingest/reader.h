// The reader: a document file in, clean sentences with provenance out.
//
//   decode -> layout (body / footnotes / page numbers / titles) -> repair ->
//   footnote markers -> unwrap -> sentence segmentation -> provenance
//
// Reader streams: it holds a bounded window of text (the footnote zone of a
// page, the sentences waiting for the footnote bodies their markers point
// to, the first sentences of a section while its country is decided), so its
// memory does not grow with the document.  ReadDocument collects everything
// of one document in memory for callers that want it whole.
//
//   SPLOT_ASSIGN_OR_RETURN(auto reader, ingest::Reader::Open(path, {}));
//   ingest::Sentence s;
//   while (true) {
//     SPLOT_ASSIGN_OR_RETURN(bool more, reader->Next(&s));
//     if (!more) break;
//     ... s.text, s.first_line, s.citations ...
//   }
#ifndef SPLOT_INGEST_READER_H_
#define SPLOT_INGEST_READER_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "ingest/decode.h"
#include "ingest/document.h"
#include "ingest/layout.h"
#include "ingest/markers.h"
#include "ingest/repair.h"
#include "ingest/segment.h"
#include "ontology/text_rules.h"

namespace splot::ingest {

struct ReaderOptions {
  // Forces the encoding (e.g. "windows-1250"); empty means detect.
  std::string encoding;
  // The text rules; when null the reader loads them from
  // ontology::DefaultTextRulesDir().  Share one instance across documents.
  std::shared_ptr<const ontology::TextRules> rules;
  // At most this many sentences wait for footnote bodies; beyond it the
  // oldest is released with its missing bodies unresolved.
  size_t max_pending_sentences = 512;
  // Hash the file before reading it so that DocumentInfo::id and sha256 are
  // known from the start (one extra read of the file).
  bool hash_first = true;
  // ISO-8601 UTC time to record as DocumentInfo::ingested_at; empty = now.
  std::string ingested_at;
};

class Reader {
 public:
  // Opens a document file.  Errors: NotFound for a missing path; the
  // decoder's errors (binary or undecodable content, with the byte offset);
  // the rule loader's errors.
  static Result<std::unique_ptr<Reader>> Open(const std::string& path,
                                              const ReaderOptions& options = {});
  // Reads a document held in memory; `name` is its path in errors and in
  // DocumentInfo.
  static Result<std::unique_ptr<Reader>> FromBytes(std::string bytes, std::string name,
                                                   const ReaderOptions& options = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // What is known about the document: path, size, encoding, hashes (with
  // hash_first), ingest time; the title once the first heading was read.
  const DocumentInfo& info() const { return info_; }

  // Stores the next sentence in *sentence and returns true, or returns false
  // at the end of the document.  Errors: decoding errors met while reading.
  Result<bool> Next(Sentence* sentence);

  // Footnote bodies read since the last call, in the order of the document.
  std::vector<Footnote> TakeFootnotes();
  // Sections whose country was decided since the last call.
  std::vector<Section> TakeSections();

  // Counts so far; final once Next has returned false.
  const ReaderStats& stats() const { return stats_; }

 private:
  struct Piece {
    size_t offset;     // byte offset in flow_
    int line;          // source line
    int64_t src_char;  // code point offset of the piece's first character in the document
  };
  struct FlowMarker {
    size_t offset;  // byte offset in flow_
    int number;
    int line;
    int64_t key;  // NumberKey(epoch, number)
  };
  struct SectionState {
    Section section;
    std::vector<int> mentions;  // per chapter country
    int sentences = 0;
    bool decided = false;
  };
  struct Pending {
    Sentence sentence;
    std::vector<int64_t> keys;  // NumberKey of each marker
    bool followed = false;      // the next sentence (or a hard break) is known
  };

  Reader(std::shared_ptr<const ontology::TextRules> rules, const ReaderOptions& options);
  Status Start(std::unique_ptr<LineDecoder> decoder, const std::string& path, uint64_t size,
               std::string sha256);

  Status Pump();                         // handles one layout event
  void AddBodyLine(LayoutEvent& event);  // takes the event's text
  void AddFootnote(Footnote footnote, int epoch);
  void Segment(bool final);
  // Makes a sentence of flow_[begin, end) with the markers standing in it
  // (and at `end` when `take_end`).
  void MakeSentence(size_t begin, size_t end, bool take_end);
  const Piece& PieceAt(size_t offset) const;
  int64_t SourceChar(size_t offset) const;
  void OpenSection(const std::string& title, int first_line, int last_line);
  void CountCountries(const std::string& text, SectionState* state);
  void MaybeDecide(SectionState* state, bool closing);
  void Release(bool all);

  std::shared_ptr<const ontology::TextRules> rules_;
  ReaderOptions options_;
  DocumentInfo info_;
  ReaderStats stats_;

  std::unique_ptr<LineDecoder> decoder_;
  std::unique_ptr<TextRepairer> repairer_;
  std::unique_ptr<Layout> layout_;
  std::unique_ptr<MarkerScanner> scanner_;
  std::unique_ptr<SentenceSplitter> splitter_;

  std::string line_;                // the body line being added (a reused buffer)
  std::vector<FoundMarker> found_;  // its markers (a reused buffer)
  std::string flow_;                // unwrapped body text not yet segmented
  std::vector<Piece> pieces_;
  std::vector<FlowMarker> markers_;
  std::vector<FlowMarker> carried_markers_;  // ended a line; placed with the next text
  char32_t last_flow_char_ = 0;  // last non-space character of the body text (0 after a break)
  bool have_title_ = false;

  // Country stems by their first letter (stems start with a-z).
  std::vector<std::pair<std::string, int>> stems_by_letter_[26];
  std::deque<SectionState> sections_;  // open sections, oldest first (usually one)
  int next_section_ = 0;
  std::vector<Section> sections_out_;  // decided, not yet taken
  std::string chapter_country_;        // country of the last decided section
  std::string chapter_country_name_;

  std::deque<Pending> pending_;
  std::deque<Sentence> ready_;
  int64_t next_sentence_ = 0;

  // Footnote numbers are keyed by their numbering (epoch), which starts
  // again when a chapter numbers its footnotes from 1.
  bool Settled(int64_t key) const;
  // Adds the counts of a finished numbering to the stats and drops its sets.
  void CloseNumbering(int epoch);
  int epoch_ = 0;
  int closed_epochs_ = 0;  // numberings before this one have all their bodies delivered
  int max_marker_in_epoch_ = 0;
  std::map<int64_t, Citation> bodies_;        // finished bodies (a window)
  int64_t body_frontier_ = 0;                 // key of the highest body finished
  std::map<int64_t, int> first_marker_line_;  // key -> line of its first marker
  std::set<int64_t> marker_numbers_;
  std::set<int64_t> body_numbers_;
  std::vector<Footnote> footnotes_out_;
  bool input_done_ = false;
  bool changed_ = false;  // something that may release a waiting sentence happened
};

// Reads a whole document: its sections, sentences and footnotes, with
// Footnote::sentence_index filled in.  Errors: those of Reader.
Result<Document> ReadDocument(const std::string& path, const ReaderOptions& options = {});
Result<Document> ReadDocumentFromBytes(std::string bytes, std::string name,
                                       const ReaderOptions& options = {});

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string NowUtcIso8601();

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_READER_H_
