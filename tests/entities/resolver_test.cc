#include "ingest/resolver.h"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "tests/entities/entities_support.h"

namespace splot::ingest {
namespace {

using splot::testing::SharedRecognizer;

// Recognises and resolves sentences as one document.
struct Document {
  Resolver resolver;
  std::vector<std::vector<std::pair<std::string, std::string>>>
      resolved;  // per sentence: text → key
  int line = 1;

  Document()
      : resolver(SharedRecognizer(), ResolverOptions{splot::testing::LetterRepairs(), 0.8}) {}

  // `year`: the one year the sentence's dates state (SentenceContext::year);
  // `recent_regions`: the regions the sentences before named.
  std::map<std::string, std::string> Add(
      const std::string& sentence, const std::string& chapter = "", int year = 0,
      std::vector<std::pair<std::string, int>> recent_regions = {}) {
    SentenceContext ctx;
    ctx.document_id = "test";
    ctx.line = line++;
    ctx.chapter_country = chapter;
    ctx.year = year;
    ctx.recent_regions = std::move(recent_regions);
    RecognizedSentence r = SharedRecognizer().Recognize(sentence, ctx);
    std::vector<std::string> keys = resolver.Add(&r, sentence, ctx);
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < r.mentions.size(); ++i) {
      if (!r.mentions[i].nested) out[r.mentions[i].text] = keys[i];
    }
    return out;
  }
};

const EntityFact* Find(const ResolvedDocument& doc, const std::string& key) {
  for (const EntityFact& f : doc.entities) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TEST_CASE("gazetteer mentions keep their canonical keys and facts", "[resolver]") {
  Document d;
  d.Add("Delegacja z Mińska przyjechała do Taszkientu.");
  d.Add("W Taszkencie i w Mińsku podpisano umowy.");
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* tashkent = Find(doc, "city:uz-tashkent");
  REQUIRE(tashkent != nullptr);
  CHECK(tashkent->label == "City");
  CHECK(tashkent->name == "Taszkent");
  CHECK(tashkent->name_en == "Tashkent");
  CHECK(tashkent->name_ru == "Ташкент");
  CHECK(tashkent->country == "country:uz");
  CHECK(tashkent->parent == "region:uz-tashkent-city");
  CHECK(tashkent->lines == std::vector<int>{1, 2});
  std::set<std::string> aliases(tashkent->aliases.begin(), tashkent->aliases.end());
  // The forms the text used, then the gazetteer's other names.
  CHECK(aliases == std::set<std::string>{"Taszkientu", "Taszkencie", "Taszkient", "Toshkent"});
}

TEST_CASE("inflected forms of a discovered name share one key", "[resolver]") {
  Document d;
  auto a = d.Add("Dyrektor Witebskiego Zakładu Obrabiarek przyjechał.");
  auto b = d.Add("Witebski Zakład Obrabiarek otworzył filię.");
  auto c = d.Add("Z Witebskim Zakładem Obrabiarek współpracują Uzbecy.");
  std::string key = a["Witebskiego Zakładu Obrabiarek"];
  CHECK_FALSE(key.empty());
  CHECK(b["Witebski Zakład Obrabiarek"] == key);
  CHECK(c["Witebskim Zakładem Obrabiarek"] == key);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* f = Find(doc, key);
  REQUIRE(f != nullptr);
  CHECK(f->name == "Witebski Zakład Obrabiarek");
  CHECK(f->lines == std::vector<int>{1, 2, 3});
}

TEST_CASE("a person seen mostly in an oblique case is named in the nominative", "[resolver]") {
  Document d;
  auto a = d.Add("Z rektorem Bekmurodem Ruzmetowem rozmawiał ambasador.");
  auto b = d.Add("Umowę parafował dziekan wydziału Bekmurod Ruzmetow.");
  auto c = d.Add("Spotkanie z dziekanem Bekmurodem Ruzmetowem trwało godzinę.");
  std::string key = b["Bekmurod Ruzmetow"];
  CHECK_FALSE(key.empty());
  CHECK(a["Bekmurodem Ruzmetowem"] == key);
  CHECK(c["Bekmurodem Ruzmetowem"] == key);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* f = Find(doc, key);
  REQUIRE(f != nullptr);
  CHECK(f->name == "Bekmurod Ruzmetow");
}

TEST_CASE("one name given to bodies of two countries names two bodies", "[resolver]") {
  Document d;
  auto a = d.Add("Rozmowy prowadziło kirgiskie Ministerstwo Gospodarki Wodnej.");
  auto b = d.Add("Umowę z nim podpisało tadżyckie Ministerstwo Gospodarki Wodnej.");
  auto c = d.Add("Wczoraj kirgiskie Ministerstwo Gospodarki Wodnej otrzymało pompy.");
  std::string kyrgyz = a["Ministerstwo Gospodarki Wodnej"];
  std::string tajik = b["Ministerstwo Gospodarki Wodnej"];
  CHECK_FALSE(kyrgyz.empty());
  CHECK_FALSE(tajik.empty());
  CHECK(kyrgyz != tajik);
  CHECK(c["Ministerstwo Gospodarki Wodnej"] == kyrgyz);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* k = Find(doc, kyrgyz);
  const EntityFact* t = Find(doc, tajik);
  REQUIRE(k != nullptr);
  REQUIRE(t != nullptr);
  CHECK(k->country == "country:kg");
  CHECK(t->country == "country:tj");
}

TEST_CASE("a discovered name that is a gazetteer entry takes its key", "[resolver]") {
  Document d;
  auto a = d.Add("Tkaniny dostarcza OJSC \"Mogotex\" od lat.");
  CHECK(a["OJSC \"Mogotex\""] == "ent:by-mogotex");
}

TEST_CASE("bare legal forms name no entity", "[resolver]") {
  Document d;
  auto a = d.Add("Umowę podpisała NP LLC w maju.");
  REQUIRE(a.count("NP LLC") == 1);  // recognised (a proper word and a legal form) …
  CHECK(a["NP LLC"].empty());       // … but it is no name
  ResolvedDocument doc = d.resolver.Finish();
  for (const EntityFact& f : doc.entities) CHECK(f.name != "NP LLC");
}

TEST_CASE("mojibake variants resolve to the same entity", "[resolver]") {
  Document d;
  auto clean = d.Add("Umowę podpisało OJSC \"Światło Polesia\" w maju.");
  auto broken = d.Add("Umowę podpisało OJSC \"ĝwiatáo Polesia\" w maju.");
  std::string key = clean["OJSC \"Światło Polesia\""];
  CHECK_FALSE(key.empty());
  CHECK(broken["OJSC \"ĝwiatáo Polesia\""] == key);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* f = Find(doc, key);
  REQUIRE(f != nullptr);
  // Aliases are kept repaired.
  CHECK(std::count(f->aliases.begin(), f->aliases.end(), "OJSC \"Światło Polesia\"") == 1);
  CHECK(d.resolver.RepairLetters("MiĔsk i GomselmaĞ") == "Mińsk i Gomselmaś");
}

TEST_CASE("transliteration variants of a discovered name merge", "[resolver]") {
  Document d;
  auto a = d.Add("Dostawy realizuje Kozhevnik LLC z Taszkentu.");
  auto b = d.Add("Dostawy realizuje Kożewnik LLC z Taszkentu.");
  auto c = d.Add("Leki sprzedaje Belmedpharm LLC w regionie.");
  auto e = d.Add("Leki sprzedaje Belmedfarm LLC w regionie.");
  CHECK_FALSE(a["Kozhevnik LLC"].empty());
  CHECK(a["Kozhevnik LLC"] == b["Kożewnik LLC"]);
  CHECK(c["Belmedpharm LLC"] == e["Belmedfarm LLC"]);
  CHECK(d.resolver.TransliterationKey("Szymkent") == d.resolver.TransliterationKey("Shymkent"));
  CHECK(d.resolver.TransliterationKey("Taszkient") == d.resolver.TransliterationKey("Tashkent"));
}

TEST_CASE("a phonetic likeness only suggests a merge", "[resolver]") {
  Document d;
  auto a = d.Add("Towary przewozi Dostyk Trade LLC przez granicę.");
  auto b = d.Add("Towary przewozi Dostuk Trade LLC przez granicę.");
  REQUIRE_FALSE(a["Dostyk Trade LLC"].empty());
  CHECK(a["Dostyk Trade LLC"] != b["Dostuk Trade LLC"]);
  ResolvedDocument doc = d.resolver.Finish();
  bool suggested = false;
  for (const NameCandidate& c : doc.candidates) {
    if (c.key == a["Dostyk Trade LLC"]) {
      suggested = c.note.find("sounds like " + b["Dostuk Trade LLC"]) != std::string::npos;
    }
  }
  CHECK(suggested);
}

TEST_CASE("an acronym introduced in parentheses names the entity afterwards", "[resolver]") {
  Document d;
  auto a = d.Add("Witebski Państwowy Uniwersytet Rolniczy (WPUR) otworzył filię.");
  auto b = d.Add("Od tego roku WPUR kształci też studentów z Uzbekistanu.");
  std::string key = a["Witebski Państwowy Uniwersytet Rolniczy"];
  REQUIRE_FALSE(key.empty());
  CHECK(b["WPUR"] == key);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* f = Find(doc, key);
  REQUIRE(f != nullptr);
  CHECK(std::count(f->aliases.begin(), f->aliases.end(), "WPUR") >= 1);
  CHECK(f->lines == std::vector<int>{1, 2});
}

TEST_CASE("a lone acronym merges with the discovered name it abbreviates", "[resolver]") {
  Document d;
  auto a = d.Add("Dyrektor Mohylewskiego Zakładu Obrabiarek przyjechał.");
  d.Add("Kontrakt podpisał MZO LLC z partnerem.");
  ResolvedDocument doc = d.resolver.Finish();
  std::string key = a["Mohylewskiego Zakładu Obrabiarek"];
  const EntityFact* f = Find(doc, key);
  REQUIRE(f != nullptr);
  CHECK(f->lines == std::vector<int>{1, 2});
  CHECK(doc.FinalKey(d.resolver.DiscoveredKey("Enterprise", "MZO LLC")) == key);
}

TEST_CASE("a city never merges with its region, nor any two labels", "[resolver]") {
  Document d;
  auto a = d.Add("Witebsk leży w obwodzie witebskim, a Kokand w obwodzie fergańskim.");
  auto b = d.Add("Rezydenci WSE \"Kokand\" eksportują buty.");
  CHECK(a["Witebsk"] == "city:by-vitebsk");
  CHECK(a["obwodzie witebskim"] == "region:by-vitebsk");
  CHECK(a["Kokand"] == "city:uz-kokand");
  CHECK(b["WSE \"Kokand\""] == "fez:uz-kokand");
  ResolvedDocument doc = d.resolver.Finish();
  CHECK(Find(doc, "city:by-vitebsk") != nullptr);
  CHECK(Find(doc, "region:by-vitebsk") != nullptr);
  CHECK(doc.redirects.empty());
  // The same discovered name under two labels keeps two keys.
  CHECK(d.resolver.DiscoveredKey("Enterprise", "Zorka") !=
        d.resolver.DiscoveredKey("Organization", "Zorka"));
}

TEST_CASE("editions of an event get their own keys; a bare mention is the last edition",
          "[resolver]") {
  Document d;
  auto a =
      d.Add("Siódme posiedzenie białorusko-uzbeckiej komisji międzyrządowej odbyło się w Mińsku.",
            "country:uz");
  auto b = d.Add("Ósme posiedzenie komisji międzyrządowej odbyło się w Taszkiencie.", "country:uz");
  auto c = d.Add("Na 8. posiedzeniu IGC podpisano umowy.", "country:uz");
  auto e = d.Add("Na UzFood 2024 i na 23. wystawie UzFood byli Białorusini.", "country:uz");
  std::string seventh = a["Siódme posiedzenie białorusko-uzbeckiej komisji międzyrządowej"];
  std::string eighth = b["Ósme posiedzenie komisji międzyrządowej"];
  CHECK(seventh == "event:gov-igc-by-uz-meeting-7");
  CHECK(eighth == "event:gov-igc-by-uz-meeting-8");
  CHECK(c["8. posiedzeniu IGC"] == eighth);
  CHECK(e["UzFood 2024"] == "event:uzfood-2024");
  CHECK(e["23. wystawie UzFood"] == "event:uzfood-23");
  auto f = d.Add("Wyroby pokazano na targach Sugd-2019 w Chudżandzie.", "country:tj");
  std::string sugd = f["targach Sugd-2019"];
  CHECK(sugd == "event:sugd-fair-2019");
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* fair = Find(doc, sugd);
  REQUIRE(fair != nullptr);
  CHECK(fair->name == "Sugd 2019");  // named after its series, not "targach …"
}

TEST_CASE("a series named without its edition is the edition of the year its sentence states",
          "[resolver]") {
  Document d;
  auto a = d.Add("W listopadzie 2024 roku odbędzie się 23. wystawa UzFood.", "country:uz", 2024);
  auto b = d.Add("Białorusini byli już na wystawie UzFood w marcu 2023 roku.", "country:uz", 2023);
  auto c = d.Add("Wystawa UzFood przyciąga firmy z regionu.", "country:uz");
  auto e = d.Add("W 2024 roku wystawa UzFood zgromadziła 300 firm.", "country:uz", 2024);
  CHECK(a["23. wystawa UzFood"] == "event:uzfood-23");
  // Another year than the last edition's: the edition of that year.
  CHECK(b["wystawie UzFood"] == "event:uzfood-2023");
  // No year: the last edition named.
  CHECK(c["Wystawa UzFood"] == "event:uzfood-2023");
  // Back to the year of an earlier edition: a new key of that year, not the
  // ordinal one (the text does not say they are the same).
  CHECK(e["wystawa UzFood"] == "event:uzfood-2024");
  auto f =
      d.Add("Wystawa UzTextileExpo Autumn odbyła się po raz siódmy w Taszkiencie.", "country:uz");
  CHECK(f["Wystawa UzTextileExpo Autumn"] == "event:uztextileexpo-7");
  auto g = d.Add("Po raz pierwszy firma Naftan pokazała się na wystawie UzTextileExpo Autumn.",
                 "country:uz");
  CHECK(g["wystawie UzTextileExpo Autumn"] == "event:uztextileexpo-7");
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* dated = Find(doc, "event:uzfood-2023");
  REQUIRE(dated != nullptr);
  CHECK(dated->name == "UzFood 2023");
  // The series itself, dated to neither, is not merged into one of them.
  CHECK(doc.redirects.count("event:uzfood-2023") == 0);
}

TEST_CASE("'obwód białoruski' is the Belarusian region named last, and none of its names",
          "[resolver]") {
  Document d;
  // Most recent first: Mohylew's region two sentences back, Namangan's last.
  auto keys = d.Add("Eksport z obwodu białoruskiego wzrósł.", "", 0,
                    {{"region:uz-namangan", 1}, {"region:by-mogilev", 2}, {"region:by-gomel", 3}});
  CHECK(keys["obwodu białoruskiego"] == "region:by-mogilev");
  // Named longer ago than the rule looks back: no region.
  keys = d.Add("Eksport z obwodu białoruskiego wzrósł.", "", 0, {{"region:by-mogilev", 30}});
  CHECK(keys.count("obwodu białoruskiego") == 0);
  ResolvedDocument doc = d.resolver.Finish();
  const EntityFact* mogilev = Find(doc, "region:by-mogilev");
  REQUIRE(mogilev != nullptr);
  for (const std::string& alias : mogilev->aliases)
    CHECK(alias.find("białorusk") == std::string::npos);
}

TEST_CASE("candidates list discovered names with counts and an example", "[resolver]") {
  Document d;
  d.Add("Kontrakt podpisał JSC Nordstal z partnerem.");
  d.Add("Drugi kontrakt podpisał JSC Nordstal w Ałmaty.");
  ResolvedDocument doc = d.resolver.Finish();
  REQUIRE_FALSE(doc.candidates.empty());
  const NameCandidate& top = doc.candidates.front();
  CHECK(top.label == "Enterprise");
  CHECK(top.count == 2);
  CHECK(top.example == "Kontrakt podpisał JSC Nordstal z partnerem.");
  std::ostringstream tsv;
  WriteCandidatesTsv(doc.candidates, tsv);
  std::string text = tsv.str();
  CHECK(text.rfind("label\tname\tkey\tcount\tconfidence\tnote\texample\n", 0) == 0);
  CHECK(text.find("Enterprise\tJSC Nordstal\t") != std::string::npos);
  // Gazetteer entities are not candidates.
  for (const NameCandidate& c : doc.candidates) CHECK(c.key.rfind("city:", 0) != 0);
}

}  // namespace
}  // namespace splot::ingest
