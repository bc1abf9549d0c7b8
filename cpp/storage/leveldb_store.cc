// The LevelDB-backed KvStore, and the only file that includes LevelDB. It uses LevelDB's default
// bytewise comparator: Debian's LevelDB is built without RTTI, so a class derived from a LevelDB
// class (a custom Comparator) fails to link; the model's key encoding makes bytewise order right.
//
// The database, its block cache and its filter policy are shared by the store, its snapshots and
// its iterators, so those may outlive the store; the directory stays locked until the last is gone.
//
// Durability. LevelDB 1.23's log::Writer::EmitPhysicalRecord calls WritableFile::Flush after the
// last fragment of every record, and PosixWritableFile::Flush write(2)s its user-space buffer, so
// when DB::Write returns the batch is in the operating system's page cache even without
// WriteOptions::sync: it survives the process being killed at any moment (Durability::kProcess).
// WriteOptions::sync adds an fsync of the log (kSync). DBImpl::Write logs (and, with sync, fsyncs)
// an empty, non-null batch like any other, so the group committer's empty sync write fsyncs every
// record logged before it in the current log file (kGroup).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>
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

// The database directories this process has open, by canonical path. LevelDB's own in-process
// check is not enough: it compares path strings, so "d/db" and "d/./db" would both open (fcntl
// locks never conflict within one process), and when it refuses a second open it closes a
// descriptor of the LOCK file, which drops the process's fcntl lock, so another process could then
// open the directory the first store still uses. Checking here first keeps LevelDB from ever
// seeing a second open of a directory this process holds.
class DirectoryClaim {
 public:
  // Null when this process already holds `canonical_path`.
  static std::unique_ptr<DirectoryClaim> Take(std::string canonical_path) {
    std::lock_guard lock(Mutex());
    if (!Held().insert(canonical_path).second) {
      return nullptr;
    }
    return std::unique_ptr<DirectoryClaim>(new DirectoryClaim(std::move(canonical_path)));
  }

  ~DirectoryClaim() {
    std::lock_guard lock(Mutex());
    Held().erase(path_);
  }

  DirectoryClaim(const DirectoryClaim&) = delete;
  DirectoryClaim& operator=(const DirectoryClaim&) = delete;

 private:
  explicit DirectoryClaim(std::string path) : path_(std::move(path)) {}

  static std::mutex& Mutex() {
    static std::mutex mutex;
    return mutex;
  }

  static std::set<std::string>& Held() {
    static std::set<std::string> held;
    return held;
  }

  std::string path_;
};

// Declared so that the database is destroyed before the cache and filter policy it uses, and the
// directory claim released after it.
struct Database {
  std::unique_ptr<DirectoryClaim> claim;
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

// Fsyncs the log every interval while writes have been made since the last fsync, until destroyed;
// the destructor fsyncs once more if needed, so a closed store has nothing left unsynced.
class GroupCommitter {
 public:
  GroupCommitter(std::shared_ptr<Database> database, const LevelDbOptions& options)
      : database_(std::move(database)),
        interval_(
            std::chrono::milliseconds(std::max<int64_t>(options.group_commit_interval_ms, 1))),
        after_commit_(options.after_group_commit),
        thread_([this] { Run(); }) {}

  ~GroupCommitter() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    CommitIfWritten();
  }

  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // After each acknowledged write: the next round fsyncs it.
  void NoteWrite() { written_.store(true, std::memory_order_release); }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      lock.unlock();
      CommitIfWritten();
      lock.lock();
    }
  }

  void CommitIfWritten() {
    // Cleared before the fsync: a write acknowledged meanwhile sets it again and gets the next one.
    if (!written_.exchange(false, std::memory_order_acq_rel)) {
      return;
    }
    leveldb::WriteOptions options;
    options.sync = true;
    leveldb::WriteBatch empty;
    const Status status = FromLevelDb(database_->db->Write(options, &empty), "group commit");
    if (after_commit_) {
      after_commit_(status);
    }
  }

  std::shared_ptr<Database> database_;
  const std::chrono::milliseconds interval_;
  const std::function<void(const Status&)> after_commit_;
  std::atomic<bool> written_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  // Last: started once everything it uses exists.
  std::thread thread_;
};

class LevelDbStore final : public KvStore {
 public:
  LevelDbStore(std::shared_ptr<Database> database, const LevelDbOptions& options)
      : database_(std::move(database)), sync_every_write_(options.durability == Durability::kSync) {
    if (options.durability == Durability::kGroup) {
      group_committer_ = std::make_unique<GroupCommitter>(database_, options);
    }
  }

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
    write_options.sync = options.sync || sync_every_write_;
    const Status status = FromLevelDb(database_->db->Write(write_options, &updates), "write");
    if (group_committer_ != nullptr && !write_options.sync) {
      group_committer_->NoteWrite();
    }
    return status;
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
  const bool sync_every_write_;
  // kGroup only; destroyed (its last fsync made) with the store.
  std::unique_ptr<GroupCommitter> group_committer_;
};

// LevelDB's Env::LockFile fails with "lock <dir>/LOCK: <reason>" when another open database holds
// the lock: "already held by process" in this process, the fcntl error from another one.
bool IsHeldLock(const leveldb::Status& status, const std::string& path) {
  return status.IsIOError() &&
         status.ToString().find("lock " + path + "/LOCK: ") != std::string::npos;
}

Status HeldError(const std::string& path) {
  return InternalError("Cannot open the database at '" + path +
                       "': it is in use by another engine (its LOCK file is held)");
}

}  // namespace

Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const LevelDbOptions& store_options) {
  const std::string& path = store_options.path;
  // LevelDB creates the database directory but not its parents. A failure here surfaces as
  // LevelDB's own error from Open below, which names the path.
  std::error_code ignored;
  std::filesystem::create_directories(path, ignored);

  auto database = std::make_shared<Database>();
  std::error_code canonical_error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, canonical_error);
  if (canonical_error) {
    canonical = std::filesystem::absolute(path, ignored).lexically_normal();
  }
  database->claim = DirectoryClaim::Take(canonical.string());
  if (database->claim == nullptr) {
    return HeldError(path);
  }
  database->cache.reset(leveldb::NewLRUCache(kBlockCacheBytes));
  database->filter.reset(leveldb::NewBloomFilterPolicy(kBloomBitsPerKey));
  leveldb::Options options;
  options.create_if_missing = true;
  options.block_cache = database->cache.get();
  options.filter_policy = database->filter.get();
  leveldb::DB* db = nullptr;
  const leveldb::Status status = leveldb::DB::Open(options, path, &db);
  if (IsHeldLock(status, path)) {
    return HeldError(path);
  }
  if (!status.ok()) {
    return InternalError("Cannot open LevelDB store at '" + path + "': " + status.ToString());
  }
  database->db.reset(db);
  return std::unique_ptr<KvStore>(
      std::make_unique<LevelDbStore>(std::move(database), store_options));
}

}  // namespace dynafake::storage
