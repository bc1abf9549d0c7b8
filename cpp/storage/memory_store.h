// MemoryStore: the in-memory KvStore, a persistent (immutable, path-copying) AVL tree ordered by
// unsigned bytes.
//
// Every state of the store is an immutable tree reached from one root pointer. A write builds a new
// tree that shares all untouched nodes with the old one and then publishes the new root; whoever
// still holds an old root (a snapshot, an iterator) keeps reading the old state unchanged.
//
// Cost, for n keys and a batch of k operations:
//   Get            O(log n), no allocation beyond the returned value.
//   Write          O(k log n) time and O(k log n) new nodes (keys and values are not copied along
//                  the path, only pointers). Writers are serialized among themselves; readers are
//                  blocked only for the pointer swap that publishes the batch, so a batch is
//                  atomic.
//   GetSnapshot    O(1): it holds the current root. A live snapshot keeps the nodes that writes
//                  replaced since, i.e. O(k log n) extra memory per later batch, freed on release.
//   NewIterator    O(1); Seek* O(log n); Next/Prev amortized O(1), O(log n) at worst.
//
// An iterator reads the state as of its creation (an implicit snapshot, as LevelDB's iterators do)
// and holds no lock between calls, so its thread may write while iterating.
//
// Thread safety: safe for concurrent use without external synchronization. Snapshots and iterators
// share ownership of the state they read, so they may outlive the store.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "storage/kv_store.h"

namespace dynafake::storage {

namespace memory_internal {
struct Node;
using NodePtr = std::shared_ptr<const Node>;
}  // namespace memory_internal

class MemoryStore final : public KvStore {
 public:
  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = delete;
  MemoryStore& operator=(const MemoryStore&) = delete;

  Result<std::optional<std::string>> Get(const ReadOptions& options, std::string_view key) override;
  Status Write(const WriteOptions& options, const WriteBatch& batch) override;
  std::unique_ptr<Iterator> NewIterator(const ReadOptions& options) override;
  std::shared_ptr<const Snapshot> GetSnapshot() override;

  // The height of the current tree (0 when empty), for tests of the balance: at most
  // 1.44 * log2(n + 2) for n keys.
  int TreeHeight() const;

 private:
  // The root to read for `options`: the snapshot's, or the current one.
  memory_internal::NodePtr RootFor(const ReadOptions& options) const;

  // Serializes writers, so each builds on the latest root without holding `root_mutex_`.
  std::mutex write_mutex_;
  // Guards `root_` itself: held to copy or swap the pointer, and by Get for one lookup.
  mutable std::shared_mutex root_mutex_;
  memory_internal::NodePtr root_;
};

}  // namespace dynafake::storage
