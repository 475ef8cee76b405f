// Temporal values: dates, times, date-times and durations, as Cypher has
// them (following the ISO 8601 calendar and java.time semantics, which the
// openCypher TCK checks).
//
// A temporal value written to a property is stored as its kind and ISO 8601
// text (graph::Value::Temporal) and reads back as the same temporal value.
#ifndef SPLOT_QUERY_TEMPORAL_H_
#define SPLOT_QUERY_TEMPORAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace splot::query {

class Value;

// The numbers are stored with temporal properties (graph::Value::Temporal's
// kind): add new kinds at the end, never renumber.
enum class TemporalKind : uint8_t {
  kDate = 0,
  kLocalTime = 1,
  kTime = 2,
  kLocalDateTime = 3,
  kDateTime = 4,
  kDuration = 5
};

struct Temporal {
  TemporalKind kind = TemporalKind::kDate;
  int64_t epoch_day = 0;    // days since 1970-01-01 (dates and date-times)
  int64_t nano_of_day = 0;  // local time of day in nanoseconds (times and date-times)
  int32_t offset = 0;       // seconds east of UTC (kTime, kDateTime)
  std::string zone;         // IANA zone id of a kDateTime, "" for a fixed offset
  // kDuration: months, days, seconds and nanoseconds (0..999,999,999).
  int64_t months = 0;
  int64_t days = 0;
  int64_t seconds = 0;
  int64_t nanos = 0;

  bool has_date() const {
    return kind == TemporalKind::kDate || kind == TemporalKind::kLocalDateTime ||
           kind == TemporalKind::kDateTime;
  }
  bool has_time() const {
    return kind == TemporalKind::kLocalTime || kind == TemporalKind::kTime ||
           kind == TemporalKind::kLocalDateTime || kind == TemporalKind::kDateTime;
  }
  bool has_offset() const { return kind == TemporalKind::kTime || kind == TemporalKind::kDateTime; }
};

// The Cypher type name: "Date", "LocalTime", "Time", "LocalDateTime",
// "DateTime", "Duration".
const char* TemporalKindName(TemporalKind kind);

// ISO 8601 text as Cypher prints it: '1984-10-11', '12:31:14.645+01:00',
// '1984-10-11T12:00+01:00[Europe/Stockholm]', 'P1Y2M3DT4H5M6.5S'.
std::string TemporalToString(const Temporal& t);

// The value of ISO 8601 text as TemporalToString writes it for `kind`;
// nullopt when the text does not parse.
std::optional<Temporal> TemporalFromString(TemporalKind kind, std::string_view text);

// Comparison of two values of the same kind: nullopt when not comparable
// (different kinds, or durations, which are only equal or not).
std::optional<int> CompareTemporal(const Temporal& a, const Temporal& b);
bool TemporalEquals(const Temporal& a, const Temporal& b);
// Total order for ORDER BY within one kind (durations by their components).
int OrderTemporal(const Temporal& a, const Temporal& b);
size_t HashTemporal(const Temporal& t);

// A component: year, month, hour, timezone, epochSeconds, ... for dates and
// times; years, months, days, hours, ..., monthsOfYear, ... for durations.
// Null for an unknown component name.
Value TemporalComponent(const Temporal& t, const std::string& name);

// temporal ± duration, duration ± duration, duration * / number.  Throw on
// incompatible operands.
Temporal AddDuration(const Temporal& t, const Temporal& d, int sign);
Temporal AddDurations(const Temporal& a, const Temporal& b, int sign);
Temporal ScaleDuration(const Temporal& d, double factor);

// The temporal functions (date(), datetime.truncate(), duration.between(),
// ...), registered with the other functions.
struct FunctionDef;
const FunctionDef* FindTemporalFunction(std::string_view name);

}  // namespace splot::query

#endif  // SPLOT_QUERY_TEMPORAL_H_
