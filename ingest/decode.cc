#include "ingest/decode.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

constexpr size_t kChunkBytes = size_t{256} << 10;

std::string Hex(unsigned char b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

bool IsAllowedControl(uint32_t c) { return c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

Status ControlError(std::string_view name, uint32_t unit, uint64_t offset) {
  if (unit == 0) {
    return Status::InvalidArgument(std::string(name) +
                                   ": binary content (NUL byte) at byte offset " +
                                   std::to_string(offset) + "; not a text document");
  }
  return Status::InvalidArgument(std::string(name) + ": binary content (control character " +
                                 Hex(static_cast<unsigned char>(unit)) + ") at byte offset " +
                                 std::to_string(offset) + "; not a text document");
}

// Length of the longest prefix of `s` that is valid UTF-8, allowing a
// sequence cut by the end of `s` when `allow_truncated`.  Sets *bad to the
// offset of the first invalid byte, or to s.size() when all is valid.
size_t ValidUtf8Prefix(std::string_view s, bool allow_truncated, size_t* bad) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const uint8_t b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    // Two-byte sequences (Latin letters with diacritics) are the common case.
    if (b >= 0xC2 && b < 0xE0 && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      i += 2;
      continue;
    }
    const size_t start = i;
    int32_t k = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(p, k, static_cast<int32_t>(n), c);
    if (c >= 0) {
      i = static_cast<size_t>(k);
      continue;
    }
    // A lead byte whose sequence runs past the end may just be cut.
    const int expected = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (allow_truncated && expected > 0 && start + expected > n) {
      bool continuation_ok = true;
      for (size_t j = start + 1; j < n; ++j) continuation_ok &= (p[j] & 0xC0) == 0x80;
      if (continuation_ok) {
        *bad = n;
        return start;
      }
    }
    *bad = start;
    return start;
  }
  *bad = n;
  return n;
}

// Polish letters that Windows-1250 and ISO-8859-2 encode at different bytes:
// ś ź Ś Ź ą Ą.  The other Polish letters share their bytes.
int Cp1250Evidence(std::string_view s) {
  int n = 0;
  for (unsigned char b : s) {
    n += b == 0x9C || b == 0x9F || b == 0x8C || b == 0x8F || b == 0xB9 || b == 0xA5;
  }
  return n;
}
int Iso88592Evidence(std::string_view s) {
  int n = 0;
  for (unsigned char b : s) {
    n += b == 0xB6 || b == 0xBC || b == 0xA6 || b == 0xAC || b == 0xB1 || b == 0xA1;
  }
  return n;
}

// Offset of the first byte `encoding` cannot decode, or npos.
size_t FirstInvalidByte(std::string_view s, const std::string& encoding) {
  if (encoding == "windows-1250") {
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(s[i]);
      if (b == 0x81 || b == 0x83 || b == 0x88 || b == 0x90 || b == 0x98) return i;
    }
    return std::string::npos;
  }
  if (encoding == "ISO-8859-2") {
    for (size_t i = 0; i < s.size(); ++i) {
      unsigned char b = static_cast<unsigned char>(s[i]);
      if (b >= 0x80 && b < 0xA0) return i;  // C1 controls never occur in text
    }
    return std::string::npos;
  }
  size_t bad;
  ValidUtf8Prefix(s, true, &bad);
  return bad == s.size() ? std::string::npos : bad;
}

std::string CanonicalName(const char* icu_name) {
  // ICU's internal names ("ibm-912_P100-1995") mean little to users; the
  // IANA name is the one people know.
  UErrorCode status = U_ZERO_ERROR;
  const char* standard = ucnv_getStandardName(icu_name, "MIME", &status);
  if (U_FAILURE(status) || !standard) {
    status = U_ZERO_ERROR;
    standard = ucnv_getStandardName(icu_name, "IANA", &status);
  }
  std::string n = U_SUCCESS(status) && standard ? standard : icu_name;
  std::string lower = n;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "utf-8" || lower == "utf8") return std::string("UTF-8");
  if (lower == "iso-8859-2" || lower == "iso8859-2" || lower == "latin2" ||
      lower == "iso-8859-2-1999") {
    return "ISO-8859-2";
  }
  if (lower == "windows-1250" || lower == "cp1250" || lower == "ibm-5346_p100-1998") {
    return "windows-1250";
  }
  if (lower == "utf-16le") return std::string("UTF-16LE");
  if (lower == "utf-16be") return std::string("UTF-16BE");
  return n;
}

}  // namespace

Result<std::string> DetectEncoding(std::string_view sample, std::string_view name) {
  const auto* b = reinterpret_cast<const unsigned char*>(sample.data());
  if (sample.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
    return std::string("UTF-8");
  if (sample.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) return std::string("UTF-16LE");
  if (sample.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) return std::string("UTF-16BE");
  for (size_t i = 0; i < sample.size(); ++i) {
    if (b[i] < 0x20 && !IsAllowedControl(b[i])) return ControlError(name, b[i], i);
  }
  // Text that validates as UTF-8 is UTF-8 (ASCII included): 8-bit text
  // practically never forms valid multi-byte sequences by chance, and ICU's
  // own UTF-8 recogniser tests the same validity.  Everything else goes to
  // ICU's detector.
  if (FirstInvalidByte(sample, "UTF-8") == std::string::npos) return std::string("UTF-8");

  // ICU proposes; validation confirms.
  std::vector<std::string> proposals;
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_SUCCESS(status)) {
    ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector, &count, &status);
    for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
      UErrorCode s2 = U_ZERO_ERROR;
      const char* n = ucsdet_getName(matches[i], &s2);
      if (U_SUCCESS(s2) && n) proposals.push_back(CanonicalName(n));
    }
  }
  ucsdet_close(detector);

  const int cp1250 = Cp1250Evidence(sample);
  const int iso = Iso88592Evidence(sample);
  const std::string eight_bit =
      cp1250 > iso   ? "windows-1250"
      : iso > cp1250 ? "ISO-8859-2"
      : std::any_of(b, b + sample.size(), [](unsigned char c) { return c >= 0x80 && c < 0xA0; })
          ? "windows-1250"
          : "ISO-8859-2";
  std::vector<std::string> candidates;
  for (const std::string& p : proposals) {
    std::string c = p;
    // ICU names Western code pages for Central European text with few
    // distinctive letters; the Polish letters decide instead.
    if (p == "ISO-8859-1" || p == "windows-1252" || p == "ISO-8859-2" || p == "windows-1250") {
      c = eight_bit;
    }
    if ((c == "UTF-8" || c == "windows-1250" || c == "ISO-8859-2") &&
        std::find(candidates.begin(), candidates.end(), c) == candidates.end()) {
      candidates.push_back(c);
    }
  }
  for (const char* fallback : {"UTF-8", eight_bit.c_str()}) {
    if (std::find(candidates.begin(), candidates.end(), fallback) == candidates.end()) {
      candidates.push_back(fallback);
    }
  }
  size_t first_bad = 0;
  for (const std::string& c : candidates) {
    size_t bad = FirstInvalidByte(sample, c);
    if (bad == std::string::npos) {
      // UTF-8 is only believed when the sample holds no invalid sequence;
      // 8-bit text almost never validates as UTF-8 by chance.
      return c;
    }
    first_bad = std::max(first_bad, bad);
  }
  return Status::InvalidArgument(std::string(name) +
                                 ": cannot determine the text encoding (not valid UTF-8, "
                                 "Windows-1250 or ISO-8859-2; first undecodable byte at offset " +
                                 std::to_string(first_bad) + "); try --encoding");
}

LineDecoder::~LineDecoder() {
  if (converter_) ucnv_close(converter_);
}

Result<std::unique_ptr<LineDecoder>> LineDecoder::Open(const std::string& path,
                                                       const DecodeOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound(path + ": no such file");
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument(path + ": is a directory, not a document");
  }
  std::unique_ptr<LineDecoder> d(new LineDecoder());
  d->name_ = path;
  d->file_.open(path, std::ios::binary);
  if (!d->file_) return Status::IOError(path + ": cannot open for reading");
  d->size_ = std::filesystem::file_size(path, ec);
  SPLOT_RETURN_IF_ERROR(d->Init(options));
  return d;
}

Result<std::unique_ptr<LineDecoder>> LineDecoder::FromBytes(std::string bytes, std::string name,
                                                            const DecodeOptions& options) {
  std::unique_ptr<LineDecoder> d(new LineDecoder());
  d->name_ = std::move(name);
  d->from_memory_ = true;
  d->size_ = bytes.size();
  d->memory_ = std::move(bytes);
  SPLOT_RETURN_IF_ERROR(d->Init(options));
  return d;
}

bool LineDecoder::ReadRaw() {
  if (input_done_) return false;
  if (from_memory_) {
    size_t take = std::min(kChunkBytes, memory_.size() - memory_pos_);
    raw_.append(memory_, memory_pos_, take);
    memory_pos_ += take;
    if (memory_pos_ >= memory_.size()) {
      input_done_ = true;
      memory_.clear();
      memory_.shrink_to_fit();
    }
    return take > 0;
  }
  const size_t old = raw_.size();
  raw_.resize(old + kChunkBytes);
  file_.read(raw_.data() + old, static_cast<std::streamsize>(kChunkBytes));
  const size_t got = static_cast<size_t>(file_.gcount());
  raw_.resize(old + got);
  if (got < kChunkBytes) input_done_ = true;
  return got > 0;
}

Status LineDecoder::Init(const DecodeOptions& options) {
  while (raw_.size() < options.sample_bytes && ReadRaw()) {
  }
  const std::string_view sample(raw_.data(), std::min(raw_.size(), options.sample_bytes));
  if (options.encoding.empty()) {
    SPLOT_ASSIGN_OR_RETURN(encoding_, DetectEncoding(sample, name_));
  } else {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* probe = ucnv_open(options.encoding.c_str(), &status);
    if (U_FAILURE(status) || !probe) {
      return Status::InvalidArgument(name_ + ": unknown encoding '" + options.encoding + "'");
    }
    encoding_ = CanonicalName(ucnv_getName(probe, &status));
    ucnv_close(probe);
  }
  utf8_ = encoding_ == "UTF-8";
  // A byte-order mark is not text.
  const auto* b = reinterpret_cast<const unsigned char*>(raw_.data());
  size_t bom = 0;
  if (utf8_ && raw_.size() >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) bom = 3;
  if (encoding_ == "UTF-16LE" && raw_.size() >= 2 && b[0] == 0xFF && b[1] == 0xFE) bom = 2;
  if (encoding_ == "UTF-16BE" && raw_.size() >= 2 && b[0] == 0xFE && b[1] == 0xFF) bom = 2;
  raw_.erase(0, bom);
  raw_offset_ = bom;
  if (!utf8_) {
    UErrorCode status = U_ZERO_ERROR;
    converter_ = ucnv_open(encoding_.c_str(), &status);
    if (U_FAILURE(status)) {
      return Status::InvalidArgument(name_ + ": cannot decode encoding '" + encoding_ + "'");
    }
    ucnv_setToUCallBack(converter_, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    unit_size_ = ucnv_getMinCharSize(converter_);
    if (unit_size_ < 1) unit_size_ = 1;
  }
  return Status::OK();
}

Status LineDecoder::CheckControls(size_t size) const {
  const auto* p = reinterpret_cast<const unsigned char*>(raw_.data());
  if (unit_size_ == 2) {
    const bool little = encoding_ == "UTF-16LE" || encoding_ == "UTF-16";
    for (size_t i = 0; i + 1 < size; i += 2) {
      uint32_t unit = little ? (p[i] | (p[i + 1] << 8)) : ((p[i] << 8) | p[i + 1]);
      if (unit < 0x20 && !IsAllowedControl(unit)) return ControlError(name_, unit, raw_offset_ + i);
    }
    return Status::OK();
  }
  if (unit_size_ != 1) return Status::OK();
  // Eight bytes at a time: a word without a byte below 0x20 has no control.
  size_t i = 0;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  while (i + 8 <= size) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    if (!((word - kOnes * 0x20) & ~word & kHighs)) {
      i += 8;
      continue;
    }
    for (size_t k = i; k < i + 8; ++k) {
      if (p[k] < 0x20 && !IsAllowedControl(p[k])) return ControlError(name_, p[k], raw_offset_ + k);
    }
    i += 8;
  }
  for (; i < size; ++i) {
    if (p[i] < 0x20 && !IsAllowedControl(p[i])) return ControlError(name_, p[i], raw_offset_ + i);
  }
  return Status::OK();
}

Status LineDecoder::DecodeMore(bool at_end) {
  if (raw_.empty()) return Status::OK();
  if (utf8_) {
    size_t bad;
    size_t valid = ValidUtf8Prefix(raw_, !at_end, &bad);
    SPLOT_RETURN_IF_ERROR(CheckControls(valid));
    if (bad != raw_.size()) {
      return Status::InvalidArgument(name_ + ": invalid UTF-8 byte " +
                                     Hex(static_cast<unsigned char>(raw_[bad])) +
                                     " at byte offset " + std::to_string(raw_offset_ + bad));
    }
    text_.append(raw_, 0, valid);
    raw_.erase(0, valid);
    raw_offset_ += valid;
    return Status::OK();
  }
  // Whole code units only; a UTF-16 surrogate pair cut by the chunk end is
  // kept by the converter's state.
  size_t usable = raw_.size() - raw_.size() % static_cast<size_t>(unit_size_);
  if (at_end && usable < raw_.size()) {
    return Status::InvalidArgument(name_ + ": input ends inside a character at byte offset " +
                                   std::to_string(raw_offset_ + usable) + " (" + encoding_ + ")");
  }
  SPLOT_RETURN_IF_ERROR(CheckControls(usable));
  std::vector<UChar> units(usable + 4);
  const char* source = raw_.data();
  const char* source_limit = raw_.data() + usable;
  UChar* target = units.data();
  UErrorCode status = U_ZERO_ERROR;
  ucnv_toUnicode(converter_, &target, units.data() + units.size(), &source, source_limit, nullptr,
                 at_end, &status);
  if (U_FAILURE(status)) {
    char invalid[32];
    int8_t invalid_len = sizeof invalid;
    UErrorCode s2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(converter_, invalid, &invalid_len, &s2);
    const uint64_t offset = raw_offset_ + static_cast<uint64_t>(source - raw_.data()) -
                            static_cast<uint64_t>(std::max<int8_t>(invalid_len, 0));
    std::string bytes;
    for (int i = 0; i < invalid_len; ++i) {
      if (i) bytes += ' ';
      bytes += Hex(static_cast<unsigned char>(invalid[i]));
    }
    return Status::InvalidArgument(name_ + ": bytes " + bytes + " at byte offset " +
                                   std::to_string(offset) + " do not decode as " + encoding_);
  }
  const size_t consumed = static_cast<size_t>(source - raw_.data());
  const int32_t n = static_cast<int32_t>(target - units.data());
  // Code pages map their undefined bytes to C1 controls, which text never
  // holds.
  for (int32_t i = 0; i < n; ++i) {
    if (units[i] >= 0x80 && units[i] < 0xA0) {
      const uint64_t offset =
          raw_offset_ + (unit_size_ == 2 ? 2 * static_cast<uint64_t>(i) : static_cast<uint64_t>(i));
      return Status::InvalidArgument(name_ + ": byte at byte offset " + std::to_string(offset) +
                                     " does not decode as " + encoding_ + " (undefined character)");
    }
  }
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U16_NEXT(units.data(), i, n, c);
    utf8::Append(static_cast<char32_t>(c), &text_);
  }
  raw_.erase(0, consumed);
  raw_offset_ += consumed;
  return Status::OK();
}

Result<bool> LineDecoder::NextLine(std::string* line) {
  line->clear();
  while (true) {
    // Look for a terminator in the decoded text.
    size_t i = text_pos_;
    const size_t n = text_.size();
    if (pending_cr_ && i < n) {
      if (text_[i] == '\n') ++i;
      pending_cr_ = false;
      text_pos_ = i;
    }
    {
      // LF ends almost every line; CR and form feed are looked for before it.
      // Whether the decoded text holds CR or form feed at all is known per
      // chunk, so most lines cost one search.
      const char* base = text_.data();
      const void* lf = std::memchr(base + i, '\n', n - i);
      size_t end = lf ? static_cast<const char*>(lf) - base : n;
      if (text_has_cr_) {
        const void* cr = std::memchr(base + i, '\r', end - i);
        if (cr) end = static_cast<const char*>(cr) - base;
      }
      if (text_has_ff_) {
        const void* ff = std::memchr(base + i, '\f', end - i);
        if (ff) end = static_cast<const char*>(ff) - base;
      }
      i = end;
    }
    if (i < n) {
      line->append(text_, text_pos_, i - text_pos_);
      if (text_[i] == '\r') {
        if (i + 1 < n) {
          text_pos_ = i + 1 + (text_[i + 1] == '\n');
        } else {
          text_pos_ = i + 1;
          pending_cr_ = true;
        }
      } else {
        text_pos_ = i + 1;
      }
      ++line_number_;
      return true;
    }
    // No terminator yet: keep the partial line and decode more.
    line->append(text_, text_pos_, n - text_pos_);
    text_.clear();
    text_pos_ = 0;
    const bool more = ReadRaw();
    SPLOT_RETURN_IF_ERROR(DecodeMore(!more && input_done_));
    if (text_.empty() && !more && raw_.empty()) {
      if (line->empty()) return false;
      ++line_number_;
      return true;
    }
    // Re-enter the loop with the partial line kept in *line: move it back
    // in front of the new text so the search starts cleanly.
    text_.insert(0, *line);
    line->clear();
    text_has_cr_ = text_.find('\r') != std::string::npos;
    text_has_ff_ = text_.find('\f') != std::string::npos;
  }
}

}  // namespace splot::ingest
