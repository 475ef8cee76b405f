// splot demo: ingest the sample corpus shipped in data/sample into the
// store and answer three showcase questions about it.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/query_session.h"
#include "query/format.h"

namespace splot::cli {

namespace {

std::filesystem::path SampleDir() {
  if (const char* env = std::getenv("SPLOT_SAMPLE"); env && *env) return env;
  return std::filesystem::path(SPLOT_SOURCE_DIR) / "data" / "sample";
}

// The questions, in the words a person would ask them, and their Cypher.
struct Showcase {
  const char* question;
  const char* cypher;
};

const Showcase kShowcases[] = {
    {"Which enterprises are the brokers of the network (betweenness centrality)?",
     "CALL algo.betweenness({labels: ['Enterprise', 'FEZ', 'Region', 'City', 'Country', "
     "'GovernmentBody',\n"
     "                               'University', 'Organization', 'ResearchInstitute']})\n"
     "YIELD node, score WHERE 'Enterprise' IN labels(node) AND score > 0\n"
     "RETURN node.name AS enterprise, round(score * 1000) / 1000.0 AS betweenness\n"
     "ORDER BY betweenness DESC, enterprise LIMIT 5"},
    {"Which agreements were signed in 2023, by whom?",
     "MATCH (a)-[r:SIGNED_AGREEMENT]->(b) WHERE r.date STARTS WITH '2023' AND coalesce(r.status, "
     "'existing') <> 'negated'\n"
     "RETURN r.date AS date, a.name AS party, b.name AS other_party, coalesce(r.title, '') AS "
     "title\n"
     "ORDER BY date, party, other_party"},
};

}  // namespace

int RunDemo(const ParsedArgs& args, const Console& console) {
  std::filesystem::path dir = SampleDir();
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt")
      files.push_back(entry.path().string());
  }
  if (ec || files.empty()) {
    return console.Fail(Status::NotFound("the sample corpus is missing from " + dir.string() +
                                         " (set SPLOT_SAMPLE to its folder)"));
  }
  std::sort(files.begin(), files.end());
  auto& o = console.out;
  o << "Splot demo: " << files.size() << " sample documents from " << dir.string() << " into "
    << args.db << "\n\n";
  o.flush();

  // 1. Ingest, exactly as `splot ingest` does.
  ParsedArgs ingest = args;
  ingest.command = "ingest";
  ingest.positional = files;
  ingest.values.clear();
  ingest.flags.erase("--dry-run");
  if (int code = RunIngest(ingest, console); code != kExitOk) return code;

  // 2. The question Splot answers best: what links two regions.
  o << "\n== What links obwód witebski (Belarus) and obwód kaszkadaryjski (Uzbekistan)?\n"
    << "   splot link \"obwód witebski\" \"obwód kaszkadaryjski\"\n\n";
  o.flush();
  ParsedArgs link = args;
  link.command = "link";
  link.positional = {"obwód witebski", "obwód kaszkadaryjski"};
  link.values.clear();
  if (int code = RunLink(link, console); code != kExitOk) return code;

  // 3. and 4. Two questions in Cypher.
  QuerySession session(args.db, {});
  for (const auto& s : kShowcases) {
    o << "\n== " << s.question << "\n";
    std::string shown = s.cypher;
    size_t at = 0;
    while ((at = shown.find('\n', at)) != std::string::npos) shown.replace(at, 1, "\n   "), at += 4;
    o << "   " << shown << "\n\n";
    auto result = session.Run(s.cypher, {});
    if (!result.ok()) return console.Fail(result.status());
    o << query::RenderTable(*result);
  }
  o << "\nThe store is " << args.db << ": try `splot repl`, `splot query '...'` or "
    << "`splot link \"obwód homelski\" \"obwód chatloński\" --svg links.svg`.\n";
  return kExitOk;
}

}  // namespace splot::cli
