// The reader on the sample corpus (data/sample) against phenomena.json, the
// hand-made list of what a careful reader must find in each document:
// chapter and section titles, footnote bodies with their reassembled URLs,
// footnote markers, mis-encoded and look-alike letters, page numbers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>

#include "ingest/reader.h"
#include "ontology/json_doc.h"

namespace splot::ingest {
namespace {

const std::filesystem::path kSample = SPLOT_SAMPLE_DIR;

std::string Str(const ontology::JsonValue& v, std::string_view key) {
  const ontology::JsonValue* f = v.Find(key);
  return f != nullptr && f->is_string() ? f->as_string() : "";
}

int Int(const ontology::JsonValue& v, std::string_view key) {
  const ontology::JsonValue* f = v.Find(key);
  return f != nullptr && f->is_number() ? static_cast<int>(f->as_number()) : -1;
}

const Section* FindSection(const Document& doc, const std::string& title) {
  for (const Section& s : doc.sections) {
    if (s.title == title) return &s;
  }
  return nullptr;
}

TEST_CASE("Sample corpus: the reader finds what phenomena.json lists", "[reader][sample]") {
  auto phenomena = ontology::ParseJsonFile(kSample / "phenomena.json");
  INFO(phenomena.status().ToString());
  REQUIRE(phenomena.ok());
  const ontology::JsonValue* documents = phenomena->Find("documents");
  REQUIRE(documents != nullptr);
  REQUIRE(documents->members().size() == 7);
  for (const auto& [name, expected] : documents->members()) {
    INFO(name);
    auto doc = ReadDocument((kSample / name).string());
    INFO(doc.status().ToString());
    REQUIRE(doc.ok());

    // Titles: every chapter and section title is a section of its own,
    // starting on its line, and no sentence begins with a title.
    std::vector<std::pair<std::string, int>> titles;
    for (const auto& c : expected.Find("chapters")->items()) {
      titles.emplace_back(Str(c, "title"), Int(c, "line"));
    }
    for (const auto& t : expected.Find("section_titles")->items()) {
      titles.emplace_back(Str(t, "title"),
                          static_cast<int>(t.Find("lines")->items()[0].as_number()));
    }
    for (const auto& [title, line] : titles) {
      INFO("title: " << title);
      const Section* section = FindSection(*doc, title);
      REQUIRE(section != nullptr);
      CHECK(section->first_line == line);
      for (const Sentence& s : doc->sentences) {
        INFO("sentence at line " << s.first_line << ": " << s.text);
        CHECK(s.text.rfind(title, 0) != 0);
      }
    }

    // Footnote bodies: their numbers, lines and reassembled URLs.
    CHECK(static_cast<int>(doc->footnotes.size()) == Int(expected, "footnote_body_count"));
    for (const auto& body : expected.Find("footnote_bodies")->items()) {
      int number = Int(body, "number");
      INFO("footnote " << number);
      auto it = std::find_if(doc->footnotes.begin(), doc->footnotes.end(),
                             [&](const Footnote& f) { return f.number == number; });
      REQUIRE(it != doc->footnotes.end());
      CHECK(it->first_line == Int(body, "line"));
      CHECK(it->last_line == Int(body, "end_line"));
      CHECK(it->url == Str(body, "url"));
    }

    // Markers: each stands in a sentence, on its line, and none is left in
    // the text.
    CHECK(doc->stats.markers_found == Int(expected, "footnote_marker_count"));
    for (const auto& marker : expected.Find("footnote_markers")->items()) {
      int number = Int(marker, "number");
      int line = Int(marker, "line");
      INFO("marker " << number << " on line " << line);
      bool found =
          std::any_of(doc->sentences.begin(), doc->sentences.end(), [&](const Sentence& s) {
            return std::any_of(s.markers.begin(), s.markers.end(), [&](const MarkerRef& m) {
              return m.number == number && m.line == line;
            });
          });
      CHECK(found);
    }

    // Letters: every mis-encoded letter is repaired, every look-alike from
    // another script replaced, and none is left in a sentence.
    const ontology::JsonValue* mis = expected.Find("mis_encoded_letters");
    CHECK(doc->stats.letters_repaired == Int(*mis, "total"));
    CHECK(doc->stats.lookalikes_repaired ==
          static_cast<int64_t>(expected.Find("lookalike_letters")->items().size()));
    std::vector<std::string> genuine;  // words where the letter is itself ("Düsseldorfie")
    for (const auto& g : expected.Find("genuine_u_umlaut")->items()) {
      genuine.push_back(Str(g, "word"));
    }
    for (const auto& [letter, info] : mis->Find("by_letter")->members()) {
      for (const Sentence& s : doc->sentences) {
        std::string text = s.text;
        for (const std::string& word : genuine) {
          for (size_t at; (at = text.find(word)) != std::string::npos;) text.erase(at, word.size());
        }
        INFO("letter " << letter << " in: " << s.text);
        CHECK(text.find(letter) == std::string::npos);
      }
    }

    // Page numbers are dropped.
    CHECK(doc->stats.page_numbers ==
          static_cast<int64_t>(expected.Find("page_number_lines")->items().size()));
  }
}

}  // namespace
}  // namespace splot::ingest
