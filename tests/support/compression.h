// Test helpers for compressed fixtures: a gzip file's content and bzip2
// compression of bytes (the archives' formats). Tests using them link
// ZLIB::ZLIB and BZip2::BZip2.
#pragma once

#include <bzlib.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstddef>
#include <filesystem>
#include <string>

namespace corroborate::test {

// The decompressed content of a gzip file ("" when it cannot be opened).
inline std::string Gunzip(const std::filesystem::path& path) {
  gzFile in = gzopen(path.c_str(), "rb");
  std::string out;
  char buffer[1 << 16];
  int n;
  while (in && (n = gzread(in, buffer, sizeof buffer)) > 0)
    out.append(buffer, static_cast<std::size_t>(n));
  if (in) gzclose(in);
  return out;
}

// `data` compressed by bzip2 at level 9; a failure fails the test.
inline std::string Bzip2(const std::string& data) {
  unsigned int size = static_cast<unsigned int>(data.size() + data.size() / 100 + 600);
  std::string out(size, '\0');
  EXPECT_EQ(BZ2_bzBuffToBuffCompress(out.data(), &size, const_cast<char*>(data.data()),
                                     static_cast<unsigned int>(data.size()), 9, 0, 0),
            BZ_OK);
  out.resize(size);
  return out;
}

}  // namespace corroborate::test
