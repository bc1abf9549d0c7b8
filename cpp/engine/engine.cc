// The composition root: builds storage, catalog and clock, and answers requests.
#include "dynafake/engine.h"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

#include "api/capacity/auto_scaling.h"
#include "api/capacity/capacity_report.h"
#include "api/capacity/capacity_settings.h"
#include "api/validation/shapes.h"
#include "backup/backups.h"
#include "capacity/metering.h"
#include "engine/router.h"
#include "expr/expressions.h"
#include "storage/kv_store.h"
#include "streams/stream_store.h"
#include "table/catalog.h"
#include "table/in_flight_writes.h"
#include "table/keyspace.h"
#include "ttl/sweeper.h"
#include "txn/transactions.h"
#include "util/coding.h"
#include "util/crc32.h"
#include "util/result.h"
#include "util/uuid.h"
#include "wire/error_json.h"
#include "wire/json.h"
#include "wire/json_writer.h"

namespace dynafake {
namespace {

// The public face of one txn::TransactionHolds::Hold.
class HoldHandle final : public TransactionHold {
 public:
  explicit HoldHandle(std::shared_ptr<txn::TransactionHolds::Hold> hold) : hold_(std::move(hold)) {}

  ~HoldHandle() override { hold_->Release(); }

  bool Wait(int64_t timeout_micros) override { return hold_->Wait(timeout_micros); }

  void Release() override { hold_->Release(); }

 private:
  std::shared_ptr<txn::TransactionHolds::Hold> hold_;
};

class EngineImpl final : public Engine {
 public:
  EngineImpl(const EngineOptions& options, std::unique_ptr<storage::KvStore> store,
             std::shared_ptr<SettableClock> clock, capacity::CapacityMode capacity_mode)
      : metering_(capacity_mode),
        store_(std::move(store)),
        clock_(std::move(clock)),
        // An in-memory engine's streams store nothing: its store would only copy them.
        streams_(std::make_shared<streams::StreamStore>(
            clock_.get(), SecondsToMicros(options.table_transition_seconds),
            options.path.empty() ? nullptr : store_.get())),
        catalog_(store_.get(), clock_.get(), options.account_id, options.table_transition_seconds,
                 table::TableOptions{options.item_collection_size_limit_bytes, &in_flight_}),
        sweeper_(&catalog_, clock_.get(), SecondsToMicros(options.ttl_sweep_interval_seconds)),
        backups_(store_.get(), &catalog_, clock_.get(),
                 SecondsToMicros(options.table_transition_seconds)),
        transactions_(&in_flight_, clock_.get()),
        parse_cache_(expr::NewParseCache()) {
    catalog_.AddChangeSink(streams_);
  }

  ~EngineImpl() override {
    {
      std::lock_guard lock(background_mutex_);
      stopping_ = true;
    }
    background_wake_.notify_all();
    if (background_.joinable()) {
      background_.join();
    }
  }

  // Reads the persisted tables, reopens their streams as they were stored and starts the
  // background thread when asked for.
  Status Load(const EngineOptions& options) {
    DF_RETURN_IF_ERROR(catalog_.Load());
    DF_RETURN_IF_ERROR(backups_.Load());
    background_interval_micros_ =
        options.background_sweeps ? SecondsToMicros(options.ttl_sweep_interval_seconds) : 0;
    std::vector<table::TableDescription> stream_tables;
    for (const std::shared_ptr<table::Table>& table : catalog_.Tables()) {
      stream_tables.push_back(table->Describe());
    }
    DF_RETURN_IF_ERROR(streams_->Load(stream_tables));
    for (const std::shared_ptr<table::Table>& table : catalog_.Tables()) {
      const table::TableDescription description = table->Describe();
      if (description.time_to_live.status != table::TimeToLiveStatus::kDisabled) {
        EnsureBackground();
      }
    }
    // Each table's own capacity mode and its auto scaling policies, kept from here on.
    DF_RETURN_IF_ERROR(api::LoadCapacitySettings(*store_, catalog_, metering_, auto_scaling_,
                                                 clock_->NowMicros()));
    if (auto_scaling_.HasPolicies()) {
      EnsureBackground();
    }
    return Status::Ok();
  }

  Response Handle(std::string_view region, std::string_view target,
                  std::string_view body) override {
    Result<std::string> answer = InternalError("");
    try {
      RunDueWork();
      answer = Dispatch(region, target, body);
    } catch (const std::exception& e) {
      // A bug must not take the host process down: it becomes the service's 500.
      answer = InternalError(std::string("Internal server error: ") + e.what());
    }
    return MakeResponse(answer);
  }

  SettableClock& clock() override { return *clock_; }

  void RunDue() override {
    try {
      RunDueWork();
    } catch (const std::exception&) {
      // A bug in background work must not take the host process down; the next run retries.
    }
  }

  Result<int64_t> SweepTimeToLive() override {
    try {
      catalog_.RunDue();
      return sweeper_.Sweep();
    } catch (const std::exception& e) {
      return InternalError(std::string("Internal server error: ") + e.what());
    }
  }

  uint64_t StreamSequence() const override { return streams_->NextSequence(); }

  Result<std::string> CapacityMode(std::string_view region,
                                   std::string_view table_name) const override {
    if (table_name.empty()) {
      return std::string(capacity::CapacityModeName(metering_.default_mode()));
    }
    DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                        catalog_.GetTableForControl(region, table_name));
    return std::string(capacity::CapacityModeName(metering_.ModeOf(table->table_id())));
  }

  Status SetCapacityMode(std::string_view region, std::string_view table_name,
                         std::string_view mode) override {
    std::optional<capacity::CapacityMode> parsed;
    if (!mode.empty() || table_name.empty()) {
      parsed = capacity::ParseCapacityMode(mode);
      if (!parsed.has_value()) {
        return UnknownCapacityMode(mode);
      }
    }
    if (table_name.empty()) {
      metering_.SetDefaultMode(*parsed);
      return Status::Ok();
    }
    DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                        catalog_.GetTableForControl(region, table_name));
    // Stored, so that a persistent engine reopens with it (the default above is an open option).
    return api::SetTableCapacityMode(*store_, metering_, table->table_id(), parsed);
  }

  Status AutoScale(std::string_view region, std::string_view table_name,
                   std::string_view index_name, const AutoScalingPolicy& policy) override {
    const capacity::ScalingPolicy scaling{.min_units = policy.min_units,
                                          .max_units = policy.max_units,
                                          .target_utilization = policy.target_utilization};
    DF_RETURN_IF_ERROR(auto_scaling_.Register(catalog_, region, table_name, index_name, policy.read,
                                              policy.write, scaling, clock_->NowMicros()));
    // A running clock scales tables with no request made.
    EnsureBackground();
    return Status::Ok();
  }

  Status RemoveAutoScaling(std::string_view region, std::string_view table_name,
                           std::string_view index_name, bool read, bool write) override {
    DF_RETURN_IF_ERROR(catalog_.GetTableForControl(region, table_name).status());
    return auto_scaling_.Deregister(catalog_, region, table_name, index_name, read, write);
  }

  std::string CapacityReport() override {
    return wire::ToJsonText(
        api::CapacityReport(catalog_, metering_, &auto_scaling_, clock_->NowMicros()));
  }

  void ResetCapacityUsage() override { metering_.usage().Reset(); }

  static Status UnknownCapacityMode(std::string_view mode) {
    return ValidationError("Unknown capacity mode '" + std::string(mode) +
                           "': expected off, track or enforce");
  }

  std::unique_ptr<TransactionHold> HoldNextTransaction() override {
    return std::make_unique<HoldHandle>(transactions_.holds().HoldNext());
  }

 private:
  Result<std::string> Dispatch(std::string_view region, std::string_view target,
                               std::string_view body) {
    std::string_view operation;
    api::Handler handler = nullptr;
    if (target.starts_with(engine::kDynamoDbTargetPrefix)) {
      operation = target.substr(engine::kDynamoDbTargetPrefix.size());
      handler = engine::FindDynamoDbHandler(operation);
    } else if (target.starts_with(engine::kStreamsTargetPrefix)) {
      operation = target.substr(engine::kStreamsTargetPrefix.size());
      handler = engine::FindStreamsHandler(operation);
    }
    if (handler == nullptr) {
      return Status(ErrorCode::kUnknownOperation, "");
    }
    wire::Json request = wire::Json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (request.is_discarded()) {
      // DynamoDB: an unparsable body gets a SerializationException without a message.
      return Status(ErrorCode::kSerialization, "");
    }
    if (!request.is_object()) {
      return Status(ErrorCode::kSerialization,
                    request.is_array() ? "Start of list found where not expected"
                                       : "Unexpected value found where a structure was expected");
    }
    DF_RETURN_IF_ERROR(api::ValidateRequestShape(operation, request));
    api::RequestContext context{std::string(region), &catalog_,      clock_.get(),
                                parse_cache_.get(),  &transactions_, streams_.get(),
                                &metering_,          &backups_};
    DF_ASSIGN_OR_RETURN(wire::Json response, handler(context, request));
    if (handler == &api::UpdateTimeToLive) {
      EnsureBackground();
    }
    return wire::ToJsonText(response);
  }

  static Response MakeResponse(const Result<std::string>& answer) {
    Response response;
    if (answer.has_value()) {
      response.body = answer.value();
    } else {
      response.http_status = ErrorCodeHttpStatus(answer.error().code());
      response.retryable = ErrorCodeRetryable(answer.error().code());
      response.body = wire::ErrorBody(answer.error());
    }
    response.headers = {
        {"x-amzn-RequestId", util::NewRequestId()},
        {"x-amz-crc32", std::to_string(util::Crc32(response.body))},
        {"Content-Type", "application/x-amz-json-1.0"},
        {"Content-Length", std::to_string(response.body.size())},
    };
    return response;
  }

  static int64_t SecondsToMicros(double seconds) {
    return std::isfinite(seconds) ? std::llround(seconds * 1e6) : 0;
  }

  void RunDueWork() {
    catalog_.RunDue();
    auto_scaling_.RunDue(catalog_, metering_.usage(), clock_->NowMicros());
    streams_->RunDue();
    sweeper_.RunDue();
    backups_.RunDue();
  }

  // Starts the background thread once Time to Live or auto scaling has been turned on, the things
  // that need it: expiry and scaling with no request made. Until then the process keeps no thread
  // of the engine's (a second thread makes every allocation of the process pay for locking).
  void EnsureBackground() {
    std::lock_guard lock(background_mutex_);
    if (background_interval_micros_ <= 0 || background_.joinable() || stopping_) {
      return;
    }
    // Every interval of wall time, runs what is due by the engine clock (a frozen clock makes that
    // nothing) until the engine is destroyed.
    background_ = std::thread([this, interval_micros = background_interval_micros_] {
      std::unique_lock lock(background_mutex_);
      while (!background_wake_.wait_for(lock, std::chrono::microseconds(interval_micros),
                                        [this] { return stopping_; })) {
        lock.unlock();
        RunDue();
        lock.lock();
      }
    });
  }

  capacity::Metering metering_;
  std::unique_ptr<storage::KvStore> store_;
  std::shared_ptr<SettableClock> clock_;
  // Before catalog_: every table it makes checks this set and announces its changes to streams_.
  table::InFlightWrites in_flight_;
  std::shared_ptr<streams::StreamStore> streams_;
  table::Catalog catalog_;
  ttl::Sweeper sweeper_;
  backup::Backups backups_;
  api::AutoScaling auto_scaling_;
  txn::Transactions transactions_;
  std::shared_ptr<expr::ParseCache> parse_cache_;
  std::mutex background_mutex_;
  std::condition_variable background_wake_;
  // 0: no background thread.
  int64_t background_interval_micros_ = 0;
  bool stopping_ = false;
  // Last: started once everything it uses exists, joined before any of it is destroyed.
  std::thread background_;
};

// The storage format of a persistent engine: the key layout (table/keyspace.h, table/catalog.cc)
// and the value encodings (model/item_codec.h, table/schema_codec.h) as docs/storage-format.md
// describes them. Bump it with any change an older dynafake would misread.
constexpr uint32_t kStorageFormat = 1;

// The system record holding kStorageFormat: [format: fixed32 BE].
std::string StorageFormatKey() {
  return table::SystemKey(table::kStorageFormatRecordKind);
}

// Refuses a database written in a newer storage format (rather than misreading it) and records the
// current format in one that has none: a new database, or one written before the record existed,
// whose layout is the current one.
Status CheckStorageFormat(storage::KvStore& store, const std::string& path) {
  DF_ASSIGN_OR_RETURN(std::optional<std::string> stored,
                      store.Get(storage::ReadOptions{}, StorageFormatKey()));
  if (!stored.has_value()) {
    std::string bytes;
    util::PutFixed32BigEndian(&bytes, kStorageFormat);
    storage::WriteBatch batch;
    batch.Put(StorageFormatKey(), bytes);
    return store.Write(storage::WriteOptions{.sync = true}, batch);
  }
  std::string_view bytes = *stored;
  uint32_t format = 0;
  if (!util::GetFixed32BigEndian(&bytes, &format) || !bytes.empty() || format == 0) {
    return InternalError("The database at '" + path + "' has an unreadable storage format record");
  }
  if (format > kStorageFormat) {
    return InternalError(
        "The database at '" + path + "' was written by a newer dynafake (storage format " +
        std::to_string(format) + "); this version reads format " + std::to_string(kStorageFormat));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Engine>> Engine::Open(EngineOptions options) {
  const std::optional<capacity::CapacityMode> capacity_mode =
      capacity::ParseCapacityMode(options.capacity_mode);
  if (!capacity_mode.has_value()) {
    return EngineImpl::UnknownCapacityMode(options.capacity_mode);
  }
  const std::optional<storage::Durability> durability =
      storage::ParseDurability(options.durability);
  if (!durability.has_value()) {
    return ValidationError("Unknown durability '" + options.durability +
                           "': expected process, sync or group");
  }
  std::unique_ptr<storage::KvStore> store;
  if (options.path.empty()) {
    store = storage::NewMemoryStore();
  } else {
    DF_ASSIGN_OR_RETURN(store, storage::OpenLevelDbStore(storage::LevelDbOptions{
                                   .path = options.path, .durability = *durability}));
    DF_RETURN_IF_ERROR(CheckStorageFormat(*store, options.path));
  }
  std::shared_ptr<SettableClock> clock =
      options.clock ? options.clock : std::make_shared<SettableClock>();
  auto engine =
      std::make_unique<EngineImpl>(options, std::move(store), std::move(clock), *capacity_mode);
  DF_RETURN_IF_ERROR(engine->Load(options));
  return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace dynafake
