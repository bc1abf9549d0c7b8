#include "streams/stream_store.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "storage/kv_store.h"
#include "streams/sequence_number.h"
#include "streams/shard_iterator.h"
#include "streams/stream_codec.h"
#include "util/coding.h"
#include "util/hash.h"
#include "util/result.h"
#include "util/strings.h"

namespace dynafake::streams {
namespace {

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
// A clock moved far ahead would otherwise open one shard per elapsed period: only the shards a
// reader could still see (those closing within the retention period) are materialized.
constexpr int64_t kMaxPeriodsMaterialized = kRetentionMicros / kShardLifetimeMicros + 2;

struct Shard : ShardMetadata {
  // The shard's last record ever, trimmed or not; 0: none yet.
  uint64_t last_sequence = 0;
  std::deque<std::shared_ptr<const StreamRecord>> records;

  bool open() const { return !ending_sequence.has_value(); }

  // The first position after everything the shard holds or will hold until now.
  uint64_t EndPosition() const { return std::max(starting_sequence, last_sequence + 1); }
};

struct Stream : StreamMetadata {
  // The sequence its first shard reserved: names its records in the store (stream_codec.h).
  uint64_t stream_id = 0;
  mutable std::mutex mutex;
  std::deque<Shard> shards;  // oldest first; the open one (if any) last

  Shard* FindShard(std::string_view shard_id) {
    for (Shard& shard : shards) {
      if (shard.shard_id == shard_id) {
        return &shard;
      }
    }
    return nullptr;
  }

  // The shard a record of `sequence` belongs to: the last one opened before it; null if none.
  Shard* ShardOf(uint64_t sequence) {
    for (auto it = shards.rbegin(); it != shards.rend(); ++it) {
      if (it->starting_sequence < sequence) {
        return &*it;
      }
    }
    return nullptr;
  }
};

// "Thu Jul 02 12:57:57 UTC 2015", the form the service's iterator-expiry message uses.
std::string FormatJavaDate(int64_t micros) {
  using namespace std::chrono;
  const sys_time<seconds> time = floor<seconds>(sys_time<microseconds>(microseconds(micros)));
  const auto day = floor<days>(time);
  const year_month_day date{day};
  const hh_mm_ss clock{time - day};
  static constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  const int length = std::snprintf(
      buffer, sizeof(buffer), "%s %s %02u %02d:%02d:%02d UTC %d",
      kWeekdays[weekday{day}.c_encoding()], kMonths[static_cast<unsigned>(date.month()) - 1],
      static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
      static_cast<int>(clock.minutes().count()), static_cast<int>(clock.seconds().count()),
      static_cast<int>(date.year()));
  return std::string(buffer, static_cast<size_t>(length));
}

// ⚠ The service's text for a shard that does not exist (or no longer does) is unconfirmed.
Status ShardNotFound(std::string_view shard_id, std::string_view stream_arn) {
  return ResourceNotFound("Requested resource not found: Shard: " + std::string(shard_id) +
                          " in Stream: " + std::string(stream_arn) + " not found");
}

// ⚠ Unconfirmed text.
Status Trimmed() {
  return Status(ErrorCode::kTrimmedDataAccess,
                "The operation attempted to read past the oldest stream record in a shard.");
}

}  // namespace

Status StreamNotFound(std::string_view stream_arn) {
  return ResourceNotFound("Requested resource not found: Stream: " + std::string(stream_arn) +
                          " not found");
}

struct StreamStore::Impl {
  Impl(const Clock* clock, int64_t transition_micros, storage::KvStore* store)
      : clock(clock), transition_micros(transition_micros), store(store) {}

  std::shared_ptr<Stream> FindByArn(std::string_view stream_arn) const {
    std::shared_lock lock(mutex);
    auto it = by_arn.find(stream_arn);
    return it == by_arn.end() ? nullptr : it->second;
  }

  StreamStatus StatusOf(const Stream& stream, int64_t now) const {
    if (stream.disabled_micros != 0) {
      return now < stream.disabled_micros + transition_micros ? StreamStatus::kDisabling
                                                              : StreamStatus::kDisabled;
    }
    return now < stream.creation_micros + transition_micros ? StreamStatus::kEnabling
                                                            : StreamStatus::kEnabled;
  }

  // REQUIRES: stream.mutex held.
  void OpenShard(Stream& stream, int64_t at_micros, std::string parent_shard_id) {
    Shard& shard = stream.shards.emplace_back();
    const uint64_t ordinal = stream.shards_opened++;
    char suffix[16];
    std::snprintf(
        suffix, sizeof(suffix), "%08x",
        static_cast<unsigned>(util::Hash64(stream.stream_arn + "#" + std::to_string(ordinal)) &
                              0xFFFFFFFF));
    char id[64];
    std::snprintf(id, sizeof(id), "shardId-%020lld-%s", static_cast<long long>(at_micros / 1000),
                  suffix);
    shard.shard_id = id;
    shard.parent_shard_id = std::move(parent_shard_id);
    shard.starting_sequence = next_sequence.fetch_add(1, std::memory_order_relaxed);
    shard.opened_micros = at_micros;
    LowerNextDue(at_micros + kShardLifetimeMicros);
  }

  // REQUIRES: stream.mutex held.
  static void CloseShard(Shard& shard, int64_t at_micros) {
    shard.ending_sequence = std::max(shard.starting_sequence, shard.last_sequence);
    shard.closed_micros = at_micros;
  }

  // Closes the open shard at each 4-hour boundary up to `now`, each time opening its child.
  // REQUIRES: stream.mutex held; the stream is enabled.
  void RollOver(Stream& stream, int64_t now) {
    if (stream.shards.empty() || !stream.shards.back().open()) {
      return;
    }
    int64_t opened = stream.shards.back().opened_micros;
    if (now < opened + kShardLifetimeMicros) {
      return;
    }
    const int64_t periods = (now - opened) / kShardLifetimeMicros;
    CloseShard(stream.shards.back(), opened + kShardLifetimeMicros);
    // Whole periods beyond what a reader could still see leave no shard behind.
    if (periods > kMaxPeriodsMaterialized) {
      opened += (periods - kMaxPeriodsMaterialized) * kShardLifetimeMicros;
    }
    for (opened += kShardLifetimeMicros; now >= opened + kShardLifetimeMicros;
         opened += kShardLifetimeMicros) {
      OpenShard(stream, opened, stream.shards.back().shard_id);
      CloseShard(stream.shards.back(), opened + kShardLifetimeMicros);
    }
    OpenShard(stream, opened, stream.shards.back().shard_id);
  }

  // Trims records past retention and forgets shards closed longer ago, adding the deletes of what
  // it drops to `batch` (null: nothing stored); returns when the stream next needs this.
  // REQUIRES: stream.mutex held.
  int64_t Trim(Stream& stream, int64_t now, storage::WriteBatch* batch) {
    const int64_t horizon = now - kRetentionMicros;
    int64_t next_due = kNever;
    for (Shard& shard : stream.shards) {
      while (!shard.records.empty() && shard.records.front()->creation_micros <= horizon) {
        shard.trimmed_through = shard.records.front()->sequence;
        if (batch != nullptr) {
          batch->Delete(RecordKey(stream.stream_id, shard.trimmed_through));
        }
        shard.records.pop_front();
      }
      if (!shard.records.empty()) {
        next_due = std::min(next_due, shard.records.front()->creation_micros + kRetentionMicros);
      }
    }
    while (!stream.shards.empty() && !stream.shards.front().open() &&
           stream.shards.front().closed_micros <= horizon) {
      if (batch != nullptr) {
        DeleteShard(stream, stream.shards.front(), batch);
      }
      stream.shards.pop_front();
    }
    for (const Shard& shard : stream.shards) {
      if (shard.open()) {
        next_due = std::min(next_due, shard.opened_micros + kShardLifetimeMicros);
      } else {
        next_due = std::min(next_due, shard.closed_micros + kRetentionMicros);
      }
    }
    return next_due;
  }

  void LowerNextDue(int64_t due) {
    int64_t current = next_due_micros.load(std::memory_order_relaxed);
    while (due < current &&
           !next_due_micros.compare_exchange_weak(current, due, std::memory_order_relaxed)) {
    }
  }

  std::shared_ptr<Stream> NewStream(const table::TableDescription& table, StreamViewType view_type,
                                    std::string stream_arn, std::string stream_label, int64_t now) {
    auto stream = std::make_shared<Stream>();
    stream->table_id = table.table_id;
    stream->stream_arn = std::move(stream_arn);
    stream->stream_label = std::move(stream_label);
    stream->region = table.region;
    stream->table_name = table.table_name;
    stream->key_schema = table.key_schema;
    stream->view_type = view_type;
    stream->creation_micros = now;
    std::lock_guard stream_lock(stream->mutex);
    OpenShard(*stream, now, "");
    stream->stream_id = stream->shards.front().starting_sequence;
    if (store != nullptr) {
      storage::WriteBatch batch;
      AddStream(*stream, &batch);
      Write(batch);
    }
    return stream;
  }

  // Stops recording into the stream: its open shard closes at `now`.
  // REQUIRES: stream.mutex held; the stream is enabled.
  void DisableLocked(Stream& stream, int64_t now) {
    RollOver(stream, now);
    stream.disabled_micros = now;
    if (!stream.shards.empty() && stream.shards.back().open()) {
      CloseShard(stream.shards.back(), now);
    }
    LowerNextDue(now + kRetentionMicros);
    if (store != nullptr) {
      storage::WriteBatch batch;
      AddStream(stream, &batch);
      Write(batch);
    }
  }

  // Puts the stream's record and each of its shards' (all of them: they are few).
  // REQUIRES: stream.mutex held.
  static void AddStream(const Stream& stream, storage::WriteBatch* batch) {
    batch->Put(StreamKey(stream.stream_id), EncodeStreamMetadata(stream));
    for (const Shard& shard : stream.shards) {
      batch->Put(ShardKey(stream.stream_id, shard.starting_sequence), EncodeShardMetadata(shard));
    }
  }

  // Deletes a shard's record and its records that are still stored.
  static void DeleteShard(const Stream& stream, const Shard& shard, storage::WriteBatch* batch) {
    for (const auto& record : shard.records) {
      batch->Delete(RecordKey(stream.stream_id, record->sequence));
    }
    batch->Delete(ShardKey(stream.stream_id, shard.starting_sequence));
  }

  // Puts the sequence counter, so that the sequence continues past `next_sequence` after a reopen
  // even when no stored stream holds a sequence that high any more (deletes may have taken the
  // highest). Added to every batch that deletes.
  void AddSequenceCounter(storage::WriteBatch* batch) const {
    batch->Put(SequenceCounterKey(),
               EncodeSequenceCounter(next_sequence.load(std::memory_order_acquire)));
  }

  // The change is already made in memory (and the write that caused it, if any, is committed), so
  // a failed store write is not the caller's error: what it would have stored is lost when the
  // engine reopens, as an in-memory engine loses everything.
  void Write(const storage::WriteBatch& batch) const {
    if (store != nullptr) {
      (void)store->Write(storage::WriteOptions{}, batch);
    }
  }

  // Reads every stored stream, its shards and records into `by_id`, and raises *next_sequence past
  // every stored sequence. Stored records no shard holds (see OnCommit) are deleted.
  Status ReadStored(std::map<uint64_t, std::shared_ptr<Stream>>* by_id, uint64_t* next_sequence);

  // REQUIRES: mutex held exclusively.
  void Register(uint32_t table_id, std::shared_ptr<Stream> stream) {
    by_arn[stream->stream_arn] = stream;
    if (enabled_by_table.insert_or_assign(table_id, std::move(stream)).second) {
      enabled_count.fetch_add(1, std::memory_order_release);
    }
  }

  const Clock* const clock;
  const int64_t transition_micros;
  storage::KvStore* const store;  // null: nothing is stored
  mutable std::shared_mutex mutex;
  std::map<std::string, std::shared_ptr<Stream>, std::less<>> by_arn;
  std::unordered_map<uint32_t, std::shared_ptr<Stream>> enabled_by_table;
  // Lets a write to a table without a stream skip the lookup when no table has one.
  std::atomic<int> enabled_count{0};
  // Sequence 0 is never used, so 0 can mean "none" in a shard.
  std::atomic<uint64_t> next_sequence{1};
  std::atomic<int64_t> next_due_micros{kNever};
  std::mutex run_due_mutex;
};

Status StreamStore::Impl::ReadStored(std::map<uint64_t, std::shared_ptr<Stream>>* by_id,
                                     uint64_t* next_sequence) {
  const auto raise = [next_sequence](uint64_t used) {
    *next_sequence = std::max(*next_sequence, used + 1);
  };
  std::unique_ptr<storage::Iterator> it = store->NewIterator(storage::ReadOptions{});
  // The counter, then each stream followed by its shards (stream_codec.h).
  const std::string metadata_prefix = StreamMetadataPrefix();
  Stream* stream = nullptr;
  storage::WriteBatch orphans;
  for (it->Seek(metadata_prefix); it->Valid() && it->key().starts_with(metadata_prefix);
       it->Next()) {
    std::string_view key = it->key().substr(metadata_prefix.size());
    uint64_t stream_id = 0;
    uint64_t starting_sequence = 0;
    if (key.empty()) {
      DF_ASSIGN_OR_RETURN(const uint64_t counter, DecodeSequenceCounter(it->value()));
      *next_sequence = std::max(*next_sequence, counter);
    } else if (key.size() == 8 && util::GetFixed64BigEndian(&key, &stream_id)) {
      DF_ASSIGN_OR_RETURN(StreamMetadata metadata, DecodeStreamMetadata(it->value()));
      auto loaded = std::make_shared<Stream>();
      static_cast<StreamMetadata&>(*loaded) = std::move(metadata);
      loaded->stream_id = stream_id;
      stream = loaded.get();
      (*by_id)[stream_id] = std::move(loaded);
      raise(stream_id);
    } else if (key.size() == 16 && util::GetFixed64BigEndian(&key, &stream_id) &&
               util::GetFixed64BigEndian(&key, &starting_sequence)) {
      if (stream == nullptr || stream->stream_id != stream_id) {
        orphans.Delete(it->key());
        continue;
      }
      DF_ASSIGN_OR_RETURN(ShardMetadata metadata,
                          DecodeShardMetadata(it->value(), starting_sequence));
      Shard& shard = stream->shards.emplace_back();
      static_cast<ShardMetadata&>(shard) = std::move(metadata);
      // Until a record of the shard says otherwise: its records go oldest first.
      shard.last_sequence = shard.trimmed_through;
      raise(std::max(
          {shard.starting_sequence, shard.ending_sequence.value_or(0), shard.trimmed_through}));
    } else {
      return InternalError("Corrupt stream storage record: a key of " +
                           std::to_string(it->key().size()) + " bytes");
    }
  }
  DF_RETURN_IF_ERROR(it->status());

  const std::string record_prefix = StreamRecordPrefix();
  stream = nullptr;
  for (it->Seek(record_prefix); it->Valid() && it->key().starts_with(record_prefix); it->Next()) {
    std::string_view key = it->key().substr(record_prefix.size());
    uint64_t stream_id = 0;
    uint64_t sequence = 0;
    if (key.size() != 16 || !util::GetFixed64BigEndian(&key, &stream_id) ||
        !util::GetFixed64BigEndian(&key, &sequence)) {
      return InternalError("Corrupt stream storage record: a record key of " +
                           std::to_string(it->key().size()) + " bytes");
    }
    if (stream == nullptr || stream->stream_id != stream_id) {
      auto found = by_id->find(stream_id);
      stream = found == by_id->end() ? nullptr : found->second.get();
    }
    Shard* shard = stream == nullptr ? nullptr : stream->ShardOf(sequence);
    // A record stored after its trim or its stream's end (OnCommit stores outside the stream's
    // lock) is not part of the stream.
    if (shard == nullptr || sequence <= shard->trimmed_through ||
        sequence > shard->ending_sequence.value_or(std::numeric_limits<uint64_t>::max())) {
      orphans.Delete(it->key());
      continue;
    }
    DF_ASSIGN_OR_RETURN(StreamRecord record,
                        DecodeStreamRecord(it->value(), sequence, stream->view_type));
    shard->records.push_back(std::make_shared<const StreamRecord>(std::move(record)));
    shard->last_sequence = sequence;
    raise(sequence);
  }
  DF_RETURN_IF_ERROR(it->status());
  if (!orphans.empty()) {
    DF_RETURN_IF_ERROR(store->Write(storage::WriteOptions{}, orphans));
  }
  return Status::Ok();
}

StreamStore::StreamStore(const Clock* clock, int64_t transition_micros, storage::KvStore* store)
    : impl_(std::make_unique<Impl>(clock, transition_micros, store)) {}

StreamStore::~StreamStore() = default;

StreamSummary StreamStore::Enable(const table::TableDescription& table, StreamViewType view_type) {
  const int64_t now = impl_->clock->NowMicros();
  std::unique_lock lock(impl_->mutex);
  int64_t label_micros = now;
  std::string label = util::FormatIso8601Millis(label_micros);
  std::string arn = table.table_arn + "/stream/" + label;
  // DynamoDB: each enable makes a new stream, so a label already taken (a frozen clock) moves on.
  while (impl_->by_arn.contains(arn)) {
    label_micros += 1000;
    label = util::FormatIso8601Millis(label_micros);
    arn = table.table_arn + "/stream/" + label;
  }
  impl_->Register(table.table_id, impl_->NewStream(table, view_type, arn, label, now));
  return {std::move(arn), table.table_name, std::move(label)};
}

Status StreamStore::Load(const std::vector<table::TableDescription>& tables) {
  const int64_t now = impl_->clock->NowMicros();
  std::unique_lock lock(impl_->mutex);
  std::map<uint64_t, std::shared_ptr<Stream>> by_id;
  uint64_t next_sequence = impl_->next_sequence.load(std::memory_order_relaxed);
  if (impl_->store != nullptr) {
    DF_RETURN_IF_ERROR(impl_->ReadStored(&by_id, &next_sequence));
  }
  impl_->next_sequence.store(next_sequence, std::memory_order_release);
  for (const auto& [stream_id, stream] : by_id) {
    impl_->by_arn[stream->stream_arn] = stream;
  }
  for (const table::TableDescription& table : tables) {
    const table::StreamSpecification& spec = table.stream_specification;
    const std::optional<StreamViewType> view_type = ParseStreamViewType(spec.stream_view_type);
    // A table being deleted keeps its description's stream specification, but DeleteTable has
    // disabled the stream.
    if (!spec.stream_enabled || !view_type || spec.latest_stream_arn.empty() ||
        table.table_status == table::TableStatus::kDeleting) {
      continue;
    }
    auto found = impl_->by_arn.find(spec.latest_stream_arn);
    if (found == impl_->by_arn.end()) {
      // Stored before streams were: the stream comes back empty.
      impl_->Register(table.table_id, impl_->NewStream(table, *view_type, spec.latest_stream_arn,
                                                       spec.latest_stream_label, now));
      continue;
    }
    std::shared_ptr<Stream> stream = found->second;
    std::lock_guard stream_lock(stream->mutex);
    if (stream->disabled_micros != 0 || stream->table_id != table.table_id) {
      if (stream->disabled_micros != 0) {
        // The engine stopped after disabling the stream and before storing the table description
        // that says so: the disable never completed, so the stream records again, in a new shard.
        stream->disabled_micros = 0;
        impl_->OpenShard(*stream, now,
                         stream->shards.empty() ? "" : stream->shards.back().shard_id);
      }
      stream->table_id = table.table_id;
      storage::WriteBatch batch;
      Impl::AddStream(*stream, &batch);
      impl_->Write(batch);
    }
    impl_->Register(table.table_id, stream);
  }
  for (const auto& [stream_id, stream] : by_id) {
    std::lock_guard stream_lock(stream->mutex);
    const auto enabled = impl_->enabled_by_table.find(stream->table_id);
    if (stream->disabled_micros == 0 &&
        (enabled == impl_->enabled_by_table.end() || enabled->second != stream)) {
      impl_->DisableLocked(*stream, now);
    }
  }
  // The first RunDue looks at every stream: shards may be due to roll over, records to be trimmed.
  impl_->next_due_micros.store(std::numeric_limits<int64_t>::min(), std::memory_order_relaxed);
  return Status::Ok();
}

void StreamStore::Disable(uint32_t table_id) {
  const int64_t now = impl_->clock->NowMicros();
  std::shared_ptr<Stream> stream;
  {
    std::unique_lock lock(impl_->mutex);
    auto it = impl_->enabled_by_table.find(table_id);
    if (it == impl_->enabled_by_table.end()) {
      return;
    }
    stream = std::move(it->second);
    impl_->enabled_by_table.erase(it);
    impl_->enabled_count.fetch_sub(1, std::memory_order_release);
  }
  std::lock_guard stream_lock(stream->mutex);
  impl_->DisableLocked(*stream, now);
}

std::vector<StreamSummary> StreamStore::List(std::string_view region,
                                             std::optional<std::string_view> table_name) const {
  std::vector<StreamSummary> out;
  std::shared_lock lock(impl_->mutex);
  for (const auto& [arn, stream] : impl_->by_arn) {
    if (stream->region == region && (!table_name || stream->table_name == *table_name)) {
      out.push_back({stream->stream_arn, stream->table_name, stream->stream_label});
    }
  }
  return out;
}

Result<StreamDescription> StreamStore::Describe(std::string_view stream_arn) const {
  std::shared_ptr<Stream> stream = impl_->FindByArn(stream_arn);
  if (stream == nullptr) {
    return StreamNotFound(stream_arn);
  }
  const int64_t now = impl_->clock->NowMicros();
  std::lock_guard stream_lock(stream->mutex);
  StreamDescription out;
  out.stream_arn = stream->stream_arn;
  out.stream_label = stream->stream_label;
  out.stream_status = impl_->StatusOf(*stream, now);
  out.stream_view_type = stream->view_type;
  out.creation_request_micros = stream->creation_micros;
  out.table_name = stream->table_name;
  out.key_schema = stream->key_schema;
  out.shards.reserve(stream->shards.size());
  for (const Shard& shard : stream->shards) {
    ShardDescription& described = out.shards.emplace_back();
    described.shard_id = shard.shard_id;
    described.parent_shard_id = shard.parent_shard_id;
    described.starting_sequence_number = SequenceNumberText(shard.starting_sequence);
    if (shard.ending_sequence) {
      described.ending_sequence_number = SequenceNumberText(*shard.ending_sequence);
    }
  }
  return out;
}

Result<std::string> StreamStore::GetShardIterator(std::string_view stream_arn,
                                                  std::string_view shard_id, ShardIteratorType type,
                                                  std::optional<std::string_view> sequence_number,
                                                  std::optional<int64_t> timestamp_micros) {
  std::shared_ptr<Stream> stream = impl_->FindByArn(stream_arn);
  if (stream == nullptr) {
    return StreamNotFound(stream_arn);
  }
  const int64_t now = impl_->clock->NowMicros();
  std::lock_guard stream_lock(stream->mutex);
  Shard* shard = stream->FindShard(shard_id);
  if (shard == nullptr) {
    return ShardNotFound(shard_id, stream_arn);
  }
  const uint64_t horizon = std::max(shard->starting_sequence, shard->trimmed_through + 1);
  uint64_t next = horizon;
  switch (type) {
    case ShardIteratorType::kTrimHorizon:
      break;
    case ShardIteratorType::kLatest:
      next = shard->EndPosition();
      break;
    case ShardIteratorType::kAtSequenceNumber:
    case ShardIteratorType::kAfterSequenceNumber: {
      const std::optional<uint64_t> sequence =
          sequence_number ? ParseSequenceNumber(*sequence_number) : std::nullopt;
      // ⚠ Unconfirmed text for a sequence number that is not one of this shard's.
      if (!sequence || *sequence < shard->starting_sequence ||
          *sequence > std::max(shard->starting_sequence, shard->last_sequence)) {
        return ValidationError("Invalid SequenceNumber " +
                               std::string(sequence_number.value_or("")) + " for shard " +
                               std::string(shard_id));
      }
      if (*sequence <= shard->trimmed_through) {
        return Trimmed();
      }
      next = type == ShardIteratorType::kAtSequenceNumber ? *sequence : *sequence + 1;
      break;
    }
    case ShardIteratorType::kAtTimestamp: {
      const int64_t at = timestamp_micros.value_or(0);
      if (at > now) {
        // ⚠ Unconfirmed text; the model documents the ValidationException.
        return ValidationError("The timestamp is in the future");
      }
      next = shard->EndPosition();
      for (const auto& record : shard->records) {
        if (record->creation_micros >= at) {
          next = record->sequence;
          break;
        }
      }
      break;
    }
  }
  return EncodeShardIterator({stream->stream_arn, shard->shard_id, next, now});
}

Result<RecordsPage> StreamStore::GetRecords(std::string_view region,
                                            std::string_view shard_iterator, int limit) {
  std::optional<ShardPosition> position = DecodeShardIterator(shard_iterator);
  if (!position) {
    // ⚠ Unconfirmed text.
    return ValidationError("Invalid ShardIterator");
  }
  const int64_t now = impl_->clock->NowMicros();
  if (now - position->issued_micros > kIteratorLifetimeMicros) {
    return Status(ErrorCode::kExpiredIterator,
                  "Iterator expired. The iterator was created at time " +
                      FormatJavaDate(position->issued_micros) + " while right now it is " +
                      FormatJavaDate(now) +
                      " which is further in the future than the tolerated delay of " +
                      std::to_string(kIteratorLifetimeMicros / 1000) + " milliseconds.");
  }
  std::shared_ptr<Stream> stream = impl_->FindByArn(position->stream_arn);
  if (stream == nullptr || stream->region != region) {
    return StreamNotFound(position->stream_arn);
  }
  std::lock_guard stream_lock(stream->mutex);
  Shard* shard = stream->FindShard(position->shard_id);
  if (shard == nullptr) {
    return ShardNotFound(position->shard_id, position->stream_arn);
  }
  if (position->next_sequence <= shard->trimmed_through) {
    return Trimmed();
  }
  RecordsPage page;
  auto it = std::lower_bound(shard->records.begin(), shard->records.end(), position->next_sequence,
                             [](const std::shared_ptr<const StreamRecord>& record,
                                uint64_t sequence) { return record->sequence < sequence; });
  uint64_t next = position->next_sequence;
  int64_t bytes = 0;
  for (; it != shard->records.end() && static_cast<int>(page.records.size()) < limit; ++it) {
    if (!page.records.empty() && bytes + (*it)->size_bytes > kMaxBytesPerRead) {
      break;
    }
    bytes += (*it)->size_bytes;
    page.records.push_back(*it);
    next = (*it)->sequence + 1;
  }
  if (shard->open() || next < shard->EndPosition()) {
    page.next_shard_iterator =
        EncodeShardIterator({stream->stream_arn, shard->shard_id, next, now});
  }
  return page;
}

void StreamStore::RunDue() {
  const int64_t now = impl_->clock->NowMicros();
  if (now < impl_->next_due_micros.load(std::memory_order_relaxed)) {
    return;
  }
  std::unique_lock run_lock(impl_->run_due_mutex, std::try_to_lock);
  if (!run_lock.owns_lock()) {
    return;  // another thread is at it
  }
  impl_->next_due_micros.store(kNever, std::memory_order_relaxed);
  std::vector<std::shared_ptr<Stream>> streams;
  {
    std::shared_lock lock(impl_->mutex);
    streams.reserve(impl_->by_arn.size());
    for (const auto& [arn, stream] : impl_->by_arn) {
      streams.push_back(stream);
    }
  }
  std::vector<std::string> forgotten;
  storage::WriteBatch batch;
  storage::WriteBatch* const changes = impl_->store != nullptr ? &batch : nullptr;
  for (const std::shared_ptr<Stream>& stream : streams) {
    std::lock_guard stream_lock(stream->mutex);
    batch.Clear();
    const uint64_t shards_opened = stream->shards_opened;
    if (stream->disabled_micros == 0) {
      impl_->RollOver(*stream, now);
    } else if (stream->disabled_micros + kRetentionMicros <= now) {
      forgotten.push_back(stream->stream_arn);
      if (changes != nullptr) {
        for (const Shard& shard : stream->shards) {
          Impl::DeleteShard(*stream, shard, changes);
        }
        changes->Delete(StreamKey(stream->stream_id));
        impl_->AddSequenceCounter(changes);
        impl_->Write(batch);
      }
      continue;
    }
    int64_t due = impl_->Trim(*stream, now, changes);
    if (stream->disabled_micros != 0) {
      due = std::min(due, stream->disabled_micros + kRetentionMicros);
    }
    impl_->LowerNextDue(due);
    if (changes != nullptr && (!batch.empty() || shards_opened != stream->shards_opened)) {
      if (!batch.empty()) {
        impl_->AddSequenceCounter(changes);
      }
      Impl::AddStream(*stream, changes);
      impl_->Write(batch);
    }
  }
  if (!forgotten.empty()) {
    std::unique_lock lock(impl_->mutex);
    for (const std::string& arn : forgotten) {
      impl_->by_arn.erase(arn);
    }
  }
}

uint64_t StreamStore::NextSequence() const {
  return impl_->next_sequence.load(std::memory_order_acquire);
}

void StreamStore::OnCommit(const table::ChangeEvent& event) {
  if (impl_->enabled_count.load(std::memory_order_acquire) == 0) {
    return;
  }
  std::shared_ptr<Stream> stream;
  {
    std::shared_lock lock(impl_->mutex);
    auto it = impl_->enabled_by_table.find(event.table_id);
    if (it == impl_->enabled_by_table.end()) {
      return;
    }
    stream = it->second;
  }
  // The copies of the images, and the stored form of the record (which holds no sequence), are
  // made before the stream's lock is taken.
  auto record = std::make_shared<StreamRecord>(MakeStreamRecord(event, stream->view_type, 0));
  std::string stored;
  if (impl_->store != nullptr) {
    EncodeStreamRecord(*record, &stored);
  }
  uint64_t sequence = 0;
  {
    std::lock_guard stream_lock(stream->mutex);
    if (stream->disabled_micros != 0) {
      return;  // disabled since the lookup
    }
    const uint64_t shards_opened = stream->shards_opened;
    impl_->RollOver(*stream, event.time_micros);
    Shard& shard = stream->shards.back();
    sequence = impl_->next_sequence.fetch_add(1, std::memory_order_acq_rel);
    record->sequence = sequence;
    shard.last_sequence = sequence;
    shard.records.push_back(std::move(record));
    impl_->LowerNextDue(event.time_micros + kRetentionMicros);
    if (impl_->store != nullptr && shards_opened != stream->shards_opened) {
      // Shard changes are stored in the order they happen, so under the lock; the record with
      // them, as its shard must be stored before it is.
      storage::WriteBatch batch;
      Impl::AddStream(*stream, &batch);
      batch.Put(RecordKey(stream->stream_id, sequence), stored);
      impl_->Write(batch);
      return;
    }
  }
  if (impl_->store != nullptr) {
    // Outside the lock, so that writers of one table share the store's log writes (and fsyncs)
    // rather than taking turns. Its shard is stored already (shards open under the lock before
    // any record takes a sequence in them), and a record that lands after its trim or its
    // stream's end is dropped by the next Load.
    storage::WriteBatch batch;
    batch.Put(RecordKey(stream->stream_id, sequence), stored);
    impl_->Write(batch);
  }
}

}  // namespace dynafake::streams
