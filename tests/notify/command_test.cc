// CommandChannel: a real child process gets the alert on stdin and in its
// environment; no shell unless asked; a timeout stops it.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "notify/notify.h"

namespace corroborate::notify {
namespace {

namespace fs = std::filesystem;

Alert Claim() {
  Alert a;
  a.kind = AlertKind::kNewClaim;
  a.entity = "country:KP";
  a.subject = "claim:42";
  a.summary = "Xinhua: North Korea's Internet \"fully restored\"; it's back";
  a.time = 1419683400;
  return a;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("corroborate_command_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(CommandTest, TheAlertArrivesOnStdinAndInTheEnvironment) {
  const fs::path out = dir_ / "alert.json", env = dir_ / "env.txt";
  CommandOptions options;
  options.use_shell = true;
  options.argv = {
      "cat > \"$1\"; printf '%s\\n%s\\n%s\\n%s' \"$CORROBORATE_ALERT_KIND\" "
      "\"$CORROBORATE_ALERT_ENTITY\" "
      "\"$CORROBORATE_ALERT_KEY\" \"$CORROBORATE_ALERT_SUMMARY\" > \"$2\"; echo done",
      "hook", out.string(), env.string()};
  CommandChannel channel(options);
  auto got = channel.Send(Claim(), 0);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->detail, "done\n");
  EXPECT_EQ(ReadAll(out), AlertJson(Claim()));
  EXPECT_EQ(ReadAll(env), "new-claim\ncountry:KP\n" + AlertKey(Claim()) + "\n" + Claim().summary);
}

TEST_F(CommandTest, WithoutAShellArgumentsAreNotInterpreted) {
  const fs::path marker = dir_ / "marker";
  CommandOptions options;
  options.argv = {"echo", "a; touch " + marker.string(), "$HOME"};  // echo found on PATH
  auto got = CommandChannel(options).Send(Claim(), 0);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->detail, "a; touch " + marker.string() + " $HOME\n");
  EXPECT_FALSE(fs::exists(marker));
}

TEST_F(CommandTest, AFailingCommandIsAnErrorWithItsLastWords) {
  CommandOptions options;
  options.use_shell = true;
  options.argv = {"echo starting; echo 'no route to the pager' >&2; exit 3"};
  CommandChannel channel(options);
  EXPECT_EQ(channel.Describe(), "command echo starting; echo 'no route to the pager' >&2; exit 3");
  auto got = channel.Send(Claim(), 0);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kIo);
  EXPECT_NE(got.error().message.find("exited with status 3: no route to the pager"),
            std::string::npos)
      << got.error().message;
}

TEST_F(CommandTest, AMissingProgramIsNotFound) {
  CommandOptions options;
  options.argv = {(dir_ / "no-such-program").string()};
  auto got = CommandChannel(options).Send(Claim(), 0);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  CommandOptions empty;
  EXPECT_EQ(CommandChannel(empty).Send(Claim(), 0).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(CommandTest, ATimeoutStopsTheWholeProcessGroup) {
  const fs::path pids = dir_ / "pids";
  CommandOptions options;
  options.use_shell = true;
  options.timeout_ms = 300;
  // The shell and a child of it that would outlive a kill of the shell alone.
  options.argv = {"sleep 30 & echo $$ $! > \"$1\"; wait", "hook", pids.string()};
  auto got = CommandChannel(options).Send(Claim(), 0);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::kTimeout);
  EXPECT_NE(got.error().message.find("timed out after 300 ms"), std::string::npos);
  std::istringstream in(ReadAll(pids));
  pid_t shell = 0, sleeper = 0;
  in >> shell >> sleeper;
  ASSERT_GT(shell, 0);
  ASSERT_GT(sleeper, 0);
  EXPECT_EQ(::kill(shell, 0), -1);  // reaped
  // The orphaned sleep is reaped by init once it dies; give that a moment.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = ::kill(sleeper, 0) == -1 && errno == ESRCH;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(gone) << "sleep " << sleeper << " still runs";
}

TEST_F(CommandTest, ACommandThatIgnoresItsInputStillSucceeds) {
  Alert big = Claim();
  big.details_json =
      "{\"text\":\"" + std::string(1 << 20, 'x') + "\"}";  // far more than a pipe holds
  CommandOptions options;
  options.argv = {"true"};
  auto got = CommandChannel(options).Send(big, 0);
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->status, 0);
}

}  // namespace
}  // namespace corroborate::notify
