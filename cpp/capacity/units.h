// Capacity unit arithmetic (docs: dynamodb-behaviour.md 7.1). Pure functions of item sizes.
#pragma once

#include <cstdint>

namespace dynafake::capacity {

constexpr int64_t kReadUnitBytes = 4096;
constexpr int64_t kWriteUnitBytes = 1024;

// Read units for `bytes` read at once (one item, or one Query/Scan page): ceil(bytes / 4 KB), at
// least 1 (a missing item still costs a read); halved for eventually consistent reads.
double ReadUnits(int64_t bytes, bool consistent_read);

// Write units: ceil(bytes / 1 KB), at least 1 (a write or delete of a missing item still costs 1).
double WriteUnits(int64_t bytes);

}  // namespace dynafake::capacity
