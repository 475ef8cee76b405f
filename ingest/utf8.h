// Small UTF-8 helpers shared by the reader's stages.  Input is valid UTF-8
// (the decoder guarantees it); nothing here allocates.
#ifndef SPLOT_INGEST_UTF8_H_
#define SPLOT_INGEST_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace splot::ingest::utf8 {

// Decodes the code point starting at s[*i] and advances *i past it.
inline char32_t Next(std::string_view s, size_t* i) {
  const auto b0 = static_cast<unsigned char>(s[*i]);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
  char32_t c = b0 & (0x3F >> (len - 1));
  size_t end = std::min(s.size(), *i + len);
  size_t j = *i + 1;
  for (; j < end; ++j) c = (c << 6) | (static_cast<unsigned char>(s[j]) & 0x3F);
  *i = j;
  return c;
}

// Decodes the code point ending just before s[*i] and moves *i to its start.
inline char32_t Prev(std::string_view s, size_t* i) {
  size_t j = *i;
  do {
    --j;
  } while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80);
  size_t k = j;
  char32_t c = Next(s, &k);
  *i = j;
  return c;
}

// Writes the UTF-8 form of `c` at `out` (room for 4 bytes) and returns its length.
inline size_t Encode(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

inline void Append(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Number of code points in `s`: bytes that are not continuation bytes
// (10xxxxxx), counted eight at a time.
inline int64_t Length(std::string_view s) {
  int64_t continuation = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // One bit per continuation byte, moved to the byte's low bit and summed
    // by a multiplication (no popcount instruction needed).
    const uint64_t ones = ((w & ~(w << 1)) & 0x8080808080808080ULL) >> 7;
    continuation += static_cast<int64_t>((ones * 0x0101010101010101ULL) >> 56);
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return static_cast<int64_t>(s.size()) - continuation;
}

inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
inline bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x2007 || c == 0x202F;
}

}  // namespace splot::ingest::utf8

#endif  // SPLOT_INGEST_UTF8_H_
