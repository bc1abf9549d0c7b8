// How many internal partitions a table (or global secondary index) has, and which one a partition
// key falls in, with the service's throughput ceilings per partition and per table (docs:
// dynamodb-behaviour.md 7.2, 7.3). The count matters because each partition
// has its own per-second ceiling, so a hot key throttles long before the table's capacity is used.
#pragma once

#include <cstdint>

namespace dynafake::capacity {

// DynamoDB: one partition serves at most 3,000 read units and 1,000 write units per second, in
// both capacity modes [DG:bp-partition-key-design]. Pinned by ProvisionedPartitionCount.*.
inline constexpr double kPartitionReadUnits = 3000;
inline constexpr double kPartitionWriteUnits = 1000;

// DynamoDB: one partition holds about 10 GB [DG: former "Partitions and data distribution"].
// ⚠ Whether GB means 10^9 or 2^30 bytes is not documented; 2^30 matches the service's KB = 1024.
inline constexpr int64_t kPartitionBytes = int64_t{10} * 1024 * 1024 * 1024;

// DynamoDB: the default per-table quota: 40,000 read and 40,000 write units per second, for
// provisioned capacity and on-demand throughput alike [DG:ServiceQuotas "Throughput default
// quotas"]; DescribeLimits reports it as TableMaxRead/WriteCapacityUnits (and 80,000 per account).
inline constexpr int64_t kTableMaxCapacityUnits = 40000;
inline constexpr int64_t kAccountMaxCapacityUnits = 80000;

// DynamoDB: a new on-demand table can serve 12,000 read and 4,000 write request units per second at
// once: its capacity (and its default WarmThroughput), twice the previous peak of 6,000 / 2,000 it
// starts with [DG:pre-warming-on-demand-capacity-mode, HowItWorks.ReadWriteCapacityMode,
// warm-throughput-scenarios]. Pinned by OnDemandPartitionCount.NewTableStartsWithEight and
// Throttler.NewOnDemandTableServesTwiceItsPreviousPeak.
inline constexpr double kNewOnDemandTablePeakReadUnits = 12000;
inline constexpr double kNewOnDemandTablePeakWriteUnits = 4000;

// Partitions of a provisioned table:
//   max(1, ceil(RCU / 3000 + WCU / 1000), ceil(size / 10 GB)).
// DynamoDB: ⚠ AWS no longer documents this derivation (the developer guide's old "Partitions and
// data distribution" section carried it, and AWS talks presented it in 2016); it is the widely
// cited formula. Also widely reported but not modelled here: the service never merges partitions,
// so a table keeps the count of its highest provisioning or size; the caller may keep the maximum
// it has seen. Pinned by ProvisionedPartitionCount.*. Negative or NaN inputs count as zero.
int ProvisionedPartitionCount(double read_units, double write_units, int64_t size_bytes);

// Partitions of an on-demand table: the same formula applied to the throughput the table can
// serve at once (twice its previous peak). A new table (12,000 RRU, 4,000 WRU) gets
// ceil(4 + 4) = 8 partitions.
// DynamoDB: ⚠ the service does not document how many partitions an on-demand table has; the
// observed 4 RCU for a Scan of a new one-item on-demand table (dynamodb-behaviour.md 7.1), if it is
// one unit per partition, suggests 4, not 8. Pinned by
// OnDemandPartitionCount.NewTableStartsWithEight.
int OnDemandPartitionCount(double peak_read_units, double peak_write_units, int64_t size_bytes);

// The partition in [0, partition_count) that a partition key's 64-bit hash falls in: the hash
// space is split into `partition_count` equal contiguous ranges, by the high bits
// ((hash * count) >> 64), so the mapping is monotonic in the hash and doubling the count splits
// each range in two (partition p becomes 2p and 2p + 1). Returns 0 when `partition_count` < 1.
int PartitionOf(uint64_t partition_key_hash, int partition_count);

}  // namespace dynafake::capacity
