#include "storage/memory_store.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "storage/block_pool.h"
#include "util/check.h"

namespace dynafake::storage {
namespace memory_internal {

// A node stays within these limits unless it holds a single record: a value larger than a node
// lives alone in its leaf. 4 KB leaves keep a write's copy cheap and a page read to a handful of
// leaves.
constexpr size_t kMaxNodeBytes = 4096;
constexpr size_t kMaxLeafRecords = 128;
constexpr size_t kMaxChildren = 16;
constexpr size_t kRecordHeaderBytes = 2 * sizeof(uint32_t);
// Room left in a fresh copy, so that the write that made it usually changes it without a new copy.
constexpr size_t kCopySlackBytes = 512;
constexpr size_t kCopySlackRecords = 4;

uint32_t Load32(const char* at) {
  uint32_t value = 0;
  std::memcpy(&value, at, sizeof(value));
  return value;
}

size_t RecordBytes(std::string_view key, std::string_view value) {
  return kRecordHeaderBytes + key.size() + value.size();
}

// A node and, after it in the same block, the offsets of its records and the records' bytes. A
// leaf's records are the store's keys and values. An internal node's record i is the first key of
// children[i], with an empty value; children[i] holds the keys from it up to record i + 1's.
struct Node {
  std::atomic<uint32_t> references{0};
  uint32_t offset_capacity = 0;  // records the offsets array has room for
  size_t block_bytes = 0;
  uint64_t batch = 0;  // the batch that built this node: only that batch may change it
  int level = 0;       // 0 for a leaf; an internal node's children are one level lower
  uint32_t count = 0;
  uint32_t used_bytes = 0;  // of the byte area, records replaced or erased since included
  uint32_t byte_capacity = 0;
  size_t live_bytes = 0;  // of the records the offsets reach
  std::vector<NodePtr> children;

  size_t size() const { return count; }

  bool leaf() const { return level == 0; }

  size_t max_records() const { return leaf() ? kMaxLeafRecords : kMaxChildren; }

  uint32_t* offsets() { return reinterpret_cast<uint32_t*>(this + 1); }

  const uint32_t* offsets() const { return reinterpret_cast<const uint32_t*>(this + 1); }

  // Records, each [key size][value size][key][value], after the offsets.
  char* bytes() { return reinterpret_cast<char*>(offsets() + offset_capacity); }

  const char* bytes() const { return reinterpret_cast<const char*>(offsets() + offset_capacity); }

  const char* record(size_t i) const { return bytes() + offsets()[i]; }

  std::string_view key(size_t i) const {
    const char* at = record(i);
    return {at + kRecordHeaderBytes, Load32(at)};
  }

  std::string_view value(size_t i) const {
    const char* at = record(i);
    return {at + kRecordHeaderBytes + Load32(at), Load32(at + sizeof(uint32_t))};
  }

  size_t RecordBytes(size_t i) const {
    const char* at = record(i);
    return kRecordHeaderBytes + Load32(at) + Load32(at + sizeof(uint32_t));
  }

  bool Overfull() const {
    return size() > 1 && (size() > max_records() || live_bytes > kMaxNodeBytes);
  }

  bool Underfull() const { return 4 * size() < max_records() && 4 * live_bytes < kMaxNodeBytes; }

  // The mutations below are for nodes of the batch being written, with room made beforehand (see
  // Writable). `key` and `value` must not point into this node's own bytes.
  void InsertRecord(size_t i, std::string_view key, std::string_view value, NodePtr child) {
    uint32_t* at = offsets() + i;
    std::memmove(at + 1, at, (count - i) * sizeof(uint32_t));
    *at = Append(key, value);
    ++count;
    if (!leaf()) {
      children.insert(children.begin() + static_cast<std::ptrdiff_t>(i), std::move(child));
    }
  }

  void ReplaceRecord(size_t i, std::string_view key, std::string_view value) {
    live_bytes -= RecordBytes(i);
    offsets()[i] = Append(key, value);
  }

  void EraseRecord(size_t i) {
    live_bytes -= RecordBytes(i);
    uint32_t* at = offsets() + i;
    std::memmove(at, at + 1, (count - i - 1) * sizeof(uint32_t));
    --count;
    if (!leaf()) {
      children.erase(children.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }

  // Appends records [begin, end) of `from` (and their children).
  void AppendRecords(const Node& from, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      offsets()[count++] = Append(from.key(i), from.value(i));
      if (!leaf()) {
        children.push_back(from.children[i]);
      }
    }
  }

  // Drops the bytes of replaced and erased records.
  void Compact() {
    std::string packed;
    packed.reserve(live_bytes);
    for (size_t i = 0; i < count; ++i) {
      const size_t record_bytes = RecordBytes(i);
      const char* at = record(i);
      offsets()[i] = static_cast<uint32_t>(packed.size());
      packed.append(at, record_bytes);
    }
    std::memcpy(bytes(), packed.data(), packed.size());
    used_bytes = static_cast<uint32_t>(packed.size());
  }

 private:
  uint32_t Append(std::string_view key, std::string_view value) {
    const size_t record_bytes = memory_internal::RecordBytes(key, value);
    DF_CHECK(used_bytes + record_bytes <= byte_capacity);
    char* at = bytes() + used_bytes;
    const auto sizes = std::array<uint32_t, 2>{static_cast<uint32_t>(key.size()),
                                               static_cast<uint32_t>(value.size())};
    std::memcpy(at, sizes.data(), kRecordHeaderBytes);
    std::memcpy(at + kRecordHeaderBytes, key.data(), key.size());
    std::memcpy(at + kRecordHeaderBytes + key.size(), value.data(), value.size());
    const uint32_t offset = used_bytes;
    used_bytes += static_cast<uint32_t>(record_bytes);
    live_bytes += record_bytes;
    return offset;
  }
};

void Retain(Node* node) {
  node->references.fetch_add(1, std::memory_order_relaxed);
}

void Release(Node* node) {
  if (node->references.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    const Block block{node, node->block_bytes};
    node->~Node();
    FreeBlock(block);
  }
}

}  // namespace memory_internal

namespace {

using memory_internal::kMaxNodeBytes;
using memory_internal::Node;
using memory_internal::NodePtr;

// std::string_view compares as unsigned bytes (char_traits<char>::compare), LevelDB's order.
// The first record at or after `key`.
size_t LowerBound(const Node& node, std::string_view key) {
  size_t low = 0;
  size_t high = node.size();
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (node.key(middle) < key) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

// The first record after `key`.
size_t UpperBound(const Node& node, std::string_view key) {
  size_t low = 0;
  size_t high = node.size();
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (key < node.key(middle)) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

// The child of internal `node` whose keys would include `key` (the first when `key` precedes all).
size_t ChildFor(const Node& node, std::string_view key) {
  const size_t after = UpperBound(node, key);
  return after == 0 ? 0 : after - 1;
}

// An empty node of `batch` with room for `records` records of `record_bytes` in all (the block's
// spare bytes go to the records).
NodePtr NewNode(int level, uint64_t batch, size_t records, size_t record_bytes) {
  const size_t offset_bytes = (records * sizeof(uint32_t) + 15) / 16 * 16;
  const Block block = AllocateBlock(sizeof(Node) + offset_bytes + record_bytes);
  DF_CHECK(block.bytes - sizeof(Node) - offset_bytes <= UINT32_MAX);
  auto* node = new (block.data) Node();
  node->block_bytes = block.bytes;
  node->offset_capacity = static_cast<uint32_t>(offset_bytes / sizeof(uint32_t));
  node->byte_capacity = static_cast<uint32_t>(block.bytes - sizeof(Node) - offset_bytes);
  node->level = level;
  node->batch = batch;
  if (level > 0) {
    node->children.reserve(node->offset_capacity);
  }
  return NodePtr(node);
}

// A compact copy of records [begin, end) of `from`, owned by `batch`, with room for
// `extra_records` more of `extra_bytes`.
NodePtr CopyRecords(const Node& from, size_t begin, size_t end, uint64_t batch,
                    size_t extra_records = memory_internal::kCopySlackRecords,
                    size_t extra_bytes = memory_internal::kCopySlackBytes) {
  size_t record_bytes = 0;
  for (size_t i = begin; i < end; ++i) {
    record_bytes += from.RecordBytes(i);
  }
  NodePtr copy =
      NewNode(from.level, batch, end - begin + extra_records, record_bytes + extra_bytes);
  copy->AppendRecords(from, begin, end);
  return copy;
}

// The node at `slot` as this batch may change it, with room for `records` more records of
// `record_bytes` in all: itself if this batch built it and it has room (compacted if need be),
// else a copy that replaces it in `slot` (the original stays as readers of older states see it).
Node* Writable(NodePtr& slot, uint64_t batch, size_t records = 0, size_t record_bytes = 0) {
  Node* node = slot.get();
  if (node->batch == batch && node->count + records <= node->offset_capacity) {
    if (node->used_bytes + record_bytes <= node->byte_capacity) {
      return node;
    }
    if (node->live_bytes + record_bytes <= node->byte_capacity) {
      node->Compact();
      return node;
    }
  }
  slot = CopyRecords(*node, 0, node->size(), batch,
                     std::max(records, memory_internal::kCopySlackRecords),
                     record_bytes + memory_internal::kCopySlackBytes);
  return slot.get();
}

// The value stored under `key` in the tree at `root`, or nullopt.
std::optional<std::string_view> FindValue(const Node* root, std::string_view key) {
  const Node* node = root;
  while (node != nullptr && !node->leaf()) {
    node = node->children[ChildFor(*node, key)].get();
  }
  if (node == nullptr) {
    return std::nullopt;
  }
  const size_t i = LowerBound(*node, key);
  if (i == node->size() || node->key(i) != key) {
    return std::nullopt;
  }
  return node->value(i);
}

// Appends to `pieces` copies of records [begin, end) of `node`, halved by bytes until each piece
// is within the limits or holds a single record.
void SplitInto(const Node& node, size_t begin, size_t end, uint64_t batch,
               std::vector<NodePtr>* pieces) {
  NodePtr piece = CopyRecords(node, begin, end, batch);
  if (!piece->Overfull()) {
    pieces->push_back(std::move(piece));
    return;
  }
  size_t middle = begin;
  for (size_t left_bytes = 0; middle + 1 < end && 2 * left_bytes < piece->live_bytes;) {
    left_bytes += node.RecordBytes(middle++);
  }
  middle = std::max(middle, begin + 1);
  SplitInto(node, begin, middle, batch, pieces);
  SplitInto(node, middle, end, batch, pieces);
}

// After children[i] of the node at `parent_slot` (a node of this batch) changed: its separator
// becomes its first key again, and an overfull child is split into pieces within the limits.
void RefreshChild(NodePtr& parent_slot, size_t i, uint64_t batch) {
  const NodePtr child = parent_slot->children[i];
  const std::string_view first_key = child->key(0);
  if (first_key != parent_slot->key(i)) {
    Writable(parent_slot, batch, 0, memory_internal::RecordBytes(first_key, {}))
        ->ReplaceRecord(i, first_key, {});
  }
  if (!child->Overfull()) {
    return;
  }
  std::vector<NodePtr> pieces;
  SplitInto(*child, 0, child->size(), batch, &pieces);
  size_t separator_bytes = 0;
  for (size_t piece = 1; piece < pieces.size(); ++piece) {
    separator_bytes += memory_internal::RecordBytes(pieces[piece]->key(0), {});
  }
  Node* parent = Writable(parent_slot, batch, pieces.size() - 1, separator_bytes);
  parent->children[i] = std::move(pieces[0]);
  for (size_t piece = 1; piece < pieces.size(); ++piece) {
    const std::string_view piece_key = pieces[piece]->key(0);  // before the piece is moved from
    parent->InsertRecord(i + piece, piece_key, {}, std::move(pieces[piece]));
  }
}

// A root over its limits gets a new root above it, which splits it.
void GrowIfOverfull(NodePtr& root, uint64_t batch) {
  if (!root->Overfull()) {
    return;
  }
  const std::string_view first_key = root->key(0);
  NodePtr grown = NewNode(root->level + 1, batch, memory_internal::kMaxChildren,
                          memory_internal::RecordBytes(first_key, {}) + kMaxNodeBytes);
  grown->InsertRecord(0, first_key, {}, root);
  root = std::move(grown);
  RefreshChild(root, 0, batch);
  GrowIfOverfull(root, batch);
}

// Merges underfull children[i] of the node at `parent_slot` (a node of this batch) with a
// neighbour when both fit in one node.
void MergeWithNeighbour(NodePtr& parent_slot, size_t i, uint64_t batch) {
  Node* parent = parent_slot.get();
  if (parent->size() < 2) {
    return;
  }
  const size_t first = i + 1 < parent->size() ? i : i - 1;
  const Node& left = *parent->children[first];
  const Node& right = *parent->children[first + 1];
  if (left.size() + right.size() > left.max_records() ||
      left.live_bytes + right.live_bytes > kMaxNodeBytes) {
    return;
  }
  NodePtr merged = CopyRecords(left, 0, left.size(), batch, right.size() + 1,
                               right.live_bytes + memory_internal::kCopySlackBytes);
  merged->AppendRecords(right, 0, right.size());
  parent->children[first] = std::move(merged);
  parent->EraseRecord(first + 1);
}

// Puts `key` = `value` into the non-empty subtree at `slot`, which may be left overfull.
void Put(NodePtr& slot, std::string_view key, std::string_view value, uint64_t batch) {
  if (slot->leaf()) {
    Node* leaf = Writable(slot, batch, 1, memory_internal::RecordBytes(key, value));
    const size_t i = LowerBound(*leaf, key);
    if (i < leaf->size() && leaf->key(i) == key) {
      leaf->ReplaceRecord(i, key, value);
    } else {
      leaf->InsertRecord(i, key, value, NodePtr());
    }
    return;
  }
  Node* node = Writable(slot, batch);
  const size_t i = ChildFor(*node, key);
  Put(node->children[i], key, value, batch);
  RefreshChild(slot, i, batch);
}

// Erases `key`, which the subtree at `slot` holds; the node may be left empty or underfull.
void Erase(NodePtr& slot, std::string_view key, uint64_t batch) {
  Node* node = Writable(slot, batch);
  if (node->leaf()) {
    node->EraseRecord(LowerBound(*node, key));
    return;
  }
  const size_t i = ChildFor(*node, key);
  Erase(node->children[i], key, batch);
  if (node->children[i]->size() == 0) {
    node->EraseRecord(i);
    return;
  }
  RefreshChild(slot, i, batch);
  if (slot->children[i]->Underfull()) {
    MergeWithNeighbour(slot, i, batch);
  }
}

void PutIntoTree(NodePtr& root, std::string_view key, std::string_view value, uint64_t batch) {
  if (!root) {
    root = NewNode(0, batch, memory_internal::kCopySlackRecords,
                   memory_internal::RecordBytes(key, value) + memory_internal::kCopySlackBytes);
    root->InsertRecord(0, key, value, NodePtr());
    return;
  }
  Put(root, key, value, batch);
  GrowIfOverfull(root, batch);
}

void EraseFromTree(NodePtr& root, std::string_view key, uint64_t batch) {
  // Erasing a missing key changes nothing, so it copies nothing.
  if (!FindValue(root.get(), key)) {
    return;
  }
  Erase(root, key, batch);
  if (root->size() == 0) {
    root.reset();
    return;
  }
  while (!root->leaf() && root->size() == 1) {
    NodePtr only = root->children[0];
    root = std::move(only);
  }
  // Separators replaced by longer first keys can overfill the root.
  GrowIfOverfull(root, batch);
}

// What is wrong with the subtree at `node` (empty if nothing), whose keys should lie in
// [low, high) (a null bound: unbounded).
std::string CheckSubtree(const Node& node, const std::string* low, const std::string* high) {
  if (node.size() == 0) {
    return "empty node";
  }
  if (node.Overfull()) {
    return "overfull node";
  }
  size_t live_bytes = 0;
  for (size_t i = 0; i < node.size(); ++i) {
    live_bytes += node.RecordBytes(i);
    if (i > 0 && !(node.key(i - 1) < node.key(i))) {
      return "keys out of order";
    }
  }
  if (live_bytes != node.live_bytes) {
    return "live bytes miscounted";
  }
  if ((low != nullptr && node.key(0) < *low) ||
      (high != nullptr && !(node.key(node.size() - 1) < *high))) {
    return "key outside its parent's range";
  }
  if (node.leaf()) {
    return node.children.empty() ? "" : "leaf with children";
  }
  if (node.children.size() != node.size()) {
    return "children and separators differ in number";
  }
  for (size_t i = 0; i < node.size(); ++i) {
    const Node& child = *node.children[i];
    if (child.level != node.level - 1) {
      return "leaves at different depths";
    }
    if (child.size() == 0 || child.key(0) != node.key(i)) {
      return "separator is not its child's first key";
    }
    const std::string child_low(node.key(i));
    const std::string child_high = i + 1 < node.size() ? std::string(node.key(i + 1)) : "";
    std::string problem = CheckSubtree(child, &child_low, i + 1 < node.size() ? &child_high : high);
    if (!problem.empty()) {
      return problem;
    }
  }
  return "";
}

class MemorySnapshot final : public Snapshot {
 public:
  MemorySnapshot(const MemoryStore* store, NodePtr root) : store_(store), root_(std::move(root)) {}

  const MemoryStore* store() const { return store_; }

  const NodePtr& root() const { return root_; }

 private:
  const MemoryStore* store_;
  NodePtr root_;
};

// Walks one immutable tree. `path_` holds, from the root down to the current leaf, each node and
// the record followed in it (empty when not Valid), standing in for parent pointers, which a
// shared immutable tree cannot have.
class MemoryIterator final : public Iterator {
 public:
  explicit MemoryIterator(NodePtr root) : root_(std::move(root)) {}

  bool Valid() const override { return !path_.empty(); }

  void SeekToFirst() override {
    path_.clear();
    DescendToFirst(root_.get());
  }

  void SeekToLast() override {
    path_.clear();
    DescendToLast(root_.get());
  }

  void Seek(std::string_view target) override {
    if (!DescendToward(target)) {
      return;
    }
    Position& leaf = path_.back();
    leaf.index = LowerBound(*leaf.node, target);
    if (leaf.index == leaf.node->size()) {
      --leaf.index;
      Next();
    }
  }

  void SeekForPrev(std::string_view target) override {
    if (!DescendToward(target)) {
      return;
    }
    Position& leaf = path_.back();
    const size_t after = UpperBound(*leaf.node, target);
    if (after == 0) {
      leaf.index = 0;
      Prev();
    } else {
      leaf.index = after - 1;
    }
  }

  void Next() override {
    DF_CHECK(Valid());
    Position& leaf = path_.back();
    if (++leaf.index < leaf.node->size()) {
      return;
    }
    for (path_.pop_back(); !path_.empty(); path_.pop_back()) {
      Position& parent = path_.back();
      if (++parent.index < parent.node->size()) {
        DescendToFirst(parent.node->children[parent.index].get());
        return;
      }
    }
  }

  void Prev() override {
    DF_CHECK(Valid());
    Position& leaf = path_.back();
    if (leaf.index > 0) {
      --leaf.index;
      return;
    }
    for (path_.pop_back(); !path_.empty(); path_.pop_back()) {
      Position& parent = path_.back();
      if (parent.index > 0) {
        --parent.index;
        DescendToLast(parent.node->children[parent.index].get());
        return;
      }
    }
  }

  std::string_view key() const override {
    DF_CHECK(Valid());
    return path_.back().node->key(path_.back().index);
  }

  std::string_view value() const override {
    DF_CHECK(Valid());
    return path_.back().node->value(path_.back().index);
  }

  Status status() const override { return Status::Ok(); }

 private:
  struct Position {
    const Node* node;
    size_t index;
  };

  void DescendToFirst(const Node* node) {
    for (; node != nullptr; node = node->leaf() ? nullptr : node->children.front().get()) {
      path_.push_back({node, 0});
    }
  }

  void DescendToLast(const Node* node) {
    for (; node != nullptr; node = node->leaf() ? nullptr : node->children.back().get()) {
      path_.push_back({node, node->size() - 1});
    }
  }

  // Fills `path_` down to the leaf whose range includes `target` (the leaf's index left for the
  // caller to set). False, and not Valid, when the tree is empty.
  bool DescendToward(std::string_view target) {
    path_.clear();
    for (const Node* node = root_.get(); node != nullptr;) {
      if (node->leaf()) {
        path_.push_back({node, 0});
        return true;
      }
      const size_t i = ChildFor(*node, target);
      path_.push_back({node, i});
      node = node->children[i].get();
    }
    return false;
  }

  NodePtr root_;
  std::vector<Position> path_;
};

}  // namespace

Result<std::optional<std::string>> MemoryStore::Get(const ReadOptions& options,
                                                    std::string_view key) {
  auto copy = [](std::optional<std::string_view> value) -> std::optional<std::string> {
    return value ? std::optional<std::string>(*value) : std::nullopt;
  };
  if (options.snapshot != nullptr) {
    return copy(FindValue(RootFor(options).get(), key));
  }
  std::shared_lock lock(root_mutex_);
  return copy(FindValue(root_.get(), key));
}

Status MemoryStore::Write(const WriteOptions& /*options*/, const WriteBatch& batch) {
  if (batch.empty()) {
    return Status::Ok();
  }
  std::lock_guard write_lock(write_mutex_);
  const uint64_t number = ++batches_;
  // Only writers assign root_, and they hold write_mutex_, so reading it here needs no root_mutex_.
  NodePtr root = root_;
  for (const WriteBatch::Operation& operation : batch.operations()) {
    if (operation.is_delete) {
      EraseFromTree(root, operation.key, number);
    } else {
      PutIntoTree(root, operation.key, operation.value, number);
    }
  }
  {
    std::unique_lock lock(root_mutex_);
    root_.swap(root);
  }
  // `root` now holds the previous state; nodes no one else shares are freed here, outside the lock.
  return Status::Ok();
}

std::unique_ptr<Iterator> MemoryStore::NewIterator(const ReadOptions& options) {
  return std::make_unique<MemoryIterator>(RootFor(options));
}

std::shared_ptr<const Snapshot> MemoryStore::GetSnapshot() {
  std::shared_lock lock(root_mutex_);
  return std::make_shared<const MemorySnapshot>(this, root_);
}

int MemoryStore::TreeHeight() const {
  std::shared_lock lock(root_mutex_);
  return root_ ? root_->level + 1 : 0;
}

std::string MemoryStore::CheckTree() const {
  const NodePtr root = RootFor({});
  if (!root) {
    return "";
  }
  if (!root->leaf() && root->size() < 2) {
    return "internal root with a single child";
  }
  return CheckSubtree(*root, nullptr, nullptr);
}

NodePtr MemoryStore::RootFor(const ReadOptions& options) const {
  if (options.snapshot != nullptr) {
    const auto* snapshot = dynamic_cast<const MemorySnapshot*>(options.snapshot);
    // A snapshot of another store is a bug in the caller, not a DynamoDB outcome.
    DF_CHECK(snapshot != nullptr && snapshot->store() == this);
    return snapshot->root();
  }
  std::shared_lock lock(root_mutex_);
  return root_;
}

std::unique_ptr<KvStore> NewMemoryStore() {
  return std::make_unique<MemoryStore>();
}

}  // namespace dynafake::storage
