#include "ingest/dry_run.h"

#include <map>
#include <set>
#include <sstream>

namespace splot::ingest {
namespace {

std::string Lines(int first, int last) {
  if (first == last) return "L" + std::to_string(first);
  return "L" + std::to_string(first) + "-" + std::to_string(last);
}

std::string Pad(std::string s, size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

}  // namespace

Result<DryRunView> ParseDryRunView(std::string_view name) {
  if (name == "sentences") return DryRunView::kSentences;
  if (name == "footnotes") return DryRunView::kFootnotes;
  if (name == "sections") return DryRunView::kSections;
  return Status::InvalidArgument("--show: unknown view '" + std::string(name) +
                                 "'; expected sentences, footnotes or sections");
}

std::string RenderDryRun(const Document& doc, DryRunView view) {
  std::ostringstream out;
  const ReaderStats& st = doc.stats;
  out << "# " << doc.info.path << "  (" << doc.info.encoding << ", " << doc.info.size
      << " bytes, sha256 " << doc.info.sha256.substr(0, 12) << ")\n";
  out << "# " << st.lines << " lines: " << st.body_lines << " body, " << st.footnote_lines
      << " footnote, " << st.page_numbers << " page numbers; " << st.titles << " titles, "
      << st.sentences << " sentences; " << st.letters_repaired << " letters repaired\n";
  out << "# markers " << st.markers_found << " (" << st.distinct_markers << " numbers, "
      << st.markers_linked << " linked); footnote bodies " << st.bodies_found << " ("
      << st.bodies_inferred << " with inferred number), " << st.bodies_missing
      << " markers without body\n";
  switch (view) {
    case DryRunView::kSentences:
      for (const Sentence& s : doc.sentences) {
        out << Pad(Lines(s.first_line, s.last_line), 11) << " §" << s.section << " "
            << Pad(s.country.empty() ? "-" : s.country, 10) << " " << s.text;
        if (!s.markers.empty()) {
          out << "  [fn";
          for (size_t i = 0; i < s.markers.size(); ++i) {
            out << (i ? ", " : " ") << s.markers[i].number << (s.markers[i].linked ? "" : "?");
          }
          out << "]";
        }
        out << "\n";
      }
      break;
    case DryRunView::kFootnotes: {
      std::map<int, const Footnote*> bodies;
      for (const Footnote& f : doc.footnotes) bodies.emplace(f.number, &f);
      std::map<int, int> marker_lines;
      for (const Sentence& s : doc.sentences) {
        for (const MarkerRef& m : s.markers) marker_lines.emplace(m.number, m.line);
      }
      std::set<int> numbers;
      for (const auto& [n, f] : bodies) numbers.insert(n);
      for (const auto& [n, line] : marker_lines) numbers.insert(n);
      for (int n : numbers) {
        auto body = bodies.find(n);
        auto marker = marker_lines.find(n);
        const std::string where =
            body != bodies.end() ? Lines(body->second->first_line, body->second->last_line) : "-";
        out << Pad(where, 11) << " fn " << Pad(std::to_string(n), 4) << " marker "
            << Pad(marker != marker_lines.end() ? "L" + std::to_string(marker->second) : "-", 6);
        if (body == bodies.end()) {
          out << "  (body missing)\n";
          continue;
        }
        const Footnote& f = *body->second;
        out << (f.number_inferred ? " ~" : "  ");
        if (!f.author.empty()) out << f.author << " ";
        out << f.title << " | " << (f.year.empty() ? "-" : f.year) << " | "
            << (f.url.empty() ? "-" : f.url) << "\n";
      }
      break;
    }
    case DryRunView::kSections:
      for (const Section& s : doc.sections) {
        out << Pad(Lines(s.first_line, s.last_line), 11) << " §" << Pad(std::to_string(s.index), 3)
            << " " << Pad(s.country.empty() ? "-" : s.country, 10) << " "
            << (s.title.empty() ? "(before the first title)" : s.title) << "\n";
      }
      break;
  }
  return out.str();
}

}  // namespace splot::ingest
