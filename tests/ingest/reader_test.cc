#include "ingest/reader.h"

#include <unicode/unistr.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ingest/dry_run.h"
#include "ingest/sha256.h"
#include "tests/ingest/test_rules.h"
#include "tests/test_support.h"

namespace splot::ingest {
namespace {

std::string Fixture(const char* name) {
  return (testing::TestDataDir() / "ingest" / name).string();
}

ReaderOptions Options() {
  ReaderOptions options;
  options.rules = testing::DefaultRules();
  options.ingested_at = "2024-01-02T03:04:05Z";
  return options;
}

Document Read(const char* name) {
  auto doc = ReadDocument(Fixture(name), Options());
  REQUIRE(doc.ok());
  return std::move(doc).value();
}

const Sentence* FindSentence(const Document& doc, const std::string& start) {
  for (const Sentence& s : doc.sentences) {
    if (s.text.rfind(start, 0) == 0) return &s;
  }
  return nullptr;
}

const Footnote* FindFootnote(const Document& doc, int number) {
  for (const Footnote& f : doc.footnotes) {
    if (f.number == number) return &f;
  }
  return nullptr;
}

// The source text at a sentence's character offsets, whitespace collapsed.
std::string SourceAt(const std::string& path, int64_t begin, int64_t end) {
  const icu::UnicodeString source = icu::UnicodeString::fromUTF8(testing::ReadFile(path));
  std::string out;
  bool space = false;
  for (int32_t i = source.moveIndex32(0, static_cast<int32_t>(begin)), k = 0;
       i < source.length() && k < end - begin; i = source.moveIndex32(i, 1), ++k) {
    const UChar32 c = source.char32At(i);
    if (c == ' ' || c == '\n' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    icu::UnicodeString(c).toUTF8String(out);
  }
  return out;
}

TEST_CASE("A sentence a footnote block interrupts is joined again", "[reader]") {
  const Document doc = Read("footnote_mid_sentence.txt");
  REQUIRE(doc.sentences.size() == 5);
  const Sentence* joined = FindSentence(doc, "W szczególności firma");
  REQUIRE(joined != nullptr);
  CHECK(joined->text ==
        "W szczególności firma \"Nowy Młyn\" planuje otworzyć filię w Samarkandzie, a jej dyrektor "
        "zapowiedział, że zakład będzie zatrudniać około stu osób.");
  CHECK(joined->first_line == 5);
  CHECK(joined->last_line == 14);
  for (const Sentence& s : doc.sentences) {
    INFO(s.text);
    CHECK(s.text.find("Zasób") == std::string::npos);
    CHECK(s.text.find("http") == std::string::npos);
  }
}

TEST_CASE("Markers link to their footnote bodies", "[reader]") {
  const Document doc = Read("footnote_mid_sentence.txt");
  REQUIRE(doc.footnotes.size() == 2);
  const Footnote& first = doc.footnotes[0];
  CHECK(first.number == 1);
  CHECK_FALSE(first.number_inferred);
  CHECK(first.title == "Grodno i Samarkanda podpisały porozumienie");
  CHECK(first.year == "2020");
  CHECK(
      first.url ==
      "https://www.example.by/regions/view/grodno-i-samarkanda-podpisali-soglashenie-123456-2020/");
  CHECK(first.first_line == 9);
  CHECK(first.last_line == 11);
  CHECK(first.marker_line == 4);
  CHECK(first.sentence_index == 1);

  const Sentence& cited = doc.sentences[1];
  CHECK(cited.text == "Dokument przewiduje wspólne targi oraz wymianę delegacji handlowych.");
  REQUIRE(cited.markers.size() == 1);
  CHECK(cited.markers[0].number == 1);
  CHECK(cited.markers[0].offset == 0);
  CHECK(cited.markers[0].linked);
  REQUIRE(cited.citations.size() == 1);
  CHECK(cited.citations[0].url == first.url);
  // The marker opening sentence 1 may cite sentence 0 as well.
  REQUIRE(doc.sentences[0].next_citations.size() == 1);
  CHECK(doc.sentences[0].next_citations[0].marker == 1);

  CHECK(doc.stats.markers_found == 2);
  CHECK(doc.stats.markers_linked == 2);
  CHECK(doc.stats.bodies_found == 2);
  CHECK(doc.stats.bodies_missing == 0);
}

TEST_CASE("Every sentence keeps its provenance", "[reader]") {
  const std::string path = Fixture("footnote_mid_sentence.txt");
  const Document doc = Read("footnote_mid_sentence.txt");
  CHECK(doc.info.path == path);
  CHECK(doc.info.sha256 == Sha256Hex(testing::ReadFile(path)));
  CHECK(doc.info.id == doc.info.sha256);
  CHECK(doc.info.encoding == "UTF-8");
  CHECK(doc.info.size == testing::ReadFile(path).size());
  CHECK(doc.info.title == "Współpraca regionów na nowym etapie");
  CHECK(doc.info.ingested_at == "2024-01-02T03:04:05Z");
  for (const Sentence& s : doc.sentences) {
    CHECK(s.doc_id == doc.info.id);
    CHECK(s.section == 1);
    CHECK(s.section_title == "Współpraca regionów na nowym etapie");
    CHECK(s.country == "country:uz");
    CHECK(s.char_begin < s.char_end);
  }
  // Where no marker was removed the offsets cover exactly the sentence.
  for (int i : {0, 4}) {
    const Sentence& s = doc.sentences[i];
    CHECK(SourceAt(path, s.char_begin, s.char_end) == s.text);
  }
}

TEST_CASE("Titles, page numbers, footnote tails and country chapters", "[reader]") {
  const Document doc = Read("chapters_and_pages.txt");
  REQUIRE(doc.sections.size() == 2);
  CHECK(doc.sections[0].title == "Kazachski kierunek współpracy");
  CHECK(doc.sections[0].country == "country:kz");
  // A title wrapped over a blank line.
  CHECK(doc.sections[1].title == "Tadżycki rozdział współpracy gospodarczej");
  CHECK(doc.sections[1].first_line == 29);
  CHECK(doc.sections[1].last_line == 31);
  CHECK(doc.sections[1].country == "country:tj");
  CHECK(doc.stats.page_numbers == 1);

  // The sentence runs through a footnote zone and a page number.
  const Sentence* across = FindSentence(doc, "Wśród nich jest montaż");
  REQUIRE(across != nullptr);
  CHECK(across->text ==
        "Wśród nich jest montaż ciągników w Kostanaju, gdzie pracuje już kilkuset pracowników.");

  // "ten środkowoazjatycki kraj" can be resolved from the chapter.
  const Sentence* vague = FindSentence(doc, "Ten środkowoazjatycki kraj");
  REQUIRE(vague != nullptr);
  CHECK(vague->country == "country:tj");

  // The tail of a URL continued after the next page's separator.
  const Footnote* tail = FindFootnote(doc, 2);
  REQUIRE(tail != nullptr);
  CHECK(tail->url ==
        "https://www.example.kz/economics/view/traktory-kostanaj-2019-dla-rynku-kazakhstana-555/");
  // A body whose printed number was lost takes the number of the sequence.
  const Footnote* lost = FindFootnote(doc, 4);
  REQUIRE(lost != nullptr);
  CHECK(lost->number_inferred);
  CHECK(lost->title == "Handel między krajami rośnie szybko i stale");
  // A number standing alone above its body.
  const Footnote* bare = FindFootnote(doc, 5);
  REQUIRE(bare != nullptr);
  CHECK(bare->title == "Centrum handlowe otwarto w Duszanbe");

  // "415 kontraktów": marker 4, then the number 15.
  const Sentence* ambiguous = FindSentence(doc, "Strony chcą rozwijać handel.");
  REQUIRE(ambiguous != nullptr);
  CHECK(ambiguous->text.find(" 15 kontraktów") != std::string::npos);
  REQUIRE(ambiguous->markers.size() == 1);
  CHECK(ambiguous->markers[0].number == 4);
  CHECK(ambiguous->markers[0].linked);
  CHECK(doc.stats.markers_linked == 5);
  CHECK(doc.stats.bodies_missing == 0);
}

TEST_CASE("Mis-encoded letters are repaired in the text read", "[reader]") {
  const Document doc = Read("misencoded.txt");
  REQUIRE(doc.sentences.size() == 5);
  CHECK(doc.sentences[0].text ==
        "W Mińsku odbyło się spotkanie, podczas którego przedstawiciele firm mogli omówić plany.");
  CHECK(doc.sentences[1].text.find("Münch") != std::string::npos);
  CHECK(doc.sentences[2].text ==
        "Dyrektor M. Nowak powiedział, że możemy zbudować nowy zakład w Azji Środkowej.");
  CHECK(doc.stats.letters_repaired == 10);
  for (const Sentence& s : doc.sentences) {
    for (const char* bad : {"Ċ", "Ī", "Ğ", "Ĕ", "Ĩ", "ĝ", "ĩ"}) {
      CHECK(s.text.find(bad) == std::string::npos);
    }
  }
}

TEST_CASE("A Windows-1250 document reads like its UTF-8 twin", "[reader]") {
  const Document doc = Read("cp1250.txt");
  CHECK(doc.info.encoding == "windows-1250");
  REQUIRE(doc.sentences.size() == 2);
  CHECK(doc.sentences[0].text == "Spółka z Łodzi podpisała umowę z partnerem z Taszkentu.");
}

TEST_CASE("An empty file reads as a document without sentences", "[reader]") {
  const Document doc = Read("empty.txt");
  CHECK(doc.sentences.empty());
  CHECK(doc.footnotes.empty());
  CHECK(doc.info.size == 0);
}

TEST_CASE("A binary file is refused and names the path and offset", "[reader]") {
  auto doc = ReadDocument(Fixture("binary.bin"), Options());
  REQUIRE(!doc.ok());
  CHECK_THAT(doc.status().message(), Catch::Contains("binary.bin"));
  CHECK_THAT(doc.status().message(), Catch::Contains("byte offset"));
}

TEST_CASE("Line-end hyphens follow the hyphenation rule", "[reader]") {
  const std::string text =
      "Powstał zespół białorusko-\nuzbecki, który opracował nowy pro-\njekt.\n";
  auto kept = ReadDocumentFromBytes(text, "hyphens.txt", Options());
  REQUIRE(kept.ok());
  REQUIRE(kept->sentences.size() == 1);
  CHECK(kept->sentences[0].text ==
        "Powstał zespół białorusko-uzbecki, który opracował nowy pro-jekt.");

  auto rules = std::make_shared<ontology::TextRules>(*testing::DefaultRules());
  rules->layout.hyphenation = ontology::HyphenationMode::kSplitWords;
  ReaderOptions split = Options();
  split.rules = rules;
  auto joined = ReadDocumentFromBytes(text, "hyphens.txt", split);
  REQUIRE(joined.ok());
  REQUIRE(joined->sentences.size() == 1);
  CHECK(joined->sentences[0].text ==
        "Powstał zespół białoruskouzbecki, który opracował nowy projekt.");
}

TEST_CASE("Footnote numbering may start again in a new chapter", "[reader]") {
  const std::string sep(46, ' ');
  const std::string text =
      " Pierwszy rozdział \n\nW Mińsku otwarto fabrykę. 1Zatrudnia ona stu ludzi.\n" + sep +
      "\n1 Fabryka w Mińsku [Zasób elektroniczny]. - 2020. - URL: https://example.by/a-1/\n"
      " Drugi rozdział \n\nW Homlu otwarto sklep. 1Sprzedaje on meble.\n" +
      sep + "\n1 Sklep w Homlu [Zasób elektroniczny]. - 2021. - URL: https://example.by/b-2/\n";
  auto doc = ReadDocumentFromBytes(text, "chapters.txt", Options());
  REQUIRE(doc.ok());
  REQUIRE(doc->sentences.size() == 4);
  REQUIRE(doc->sentences[1].citations.size() == 1);
  CHECK(doc->sentences[1].citations[0].url == "https://example.by/a-1/");
  REQUIRE(doc->sentences[3].citations.size() == 1);
  CHECK(doc->sentences[3].citations[0].url == "https://example.by/b-2/");
  CHECK(doc->stats.markers_linked == 2);
  CHECK(doc->stats.bodies_missing == 0);
}

TEST_CASE("The streaming reader yields what ReadDocument collects", "[reader]") {
  const Document whole = Read("chapters_and_pages.txt");
  for (size_t window : {size_t{1}, size_t{512}}) {
    ReaderOptions options = Options();
    options.max_pending_sentences = window;
    auto reader = Reader::Open(Fixture("chapters_and_pages.txt"), options);
    REQUIRE(reader.ok());
    std::vector<std::string> texts;
    size_t footnotes = 0;
    Sentence s;
    while (true) {
      auto more = (*reader)->Next(&s);
      REQUIRE(more.ok());
      if (!*more) break;
      CHECK(s.index == static_cast<int64_t>(texts.size()));
      texts.push_back(s.text);
      footnotes += (*reader)->TakeFootnotes().size();
    }
    footnotes += (*reader)->TakeFootnotes().size();
    REQUIRE(texts.size() == whole.sentences.size());
    for (size_t i = 0; i < texts.size(); ++i) CHECK(texts[i] == whole.sentences[i].text);
    CHECK(footnotes == whole.footnotes.size());
  }
}

TEST_CASE("The dry run shows sentences, footnotes and sections with line numbers", "[reader]") {
  const Document doc = Read("chapters_and_pages.txt");
  const std::string sentences = RenderDryRun(doc, DryRunView::kSentences);
  CHECK_THAT(sentences, Catch::Contains("L6-17"));
  CHECK_THAT(sentences, Catch::Contains("Wśród nich jest montaż"));
  CHECK_THAT(sentences, Catch::Contains("[fn 2]"));
  const std::string footnotes = RenderDryRun(doc, DryRunView::kFootnotes);
  CHECK_THAT(footnotes, Catch::Contains("fn 4"));
  CHECK_THAT(footnotes, Catch::Contains("Handel między krajami rośnie szybko i stale"));
  CHECK_THAT(footnotes, Catch::Contains("https://www.example.tj/news/view/centr-dushanbe-2021/"));
  const std::string sections = RenderDryRun(doc, DryRunView::kSections);
  CHECK_THAT(sections, Catch::Contains("L29-31"));
  CHECK_THAT(sections, Catch::Contains("country:tj"));
  CHECK(ParseDryRunView("footnotes").ok());
  auto bad = ParseDryRunView("pages");
  REQUIRE(!bad.ok());
  CHECK_THAT(bad.status().message(), Catch::Contains("sentences, footnotes or sections"));
}

}  // namespace
}  // namespace splot::ingest
