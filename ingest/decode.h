// Decoding: bytes of a document in, UTF-8 lines out.
//
// Accepted: UTF-8 with or without a byte-order mark, UTF-16 with a BOM,
// Windows-1250 and ISO-8859-2 (and, when forced, any encoding ICU knows).
// Without a BOM the encoding is detected with ICU's charset detector on the
// first bytes and confirmed by validating them; the Polish letters that the
// two 8-bit code pages place differently settle between those two.  A binary
// file (NUL or other control bytes) or bytes that do not decode are refused
// with the path and the byte offset of the first offending byte.
//
// Lines are split at LF, CR LF, CR and form feed (PDF page breaks); the
// terminators are not part of the lines.
#ifndef SPLOT_INGEST_DECODE_H_
#define SPLOT_INGEST_DECODE_H_

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

struct UConverter;

namespace splot::ingest {

struct DecodeOptions {
  // Forces an encoding (any name ICU accepts, e.g. "windows-1250"); empty
  // means detect.
  std::string encoding;
  // How many leading bytes detection looks at.
  size_t sample_bytes = size_t{64} << 10;
};

// Returns the canonical name of the encoding of `sample` (the first bytes of
// a document): "UTF-8", "UTF-16LE", "UTF-16BE", "windows-1250" or
// "ISO-8859-2".  `name` prefixes errors.
// Errors: InvalidArgument "<name>: binary content ... at byte offset N" or
// "<name>: cannot determine the text encoding ...".
Result<std::string> DetectEncoding(std::string_view sample, std::string_view name);

// Streams a document as decoded, validated UTF-8 lines.
class LineDecoder {
 public:
  // Opens `path`.  Errors: NotFound/IOError naming the path; the errors of
  // DetectEncoding; InvalidArgument for an unknown forced encoding.
  static Result<std::unique_ptr<LineDecoder>> Open(const std::string& path,
                                                   const DecodeOptions& options);
  // Decodes bytes held in memory; `name` stands for the path in errors.
  static Result<std::unique_ptr<LineDecoder>> FromBytes(std::string bytes, std::string name,
                                                        const DecodeOptions& options);
  ~LineDecoder();
  LineDecoder(const LineDecoder&) = delete;
  LineDecoder& operator=(const LineDecoder&) = delete;

  // The encoding in use (canonical name).
  const std::string& encoding() const { return encoding_; }
  // Size of the input in bytes.
  uint64_t size() const { return size_; }

  // Stores the next line in *line and returns true, or returns false at the
  // end.  Errors: InvalidArgument "<name>: ... at byte offset N" for bytes
  // that do not decode or a control character (binary content).
  Result<bool> NextLine(std::string* line);

  // The 1-based number of the line last returned.
  int line_number() const { return line_number_; }

 private:
  LineDecoder() = default;
  Status Init(const DecodeOptions& options);
  // Reads more raw bytes into raw_; returns false at end of input.
  bool ReadRaw();
  // Decodes as much of raw_ as possible into text_.
  Status DecodeMore(bool at_end);
  // Refuses control characters other than tab, LF, CR and form feed in the
  // first `size` bytes of raw_ (code units of unit_size_ bytes).
  Status CheckControls(size_t size) const;

  std::string name_;
  std::ifstream file_;
  std::string memory_;  // input held in memory (FromBytes)
  size_t memory_pos_ = 0;
  bool from_memory_ = false;
  bool input_done_ = false;
  uint64_t size_ = 0;

  std::string encoding_;
  bool utf8_ = true;
  UConverter* converter_ = nullptr;

  std::string raw_;          // undecoded bytes
  uint64_t raw_offset_ = 0;  // file offset of raw_[0]
  std::string text_;         // decoded UTF-8 not yet returned
  size_t text_pos_ = 0;
  int unit_size_ = 1;  // bytes per code unit of the input (2 for UTF-16)
  bool pending_cr_ = false;
  bool text_has_cr_ = true;  // text_ may hold a CR or a form feed
  bool text_has_ff_ = true;
  int line_number_ = 0;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_DECODE_H_
