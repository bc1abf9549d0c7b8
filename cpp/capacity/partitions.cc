#include "capacity/partitions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dynafake::capacity {
namespace {

// ISO C++ has no 128-bit integer; GCC and Clang do (__extension__ keeps -Wpedantic quiet).
__extension__ typedef unsigned __int128 Uint128;

// Negative and NaN count as zero (std::max keeps its first argument when the comparison is false).
double NonNegative(double units) {
  return std::max(0.0, units);
}

int FormulaCount(double read_units, double write_units, int64_t size_bytes) {
  // r / 3000 + w / 1000 as one division, (r * 1000 + w * 3000) / 3,000,000: for whole units the
  // numerator is exact and only the quotient is rounded, so a table exactly on a threshold stays
  // on it.
  const double numerator = NonNegative(read_units) * kPartitionWriteUnits +
                           NonNegative(write_units) * kPartitionReadUnits;
  const double by_throughput = std::ceil(numerator / (kPartitionReadUnits * kPartitionWriteUnits));
  const int64_t bytes = std::max<int64_t>(0, size_bytes);
  const int64_t by_size = bytes / kPartitionBytes + (bytes % kPartitionBytes != 0 ? 1 : 0);
  const double count = std::max({1.0, by_throughput, static_cast<double>(by_size)});
  constexpr double kMaxCount = std::numeric_limits<int>::max();
  return static_cast<int>(std::min(count, kMaxCount));
}

}  // namespace

int ProvisionedPartitionCount(double read_units, double write_units, int64_t size_bytes) {
  return FormulaCount(read_units, write_units, size_bytes);
}

int OnDemandPartitionCount(double peak_read_units, double peak_write_units, int64_t size_bytes) {
  return FormulaCount(peak_read_units, peak_write_units, size_bytes);
}

int PartitionOf(uint64_t partition_key_hash, int partition_count) {
  if (partition_count < 1) {
    return 0;
  }
  const Uint128 product =
      static_cast<Uint128>(partition_key_hash) * static_cast<Uint128>(partition_count);
  return static_cast<int>(product >> 64);
}

}  // namespace dynafake::capacity
