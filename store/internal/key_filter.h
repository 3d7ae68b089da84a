// KeyFilter: a Bloom filter over the identity keys a database holds, so that
// InsertDocuments can tell a key is new without searching the identity
// tables. It answers "maybe present" for every key added (no false
// negatives) and, at its capacity, for about 0.5% of the keys never added;
// such a key is simply looked up as before.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace corroborate::store::internal {

class KeyFilter {
 public:
  // Sized for `capacity` keys (at least one), 16 bits each.
  explicit KeyFilter(std::size_t capacity);

  // `kind` is the identities table's kind (0 URL, 1 GUID, 2 content), `key`
  // the 64-bit identity key.
  void Add(int kind, std::int64_t key);
  [[nodiscard]] bool MayContain(int kind, std::int64_t key) const;

  // Keys added so far (counting repeats), and the number it was sized for.
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return capacity_; }

 private:
  // Four bits of one 512-bit block (one cache line) per key.
  using Block = std::array<std::uint64_t, 8>;
  struct Probe {
    std::size_t block;
    std::array<unsigned, 4> bits;
  };
  [[nodiscard]] Probe Locate(int kind, std::int64_t key) const;

  std::vector<Block> blocks_;
  std::size_t size_ = 0;
  std::size_t capacity_;
};

}  // namespace corroborate::store::internal
