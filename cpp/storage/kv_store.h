// KvStore: an ordered store of byte keys and values, LevelDB-shaped. It knows nothing of items:
// the model and table layers encode keys so that bytewise order is DynamoDB's order.
//
// Implementations are safe for concurrent use without external synchronization. An Iterator is
// used by one thread at a time; it stays valid across concurrent writes (it may or may not see
// them) unless it was opened on a snapshot, which it then reads exclusively.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "storage/write_batch.h"

namespace dynafake::storage {

// A consistent read-only view of the store at one moment.
class Snapshot {
 public:
  virtual ~Snapshot() = default;
};

struct ReadOptions {
  // Null: the latest state.
  const Snapshot* snapshot = nullptr;
};

struct WriteOptions {
  // Flush to durable storage before Write returns (no effect on the in-memory store).
  bool sync = false;
};

class Iterator {
 public:
  virtual ~Iterator() = default;
  virtual bool Valid() const = 0;
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  // Positions at the first key >= target.
  virtual void Seek(std::string_view target) = 0;
  // Positions at the last key <= target.
  virtual void SeekForPrev(std::string_view target) = 0;
  // REQUIRES: Valid().
  virtual void Next() = 0;
  virtual void Prev() = 0;
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  virtual Status status() const = 0;
};

class KvStore {
 public:
  virtual ~KvStore() = default;

  virtual Result<std::optional<std::string>> Get(const ReadOptions& options,
                                                 std::string_view key) = 0;
  virtual Status Write(const WriteOptions& options, const WriteBatch& batch) = 0;
  virtual std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) = 0;
  virtual std::shared_ptr<const Snapshot> GetSnapshot() = 0;
};

std::unique_ptr<KvStore> NewMemoryStore();

// When a LevelDB store's acknowledged writes become durable. LevelDB appends every write batch to
// its log and hands the bytes to the operating system (write(2)) before Write returns; the policies
// differ in when the log is fsynced.
enum class Durability {
  // No fsync: a write survives the process being killed at any moment, not a power loss or a
  // kernel crash.
  kProcess,
  // fsync before every Write returns: a write survives a power loss.
  kSync,
  // As kProcess, and a store thread fsyncs the log every group_commit_interval_ms while there are
  // writes since the last fsync: a power loss loses at most that interval's writes.
  kGroup,
};

// "process", "sync" or "group"; nullopt for anything else.
inline std::optional<Durability> ParseDurability(std::string_view name) {
  if (name == "process") {
    return Durability::kProcess;
  }
  if (name == "sync") {
    return Durability::kSync;
  }
  if (name == "group") {
    return Durability::kGroup;
  }
  return std::nullopt;
}

struct LevelDbOptions {
  // The database directory, created (with its parents) if missing.
  std::string path;
  Durability durability = Durability::kProcess;
  // kGroup only: the longest wait between a write and the fsync that covers it (plus the fsync).
  int64_t group_commit_interval_ms = 100;
  // kGroup only: called on the store's thread after each fsync with its outcome, so tests can see
  // the commits happen; empty in production.
  std::function<void(const Status&)> after_group_commit;
};

// Opens (creating if missing) a LevelDB database. Fails with InternalServerError: "... is in use
// by another engine (its LOCK file is held)" when another open database holds the directory, in
// this process or another one; otherwise LevelDB's text.
Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const LevelDbOptions& options);

// With the default options (Durability::kProcess).
inline Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const std::string& path) {
  return OpenLevelDbStore(LevelDbOptions{.path = path});
}

}  // namespace dynafake::storage
