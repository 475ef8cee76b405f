#include "ingest/pipeline.h"

#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "ontology/text_rules.h"

namespace splot::ingest {

namespace {

std::string Utf8(char32_t c) {
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(out);
  return out;
}

}  // namespace

std::filesystem::path DefaultOntologyDir() {
  if (const char* env = std::getenv("SPLOT_ONTOLOGY"); env && *env) return env;
  return std::filesystem::path(SPLOT_SOURCE_DIR) / "ontology";
}

Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::Create(const PipelineOptions& options) {
  std::unique_ptr<Pipeline> p(new Pipeline());
  RecognizerConfig config;
  config.ontology_dir = options.ontology_dir;
  config.extra_gazetteers = options.extra_gazetteers;
  SPLOT_ASSIGN_OR_RETURN(p->recognizer_, Recognizer::Create(config));
  SPLOT_ASSIGN_OR_RETURN(p->relations_,
                         RelationExtractor::Create(*p->recognizer_, options.ontology_dir));
  // The resolver folds mojibake variants of names with the reader's table.
  SPLOT_ASSIGN_OR_RETURN(ontology::TextRules rules,
                         ontology::LoadTextRules(options.ontology_dir / "text"));
  for (const auto& letter : rules.repair.letters) {
    p->resolver_options_.letter_variants.emplace_back(Utf8(letter.from), Utf8(letter.to));
  }
  return p;
}

Extractor Pipeline::MakeExtractor() {
  return [this](Reader& reader, const DocumentInfo& info) { return Extract(reader, info); };
}

namespace {

// Ages the regions in *recent by one sentence and puts first those
// `recognized` names (a region's centre city and a region's own authority,
// its executive committee, as the region), keeping the 16 latest.
void RememberRegions(const ontology::Gazetteer& gazetteer, const RecognizedSentence& recognized,
                     std::vector<std::pair<std::string, int>>* recent) {
  constexpr size_t kKept = 16;
  for (auto& entry : *recent) entry.second++;
  for (const Mention& m : recognized.mentions) {
    if (m.key.empty()) continue;
    const ontology::GazetteerEntry* region = nullptr;
    if (m.label == "Region") {
      region = gazetteer.Find(m.key);
    } else if (m.label == "City") {
      region = gazetteer.RegionWithCenter(m.key);
    } else if (m.label == "GovernmentBody") {
      const ontology::GazetteerEntry* body = gazetteer.Find(m.key);
      region = body != nullptr ? gazetteer.Find(body->parent) : nullptr;
      if (region != nullptr && region->label != "Region") region = nullptr;
    }
    if (region == nullptr) continue;
    std::erase_if(*recent, [&](const auto& entry) { return entry.first == region->key; });
    recent->insert(recent->begin(), {region->key, 1});
  }
  if (recent->size() > kKept) recent->resize(kKept);
}

}  // namespace

Result<DocumentFacts> Pipeline::Extract(Reader& reader, const DocumentInfo& info) {
  DocumentFacts facts;
  Resolver resolver(*recognizer_, resolver_options_);
  DocumentRelations relations(*relations_, info.id);
  Sentence sentence;
  int64_t sentences = 0, mentions = 0;
  // The regions the last sentences named, most recent first, with their age
  // in sentences (SentenceContext::recent_regions).
  std::vector<std::pair<std::string, int>> recent_regions;
  const ontology::Gazetteer& gazetteer = recognizer_->gazetteer();
  while (true) {
    SPLOT_ASSIGN_OR_RETURN(bool more, reader.Next(&sentence));
    if (!more) break;
    for (Footnote& f : reader.TakeFootnotes()) facts.citations.push_back(f.citation());
    SentenceContext context;
    context.document_id = info.id;
    context.line = sentence.first_line;
    context.chapter_country = sentence.country;
    context.year = relations.Begin(sentence);
    // Lent to the recognizer, not copied per sentence.
    context.recent_regions = std::move(recent_regions);
    RecognizedSentence recognized = recognizer_->Recognize(sentence.text, context);
    recent_regions = std::move(context.recent_regions);
    RememberRegions(gazetteer, recognized, &recent_regions);
    std::vector<std::string> keys = resolver.Add(&recognized, sentence.text, context);
    relations.Add(sentence, recognized, keys);
    ++sentences;
    mentions += static_cast<int64_t>(recognized.mentions.size());
  }
  for (Footnote& f : reader.TakeFootnotes()) facts.citations.push_back(f.citation());
  ResolvedDocument resolved = resolver.Finish();
  facts.document = info;
  facts.document.title = reader.info().title;
  facts.entities = std::move(resolved.entities);
  facts.relations = relations.Finish(resolved, &facts.entities);

  std::lock_guard<std::mutex> lock(mutex_);
  stats_.documents++;
  stats_.sentences += sentences;
  stats_.mentions += mentions;
  for (const auto& e : facts.entities) stats_.entities_by_label[e.label]++;
  for (const auto& r : facts.relations) stats_.relations_by_type[r.type]++;
  for (auto& c : resolved.candidates) {
    auto [it, inserted] = candidates_.emplace(c.label + "|" + c.key, c);
    if (!inserted) it->second.count += c.count;
  }
  stats_.unresolved = static_cast<int64_t>(candidates_.size());
  return facts;
}

std::vector<NameCandidate> Pipeline::Candidates() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<NameCandidate> out;
  for (const auto& [k, c] : candidates_) out.push_back(c);
  std::stable_sort(out.begin(), out.end(), [](const NameCandidate& a, const NameCandidate& b) {
    return a.count > b.count;
  });
  return out;
}

PipelineStats Pipeline::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace splot::ingest
