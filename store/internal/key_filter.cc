#include "store/internal/key_filter.h"

#include <algorithm>

namespace corroborate::store::internal {
namespace {

// splitmix64's finaliser: spreads the kind's offset over all bits.
std::uint64_t Mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace

KeyFilter::KeyFilter(std::size_t capacity)
    : blocks_(std::max<std::size_t>(1, (std::max<std::size_t>(capacity, 1) * 16 + 511) / 512),
              Block{}),
      capacity_(std::max<std::size_t>(capacity, 1)) {}

KeyFilter::Probe KeyFilter::Locate(int kind, std::int64_t key) const {
  const std::uint64_t h = Mix(static_cast<std::uint64_t>(key) +
                              static_cast<std::uint64_t>(kind + 1) * 0x9E3779B97F4A7C15ULL);
  // The high 28 bits pick the block (multiply-shift, no modulo bias to speak
  // of), the low 36 bits four bit positions in it.
  const auto block = static_cast<std::size_t>(((h >> 36) * blocks_.size()) >> 28);
  return {block,
          {static_cast<unsigned>(h & 511), static_cast<unsigned>((h >> 9) & 511),
           static_cast<unsigned>((h >> 18) & 511), static_cast<unsigned>((h >> 27) & 511)}};
}

void KeyFilter::Add(int kind, std::int64_t key) {
  const Probe p = Locate(kind, key);
  Block& b = blocks_[p.block];
  for (unsigned bit : p.bits) b[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  ++size_;
}

bool KeyFilter::MayContain(int kind, std::int64_t key) const {
  const Probe p = Locate(kind, key);
  const Block& b = blocks_[p.block];
  return std::all_of(p.bits.begin(), p.bits.end(),
                     [&](unsigned bit) { return (b[bit >> 6] >> (bit & 63)) & 1; });
}

}  // namespace corroborate::store::internal
