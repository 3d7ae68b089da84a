#include "store/internal/checkpointer.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "store/documents.h"
#include "store/internal/testing.h"
#include "tests/store/fixture.h"
#include "tests/store/internal/inspect.h"

namespace corroborate::store::internal {
namespace {

namespace fs = std::filesystem;

class CheckpointerTest : public StoreTest {};

// Checkpoints run on the helper thread once the WAL passes 1,000 pages
// (16 MB): its connection must have opened the WAL, or each of its runs
// would copy nothing and leave every checkpoint to the writer.
TEST_F(CheckpointerTest, HelperThreadCheckpointsTheWal) {
  auto db = OpenOrDie();
  Documents documents(*db);
  std::string text;
  for (int w = 0; text.size() < 20000; ++w)
    text += "word" + std::to_string(w * 7919 % 100003) + " ";
  for (int b = 0; b < 3; ++b) {
    std::vector<Document> docs;
    for (int i = 0; i < 400; ++i) {
      const std::string n = std::to_string(b * 1000 + i);
      docs.push_back(Doc("https://wal.example/" + n, n + " " + text, "h" + n));
    }
    auto report = documents.InsertDocuments(docs);
    ASSERT_TRUE(report) << report.error().message;
  }
  for (int wait = 0; wait < 200 && Checkpoints(*db).helper == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_GT(Checkpoints(*db).helper, 0);
  EXPECT_GT(fs::file_size(path_), 20u << 20);  // the frames reached the database file
}

}  // namespace
}  // namespace corroborate::store::internal
