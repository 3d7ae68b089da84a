#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/file.h"

namespace corroborate::cli {

namespace {

int stdout_error = 0;  // errno of the first failed write to standard output

Status StdoutFailure() {
  return Fail(ErrorCode::kIo, "standard output: write failed: " +
                                  SystemErrorText(stdout_error ? stdout_error : EIO));
}

Status WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(ErrorCode::kIo, SystemErrorText(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

}  // namespace

Status WriteStdout(std::string_view text) {
  if (stdout_error || std::ferror(stdout)) return StdoutFailure();
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::ferror(stdout)) {
    stdout_error = errno ? errno : EIO;
    return StdoutFailure();
  }
  return {};
}

Status FlushStdout() {
  if (stdout_error) return StdoutFailure();
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    stdout_error = errno ? errno : EIO;
    return StdoutFailure();
  }
  return {};
}

Status ReplaceFiles(const std::filesystem::path& dir, const std::vector<OutputFile>& files) {
  for (const OutputFile& f : files) {
    struct stat info;
    const std::string target = (dir / f.name).string();
    if (::stat(target.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
      return Fail(ErrorCode::kIo, target + ": cannot write: " + SystemErrorText(EISDIR));
    }
  }
  std::vector<std::string> temporaries;
  auto discard = [&temporaries] {
    for (const std::string& t : temporaries) ::unlink(t.c_str());
  };
  for (const OutputFile& f : files) {
    const std::string target = (dir / f.name).string();
    int fd = -1;
    std::string temporary;
    for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
      temporary = (dir / fmt::format(".{}.{}-{}.tmp", f.name, ::getpid(), attempt)).string();
      fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
      Status failed = Fail(ErrorCode::kIo, target + ": cannot write: " + SystemErrorText(errno));
      discard();
      return failed;
    }
    temporaries.push_back(temporary);
    Status written = WriteAll(fd, f.content);
    if (::close(fd) != 0 && written) written = Fail(ErrorCode::kIo, SystemErrorText(errno));
    if (!written) {
      discard();
      return Fail(ErrorCode::kIo, target + ": cannot write: " + written.error().message);
    }
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string target = (dir / files[i].name).string();
    if (::rename(temporaries[i].c_str(), target.c_str()) != 0) {
      Status failed = Fail(ErrorCode::kIo, target + ": cannot write: " + SystemErrorText(errno));
      for (size_t j = i; j < temporaries.size(); ++j) ::unlink(temporaries[j].c_str());
      return failed;
    }
  }
  return {};
}

}  // namespace corroborate::cli
