// Dates, amounts and status cues in Polish sentences.
//
// The words come from ontology/expressions/{dates,amounts,status}.json; the
// code only knows the shapes: "12 grudnia 2023 r.", "w czerwcu 2019 roku",
// "w pierwszym kwartale 2019 roku", "rok później"; "30 milionów euro",
// "ponad 3 miliony dolarów", "4,5 mln ton"; "planują utworzyć", "nie
// podpisano".  Spans are byte offsets into the sentence given.
#ifndef SPLOT_INGEST_EXPRESSIONS_H_
#define SPLOT_INGEST_EXPRESSIONS_H_

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/fold.h"
#include "base/result.h"

namespace splot::ingest {

// A date as precise as the text gives it (0 = not given).
struct DateValue {
  int year = 0;
  int month = 0;
  int day = 0;
  int quarter = 0;  // 1..4 when the text names a quarter
  int half = 0;     // 1..2 when it names a half-year

  bool empty() const { return year == 0; }
  // "2019", "2019-06" or "2019-06-12".
  std::string ToString() const;
  bool operator==(const DateValue& o) const {
    return year == o.year && month == o.month && day == o.day && quarter == o.quarter &&
           half == o.half;
  }
};

struct DateMention {
  size_t begin = 0, end = 0;
  DateValue value;        // what the words themselves say
  bool relative = false;  // "rok później": value comes from the context
  int offset_years = 0;   // of a relative mention
  int offset_months = 0;
  bool month_only = false;  // "w marcu": the year comes from the context
  // A deadline or the end of a span ("do 2026 r.", "na lata 2019-2020"):
  // not when something happened, so it does not set the context.
  bool target = false;
};

struct AmountMention {
  size_t begin = 0, end = 0;
  double value = 0;
  std::string currency;   // ISO 4217 code, or ""
  std::string unit;       // "t", "pcs", "ha", … or ""
  std::string qualifier;  // "more_than", "about", "almost", "up_to", "at_least", or ""
};

enum class FactStatus { kExisting, kPlanned, kNegated };
// "existing", "planned", "negated".
const char* FactStatusName(FactStatus status);

struct StatusCue {
  FactStatus status = FactStatus::kExisting;
  std::string cue;  // the words that decided it, as written; "" for existing
};

// The word lists, folded once at load time.
struct ExpressionRules {
  std::unordered_map<std::string, int> months;
  std::unordered_map<std::string, int> ordinals;
  std::vector<std::string> quarter_words, half_words, year_words, year_lead_words;
  // Words before a date that make it a deadline or a span ("do", "na lata").
  std::vector<std::string> target_lead_words;
  struct Relative {
    std::vector<std::string> words;
    int years = 0;
    int months = 0;
  };
  std::vector<Relative> relatives;

  std::unordered_map<std::string, double> number_words, multipliers;
  // Phrases of one to three folded words.
  std::unordered_map<std::string, std::string> currencies, units, qualifiers;
  std::unordered_map<std::string, std::string> symbols;

  std::vector<std::string> clause_openers;
  int planned_before = 10, planned_after = 4, negated_before = 3, negated_after = 1;
  std::vector<std::vector<std::string>> planned_cues, negated_cues, negation_exceptions;
  // Phrases that deny, anywhere later in the sentence and past clause
  // boundaries, what was said before them ("…, ale dokumentu nie
  // podpisano").
  std::vector<std::vector<std::string>> retraction_cues;

  // Reads dates.json, amounts.json and status.json from `dir`.  A syntax
  // error or a wrong type names the file, line and field.
  static Result<ExpressionRules> Load(const std::filesystem::path& dir, const NameFolder& folder);
};

class ExpressionFinder {
 private:
  struct Token {
    size_t begin, end;
    std::string folded;  // letters/digits folded; punctuation as is
    bool number;
    bool word;
  };

 public:
  // A sentence split into the finder's words once, for several questions
  // (folding the words is most of the work).  Holds a view of the sentence,
  // which must outlive it.
  class Text {
   public:
    std::string_view sentence() const { return sentence_; }

   private:
    friend class ExpressionFinder;
    std::string_view sentence_;
    std::vector<Token> tokens_;
  };

  // Both must outlive the finder.
  ExpressionFinder(const ExpressionRules& rules, const NameFolder& folder);

  // Splits `sentence` for the questions below.
  Text Prepare(std::string_view sentence) const;

  // Date expressions in order of appearance, longest first where they overlap.
  std::vector<DateMention> FindDates(const Text& text) const;
  std::vector<DateMention> FindDates(std::string_view sentence) const {
    return FindDates(Prepare(sentence));
  }
  // Amounts with a currency or a unit, in order of appearance.
  std::vector<AmountMention> FindAmounts(const Text& text) const;
  std::vector<AmountMention> FindAmounts(std::string_view sentence) const {
    return FindAmounts(Prepare(sentence));
  }
  // Whether the relation whose trigger spans [trigger_begin, trigger_end)
  // (bytes of the sentence) is stated as existing, planned or denied, from
  // cues in its clause, and, when `retractable`, from a retraction later in
  // the sentence.
  StatusCue ClassifyStatus(const Text& text, size_t trigger_begin, size_t trigger_end,
                           bool retractable = true) const;
  StatusCue ClassifyStatus(std::string_view sentence, size_t trigger_begin, size_t trigger_end,
                           bool retractable = true) const {
    return ClassifyStatus(Prepare(sentence), trigger_begin, trigger_end, retractable);
  }

 private:
  // Number of tokens from `i` matching `phrase` (0 when none).
  static size_t MatchPhrase(const std::vector<Token>& t, size_t i,
                            const std::vector<std::string>& phrase);
  // Longest phrase (up to 3 words) starting at `i` found in `table`.
  static const std::string* LookupPhrase(const std::vector<Token>& t, size_t i,
                                         const std::unordered_map<std::string, std::string>& table,
                                         size_t* length);

  // The cues of a list by their first word: indexes into the list, in order.
  using CueIndex = std::unordered_map<std::string, std::vector<size_t>>;
  static CueIndex IndexCues(const std::vector<std::vector<std::string>>& cues);

  const ExpressionRules& rules_;
  const NameFolder& folder_;
  CueIndex negated_index_, planned_index_, retraction_index_, relative_index_;
};

// Resolves relative and month-only dates against the last explicit date of
// the current section.
class DateContext {
 public:
  // The mention's date, resolved; remembers it when it is explicit and not
  // a target.  nullopt for a relative date with nothing to be relative to.
  std::optional<DateValue> Resolve(const DateMention& mention);
  // Forgets the last date (call at a section boundary).
  void Reset() { last_.reset(); }
  const std::optional<DateValue>& last() const { return last_; }

 private:
  std::optional<DateValue> last_;
};

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_EXPRESSIONS_H_
