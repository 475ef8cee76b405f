// Relation extraction through the whole pipeline on the cases of
// relations.test (see the head of that file for its format).
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/fold.h"
#include "graph/store.h"
#include "ingest/graph_writer.h"
#include "ingest/pipeline.h"
#include "ingest/reader.h"

namespace splot::ingest {
namespace {

// A document opens with a heading and a sentence that name the partner
// country often enough for the reader to make it the chapter's country.
constexpr char kDefaultPreamble[] =
    "WSPÓŁPRACA Z UZBEKISTANEM\n\n"
    "Ten rozdział dotyczy Uzbekistanu, uzbeckiej gospodarki i uzbeckiego społeczeństwa.\n\n";

struct Case {
  std::string name;
  int line = 0;  // of "case:" in relations.test
  std::string preamble = kDefaultPreamble;
  bool own_preamble = false;
  std::vector<std::string> text;
  std::vector<std::pair<int, std::string>> checks;  // relations.test line, directive
};

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<Case> LoadCases() {
  std::ifstream in(std::string(SPLOT_RELATIONS_TEST_DIR) + "/relations.test");
  REQUIRE(in);
  std::vector<Case> cases;
  Case current;
  bool open = false;
  std::string line;
  for (int no = 1; std::getline(in, line); ++no) {
    line = Trim(line);
    if (line.empty() || line[0] == '#') continue;
    INFO("relations.test:" << no << ": " << line);
    if (line == "end") {
      REQUIRE(open);
      cases.push_back(std::move(current));
      current = Case();
      open = false;
      continue;
    }
    size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    std::string kind = line.substr(0, colon);
    std::string rest = Trim(line.substr(colon + 1));
    if (kind == "case") {
      REQUIRE(!open);
      open = true;
      current.name = rest;
      current.line = no;
    } else {
      REQUIRE(open);
      if (kind == "preamble") {
        if (!current.own_preamble) current.preamble.clear();
        current.own_preamble = true;
        current.preamble += rest + "\n";
      } else if (kind == "text") {
        current.text.push_back(rest);
      } else {
        current.checks.emplace_back(no, line);
      }
    }
  }
  REQUIRE(!open);
  return cases;
}

class Harness {
 public:
  Harness() {
    auto p = Pipeline::Create(PipelineOptions{});
    INFO(p.status().ToString());
    REQUIRE(p.ok());
    pipeline_ = std::move(p).value();
  }

  DocumentFacts Run(const Case& c) const {
    std::string doc = c.preamble;
    for (const std::string& t : c.text) doc += t + "\n";
    auto reader = Reader::FromBytes(doc, c.name, ReaderOptions{});
    REQUIRE(reader.ok());
    Extractor extract = pipeline_->MakeExtractor();
    auto facts = extract(**reader, (*reader)->info());
    INFO(facts.status().ToString());
    REQUIRE(facts.ok());
    return std::move(facts).value();
  }

  const NameFolder& folder() const { return folder_; }

 private:
  std::unique_ptr<Pipeline> pipeline_;
  NameFolder folder_;
};

Harness& SharedHarness() {
  static Harness harness;
  return harness;
}

// Whether `want` (a key or a name) names the entity `key` of `facts`.
bool Names(const Harness& h, const DocumentFacts& facts, const std::string& key,
           const std::string& want) {
  if (key == want) return true;
  std::string folded = h.folder().Fold(want);
  for (const EntityFact& e : facts.entities) {
    if (e.key != key) continue;
    if (h.folder().Fold(e.name) == folded) return true;
    for (const std::string& a : e.aliases) {
      if (h.folder().Fold(a) == folded) return true;
    }
  }
  return false;
}

// A relation "TYPE A -- B" or "TYPE A -> B" and the words after it.
struct Pattern {
  std::string type, a, b;
  bool directed = false;
  std::vector<std::string> rest;
};

Pattern ParsePattern(const std::string& spec) {
  std::vector<std::string> w = Words(spec);
  REQUIRE(w.size() >= 4);
  Pattern p;
  p.type = w[0];
  size_t arrow = 1;
  while (arrow < w.size() && w[arrow] != "--" && w[arrow] != "->") ++arrow;
  REQUIRE(arrow < w.size());
  p.directed = w[arrow] == "->";
  for (size_t i = 1; i < arrow; ++i) p.a += (i > 1 ? " " : "") + w[i];
  // B runs to the first word that is a property check or a number.
  size_t end = arrow + 1;
  while (end < w.size() && w[end].find('=') == std::string::npos &&
         w[end].find('~') == std::string::npos &&
         w[end].find_first_not_of("0123456789") != std::string::npos) {
    ++end;
  }
  for (size_t i = arrow + 1; i < end; ++i) p.b += (i > arrow + 1 ? " " : "") + w[i];
  p.rest.assign(w.begin() + static_cast<std::ptrdiff_t>(end), w.end());
  REQUIRE(!p.a.empty());
  REQUIRE(!p.b.empty());
  return p;
}

bool Matches(const Harness& h, const DocumentFacts& facts, const RelationFact& f,
             const Pattern& p) {
  if (f.type != p.type) return false;
  if (Names(h, facts, f.source_key, p.a) && Names(h, facts, f.target_key, p.b)) return true;
  return !p.directed && Names(h, facts, f.source_key, p.b) && Names(h, facts, f.target_key, p.a);
}

std::string Underscores(std::string s) {
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

// The property checks of `p` that `f` fails, or "".
std::string PropertyMismatch(const RelationFact& f, const Pattern& p) {
  std::string out;
  for (const std::string& check : p.rest) {
    size_t eq = check.find_first_of("=~");
    REQUIRE(eq != std::string::npos);
    std::string field = check.substr(0, eq);
    std::string want = Underscores(check.substr(eq + 1));
    bool contains = check[eq] == '~';
    std::string got;
    if (field == "date") {
      got = f.date;
    } else if (field == "status") {
      got = f.status;
    } else if (field == "currency") {
      got = f.currency;
    } else if (field == "rule") {
      got = f.rule;
    } else if (field == "goods") {
      got = f.goods;
    } else if (field == "title") {
      got = f.title;
    } else if (field == "amount") {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.15g", f.amount.value_or(-1));
      got = f.amount ? buf : "";
    } else {
      FAIL("unknown property '" << field << "'");
    }
    bool ok = contains ? got.find(want) != std::string::npos : got == want;
    if (!ok) out += " " + field + "='" + got + "' (wanted " + check + ")";
  }
  return out;
}

std::string Describe(const Harness& h, const DocumentFacts& facts) {
  auto name = [&](const std::string& key) {
    for (const EntityFact& e : facts.entities) {
      if (e.key == key) return e.name;
    }
    return key;
  };
  std::ostringstream out;
  out << "facts found:\n";
  for (const RelationFact& f : facts.relations) {
    out << "  " << f.type << " " << name(f.source_key) << " -> " << name(f.target_key) << " ["
        << f.rule << "] date=" << f.date << " status=" << f.status;
    if (f.amount) out << " amount=" << *f.amount << " " << f.currency;
    if (!f.goods.empty()) out << " goods=" << f.goods;
    if (!f.agreement.empty()) out << " agreement=" << f.agreement;
    out << "\n";
  }
  (void)h;
  return out.str();
}

// Writes `facts` into a fresh in-memory store and returns the evidence
// lists of the edges of `p`.
std::vector<size_t> StoredEvidences(const Harness& h, const DocumentFacts& facts,
                                    const Pattern& p) {
  graph::StoreOptions options;
  options.in_memory = true;
  auto store = graph::GraphStore::Open("/mem/relations-test", options);
  REQUIRE(store.ok());
  REQUIRE(WriteDocumentFacts(store->get(), facts).ok());
  auto txn = (*store)->BeginRead();
  std::vector<size_t> out;
  for (auto it = txn->AllEdges(); it->Valid(); it->Next()) {
    auto edge = txn->GetEdge(it->id());
    REQUIRE(edge.ok());
    if (edge->type != p.type) continue;
    auto source = txn->GetNode(edge->src);
    auto target = txn->GetNode(edge->dst);
    REQUIRE(source.ok());
    REQUIRE(target.ok());
    bool forward = Names(h, facts, source->key, p.a) && Names(h, facts, target->key, p.b);
    bool backward = Names(h, facts, source->key, p.b) && Names(h, facts, target->key, p.a);
    if (!forward && !(backward && !p.directed)) continue;
    const graph::Value* evidence = edge->Get("evidence");
    out.push_back(evidence != nullptr && evidence->is_list() ? evidence->as_list().size() : 1);
  }
  return out;
}

void Check(const Harness& h, const Case& c, const DocumentFacts& facts, int line,
           const std::string& directive) {
  INFO("relations.test:" << line << ": " << directive << "\n" << Describe(h, facts));
  size_t colon = directive.find(':');
  std::string kind = directive.substr(0, colon);
  std::string spec = Trim(directive.substr(colon + 1));
  if (kind == "expect") {
    Pattern p = ParsePattern(spec);
    std::string mismatch = "no such fact";
    for (const RelationFact& f : facts.relations) {
      if (!Matches(h, facts, f, p)) continue;
      mismatch = PropertyMismatch(f, p);
      if (mismatch.empty()) break;
    }
    INFO(mismatch);
    CHECK(mismatch.empty());
  } else if (kind == "absent") {
    Pattern p = ParsePattern(spec);
    CHECK(std::none_of(facts.relations.begin(), facts.relations.end(),
                       [&](const RelationFact& f) { return Matches(h, facts, f, p); }));
  } else if (kind == "count") {
    std::vector<std::string> w = Words(spec);
    REQUIRE(w.size() == 2);
    auto n = std::count_if(facts.relations.begin(), facts.relations.end(),
                           [&](const RelationFact& f) { return f.type == w[0]; });
    CHECK(std::to_string(n) == w[1]);
  } else if (kind == "shared-agreement") {
    std::vector<std::string> ids;
    for (const RelationFact& f : facts.relations) {
      if (f.type == spec) ids.push_back(f.agreement);
    }
    REQUIRE(!ids.empty());
    CHECK(!ids.front().empty());
    CHECK(std::all_of(ids.begin(), ids.end(), [&](const std::string& id) { return id == ids[0]; }));
  } else if (kind == "merged") {
    Pattern p = ParsePattern(spec);
    REQUIRE(p.rest.size() == 1);
    std::vector<size_t> evidences = StoredEvidences(h, facts, p);
    REQUIRE(evidences.size() == 1);
    CHECK(std::to_string(evidences.front()) == p.rest.front());
  } else {
    FAIL("unknown directive '" << kind << "' in case '" << c.name << "'");
  }
}

}  // namespace

TEST_CASE("relation cases from relations.test", "[relations]") {
  const Harness& h = SharedHarness();
  std::vector<Case> cases = LoadCases();
  CHECK(cases.size() >= 30);
  for (const Case& c : cases) {
    INFO("case '" << c.name << "' (relations.test:" << c.line << ")");
    DocumentFacts facts = h.Run(c);
    for (const auto& [line, directive] : c.checks) Check(h, c, facts, line, directive);
  }
}

TEST_CASE("every relation type of the ontology has a case", "[relations]") {
  std::vector<Case> cases = LoadCases();
  std::map<std::string, int> seen;
  for (const Case& c : cases) {
    for (const auto& [line, directive] : c.checks) {
      if (directive.rfind("expect:", 0) == 0 || directive.rfind("merged:", 0) == 0) {
        seen[Words(directive.substr(directive.find(':') + 1)).at(0)]++;
      }
    }
  }
  for (const char* type :
       {"SIGNED_AGREEMENT", "JOINT_VENTURE", "TWINNED_WITH", "LOCATED_IN", "PART_OF", "SUPPLIES",
        "COOPERATES_WITH", "PARTICIPATED_IN", "REPRESENTS"}) {
    INFO(type);
    CHECK(seen[type] > 0);
  }
}

}  // namespace splot::ingest
