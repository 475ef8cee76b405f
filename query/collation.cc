#include "query/collation.h"

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/stringpiece.h>

namespace splot::query {

Collation::Collation(std::string name) : name_(std::move(name)) {}
Collation::~Collation() = default;

Result<std::shared_ptr<const Collation>> Collation::Create(std::string_view locale) {
  std::string name(locale);
  if (name.empty() || name == "binary") {
    return std::shared_ptr<const Collation>(new Collation("binary"));
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale loc(name.c_str());
  if (loc.isBogus()) return Status::InvalidArgument("unknown collation locale '" + name + "'");
  std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(loc, status));
  if (U_FAILURE(status) || !collator) {
    return Status::InvalidArgument("no ICU collator for locale '" + name +
                                   "': " + u_errorName(status));
  }
  // ICU falls back to the root collation for locales it does not know; a
  // typo should not silently change the order.
  if (status == U_USING_DEFAULT_WARNING && name != "root") {
    return Status::InvalidArgument("no ICU collation for locale '" + name +
                                   "' (try pl, ru, en, root or binary)");
  }
  std::shared_ptr<Collation> c(new Collation(name));
  c->collator_ = std::move(collator);
  return std::shared_ptr<const Collation>(std::move(c));
}

int Collation::Compare(std::string_view a, std::string_view b) const {
  if (collator_) {
    UErrorCode status = U_ZERO_ERROR;
    UCollationResult r =
        collator_->compareUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())),
                               icu::StringPiece(b.data(), static_cast<int32_t>(b.size())), status);
    if (U_SUCCESS(status) && r != UCOL_EQUAL) return r == UCOL_LESS ? -1 : 1;
  }
  // UTF-8 byte order is code point order.
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace splot::query
