// The LevelDB-backed KvStore, and the only file that includes LevelDB. It uses LevelDB's default
// bytewise comparator: Debian's LevelDB is built without RTTI, so a class derived from a LevelDB
// class (a custom Comparator) fails to link; the model's key encoding makes bytewise order right.
//
// The database, its block cache and its filter policy are shared by the store, its snapshots and
// its iterators, so those may outlive the store; the directory stays locked until the last is gone.
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>

#include <leveldb/cache.h>
#include <leveldb/db.h>
#include <leveldb/filter_policy.h>
#include <leveldb/iterator.h>
#include <leveldb/options.h>
#include <leveldb/write_batch.h>

#include "storage/kv_store.h"
#include "util/check.h"
#include "util/result.h"

namespace dynafake::storage {
namespace {

constexpr size_t kBlockCacheBytes = 32 << 20;
constexpr int kBloomBitsPerKey = 10;

// Declared so that the database is destroyed before the cache and filter policy it uses.
struct Database {
  std::unique_ptr<leveldb::Cache> cache;
  std::unique_ptr<const leveldb::FilterPolicy> filter;
  std::unique_ptr<leveldb::DB> db;
};

leveldb::Slice ToSlice(std::string_view bytes) {
  return {bytes.data(), bytes.size()};
}

std::string_view ToView(const leveldb::Slice& slice) {
  return {slice.data(), slice.size()};
}

Status FromLevelDb(const leveldb::Status& status, std::string_view doing) {
  if (status.ok()) {
    return Status::Ok();
  }
  return InternalError("LevelDB " + std::string(doing) + " failed: " + status.ToString());
}

class LevelDbSnapshot final : public Snapshot {
 public:
  explicit LevelDbSnapshot(std::shared_ptr<Database> database)
      : database_(std::move(database)), snapshot_(database_->db->GetSnapshot()) {}

  ~LevelDbSnapshot() override { database_->db->ReleaseSnapshot(snapshot_); }

  LevelDbSnapshot(const LevelDbSnapshot&) = delete;
  LevelDbSnapshot& operator=(const LevelDbSnapshot&) = delete;

  const Database* database() const { return database_.get(); }

  const leveldb::Snapshot* snapshot() const { return snapshot_; }

 private:
  std::shared_ptr<Database> database_;
  const leveldb::Snapshot* snapshot_;
};

class LevelDbIterator final : public Iterator {
 public:
  LevelDbIterator(std::shared_ptr<Database> database, const leveldb::ReadOptions& options)
      : database_(std::move(database)), iterator_(database_->db->NewIterator(options)) {}

  bool Valid() const override { return iterator_->Valid(); }

  void SeekToFirst() override { iterator_->SeekToFirst(); }

  void SeekToLast() override { iterator_->SeekToLast(); }

  void Seek(std::string_view target) override { iterator_->Seek(ToSlice(target)); }

  // LevelDB has no SeekForPrev: the last key <= target is the first key >= target when equal,
  // else the one before it (or the last key, when every key is smaller).
  void SeekForPrev(std::string_view target) override {
    iterator_->Seek(ToSlice(target));
    if (!iterator_->Valid()) {
      if (iterator_->status().ok()) {
        iterator_->SeekToLast();
      }
      return;
    }
    if (ToView(iterator_->key()) != target) {
      iterator_->Prev();
    }
  }

  void Next() override {
    DF_CHECK(Valid());
    iterator_->Next();
  }

  void Prev() override {
    DF_CHECK(Valid());
    iterator_->Prev();
  }

  std::string_view key() const override { return ToView(iterator_->key()); }

  std::string_view value() const override { return ToView(iterator_->value()); }

  Status status() const override { return FromLevelDb(iterator_->status(), "iteration"); }

 private:
  // Declared first so that it outlives the LevelDB iterator.
  std::shared_ptr<Database> database_;
  std::unique_ptr<leveldb::Iterator> iterator_;
};

class LevelDbStore final : public KvStore {
 public:
  explicit LevelDbStore(std::shared_ptr<Database> database) : database_(std::move(database)) {}

  Result<std::optional<std::string>> Get(const ReadOptions& options,
                                         std::string_view key) override {
    std::string value;
    const leveldb::Status status = database_->db->Get(ToLevelDb(options), ToSlice(key), &value);
    if (status.IsNotFound()) {
      return std::optional<std::string>();
    }
    DF_RETURN_IF_ERROR(FromLevelDb(status, "read"));
    return std::optional<std::string>(std::move(value));
  }

  Status Write(const WriteOptions& options, const WriteBatch& batch) override {
    if (batch.empty()) {
      return Status::Ok();
    }
    leveldb::WriteBatch updates;
    for (const WriteBatch::Operation& operation : batch.operations()) {
      if (operation.is_delete) {
        updates.Delete(operation.key);
      } else {
        updates.Put(operation.key, operation.value);
      }
    }
    leveldb::WriteOptions write_options;
    write_options.sync = options.sync;
    return FromLevelDb(database_->db->Write(write_options, &updates), "write");
  }

  std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) override {
    return std::make_unique<LevelDbIterator>(database_, ToLevelDb(options));
  }

  std::shared_ptr<const Snapshot> GetSnapshot() override {
    return std::make_shared<const LevelDbSnapshot>(database_);
  }

 private:
  leveldb::ReadOptions ToLevelDb(const ReadOptions& options) const {
    leveldb::ReadOptions read_options;
    if (options.snapshot != nullptr) {
      const auto* snapshot = dynamic_cast<const LevelDbSnapshot*>(options.snapshot);
      // A snapshot of another store is a bug in the caller, not a DynamoDB outcome.
      DF_CHECK(snapshot != nullptr && snapshot->database() == database_.get());
      read_options.snapshot = snapshot->snapshot();
    }
    return read_options;
  }

  std::shared_ptr<Database> database_;
};

}  // namespace

Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const std::string& path) {
  // LevelDB creates the database directory but not its parents. A failure here surfaces as
  // LevelDB's own error from Open below, which names the path.
  std::error_code ignored;
  std::filesystem::create_directories(path, ignored);

  auto database = std::make_shared<Database>();
  database->cache.reset(leveldb::NewLRUCache(kBlockCacheBytes));
  database->filter.reset(leveldb::NewBloomFilterPolicy(kBloomBitsPerKey));
  leveldb::Options options;
  options.create_if_missing = true;
  options.block_cache = database->cache.get();
  options.filter_policy = database->filter.get();
  leveldb::DB* db = nullptr;
  // LevelDB refuses a directory whose LOCK file another open database holds, in this process or
  // another one; its message names the LOCK file.
  const leveldb::Status status = leveldb::DB::Open(options, path, &db);
  if (!status.ok()) {
    return InternalError("Cannot open LevelDB store at '" + path + "': " + status.ToString());
  }
  database->db.reset(db);
  return std::unique_ptr<KvStore>(std::make_unique<LevelDbStore>(std::move(database)));
}

}  // namespace dynafake::storage
