#include "query/temporal.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "base/fold.h"
#include "query/context.h"
#include "query/errors.h"
#include "query/functions.h"
#include "query/value.h"

namespace splot::query {

namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kNanosPerDay = 86'400 * kNanosPerSecond;
constexpr int64_t kSecondsPerDay = 86'400;
constexpr double kAverageDaysPerMonth = 365.2425 / 12;

[[noreturn]] void BadValue(const std::string& message) {
  ThrowRuntime("ArgumentError", "InvalidArgumentValue", message);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// ---- calendar ---------------------------------------------------------------------

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  int64_t year;
  int64_t month;
  int64_t day;
};

Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return Civil{y + (m <= 2), m, d};
}

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int64_t DaysInMonth(int64_t y, int64_t m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// ISO day of week: Monday 1 .. Sunday 7.
int64_t DayOfWeek(int64_t epoch_day) { return FloorMod(epoch_day + 3, 7) + 1; }

int64_t WeekOneMonday(int64_t week_year) {
  int64_t jan4 = DaysFromCivil(week_year, 1, 4);
  return jan4 - (DayOfWeek(jan4) - 1);
}

struct WeekDate {
  int64_t week_year;
  int64_t week;
  int64_t day_of_week;
};

WeekDate WeekDateOf(int64_t epoch_day) {
  int64_t dow = DayOfWeek(epoch_day);
  int64_t thursday = epoch_day - (dow - 1) + 3;
  int64_t week_year = CivilFromDays(thursday).year;
  int64_t week = (epoch_day - WeekOneMonday(week_year)) / 7 + 1;
  return WeekDate{week_year, week, dow};
}

int64_t WeeksInYear(int64_t week_year) {
  return (WeekOneMonday(week_year + 1) - WeekOneMonday(week_year)) / 7;
}

// Adds months to a date, clamping the day to the new month's length.
int64_t PlusMonths(int64_t epoch_day, int64_t months) {
  if (months == 0) return epoch_day;
  Civil c = CivilFromDays(epoch_day);
  int64_t total = c.year * 12 + (c.month - 1) + months;
  int64_t y = FloorDiv(total, 12);
  int64_t m = FloorMod(total, 12) + 1;
  return DaysFromCivil(y, m, std::min(c.day, DaysInMonth(y, m)));
}

// ---- time zones ---------------------------------------------------------------------

// Parses an offset: Z, ±HH, ±HHMM, ±HH:MM, ±HH:MM:SS.  nullopt if malformed.
std::optional<int32_t> ParseOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':') continue;
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    digits += s[i];
  }
  if (digits.size() != 2 && digits.size() != 4 && digits.size() != 6) return std::nullopt;
  int h = std::stoi(digits.substr(0, 2));
  int m = digits.size() >= 4 ? std::stoi(digits.substr(2, 2)) : 0;
  int sec = digits.size() == 6 ? std::stoi(digits.substr(4, 2)) : 0;
  if (h > 18 || m > 59 || sec > 59 || (h == 18 && (m || sec))) return std::nullopt;
  return sign * (h * 3600 + m * 60 + sec);
}

std::unique_ptr<icu::TimeZone> LoadZone(const std::string& id) {
  std::unique_ptr<icu::TimeZone> tz(
      icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(id)));
  icu::UnicodeString got;
  tz->getID(got);
  if (got == icu::UnicodeString("Etc/Unknown")) BadValue("unknown time zone '" + id + "'");
  return tz;
}

// The offset of zone `id` at the local date-time.
int32_t ZoneOffsetLocal(const std::string& id, int64_t epoch_day, int64_t nano_of_day) {
  auto tz = LoadZone(id);
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  double local_ms =
      static_cast<double>(epoch_day) * 86400000.0 + static_cast<double>(nano_of_day / 1'000'000);
  tz->getOffset(local_ms, true, raw, dst, status);
  if (U_FAILURE(status)) BadValue("cannot resolve time zone '" + id + "'");
  return (raw + dst) / 1000;
}

// The offset of zone `id` at an instant (epoch seconds).
int32_t ZoneOffsetInstant(const std::string& id, int64_t epoch_seconds) {
  auto tz = LoadZone(id);
  UErrorCode status = U_ZERO_ERROR;
  int32_t raw = 0, dst = 0;
  tz->getOffset(static_cast<double>(epoch_seconds) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) BadValue("cannot resolve time zone '" + id + "'");
  return (raw + dst) / 1000;
}

// Sets a date-time's zone from a timezone argument (offset or zone id),
// keeping its local date and time.
void AssignZone(Temporal* t, const std::string& tz) {
  if (auto off = ParseOffset(tz)) {
    t->offset = *off;
    t->zone.clear();
    return;
  }
  t->zone = tz;
  if (t->kind == TemporalKind::kDateTime) {
    t->offset = ZoneOffsetLocal(tz, t->epoch_day, t->nano_of_day);
  } else {
    // A time has no date: use the zone's offset today.
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    t->offset = ZoneOffsetInstant(tz, now);
    t->zone.clear();
  }
}

// Epoch seconds (and nanos) of a date-time's instant.
__int128 InstantNanos(const Temporal& t) {
  return static_cast<__int128>(t.epoch_day) * kNanosPerDay + t.nano_of_day -
         static_cast<__int128>(t.offset) * kNanosPerSecond;
}

// Moves a date-time to another zone or offset, keeping the instant.
void ConvertZone(Temporal* t, const std::string& tz) {
  __int128 instant = InstantNanos(*t);
  int32_t offset;
  std::string zone;
  if (auto off = ParseOffset(tz)) {
    offset = *off;
  } else {
    zone = tz;
    offset = ZoneOffsetInstant(tz, static_cast<int64_t>(instant / kNanosPerSecond));
  }
  __int128 local = instant + static_cast<__int128>(offset) * kNanosPerSecond;
  t->epoch_day = static_cast<int64_t>(local >= 0 ? local / kNanosPerDay
                                                 : -((-local + kNanosPerDay - 1) / kNanosPerDay));
  t->nano_of_day = static_cast<int64_t>(local - static_cast<__int128>(t->epoch_day) * kNanosPerDay);
  t->offset = offset;
  t->zone = zone;
}

// Sets a date-time from an instant in its zone (used after adding seconds).
void SetFromInstant(Temporal* t, __int128 instant) {
  int32_t offset =
      t->zone.empty() ? t->offset
                      : ZoneOffsetInstant(t->zone, static_cast<int64_t>(instant / kNanosPerSecond));
  __int128 local = instant + static_cast<__int128>(offset) * kNanosPerSecond;
  __int128 day = local / kNanosPerDay;
  if (local < 0 && local % kNanosPerDay != 0) --day;
  t->epoch_day = static_cast<int64_t>(day);
  t->nano_of_day = static_cast<int64_t>(local - day * kNanosPerDay);
  t->offset = offset;
}

// ---- formatting ----------------------------------------------------------------------

std::string Pad(int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width) s = std::string(width - s.size(), '0') + s;
  return v < 0 ? "-" + s : s;
}

std::string FormatDate(int64_t epoch_day) {
  Civil c = CivilFromDays(epoch_day);
  std::string y;
  if (c.year > 9999) {
    y = "+" + std::to_string(c.year);
  } else if (c.year < 0) {
    y = "-" + Pad(-c.year, 4);
  } else {
    y = Pad(c.year, 4);
  }
  return y + "-" + Pad(c.month, 2) + "-" + Pad(c.day, 2);
}

std::string FormatFraction(int64_t nanos) {
  if (nanos == 0) return "";
  std::string s = Pad(nanos, 9);
  if (nanos % 1'000'000 == 0) return "." + s.substr(0, 3);
  if (nanos % 1000 == 0) return "." + s.substr(0, 6);
  return "." + s;
}

std::string FormatTime(int64_t nano_of_day) {
  int64_t total_seconds = nano_of_day / kNanosPerSecond;
  int64_t nanos = nano_of_day % kNanosPerSecond;
  int64_t h = total_seconds / 3600, m = (total_seconds / 60) % 60, s = total_seconds % 60;
  std::string out = Pad(h, 2) + ":" + Pad(m, 2);
  if (s != 0 || nanos != 0) out += ":" + Pad(s, 2) + FormatFraction(nanos);
  return out;
}

std::string FormatOffset(int32_t offset) {
  if (offset == 0) return "Z";
  int32_t a = std::abs(offset);
  std::string out =
      std::string(offset < 0 ? "-" : "+") + Pad(a / 3600, 2) + ":" + Pad((a / 60) % 60, 2);
  if (a % 60 != 0) out += ":" + Pad(a % 60, 2);
  return out;
}

std::string FormatDuration(const Temporal& d) {
  if (d.months == 0 && d.days == 0 && d.seconds == 0 && d.nanos == 0) return "PT0S";
  std::string out = "P";
  auto append = [&](int64_t v, char unit) {
    if (v != 0) out += std::to_string(v) + unit;
  };
  append(d.months / 12, 'Y');
  append(d.months % 12, 'M');
  append(d.days, 'D');
  if (d.seconds != 0 || d.nanos != 0) {
    bool negative = d.seconds < 0;
    int64_t s = d.seconds;
    int64_t n = d.nanos;
    if (negative && n != 0) {
      s += 1;
      n = kNanosPerSecond - n;
    }
    out += 'T';
    append(s / 3600, 'H');
    s %= 3600;
    append(s / 60, 'M');
    s %= 60;
    auto fraction = [&]() {
      std::string f = Pad(n, 9);
      while (!f.empty() && f.back() == '0') f.pop_back();
      return "." + f;
    };
    if (s != 0) {
      out += std::to_string(s);
      if (n != 0) out += fraction();
      out += 'S';
    } else if (n != 0) {
      if (negative) out += '-';
      out += "0" + fraction() + "S";
    }
  }
  return out;
}

// ---- building values ---------------------------------------------------------------

Temporal MakeDuration(int64_t months, int64_t days, int64_t seconds, int64_t nanos) {
  Temporal d;
  d.kind = TemporalKind::kDuration;
  d.months = months;
  d.days = days;
  d.seconds = seconds + FloorDiv(nanos, kNanosPerSecond);
  d.nanos = FloorMod(nanos, kNanosPerSecond);
  return d;
}

int64_t SafeLong(double v) {
  if (!std::isfinite(v) || v > 9.2e18 || v < -9.2e18) {
    ThrowRuntime("ArgumentError", "NumberOutOfRange", "duration component out of range");
  }
  return static_cast<int64_t>(v);
}

// Cascades fractional parts down: months (by the average month), days,
// seconds, nanoseconds, truncating each toward zero, as Neo4j's
// DurationValue.approximate does.
Temporal ApproximateDuration(double months, double days, double seconds, double nanos) {
  constexpr double kNanosPerMonth = kAverageDaysPerMonth * kNanosPerDay;
  constexpr auto kDayNanos = static_cast<double>(kNanosPerDay);
  constexpr auto kSecondNanos = static_cast<double>(kNanosPerSecond);
  int64_t m = SafeLong(months);
  days += (kNanosPerMonth * months - kNanosPerMonth * static_cast<double>(m)) / kDayNanos;
  int64_t d = SafeLong(days);
  seconds += (kDayNanos * days - kDayNanos * static_cast<double>(d)) / kSecondNanos;
  int64_t s = SafeLong(seconds);
  nanos += kSecondNanos * seconds - kSecondNanos * static_cast<double>(s);
  return MakeDuration(m, d, s, SafeLong(nanos));
}

Temporal Make(TemporalKind kind) {
  Temporal t;
  t.kind = kind;
  return t;
}

// A field of a construction map.
struct Fields {
  std::map<std::string, Value> values;

  bool has(const char* k) const { return values.count(k) > 0; }
  const Value* get(const char* k) const {
    auto it = values.find(k);
    return it == values.end() ? nullptr : &it->second;
  }
  int64_t Int(const char* k, int64_t fallback) const {
    const Value* v = get(k);
    if (!v) return fallback;
    if (v->is_int()) return v->as_int();
    if (v->is_float() && v->as_float() == std::floor(v->as_float())) {
      return static_cast<int64_t>(v->as_float());
    }
    BadValue(std::string(k) + " must be an integer, got " + ToCypherLiteral(*v));
  }
};

const Temporal* TemporalArg(const Fields& f, const char* key) {
  const Value* v = f.get(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_temporal()) {
    BadValue(std::string(key) + " must be a temporal value, got a " + v->kind_name());
  }
  return &v->as_temporal();
}

void CheckRange(const char* what, int64_t v, int64_t lo, int64_t hi) {
  if (v < lo || v > hi) {
    BadValue(std::string("invalid value for ") + what + ": " + std::to_string(v) + " (expected " +
             std::to_string(lo) + ".." + std::to_string(hi) + ")");
  }
}

// The date part of a map: calendar, week, ordinal or quarter fields, over an
// optional base date.
std::optional<int64_t> BuildDate(const Fields& f, const Temporal* base) {
  bool week = f.has("week") || f.has("dayOfWeek");
  bool ordinal = f.has("ordinalDay");
  bool quarter = f.has("quarter") || f.has("dayOfQuarter");
  bool any = f.has("year") || f.has("month") || f.has("day") || week || ordinal || quarter;
  if (!any && !base) return std::nullopt;
  int64_t base_day = base ? base->epoch_day : 0;
  if (!f.has("year") && !base) BadValue("a date needs a year");
  if (week) {
    WeekDate w = WeekDateOf(base_day);
    int64_t y = f.Int("year", w.week_year);
    int64_t wk = f.Int("week", base ? w.week : 1);
    int64_t dow = f.Int("dayOfWeek", base ? w.day_of_week : 1);
    CheckRange("week", wk, 1, WeeksInYear(y));
    CheckRange("dayOfWeek", dow, 1, 7);
    return WeekOneMonday(y) + (wk - 1) * 7 + (dow - 1);
  }
  Civil c = CivilFromDays(base_day);
  int64_t y = f.Int("year", c.year);
  if (ordinal) {
    int64_t od = f.Int("ordinalDay", 1);
    CheckRange("ordinalDay", od, 1, IsLeap(y) ? 366 : 365);
    return DaysFromCivil(y, 1, 1) + od - 1;
  }
  if (quarter) {
    int64_t base_q = (c.month - 1) / 3 + 1;
    int64_t q = f.Int("quarter", base ? base_q : 1);
    CheckRange("quarter", q, 1, 4);
    int64_t first = DaysFromCivil(y, (q - 1) * 3 + 1, 1);
    int64_t base_doq = base_day - DaysFromCivil(c.year, (base_q - 1) * 3 + 1, 1) + 1;
    int64_t doq = f.Int("dayOfQuarter", base ? base_doq : 1);
    int64_t len = DaysFromCivil(q == 4 ? y + 1 : y, q == 4 ? 1 : q * 3 + 1, 1) - first;
    CheckRange("dayOfQuarter", doq, 1, len);
    return first + doq - 1;
  }
  int64_t m = f.Int("month", base ? c.month : 1);
  int64_t d = f.Int("day", base ? c.day : 1);
  CheckRange("month", m, 1, 12);
  CheckRange("day", d, 1, DaysInMonth(y, m));
  return DaysFromCivil(y, m, d);
}

// Sub-second fields over a base: the most significant field given sets the
// value at its precision; finer fields not given are zero, coarser ones come
// from the base.
int64_t BuildSubSecond(const Fields& f, int64_t base_nanos) {
  bool ms = f.has("millisecond"), us = f.has("microsecond"), ns = f.has("nanosecond");
  if (!ms && !us && !ns) return base_nanos;
  if (ms) {
    int64_t v = f.Int("millisecond", 0);
    CheckRange("millisecond", v, 0, 999);
    int64_t u = f.Int("microsecond", 0);
    CheckRange("microsecond", u, 0, 999);
    int64_t n = f.Int("nanosecond", 0);
    CheckRange("nanosecond", n, 0, 999);
    return v * 1'000'000 + u * 1000 + n;
  }
  if (us) {
    int64_t u = f.Int("microsecond", 0);
    CheckRange("microsecond", u, 0, 999'999);
    int64_t n = f.Int("nanosecond", 0);
    CheckRange("nanosecond", n, 0, 999);
    int64_t keep = u < 1000 ? (base_nanos / 1'000'000) * 1'000'000 : 0;
    return keep + u * 1000 + n;
  }
  int64_t n = f.Int("nanosecond", 0);
  CheckRange("nanosecond", n, 0, 999'999'999);
  int64_t keep = n < 1000 ? (base_nanos / 1000) * 1000 : 0;
  return keep + n;
}

std::optional<int64_t> BuildTime(const Fields& f, const Temporal* base) {
  bool any = f.has("hour") || f.has("minute") || f.has("second") || f.has("millisecond") ||
             f.has("microsecond") || f.has("nanosecond");
  if (!any && !base) return std::nullopt;
  int64_t b = base ? base->nano_of_day : 0;
  int64_t bs = b / kNanosPerSecond;
  int64_t h = f.Int("hour", base ? bs / 3600 : 0);
  int64_t m = f.Int("minute", base ? (bs / 60) % 60 : 0);
  int64_t s = f.Int("second", base ? bs % 60 : 0);
  CheckRange("hour", h, 0, 23);
  CheckRange("minute", m, 0, 59);
  CheckRange("second", s, 0, 59);
  if (!base && !f.has("hour") && (f.has("minute") || f.has("second"))) {
    BadValue("a time needs an hour");
  }
  int64_t sub = BuildSubSecond(f, base ? b % kNanosPerSecond : 0);
  return (h * 3600 + m * 60 + s) * kNanosPerSecond + sub;
}

std::string TimezoneArg(const Fields& f) {
  const Value* tz = f.get("timezone");
  if (!tz || tz->is_null()) return "";
  if (!tz->is_string()) BadValue("timezone must be a string");
  return tz->as_string();
}

// Builds a temporal of `kind` from a map (see the Temporal1 and Temporal3
// features of the TCK for the rules).
Temporal FromMap(TemporalKind kind, const ValueMap& map) {
  static const std::set<std::string> kKeys = {
      "year",         "month",      "day",      "week",   "dayOfWeek", "quarter",
      "dayOfQuarter", "ordinalDay", "hour",     "minute", "second",    "millisecond",
      "microsecond",  "nanosecond", "timezone", "date",   "time",      "datetime"};
  Fields f;
  for (const auto& [k, v] : map) {
    if (!kKeys.count(k)) BadValue("unknown temporal field '" + k + "'");
    if (!v.is_null()) f.values[k] = v;
  }
  Temporal t = Make(kind);
  const Temporal* dt = TemporalArg(f, "datetime");
  const Temporal* date_base = TemporalArg(f, "date");
  const Temporal* time_base = TemporalArg(f, "time");
  if (dt) {
    if (!date_base && dt->has_date()) date_base = dt;
    if (!time_base && dt->has_time()) time_base = dt;
  }
  if (date_base && !date_base->has_date()) BadValue("date: needs a value with a date");
  if (time_base && !time_base->has_time()) BadValue("time: needs a value with a time");
  std::string tz = TimezoneArg(f);
  if (t.has_date()) {
    auto day = BuildDate(f, date_base);
    if (!day) BadValue(std::string(TemporalKindName(kind)) + " needs a date");
    t.epoch_day = *day;
  }
  // A base time with a zone moves to the requested zone first, taken on the
  // result's date (so the base zone's offset is the one of that day).
  Temporal converted_time;
  if (time_base && time_base->has_offset() && !tz.empty() && t.has_offset()) {
    converted_time = *time_base;
    converted_time.kind = TemporalKind::kDateTime;
    converted_time.epoch_day = t.has_date() ? t.epoch_day : 0;
    if (!converted_time.zone.empty()) {
      converted_time.offset = ZoneOffsetLocal(converted_time.zone, converted_time.epoch_day,
                                              converted_time.nano_of_day);
    }
    ConvertZone(&converted_time, tz);
    time_base = &converted_time;
  }
  if (t.has_time()) {
    t.nano_of_day = BuildTime(f, time_base).value_or(0);
  } else if (f.has("hour") || f.has("minute") || f.has("second")) {
    BadValue("a date cannot have time fields");
  }
  if (t.has_offset()) {
    if (!tz.empty()) {
      AssignZone(&t, tz);
    } else if (time_base && time_base->has_offset()) {
      t.zone = time_base->zone;
      t.offset = time_base->offset;
      if (!t.zone.empty() && kind == TemporalKind::kDateTime) {
        t.offset = ZoneOffsetLocal(t.zone, t.epoch_day, t.nano_of_day);
      }
    } else if (dt && dt->has_offset()) {
      t.zone = dt->zone;
      t.offset = dt->offset;
    }
  }
  return t;
}

// ---- parsing -----------------------------------------------------------------------

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

int64_t Num(std::string_view s) { return std::stoll(std::string(s)); }

[[noreturn]] void BadText(std::string_view what, std::string_view text) {
  BadValue("cannot parse " + std::string(what) + " from '" + std::string(text) + "'");
}

int64_t ParseDateText(std::string_view s) {
  std::string_view orig = s;
  int sign = 1;
  size_t year_len = 4;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
    year_len = 0;
    while (year_len < s.size() && std::isdigit(static_cast<unsigned char>(s[year_len]))) ++year_len;
    // An extended year is followed by a separator; without one the date is
    // compact and the year has four digits.
    if (year_len > 4 && (year_len == s.size() || s[year_len] != '-')) year_len = 4;
  }
  if (s.size() < year_len || !AllDigits(s.substr(0, year_len))) BadText("a date", orig);
  int64_t year = sign * Num(s.substr(0, year_len));
  std::string_view rest = s.substr(year_len);
  if (rest.empty()) return DaysFromCivil(year, 1, 1);
  bool dashed = rest[0] == '-';
  if (dashed) rest.remove_prefix(1);
  if (!rest.empty() && rest[0] == 'W') {
    rest.remove_prefix(1);
    if (rest.size() < 2 || !AllDigits(rest.substr(0, 2))) BadText("a date", orig);
    int64_t week = Num(rest.substr(0, 2));
    rest.remove_prefix(2);
    int64_t dow = 1;
    if (!rest.empty()) {
      if (dashed) {
        if (rest[0] != '-') BadText("a date", orig);
        rest.remove_prefix(1);
      }
      if (rest.size() != 1 || !AllDigits(rest)) BadText("a date", orig);
      dow = Num(rest);
    }
    CheckRange("week", week, 1, WeeksInYear(year));
    CheckRange("dayOfWeek", dow, 1, 7);
    return WeekOneMonday(year) + (week - 1) * 7 + dow - 1;
  }
  if (!AllDigits(rest)) BadText("a date", orig);
  if (rest.size() == 3) {  // ordinal day
    int64_t od = Num(rest);
    CheckRange("ordinalDay", od, 1, IsLeap(year) ? 366 : 365);
    return DaysFromCivil(year, 1, 1) + od - 1;
  }
  if (rest.size() == 2 || (dashed && rest.size() == 2)) {
    int64_t m = Num(rest);
    CheckRange("month", m, 1, 12);
    return DaysFromCivil(year, m, 1);
  }
  if (dashed) {
    // YYYY-MM-DD arrives here as "MM-DD" only through the branch below.
    BadText("a date", orig);
  }
  if (rest.size() == 4) {
    int64_t m = Num(rest.substr(0, 2)), d = Num(rest.substr(2, 2));
    CheckRange("month", m, 1, 12);
    CheckRange("day", d, 1, DaysInMonth(year, m));
    return DaysFromCivil(year, m, d);
  }
  BadText("a date", orig);
}

int64_t ParseDatePart(std::string_view s) {
  // YYYY-MM-DD has a second dash; handle it before the compact forms.
  size_t start = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  size_t first = s.find('-', start);
  if (first != std::string_view::npos && s.find('-', first + 1) != std::string_view::npos &&
      s.find('W') == std::string_view::npos) {
    size_t second = s.find('-', first + 1);
    std::string_view ys = s.substr(0, first);
    std::string_view ms = s.substr(first + 1, second - first - 1);
    std::string_view ds = s.substr(second + 1);
    int sign = ys[0] == '-' ? -1 : 1;
    if (ys[0] == '+' || ys[0] == '-') ys.remove_prefix(1);
    if (!AllDigits(ys) || !AllDigits(ms) || !AllDigits(ds) || ms.size() != 2 || ds.size() != 2) {
      BadText("a date", s);
    }
    int64_t y = sign * Num(ys), m = Num(ms), d = Num(ds);
    CheckRange("month", m, 1, 12);
    CheckRange("day", d, 1, DaysInMonth(y, m));
    return DaysFromCivil(y, m, d);
  }
  return ParseDateText(s);
}

int64_t ParseTimePart(std::string_view s) {
  std::string_view orig = s;
  std::string digits;
  std::string fraction;
  size_t i = 0;
  int groups = 0;
  int64_t h = 0, m = 0, sec = 0;
  auto two = [&](int64_t* out) {
    if (i + 2 > s.size() || !AllDigits(s.substr(i, 2))) BadText("a time", orig);
    *out = Num(s.substr(i, 2));
    i += 2;
    ++groups;
  };
  two(&h);
  bool colons = i < s.size() && s[i] == ':';
  if (i < s.size()) {
    if (colons) ++i;
    two(&m);
    if (i < s.size() &&
        (s[i] == ':' || (!colons && std::isdigit(static_cast<unsigned char>(s[i]))))) {
      if (colons) {
        if (s[i] != ':') BadText("a time", orig);
        ++i;
      }
      two(&sec);
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) fraction += s[i++];
        if (fraction.empty() || fraction.size() > 9) BadText("a time", orig);
      }
    }
  }
  if (i != s.size()) BadText("a time", orig);
  CheckRange("hour", h, 0, 23);
  CheckRange("minute", m, 0, 59);
  CheckRange("second", sec, 0, 59);
  while (fraction.size() < 9) fraction += '0';
  return (h * 3600 + m * 60 + sec) * kNanosPerSecond + Num(fraction);
}

// Splits "time[offset][[zone]]" into the time text, offset text and zone.
void SplitZone(std::string_view s, std::string_view* time, std::string* offset, std::string* zone) {
  *offset = "";
  *zone = "";
  size_t bracket = s.find('[');
  if (bracket != std::string_view::npos) {
    if (s.back() != ']') BadText("a time zone", s);
    *zone = std::string(s.substr(bracket + 1, s.size() - bracket - 2));
    s = s.substr(0, bracket);
  }
  size_t z = s.find_first_of("Zz+-");
  if (z != std::string_view::npos) {
    *offset = std::string(s.substr(z));
    s = s.substr(0, z);
  }
  *time = s;
}

Temporal ParseTemporal(TemporalKind kind, std::string_view text) {
  Temporal t = Make(kind);
  std::string_view s = text;
  if (kind == TemporalKind::kDate) {
    t.epoch_day = ParseDatePart(s);
    return t;
  }
  std::string_view date_text, time_text = s;
  if (t.has_date()) {
    size_t tpos = s.find('T');
    date_text = tpos == std::string_view::npos ? s : s.substr(0, tpos);
    time_text = tpos == std::string_view::npos ? std::string_view() : s.substr(tpos + 1);
    t.epoch_day = ParseDatePart(date_text);
  }
  std::string offset, zone;
  std::string_view clock = time_text;
  if (!time_text.empty()) SplitZone(time_text, &clock, &offset, &zone);
  if (!clock.empty()) t.nano_of_day = ParseTimePart(clock);
  if (!t.has_offset()) {
    if (!offset.empty() || !zone.empty()) {
      // Local values ignore a zone in their text, as Neo4j does.
    }
    return t;
  }
  if (!zone.empty()) {
    t.zone = zone;
    AssignZone(&t, zone);
    // In a daylight-saving overlap the written offset picks the instant.
    if (!offset.empty() && t.kind == TemporalKind::kDateTime) {
      if (auto off = ParseOffset(offset)) {
        __int128 instant = static_cast<__int128>(t.epoch_day) * kNanosPerDay + t.nano_of_day -
                           static_cast<__int128>(*off) * kNanosPerSecond;
        if (ZoneOffsetInstant(zone, static_cast<int64_t>(instant / kNanosPerSecond)) == *off) {
          t.offset = *off;
        }
      }
    }
    return t;
  }
  if (!offset.empty()) {
    auto off = ParseOffset(offset);
    if (!off) BadText("an offset", text);
    t.offset = *off;
  }
  return t;
}

Temporal ParseDuration(std::string_view text) {
  std::string_view s = text;
  int sign = 1;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  if (s.empty() || (s[0] != 'P' && s[0] != 'p')) BadText("a duration", text);
  s.remove_prefix(1);
  // The alternative form: PYYYY-MM-DDThh:mm:ss.
  if (s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-') {
    int64_t y = Num(s.substr(0, 4)), mo = Num(s.substr(5, 2)), d = Num(s.substr(8, 2));
    int64_t nanos = 0;
    if (s.size() > 10) {
      if (s[10] != 'T') BadText("a duration", text);
      nanos = ParseTimePart(s.substr(11));
    }
    return MakeDuration(sign * (y * 12 + mo), sign * d, sign * (nanos / kNanosPerSecond),
                        sign * (nanos % kNanosPerSecond));
  }
  // Components as written; fractions below a second are kept exactly, any
  // other fraction cascades down like Neo4j does.
  double months = 0, days = 0, seconds = 0;
  int64_t imonths = 0, idays = 0, iseconds = 0, inanos = 0;
  bool approximate = false;
  bool time = false;
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == 'T' || s[i] == 't') {
      time = true;
      ++i;
      continue;
    }
    size_t start = i;
    if (s[i] == '-' || s[i] == '+') ++i;
    while (i < s.size() &&
           (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == ',')) {
      ++i;
    }
    if (i == start || i >= s.size()) BadText("a duration", text);
    std::string num(s.substr(start, i - start));
    std::replace(num.begin(), num.end(), ',', '.');
    size_t dot = num.find('.');
    bool fractional = dot != std::string::npos;
    double v = std::stod(num);
    bool negative = num[0] == '-';
    std::string int_text = fractional ? num.substr(0, dot) : num;
    if (int_text.empty() || int_text == "-" || int_text == "+") int_text = "0";
    int64_t whole = std::stoll(int_text);
    char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i++])));
    any = true;
    if (!time) {
      switch (unit) {
        case 'Y':
          months += v * 12;
          imonths += whole * 12;
          break;
        case 'M':
          months += v;
          imonths += whole;
          break;
        case 'W':
          days += v * 7;
          idays += whole * 7;
          break;
        case 'D':
          days += v;
          idays += whole;
          break;
        default:
          BadText("a duration", text);
      }
      approximate = approximate || fractional;
    } else {
      switch (unit) {
        case 'H':
          seconds += v * 3600;
          iseconds += whole * 3600;
          break;
        case 'M':
          seconds += v * 60;
          iseconds += whole * 60;
          break;
        case 'S': {
          seconds += v;
          iseconds += whole;
          if (fractional) {
            std::string frac = num.substr(dot + 1);
            if (frac.size() > 9) frac.resize(9);
            while (frac.size() < 9) frac += '0';
            inanos += (negative ? -1 : 1) * std::stoll(frac);
          }
          break;
        }
        default:
          BadText("a duration", text);
      }
      if (unit != 'S') approximate = approximate || fractional;
    }
  }
  if (!any) BadText("a duration", text);
  if (!approximate)
    return MakeDuration(sign * imonths, sign * idays, sign * iseconds, sign * inanos);
  return ApproximateDuration(sign * months, sign * days, sign * seconds, 0);
}

Temporal DurationFromMap(const ValueMap& map) {
  static const std::map<std::string, int> kUnits = {
      {"years", 0},        {"quarters", 1},     {"months", 2},      {"weeks", 3},
      {"days", 4},         {"hours", 5},        {"minutes", 6},     {"seconds", 7},
      {"milliseconds", 8}, {"microseconds", 9}, {"nanoseconds", 10}};
  double months = 0, days = 0, seconds = 0, nanos = 0;
  int64_t im = 0, id = 0, is = 0, in = 0;
  bool exact = true;
  for (const auto& [k, v] : map) {
    auto it = kUnits.find(k);
    if (it == kUnits.end()) BadValue("unknown duration field '" + k + "'");
    if (v.is_null()) continue;
    if (!v.is_number()) BadValue("duration field " + k + " must be a number");
    double x = v.as_number();
    int64_t xi = v.is_int() ? v.as_int() : 0;
    if (!v.is_int()) exact = false;
    switch (it->second) {
      case 0:
        months += x * 12;
        im += xi * 12;
        break;
      case 1:
        months += x * 3;
        im += xi * 3;
        break;
      case 2:
        months += x;
        im += xi;
        break;
      case 3:
        days += x * 7;
        id += xi * 7;
        break;
      case 4:
        days += x;
        id += xi;
        break;
      case 5:
        seconds += x * 3600;
        is += xi * 3600;
        break;
      case 6:
        seconds += x * 60;
        is += xi * 60;
        break;
      case 7:
        seconds += x;
        is += xi;
        break;
      case 8:
        nanos += x * 1e6;
        in += xi * 1'000'000;
        break;
      case 9:
        nanos += x * 1e3;
        in += xi * 1000;
        break;
      case 10:
        nanos += x;
        in += xi;
        break;
    }
  }
  if (exact) return MakeDuration(im, id, is, in);
  return ApproximateDuration(months, days, seconds, nanos);
}

// ---- truncation ------------------------------------------------------------------

int64_t TruncateDate(int64_t day, const std::string& unit) {
  Civil c = CivilFromDays(day);
  auto floor_years = [&](int64_t n) { return DaysFromCivil(FloorDiv(c.year, n) * n, 1, 1); };
  if (unit == "millennium") return floor_years(1000);
  if (unit == "century") return floor_years(100);
  if (unit == "decade") return floor_years(10);
  if (unit == "year") return DaysFromCivil(c.year, 1, 1);
  if (unit == "weekYear") return WeekOneMonday(WeekDateOf(day).week_year);
  if (unit == "quarter") return DaysFromCivil(c.year, ((c.month - 1) / 3) * 3 + 1, 1);
  if (unit == "month") return DaysFromCivil(c.year, c.month, 1);
  if (unit == "week") return day - (DayOfWeek(day) - 1);
  return day;
}

bool IsDateUnit(const std::string& unit) {
  return unit == "millennium" || unit == "century" || unit == "decade" || unit == "year" ||
         unit == "weekYear" || unit == "quarter" || unit == "month" || unit == "week" ||
         unit == "day";
}

int64_t TruncateTime(int64_t nanos, const std::string& unit) {
  int64_t step;
  if (unit == "hour")
    step = 3600 * kNanosPerSecond;
  else if (unit == "minute")
    step = 60 * kNanosPerSecond;
  else if (unit == "second")
    step = kNanosPerSecond;
  else if (unit == "millisecond")
    step = 1'000'000;
  else if (unit == "microsecond")
    step = 1000;
  else if (IsDateUnit(unit))
    return 0;
  else
    BadValue("unknown truncation unit '" + unit + "'");
  return (nanos / step) * step;
}

Temporal Truncate(TemporalKind kind, const std::string& unit, const Temporal& v,
                  const ValueMap& overrides) {
  Temporal out = Make(kind);
  if (out.has_date()) {
    if (!v.has_date())
      BadValue("cannot truncate a value without a date to a " +
               std::string(TemporalKindName(kind)));
    if (!IsDateUnit(unit) && out.kind == TemporalKind::kDate) {
      BadValue("a date cannot be truncated to '" + unit + "'");
    }
    out.epoch_day = TruncateDate(v.epoch_day, unit);
  } else if (IsDateUnit(unit) && unit != "day") {
    BadValue("a time cannot be truncated to '" + unit + "'");
  }
  if (out.has_time()) out.nano_of_day = v.has_time() ? TruncateTime(v.nano_of_day, unit) : 0;
  if (out.has_offset()) {
    if (v.has_offset()) {
      out.offset = v.offset;
      out.zone = v.zone;
    }
  }
  if (overrides.empty()) return out;
  // Overrides apply on top of the truncated value; a timezone replaces the
  // zone without moving the local time.
  ValueMap fields = overrides;
  std::string tz;
  auto it = fields.find("timezone");
  if (it != fields.end()) {
    if (it->second.is_string()) tz = it->second.as_string();
    fields.erase(it);
  }
  Temporal base = out;
  if (base.kind == TemporalKind::kTime) {
    base.kind = TemporalKind::kLocalTime;
  } else if (base.kind == TemporalKind::kDateTime) {
    base.kind = TemporalKind::kLocalDateTime;
  }
  if (out.has_date()) fields["date"] = Value(base);
  if (out.has_time()) fields["time"] = Value(base);
  Temporal built = FromMap(kind == TemporalKind::kDateTime ? TemporalKind::kLocalDateTime
                           : kind == TemporalKind::kTime   ? TemporalKind::kLocalTime
                                                           : kind,
                           fields);
  built.kind = kind;
  built.offset = out.offset;
  built.zone = out.zone;
  if (!tz.empty()) {
    AssignZone(&built, tz);
  } else if (!built.zone.empty()) {
    built.offset = ZoneOffsetLocal(built.zone, built.epoch_day, built.nano_of_day);
  }
  return built;
}

// ---- conversions between kinds -------------------------------------------------------

// Converts a temporal argument to `kind` (date(datetime), time(localtime)...).
Temporal Project(TemporalKind kind, const Temporal& v) {
  if (v.kind == TemporalKind::kDuration) BadValue("cannot convert a duration to a date or time");
  Temporal t = Make(kind);
  if (t.has_date()) {
    if (!v.has_date()) {
      BadValue(std::string("cannot convert a ") + TemporalKindName(v.kind) + " to a " +
               TemporalKindName(kind));
    }
    t.epoch_day = v.epoch_day;
  }
  if (t.has_time()) t.nano_of_day = v.has_time() ? v.nano_of_day : 0;
  if (t.has_offset()) {
    if (v.has_offset()) {
      t.offset = v.offset;
      t.zone = v.zone;
    }
  }
  return t;
}

// The current date-time in UTC at `now` (nanoseconds since the epoch).
Temporal Now(TemporalKind kind, int64_t now) {
  Temporal t = Make(kind);
  t.epoch_day = FloorDiv(now, kNanosPerDay);
  t.nano_of_day = FloorMod(now, kNanosPerDay);
  return t;
}

// Builds a temporal of `kind` from a function's argument.
Temporal Construct(TemporalKind kind, const Value& arg, int64_t now) {
  if (arg.is_string()) {
    return kind == TemporalKind::kDuration ? ParseDuration(arg.as_string())
                                           : ParseTemporal(kind, arg.as_string());
  }
  if (arg.is_map()) {
    if (kind == TemporalKind::kDuration) return DurationFromMap(arg.as_map());
    // {timezone: ...} alone means "now in that zone".
    if (arg.as_map().size() == 1 && arg.as_map().count("timezone")) {
      Temporal t = Now(TemporalKind::kDateTime, now);
      ConvertZone(&t, arg.as_map().begin()->second.as_string());
      return Project(kind, t);
    }
    return FromMap(kind, arg.as_map());
  }
  if (arg.is_temporal()) {
    if (kind == TemporalKind::kDuration) {
      if (arg.as_temporal().kind != TemporalKind::kDuration) BadValue("not a duration");
      return arg.as_temporal();
    }
    return Project(kind, arg.as_temporal());
  }
  ThrowRuntime("TypeError", "InvalidArgumentType",
               std::string(TemporalKindName(kind)) + "() expects a string, a map or a temporal " +
                   "value, got a " + arg.kind_name());
}

// ---- durations between values ----------------------------------------------------

// Java's LocalDate.until in months: complete months from a to b.
int64_t MonthsUntil(int64_t a_day, int64_t b_day) {
  Civil a = CivilFromDays(a_day), b = CivilFromDays(b_day);
  int64_t packed1 = (a.year * 12 + a.month - 1) * 32 + a.day;
  int64_t packed2 = (b.year * 12 + b.month - 1) * 32 + b.day;
  return (packed2 - packed1) / 32;
}

// Java's LocalDateTime.until in months or days: the end moves back (or
// forward) a day when its time of day has not reached the start's.
int64_t AdjustedEnd(int64_t a_day, int64_t a_nanos, int64_t b_day, int64_t b_nanos) {
  if (b_day > a_day && b_nanos < a_nanos) return b_day - 1;
  if (b_day < a_day && b_nanos > a_nanos) return b_day + 1;
  return b_day;
}

// The duration from `a` to `b`: calendar months and days when both have
// dates, then the exact time left.  A value without a date takes the other's
// date, one without a zone the other's zone; zoned values subtract instants.
Temporal Between(const Temporal& a, const Temporal& b, const std::string& unit) {
  if (a.kind == TemporalKind::kDuration || b.kind == TemporalKind::kDuration) {
    BadValue("duration.between needs two dates or times");
  }
  bool dates = a.has_date() && b.has_date();
  Temporal x = a, y = b;
  x.kind = y.kind = TemporalKind::kLocalDateTime;
  if (!a.has_date()) x.epoch_day = b.has_date() ? b.epoch_day : 0;
  if (!b.has_date()) y.epoch_day = a.has_date() ? a.epoch_day : 0;
  if (!a.has_time()) x.nano_of_day = 0;
  if (!b.has_time()) y.nano_of_day = 0;
  auto adopt = [](Temporal* t, const Temporal& from) {
    t->zone = from.zone;
    t->offset =
        from.zone.empty() ? from.offset : ZoneOffsetLocal(from.zone, t->epoch_day, t->nano_of_day);
  };
  bool zx = a.has_offset(), zy = b.has_offset();
  if (zx && !zy) adopt(&y, a);
  if (zy && !zx) adopt(&x, b);
  bool zoned = zx || zy;
  if (zoned) x.kind = y.kind = TemporalKind::kDateTime;
  // y seen from x's zone, for the calendar units.
  Temporal yl = y;
  if (zoned) ConvertZone(&yl, x.zone.empty() ? FormatOffset(x.offset) : x.zone);
  int64_t months = 0, days = 0;
  Temporal from = x;
  if (dates && (unit.empty() || unit == "months")) {
    int64_t end = AdjustedEnd(from.epoch_day, from.nano_of_day, yl.epoch_day, yl.nano_of_day);
    months = MonthsUntil(from.epoch_day, end);
    from.epoch_day = PlusMonths(from.epoch_day, months);
  }
  if (unit == "months") return MakeDuration(months, 0, 0, 0);
  if (dates && (unit.empty() || unit == "days")) {
    days = AdjustedEnd(from.epoch_day, from.nano_of_day, yl.epoch_day, yl.nano_of_day) -
           from.epoch_day;
    from.epoch_day += days;
  }
  if (unit == "days") return MakeDuration(0, days, 0, 0);
  __int128 nanos;
  if (zoned) {
    if (!from.zone.empty()) {
      from.offset = ZoneOffsetLocal(from.zone, from.epoch_day, from.nano_of_day);
    }
    nanos = InstantNanos(y) - InstantNanos(from);
  } else {
    nanos = (static_cast<__int128>(y.epoch_day) - from.epoch_day) * kNanosPerDay + y.nano_of_day -
            from.nano_of_day;
  }
  return MakeDuration(months, days, static_cast<int64_t>(nanos / kNanosPerSecond),
                      static_cast<int64_t>(nanos % kNanosPerSecond));
}

// ---- function entry points --------------------------------------------------------

Value ArgOrNow(TemporalKind kind, const std::vector<Value>& args, int64_t now) {
  if (args.empty()) {
    Temporal t = Now(TemporalKind::kDateTime, now);
    return Value(Project(kind, t));
  }
  if (args[0].is_null()) return Value();
  return Value(Construct(kind, args[0], now));
}

Value FnDate(ExecContext& ctx, const std::vector<Value>& a) {
  return ArgOrNow(TemporalKind::kDate, a, ctx.statement_time_nanos());
}
Value FnLocalTime(ExecContext& ctx, const std::vector<Value>& a) {
  return ArgOrNow(TemporalKind::kLocalTime, a, ctx.statement_time_nanos());
}
Value FnTime(ExecContext& ctx, const std::vector<Value>& a) {
  return ArgOrNow(TemporalKind::kTime, a, ctx.statement_time_nanos());
}
Value FnLocalDateTime(ExecContext& ctx, const std::vector<Value>& a) {
  return ArgOrNow(TemporalKind::kLocalDateTime, a, ctx.statement_time_nanos());
}
Value FnDateTime(ExecContext& ctx, const std::vector<Value>& a) {
  return ArgOrNow(TemporalKind::kDateTime, a, ctx.statement_time_nanos());
}
Value FnDuration(ExecContext&, const std::vector<Value>& a) {
  if (a[0].is_null()) return Value();
  return Value(Construct(TemporalKind::kDuration, a[0], 0));
}

template <TemporalKind K>
Value FnTruncate(ExecContext&, const std::vector<Value>& a) {
  if (a[1].is_null()) return Value();
  if (!a[0].is_string()) BadValue("truncate() needs a unit name");
  if (!a[1].is_temporal()) BadValue("truncate() needs a temporal value");
  ValueMap overrides;
  if (a.size() > 2 && a[2].is_map()) overrides = a[2].as_map();
  return Value(Truncate(K, a[0].as_string(), a[1].as_temporal(), overrides));
}

Value BetweenFn(const std::vector<Value>& a, const char* unit) {
  if (a[0].is_null() || a[1].is_null()) return Value();
  if (!a[0].is_temporal() || !a[1].is_temporal()) {
    ThrowRuntime("TypeError", "InvalidArgumentType", "duration.between needs temporal values");
  }
  return Value(Between(a[0].as_temporal(), a[1].as_temporal(), unit));
}
Value FnBetween(ExecContext&, const std::vector<Value>& a) { return BetweenFn(a, ""); }
Value FnInMonths(ExecContext&, const std::vector<Value>& a) { return BetweenFn(a, "months"); }
Value FnInDays(ExecContext&, const std::vector<Value>& a) { return BetweenFn(a, "days"); }
Value FnInSeconds(ExecContext&, const std::vector<Value>& a) { return BetweenFn(a, "seconds"); }

Value FnFromEpoch(ExecContext&, const std::vector<Value>& a) {
  if (a[0].is_null()) return Value();
  int64_t secs = a[0].is_int() ? a[0].as_int() : static_cast<int64_t>(a[0].as_number());
  int64_t nanos = a.size() > 1 && a[1].is_int() ? a[1].as_int() : 0;
  Temporal t = Make(TemporalKind::kDateTime);
  SetFromInstant(&t, static_cast<__int128>(secs) * kNanosPerSecond + nanos);
  return Value(t);
}

Value FnFromEpochMillis(ExecContext&, const std::vector<Value>& a) {
  if (a[0].is_null()) return Value();
  int64_t ms = a[0].is_int() ? a[0].as_int() : static_cast<int64_t>(a[0].as_number());
  Temporal t = Make(TemporalKind::kDateTime);
  SetFromInstant(&t, static_cast<__int128>(ms) * 1'000'000);
  return Value(t);
}

const FunctionDef kTemporalFunctions[] = {
    {"date", 0, 1, AggKind::kNone, FnDate, SType::kAny, false},
    {"localtime", 0, 1, AggKind::kNone, FnLocalTime, SType::kAny, false},
    {"time", 0, 1, AggKind::kNone, FnTime, SType::kAny, false},
    {"localdatetime", 0, 1, AggKind::kNone, FnLocalDateTime, SType::kAny, false},
    {"datetime", 0, 1, AggKind::kNone, FnDateTime, SType::kAny, false},
    {"date.transaction", 0, 1, AggKind::kNone, FnDate, SType::kAny, false},
    {"date.statement", 0, 1, AggKind::kNone, FnDate, SType::kAny, false},
    {"date.realtime", 0, 1, AggKind::kNone, FnDate, SType::kAny, false},
    {"localtime.transaction", 0, 1, AggKind::kNone, FnLocalTime, SType::kAny, false},
    {"localtime.statement", 0, 1, AggKind::kNone, FnLocalTime, SType::kAny, false},
    {"localtime.realtime", 0, 1, AggKind::kNone, FnLocalTime, SType::kAny, false},
    {"time.transaction", 0, 1, AggKind::kNone, FnTime, SType::kAny, false},
    {"time.statement", 0, 1, AggKind::kNone, FnTime, SType::kAny, false},
    {"time.realtime", 0, 1, AggKind::kNone, FnTime, SType::kAny, false},
    {"localdatetime.transaction", 0, 1, AggKind::kNone, FnLocalDateTime, SType::kAny, false},
    {"localdatetime.statement", 0, 1, AggKind::kNone, FnLocalDateTime, SType::kAny, false},
    {"localdatetime.realtime", 0, 1, AggKind::kNone, FnLocalDateTime, SType::kAny, false},
    {"datetime.transaction", 0, 1, AggKind::kNone, FnDateTime, SType::kAny, false},
    {"datetime.statement", 0, 1, AggKind::kNone, FnDateTime, SType::kAny, false},
    {"datetime.realtime", 0, 1, AggKind::kNone, FnDateTime, SType::kAny, false},
    {"duration", 1, 1, AggKind::kNone, FnDuration, SType::kAny, true},
    {"date.truncate", 2, 3, AggKind::kNone, FnTruncate<TemporalKind::kDate>, SType::kAny, true},
    {"localtime.truncate", 2, 3, AggKind::kNone, FnTruncate<TemporalKind::kLocalTime>, SType::kAny,
     true},
    {"time.truncate", 2, 3, AggKind::kNone, FnTruncate<TemporalKind::kTime>, SType::kAny, true},
    {"localdatetime.truncate", 2, 3, AggKind::kNone, FnTruncate<TemporalKind::kLocalDateTime>,
     SType::kAny, true},
    {"datetime.truncate", 2, 3, AggKind::kNone, FnTruncate<TemporalKind::kDateTime>, SType::kAny,
     true},
    {"duration.between", 2, 2, AggKind::kNone, FnBetween, SType::kAny, true},
    {"duration.inMonths", 2, 2, AggKind::kNone, FnInMonths, SType::kAny, true},
    {"duration.inDays", 2, 2, AggKind::kNone, FnInDays, SType::kAny, true},
    {"duration.inSeconds", 2, 2, AggKind::kNone, FnInSeconds, SType::kAny, true},
    {"datetime.fromepoch", 1, 2, AggKind::kNone, FnFromEpoch, SType::kAny, true},
    {"datetime.fromepochmillis", 1, 1, AggKind::kNone, FnFromEpochMillis, SType::kAny, true},
};

}  // namespace

const char* TemporalKindName(TemporalKind kind) {
  switch (kind) {
    case TemporalKind::kDate:
      return "Date";
    case TemporalKind::kLocalTime:
      return "LocalTime";
    case TemporalKind::kTime:
      return "Time";
    case TemporalKind::kLocalDateTime:
      return "LocalDateTime";
    case TemporalKind::kDateTime:
      return "DateTime";
    case TemporalKind::kDuration:
      return "Duration";
  }
  return "Temporal";
}

std::string TemporalToString(const Temporal& t) {
  switch (t.kind) {
    case TemporalKind::kDate:
      return FormatDate(t.epoch_day);
    case TemporalKind::kLocalTime:
      return FormatTime(t.nano_of_day);
    case TemporalKind::kTime:
      return FormatTime(t.nano_of_day) + FormatOffset(t.offset);
    case TemporalKind::kLocalDateTime:
      return FormatDate(t.epoch_day) + "T" + FormatTime(t.nano_of_day);
    case TemporalKind::kDateTime: {
      std::string s =
          FormatDate(t.epoch_day) + "T" + FormatTime(t.nano_of_day) + FormatOffset(t.offset);
      if (!t.zone.empty()) s += "[" + t.zone + "]";
      return s;
    }
    case TemporalKind::kDuration:
      return FormatDuration(t);
  }
  return "";
}

namespace {
int Sign(__int128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); }

__int128 TimeInstant(const Temporal& t) {
  return static_cast<__int128>(t.nano_of_day) - static_cast<__int128>(t.offset) * kNanosPerSecond;
}
}  // namespace

std::optional<int> CompareTemporal(const Temporal& a, const Temporal& b) {
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case TemporalKind::kDate:
      return Sign(static_cast<__int128>(a.epoch_day) - b.epoch_day);
    case TemporalKind::kLocalTime:
      return Sign(static_cast<__int128>(a.nano_of_day) - b.nano_of_day);
    case TemporalKind::kTime:
      return Sign(TimeInstant(a) - TimeInstant(b));
    case TemporalKind::kLocalDateTime: {
      if (a.epoch_day != b.epoch_day) return a.epoch_day < b.epoch_day ? -1 : 1;
      return Sign(static_cast<__int128>(a.nano_of_day) - b.nano_of_day);
    }
    case TemporalKind::kDateTime:
      return Sign(InstantNanos(a) - InstantNanos(b));
    case TemporalKind::kDuration:
      return std::nullopt;
  }
  return std::nullopt;
}

bool TemporalEquals(const Temporal& a, const Temporal& b) {
  if (a.kind != b.kind) return false;
  if (a.kind == TemporalKind::kDuration) {
    return a.months == b.months && a.days == b.days && a.seconds == b.seconds && a.nanos == b.nanos;
  }
  if (a.kind == TemporalKind::kTime || a.kind == TemporalKind::kDateTime) {
    return a.epoch_day == b.epoch_day && a.nano_of_day == b.nano_of_day && a.offset == b.offset &&
           a.zone == b.zone;
  }
  return CompareTemporal(a, b) == 0;
}

int OrderTemporal(const Temporal& a, const Temporal& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.kind == TemporalKind::kDuration) {
    if (a.months != b.months) return a.months < b.months ? -1 : 1;
    if (a.days != b.days) return a.days < b.days ? -1 : 1;
    if (a.seconds != b.seconds) return a.seconds < b.seconds ? -1 : 1;
    return a.nanos < b.nanos ? -1 : (a.nanos > b.nanos ? 1 : 0);
  }
  int c = CompareTemporal(a, b).value_or(0);
  if (c != 0) return c;
  if (a.offset != b.offset) return a.offset < b.offset ? -1 : 1;
  return a.zone.compare(b.zone) < 0 ? -1 : (a.zone == b.zone ? 0 : 1);
}

size_t HashTemporal(const Temporal& t) {
  size_t h = std::hash<int>()(static_cast<int>(t.kind));
  auto mix = [&](int64_t v) {
    h ^= std::hash<int64_t>()(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  };
  mix(t.epoch_day);
  mix(t.nano_of_day);
  mix(t.offset);
  mix(t.months);
  mix(t.days);
  mix(t.seconds);
  mix(t.nanos);
  return h;
}

Value TemporalComponent(const Temporal& t, const std::string& name) {
  if (t.kind == TemporalKind::kDuration) {
    int64_t nanos_total_s = t.seconds;
    if (name == "years") return Value(t.months / 12);
    if (name == "quarters") return Value(t.months / 3);
    if (name == "months") return Value(t.months);
    if (name == "weeks") return Value(t.days / 7);
    if (name == "days") return Value(t.days);
    if (name == "hours") return Value(nanos_total_s / 3600);
    if (name == "minutes") return Value(nanos_total_s / 60);
    if (name == "seconds") return Value(nanos_total_s);
    if (name == "milliseconds") return Value(t.seconds * 1000 + t.nanos / 1'000'000);
    if (name == "microseconds") return Value(t.seconds * 1'000'000 + t.nanos / 1000);
    if (name == "nanoseconds") return Value(t.seconds * kNanosPerSecond + t.nanos);
    if (name == "quartersOfYear") return Value((t.months % 12) / 3);
    if (name == "monthsOfQuarter") return Value(t.months % 3);
    if (name == "monthsOfYear") return Value(t.months % 12);
    if (name == "daysOfWeek") return Value(t.days % 7);
    if (name == "minutesOfHour") return Value((t.seconds / 60) % 60);
    if (name == "secondsOfMinute") return Value(t.seconds % 60);
    if (name == "millisecondsOfSecond") return Value(t.nanos / 1'000'000);
    if (name == "microsecondsOfSecond") return Value(t.nanos / 1000);
    if (name == "nanosecondsOfSecond") return Value(t.nanos);
    return Value();
  }
  if (t.has_date()) {
    Civil c = CivilFromDays(t.epoch_day);
    WeekDate w = WeekDateOf(t.epoch_day);
    if (name == "year") return Value(c.year);
    if (name == "quarter") return Value((c.month - 1) / 3 + 1);
    if (name == "month") return Value(c.month);
    if (name == "week") return Value(w.week);
    if (name == "weekYear") return Value(w.week_year);
    if (name == "day") return Value(c.day);
    if (name == "ordinalDay") return Value(t.epoch_day - DaysFromCivil(c.year, 1, 1) + 1);
    if (name == "weekDay" || name == "dayOfWeek") return Value(w.day_of_week);
    if (name == "dayOfQuarter") {
      return Value(t.epoch_day - DaysFromCivil(c.year, ((c.month - 1) / 3) * 3 + 1, 1) + 1);
    }
  }
  if (t.has_time()) {
    int64_t s = t.nano_of_day / kNanosPerSecond;
    int64_t ns = t.nano_of_day % kNanosPerSecond;
    if (name == "hour") return Value(s / 3600);
    if (name == "minute") return Value((s / 60) % 60);
    if (name == "second") return Value(s % 60);
    if (name == "millisecond") return Value(ns / 1'000'000);
    if (name == "microsecond") return Value(ns / 1000);
    if (name == "nanosecond") return Value(ns);
  }
  if (t.has_offset()) {
    if (name == "timezone") return Value(t.zone.empty() ? FormatOffset(t.offset) : t.zone);
    if (name == "offset")
      return Value(t.offset == 0 ? std::string("+00:00") : FormatOffset(t.offset));
    if (name == "offsetMinutes") return Value(static_cast<int64_t>(t.offset / 60));
    if (name == "offsetSeconds") return Value(static_cast<int64_t>(t.offset));
  }
  if (t.kind == TemporalKind::kDateTime) {
    __int128 instant = InstantNanos(t);
    if (name == "epochSeconds") return Value(static_cast<int64_t>(instant / kNanosPerSecond));
    if (name == "epochMillis") return Value(static_cast<int64_t>(instant / 1'000'000));
  }
  return Value();
}

Temporal AddDuration(const Temporal& t, const Temporal& d, int sign) {
  Temporal out = t;
  int64_t months = sign * d.months, days = sign * d.days;
  __int128 nanos = sign * (static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos);
  switch (t.kind) {
    case TemporalKind::kDate: {
      int64_t extra = static_cast<int64_t>(nanos / kNanosPerDay);
      out.epoch_day = PlusMonths(t.epoch_day, months) + days + extra;
      return out;
    }
    case TemporalKind::kLocalTime:
    case TemporalKind::kTime: {
      __int128 v = (static_cast<__int128>(t.nano_of_day) + nanos) % kNanosPerDay;
      if (v < 0) v += kNanosPerDay;
      out.nano_of_day = static_cast<int64_t>(v);
      return out;
    }
    case TemporalKind::kLocalDateTime: {
      __int128 local =
          static_cast<__int128>(PlusMonths(t.epoch_day, months) + days) * kNanosPerDay +
          t.nano_of_day + nanos;
      __int128 day = local / kNanosPerDay;
      if (local < 0 && local % kNanosPerDay != 0) --day;
      out.epoch_day = static_cast<int64_t>(day);
      out.nano_of_day = static_cast<int64_t>(local - day * kNanosPerDay);
      return out;
    }
    case TemporalKind::kDateTime: {
      out.epoch_day = PlusMonths(t.epoch_day, months) + days;
      if (!out.zone.empty()) out.offset = ZoneOffsetLocal(out.zone, out.epoch_day, out.nano_of_day);
      SetFromInstant(&out, InstantNanos(out) + nanos);
      return out;
    }
    case TemporalKind::kDuration:
      return AddDurations(t, d, sign);
  }
  return out;
}

Temporal AddDurations(const Temporal& a, const Temporal& b, int sign) {
  return MakeDuration(a.months + sign * b.months, a.days + sign * b.days,
                      a.seconds + sign * b.seconds, a.nanos + sign * b.nanos);
}

Temporal ScaleDuration(const Temporal& d, double factor) {
  if (factor == std::floor(factor) && std::fabs(factor) < 9e15) {
    auto f = static_cast<int64_t>(factor);
    __int128 nanos = (static_cast<__int128>(d.seconds) * kNanosPerSecond + d.nanos) * f;
    return MakeDuration(d.months * f, d.days * f, static_cast<int64_t>(nanos / kNanosPerSecond),
                        static_cast<int64_t>(nanos % kNanosPerSecond));
  }
  return ApproximateDuration(
      static_cast<double>(d.months) * factor, static_cast<double>(d.days) * factor,
      static_cast<double>(d.seconds) * factor, static_cast<double>(d.nanos) * factor);
}

std::optional<Temporal> TemporalFromString(TemporalKind kind, std::string_view text) {
  try {
    return kind == TemporalKind::kDuration ? ParseDuration(text) : ParseTemporal(kind, text);
  } catch (const QueryException&) {
    return std::nullopt;
  }
}

const FunctionDef* FindTemporalFunction(std::string_view name) {
  for (const auto& f : kTemporalFunctions) {
    if (EqualsAsciiIgnoreCase(f.name, name)) return &f;
  }
  return nullptr;
}

}  // namespace splot::query
