// What the store's tests share: a fresh directory per test, a database in
// it, and documents made to order.
#pragma once

#include <fmt/core.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "core/document.h"
#include "store/database.h"

namespace corroborate::store {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("corroborate_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "test.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The database at path_, opened (and created) afresh; null, with a test
  // failure, when it does not open.
  std::unique_ptr<Database> OpenOrDie() {
    auto db = Database::Open(path_);
    EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().message);
    return db ? std::move(*db) : nullptr;
  }

  std::filesystem::path dir_;
  std::string path_;
};

// A document identified by `url`, with `text` whose content hash is `hash`.
inline Document Doc(std::string url, std::string text, std::string hash) {
  Document d;
  d.url = url;
  d.canonical_url = std::move(url);
  d.title = "Title of " + d.canonical_url;
  d.text = std::move(text);
  d.content_hash = std::move(hash);
  d.fetched = 1419300000;
  return d;
}

// Document i of a series named `prefix`, with URL, GUID and text of its own.
inline Document KeyedDoc(const std::string& prefix, int i) {
  Document d = Doc(fmt::format("https://{}.example/{}", prefix, i),
                   fmt::format("{} text {}", prefix, i), fmt::format("{}hash{}", prefix, i));
  d.guid = fmt::format("urn:{}:{}", prefix, i);
  return d;
}

}  // namespace corroborate::store
