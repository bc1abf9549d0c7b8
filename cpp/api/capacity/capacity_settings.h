// Capacity settings across reopening: each table's own capacity mode and its auto scaling policies,
// kept as records in the store's system keyspace by table id, so that an engine reopened on the
// same database meters and scales its tables as before, while a table re-created under the same
// name (a new incarnation with a new id) starts with neither.
//
// What is measured is not kept: usage history, throttling state (token buckets, on-demand peaks)
// and scaling activities start afresh at each open, and so do the alarms' points, which come from
// that usage. The engine's default mode is an option of each open and is not stored either.
//
// Records (record kinds in table/keyspace.h; fixed32/fixed64 big-endian):
//   SystemKey('M') [table_id: fixed32]                                  -> mode name ("off", ...)
//   SystemKey('A') [table_id: fixed32] [index_id: fixed32] [op: u8]    -> EncodeScalingPolicy
// index_id 0 is the table; op 0 is read, 1 is write. Index ids, like table ids, are never reused,
// so an index re-created under the same name does not inherit its predecessor's policies either.
//
// The store is the engine's storage::KvStore, whose types api/ reaches through table/ (it does not
// include storage/ itself), as txn/ does for snapshots.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "api/capacity/auto_scaling.h"
#include "capacity/auto_scaling_policy.h"
#include "capacity/metering.h"
#include "capacity/throttler.h"
#include "table/catalog.h"
#include "util/result.h"

namespace dynafake::api {

// The key of the table incarnation's own capacity mode.
std::string CapacityModeKey(uint32_t table_id);

// The key of the policy on one resource's read or write capacity (index_id 0: the table).
std::string ScalingPolicyKey(uint32_t table_id, uint32_t index_id, capacity::Operation operation);

// What every ScalingPolicyKey of the table incarnation starts with.
std::string ScalingPolicyPrefix(uint32_t table_id);

// A policy as stored: the resource, the policy, and what its cooldowns need.
struct StoredScalingPolicy {
  uint32_t table_id = 0;
  uint32_t index_id = 0;  // 0: the table
  capacity::Operation operation = capacity::Operation::kRead;
  capacity::ScalingPolicy policy;
  int64_t registered_micros = 0;
  // When the policy last scaled out and in (ScalingDecision::at_micros); nullopt: not yet. The
  // cooldowns run from these, so they hold across reopening.
  std::optional<int64_t> last_scale_out_micros;
  std::optional<int64_t> last_scale_in_micros;
};

// The record's value: [format 1: u8] [min units: f64] [max units: f64] [target %: f64]
// [scale-out cooldown s: fixed64] [scale-in cooldown s: fixed64] [disable scale-in: u8 0/1]
// [registered µs: fixed64] then for the last scale-out and the last scale-in each [present: u8 0/1]
// [+ µs: fixed64 when present]. f64 is the IEEE 754 double's bits as fixed64; signed integers are
// their two's complement.
std::string EncodeScalingPolicy(const StoredScalingPolicy& stored);

// The policy stored under `key` as `value`. InternalServerError naming the record for a key or a
// value that is not a valid policy record (corrupt, or written by a later format).
Result<StoredScalingPolicy> DecodeScalingPolicy(std::string_view key, std::string_view value);

// Stores the table incarnation's own mode (nullopt: deletes the record, back to the default) and
// then sets it in `metering`. When the write fails, nothing changes and its error is returned.
Status SetTableCapacityMode(storage::KvStore& store, capacity::Metering& metering,
                            uint32_t table_id, std::optional<capacity::CapacityMode> mode);

// For an engine opening: restores the stored modes into `metering` and the stored policies into
// `auto_scaling` (which keeps its policies in `store` from then on), deletes the records of tables
// and indexes that no longer exist (a deletion the process stopped before recording), and has
// `metering` delete a table's records when it forgets the table (DeleteTable). InternalServerError
// naming the record for one that cannot be read. `store` and `auto_scaling` must outlive
// `metering`'s use.
Status LoadCapacitySettings(storage::KvStore& store, const table::Catalog& catalog,
                            capacity::Metering& metering, AutoScaling& auto_scaling,
                            int64_t now_micros);

}  // namespace dynafake::api
