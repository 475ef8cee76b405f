#include "ingest/sha256.h"

#include <catch2/catch.hpp>

#include <string>

namespace splot::ingest {
namespace {

// Test vectors of FIPS 180-2, appendix B.
TEST_CASE("Sha256 matches the FIPS 180-2 test vectors", "[sha256]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Sha256 gives the same digest however the input is split", "[sha256]") {
  const std::string text(1000, 'x');
  for (size_t step : {1, 7, 63, 64, 65, 999}) {
    Sha256 hash;
    for (size_t i = 0; i < text.size(); i += step)
      hash.Update(std::string_view(text).substr(i, step));
    CHECK(hash.HexDigest() == Sha256Hex(text));
  }
}

}  // namespace
}  // namespace splot::ingest
