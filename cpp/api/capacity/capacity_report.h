// The capacity report: what every table and global secondary index consumed on the engine clock,
// how often it was throttled, its hottest partition key values and what the same traffic and data
// would cost a month (docs: dynamodb-behaviour.md 7.4). Plain JSON data for tools and notebooks,
// not a DynamoDB operation: field names are snake_case, instants are epoch seconds (numbers), money
// is USD per month at the us-east-1 list prices (capacity/pricing.h).
//
// {
//   "generated_at": 1791505294.123,        // the engine clock when the report was made
//   "tables": [{                           // every table of every region, by region then name
//     "region", "table_name", "table_arn",
//     "table_status": "ACTIVE",            // CREATING | UPDATING | DELETING | ACTIVE
//     "billing_mode": "PAY_PER_REQUEST",   // or PROVISIONED
//     "table_class": "STANDARD",           // or STANDARD_INFREQUENT_ACCESS
//     "capacity_mode": "track",            // how requests are metered: off | track | enforce
//     "provisioned_read_capacity_units": 5,   // null when on-demand
//     "provisioned_write_capacity_units": 5,  // null when on-demand
//     "item_count", "size_bytes",          // the table's items (local index entries excluded)
//     "partition_count": 8,                // see below
//     "usage": <usage>,                    // the table with its local secondary indexes
//     "cost": <costs>,                     // the table with its local secondary indexes
//     "indexes": [{                        // its global secondary indexes, in description order
//       "index_name", "index_status", "provisioned_read_capacity_units",
//       "provisioned_write_capacity_units", "item_count", "size_bytes", "partition_count",
//       "usage", "cost"
//     }],
//     "total_cost": <costs>,               // "cost" plus every index's, field by field
//     "auto_scaling": {
//       "policies": [{"index_name",        // null: the table
//                     "operation",         // "read" | "write"
//                     "min_units", "max_units", "target_utilization", "registered_at"}],
//       "activities": [{"at", "index_name", "operation", "from_units", "to_units", "successful",
//                       "cause", "status_message"}]   // oldest first
//     }
//   }]
// }
//
// <usage>: zeros, nulls and empty lists when nothing was recorded.
// {
//   "read_units", "write_units",           // capacity units consumed since the first record
//   "read_throttled", "write_throttled",   // requests throttled
//   "peak_read_units_per_second", "peak_write_units_per_second",  // the busiest second's units
//   "first_recorded_at", "last_recorded_at",  // epoch seconds, null when nothing was recorded
//   "period_seconds",                      // what the on-demand estimate scales from:
//                                          // last - first, at least 1
//   "minutes": [{"start", "read_units", "write_units", "read_throttled", "write_throttled"}],
//                                          // minutes with a record, ascending, last 24 hours
//   "hottest_keys": [{                     // by units descending, at most 10
//     "key": {"pk": {"S": "user#1"}},      // the partition key value(s), as in a Key; null
//                                          // if unknown
//     "partition": 3,                      // capacity::PartitionOf(hash, partition_count)
//     "read_units", "write_units", "units",
//     "error_units",                       // each figure may exceed the truth by this much
//     "share"                              // units / (read_units + write_units) of the resource
//   }]
// }
//
// <costs>: {"standard": <cost>, "standard_infrequent_access": <cost>}, the same usage priced in
// each table class whatever the table's own class.
// <cost>: capacity::MonthlyCost's figures:
// {
//   "on_demand",                           // the observed units scaled to a month
//   "provisioned",                         // capacity sized for the busiest second at 70 %
//   "provisioned_reserved_1y",             // the same with 1-year reserved blocks (Standard only)
//   "storage",                             // items + 100 bytes each, beyond the free tier
//   "on_demand_total", "provisioned_total", "reserved_total",  // each plus storage
//   "configured_provisioned",              // the capacity the table is provisioned with now, for
//                                          // a month; null when on-demand
//   "provisioned_read_capacity_units", "provisioned_write_capacity_units",  // what
//                                          // "provisioned" pays for
//   "reserved_read_blocks", "reserved_write_blocks", "reserved_available"
// }
//
// partition_count: capacity::ProvisionedPartitionCount of the provisioned units, or for on-demand
// capacity::OnDemandPartitionCount of what the resource can serve at once: the larger of a new
// table's 12,000 / 4,000 units, the WarmThroughput asked for, and twice the busiest second
// recorded. The size counts local secondary index entries with the table's items, since they live
// in the table's partitions.
#pragma once

#include <cstdint>

#include "api/capacity/auto_scaling.h"
#include "capacity/metering.h"
#include "table/catalog.h"
#include "wire/json.h"

namespace dynafake::api {

// `auto_scaling` null: no policies and no activities.
wire::Json CapacityReport(const table::Catalog& catalog, const capacity::Metering& metering,
                          const AutoScaling* auto_scaling, int64_t now_micros);

}  // namespace dynafake::api
