#include "storage/kv_store.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storage/memory_store.h"
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>

extern char** environ;

namespace dynafake::storage {
namespace {

using namespace std::string_literals;  // NOLINT(google-build-using-namespace): "\0"s keys
using Entries = std::vector<std::pair<std::string, std::string>>;

constexpr char kNotBuilt[] = "LevelDB support was not built";

// When the test binary starts with this variable set, it only opens the LevelDB store at that path
// and exits before any test runs: 0 if it opened, 3 on InternalServerError (message on stderr).
constexpr char kChildOpenVariable[] = "DYNAFAKE_KV_STORE_TEST_OPEN";

[[maybe_unused]] const int kChildOpenHook = [] {
  const char* path = std::getenv(kChildOpenVariable);
  if (path == nullptr) {
    return 0;
  }
  Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path);
  if (store.has_value()) {
    std::_Exit(0);
  }
  std::fputs(store.error().message().c_str(), stderr);
  std::fflush(stderr);
  std::_Exit(store.error().code() == ErrorCode::kInternalServerError ? 3 : 4);
}();

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "dynafake_kv_XXXXXX").string();
    const char* created = mkdtemp(pattern.data());
    if (created == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    path_ = created;
  }

  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct MemoryStoreFactory {
  static Result<std::unique_ptr<KvStore>> Open(const std::string& /*dir*/) {
    return NewMemoryStore();
  }
};

struct LevelDbStoreFactory {
  static Result<std::unique_ptr<KvStore>> Open(const std::string& dir) {
    return OpenLevelDbStore(dir + "/db");
  }
};

class StoreNames {
 public:
  template <typename T>
  static std::string GetName(int /*index*/) {
    return std::is_same_v<T, MemoryStoreFactory> ? "Memory" : "LevelDb";
  }
};

WriteBatch PutBatch(std::string_view key, std::string_view value) {
  WriteBatch batch;
  batch.Put(key, value);
  return batch;
}

WriteBatch DeleteBatch(std::string_view key) {
  WriteBatch batch;
  batch.Delete(key);
  return batch;
}

template <typename Factory>
class KvStoreContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<KvStore>> store = Factory::Open(dir_.path());
    if (!store.has_value() && store.error().message() == kNotBuilt) {
      GTEST_SKIP() << kNotBuilt;
    }
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(store).value();
  }

  void Write(const WriteBatch& batch) { ASSERT_TRUE(store_->Write({}, batch).ok()); }

  void Put(std::string_view key, std::string_view value) { Write(PutBatch(key, value)); }

  void Delete(std::string_view key) {
    WriteBatch batch;
    batch.Delete(key);
    Write(batch);
  }

  std::optional<std::string> Get(std::string_view key, const Snapshot* snapshot = nullptr) {
    Result<std::optional<std::string>> value = store_->Get(ReadOptions{snapshot}, key);
    EXPECT_TRUE(value.has_value()) << value.error().ToString();
    return value.has_value() ? value.value() : std::nullopt;
  }

  Entries Scan(const Snapshot* snapshot = nullptr) {
    Entries entries;
    std::unique_ptr<Iterator> it = store_->NewIterator(ReadOptions{snapshot});
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      entries.emplace_back(it->key(), it->value());
    }
    EXPECT_TRUE(it->status().ok());
    return entries;
  }

  Entries ScanBackward() {
    Entries entries;
    std::unique_ptr<Iterator> it = store_->NewIterator({});
    for (it->SeekToLast(); it->Valid(); it->Prev()) {
      entries.emplace_back(it->key(), it->value());
    }
    return entries;
  }

  TempDir dir_;
  std::unique_ptr<KvStore> store_;
};

using StoreTypes = ::testing::Types<MemoryStoreFactory, LevelDbStoreFactory>;
TYPED_TEST_SUITE(KvStoreContractTest, StoreTypes, StoreNames);

TYPED_TEST(KvStoreContractTest, GetOfMissingKeyIsEmpty) {
  EXPECT_EQ(this->Get("absent"), std::nullopt);
}

TYPED_TEST(KvStoreContractTest, PutOverwriteAndDelete) {
  this->Put("a", "1");
  EXPECT_EQ(this->Get("a"), "1");
  this->Put("a", "2");
  EXPECT_EQ(this->Get("a"), "2");
  this->Delete("a");
  EXPECT_EQ(this->Get("a"), std::nullopt);
  this->Delete("never-written");
  this->Put("empty", "");
  EXPECT_EQ(this->Get("empty"), "");
  EXPECT_EQ(this->Scan(), (Entries{{"empty", ""}}));
}

TYPED_TEST(KvStoreContractTest, KeysAndValuesAreBytes) {
  this->Put("a\0b"s, "v\0\xff"s);
  this->Put("a"s, "plain");
  EXPECT_EQ(this->Get("a\0b"s), "v\0\xff"s);
  EXPECT_EQ(this->Get("a\0"s), std::nullopt);
  EXPECT_EQ(this->Get("a"), "plain");
}

TYPED_TEST(KvStoreContractTest, BatchAppliesOperationsInOrder) {
  this->Put("k2", "old");
  WriteBatch batch;
  batch.Put("k1", "v1");
  batch.Put("k1", "v2");
  batch.Delete("k2");
  batch.Put("k3", "x");
  batch.Delete("k3");
  batch.Delete("k4");
  batch.Put("k4", "y");
  this->Write(batch);
  EXPECT_EQ(this->Scan(), (Entries{{"k1", "v2"}, {"k4", "y"}}));
}

TYPED_TEST(KvStoreContractTest, EmptyBatchChangesNothing) {
  this->Put("a", "1");
  this->Write(WriteBatch());
  EXPECT_EQ(this->Scan(), (Entries{{"a", "1"}}));
}

TYPED_TEST(KvStoreContractTest, KeysOrderByUnsignedBytes) {
  const std::vector<std::string> ordered = {""s,     "\0"s,     "\0\0"s, "\x01"s,
                                            "a"s,    "ab"s,     "b"s,    "\x7f"s,
                                            "\x80"s, "\x80\0"s, "\xff"s, "\xff\xff"s};
  WriteBatch batch;
  for (size_t i = 0; i < ordered.size(); ++i) {
    // Insert in a scrambled order.
    const std::string& key = ordered[(i * 5) % ordered.size()];
    batch.Put(key, "v" + key);
  }
  this->Write(batch);
  Entries expected;
  for (const std::string& key : ordered) {
    expected.emplace_back(key, "v" + key);
  }
  EXPECT_EQ(this->Scan(), expected);
  EXPECT_EQ(this->ScanBackward(), Entries(expected.rbegin(), expected.rend()));
}

TYPED_TEST(KvStoreContractTest, EmptyStoreHasNoPositions) {
  std::unique_ptr<Iterator> it = this->store_->NewIterator({});
  EXPECT_FALSE(it->Valid());
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  it->SeekToLast();
  EXPECT_FALSE(it->Valid());
  it->Seek("");
  EXPECT_FALSE(it->Valid());
  it->SeekForPrev("\xff\xff");
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().ok());
}

// Returns the key an iterator is at after a positioning call, or "<end>".
std::string At(const Iterator& it) {
  return it.Valid() ? std::string(it.key()) : "<end>";
}

TYPED_TEST(KvStoreContractTest, SeekFindsFirstKeyAtOrAfterTarget) {
  for (const char* key : {"b", "d", "f"}) {
    this->Put(key, key);
  }
  std::unique_ptr<Iterator> it = this->store_->NewIterator({});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "b"},  {"a", "b"}, {"b", "b"},        {"b\0"s, "d"},
      {"c", "d"}, {"f", "f"}, {"f\0"s, "<end>"}, {"g", "<end>"}};
  for (const auto& [target, expected] : cases) {
    it->Seek(target);
    EXPECT_EQ(At(*it), expected) << "Seek(" << target << ")";
  }
  it->Seek("d");
  EXPECT_EQ(it->value(), "d");
}

TYPED_TEST(KvStoreContractTest, SeekForPrevFindsLastKeyAtOrBeforeTarget) {
  for (const char* key : {"b", "d", "f"}) {
    this->Put(key, key);
  }
  std::unique_ptr<Iterator> it = this->store_->NewIterator({});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "<end>"}, {"a", "<end>"},  {"b", "b"}, {"b\0"s, "b"}, {"c", "b"},
      {"d", "d"},    {"e\xff"s, "d"}, {"f", "f"}, {"g", "f"},    {"\xff\xff"s, "f"}};
  for (const auto& [target, expected] : cases) {
    it->SeekForPrev(target);
    EXPECT_EQ(At(*it), expected) << "SeekForPrev(" << target << ")";
  }
}

TYPED_TEST(KvStoreContractTest, NextAndPrevStopAtTheEdges) {
  for (const char* key : {"b", "d", "f"}) {
    this->Put(key, key);
  }
  std::unique_ptr<Iterator> it = this->store_->NewIterator({});
  it->SeekToFirst();
  EXPECT_EQ(At(*it), "b");
  it->Prev();
  EXPECT_EQ(At(*it), "<end>");
  it->SeekToLast();
  EXPECT_EQ(At(*it), "f");
  it->Next();
  EXPECT_EQ(At(*it), "<end>");
  it->Seek("d");
  it->Prev();
  EXPECT_EQ(At(*it), "b");
  it->Next();
  EXPECT_EQ(At(*it), "d");
  it->Next();
  EXPECT_EQ(At(*it), "f");
  it->Prev();
  EXPECT_EQ(At(*it), "d");
  EXPECT_TRUE(it->status().ok());
}

TYPED_TEST(KvStoreContractTest, ManyKeysIterateInOrderBothWays) {
  // Enough keys for a deep tree or several LevelDB blocks; inserted out of order.
  constexpr int kKeys = 2000;
  WriteBatch batch;
  for (int i = 0; i < kKeys; ++i) {
    const int n = (i * 7919) % kKeys;
    batch.Put("key" + std::to_string(10000 + n), std::to_string(n));
  }
  this->Write(batch);
  for (int n = 0; n < kKeys; n += 3) {
    this->Delete("key" + std::to_string(10000 + n));
  }
  Entries expected;
  for (int n = 0; n < kKeys; ++n) {
    if (n % 3 != 0) {
      expected.emplace_back("key" + std::to_string(10000 + n), std::to_string(n));
    }
  }
  EXPECT_EQ(this->Scan(), expected);
  EXPECT_EQ(this->ScanBackward(), Entries(expected.rbegin(), expected.rend()));
}

// Random batches of puts and deletes over a small key space, checked against std::map after each
// batch: contents in both directions, and Seek/SeekForPrev at random targets.
TYPED_TEST(KvStoreContractTest, MatchesAnOrderedMapUnderRandomWrites) {
  std::mt19937 random(20120810);
  constexpr char kBytes[] = {'\0', '\x01', 'a', '\x7f', '\x80', '\xff'};
  auto random_key = [&random, &kBytes] {
    std::string key(1 + random() % 3, '\0');
    for (char& byte : key) {
      byte = kBytes[random() % sizeof(kBytes)];
    }
    return key;
  };
  std::map<std::string, std::string> model;
  for (int round = 0; round < 300; ++round) {
    WriteBatch batch;
    for (int n = 1 + random() % 6; n > 0; --n) {
      const std::string key = random_key();
      if (random() % 3 == 0) {
        batch.Delete(key);
        model.erase(key);
      } else {
        batch.Put(key, std::to_string(round));
        model[key] = std::to_string(round);
      }
    }
    this->Write(batch);
    const Entries expected(model.begin(), model.end());
    ASSERT_EQ(this->Scan(), expected) << "after round " << round;
    ASSERT_EQ(this->ScanBackward(), Entries(expected.rbegin(), expected.rend()));
    std::unique_ptr<Iterator> it = this->store_->NewIterator({});
    const std::string target = random_key();
    it->Seek(target);
    auto lower = model.lower_bound(target);
    ASSERT_EQ(At(*it), lower == model.end() ? "<end>" : lower->first);
    it->SeekForPrev(target);
    auto upper = model.upper_bound(target);
    ASSERT_EQ(At(*it), upper == model.begin() ? "<end>" : std::prev(upper)->first);
  }
}

TYPED_TEST(KvStoreContractTest, SnapshotIgnoresLaterWrites) {
  this->Put("a", "1");
  this->Put("b", "2");
  std::shared_ptr<const Snapshot> first = this->store_->GetSnapshot();
  this->Put("a", "10");
  this->Delete("b");
  this->Put("c", "3");
  std::shared_ptr<const Snapshot> second = this->store_->GetSnapshot();
  this->Put("d", "4");

  EXPECT_EQ(this->Get("a", first.get()), "1");
  EXPECT_EQ(this->Get("b", first.get()), "2");
  EXPECT_EQ(this->Get("c", first.get()), std::nullopt);
  EXPECT_EQ(this->Scan(first.get()), (Entries{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(this->Scan(second.get()), (Entries{{"a", "10"}, {"c", "3"}}));
  EXPECT_EQ(this->Scan(), (Entries{{"a", "10"}, {"c", "3"}, {"d", "4"}}));

  std::unique_ptr<Iterator> it = this->store_->NewIterator(ReadOptions{first.get()});
  first.reset();
  it->SeekForPrev("z");
  EXPECT_EQ(At(*it), "b");
  EXPECT_EQ(this->Get("a", second.get()), "10");
}

TYPED_TEST(KvStoreContractTest, IteratorSurvivesWritesBetweenSteps) {
  Entries original;
  for (int i = 10; i < 30; ++i) {
    original.emplace_back("k" + std::to_string(i), "v" + std::to_string(i));
    this->Put(original.back().first, original.back().second);
  }
  // Written while iterating: each visited key is replaced by key + "~" (sorting right after it),
  // and k20, k21 are deleted ahead of the iterator.
  std::unique_ptr<Iterator> it = this->store_->NewIterator({});
  std::vector<std::string> visited;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string key(it->key());
    if (!visited.empty()) {
      EXPECT_LT(visited.back(), key);
    }
    visited.push_back(key);
    if (key.back() == '~') {
      EXPECT_EQ(it->value(), "moved");
      continue;
    }
    EXPECT_EQ(it->value(), "v" + key.substr(1));
    WriteBatch batch;
    batch.Delete(key);
    batch.Put(key + "~", "moved");
    if (key == "k10") {
      batch.Delete("k20");
      batch.Delete("k21");
    }
    this->Write(batch);
  }
  EXPECT_TRUE(it->status().ok());
  Entries remaining;
  for (const auto& [key, value] : original) {
    const bool deleted_ahead = key == "k20" || key == "k21";
    // The iterator may or may not show keys deleted ahead of it; every other key it must show.
    const bool seen = std::find(visited.begin(), visited.end(), key) != visited.end();
    EXPECT_TRUE(seen || deleted_ahead) << key;
    if (seen) {
      remaining.emplace_back(key + "~", "moved");
    }
  }
  EXPECT_EQ(this->Scan(), remaining);
}

// A writer rewrites all of kGroup keys in each batch with the round number; a reader that reads the
// keys one by one in either order must then see non-decreasing rounds, and a snapshot or snapshot
// iterator one round for all keys. A torn batch breaks both.
TYPED_TEST(KvStoreContractTest, ReadersNeverSeeHalfABatch) {
  constexpr int kGroup = 16;
  constexpr int kRounds = 1000;
  auto key = [](int i) { return "g" + std::to_string(i); };
  WriteBatch initial;
  for (int i = 0; i < kGroup; ++i) {
    initial.Put(key(i), "0");
  }
  this->Write(initial);
  std::atomic<bool> done = false;
  std::thread writer([&] {
    for (int round = 1; round <= kRounds; ++round) {
      WriteBatch batch;
      for (int i = 0; i < kGroup; ++i) {
        batch.Put(key(i), std::to_string(round));
      }
      EXPECT_TRUE(this->store_->Write({}, batch).ok());
    }
    done = true;
  });
  auto reader = [&](bool backward) {
    int checks = 0;
    while (!done || checks == 0) {
      ++checks;
      int previous = 0;
      for (int n = 0; n < kGroup; ++n) {
        const int round = std::stoi(this->Get(key(backward ? kGroup - 1 - n : n)).value_or("-1"));
        EXPECT_GE(round, previous);
        previous = round;
      }
      std::shared_ptr<const Snapshot> snapshot = this->store_->GetSnapshot();
      const std::optional<std::string> first = this->Get(key(0), snapshot.get());
      Entries entries = this->Scan(snapshot.get());
      ASSERT_EQ(entries.size(), static_cast<size_t>(kGroup));
      for (const auto& entry : entries) {
        EXPECT_EQ(entry.second, first);
      }
    }
  };
  std::thread forward_reader(reader, false);
  std::thread backward_reader(reader, true);
  writer.join();
  forward_reader.join();
  backward_reader.join();
  EXPECT_EQ(this->Get(key(kGroup - 1)), std::to_string(kRounds));
}

TYPED_TEST(KvStoreContractTest, ConcurrentWritersAndReaders) {
  constexpr int kWriters = 4;
  constexpr int kBatchesPerWriter = 150;
  auto key = [](int writer, int n) {
    return "w" + std::to_string(writer) + "-" + std::to_string(1000 + n);
  };
  std::atomic<int> writers_left = kWriters;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int n = 0; n < kBatchesPerWriter; ++n) {
        WriteBatch batch;
        batch.Put(key(w, n), std::to_string(n));
        // Each batch also deletes the key the writer put two batches ago when that one is odd.
        if (n >= 2 && (n - 2) % 2 == 1) {
          batch.Delete(key(w, n - 2));
        }
        EXPECT_TRUE(this->store_->Write({}, batch).ok());
      }
      --writers_left;
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      int passes = 0;
      while (writers_left > 0 || passes == 0) {
        ++passes;
        std::unique_ptr<Iterator> it = this->store_->NewIterator({});
        std::string previous;
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
          EXPECT_LT(previous, it->key());
          previous = std::string(it->key());
        }
        EXPECT_TRUE(it->status().ok());
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  Entries expected;
  for (int w = 0; w < kWriters; ++w) {
    for (int n = 0; n < kBatchesPerWriter; ++n) {
      const bool deleted = n % 2 == 1 && n + 2 < kBatchesPerWriter;
      if (!deleted) {
        expected.emplace_back(key(w, n), std::to_string(n));
      }
    }
  }
  EXPECT_EQ(this->Scan(), expected);
}

// LevelDB only: persistence and the directory lock.
class LevelDbStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto probe = OpenLevelDbStore(path_);
        !probe.has_value() && probe.error().message() == kNotBuilt) {
      GTEST_SKIP() << kNotBuilt;
    }
  }

  // What OpenLevelDbStore says when another open database holds the directory.
  std::string HeldMessage() const {
    return "Cannot open the database at '" + path_ +
           "': it is in use by another engine (its LOCK file is held)";
  }

  TempDir dir_;
  std::string path_ = dir_.path() + "/nested/db";
};

TEST_F(LevelDbStoreTest, ReopenKeepsData) {
  {
    Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    WriteBatch batch;
    batch.Put("kept", "value");
    batch.Put("gone", "x");
    batch.Delete("gone");
    ASSERT_TRUE(store.value()->Write(WriteOptions{.sync = true}, batch).ok());
  }
  Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  EXPECT_EQ(store.value()->Get({}, "kept").value(), "value");
  EXPECT_EQ(store.value()->Get({}, "gone").value(), std::nullopt);
}

TEST_F(LevelDbStoreTest, SecondOpenInTheSameProcessFails) {
  Result<std::unique_ptr<KvStore>> first = OpenLevelDbStore(path_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  Result<std::unique_ptr<KvStore>> second = OpenLevelDbStore(path_);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code(), ErrorCode::kInternalServerError);
  EXPECT_EQ(second.error().message(), HeldMessage());

  first.value().reset();
  EXPECT_TRUE(OpenLevelDbStore(path_).has_value());
}

TEST_F(LevelDbStoreTest, SnapshotsAndIteratorsKeepTheDatabaseOpen) {
  Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  ASSERT_TRUE(store.value()->Write({}, PutBatch("a", "1")).ok());
  std::shared_ptr<const Snapshot> snapshot = store.value()->GetSnapshot();
  std::unique_ptr<Iterator> it = store.value()->NewIterator(ReadOptions{snapshot.get()});
  store.value().reset();

  it->SeekToFirst();
  EXPECT_EQ(At(*it), "a");
  EXPECT_FALSE(OpenLevelDbStore(path_).has_value());
  it.reset();
  snapshot.reset();
  EXPECT_TRUE(OpenLevelDbStore(path_).has_value());
}

// Runs this test binary as a child that opens `path` (see kChildOpenHook); returns its exit code
// and what it wrote to stderr.
std::pair<int, std::string> OpenInChildProcess(const std::string& path, const std::string& log) {
  std::vector<std::string> environment = {std::string(kChildOpenVariable) + "=" + path};
  std::vector<char*> envp;
  for (char** variable = environ; *variable != nullptr; ++variable) {
    envp.push_back(*variable);
  }
  envp.push_back(environment[0].data());
  envp.push_back(nullptr);
  std::string program = "/proc/self/exe";
  char* argv[] = {program.data(), nullptr};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    return {-1, "posix_spawn failed"};
  }
  int wait_status = 0;
  waitpid(pid, &wait_status, 0);
  std::ifstream file(log);
  std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  return {WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1, text};
}

TEST_F(LevelDbStoreTest, OpenHeldByAnotherProcessFails) {
  const std::string log = dir_.path() + "/child.log";
  {
    Result<std::unique_ptr<KvStore>> store = OpenLevelDbStore(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    const auto [code, message] = OpenInChildProcess(path_, log);
    EXPECT_EQ(code, 3) << message;
    EXPECT_EQ(message, HeldMessage());
  }
  const auto [code, message] = OpenInChildProcess(path_, log);
  EXPECT_EQ(code, 0) << message;
}

TEST(MemoryStoreTest, FactoryBuildsAMemoryStore) {
  std::unique_ptr<KvStore> store = NewMemoryStore();
  EXPECT_NE(dynamic_cast<MemoryStore*>(store.get()), nullptr);
}

// Applies one random batch of puts and deletes over `key_space` keys (values of `max_value_bytes`
// at most, some larger than a node) to `store` and to `model`.
void RandomBatch(std::mt19937& random, int key_space, size_t max_value_bytes, MemoryStore& store,
                 std::map<std::string, std::string>& model) {
  WriteBatch batch;
  const int operations = 1 + static_cast<int>(random() % 60);
  for (int n = 0; n < operations; ++n) {
    const std::string key = "k" + std::to_string(100000 + random() % key_space);
    if (random() % 3 == 0) {
      batch.Delete(key);
      model.erase(key);
    } else {
      const size_t size = random() % 50 == 0 ? 5000 + random() % 5000 : random() % max_value_bytes;
      std::string value(size, static_cast<char>('a' + random() % 26));
      batch.Put(key, value);
      model[key] = std::move(value);
    }
  }
  ASSERT_TRUE(store.Write({}, batch).ok());
}

Entries ReadAll(KvStore& store, const Snapshot* snapshot = nullptr) {
  Entries entries;
  std::unique_ptr<Iterator> it = store.NewIterator({snapshot});
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    entries.emplace_back(it->key(), it->value());
  }
  return entries;
}

Entries EntriesOf(const std::map<std::string, std::string>& model) {
  return {model.begin(), model.end()};
}

TEST(MemoryStoreTest, TreeKeepsItsShapeUnderRandomWrites) {
  MemoryStore store;
  EXPECT_EQ(store.TreeHeight(), 0);
  std::mt19937 random(42);
  std::map<std::string, std::string> model;
  for (int round = 0; round < 400; ++round) {
    RandomBatch(random, 3000, 400, store, model);
    ASSERT_EQ(store.CheckTree(), "") << "after round " << round;
  }
  EXPECT_EQ(ReadAll(store), EntriesOf(model));
  EXPECT_GE(store.TreeHeight(), 3);
  // Deleting everything leaves the empty tree.
  WriteBatch deletes;
  for (const auto& [key, value] : model) {
    deletes.Delete(key);
  }
  ASSERT_TRUE(store.Write({}, deletes).ok());
  EXPECT_EQ(store.TreeHeight(), 0);
  EXPECT_TRUE(ReadAll(store).empty());
}

TEST(MemoryStoreTest, SortedInsertsThenDeletingMostShrinkTheTree) {
  MemoryStore store;
  constexpr int kKeys = 20000;
  for (int i = 0; i < kKeys; ++i) {
    ASSERT_TRUE(store.Write({}, PutBatch("k" + std::to_string(100000 + i), "value")).ok());
  }
  ASSERT_EQ(store.CheckTree(), "");
  const int full_height = store.TreeHeight();
  EXPECT_GE(full_height, 3);
  // One key in a thousand survives, deleted one batch at a time in descending order.
  for (int i = kKeys - 1; i >= 0; --i) {
    if (i % 1000 != 0) {
      ASSERT_TRUE(store.Write({}, DeleteBatch("k" + std::to_string(100000 + i))).ok());
    }
  }
  ASSERT_EQ(store.CheckTree(), "");
  EXPECT_EQ(ReadAll(store).size(), static_cast<size_t>(kKeys / 1000));
  EXPECT_LT(store.TreeHeight(), full_height);
}

// Nodes a batch copies are changed in place by later operations of the same batch; none of that
// may reach a snapshot, an iterator or a state read before the batch was published.
TEST(MemoryStoreTest, SnapshotsKeepTheirStateAcrossManyBatches) {
  MemoryStore store;
  std::mt19937 random(7);
  std::map<std::string, std::string> model;
  std::vector<std::pair<std::shared_ptr<const Snapshot>, std::map<std::string, std::string>>>
      snapshots;
  for (int round = 0; round < 120; ++round) {
    RandomBatch(random, 1500, 300, store, model);
    if (round % 10 == 0) {
      snapshots.emplace_back(store.GetSnapshot(), model);
    }
  }
  for (const auto& [snapshot, expected] : snapshots) {
    EXPECT_EQ(ReadAll(store, snapshot.get()), EntriesOf(expected));
    for (const auto& [key, value] : expected) {
      auto got = store.Get({snapshot.get()}, key);
      ASSERT_TRUE(got.has_value());
      ASSERT_EQ(got->value_or("<missing>"), value);
    }
  }
}

TEST(MemoryStoreTest, SeeksLandOnEveryLeafBoundary) {
  MemoryStore store;
  std::map<std::string, std::string> model;
  WriteBatch batch;
  for (int i = 0; i < 3000; i += 2) {
    const std::string key = "k" + std::to_string(100000 + i);
    batch.Put(key, std::string(100, 'v'));
    model[key] = std::string(100, 'v');
  }
  ASSERT_TRUE(store.Write({}, batch).ok());
  ASSERT_GE(store.TreeHeight(), 2);
  std::unique_ptr<Iterator> it = store.NewIterator({});
  for (int i = -1; i <= 3001; ++i) {
    const std::string target = "k" + std::to_string(100000 + i);
    it->Seek(target);
    auto at_or_after = model.lower_bound(target);
    ASSERT_EQ(it->Valid(), at_or_after != model.end()) << target;
    if (it->Valid()) {
      ASSERT_EQ(it->key(), at_or_after->first);
      it->Prev();
      ASSERT_EQ(it->Valid(), at_or_after != model.begin()) << target;
      if (it->Valid()) {
        ASSERT_EQ(it->key(), std::prev(at_or_after)->first);
      }
    }
    it->SeekForPrev(target);
    auto after = model.upper_bound(target);
    ASSERT_EQ(it->Valid(), after != model.begin()) << target;
    if (it->Valid()) {
      ASSERT_EQ(it->key(), std::prev(after)->first);
      it->Next();
      ASSERT_EQ(it->Valid(), after != model.end()) << target;
      if (it->Valid()) {
        ASSERT_EQ(it->key(), after->first);
      }
    }
  }
}

}  // namespace
}  // namespace dynafake::storage
