// StreamStore: every DynamoDB stream of one engine. As a table::ChangeSink it turns each committed
// change of a table with an enabled stream into a StreamRecord in that stream's open shard; the
// DynamoDB Streams operations read it back. Everything time-driven follows the engine clock:
//
// - A stream is ENABLED from Enable until Disable (or DeleteTable), then DISABLED and still
//   readable for 24 hours, after which it is forgotten. (With transition_seconds > 0 it is
//   ENABLING / DISABLING for that long first.)
// - Records older than 24 hours are trimmed; a shard whose records are all trimmed and that
//   closed more than 24 hours ago is forgotten.
// - The open shard closes every 4 hours (with or without records) and a child shard, whose
//   ParentShardId is the closed one, takes the new records.
// - Iterators expire 15 minutes after they were issued.
//
// With a KvStore (a persistent engine) every change is also stored (stream_codec.h has the layout):
// a stream record before OnCommit returns, under the store's durability policy, so an acknowledged
// write's record survives what the write survives; each stream's and shard's state as it changes.
// Load rebuilds all of it when the engine reopens. Without one (an in-memory engine) nothing is
// stored and nothing is spent on storing.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/clock.h"

#include "model/key.h"
#include "streams/stream_record.h"
#include "table/change_event.h"
#include "table/schema.h"
#include "util/result.h"

namespace dynafake::storage {
class KvStore;
}  // namespace dynafake::storage

namespace dynafake::streams {

// DynamoDB: stream records are kept 24 hours.
inline constexpr int64_t kRetentionMicros = kMicrosPerDay;
// DynamoDB: a shard iterator expires 15 minutes after GetShardIterator or GetRecords issued it.
inline constexpr int64_t kIteratorLifetimeMicros = 15 * kMicrosPerMinute;
// ⚠ The service rolls shards over "roughly every four hours"; dynafake does so exactly.
inline constexpr int64_t kShardLifetimeMicros = 4 * kMicrosPerHour;
// DynamoDB: GetRecords returns at most 1000 records and at most 1 MB.
inline constexpr int kMaxRecordsPerRead = 1000;
inline constexpr int64_t kMaxBytesPerRead = int64_t{1} << 20;

// ResourceNotFoundException "Requested resource not found: Stream: <arn> not found".
Status StreamNotFound(std::string_view stream_arn);

// One entry of ListStreams.
struct StreamSummary {
  std::string stream_arn;
  std::string table_name;
  std::string stream_label;
};

struct ShardDescription {
  std::string shard_id;
  std::string parent_shard_id;  // empty: none
  std::string starting_sequence_number;
  std::string ending_sequence_number;  // empty: the shard is open
};

// DescribeStream's StreamDescription (without paging: the caller pages `shards`).
struct StreamDescription {
  std::string stream_arn;
  std::string stream_label;
  StreamStatus stream_status = StreamStatus::kEnabled;
  StreamViewType stream_view_type = StreamViewType::kKeysOnly;
  int64_t creation_request_micros = 0;
  std::string table_name;
  model::KeySchema key_schema;
  // Oldest first, so a parent always precedes its children; forgotten shards are gone.
  std::vector<ShardDescription> shards;
};

enum class ShardIteratorType : uint8_t {
  kTrimHorizon,
  kLatest,
  kAtSequenceNumber,
  kAfterSequenceNumber,
  kAtTimestamp,
};

// One GetRecords answer.
struct RecordsPage {
  std::vector<std::shared_ptr<const StreamRecord>> records;
  // Absent once a closed shard has been read to its end.
  std::optional<std::string> next_shard_iterator;
};

class StreamStore final : public table::ChangeSink {
 public:
  // `transition_micros`: how long a stream is ENABLING / DISABLING (the engine's table transition
  // time; 0 settles at once). `store`: where streams are kept across reopening (null: in memory
  // only); it must outlive the StreamStore.
  StreamStore(const Clock* clock, int64_t transition_micros, storage::KvStore* store = nullptr);
  ~StreamStore() override;

  // Starts a new stream of `table` (a new ARN and label even when the table had one before) with
  // its first shard open. The label is the clock's time as "YYYY-MM-DDTHH:MM:SS.mmm" (UTC), moved
  // on by a millisecond when the table already has a stream with that label. Returns the new
  // stream's summary; a previous stream of the table must have been disabled.
  StreamSummary Enable(const table::TableDescription& table, StreamViewType view_type);

  // For a persistent engine that reopens: every stream the store holds, with its shards and
  // records, as they were; the sequence continues past every stored one. `tables` are the
  // engine's tables: each whose description names an enabled stream (and that is not being
  // deleted) records into it. A table whose stream the store does not hold (stored before streams
  // were) gets that stream back (stream_specification.latest_stream_arn / latest_stream_label)
  // with a new, empty shard. A stored stream no table names as enabled (the engine stopped
  // between storing it and storing the table's description) is disabled. Time-driven work is
  // done by the next RunDue.
  // REQUIRES: called once, before any other call. Fails (InternalServerError) on stored streams
  // it cannot read, or when the store does.
  Status Load(const std::vector<table::TableDescription>& tables);

  // Stops recording the table's changes: its stream (if any) turns DISABLED, its open shard
  // closes, and it stays readable for 24 hours. `table_id` is the incarnation's id.
  void Disable(uint32_t table_id);

  // The streams of `region` (of `table_name` only, when given), enabled or disabled, ordered by
  // ARN (so by table, then by creation).
  std::vector<StreamSummary> List(std::string_view region,
                                  std::optional<std::string_view> table_name) const;

  // ResourceNotFoundException when no stream has this ARN.
  Result<StreamDescription> Describe(std::string_view stream_arn) const;

  // A new iterator into one shard of a stream. Errors: ResourceNotFoundException (no such stream
  // or shard), TrimmedDataAccessException (a sequence number older than the trim horizon),
  // ValidationException (a sequence number outside the shard, a timestamp in the future).
  // `sequence_number` is given for the AT/AFTER_SEQUENCE_NUMBER types only, `timestamp_micros`
  // for AT_TIMESTAMP only (the handler checks that).
  Result<std::string> GetShardIterator(std::string_view stream_arn, std::string_view shard_id,
                                       ShardIteratorType type,
                                       std::optional<std::string_view> sequence_number,
                                       std::optional<int64_t> timestamp_micros);

  // Up to `limit` records (and at most kMaxBytesPerRead bytes of them) from the iterator's
  // position. Errors: ValidationException for a token that is not an iterator,
  // ExpiredIteratorException, TrimmedDataAccessException (records the iterator would read were
  // trimmed), ResourceNotFoundException (its stream or shard was forgotten, or the stream is not
  // of `region`: each region is its own endpoint).
  Result<RecordsPage> GetRecords(std::string_view region, std::string_view shard_iterator,
                                 int limit);

  // Rolls shards over, trims records, forgets old shards and streams, as the clock says is due.
  void RunDue();

  // The sequence the next record will take: a test or a subscriber that saw this value before
  // knows nothing was recorded since.
  uint64_t NextSequence() const;

  void OnCommit(const table::ChangeEvent& event) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dynafake::streams
