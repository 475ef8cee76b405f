#include "ingest/citation.h"

#include <catch2/catch.hpp>

#include "tests/ingest/test_rules.h"

namespace splot::ingest {
namespace {

TEST_CASE("URLs broken across lines or by spaces are reassembled", "[citation]") {
  // Spaces next to URL punctuation go.
  CHECK(ReassembleUrl("https://www.example.by/view/grodno-i-samarkanda- soglashenie-123- 2020/") ==
        "https://www.example.by/view/grodno-i-samarkanda-soglashenie-123-2020/");
  // A space inside a hyphenated path segment is an extraction artefact.
  CHECK(ReassembleUrl("https://www.example.by/view/uzbekskaj a-kosonsoj -farm-2019/") ==
        "https://www.example.by/view/uzbekskaja-kosonsoj-farm-2019/");
  // Elsewhere it stood for an underscore.
  CHECK(ReassembleUrl("http://example.gov.by/ru/news ru/view/peregovory-19489") ==
        "http://example.gov.by/ru/news_ru/view/peregovory-19489");
  CHECK(ReassembleUrl("https://example.by/a-b/?utm source=x&utm medium=news") ==
        "https://example.by/a-b/?utm_source=x&utm_medium=news");
  // A digit glued before the scheme and a final full stop are dropped.
  CHECK(ReassembleUrl("1https://example.by/x-y-2022/.") == "https://example.by/x-y-2022/");
}

TEST_CASE("A citation yields its author, title, year and URL", "[citation]") {
  const auto rules = testing::DefaultRules();
  Footnote fn;
  fn.text =
      "Kowalski, J. Zakład w Samarkandzie ruszy jesienią / J. Kowalski // [Zasób elektroniczny]. "
      "- 2021. - URL: https://www.example.uz/news/zavod-samarkand- 2021/";
  ParseCitation(rules->layout, &fn);
  CHECK(fn.author == "Kowalski, J.");
  CHECK(fn.title == "Zakład w Samarkandzie ruszy jesienią");
  CHECK(fn.year == "2021");
  CHECK(fn.url == "https://www.example.uz/news/zavod-samarkand-2021/");
  CHECK(fn.text.find("zavod-samarkand-2021/") != std::string::npos);

  Footnote book;
  book.text =
      "Nowak, A.B. Współpraca regionów. Studium przypadku / A.B. Nowak. - Wydawnictwo "
      "Naukowe, 2019. - C. 112.";
  ParseCitation(rules->layout, &book);
  CHECK(book.author == "Nowak, A.B.");
  CHECK(book.title == "Współpraca regionów. Studium przypadku");
  CHECK(book.year == "2019");
  CHECK(book.url.empty());

  Footnote plain;
  plain.text =
      "Białoruś i Uzbekistan otworzą dom handlowy [Zasób elektroniczny]. - 2022. - URL: "
      "[Zasób elektroniczny]. - 2022.";
  ParseCitation(rules->layout, &plain);
  CHECK(plain.author.empty());
  CHECK(plain.title == "Białoruś i Uzbekistan otworzą dom handlowy");
  CHECK(plain.url.empty());  // nothing after the label looks like an address
}

TEST_CASE("Citation lines are told from body text", "[citation]") {
  const auto rules = testing::DefaultRules();
  CHECK(LooksLikeCitation("[Zasób elektroniczny]. - 2019. - URL: ", rules->layout));
  CHECK(LooksLikeCitation("uzbekistana-613850-2024/ ", rules->layout));
  CHECK(LooksLikeCitation("elektroniczny]. - 2018. - URL: http://example.by/8364", rules->layout));
  CHECK(LooksLikeCitation("2017. ", rules->layout));
  CHECK_FALSE(LooksLikeCitation(" maszyn gąsienicowych i ogrodniczych. Nowe przedsiębiorstwo",
                                rules->layout));
  CHECK_FALSE(LooksLikeCitation("rolno-przemysłowego", rules->layout));
  CHECK_FALSE(LooksLikeCitation("w latach 2019-2020 obroty wzrosły", rules->layout));
}

}  // namespace
}  // namespace splot::ingest
