// A temporary directory to run the built `corroborate` binary in, for
// end-to-end tests: it is named after the running test, made empty before
// and removed after, and every run uses the database `test.db` in it.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace corroborate::test {

struct CliOutcome {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out, err;
};

class CliDir {
 public:
  CliDir()
      : dir_(std::filesystem::temp_directory_path() /
             ("corroborate_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~CliDir() { std::filesystem::remove_all(dir_); }
  CliDir(const CliDir&) = delete;
  CliDir& operator=(const CliDir&) = delete;

  const std::filesystem::path& path() const { return dir_; }
  std::string db() const { return (dir_ / "test.db").string(); }

  // Runs `corroborate --db test.db ARGS` in the directory, stdin empty.
  CliOutcome Run(const std::string& args) const {
    const std::string cmd = "cd '" + dir_.string() + "' && '" + CORROBORATE_BIN +
                            "' --db test.db " + args + " >out.txt 2>err.txt </dev/null";
    const int status = std::system(cmd.c_str());
    CliOutcome r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Read("out.txt");
    r.err = Read("err.txt");
    return r;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
  }
  void Write(const std::string& name, const std::string& content) const {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }

 private:
  std::filesystem::path dir_;
};

inline bool Has(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

inline int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace corroborate::test
