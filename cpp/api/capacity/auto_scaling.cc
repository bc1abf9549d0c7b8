#include "api/capacity/auto_scaling.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>
#include <utility>

#include "dynafake/clock.h"

#include "api/capacity/capacity_settings.h"
#include "api/control/table_definition.h"
#include "api/control/throughput_change.h"
#include "api/control/update_table_request.h"
#include "table/delete_range.h"
#include "table/keyspace.h"
#include "table/schema.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

using capacity::Operation;

// After a clock jump, the most minutes evaluated: twice the day the usage record keeps, so every
// recorded minute is seen, with a day of empty minutes before it for the alarms to settle on.
constexpr int64_t kCatchUpMinutes = 2 * capacity::kUsageMinutes;
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

int64_t MinuteStart(int64_t micros) {
  return (micros / kMicrosPerMinute - (micros % kMicrosPerMinute < 0 ? 1 : 0)) * kMicrosPerMinute;
}

const table::SecondaryIndex* GlobalIndexOf(const table::TableDescription& d,
                                           std::string_view name) {
  const table::SecondaryIndex* index = d.FindIndex(name);
  return index != nullptr && index->global ? index : nullptr;
}

// The resource's provisioned units of `operation` (0 for an on-demand table).
int64_t ProvisionedUnits(const table::TableDescription& d, const table::SecondaryIndex* index,
                         Operation operation) {
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    return 0;
  }
  const table::ProvisionedThroughput& throughput =
      index != nullptr ? index->provisioned_throughput : d.provisioned_throughput;
  return operation == Operation::kRead ? throughput.read_capacity_units
                                       : throughput.write_capacity_units;
}

// ResourceInUseException for a table that is not ACTIVE, as UpdateTable raises it.
Status TableBusy(const table::TableDescription& d) {
  if (d.table_status == table::TableStatus::kActive) {
    return Status::Ok();
  }
  const char* state = d.table_status == table::TableStatus::kCreating   ? "created"
                      : d.table_status == table::TableStatus::kDeleting ? "deleted"
                                                                        : "updated";
  return StillInUse(std::string("Table is being ") + state + ": " + d.table_name);
}

// One operation's consumption per minute as the usage record has it (0 for a minute without a
// record), read with minutes ascending.
class MinuteSeries {
 public:
  MinuteSeries(std::optional<capacity::ResourceUsage> usage, Operation operation)
      : operation_(operation) {
    if (usage.has_value()) {
      minutes_ = std::move(usage->minutes);
    }
  }

  // REQUIRES: minute_start at least the one of the previous call.
  double At(int64_t minute_start) {
    while (next_ < minutes_.size() && minutes_[next_].minute_start_micros < minute_start) {
      ++next_;
    }
    if (next_ == minutes_.size() || minutes_[next_].minute_start_micros != minute_start) {
      return 0;
    }
    const capacity::UsagePoint& point = minutes_[next_];
    return operation_ == Operation::kRead ? point.read_units : point.write_units;
  }

 private:
  Operation operation_;
  std::vector<capacity::UsagePoint> minutes_;
  size_t next_ = 0;
};

// Sets the target's capacity to `to_units` in `d` as UpdateTable would at `at_micros`. `from_units`
// receives the capacity found; `changed` whether it differed.
Status ChangeCapacity(table::TableDescription& d, std::string_view index_name, uint32_t index_id,
                      Operation operation, int64_t to_units, int64_t at_micros,
                      int64_t transition_micros, int64_t now_micros, int64_t& from_units,
                      bool& changed) {
  DF_RETURN_IF_ERROR(TableBusy(d));
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    return ValidationError("Table " + d.table_name +
                           " is in PAY_PER_REQUEST billing mode: it has no provisioned capacity "
                           "to scale");
  }
  table::ProvisionedThroughput* current = &d.provisioned_throughput;
  table::SecondaryIndex* index = nullptr;
  if (!index_name.empty()) {
    index = FindGlobalIndex(d, std::string(index_name));
    if (index == nullptr || index->index_id != index_id) {
      return ResourceNotFound("Requested resource not found: Index " + std::string(index_name) +
                              " for table " + d.table_name);
    }
    if (index->index_status != table::IndexStatus::kActive) {
      const char* state = index->index_status == table::IndexStatus::kCreating   ? "created"
                          : index->index_status == table::IndexStatus::kDeleting ? "deleted"
                                                                                 : "updated";
      return StillInUse(std::string("Index is being ") + state + ". Table: " + d.table_name +
                        " Index: " + index->index_name);
    }
    current = &index->provisioned_throughput;
  }
  from_units =
      operation == Operation::kRead ? current->read_capacity_units : current->write_capacity_units;
  if (from_units == to_units) {
    return Status::Ok();
  }
  Throughput requested{current->read_capacity_units, current->write_capacity_units};
  if (operation == Operation::kRead) {
    requested.read_capacity_units = to_units;
  } else {
    requested.write_capacity_units = to_units;
  }
  const std::string subject = index == nullptr ? "table" : "index " + index->index_name;
  DF_RETURN_IF_ERROR(ChangeThroughput(requested, at_micros, subject, *current));
  changed = true;
  // DynamoDB: auto scaling changes capacity through UpdateTable, so the table (or the index) is
  // UPDATING for the transition, as after a user's UpdateTable. Pinned by
  // AutoScalingTransitionTest.ScalingGoesThroughUpdating. A table with a transition under way (an
  // index backfilling) keeps that transition's end.
  if (transition_micros > 0 && d.status_until_micros == 0) {
    if (index != nullptr) {
      index->index_status = table::IndexStatus::kUpdating;
    } else {
      d.table_status = table::TableStatus::kUpdating;
    }
    d.status_until_micros = at_micros + transition_micros;
    table::CompleteTransitions(d, now_micros);
  }
  return Status::Ok();
}

}  // namespace

Status AutoScaling::Register(table::Catalog& catalog, std::string_view region,
                             std::string_view table_name, std::string_view index_name, bool read,
                             bool write, const capacity::ScalingPolicy& policy,
                             int64_t now_micros) {
  DF_RETURN_IF_ERROR(capacity::ValidateScalingPolicy(policy));
  if (!read && !write) {
    return ValidationError("Auto scaling needs the read or the write capacity (or both) to scale");
  }
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                      catalog.GetTableForControl(region, table_name));
  const table::TableDescription d = table->Describe();
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    return ValidationError("Table " + d.table_name +
                           " is in PAY_PER_REQUEST billing mode: auto scaling needs provisioned "
                           "capacity");
  }
  const table::SecondaryIndex* index = nullptr;
  if (!index_name.empty()) {
    const table::SecondaryIndex* any = d.FindIndex(index_name);
    if (any == nullptr) {
      return ResourceNotFound("Requested resource not found: Index " + std::string(index_name) +
                              " for table " + d.table_name);
    }
    if (!any->global) {
      // Local secondary indexes use the table's capacity.
      return ValidationError("Cannot scale an index that is not a GlobalSecondaryIndex: " +
                             std::string(index_name));
    }
    index = any;
  }
  // Application Auto Scaling: RegisterScalableTarget moves the capacity into [min, max] unless the
  // resource is not active, which it then leaves as it is. Pinned by
  // AutoScalingTest.RegisteringMovesTheCapacityIntoRange.
  const bool active = d.table_status == table::TableStatus::kActive &&
                      (index == nullptr || index->index_status == table::IndexStatus::kActive);
  std::vector<Target> registered;
  for (const Operation operation : {Operation::kRead, Operation::kWrite}) {
    if (operation == Operation::kRead ? !read : !write) {
      continue;
    }
    registered.push_back(Target{.region = d.region,
                                .table_name = d.table_name,
                                .index_name = index == nullptr ? "" : index->index_name,
                                .table_id = d.table_id,
                                .index_id = index == nullptr ? 0 : index->index_id,
                                .operation = operation,
                                .registered_micros = now_micros,
                                .tracking = capacity::TargetTracking(policy),
                                .next_minute_micros = MinuteStart(now_micros)});
  }
  std::lock_guard lock(mutex_);
  if (store_ != nullptr) {
    storage::WriteBatch batch;
    for (const Target& target : registered) {
      PutRecord(target, batch);
    }
    DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  }
  for (Target& target : registered) {
    const Operation operation = target.operation;
    const auto it = targets_.insert_or_assign(KeyOf(target), std::move(target)).first;
    const int64_t units = ProvisionedUnits(d, index, operation);
    const int64_t in_range = capacity::ClampToPolicy(policy, units);
    if (active && in_range != units) {
      const std::string cause = std::string(in_range < units ? "maximum" : "minimum") +
                                " capacity was set to " + std::to_string(in_range);
      // A refused change is a failed activity, not a failed registration.
      int64_t after = 0;
      (void)Apply(catalog, *table, it->second, in_range, now_micros, now_micros, cause, after);
    }
  }
  UpdateNextDue();
  return Status::Ok();
}

Status AutoScaling::Deregister(table::Catalog& catalog, std::string_view region,
                               std::string_view table_name, std::string_view index_name, bool read,
                               bool write) {
  // The name may be the table's ARN; the policies hold its name.
  const std::shared_ptr<table::Table> table = catalog.FindTable(region, table_name);
  const std::string name = table ? table->Describe().table_name : std::string(table_name);
  std::lock_guard lock(mutex_);
  std::vector<Key> removed;
  storage::WriteBatch batch;
  for (const auto& [key, target] : targets_) {
    if (target.region == region && target.table_name == name && target.index_name == index_name &&
        (target.operation == Operation::kRead ? read : write)) {
      removed.push_back(key);
      batch.Delete(ScalingPolicyKey(target.table_id, target.index_id, target.operation));
    }
  }
  if (store_ != nullptr && !batch.empty()) {
    DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  }
  for (const Key& key : removed) {
    targets_.erase(key);
  }
  UpdateNextDue();
  return Status::Ok();
}

void AutoScaling::RunDue(table::Catalog& catalog, const capacity::UsageRecorder& usage,
                         int64_t now_micros) {
  if (now_micros < next_due_micros_.load(std::memory_order_acquire)) {
    return;
  }
  std::lock_guard lock(mutex_);

  // The policies still attached to a live resource, with the resource's capacity now.
  struct Live {
    Target* target;
    std::shared_ptr<table::Table> table;
    int64_t units;
    MinuteSeries series;
  };

  std::vector<Live> live;
  std::map<uint32_t, table::TableDescription> described;
  // The records of the policies dropped or whose cooldown started.
  storage::WriteBatch changes;
  const int64_t earliest = MinuteStart(now_micros) - kCatchUpMinutes * kMicrosPerMinute;
  for (auto it = targets_.begin(); it != targets_.end();) {
    Target& target = it->second;
    std::shared_ptr<table::Table> table = catalog.FindTable(target.region, target.table_name);
    if (table == nullptr || table->table_id() != target.table_id) {
      activities_.erase(target.table_id);
      changes.Delete(ScalingPolicyKey(target.table_id, target.index_id, target.operation));
      it = targets_.erase(it);
      continue;
    }
    auto [described_it, fresh] = described.try_emplace(target.table_id);
    if (fresh) {
      described_it->second = table->Describe();
    }
    const table::TableDescription& d = described_it->second;
    const table::SecondaryIndex* index = nullptr;
    if (target.index_id != 0) {
      index = GlobalIndexOf(d, target.index_name);
      if (index == nullptr || index->index_id != target.index_id) {
        changes.Delete(ScalingPolicyKey(target.table_id, target.index_id, target.operation));
        it = targets_.erase(it);
        continue;
      }
    }
    target.next_minute_micros = std::max(target.next_minute_micros, earliest);
    live.push_back(
        Live{&target, std::move(table), ProvisionedUnits(d, index, target.operation),
             MinuteSeries(usage.Snapshot({target.table_id, target.index_id}), target.operation)});
    ++it;
  }
  // Minute by minute across policies, so that changes to one table happen in time order.
  while (true) {
    int64_t minute = kNever;
    for (const Live& entry : live) {
      minute = std::min(minute, entry.target->next_minute_micros);
    }
    if (minute == kNever || minute > now_micros - kMicrosPerMinute) {
      break;
    }
    for (Live& entry : live) {
      Target& target = *entry.target;
      if (target.next_minute_micros != minute) {
        continue;
      }
      target.next_minute_micros = minute + kMicrosPerMinute;
      const std::optional<capacity::ScalingDecision> decision =
          target.tracking.AddMinute(minute, entry.series.At(minute), entry.units);
      if (!decision.has_value()) {
        continue;
      }
      const Status applied =
          Apply(catalog, *entry.table, target, decision->to_units, decision->at_micros, now_micros,
                decision->Cause(target.tracking.policy()), entry.units);
      if (applied.ok()) {
        target.tracking.Applied(*decision);
        if (decision->direction == capacity::ScalingDirection::kOut) {
          target.last_scale_out_micros = decision->at_micros;
        } else {
          target.last_scale_in_micros = decision->at_micros;
        }
        PutRecord(target, changes);
      }
    }
  }
  if (store_ != nullptr && !changes.empty()) {
    // Best effort: the capacity changes themselves are already stored with the tables. A lost
    // write leaves a dropped policy's record, which Load deletes, or an earlier cooldown start.
    (void)store_->Write(storage::WriteOptions{}, changes);
  }
  UpdateNextDue();
}

Status AutoScaling::Apply(table::Catalog& catalog, table::Table& table, const Target& target,
                          int64_t to_units, int64_t at_micros, int64_t now_micros,
                          const std::string& cause, int64_t& units_after) {
  int64_t from_units = 0;
  bool changed = false;
  Status status;
  const int64_t transition_micros = catalog.transition_micros();
  const Status updated = table.UpdateDescription([&](table::TableDescription& live) {
    table::TableDescription next = live;
    status = ChangeCapacity(next, target.index_name, target.index_id, target.operation, to_units,
                            at_micros, transition_micros, now_micros, from_units, changed);
    if (status.ok() && changed) {
      live = std::move(next);
    }
  });
  if (status.ok()) {
    status = updated;
  }
  if (status.ok() && changed) {
    status = catalog.Persist(table);
  }
  units_after = status.ok() && changed ? to_units : from_units;
  if (status.ok() && !changed) {
    return status;
  }
  Record(target.table_id, ScalingActivity{.at_micros = at_micros,
                                          .index_name = target.index_name,
                                          .operation = target.operation,
                                          .from_units = from_units,
                                          .to_units = to_units,
                                          .successful = status.ok(),
                                          .cause = cause,
                                          .status_message = status.ok() ? "" : status.message()});
  return status;
}

void AutoScaling::Record(uint32_t table_id, ScalingActivity activity) {
  std::deque<ScalingActivity>& activities = activities_[table_id];
  // An alarm still in ALARM tries a refused change every minute: one record per refusal reason.
  const auto last = std::find_if(activities.rbegin(), activities.rend(), [&](const auto& earlier) {
    return earlier.index_name == activity.index_name && earlier.operation == activity.operation;
  });
  if (!activity.successful && last != activities.rend() && !last->successful &&
      last->from_units == activity.from_units && last->to_units == activity.to_units &&
      last->status_message == activity.status_message) {
    return;
  }
  activities.push_back(std::move(activity));
  if (activities.size() > kActivitiesPerTable) {
    activities.pop_front();
  }
}

std::vector<ScalingActivity> AutoScaling::Activities(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  const auto it = activities_.find(table_id);
  return it == activities_.end()
             ? std::vector<ScalingActivity>{}
             : std::vector<ScalingActivity>(it->second.begin(), it->second.end());
}

std::vector<ScalingTarget> AutoScaling::Policies(uint32_t table_id) const {
  std::lock_guard lock(mutex_);
  std::vector<ScalingTarget> policies;
  for (auto it = targets_.lower_bound(Key{table_id, 0, Operation::kRead});
       it != targets_.end() && std::get<0>(it->first) == table_id; ++it) {
    const Target& target = it->second;
    policies.push_back(ScalingTarget{.index_name = target.index_name,
                                     .operation = target.operation,
                                     .policy = target.tracking.policy(),
                                     .registered_micros = target.registered_micros});
  }
  return policies;
}

void AutoScaling::Forget(uint32_t table_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(targets_,
                [table_id](const auto& entry) { return entry.second.table_id == table_id; });
  activities_.erase(table_id);
  UpdateNextDue();
  if (store_ == nullptr) {
    return;
  }
  // Every stored record of the table, also one a failed write left behind. Best effort: a record
  // left over names a table id no table will have again, and Load deletes it.
  const std::string prefix = ScalingPolicyPrefix(table_id);
  (void)table::DeleteKeyRange(*store_, {prefix, table::PrefixSuccessor(prefix)});
}

Status AutoScaling::Load(storage::KvStore* store, const table::Catalog& catalog,
                         int64_t now_micros) {
  std::map<uint32_t, table::TableDescription> tables;
  for (const std::shared_ptr<table::Table>& table : catalog.Tables()) {
    table::TableDescription d = table->Describe();
    const uint32_t table_id = d.table_id;
    tables.emplace(table_id, std::move(d));
  }
  std::lock_guard lock(mutex_);
  store_ = store;
  storage::WriteBatch stale;
  const std::string prefix = table::SystemKey(table::kAutoScalingRecordKind);
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    DF_ASSIGN_OR_RETURN(StoredScalingPolicy stored, DecodeScalingPolicy(it->key(), it->value()));
    const auto table_it = tables.find(stored.table_id);
    const table::SecondaryIndex* index = nullptr;
    if (table_it != tables.end() && stored.index_id != 0) {
      for (const table::SecondaryIndex& global : table_it->second.global_secondary_indexes) {
        if (global.index_id == stored.index_id) {
          index = &global;
        }
      }
    }
    if (table_it == tables.end() || (stored.index_id != 0 && index == nullptr)) {
      stale.Delete(it->key());
      continue;
    }
    const table::TableDescription& d = table_it->second;
    Target target{.region = d.region,
                  .table_name = d.table_name,
                  .index_name = index == nullptr ? "" : index->index_name,
                  .table_id = stored.table_id,
                  .index_id = stored.index_id,
                  .operation = stored.operation,
                  .registered_micros = stored.registered_micros,
                  .tracking = capacity::TargetTracking(stored.policy),
                  // The usage before the engine opened is gone: the alarms start without points.
                  .next_minute_micros = MinuteStart(now_micros),
                  .last_scale_out_micros = stored.last_scale_out_micros,
                  .last_scale_in_micros = stored.last_scale_in_micros};
    // The cooldowns as the scalings left them: replayed in the order they happened, since a
    // scale-out ends the scale-in cooldown.
    std::vector<capacity::ScalingDecision> scalings;
    if (stored.last_scale_out_micros.has_value()) {
      scalings.push_back({.direction = capacity::ScalingDirection::kOut,
                          .at_micros = *stored.last_scale_out_micros});
    }
    if (stored.last_scale_in_micros.has_value()) {
      scalings.push_back({.direction = capacity::ScalingDirection::kIn,
                          .at_micros = *stored.last_scale_in_micros});
    }
    std::sort(scalings.begin(), scalings.end(),
              [](const auto& a, const auto& b) { return a.at_micros < b.at_micros; });
    for (const capacity::ScalingDecision& scaling : scalings) {
      target.tracking.Applied(scaling);
    }
    targets_.insert_or_assign(KeyOf(target), std::move(target));
  }
  DF_RETURN_IF_ERROR(it->status());
  if (!stale.empty()) {
    DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, stale));
  }
  UpdateNextDue();
  return Status::Ok();
}

bool AutoScaling::HasPolicies() const {
  std::lock_guard lock(mutex_);
  return !targets_.empty();
}

void AutoScaling::PutRecord(const Target& target, storage::WriteBatch& batch) {
  batch.Put(ScalingPolicyKey(target.table_id, target.index_id, target.operation),
            EncodeScalingPolicy(
                StoredScalingPolicy{.table_id = target.table_id,
                                    .index_id = target.index_id,
                                    .operation = target.operation,
                                    .policy = target.tracking.policy(),
                                    .registered_micros = target.registered_micros,
                                    .last_scale_out_micros = target.last_scale_out_micros,
                                    .last_scale_in_micros = target.last_scale_in_micros}));
}

void AutoScaling::UpdateNextDue() {
  int64_t next = kNever;
  for (const auto& [key, target] : targets_) {
    next = std::min(next, target.next_minute_micros + kMicrosPerMinute);
  }
  next_due_micros_.store(next, std::memory_order_release);
}

}  // namespace dynafake::api
