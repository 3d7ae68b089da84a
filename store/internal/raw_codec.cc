#include "store/internal/raw_codec.h"

#include <fmt/core.h>
#include <zlib.h>
#include <zstd.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace corroborate::store::internal {
namespace {

constexpr int kRawCompressionLevel = 1;
// Skippable frame magic 0x184D2A5C (little-endian), 4 bytes of content, "text".
constexpr unsigned char kTextPrefixTag[12] = {0x5C, 0x2A, 0x4D, 0x18, 4,   0,
                                              0,    0,    't',  'e',  'x', 't'};
// Below this size a text prefix is not worth the tag.
constexpr size_t kMinPrefix = 32;

struct ZstdCCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct ZstdDCtxDeleter {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

bool IsZstdFrame(const void* data, size_t bytes) {
  static constexpr unsigned char kMagic[] = {0x28, 0xB5, 0x2F, 0xFD};  // ZSTD_MAGICNUMBER, LE
  return bytes >= 4 && std::memcmp(data, kMagic, 4) == 0;
}

}  // namespace

std::string CompressRaw(std::string_view raw, std::string_view text) {
  thread_local std::unique_ptr<ZSTD_CCtx, ZstdCCtxDeleter> cctx(ZSTD_createCCtx());
  if (!cctx) throw std::runtime_error("zstd: out of memory");
  const bool prefixed = text.size() >= kMinPrefix;
  const size_t header = prefixed ? sizeof kTextPrefixTag : 0;
  std::string out(header + ZSTD_compressBound(raw.size()), '\0');
  std::memcpy(out.data(), kTextPrefixTag, header);
  ZSTD_CCtx_reset(cctx.get(), ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, kRawCompressionLevel);
  if (prefixed) ZSTD_CCtx_refPrefix(cctx.get(), text.data(), text.size());
  const size_t size =
      ZSTD_compress2(cctx.get(), out.data() + header, out.size() - header, raw.data(), raw.size());
  if (ZSTD_isError(size)) {
    throw std::runtime_error(fmt::format("zstd compress failed ({})", ZSTD_getErrorName(size)));
  }
  out.resize(header + size);
  return out;
}

std::string DecompressRaw(const void* data, int stored, std::int64_t raw_size,
                          std::string_view text) {
  if (raw_size < 0 || raw_size > (std::int64_t{1} << 32) || stored < 0) {
    throw std::runtime_error("stored raw size is out of range");
  }
  std::string out(static_cast<size_t>(raw_size), '\0');
  const auto* bytes = static_cast<const unsigned char*>(data);
  size_t n = static_cast<size_t>(stored);
  const bool prefixed =
      n >= sizeof kTextPrefixTag && std::memcmp(bytes, kTextPrefixTag, sizeof kTextPrefixTag) == 0;
  if (prefixed) {
    bytes += sizeof kTextPrefixTag;
    n -= sizeof kTextPrefixTag;
  }
  if (prefixed || IsZstdFrame(bytes, n)) {
    thread_local std::unique_ptr<ZSTD_DCtx, ZstdDCtxDeleter> dctx(ZSTD_createDCtx());
    if (!dctx) throw std::runtime_error("zstd: out of memory");
    ZSTD_DCtx_reset(dctx.get(), ZSTD_reset_session_and_parameters);
    if (prefixed) ZSTD_DCtx_refPrefix(dctx.get(), text.data(), text.size());
    const size_t size = ZSTD_decompressDCtx(dctx.get(), out.data(), out.size(), bytes, n);
    if (ZSTD_isError(size) || size != out.size()) {
      throw std::runtime_error(
          fmt::format("stored raw bytes do not decompress (zstd: {})",
                      ZSTD_isError(size) ? ZSTD_getErrorName(size) : "wrong size"));
    }
    return out;
  }
  uLongf size = out.size();
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &size, bytes, static_cast<uLong>(n));
  if (rc != Z_OK || size != out.size()) {
    throw std::runtime_error(fmt::format("stored raw bytes do not decompress (zlib {})", rc));
  }
  return out;
}

}  // namespace corroborate::store::internal
