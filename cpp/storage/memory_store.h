// MemoryStore: the in-memory KvStore, a persistent (immutable, copy-on-write) B+tree ordered by
// unsigned bytes.
//
// Every state of the store is an immutable tree reached from one root pointer. A write builds a new
// tree that shares all untouched nodes with the old one and then publishes the new root; whoever
// still holds an old root (a snapshot, an iterator) keeps reading the old state unchanged.
//
// A node is one block of storage/block_pool.h: its header, its records' offsets and the records.
// Leaves hold their keys and values inline, packed in that block, so that a range read (a Query or
// Scan page) walks contiguous memory a few kilobytes at a time instead of one scattered allocation
// per entry: on large tables the cache and TLB misses of scattered entries, not the work, were most
// of a page's cost (tests/benchmarks/query_page_bench.cc).
//
// Cost, for n keys and a batch of k operations:
//   Get            O(log n), no allocation beyond the returned value.
//   Write          O(k log n): each operation copies the nodes on its path (a few kilobytes: one
//                  leaf and its ancestors), unless this batch already copied them, in which case it
//                  changes its own copies in place. Writers are serialized among themselves;
//                  readers are blocked only for the pointer swap that publishes the batch, so a
//                  batch is atomic.
//   GetSnapshot    O(1): it holds the current root. A live snapshot keeps the nodes that writes
//                  replaced since, freed on release.
//   NewIterator    O(1); Seek* O(log n); Next/Prev amortized O(1), O(log n) at worst.
//
// An iterator reads the state as of its creation (an implicit snapshot, as LevelDB's iterators do)
// and holds no lock between calls, so its thread may write while iterating.
//
// Thread safety: safe for concurrent use without external synchronization. Snapshots and iterators
// share ownership of the state they read, so they may outlive the store.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>

#include "storage/kv_store.h"

namespace dynafake::storage {

namespace memory_internal {
struct Node;
void Retain(Node* node);
void Release(Node* node);

// Shared ownership of a node (its reference count lives in the node, which lives in one pooled
// block with its records). Nodes are never changed once a root that reaches them is published.
class NodePtr {
 public:
  NodePtr() = default;

  explicit NodePtr(Node* node) : node_(node) {
    if (node_ != nullptr) {
      Retain(node_);
    }
  }

  NodePtr(const NodePtr& other) : NodePtr(other.node_) {}

  NodePtr(NodePtr&& other) noexcept : node_(other.node_) { other.node_ = nullptr; }

  NodePtr& operator=(NodePtr other) noexcept {
    swap(other);
    return *this;
  }

  ~NodePtr() {
    if (node_ != nullptr) {
      Release(node_);
    }
  }

  Node* get() const { return node_; }

  Node* operator->() const { return node_; }

  Node& operator*() const { return *node_; }

  explicit operator bool() const { return node_ != nullptr; }

  void reset() { NodePtr().swap(*this); }

  void swap(NodePtr& other) noexcept { std::swap(node_, other.node_); }

 private:
  Node* node_ = nullptr;
};
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

  // The number of levels of the current tree (0 when empty, 1 for a single leaf).
  int TreeHeight() const;

  // Checks the shape of the current tree: keys ascending, every leaf at the same depth, each
  // separator equal to its child's first key, no empty node, no node over its limits unless it
  // holds a single record. Returns what is wrong, or an empty string. For tests.
  std::string CheckTree() const;

 private:
  // The root to read for `options`: the snapshot's, or the current one.
  memory_internal::NodePtr RootFor(const ReadOptions& options) const;

  // Serializes writers, so each builds on the latest root without holding `root_mutex_`.
  std::mutex write_mutex_;
  // The batches written so far (guarded by write_mutex_): a node built by the batch being written
  // carries its number and is the only node that batch may change in place.
  uint64_t batches_ = 0;
  // Guards `root_` itself: held to copy or swap the pointer, and by Get for one lookup.
  mutable std::shared_mutex root_mutex_;
  memory_internal::NodePtr root_;
};

}  // namespace dynafake::storage
