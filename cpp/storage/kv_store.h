// KvStore: an ordered store of byte keys and values, LevelDB-shaped. It knows nothing of items:
// the model and table layers encode keys so that bytewise order is DynamoDB's order.
//
// Implementations are safe for concurrent use without external synchronization. An Iterator is
// used by one thread at a time; it stays valid across concurrent writes (it may or may not see
// them) unless it was opened on a snapshot, which it then reads exclusively.
#pragma once

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

// Opens (creating if missing) a LevelDB database in directory `path`. Fails with
// InternalServerError and LevelDB's text if it cannot be opened, e.g. another process holds it.
Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const std::string& path);

}  // namespace dynafake::storage
