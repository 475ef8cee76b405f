// Collation: how the query language orders strings.
//
// String comparison (`<`, `>=`, ...) and ORDER BY on strings follow an ICU
// collator for a locale, Polish by default, so that "łódź" sorts after
// "lwów" and before "mińsk".  Strings that the collator ranks equal but that
// differ in bytes are ordered by code point, so the order stays total.
// Equality (`=`) never uses the collator: 'a' = 'A' is false.
#ifndef SPLOT_QUERY_COLLATION_H_
#define SPLOT_QUERY_COLLATION_H_

#include <memory>
#include <string>
#include <string_view>

#include <unicode/uversion.h>

#include "base/result.h"

U_NAMESPACE_BEGIN
class Collator;
U_NAMESPACE_END

namespace splot::query {

class Collation {
 public:
  // Builds the collation for an ICU locale name ("pl", "ru", "en", "root");
  // "binary" (or "") compares by Unicode code point.
  // Errors: InvalidArgument when ICU has no collator for the locale.
  static Result<std::shared_ptr<const Collation>> Create(std::string_view locale);
  ~Collation();
  Collation(const Collation&) = delete;
  Collation& operator=(const Collation&) = delete;

  // Returns <0, 0 or >0 as `a` sorts before, equal to or after `b`.
  // Thread-safe.
  int Compare(std::string_view a, std::string_view b) const;

  // The locale this collation was created for ("binary" for code points).
  const std::string& name() const { return name_; }

 private:
  explicit Collation(std::string name);
  std::string name_;
  std::unique_ptr<icu::Collator> collator_;  // nullptr for binary order
};

}  // namespace splot::query

#endif  // SPLOT_QUERY_COLLATION_H_
