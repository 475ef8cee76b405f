#include "query/lexer.h"

#include <unicode/uchar.h>

#include <cctype>

namespace splot::query {

namespace {

// Decodes the UTF-8 code point at text[i]; sets *len to its byte length
// (1 for malformed bytes, which decode as U+FFFD).
uint32_t DecodeAt(std::string_view text, size_t i, size_t* len) {
  auto c = static_cast<unsigned char>(text[i]);
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + static_cast<size_t>(n) > text.size()) {
    *len = 1;
    return 0xFFFD;
  }
  uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < n; ++k) {
    auto cc = static_cast<unsigned char>(text[i + static_cast<size_t>(k)]);
    if ((cc & 0xC0) != 0x80) {
      *len = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *len = static_cast<size_t>(n);
  return cp;
}

bool IsIdentStartCp(uint32_t cp) {
  if (cp < 0x80) return std::isalpha(static_cast<int>(cp)) || cp == '_';
  return u_isIDStart(static_cast<UChar32>(cp));
}
bool IsIdentPartCp(uint32_t cp) {
  if (cp < 0x80) return std::isalnum(static_cast<int>(cp)) || cp == '_';
  return u_isIDPart(static_cast<UChar32>(cp));
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    while (true) {
      bool space = SkipSpaceAndComments();
      Token t;
      t.space_before = space;
      t.pos = Pos();
      if (i_ >= text_.size()) {
        t.kind = TokenKind::kEnd;
        t.end_offset = i_;
        out.push_back(std::move(t));
        return out;
      }
      Lex(&t);
      t.end_offset = i_;
      out.push_back(std::move(t));
    }
  }

 private:
  SourcePos Pos() const { return SourcePos{line_, column_, i_}; }

  char Peek(size_t ahead = 0) const { return i_ + ahead < text_.size() ? text_[i_ + ahead] : '\0'; }

  void Advance() {
    if (i_ >= text_.size()) return;
    unsigned char c = static_cast<unsigned char>(text_[i_]);
    ++i_;
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80) {
      // Columns count code points: continuation bytes do not move them.
      ++column_;
    }
  }

  bool SkipSpaceAndComments() {
    bool any = false;
    while (i_ < text_.size()) {
      unsigned char c = static_cast<unsigned char>(text_[i_]);
      if (std::isspace(c)) {
        Advance();
        any = true;
      } else if (c == '/' && Peek(1) == '/') {
        while (i_ < text_.size() && text_[i_] != '\n') Advance();
        any = true;
      } else if (c == '/' && Peek(1) == '*') {
        SourcePos start = Pos();
        Advance();
        Advance();
        while (i_ < text_.size() && !(text_[i_] == '*' && Peek(1) == '/')) Advance();
        if (i_ >= text_.size()) ThrowSyntax("UnexpectedSyntax", start, "unterminated comment");
        Advance();
        Advance();
        any = true;
      } else if (c == 0xC2 && Peek(1) == '\xA0') {  // no-break space
        Advance();
        Advance();
        any = true;
      } else {
        break;
      }
    }
    return any;
  }

  void Lex(Token* t) {
    unsigned char c = static_cast<unsigned char>(text_[i_]);
    if (std::isdigit(c) || (c == '.' && std::isdigit(static_cast<unsigned char>(Peek(1))))) {
      LexNumber(t);
    } else if (IdentStartHere()) {
      t->kind = TokenKind::kIdent;
      size_t start = i_;
      SkipIdentPart();
      t->text = std::string(text_.substr(start, i_ - start));
    } else if (c == '`') {
      t->kind = TokenKind::kQuotedIdent;
      Advance();
      while (true) {
        if (i_ >= text_.size())
          ThrowSyntax("UnexpectedSyntax", t->pos, "unterminated `identifier`");
        if (text_[i_] == '`') {
          if (Peek(1) == '`') {  // `` inside a quoted name is one backtick
            t->text.push_back('`');
            Advance();
            Advance();
            continue;
          }
          Advance();
          break;
        }
        t->text.push_back(text_[i_]);
        Advance();
      }
    } else if (c == '\'' || c == '"') {
      LexString(t, static_cast<char>(c));
    } else if (c == '$') {
      t->kind = TokenKind::kParam;
      Advance();
      if (Peek() == '`') {
        Token q;
        q.pos = Pos();
        Lex(&q);
        t->text = q.text;
      } else {
        size_t start = i_;
        SkipIdentPart();
        if (start == i_)
          ThrowSyntax("UnexpectedSyntax", t->pos, "expected a parameter name after '$'");
        t->text = std::string(text_.substr(start, i_ - start));
      }
    } else {
      LexSymbol(t);
    }
  }

  bool IdentStartHere() const {
    size_t len;
    return i_ < text_.size() && IsIdentStartCp(DecodeAt(text_, i_, &len));
  }
  bool IdentPartHere() const {
    size_t len;
    return i_ < text_.size() && IsIdentPartCp(DecodeAt(text_, i_, &len));
  }
  void SkipIdentPart() {
    while (IdentPartHere()) {
      size_t len;
      DecodeAt(text_, i_, &len);
      for (size_t k = 0; k < len; ++k) Advance();
    }
  }

  void LexSymbol(Token* t) {
    static const char* kTwo[] = {"<>", "!=", "<=", ">=", "=~", "+=", "..", "->", "<-"};
    t->kind = TokenKind::kSymbol;
    for (const char* s : kTwo) {
      if (Peek() == s[0] && Peek(1) == s[1]) {
        // Arrows are left to the parser as separate characters: "<-" and "->"
        // are lexed as '<' '-' and '-' '>' so "a<-1" stays a comparison.
        if (s[0] == '-' || (s[0] == '<' && s[1] == '-')) break;
        t->text = s;
        Advance();
        Advance();
        return;
      }
    }
    unsigned char c = static_cast<unsigned char>(Peek());
    static const std::string kOne = "()[]{},.:;|+-*/%^=<>";
    if (kOne.find(static_cast<char>(c)) == std::string::npos || c >= 0x80) {
      size_t len;
      DecodeAt(text_, i_, &len);
      std::string shown(text_.substr(i_, len));
      if (c >= 0x80) {
        ThrowSyntax("InvalidUnicodeCharacter", t->pos,
                    "unexpected character '" + shown +
                        "' (use ASCII operators: '-' not a dash, quotes not typographic ones)");
      }
      ThrowSyntax("UnexpectedSyntax", t->pos, "unexpected character '" + shown + "'");
    }
    t->text = std::string(1, static_cast<char>(c));
    Advance();
  }

  void LexNumber(Token* t) {
    size_t start = i_;
    bool is_float = false;
    if (Peek() == '0' && (Peek(1) == 'x' || Peek(1) == 'X')) {
      Advance();
      Advance();
      size_t digits = i_;
      while (std::isxdigit(static_cast<unsigned char>(Peek()))) Advance();
      if (digits == i_ || IdentPartHere()) BadNumber(t, start);
    } else if (Peek() == '0' && (Peek(1) == 'o' || Peek(1) == 'O')) {
      Advance();
      Advance();
      size_t digits = i_;
      while (Peek() >= '0' && Peek() <= '7') Advance();
      if (digits == i_ || IdentPartHere()) BadNumber(t, start);
    } else {
      while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
      if (Peek() == '.' && std::isdigit(static_cast<unsigned char>(Peek(1)))) {
        is_float = true;
        Advance();
        while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
      }
      if (Peek() == 'e' || Peek() == 'E') {
        size_t k = 1;
        if (Peek(1) == '+' || Peek(1) == '-') k = 2;
        if (std::isdigit(static_cast<unsigned char>(Peek(k)))) {
          is_float = true;
          for (size_t j = 0; j < k; ++j) Advance();
          while (std::isdigit(static_cast<unsigned char>(Peek()))) Advance();
        }
      }
      if (IdentPartHere()) BadNumber(t, start);
    }
    t->kind = is_float ? TokenKind::kFloat : TokenKind::kInt;
    t->text = std::string(text_.substr(start, i_ - start));
  }

  [[noreturn]] void BadNumber(Token* t, size_t start) {
    SkipIdentPart();
    ThrowSyntax("InvalidNumberLiteral", t->pos,
                "invalid number literal '" + std::string(text_.substr(start, i_ - start)) + "'");
  }

  void LexString(Token* t, char quote) {
    t->kind = TokenKind::kString;
    Advance();
    while (true) {
      if (i_ >= text_.size())
        ThrowSyntax("UnexpectedSyntax", t->pos, "unterminated string literal");
      char c = text_[i_];
      if (c == quote) {
        Advance();
        return;
      }
      if (c != '\\') {
        t->text.push_back(c);
        Advance();
        continue;
      }
      SourcePos esc = Pos();
      Advance();
      char e = Peek();
      Advance();
      switch (e) {
        case '\\':
          t->text.push_back('\\');
          break;
        case '\'':
          t->text.push_back('\'');
          break;
        case '"':
          t->text.push_back('"');
          break;
        case 'b':
        case 'B':
          t->text.push_back('\b');
          break;
        case 'f':
        case 'F':
          t->text.push_back('\f');
          break;
        case 'n':
        case 'N':
          t->text.push_back('\n');
          break;
        case 'r':
        case 'R':
          t->text.push_back('\r');
          break;
        case 't':
        case 'T':
          t->text.push_back('\t');
          break;
        case 'u':
        case 'U': {
          int n = e == 'u' ? 4 : 8;
          uint32_t cp = 0;
          for (int k = 0; k < n; ++k) {
            char h = Peek();
            if (!std::isxdigit(static_cast<unsigned char>(h))) {
              ThrowSyntax("InvalidUnicodeLiteral", esc,
                          "invalid unicode escape: \\" + std::string(1, e) + " needs " +
                              std::to_string(n) + " hex digits");
            }
            cp = cp * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h))
                                                     ? h - '0'
                                                     : std::tolower(h) - 'a' + 10);
            Advance();
          }
          if (cp > 0x10FFFF) ThrowSyntax("InvalidUnicodeLiteral", esc, "code point out of range");
          AppendUtf8(&t->text, cp);
          break;
        }
        default:
          // Unknown escapes keep the backslash, as Neo4j does.
          t->text.push_back('\\');
          t->text.push_back(e);
      }
    }
  }

  std::string_view text_;
  size_t i_ = 0;
  int line_ = 1;
  int column_ = 1;
};

}  // namespace

std::vector<Token> Tokenize(std::string_view text) { return Lexer(text).Run(); }

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "the end of the query";
    case TokenKind::kString:
      return "a string literal";
    case TokenKind::kInt:
    case TokenKind::kFloat:
      return "'" + token.text + "'";
    case TokenKind::kParam:
      return "'$" + token.text + "'";
    case TokenKind::kQuotedIdent:
      return "`" + token.text + "`";
    default:
      return "'" + token.text + "'";
  }
}

}  // namespace splot::query
