#include "core/file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace corroborate {

std::string SystemErrorText(int err) {
  char buffer[256];
  // GNU strerror_r returns the text, which may or may not be in `buffer`.
  const char* text = strerror_r(err, buffer, sizeof buffer);
  return text ? std::string(text) : "error " + std::to_string(err);
}

namespace {

// The first `limit` bytes of the file at `path` (all of it for npos).
Result<std::string> Read(const std::string& path, size_t limit) {
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  errno = 0;
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    int err = errno;
    return Fail(err == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                path + ": cannot open: " + SystemErrorText(err));
  }
  std::string bytes;
  struct stat info;
  if (::fstat(::fileno(file.get()), &info) == 0) {
    if (S_ISDIR(info.st_mode))
      return Fail(ErrorCode::kIo, path + ": cannot read: " + SystemErrorText(EISDIR));
    if (S_ISREG(info.st_mode) && info.st_size > 0) {
      bytes.reserve(std::min(limit, static_cast<size_t>(info.st_size)));
    }
  }
  char chunk[1 << 16];
  while (bytes.size() < limit) {
    const size_t want = std::min(sizeof chunk, limit - bytes.size());
    size_t n = std::fread(chunk, 1, want, file.get());
    bytes.append(chunk, n);
    if (n < want) break;
  }
  if (std::ferror(file.get())) {
    int err = errno;
    return Fail(ErrorCode::kIo, path + ": cannot read: " + SystemErrorText(err));
  }
  return bytes;
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) { return Read(path, std::string::npos); }

Result<std::string> ReadFileHead(const std::string& path, size_t size) { return Read(path, size); }

}  // namespace corroborate
