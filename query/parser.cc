#include "query/parser.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>

#include "base/fold.h"
#include "query/lexer.h"

namespace splot::query {

namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Words that cannot name a variable where an expression is expected.
const std::set<std::string>& ReservedWords() {
  // Only words that start a clause or structure a CASE: anything else (BY,
  // ENDS, IN, ...) cannot begin an expression anyway, so it stays usable as
  // a name.
  static const std::set<std::string> kWords = {
      "MATCH",  "OPTIONAL", "WHERE",  "WITH",   "RETURN", "CREATE", "MERGE", "SET",
      "REMOVE", "DELETE",   "DETACH", "UNWIND", "CALL",   "YIELD",  "UNION", "ORDER",
      "SKIP",   "LIMIT",    "WHEN",   "THEN",   "ELSE",   "END"};
  return kWords;
}

// Splits the magnitude of an integer literal (decimal, 0x hex or 0o octal).
// Returns false on overflow past 2^63 (which is allowed only after a minus).
bool ParseIntMagnitude(const std::string& text, uint64_t* out) {
  int base = 10;
  size_t start = 0;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    start = 2;
  } else if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O')) {
    base = 8;
    start = 2;
  }
  uint64_t v = 0;
  const uint64_t limit = uint64_t{1} << 63;
  for (size_t i = start; i < text.size(); ++i) {
    char c = text[i];
    uint64_t d = std::isdigit(static_cast<unsigned char>(c))
                     ? static_cast<uint64_t>(c - '0')
                     : static_cast<uint64_t>(std::tolower(c) - 'a' + 10);
    if (v > (limit - d) / static_cast<uint64_t>(base)) return false;
    v = v * static_cast<uint64_t>(base) + d;
  }
  *out = v;
  return v <= limit;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(Tokenize(text)) {}

  Statement Statement_() {
    Statement st;
    if (IsKeyword("EXPLAIN")) {
      Next();
      st.mode = ExplainMode::kExplain;
    } else if (IsKeyword("PROFILE")) {
      Next();
      st.mode = ExplainMode::kProfile;
    }
    st.parts.push_back(ParseSingleQuery());
    while (IsKeyword("UNION")) {
      st.union_pos = Cur().pos;
      Next();
      bool all = false;
      if (IsKeyword("ALL")) {
        Next();
        all = true;
      }
      st.union_all.push_back(all);
      st.parts.push_back(ParseSingleQuery());
    }
    if (IsSymbol(";")) Next();
    if (Cur().kind != TokenKind::kEnd) Fail("a clause keyword or the end of the query");
    return st;
  }

  ExprPtr SingleExpression() {
    ExprPtr e = Expression();
    if (Cur().kind != TokenKind::kEnd) Fail("the end of the expression");
    return e;
  }

 private:
  // ---- token helpers ---------------------------------------------------
  const Token& Cur() const { return tokens_[pos_]; }
  const Token& Ahead(size_t k) const { return tokens_[std::min(pos_ + k, tokens_.size() - 1)]; }
  void Next() {
    if (pos_ + 1 < tokens_.size()) {
      prev_end_ = tokens_[pos_].end_offset;
      ++pos_;
    }
  }
  bool IsSymbol(std::string_view s, size_t k = 0) const {
    const Token& t = Ahead(k);
    return t.kind == TokenKind::kSymbol && t.text == s;
  }
  bool IsKeyword(std::string_view kw, size_t k = 0) const {
    const Token& t = Ahead(k);
    return t.kind == TokenKind::kIdent && EqualsAsciiIgnoreCase(t.text, kw);
  }
  bool AcceptSymbol(std::string_view s) {
    if (!IsSymbol(s)) return false;
    Next();
    return true;
  }
  bool AcceptKeyword(std::string_view kw) {
    if (!IsKeyword(kw)) return false;
    Next();
    return true;
  }
  void ExpectSymbol(std::string_view s) {
    if (!AcceptSymbol(s)) Fail("'" + std::string(s) + "'");
  }
  void ExpectKeyword(std::string_view kw) {
    if (!AcceptKeyword(kw)) Fail(std::string(kw));
  }
  [[noreturn]] void Fail(const std::string& expected) const {
    ThrowSyntax("UnexpectedSyntax", Cur().pos,
                "expected " + expected + ", found " + DescribeToken(Cur()));
  }
  [[noreturn]] void FailAt(const Token& t, const std::string& detail,
                           const std::string& msg) const {
    ThrowSyntax(detail, t.pos, msg);
  }

  bool IsName() const {
    return Cur().kind == TokenKind::kIdent || Cur().kind == TokenKind::kQuotedIdent;
  }
  // A symbolic name: a plain (non-reserved) or quoted identifier.
  std::string Name(const std::string& what) {
    if (Cur().kind == TokenKind::kQuotedIdent ||
        (Cur().kind == TokenKind::kIdent && !ReservedWords().count(Upper(Cur().text)))) {
      std::string s = Cur().text;
      Next();
      return s;
    }
    Fail(what);
  }
  // Any identifier, reserved words included (property keys, labels, types).
  std::string AnyName(const std::string& what) {
    if (!IsName()) Fail(what);
    std::string s = Cur().text;
    Next();
    return s;
  }
  bool IsVariableStart() const {
    return Cur().kind == TokenKind::kQuotedIdent ||
           (Cur().kind == TokenKind::kIdent && !ReservedWords().count(Upper(Cur().text)));
  }

  struct DepthGuard {
    DepthGuard(Parser* p) : parser(p) {
      if (++parser->nesting_ > kMaxNesting) {
        ThrowSyntax("UnexpectedSyntax", parser->Cur().pos,
                    "the query is nested too deeply (more than " + std::to_string(kMaxNesting) +
                        " levels)");
      }
    }
    ~DepthGuard() { --parser->nesting_; }
    Parser* parser;
  };

  ExprPtr Make(ExprKind kind, SourcePos pos) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    return e;
  }
  // Finishes an expression built from `args`: its end and depth.
  ExprPtr Finish(ExprPtr e) {
    e->end_offset = prev_end_;
    int d = 0;
    for (const auto& a : e->args) {
      if (a) d = std::max(d, a->depth);
    }
    e->depth = d + 1;
    if (e->depth > kMaxExpressionDepth) {
      ThrowSyntax("UnexpectedSyntax", e->pos,
                  "the expression is nested too deeply (more than " +
                      std::to_string(kMaxExpressionDepth) + " levels)");
    }
    return e;
  }
  ExprPtr Binary(ExprKind kind, ExprPtr a, ExprPtr b, uint8_t op = 0) {
    auto e = Make(kind, a->pos);
    e->op = op;
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return Finish(std::move(e));
  }
  ExprPtr Unary(ExprKind kind, SourcePos pos, ExprPtr a) {
    auto e = Make(kind, pos);
    e->args.push_back(std::move(a));
    return Finish(std::move(e));
  }

  // ---- clauses -----------------------------------------------------------
  SingleQuery ParseSingleQuery() {
    SingleQuery q;
    q.pos = Cur().pos;
    while (true) {
      if (Cur().kind == TokenKind::kEnd || IsKeyword("UNION") || IsSymbol(";")) break;
      q.clauses.push_back(ParseClause());
    }
    if (q.clauses.empty()) Fail("a clause (MATCH, RETURN, CREATE, ...)");
    return q;
  }

  std::unique_ptr<Clause> ParseClause() {
    SourcePos pos = Cur().pos;
    std::unique_ptr<Clause> c;
    if (IsKeyword("OPTIONAL") || IsKeyword("MATCH")) {
      auto m = std::make_unique<MatchClause>();
      if (AcceptKeyword("OPTIONAL")) m->optional = true;
      ExpectKeyword("MATCH");
      m->pattern = ParsePattern();
      if (AcceptKeyword("WHERE")) m->where = Expression();
      c = std::move(m);
    } else if (AcceptKeyword("UNWIND")) {
      auto u = std::make_unique<UnwindClause>();
      u->list = Expression();
      ExpectKeyword("AS");
      u->alias_pos = Cur().pos;
      u->alias = Name("a variable name");
      c = std::move(u);
    } else if (AcceptKeyword("WITH")) {
      auto w = std::make_unique<WithClause>();
      ParseProjection(&w->body);
      if (AcceptKeyword("WHERE")) w->where = Expression();
      c = std::move(w);
    } else if (AcceptKeyword("RETURN")) {
      auto r = std::make_unique<ReturnClause>();
      ParseProjection(&r->body);
      c = std::move(r);
    } else if (AcceptKeyword("CREATE")) {
      auto cr = std::make_unique<CreateClause>();
      cr->pattern = ParsePattern();
      c = std::move(cr);
    } else if (AcceptKeyword("MERGE")) {
      auto m = std::make_unique<MergeClause>();
      m->part = ParsePatternPart();
      while (IsKeyword("ON")) {
        Next();
        bool on_create = false;
        if (AcceptKeyword("CREATE")) {
          on_create = true;
        } else if (!AcceptKeyword("MATCH")) {
          Fail("CREATE or MATCH after ON");
        }
        ExpectKeyword("SET");
        auto& items = on_create ? m->on_create : m->on_match;
        do {
          items.push_back(ParseSetItem());
        } while (AcceptSymbol(","));
      }
      c = std::move(m);
    } else if (AcceptKeyword("SET")) {
      auto s = std::make_unique<SetClause>();
      do {
        s->items.push_back(ParseSetItem());
      } while (AcceptSymbol(","));
      c = std::move(s);
    } else if (AcceptKeyword("REMOVE")) {
      auto r = std::make_unique<RemoveClause>();
      do {
        RemoveItem item;
        item.pos = Cur().pos;
        ExprPtr target = PostfixExpression(false);
        if (IsSymbol(":")) {
          if (target->kind != ExprKind::kVariable) Fail("a variable before the labels");
          item.labels = ParseLabels();
        } else if (target->kind != ExprKind::kProperty) {
          Fail("a property (n.key) or labels (n:Label) to remove");
        }
        item.target = std::move(target);
        r->items.push_back(std::move(item));
      } while (AcceptSymbol(","));
      c = std::move(r);
    } else if (IsKeyword("DETACH") || IsKeyword("DELETE")) {
      auto d = std::make_unique<DeleteClause>();
      if (AcceptKeyword("DETACH")) d->detach = true;
      ExpectKeyword("DELETE");
      do {
        d->targets.push_back(Expression());
      } while (AcceptSymbol(","));
      c = std::move(d);
    } else if (AcceptKeyword("CALL")) {
      c = ParseCall();
    } else {
      Fail(
          "a clause (MATCH, OPTIONAL MATCH, WITH, RETURN, UNWIND, CREATE, MERGE, SET, REMOVE, "
          "DELETE, CALL)");
    }
    c->pos = pos;
    return c;
  }

  std::unique_ptr<Clause> ParseCall() {
    auto call = std::make_unique<CallClause>();
    std::string name = AnyName("a procedure name");
    while (AcceptSymbol(".")) name += "." + AnyName("a procedure name");
    call->procedure = name;
    if (AcceptSymbol("(")) {
      call->explicit_args = true;
      if (!IsSymbol(")")) {
        do {
          call->args.push_back(Expression());
        } while (AcceptSymbol(","));
      }
      ExpectSymbol(")");
    }
    if (AcceptKeyword("YIELD")) {
      call->has_yield = true;
      if (AcceptSymbol("*")) {
        call->yield_star = true;
      } else {
        do {
          YieldItem y;
          y.pos = Cur().pos;
          y.field = AnyName("a procedure output name");
          y.alias = y.field;
          if (AcceptKeyword("AS")) {
            y.pos = Cur().pos;
            y.alias = Name("a variable name");
          }
          call->yields.push_back(std::move(y));
        } while (AcceptSymbol(","));
        if (AcceptKeyword("WHERE")) call->where = Expression();
      }
    }
    return call;
  }

  void ParseProjection(ProjectionBody* body) {
    if (AcceptKeyword("DISTINCT")) body->distinct = true;
    if (AcceptSymbol("*")) {
      body->star = true;
      if (!AcceptSymbol(",")) goto tail;
    }
    do {
      ProjectionItem item;
      size_t start = Cur().pos.offset;
      item.alias_pos = Cur().pos;
      item.expr = Expression();
      if (AcceptKeyword("AS")) {
        item.alias_pos = Cur().pos;
        item.alias = Name("a column name");
        item.explicit_alias = true;
      } else {
        item.alias = std::string(text_.substr(start, prev_end_ - start));
      }
      body->items.push_back(std::move(item));
    } while (AcceptSymbol(","));
  tail:
    if (IsKeyword("ORDER")) {
      body->order_pos = Cur().pos;
      Next();
      ExpectKeyword("BY");
      do {
        SortItem s;
        s.expr = Expression();
        if (AcceptKeyword("DESC") || AcceptKeyword("DESCENDING")) {
          s.descending = true;
        } else if (AcceptKeyword("ASC") || AcceptKeyword("ASCENDING")) {
          s.descending = false;
        }
        body->order_by.push_back(std::move(s));
      } while (AcceptSymbol(","));
    }
    if (AcceptKeyword("SKIP")) body->skip = Expression();
    if (AcceptKeyword("LIMIT")) body->limit = Expression();
  }

  SetItem ParseSetItem() {
    SetItem item;
    item.pos = Cur().pos;
    ExprPtr target = PostfixExpression(false);
    if (IsSymbol(":")) {
      if (target->kind != ExprKind::kVariable) Fail("a variable before the labels");
      item.kind = SetItemKind::kLabels;
      item.labels = ParseLabels();
      item.target = std::move(target);
      return item;
    }
    if (target->kind == ExprKind::kProperty) {
      item.kind = SetItemKind::kProperty;
      ExpectSymbol("=");
    } else if (target->kind == ExprKind::kVariable) {
      if (AcceptSymbol("+=")) {
        item.kind = SetItemKind::kMergeMap;
      } else {
        ExpectSymbol("=");
        item.kind = SetItemKind::kReplaceMap;
      }
    } else {
      Fail("a property (n.key), a variable or labels to set");
    }
    item.target = std::move(target);
    item.value = Expression();
    return item;
  }

  // ---- patterns ---------------------------------------------------------
  Pattern ParsePattern() {
    Pattern p;
    do {
      p.push_back(ParsePatternPart());
    } while (AcceptSymbol(","));
    return p;
  }

  std::shared_ptr<PatternPart> ParsePatternPart() {
    auto part = std::make_shared<PatternPart>();
    part->pos = Cur().pos;
    if (IsVariableStart() && IsSymbol("=", 1)) {
      part->path_var = Name("a path variable");
      Next();  // '='
    }
    if ((IsKeyword("shortestPath") || IsKeyword("allShortestPaths")) && IsSymbol("(", 1)) {
      part->function =
          IsKeyword("shortestPath") ? PathFunction::kShortest : PathFunction::kAllShortest;
      Next();
      Next();
      ParsePatternElement(part.get());
      ExpectSymbol(")");
      return part;
    }
    ParsePatternElement(part.get());
    return part;
  }

  void ParsePatternElement(PatternPart* part) {
    DepthGuard guard(this);
    // A parenthesised element: ((a)-->(b)).
    if (IsSymbol("(") && IsSymbol("(", 1)) {
      Next();
      ParsePatternElement(part);
      ExpectSymbol(")");
      return;
    }
    part->nodes.push_back(ParseNodePattern());
    while (IsSymbol("-") || (IsSymbol("<") && IsSymbol("-", 1))) {
      part->rels.push_back(ParseRelPattern());
      part->nodes.push_back(ParseNodePattern());
    }
  }

  std::vector<std::string> ParseLabels() {
    std::vector<std::string> labels;
    while (AcceptSymbol(":")) labels.push_back(AnyName("a label name"));
    return labels;
  }

  ExprPtr ParseProperties() {
    if (IsSymbol("{")) return MapLiteral();
    if (Cur().kind == TokenKind::kParam) {
      auto e = Make(ExprKind::kParameter, Cur().pos);
      e->name = Cur().text;
      Next();
      return Finish(std::move(e));
    }
    return nullptr;
  }

  NodePattern ParseNodePattern() {
    NodePattern n;
    n.pos = Cur().pos;
    ExpectSymbol("(");
    if (IsVariableStart()) n.var = Name("a variable name");
    n.labels = ParseLabels();
    n.props = ParseProperties();
    ExpectSymbol(")");
    return n;
  }

  RelPattern ParseRelPattern() {
    RelPattern r;
    r.pos = Cur().pos;
    bool left = AcceptSymbol("<");
    ExpectSymbol("-");
    if (AcceptSymbol("[")) {
      if (IsVariableStart()) r.var = Name("a variable name");
      if (AcceptSymbol(":")) {
        r.types.push_back(AnyName("a relationship type"));
        while (AcceptSymbol("|")) {
          AcceptSymbol(":");
          r.types.push_back(AnyName("a relationship type"));
        }
      }
      if (IsSymbol("..")) {
        ThrowSyntax("InvalidRelationshipPattern", Cur().pos,
                    "a length range needs '*' before it, as in [:T*1..3]");
      }
      if (AcceptSymbol("*")) {
        if (IsSymbol("-")) {
          ThrowSyntax("InvalidRelationshipPattern", Cur().pos,
                      "relationship length bounds must be non-negative integers");
        }
        r.var_length = true;
        r.min_hops = 1;
        r.max_hops = -1;
        if (Cur().kind == TokenKind::kInt) {
          r.min_hops = RangeBound();
          r.max_hops = r.min_hops;
          if (AcceptSymbol("..")) {
            r.max_hops = Cur().kind == TokenKind::kInt ? RangeBound() : -1;
          }
        } else if (AcceptSymbol("..")) {
          r.max_hops = Cur().kind == TokenKind::kInt ? RangeBound() : -1;
        }
      }
      r.props = ParseProperties();
      ExpectSymbol("]");
    }
    ExpectSymbol("-");
    bool right = AcceptSymbol(">");
    r.dir = left && !right   ? RelDirection::kIn
            : right && !left ? RelDirection::kOut
                             : RelDirection::kBoth;
    return r;
  }

  int64_t RangeBound() {
    uint64_t v = 0;
    if (!ParseIntMagnitude(Cur().text, &v) || v > static_cast<uint64_t>(INT64_MAX)) {
      FailAt(Cur(), "IntegerOverflow", "range bound out of range");
    }
    Next();
    return static_cast<int64_t>(v);
  }

  // Tries to parse a relationship pattern (at least one relationship) at
  // the current position; restores the position and returns nullptr when
  // the text there is not one.
  std::shared_ptr<PatternPart> TryRelationshipsPattern(bool allow_path_var) {
    size_t saved = pos_;
    size_t saved_end = prev_end_;
    try {
      auto part = std::make_shared<PatternPart>();
      part->pos = Cur().pos;
      if (allow_path_var && IsVariableStart() && IsSymbol("=", 1)) {
        part->path_var = Name("a path variable");
        Next();
      }
      if (!IsSymbol("(")) throw QueryException(QueryError{});
      ParsePatternElement(part.get());
      if (part->rels.empty()) throw QueryException(QueryError{});
      return part;
    } catch (const QueryException& e) {
      // Nesting errors are real: re-parsing as an expression would hit them again.
      if (e.error().message.find("nested too deeply") != std::string::npos) throw;
      pos_ = saved;
      prev_end_ = saved_end;
      return nullptr;
    }
  }

  // ---- expressions --------------------------------------------------------
 public:
  ExprPtr Expression() {
    DepthGuard guard(this);
    return OrExpr();
  }

 private:
  ExprPtr OrExpr() {
    ExprPtr e = XorExpr();
    while (AcceptKeyword("OR")) e = Binary(ExprKind::kOr, std::move(e), XorExpr());
    return e;
  }
  ExprPtr XorExpr() {
    ExprPtr e = AndExpr();
    while (AcceptKeyword("XOR")) e = Binary(ExprKind::kXor, std::move(e), AndExpr());
    return e;
  }
  ExprPtr AndExpr() {
    ExprPtr e = NotExpr();
    while (AcceptKeyword("AND")) e = Binary(ExprKind::kAnd, std::move(e), NotExpr());
    return e;
  }
  ExprPtr NotExpr() {
    if (IsKeyword("NOT")) {
      DepthGuard guard(this);
      SourcePos pos = Cur().pos;
      Next();
      return Unary(ExprKind::kNot, pos, NotExpr());
    }
    return ComparisonExpr();
  }

  bool AtComparisonOp(CompareOp* op) const {
    if (Cur().kind != TokenKind::kSymbol) return false;
    const std::string& t = Cur().text;
    if (t == "=")
      *op = CompareOp::kEq;
    else if (t == "<>" || t == "!=")
      *op = CompareOp::kNe;
    else if (t == "<")
      *op = CompareOp::kLt;
    else if (t == ">")
      *op = CompareOp::kGt;
    else if (t == "<=")
      *op = CompareOp::kLe;
    else if (t == ">=")
      *op = CompareOp::kGe;
    else
      return false;
    return true;
  }

  ExprPtr ComparisonExpr() {
    ExprPtr first = PredicateExpr();
    CompareOp op;
    if (!AtComparisonOp(&op)) return first;
    // a < b < c means a < b AND b < c.
    std::vector<ExprPtr> operands;
    std::vector<CompareOp> ops;
    operands.push_back(std::move(first));
    while (AtComparisonOp(&op)) {
      Next();
      ops.push_back(op);
      operands.push_back(PredicateExpr());
    }
    ExprPtr result;
    for (size_t i = 0; i < ops.size(); ++i) {
      ExprPtr lhs = i == 0 ? std::move(operands[0]) : Clone(*operands[i]);
      ExprPtr cmp =
          Binary(ExprKind::kCompare, std::move(lhs),
                 i + 1 == ops.size() ? std::move(operands[i + 1]) : Clone(*operands[i + 1]),
                 static_cast<uint8_t>(ops[i]));
      result = result ? Binary(ExprKind::kAnd, std::move(result), std::move(cmp)) : std::move(cmp);
    }
    return result;
  }

  ExprPtr Clone(const Expr& e) {
    auto c = std::make_unique<Expr>();
    c->kind = e.kind;
    c->pos = e.pos;
    c->end_offset = e.end_offset;
    c->depth = e.depth;
    c->name = e.name;
    c->name2 = e.name2;
    c->literal = e.literal;
    for (const auto& a : e.args) c->args.push_back(a ? Clone(*a) : nullptr);
    c->keys = e.keys;
    c->map_items = e.map_items;
    c->op = e.op;
    c->distinct = e.distinct;
    c->case_has_test = e.case_has_test;
    c->case_has_else = e.case_has_else;
    c->pattern = e.pattern;  // patterns are shared: both copies bind the same
    return c;
  }

  ExprPtr PredicateExpr() {
    ExprPtr e = AddExpr();
    while (true) {
      if (IsKeyword("IN")) {
        Next();
        e = Binary(ExprKind::kIn, std::move(e), AddExpr());
      } else if (IsKeyword("STARTS") && IsKeyword("WITH", 1)) {
        Next();
        Next();
        e = Binary(ExprKind::kStartsWith, std::move(e), AddExpr());
      } else if (IsKeyword("ENDS") && IsKeyword("WITH", 1)) {
        Next();
        Next();
        e = Binary(ExprKind::kEndsWith, std::move(e), AddExpr());
      } else if (IsKeyword("CONTAINS")) {
        Next();
        e = Binary(ExprKind::kContains, std::move(e), AddExpr());
      } else if (IsSymbol("=~")) {
        Next();
        e = Binary(ExprKind::kRegex, std::move(e), AddExpr());
      } else if (IsKeyword("IS")) {
        Next();
        bool negated = AcceptKeyword("NOT");
        ExpectKeyword("NULL");
        auto n = Make(negated ? ExprKind::kIsNotNull : ExprKind::kIsNull, e->pos);
        n->args.push_back(std::move(e));
        e = Finish(std::move(n));
      } else {
        return e;
      }
    }
  }

  ExprPtr AddExpr() {
    ExprPtr e = MulExpr();
    while (true) {
      if (IsSymbol("+")) {
        Next();
        e = Binary(ExprKind::kArith, std::move(e), MulExpr(), static_cast<uint8_t>(ArithOp::kAdd));
      } else if (IsSymbol("-")) {
        Next();
        e = Binary(ExprKind::kArith, std::move(e), MulExpr(), static_cast<uint8_t>(ArithOp::kSub));
      } else {
        return e;
      }
    }
  }

  ExprPtr MulExpr() {
    ExprPtr e = PowExpr();
    while (true) {
      ArithOp op;
      if (IsSymbol("*"))
        op = ArithOp::kMul;
      else if (IsSymbol("/"))
        op = ArithOp::kDiv;
      else if (IsSymbol("%"))
        op = ArithOp::kMod;
      else
        return e;
      Next();
      e = Binary(ExprKind::kArith, std::move(e), PowExpr(), static_cast<uint8_t>(op));
    }
  }

  ExprPtr PowExpr() {
    ExprPtr e = UnaryExpr();
    while (IsSymbol("^")) {
      Next();
      e = Binary(ExprKind::kArith, std::move(e), UnaryExpr(), static_cast<uint8_t>(ArithOp::kPow));
    }
    return e;
  }

  ExprPtr UnaryExpr() {
    if (IsSymbol("-") || IsSymbol("+")) {
      DepthGuard guard(this);
      bool minus = IsSymbol("-");
      SourcePos pos = Cur().pos;
      Next();
      // -9223372036854775808 is a literal, not the negation of an overflow.
      if (minus && Cur().kind == TokenKind::kInt && !IsPostfixAhead()) {
        uint64_t mag = 0;
        const Token& t = Cur();
        if (!ParseIntMagnitude(t.text, &mag)) {
          FailAt(t, "IntegerOverflow", "integer literal -" + t.text + " is out of range");
        }
        auto e = Make(ExprKind::kLiteral, pos);
        e->literal = Value(static_cast<int64_t>(0 - mag));
        Next();
        return Finish(std::move(e));
      }
      ExprPtr operand = UnaryExpr();
      return Unary(minus ? ExprKind::kNegate : ExprKind::kPlus, pos, std::move(operand));
    }
    return PostfixExpression(true);
  }

  // Whether the token after the current one continues a postfix expression
  // (so "-1.x" or "-1[0]" is not folded into a literal).
  bool IsPostfixAhead() const { return IsSymbol(".", 1) || IsSymbol("[", 1); }

  ExprPtr PostfixExpression(bool allow_labels) {
    ExprPtr e = Atom();
    while (true) {
      if (IsSymbol(".")) {
        Next();
        auto p = Make(ExprKind::kProperty, e->pos);
        p->name = AnyName("a property key name");
        p->args.push_back(std::move(e));
        e = Finish(std::move(p));
      } else if (IsSymbol("[")) {
        DepthGuard guard(this);
        Next();
        ExprPtr from, to;
        bool slice = false;
        if (AcceptSymbol("..")) {
          slice = true;
          if (!IsSymbol("]")) to = Expression();
        } else {
          from = Expression();
          if (AcceptSymbol("..")) {
            slice = true;
            if (!IsSymbol("]")) to = Expression();
          }
        }
        ExpectSymbol("]");
        auto x = Make(slice ? ExprKind::kSlice : ExprKind::kIndex, e->pos);
        x->args.push_back(std::move(e));
        x->args.push_back(std::move(from));
        if (slice) x->args.push_back(std::move(to));
        e = Finish(std::move(x));
      } else if (allow_labels && IsSymbol(":") &&
                 (Ahead(1).kind == TokenKind::kIdent || Ahead(1).kind == TokenKind::kQuotedIdent)) {
        auto l = Make(ExprKind::kLabelCheck, e->pos);
        l->keys = ParseLabels();
        l->args.push_back(std::move(e));
        e = Finish(std::move(l));
      } else {
        return e;
      }
    }
  }

  ExprPtr Literal(Value v, SourcePos pos) {
    auto e = Make(ExprKind::kLiteral, pos);
    e->literal = std::move(v);
    Next();
    return Finish(std::move(e));
  }

  ExprPtr Atom() {
    const Token& t = Cur();
    SourcePos pos = t.pos;
    switch (t.kind) {
      case TokenKind::kInt: {
        uint64_t mag = 0;
        if (!ParseIntMagnitude(t.text, &mag) || mag > static_cast<uint64_t>(INT64_MAX)) {
          FailAt(t, "IntegerOverflow", "integer literal " + t.text + " is out of range");
        }
        return Literal(Value(static_cast<int64_t>(mag)), pos);
      }
      case TokenKind::kFloat: {
        errno = 0;
        double d = std::strtod(t.text.c_str(), nullptr);
        if (std::isinf(d) || errno == ERANGE) {
          if (std::isinf(d) || std::fabs(d) > 1) {
            FailAt(t, "FloatingPointOverflow", "float literal " + t.text + " is out of range");
          }
        }
        return Literal(Value(d), pos);
      }
      case TokenKind::kString:
        return Literal(Value(t.text), pos);
      case TokenKind::kParam: {
        auto e = Make(ExprKind::kParameter, pos);
        e->name = t.text;
        Next();
        return Finish(std::move(e));
      }
      case TokenKind::kSymbol:
        if (t.text == "[") return ListAtom();
        if (t.text == "{") return MapLiteral();
        if (t.text == "(") return ParenAtom();
        Fail("an expression");
      case TokenKind::kQuotedIdent:
        return VariableOrCall();
      case TokenKind::kIdent: {
        std::string up = Upper(t.text);
        if (up == "TRUE") return Literal(Value(true), pos);
        if (up == "FALSE") return Literal(Value(false), pos);
        if (up == "NULL") return Literal(Value(), pos);
        if (up == "CASE") return CaseExpr();
        if (up == "COUNT" && IsSymbol("(", 1) && IsSymbol("*", 2) && IsSymbol(")", 3)) {
          Next();
          Next();
          Next();
          Next();
          return Finish(Make(ExprKind::kCountStar, pos));
        }
        if ((up == "ALL" || up == "ANY" || up == "NONE" || up == "SINGLE") && IsSymbol("(", 1) &&
            (Ahead(2).kind == TokenKind::kIdent || Ahead(2).kind == TokenKind::kQuotedIdent) &&
            IsKeyword("IN", 3)) {
          return Quantifier();
        }
        if (up == "REDUCE" && IsSymbol("(", 1)) return Reduce();
        if (up == "EXISTS" && IsSymbol("{", 1)) return ExistsSubquery();
        if (ReservedWords().count(up)) Fail("an expression");
        return VariableOrCall();
      }
      case TokenKind::kEnd:
        Fail("an expression");
    }
    Fail("an expression");
  }

  ExprPtr VariableOrCall() {
    SourcePos pos = Cur().pos;
    std::string name = Cur().text;
    bool quoted = Cur().kind == TokenKind::kQuotedIdent;
    // A (possibly namespaced) function call: a.b.c(...)
    size_t k = 1;
    std::string full = name;
    while (!quoted && IsSymbol(".", k) && (Ahead(k + 1).kind == TokenKind::kIdent) && true) {
      size_t j = k + 2;
      if (IsSymbol("(", j) || IsSymbol(".", j)) {
        full += "." + Ahead(k + 1).text;
        k = j;
        if (IsSymbol("(", k)) break;
        continue;
      }
      break;
    }
    if (IsSymbol("(", k) && (k > 1 || true)) {
      if (k == 1 && quoted) {
        // `name`(...) is still a call
      }
      for (size_t i = 0; i < k; ++i) Next();
      return CallArgs(full, pos);
    }
    Next();
    auto v = Make(ExprKind::kVariable, pos);
    v->name = name;
    ExprPtr e = Finish(std::move(v));
    if (IsSymbol("{")) return MapProjection(std::move(e));
    return e;
  }

  ExprPtr CallArgs(const std::string& name, SourcePos pos) {
    DepthGuard guard(this);
    ExpectSymbol("(");
    auto f = Make(ExprKind::kFunction, pos);
    f->name = name;
    if (AcceptKeyword("DISTINCT")) f->distinct = true;
    if (!IsSymbol(")")) {
      do {
        f->args.push_back(Expression());
      } while (AcceptSymbol(","));
    }
    ExpectSymbol(")");
    return Finish(std::move(f));
  }

  ExprPtr MapProjection(ExprPtr base) {
    DepthGuard guard(this);
    auto m = Make(ExprKind::kMapProjection, base->pos);
    m->args.push_back(std::move(base));
    ExpectSymbol("{");
    if (!IsSymbol("}")) {
      do {
        if (AcceptSymbol(".")) {
          if (AcceptSymbol("*")) {
            m->map_items.push_back(MapItemKind::kAllProperties);
            m->keys.emplace_back();
            m->args.push_back(nullptr);
          } else {
            m->map_items.push_back(MapItemKind::kProperty);
            m->keys.push_back(AnyName("a property key name"));
            m->args.push_back(nullptr);
          }
        } else if (IsName() && IsSymbol(":", 1)) {
          m->map_items.push_back(MapItemKind::kLiteral);
          m->keys.push_back(AnyName("a key"));
          Next();
          m->args.push_back(Expression());
        } else {
          SourcePos vp = Cur().pos;
          std::string var = Name("a property selector (.key), a key: value pair or a variable");
          auto v = Make(ExprKind::kVariable, vp);
          v->name = var;
          m->map_items.push_back(MapItemKind::kVariable);
          m->keys.push_back(var);
          m->args.push_back(Finish(std::move(v)));
        }
      } while (AcceptSymbol(","));
    }
    ExpectSymbol("}");
    return Finish(std::move(m));
  }

  ExprPtr MapLiteral() {
    DepthGuard guard(this);
    auto m = Make(ExprKind::kMap, Cur().pos);
    ExpectSymbol("{");
    if (!IsSymbol("}")) {
      do {
        std::string key = AnyName("a map key");
        ExpectSymbol(":");
        m->keys.push_back(key);
        m->args.push_back(Expression());
      } while (AcceptSymbol(","));
    }
    ExpectSymbol("}");
    return Finish(std::move(m));
  }

  ExprPtr ListAtom() {
    DepthGuard guard(this);
    SourcePos pos = Cur().pos;
    // [x IN list WHERE p | e]
    if ((Ahead(1).kind == TokenKind::kIdent || Ahead(1).kind == TokenKind::kQuotedIdent) &&
        IsKeyword("IN", 2)) {
      Next();
      auto c = Make(ExprKind::kListComprehension, pos);
      c->name = Name("a variable name");
      ExpectKeyword("IN");
      c->args.push_back(Expression());
      c->args.push_back(AcceptKeyword("WHERE") ? Expression() : nullptr);
      c->args.push_back(AcceptSymbol("|") ? Expression() : nullptr);
      ExpectSymbol("]");
      return Finish(std::move(c));
    }
    // [(a)-->(b) WHERE p | e]
    if (IsSymbol("(", 1) || IsSymbol("=", 2)) {
      size_t saved = pos_;
      size_t saved_end = prev_end_;
      Next();
      auto part = TryRelationshipsPattern(true);
      if (part && (IsKeyword("WHERE") || IsSymbol("|"))) {
        auto c = Make(ExprKind::kPatternComprehension, pos);
        c->pattern = part;
        c->args.push_back(AcceptKeyword("WHERE") ? Expression() : nullptr);
        ExpectSymbol("|");
        c->args.push_back(Expression());
        ExpectSymbol("]");
        return Finish(std::move(c));
      }
      pos_ = saved;
      prev_end_ = saved_end;
    }
    auto l = Make(ExprKind::kList, pos);
    ExpectSymbol("[");
    if (!IsSymbol("]")) {
      do {
        l->args.push_back(Expression());
      } while (AcceptSymbol(","));
    }
    ExpectSymbol("]");
    return Finish(std::move(l));
  }

  ExprPtr ParenAtom() {
    DepthGuard guard(this);
    SourcePos pos = Cur().pos;
    if (auto part = TryRelationshipsPattern(false)) {
      auto p = Make(ExprKind::kPatternPredicate, pos);
      p->pattern = part;
      return Finish(std::move(p));
    }
    ExpectSymbol("(");
    ExprPtr e = Expression();
    ExpectSymbol(")");
    return e;
  }

  ExprPtr CaseExpr() {
    DepthGuard guard(this);
    auto c = Make(ExprKind::kCase, Cur().pos);
    Next();
    if (!IsKeyword("WHEN")) {
      c->case_has_test = true;
      c->args.push_back(Expression());
    }
    if (!IsKeyword("WHEN")) Fail("WHEN");
    while (AcceptKeyword("WHEN")) {
      c->args.push_back(Expression());
      ExpectKeyword("THEN");
      c->args.push_back(Expression());
    }
    if (AcceptKeyword("ELSE")) {
      c->case_has_else = true;
      c->args.push_back(Expression());
    }
    ExpectKeyword("END");
    return Finish(std::move(c));
  }

  ExprPtr Quantifier() {
    DepthGuard guard(this);
    auto q = Make(ExprKind::kQuantifier, Cur().pos);
    q->name2 = Upper(Cur().text);
    Next();
    ExpectSymbol("(");
    q->name = Name("a variable name");
    ExpectKeyword("IN");
    q->args.push_back(Expression());
    q->args.push_back(AcceptKeyword("WHERE") ? Expression() : nullptr);
    ExpectSymbol(")");
    return Finish(std::move(q));
  }

  ExprPtr Reduce() {
    DepthGuard guard(this);
    auto r = Make(ExprKind::kReduce, Cur().pos);
    Next();
    ExpectSymbol("(");
    r->name2 = Name("an accumulator variable");
    ExpectSymbol("=");
    r->args.push_back(Expression());
    ExpectSymbol(",");
    r->name = Name("a variable name");
    ExpectKeyword("IN");
    r->args.push_back(Expression());
    ExpectSymbol("|");
    r->args.push_back(Expression());
    ExpectSymbol(")");
    return Finish(std::move(r));
  }

  ExprPtr ExistsSubquery() {
    DepthGuard guard(this);
    auto x = Make(ExprKind::kExistsSubquery, Cur().pos);
    Next();
    ExpectSymbol("{");
    // The short form: EXISTS { [MATCH] pattern [WHERE predicate] }.
    size_t saved = pos_, saved_end = prev_end_;
    bool simple = false;
    try {
      AcceptKeyword("MATCH");
      Pattern p = ParsePattern();
      ExprPtr where = AcceptKeyword("WHERE") ? Expression() : nullptr;
      if (p.size() == 1 && IsSymbol("}")) {
        x->pattern = p[0];
        x->args.push_back(std::move(where));
        simple = true;
      }
    } catch (const QueryException& e) {
      if (e.error().message.find("nested too deeply") != std::string::npos) throw;
    }
    if (!simple) {
      // A full subquery: clauses up to the closing brace.
      pos_ = saved;
      prev_end_ = saved_end;
      auto q = std::make_shared<SingleQuery>();
      q->pos = Cur().pos;
      while (!IsSymbol("}")) {
        if (Cur().kind == TokenKind::kEnd) Fail("'}'");
        q->clauses.push_back(ParseClause());
      }
      if (q->clauses.empty()) Fail("a pattern or clauses inside EXISTS { }");
      x->subquery = std::move(q);
      x->args.push_back(nullptr);
    }
    ExpectSymbol("}");
    return Finish(std::move(x));
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  size_t prev_end_ = 0;
  int nesting_ = 0;
};

}  // namespace

Statement ParseStatement(std::string_view text) { return Parser(text).Statement_(); }

ExprPtr ParseExpression(std::string_view text) { return Parser(text).SingleExpression(); }

}  // namespace splot::query
