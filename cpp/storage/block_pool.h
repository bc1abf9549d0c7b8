// Memory for the in-memory store's tree nodes, kept apart from the general heap.
//
// A store under writes frees and reallocates its nodes all the time. From the general heap that
// churn leaves hundreds of thousands of scattered free chunks behind, and every later allocation of
// the process (a request's items, its response) pays to search them: measured on a
// 1,000,000-item table, malloc alone took a sixth of a Query page's time. Here nodes come in a few
// size classes from chunks of their own, so a freed node's block is simply the next one handed out
// in its class, and the general heap stays as small as the requests in flight.
//
// Blocks are carved from 2 MB chunks advised for transparent huge pages, which also spares a
// range read most of its TLB misses. Chunks are kept for reuse, never returned to the system: the
// process's peak of tree nodes stays reserved.
//
// Thread safety: all functions are safe to call from any thread. A block may be freed by another
// thread than the one that allocated it.
#pragma once

#include <cstddef>

namespace dynafake::storage {

struct Block {
  void* data = nullptr;
  size_t bytes = 0;  // what the block holds: at least what was asked for
};

// A block of at least `min_bytes` (aligned to 16 bytes). Sizes over the largest class come from the
// general heap.
Block AllocateBlock(size_t min_bytes);

// Returns a block from AllocateBlock, with the size it reported.
void FreeBlock(Block block);

// The size of the block AllocateBlock(min_bytes) returns, for tests.
size_t BlockBytesFor(size_t min_bytes);

}  // namespace dynafake::storage
