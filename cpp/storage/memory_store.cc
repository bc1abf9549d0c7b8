#include "storage/memory_store.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <utility>
#include <vector>

#include "util/check.h"

namespace dynafake::storage {
namespace memory_internal {

// One key and its value, stored in a single allocation: the header followed by the key bytes and
// then the value bytes. An iterator walking a large tree touches each entry once, so keeping its
// bytes next to each other halves the cache misses of a page read.
struct Entry {
  uint32_t key_size = 0;
  uint32_t value_size = 0;

  std::string_view key() const { return {bytes(), key_size}; }

  std::string_view value() const { return {bytes() + key_size, value_size}; }

 private:
  const char* bytes() const { return reinterpret_cast<const char*>(this + 1); }
};

using EntryPtr = std::shared_ptr<const Entry>;

struct EntryDeleter {
  void operator()(const Entry* entry) const {
    entry->~Entry();
    ::operator delete(const_cast<Entry*>(entry));
  }
};

EntryPtr MakeEntry(std::string_view key, std::string_view value) {
  DF_CHECK(key.size() <= UINT32_MAX && value.size() <= UINT32_MAX);
  void* memory = ::operator new(sizeof(Entry) + key.size() + value.size());
  auto* entry =
      new (memory) Entry{static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size())};
  char* bytes = reinterpret_cast<char*>(entry + 1);
  std::memcpy(bytes, key.data(), key.size());
  std::memcpy(bytes + key.size(), value.data(), value.size());
  return EntryPtr(entry, EntryDeleter());
}

// A node is never modified once built; a write copies the nodes on the path to the change and
// shares the entries (key and value bytes) and every untouched subtree.
struct Node {
  EntryPtr entry;
  NodePtr left;
  NodePtr right;
  int height = 1;
};

}  // namespace memory_internal

namespace {

using memory_internal::Entry;
using memory_internal::EntryPtr;
using memory_internal::Node;
using memory_internal::NodePtr;

int Height(const NodePtr& node) {
  return node ? node->height : 0;
}

NodePtr MakeNode(EntryPtr entry, NodePtr left, NodePtr right) {
  const int height = 1 + std::max(Height(left), Height(right));
  return std::make_shared<const Node>(
      Node{std::move(entry), std::move(left), std::move(right), height});
}

// Joins `left`, `entry` and `right` (every key of `left` < entry's key < every key of `right`,
// heights differing by at most 2) into one AVL-balanced tree.
NodePtr Balance(EntryPtr entry, NodePtr left, NodePtr right) {
  const int left_height = Height(left);
  const int right_height = Height(right);
  if (left_height > right_height + 1) {
    if (Height(left->left) >= Height(left->right)) {
      return MakeNode(left->entry, left->left,
                      MakeNode(std::move(entry), left->right, std::move(right)));
    }
    const NodePtr& middle = left->right;
    return MakeNode(middle->entry, MakeNode(left->entry, left->left, middle->left),
                    MakeNode(std::move(entry), middle->right, std::move(right)));
  }
  if (right_height > left_height + 1) {
    if (Height(right->right) >= Height(right->left)) {
      return MakeNode(right->entry, MakeNode(std::move(entry), std::move(left), right->left),
                      right->right);
    }
    const NodePtr& middle = right->left;
    return MakeNode(middle->entry, MakeNode(std::move(entry), std::move(left), middle->left),
                    MakeNode(right->entry, middle->right, right->right));
  }
  return MakeNode(std::move(entry), std::move(left), std::move(right));
}

// std::string_view compares as unsigned bytes (char_traits<char>::compare), LevelDB's order.
int Compare(std::string_view a, std::string_view b) {
  return a.compare(b);
}

NodePtr Insert(const NodePtr& node, const EntryPtr& entry) {
  if (!node) {
    return MakeNode(entry, nullptr, nullptr);
  }
  const int order = Compare(entry->key(), node->entry->key());
  if (order < 0) {
    return Balance(node->entry, Insert(node->left, entry), node->right);
  }
  if (order > 0) {
    return Balance(node->entry, node->left, Insert(node->right, entry));
  }
  return MakeNode(entry, node->left, node->right);
}

// Removes the smallest entry of the non-empty tree `node`, returned in *min.
NodePtr RemoveMin(const NodePtr& node, EntryPtr* min) {
  if (!node->left) {
    *min = node->entry;
    return node->right;
  }
  return Balance(node->entry, RemoveMin(node->left, min), node->right);
}

// Returns `node` itself when `key` is absent, so deleting a missing key allocates nothing.
NodePtr Erase(const NodePtr& node, std::string_view key) {
  if (!node) {
    return node;
  }
  const int order = Compare(key, node->entry->key());
  if (order < 0) {
    NodePtr left = Erase(node->left, key);
    return left == node->left ? node : Balance(node->entry, std::move(left), node->right);
  }
  if (order > 0) {
    NodePtr right = Erase(node->right, key);
    return right == node->right ? node : Balance(node->entry, node->left, std::move(right));
  }
  if (!node->left) {
    return node->right;
  }
  if (!node->right) {
    return node->left;
  }
  EntryPtr successor;
  NodePtr right = RemoveMin(node->right, &successor);
  return Balance(std::move(successor), node->left, std::move(right));
}

const Node* Find(const Node* node, std::string_view key) {
  while (node) {
    const int order = Compare(key, node->entry->key());
    if (order == 0) {
      return node;
    }
    node = order < 0 ? node->left.get() : node->right.get();
  }
  return nullptr;
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

// Walks one immutable tree. `path_` holds the nodes from the root down to the current one (empty
// when not Valid), standing in for parent pointers, which a shared immutable tree cannot have.
class MemoryIterator final : public Iterator {
 public:
  explicit MemoryIterator(NodePtr root) : root_(std::move(root)) {}

  bool Valid() const override { return !path_.empty(); }

  void SeekToFirst() override {
    path_.clear();
    DescendLeftmost(root_.get());
  }

  void SeekToLast() override {
    path_.clear();
    DescendRightmost(root_.get());
  }

  void Seek(std::string_view target) override {
    SeekBound([target](std::string_view key) { return Compare(key, target) >= 0; }, true);
  }

  void SeekForPrev(std::string_view target) override {
    SeekBound([target](std::string_view key) { return Compare(key, target) <= 0; }, false);
  }

  void Next() override {
    DF_CHECK(Valid());
    if (path_.back()->right) {
      DescendLeftmost(path_.back()->right.get());
      return;
    }
    ClimbUntil([](const Node* parent, const Node* child) { return parent->left.get() == child; });
  }

  void Prev() override {
    DF_CHECK(Valid());
    if (path_.back()->left) {
      DescendRightmost(path_.back()->left.get());
      return;
    }
    ClimbUntil([](const Node* parent, const Node* child) { return parent->right.get() == child; });
  }

  std::string_view key() const override {
    DF_CHECK(Valid());
    return path_.back()->entry->key();
  }

  std::string_view value() const override {
    DF_CHECK(Valid());
    return path_.back()->entry->value();
  }

  Status status() const override { return Status::Ok(); }

 private:
  void DescendLeftmost(const Node* node) {
    for (; node != nullptr; node = node->left.get()) {
      path_.push_back(node);
    }
  }

  void DescendRightmost(const Node* node) {
    for (; node != nullptr; node = node->right.get()) {
      path_.push_back(node);
    }
  }

  // Positions at the node nearest the edge of the keys satisfying `accept`: the smallest accepted
  // key when `toward_left` (accepted keys form a suffix of the order), else the largest (a prefix).
  template <typename Accept>
  void SeekBound(Accept accept, bool toward_left) {
    path_.clear();
    size_t keep = 0;
    for (const Node* node = root_.get(); node != nullptr;) {
      path_.push_back(node);
      const bool accepted = accept(node->entry->key());
      if (accepted) {
        keep = path_.size();
      }
      node = (accepted == toward_left) ? node->left.get() : node->right.get();
    }
    path_.resize(keep);
  }

  // Pops the current node and its ancestors until an ancestor reached through
  // `came_from(parent, child)` becomes current; invalid when there is none.
  template <typename CameFrom>
  void ClimbUntil(CameFrom came_from) {
    while (!path_.empty()) {
      const Node* child = path_.back();
      path_.pop_back();
      if (!path_.empty() && came_from(path_.back(), child)) {
        return;
      }
    }
  }

  NodePtr root_;
  std::vector<const Node*> path_;
};

}  // namespace

Result<std::optional<std::string>> MemoryStore::Get(const ReadOptions& options,
                                                    std::string_view key) {
  if (options.snapshot != nullptr) {
    const Node* node = Find(RootFor(options).get(), key);
    return node ? std::optional<std::string>(node->entry->value()) : std::nullopt;
  }
  std::shared_lock lock(root_mutex_);
  const Node* node = Find(root_.get(), key);
  return node ? std::optional<std::string>(node->entry->value()) : std::nullopt;
}

Status MemoryStore::Write(const WriteOptions& /*options*/, const WriteBatch& batch) {
  if (batch.empty()) {
    return Status::Ok();
  }
  std::lock_guard write_lock(write_mutex_);
  // Only writers assign root_, and they hold write_mutex_, so reading it here needs no root_mutex_.
  NodePtr root = root_;
  for (const WriteBatch::Operation& operation : batch.operations()) {
    if (operation.is_delete) {
      root = Erase(root, operation.key);
    } else {
      root = Insert(root, memory_internal::MakeEntry(operation.key, operation.value));
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
  return Height(root_);
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
