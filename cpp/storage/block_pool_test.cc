#include "storage/block_pool.h"

#include <cstdint>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::storage {
namespace {

TEST(BlockPoolTest, SizesRoundUpToWholeKilobytesUpToTheLargestClass) {
  EXPECT_EQ(BlockBytesFor(0), 1024u);
  EXPECT_EQ(BlockBytesFor(1), 1024u);
  EXPECT_EQ(BlockBytesFor(1024), 1024u);
  EXPECT_EQ(BlockBytesFor(1025), 2048u);
  EXPECT_EQ(BlockBytesFor(32 * 1024), 32u * 1024);
  // Larger blocks are exactly the size asked for.
  EXPECT_EQ(BlockBytesFor(32 * 1024 + 1), 32u * 1024 + 1);
  EXPECT_EQ(BlockBytesFor(400'000), 400'000u);
}

TEST(BlockPoolTest, BlocksAreDistinctAlignedAndWritable) {
  std::vector<Block> blocks;
  std::set<uintptr_t> starts;
  for (size_t size : {1u, 1000u, 3000u, 5000u, 40000u}) {
    for (int i = 0; i < 600; ++i) {
      Block block = AllocateBlock(size);
      ASSERT_EQ(block.bytes, BlockBytesFor(size));
      ASSERT_EQ(reinterpret_cast<uintptr_t>(block.data) % 16, 0u);
      std::memset(block.data, i & 0xFF, block.bytes);
      ASSERT_TRUE(starts.insert(reinterpret_cast<uintptr_t>(block.data)).second);
      blocks.push_back(block);
    }
  }
  // No block overlaps another: each still holds what was written to it.
  for (size_t n = 0; n < blocks.size(); ++n) {
    const auto* bytes = static_cast<const unsigned char*>(blocks[n].data);
    ASSERT_EQ(bytes[0], n % 600 & 0xFF);
    ASSERT_EQ(bytes[blocks[n].bytes - 1], n % 600 & 0xFF);
  }
  for (Block block : blocks) {
    FreeBlock(block);
  }
}

TEST(BlockPoolTest, BlocksFreedOnOtherThreadsAreReused) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      std::vector<Block> held;
      for (int i = 0; i < kRounds; ++i) {
        held.push_back(AllocateBlock(static_cast<size_t>(1000 * (1 + (i + t) % 5))));
        std::memset(held.back().data, t, held.back().bytes);
        if (held.size() > 16) {
          FreeBlock(held.front());
          held.erase(held.begin());
        }
      }
      for (Block block : held) {
        FreeBlock(block);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  // A block just freed is the next one its class hands out.
  Block first = AllocateBlock(2000);
  [[maybe_unused]] void* const data = first.data;
  FreeBlock(first);
  Block second = AllocateBlock(2000);
#if !defined(__SANITIZE_ADDRESS__)
  EXPECT_EQ(second.data, data);
#endif
  FreeBlock(second);
}

}  // namespace
}  // namespace dynafake::storage
