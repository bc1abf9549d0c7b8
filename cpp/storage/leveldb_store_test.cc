// LevelDB store durability policies: what each keeps when the process ends without closing the
// store, and the group committer's fsync rounds.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

extern char** environ;

namespace dynafake::storage {
namespace {

constexpr char kNotBuilt[] = "LevelDB support was not built";
constexpr int kChildWrites = 200;

// When the test binary starts with this variable set to "<durability>:<path>", it opens the store
// at path with that policy, writes kChildWrites batches and ends with _Exit, skipping every
// destructor: the store is never closed, as when the process is killed. Exit code 0 once written.
constexpr char kChildWriteVariable[] = "DYNAFAKE_LEVELDB_STORE_TEST_WRITE";

[[maybe_unused]] const int kChildWriteHook = [] {
  const char* spec = std::getenv(kChildWriteVariable);
  if (spec == nullptr) {
    return 0;
  }
  const std::string text = spec;
  const size_t colon = text.find(':');
  const std::optional<Durability> durability = ParseDurability(text.substr(0, colon));
  if (colon == std::string::npos || !durability.has_value()) {
    std::_Exit(4);
  }
  Result<std::unique_ptr<KvStore>> store =
      OpenLevelDbStore(LevelDbOptions{.path = text.substr(colon + 1), .durability = *durability});
  if (!store.has_value()) {
    std::fputs(store.error().message().c_str(), stderr);
    std::_Exit(3);
  }
  for (int i = 0; i < kChildWrites; ++i) {
    WriteBatch batch;
    batch.Put("key-" + std::to_string(i), std::string(100, 'v'));
    batch.Put("pair-" + std::to_string(i), "second half");
    if (!store.value()->Write({}, batch).ok()) {
      std::_Exit(5);
    }
  }
  std::_Exit(0);
}();

// Runs this binary as a child writer (see kChildWriteHook); returns its exit code.
int WriteInChildProcess(const std::string& durability, const std::string& path) {
  std::string variable = std::string(kChildWriteVariable) + "=" + durability + ":" + path;
  std::vector<char*> envp;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    envp.push_back(*entry);
  }
  envp.push_back(variable.data());
  envp.push_back(nullptr);
  std::string program = "/proc/self/exe";
  char* argv[] = {program.data(), nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, envp.data()) != 0) {
    return -1;
  }
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
}

class LevelDbDurabilityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dynafake_durable_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/db";
    if (auto probe = OpenLevelDbStore(path_);
        !probe.has_value() && probe.error().message() == kNotBuilt) {
      GTEST_SKIP() << kNotBuilt;
    }
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string dir_;
  std::string path_;
};

TEST(DurabilityTest, ParsesTheThreePolicies) {
  EXPECT_EQ(ParseDurability("process"), Durability::kProcess);
  EXPECT_EQ(ParseDurability("sync"), Durability::kSync);
  EXPECT_EQ(ParseDurability("group"), Durability::kGroup);
  EXPECT_EQ(ParseDurability("SYNC"), std::nullopt);
  EXPECT_EQ(ParseDurability(""), std::nullopt);
}

TEST_F(LevelDbDurabilityTest, EveryPolicyKeepsWritesOfAProcessThatNeverClosedTheStore) {
  for (const std::string durability : {"process", "sync", "group"}) {
    SCOPED_TRACE(durability);
    std::filesystem::remove_all(path_);
    ASSERT_EQ(WriteInChildProcess(durability, path_), 0);
    Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    for (int i = 0; i < kChildWrites; ++i) {
      ASSERT_EQ(store.value()->Get({}, "key-" + std::to_string(i)).value(), std::string(100, 'v'))
          << i;
      ASSERT_EQ(store.value()->Get({}, "pair-" + std::to_string(i)).value(), "second half") << i;
    }
  }
}

TEST_F(LevelDbDurabilityTest, GroupCommitFsyncsAfterWritesOnlyAndOnceMoreOnClose) {
  std::atomic<int> commits{0};
  std::atomic<int> failed{0};
  Result<std::unique_ptr<KvStore>> store =
      OpenLevelDbStore(LevelDbOptions{.path = path_,
                                      .durability = Durability::kGroup,
                                      .group_commit_interval_ms = 5,
                                      .after_group_commit = [&](const Status& status) {
                                        commits.fetch_add(1);
                                        failed.fetch_add(status.ok() ? 0 : 1);
                                      }});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(commits.load(), 0) << "no write, no fsync";

  WriteBatch batch;
  batch.Put("a", "1");
  ASSERT_TRUE(store.value()->Write({}, batch).ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (commits.load() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ASSERT_EQ(commits.load(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(commits.load(), 1) << "one fsync covers the write; idle rounds add none";

  // A caller's own sync write needs no group commit.
  ASSERT_TRUE(store.value()->Write(WriteOptions{.sync = true}, batch).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(commits.load(), 1);

  // Closing with a write not yet covered fsyncs it before the store is gone (an interval longer
  // than the test makes the close, not a round, do it).
  store.value().reset();
  std::atomic<int> close_commits{0};
  store = OpenLevelDbStore(LevelDbOptions{.path = path_,
                                          .durability = Durability::kGroup,
                                          .group_commit_interval_ms = 60'000,
                                          .after_group_commit = [&](const Status& status) {
                                            close_commits.fetch_add(status.ok() ? 1 : 100);
                                          }});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  ASSERT_TRUE(store.value()->Write({}, batch).ok());
  EXPECT_EQ(close_commits.load(), 0);
  store.value().reset();
  EXPECT_EQ(close_commits.load(), 1);
  EXPECT_EQ(failed.load(), 0);
}

// LevelDB alone would close a descriptor of the LOCK file to refuse the second open, dropping the
// process's fcntl lock while the first store is still open.
TEST_F(LevelDbDurabilityTest, ARefusedSecondOpenLeavesOtherProcessesLockedOut) {
  Result<std::unique_ptr<KvStore>> first = OpenLevelDbStore(path_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  ASSERT_FALSE(OpenLevelDbStore(path_).has_value());
  EXPECT_EQ(WriteInChildProcess("process", path_), 3);
  first.value().reset();
  EXPECT_EQ(WriteInChildProcess("process", path_), 0);
}

TEST_F(LevelDbDurabilityTest, AnotherSpellingOfAnOpenDirectoryIsRefused) {
  Result<std::unique_ptr<KvStore>> first = OpenLevelDbStore(path_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  const std::string alias = dir_ + "/./sub/../db/";
  std::filesystem::create_directories(dir_ + "/sub");
  Result<std::unique_ptr<KvStore>> second = OpenLevelDbStore(alias);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().message(),
            "Cannot open the database at '" + alias +
                "': it is in use by another engine (its LOCK file is held)");
  first.value().reset();
  EXPECT_TRUE(OpenLevelDbStore(alias).has_value());
}

TEST_F(LevelDbDurabilityTest, SyncPolicyWritesAreReadBackAfterReopen) {
  {
    Result<std::unique_ptr<KvStore>> store =
        OpenLevelDbStore(LevelDbOptions{.path = path_, .durability = Durability::kSync});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    WriteBatch batch;
    batch.Put("kept", "yes");
    batch.Put("gone", "no");
    batch.Delete("gone");
    ASSERT_TRUE(store.value()->Write({}, batch).ok());
  }
  Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_EQ(store.value()->Get({}, "kept").value(), "yes");
  EXPECT_EQ(store.value()->Get({}, "gone").value(), std::nullopt);
}

}  // namespace
}  // namespace dynafake::storage
