#include "ingest/measure/compressed_reader.h"

#include <bzlib.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace corroborate::measure {

namespace {
constexpr size_t kChunk = 1 << 18;
}  // namespace

struct CompressedReader::Codec {
  z_stream z{};
  bz_stream bz{};
  bool z_open = false;
  bool bz_open = false;
  bool stream_done = false;  // the current gzip member / bzip2 stream ended
  ~Codec() {
    if (z_open) inflateEnd(&z);
    if (bz_open) BZ2_bzDecompressEnd(&bz);
  }
};

CompressedReader::CompressedReader() = default;

CompressedReader::~CompressedReader() {
  if (file_) std::fclose(file_);
}

Result<std::unique_ptr<CompressedReader>> CompressedReader::Open(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                path + ": " + std::strerror(err));
  }
  std::unique_ptr<CompressedReader> reader(new CompressedReader());
  reader->file_ = file;
  reader->in_buffer_ = std::make_unique<uint8_t[]>(kChunk);
  if (Status s = reader->Start(); !s) return Fail(s.error().code, path + ": " + s.error().message);
  return reader;
}

std::unique_ptr<CompressedReader> CompressedReader::FromMemory(std::span<const uint8_t> data) {
  std::unique_ptr<CompressedReader> reader(new CompressedReader());
  reader->memory_ = data;
  (void)reader->Start();  // memory input cannot fail to fill
  return reader;
}

Result<bool> CompressedReader::Fill() {
  if (in_size_ > 0) return true;
  if (in_eof_) return false;
  if (!file_) {
    in_ = memory_.data();
    in_size_ = memory_.size();
    in_eof_ = true;
    return in_size_ > 0;
  }
  size_t n = std::fread(in_buffer_.get(), 1, kChunk, file_);
  if (n < kChunk) {
    if (std::ferror(file_)) return Fail(ErrorCode::kIo, std::string("read error: ") + std::strerror(errno));
    in_eof_ = true;
  }
  in_ = in_buffer_.get();
  in_size_ = n;
  return n > 0;
}

Status CompressedReader::Start() {
  // Look at the first bytes (a file chunk holds at least 3 unless it is shorter).
  auto filled = Fill();
  if (!filled) return std::unexpected(filled.error());
  codec_ = std::make_unique<Codec>();
  if (in_size_ >= 2 && in_[0] == 0x1f && in_[1] == 0x8b) {
    compression_ = Compression::kGzip;
    if (inflateInit2(&codec_->z, 15 + 16) != Z_OK) return Fail(ErrorCode::kInternal, "inflateInit2 failed");
    codec_->z_open = true;
  } else if (in_size_ >= 3 && in_[0] == 'B' && in_[1] == 'Z' && in_[2] == 'h') {
    compression_ = Compression::kBzip2;
    if (BZ2_bzDecompressInit(&codec_->bz, 0, 0) != BZ_OK) return Fail(ErrorCode::kInternal, "BZ2_bzDecompressInit failed");
    codec_->bz_open = true;
  }
  return {};
}

Result<size_t> CompressedReader::Read(uint8_t* out, size_t size) {
  if (size == 0) return 0;
  if (compression_ == Compression::kNone) {
    if (in_size_ == 0 && file_ && !in_eof_ && size >= kChunk) {
      size_t n = std::fread(out, 1, size, file_);
      if (n < size) {
        if (std::ferror(file_)) return Fail(ErrorCode::kIo, std::string("read error: ") + std::strerror(errno));
        in_eof_ = true;
      }
      return n;
    }
    auto more = Fill();
    if (!more) return std::unexpected(more.error());
    if (!*more) return 0;
    size_t n = std::min(size, in_size_);
    std::memcpy(out, in_, n);
    in_ += n;
    in_size_ -= n;
    return n;
  }
  Codec& c = *codec_;
  size_t produced = 0;
  while (produced == 0) {
    if (c.stream_done) {
      // Another gzip member or bzip2 stream may follow.
      auto more = Fill();
      if (!more) return std::unexpected(more.error());
      if (!*more) return 0;
      bool gzip = compression_ == Compression::kGzip;
      bool magic = gzip ? (in_[0] == 0x1f && (in_size_ < 2 || in_[1] == 0x8b))
                        : (in_[0] == 'B' && (in_size_ < 2 || in_[1] == 'Z'));
      if (!magic) {  // trailing garbage after the last stream: ignored like gzip -d does
        in_size_ = 0;
        in_eof_ = true;
        return 0;
      }
      if (gzip) {
        inflateReset(&c.z);
      } else {
        BZ2_bzDecompressEnd(&c.bz);
        c.bz = bz_stream{};
        if (BZ2_bzDecompressInit(&c.bz, 0, 0) != BZ_OK) {
          c.bz_open = false;
          return Fail(ErrorCode::kInternal, "BZ2_bzDecompressInit failed");
        }
      }
      c.stream_done = false;
    }
    auto more = Fill();
    if (!more) return std::unexpected(more.error());
    if (!*more) {
      return Fail(ErrorCode::kParse, compression_ == Compression::kGzip ? "truncated gzip data"
                                                                         : "truncated bzip2 data");
    }
    if (compression_ == Compression::kGzip) {
      c.z.next_in = const_cast<Bytef*>(in_);
      c.z.avail_in = static_cast<uInt>(in_size_);
      c.z.next_out = out;
      c.z.avail_out = static_cast<uInt>(size);
      int rc = inflate(&c.z, Z_NO_FLUSH);
      produced = size - c.z.avail_out;
      in_ += in_size_ - c.z.avail_in;
      in_size_ = c.z.avail_in;
      if (rc == Z_STREAM_END) {
        c.stream_done = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return Fail(ErrorCode::kParse, std::string("corrupt gzip data: ") + (c.z.msg ? c.z.msg : "error"));
      }
    } else {
      c.bz.next_in = reinterpret_cast<char*>(const_cast<uint8_t*>(in_));
      c.bz.avail_in = static_cast<unsigned>(in_size_);
      c.bz.next_out = reinterpret_cast<char*>(out);
      c.bz.avail_out = static_cast<unsigned>(size);
      int rc = BZ2_bzDecompress(&c.bz);
      produced = size - c.bz.avail_out;
      in_ += in_size_ - c.bz.avail_in;
      in_size_ = c.bz.avail_in;
      if (rc == BZ_STREAM_END) {
        c.stream_done = true;
      } else if (rc != BZ_OK) {
        return Fail(ErrorCode::kParse, "corrupt bzip2 data (error " + std::to_string(rc) + ")");
      }
    }
    if (c.stream_done && produced > 0) break;
  }
  return produced;
}

Result<size_t> CompressedReader::ReadFull(uint8_t* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    auto n = Read(out + done, size - done);
    if (!n) return std::unexpected(n.error());
    if (*n == 0) break;
    done += *n;
  }
  return done;
}

}  // namespace corroborate::measure
