// Streaming reader for plain, gzip or bzip2 compressed bytes.
//
// The compression is detected from the first bytes (gzip 1f 8b, bzip2 "BZh"),
// never from a file name. Concatenated gzip members and bzip2 streams are
// read one after the other, as the gzip and bzip2 tools do. The input is a
// file or a caller-owned memory buffer; nothing is read ahead beyond one
// internal chunk, so memory use does not grow with the input size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <span>
#include <string>

#include "core/error.h"

namespace corroborate::measure {

enum class Compression { kNone, kGzip, kBzip2 };

class CompressedReader {
 public:
  // Opens `path`. Fails with kNotFound/kIo naming the path.
  [[nodiscard]] static Result<std::unique_ptr<CompressedReader>> Open(const std::string& path);
  // Reads from `data`, which must outlive the reader.
  [[nodiscard]] static std::unique_ptr<CompressedReader> FromMemory(std::span<const uint8_t> data);

  ~CompressedReader();
  CompressedReader(const CompressedReader&) = delete;
  CompressedReader& operator=(const CompressedReader&) = delete;

  // Reads up to `size` decompressed bytes into `out`. Returns the number of
  // bytes read; 0 means the end of the input. Fails on I/O errors and corrupt
  // or truncated compressed data (message without the input name).
  [[nodiscard]] Result<size_t> Read(uint8_t* out, size_t size);
  // Reads exactly `size` bytes unless the input ends first; returns the count.
  [[nodiscard]] Result<size_t> ReadFull(uint8_t* out, size_t size);

  Compression compression() const { return compression_; }

 private:
  struct Codec;
  CompressedReader();
  Status Start();
  // Refills the compressed input buffer; returns false at end of input.
  Result<bool> Fill();

  std::FILE* file_ = nullptr;
  std::span<const uint8_t> memory_;
  std::unique_ptr<uint8_t[]> in_buffer_;
  const uint8_t* in_ = nullptr;  // unread compressed bytes
  size_t in_size_ = 0;
  bool in_eof_ = false;
  Compression compression_ = Compression::kNone;
  std::unique_ptr<Codec> codec_;
};

}  // namespace corroborate::measure
