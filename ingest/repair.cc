#include "ingest/repair.h"

#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "ingest/utf8.h"

namespace splot::ingest {
namespace {

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return u_isalpha(static_cast<UChar32>(c));
}

bool IsLatin(char32_t c) {
  if (c < 0x80) return true;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &status) == USCRIPT_LATIN;
}

// The vowels of Polish spelling, either case.
bool IsPolishVowel(char32_t c) {
  static const std::u32string kVowels = U"aeiouyąęóAEIOUYĄĘÓ";
  return kVowels.find(c) != std::u32string::npos;
}

}  // namespace

TextRepairer::TextRepairer(const ontology::RepairRules& rules) : rules_(rules) {
  char32_t max = 0x250;
  for (const auto& l : rules.letters) max = std::max<char32_t>(max, l.from + 1);
  for (const auto& [from, to] : rules.lookalikes) max = std::max<char32_t>(max, from + 1);
  for (char32_t c : rules.polish_letters) max = std::max<char32_t>(max, c + 1);
  kinds_.assign(max, kPlain);
  replacement_.assign(max, 0);
  alone_.assign(max, 0);
  word_final_.assign(max, 0);
  before_vowel_.assign(max, 0);
  for (char32_t c : rules.polish_letters) kinds_[c] |= kPolish;
  for (const auto& l : rules.letters) {
    kinds_[l.from] |= kMisencoded;
    replacement_[l.from] = l.to;
    alone_[l.from] = l.alone;
    word_final_[l.from] = l.word_final;
    before_vowel_[l.from] = l.before_vowel;
  }
  for (const auto& [from, to] : rules.lookalikes) {
    kinds_[from] |= kLookalike;
    replacement_[from] = to;
  }
  for (char32_t c = 0x80; c < kinds_.size(); ++c) {
    if (kinds_[c] & (kMisencoded | kLookalike)) {
      std::string bytes;
      utf8::Append(c, &bytes);
      interesting_lead_[static_cast<unsigned char>(bytes[0])] = true;
    }
  }
  if (rules.nfc) {
    UErrorCode status = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) nfc_ = nullptr;
  }
}

bool TextRepairer::IsMisencoded(char32_t c) const { return KindOf(c) & kMisencoded; }

void TextRepairer::RepairWords(std::u32string* text, RepairCounts* counts) const {
  std::u32string& t = *text;
  const size_t n = t.size();
  auto word_start = [&](size_t i) {
    while (i > 0 && IsLetter(t[i - 1])) --i;
    return i;
  };
  auto word_end = [&](size_t i) {
    while (i < n && IsLetter(t[i])) ++i;
    return i;
  };
  size_t done = 0;  // words before this offset are handled
  for (size_t i = 0; i < n; ++i) {
    if (i < done || !(KindOf(t[i]) & (kMisencoded | kLookalike)) || !IsLetter(t[i])) continue;
    const size_t b = word_start(i);
    const size_t e = word_end(i);
    // The neighbouring words, for look-alike letters standing alone.
    size_t pe = b;
    while (pe > 0 && !IsLetter(t[pe - 1])) --pe;
    const size_t pb = word_start(pe);
    size_t nb = e;
    while (nb < n && !IsLetter(t[nb])) ++nb;
    const size_t ne = word_end(nb);
    RepairWord(text, b, e, pb, pe, nb, ne, counts);
    done = e;
  }
}

void TextRepairer::RepairWord(std::u32string* text, size_t b, size_t e, size_t pb, size_t pe,
                              size_t nb, size_t ne, RepairCounts* counts) const {
  std::u32string& t = *text;
  auto plain_latin = [&](size_t from, size_t to) {
    if (from >= to) return false;
    for (size_t k = from; k < to; ++k) {
      if ((KindOf(t[k]) & kLookalike) || !IsLatin(t[k])) return false;
    }
    return true;
  };
  bool has_misencoded = false, has_lookalike = false, polish_evidence = false;
  bool other_script = false, latin_letters = false;
  for (size_t k = b; k < e; ++k) {
    const uint8_t kind = KindOf(t[k]);
    if (kind & kMisencoded) {
      has_misencoded = true;
      if (alone_[t[k]] || (word_final_[t[k]] && k + 1 == e) ||
          (before_vowel_[t[k]] && k + 1 < e && IsPolishVowel(t[k + 1]))) {
        polish_evidence = true;
      }
    } else if (kind & kLookalike) {
      has_lookalike = true;
    } else {
      if (kind & kPolish) polish_evidence = true;
      if (IsLatin(t[k])) {
        latin_letters = true;
      } else {
        other_script = true;
      }
    }
  }
  if (has_misencoded && polish_evidence && !other_script && !has_lookalike) {
    for (size_t k = b; k < e; ++k) {
      if (KindOf(t[k]) & kMisencoded) {
        t[k] = replacement_[t[k]];
        ++counts->letters;
      }
    }
  }
  if (has_lookalike && !other_script) {
    // Inside a Latin word, or a word of look-alikes only (an initial, a page
    // abbreviation) between Latin words.
    const bool latin_context = latin_letters || plain_latin(pb, pe) || plain_latin(nb, ne);
    if (latin_context) {
      for (size_t k = b; k < e; ++k) {
        if (KindOf(t[k]) & kLookalike) {
          t[k] = replacement_[t[k]];
          ++counts->lookalikes;
        }
      }
    }
  }
}

bool TextRepairer::Repair(std::string* line, RepairCounts* counts) const {
  std::string& s = *line;
  // Most lines hold no letter to repair: look only at the lead bytes such
  // letters start with.
  bool interesting = false;
  bool below_combining = true;  // every code point < U+0300: already NFC
  for (size_t i = 0; i < s.size(); ++i) {
    // Eight ASCII bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0xC0) continue;
    if (b >= 0xCC) below_combining = false;
    if (!interesting_lead_[b]) continue;
    if (b < 0xE0 && i + 1 < s.size()) {
      // A two-byte letter: its code point without the general decoder.
      const char32_t c =
          (static_cast<char32_t>(b & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
      if (KindOf(c) & (kMisencoded | kLookalike)) {
        interesting = true;
        break;
      }
      ++i;
      continue;
    }
    {
      size_t k = i;
      if (KindOf(utf8::Next(s, &k)) & (kMisencoded | kLookalike)) {
        interesting = true;
        break;
      }
    }
  }
  if (interesting) {
    std::u32string text;
    text.reserve(s.size());
    for (size_t i = 0; i < s.size();) text.push_back(utf8::Next(s, &i));
    RepairWords(&text, counts);
    std::string out(text.size() * 4, '\0');
    char* w = out.data();
    for (char32_t c : text) w += utf8::Encode(c, w);
    out.resize(static_cast<size_t>(w - out.data()));
    s.swap(out);
  }
  if (nfc_ && !(below_combining && !interesting)) {
    UErrorCode status = U_ZERO_ERROR;
    if (!nfc_->isNormalizedUTF8(s, status) && U_SUCCESS(status)) {
      std::string out;
      icu::StringByteSink<std::string> sink(&out);
      nfc_->normalizeUTF8(0, s, sink, nullptr, status);
      if (U_SUCCESS(status) && out != s) {
        s.swap(out);
        ++counts->nfc_lines;
        return false;
      }
    }
  }
  return true;
}

}  // namespace splot::ingest
