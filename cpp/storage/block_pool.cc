#include "storage/block_pool.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <new>

#include "util/check.h"
#include <sys/mman.h>

namespace dynafake::storage {
namespace {

constexpr size_t kGranuleBytes = 1024;
constexpr size_t kClasses = 32;  // blocks of 1 KB to 32 KB
constexpr size_t kLargestClassBytes = kClasses * kGranuleBytes;
constexpr size_t kChunkBytes = size_t{2} << 20;

// One size class: a free list threaded through the free blocks, and the unused rest of the chunk
// being carved.
struct SizeClass {
  std::mutex mutex;
  void* free_list = nullptr;
  char* carve_next = nullptr;
  char* carve_end = nullptr;
};

class BlockPool {
 public:
  void* Allocate(size_t class_index) {
    SizeClass& size_class = classes_[class_index];
    const size_t bytes = (class_index + 1) * kGranuleBytes;
    std::lock_guard lock(size_class.mutex);
    if (size_class.free_list != nullptr) {
      void* block = size_class.free_list;
      size_class.free_list = *static_cast<void**>(block);
      return block;
    }
    if (size_class.carve_next == nullptr ||
        static_cast<size_t>(size_class.carve_end - size_class.carve_next) < bytes) {
      size_class.carve_next = NewChunk();
      size_class.carve_end = size_class.carve_next + kChunkBytes;
    }
    void* block = size_class.carve_next;
    size_class.carve_next += bytes;
    return block;
  }

  void Free(void* block, size_t class_index) {
    SizeClass& size_class = classes_[class_index];
    std::lock_guard lock(size_class.mutex);
    *static_cast<void**>(block) = size_class.free_list;
    size_class.free_list = block;
  }

 private:
  static char* NewChunk() {
    void* chunk = std::aligned_alloc(kChunkBytes, kChunkBytes);
    DF_CHECK(chunk != nullptr);
    // Only advice: without transparent huge pages the chunk works the same.
    madvise(chunk, kChunkBytes, MADV_HUGEPAGE);
    return static_cast<char*>(chunk);
  }

  std::array<SizeClass, kClasses> classes_;
};

// Never destroyed: nodes may be freed while the process exits.
BlockPool& Pool() {
  static BlockPool* const pool = new BlockPool();
  return *pool;
}

}  // namespace

size_t BlockBytesFor(size_t min_bytes) {
  if (min_bytes > kLargestClassBytes) {
    return min_bytes;
  }
  return (min_bytes == 0 ? 1 : (min_bytes + kGranuleBytes - 1) / kGranuleBytes) * kGranuleBytes;
}

// Under AddressSanitizer every block comes from the general heap, so that a use of a freed node is
// still caught.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPooled = false;
#else
constexpr bool kPooled = true;
#endif

Block AllocateBlock(size_t min_bytes) {
  const size_t bytes = BlockBytesFor(min_bytes);
  if (!kPooled || bytes > kLargestClassBytes) {
    return {::operator new (bytes, std::align_val_t{16}), bytes};
  }
  return {Pool().Allocate(bytes / kGranuleBytes - 1), bytes};
}

void FreeBlock(Block block) {
  if (!kPooled || block.bytes > kLargestClassBytes) {
    ::operator delete (block.data, std::align_val_t{16});
    return;
  }
  DF_CHECK(block.bytes % kGranuleBytes == 0 && block.bytes > 0);
  Pool().Free(block.data, block.bytes / kGranuleBytes - 1);
}

}  // namespace dynafake::storage
