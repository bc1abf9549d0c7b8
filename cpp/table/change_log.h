// ChangeLog: while point-in-time recovery is enabled on a table, every committed change of one of
// its items leaves a record of what the item was before, written in the same atomic batch as the
// change itself, so that the log and the items never disagree (not even after kill -9). The items
// as they were at time T are then the items as they are now, except that every item changed after
// T is as it was before its first change after T.
//
//   [table_id: fixed32 BE][kChangeLogId: fixed32 BE][time micros: fixed64 BE][sequence: fixed64 BE]
//     -> [item storage key: length-prefixed][the item before: encoded (model/item_codec.h);
//         absent when the item did not exist]
//
// The records sit in the table's own keyspace, so they go with the table's items when it is
// deleted; the time order of their keys is the order of the changes of each item (an item's
// changes are made under its lock, and the times of one transaction's changes are one).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "storage/kv_store.h"
#include "table/keyspace.h"

namespace dynafake::table {

// Reserved index id of a table's change log records; never an index's id.
constexpr uint32_t kChangeLogId = 0xFFFFFFFE;

std::string ChangeLogKey(uint32_t table_id, int64_t time_micros, uint64_t sequence);

// The records of changes made at or after `from_micros` and before `to_micros` (exclusive).
KeyRange ChangeLogRange(uint32_t table_id, int64_t from_micros, int64_t to_micros);

// Every record of the table's change log.
KeyRange WholeChangeLogRange(uint32_t table_id);

// `old_item`: the encoded item before the change; null when it did not exist.
std::string EncodeChangeRecord(std::string_view storage_key, const std::string* old_item);

struct ChangeRecord {
  int64_t time_micros = 0;
  uint64_t sequence = 0;
  std::string_view storage_key;
  std::optional<std::string_view> old_item;
};

// Views into `key` and `value`. InternalServerError "Corrupt change log record" on bad bytes.
Result<ChangeRecord> DecodeChangeRecord(std::string_view key, std::string_view value);

// Calls `visit` with the encoding of every item table `table_id` held at `time_micros` (the changes
// made at that microsecond included), as `snapshot` of `store` can tell: the items it holds that
// no change after that time touched, then the images before the first change after it of those
// that one did. REQUIRES: the change log was kept (point-in-time recovery enabled) from before
// `time_micros` until the snapshot.
Status VisitItemsAsOf(storage::KvStore& store, const storage::Snapshot& snapshot, uint32_t table_id,
                      int64_t time_micros,
                      const std::function<Status(std::string_view encoded_item)>& visit);

// Deletes the records of changes made before `before_micros` (all of them for INT64_MAX); returns
// how many.
Result<int64_t> TrimChangeLog(storage::KvStore& store, uint32_t table_id, int64_t before_micros);

}  // namespace dynafake::table
