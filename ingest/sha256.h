// Sha256: the SHA-256 digest (FIPS 180-4), fed incrementally, so a file can
// be hashed while it streams through the reader.
#ifndef SPLOT_INGEST_SHA256_H_
#define SPLOT_INGEST_SHA256_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace splot::ingest {

class Sha256 {
 public:
  Sha256();
  // Appends bytes to the message.
  void Update(const void* data, size_t size);
  void Update(std::string_view bytes) { Update(bytes.data(), bytes.size()); }
  // Returns the digest of everything appended, as 64 lowercase hex digits.
  // The object must not be updated afterwards.
  std::string HexDigest();

 private:
  void Block(const uint8_t* block);

  uint32_t state_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Returns the hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace splot::ingest

#endif  // SPLOT_INGEST_SHA256_H_
