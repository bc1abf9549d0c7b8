#include "capacity/throttler.h"

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

#include "dynafake/clock.h"

#include "capacity/partitions.h"
#include "capacity/token_bucket.h"

namespace dynafake::capacity {
namespace {

// DynamoDB: an on-demand table "adapts rapidly" to a new peak, and throttling can occur if traffic
// exceeds twice the previous peak within 30 minutes [DG:HowItWorks.ReadWriteCapacityMode,
// pre-warming-on-demand-capacity-mode]. ⚠ Modelled as: a per-second rate becomes the previous peak
// exactly 30 minutes after it was reached. Pinned by
// Throttler.OnDemandAdoptsSustainedPeakAfter30Min.
constexpr int64_t kPeakAdoptionMicros = 30 * kMicrosPerMinute;

// DynamoDB: on-demand throughput is bounded by the per-table quota of 40,000 read and 40,000 write
// request units per second [DG:ServiceQuotas "Throughput default quotas"]. Pinned by
// Throttler.OnDemandNeverExceedsTheTableQuota.
constexpr double kOnDemandTableQuotaUnits = kTableMaxCapacityUnits;

// The per-key windows are pruned of past seconds once the map holds more than this many entries
// (or twice what the previous pruning kept, so that a second touching many keys does not rescan
// the map on every new key).
constexpr size_t kKeyWindowsPruneThreshold = 4096;

int64_t SecondOf(int64_t micros) {
  int64_t second = micros / kMicrosPerSecond;
  if (micros % kMicrosPerSecond < 0) {
    --second;
  }
  return second;
}

// Non-positive and NaN settings mean "none" (or zero capacity for a provisioned rate).
double Positive(double value) {
  return value > 0 ? value : 0;
}

double ProvisionedRate(const ResourceSettings& settings, Operation operation) {
  return Positive(operation == Operation::kRead ? settings.read_capacity_units
                                                : settings.write_capacity_units);
}

double MaxOnDemandUnits(const ResourceSettings& settings, Operation operation) {
  return Positive(operation == Operation::kRead ? settings.max_read_request_units
                                                : settings.max_write_request_units);
}

double WarmUnits(const ResourceSettings& settings, Operation operation) {
  return Positive(operation == Operation::kRead ? settings.warm_read_units
                                                : settings.warm_write_units);
}

double KeyValueCeiling(Operation operation) {
  return operation == Operation::kRead ? kPartitionReadUnits : kPartitionWriteUnits;
}

// DynamoDB: a new on-demand table sustains up to 12,000 reads and 4,000 writes per second
// [DG:pre-warming-on-demand-capacity-mode, HowItWorks.ReadWriteCapacityMode]: those figures are
// what it serves at once, and it serves twice its previous peak, so it starts with a previous peak
// of half of them, 6,000 read and 2,000 write units per second. Pinned by
// Throttler.NewOnDemandTableServesTwiceItsPreviousPeak.
double NewResourcePreviousPeak(Operation operation) {
  return (operation == Operation::kRead ? kNewOnDemandTablePeakReadUnits
                                        : kNewOnDemandTablePeakWriteUnits) /
         2;
}

// One operation's (read or write) capacity state of one resource. Not thread-safe: guarded by the
// owning ResourceState's mutex.
class OperationState {
 public:
  // Applies the settings the request was made under: a new state, or a switch of billing mode,
  // starts afresh; a changed provisioned rate takes effect from `now_micros`.
  void Sync(const ResourceSettings& settings, Operation operation, int64_t now_micros) {
    if (!initialized_ || on_demand_ != settings.on_demand) {
      // DynamoDB: a table switched from provisioned to on-demand starts with a previous peak of
      // half its provisioned capacity, so it serves at once what it was provisioned with
      // [DG:switching.capacitymode "Initial throughput for on-demand capacity mode"] (⚠ the
      // service takes the highest capacity ever provisioned; the engine knows the last). Pinned
      // by Throttler.SwitchToOnDemandServesTheProvisionedCapacity.
      const double provisioned_rate = initialized_ && !on_demand_ ? bucket_->units_per_second() : 0;
      Reset(settings, operation, now_micros);
      previous_peak_ = std::max(previous_peak_, provisioned_rate / 2);
      return;
    }
    if (!on_demand_) {
      const double rate = ProvisionedRate(settings, operation);
      if (bucket_->units_per_second() != rate) {
        bucket_->SetRate(rate, now_micros);
      }
    }
  }

  std::optional<LimitType> Admit(const ResourceSettings& settings, Operation operation,
                                 std::optional<uint64_t> partition_key_hash, int64_t now_micros) {
    if (partition_key_hash.has_value()) {
      // Looked up, not created: a throttled request leaves no trace.
      const auto it = key_windows_.find(*partition_key_hash);
      if (it != key_windows_.end() && !it->second.Allows(KeyValueCeiling(operation), now_micros)) {
        return LimitType::kKeyRangeThroughputExceeded;
      }
    }
    if (!on_demand_) {
      if (!bucket_->Available(now_micros)) {
        return LimitType::kProvisionedThroughputExceeded;
      }
      return std::nullopt;
    }
    AdoptPeaks(now_micros);
    const double used = this_second_.Used(now_micros);
    const double max_units = MaxOnDemandUnits(settings, operation);
    if (max_units > 0 && used >= max_units) {
      return LimitType::kMaxOnDemandThroughputExceeded;
    }
    if (used >= AllowedOnDemandUnits(WarmUnits(settings, operation))) {
      return LimitType::kAccountLimitExceeded;
    }
    return std::nullopt;
  }

  void Charge(std::optional<uint64_t> partition_key_hash, double units, int64_t now_micros) {
    if (!(units > 0)) {
      return;
    }
    if (on_demand_) {
      AdoptPeaks(now_micros);
      this_second_.Add(units, now_micros);
      RecordRate(this_second_.Used(now_micros), now_micros);
    } else {
      bucket_->Consume(units, now_micros);
    }
    if (partition_key_hash.has_value()) {
      key_windows_[*partition_key_hash].Add(units, now_micros);
      if (key_windows_.size() > prune_above_) {
        PruneKeyWindows(now_micros);
      }
    }
  }

 private:
  // A per-second rate above the previous peak, waiting to become the previous peak.
  struct PendingPeak {
    int64_t second;
    int64_t reached_at_micros;
    double units;
  };

  void Reset(const ResourceSettings& settings, Operation operation, int64_t now_micros) {
    initialized_ = true;
    on_demand_ = settings.on_demand;
    if (on_demand_) {
      bucket_.reset();
    } else {
      const double rate = ProvisionedRate(settings, operation);
      bucket_.emplace(rate, kBurstSeconds, rate * kBurstSeconds, now_micros);
    }
    this_second_ = RateWindow();
    previous_peak_ = NewResourcePreviousPeak(operation);
    pending_peaks_.clear();
    key_windows_.clear();
    prune_above_ = kKeyWindowsPruneThreshold;
  }

  // DynamoDB: warm throughput is what the table serves at once, so it raises the rate a low
  // previous peak allows (Throttler.WarmThroughputServedAtOnce).
  double AllowedOnDemandUnits(double warm_units) const {
    return std::min(std::max(2 * previous_peak_, warm_units), kOnDemandTableQuotaUnits);
  }

  // Promotes every pending peak reached at least 30 minutes ago. They are kept in increasing
  // order of time and of units, so the last one promoted is the highest.
  void AdoptPeaks(int64_t now_micros) {
    while (!pending_peaks_.empty() &&
           now_micros - pending_peaks_.front().reached_at_micros >= kPeakAdoptionMicros) {
      previous_peak_ = std::max(previous_peak_, pending_peaks_.front().units);
      pending_peaks_.pop_front();
    }
  }

  // Notes that `units` have been used so far in the second of `now_micros`. A rate is remembered
  // only when it beats both the previous peak and every rate already pending (an earlier, higher
  // rate is adopted sooner and makes it moot), so the queue holds at most one entry per second of
  // the last 30 minutes; a ramp is adopted step by step, 30 minutes after each step.
  void RecordRate(double units, int64_t now_micros) {
    if (!pending_peaks_.empty() && now_micros < pending_peaks_.back().reached_at_micros) {
      // The clock was set back: the pending rates lie in its future and would wait for it to catch
      // up; they are forgotten instead (the previous peak is kept).
      pending_peaks_.clear();
    }
    const int64_t second = SecondOf(now_micros);
    if (!pending_peaks_.empty() && pending_peaks_.back().second == second) {
      PendingPeak& last = pending_peaks_.back();
      if (units > last.units) {
        last.units = units;
        last.reached_at_micros = now_micros;
      }
      return;
    }
    const double highest = pending_peaks_.empty() ? previous_peak_ : pending_peaks_.back().units;
    if (units > highest) {
      pending_peaks_.push_back({second, now_micros, units});
    }
  }

  // Drops the windows of other seconds: they count as empty (RateWindow) and hold nothing a later
  // request needs.
  void PruneKeyWindows(int64_t now_micros) {
    std::erase_if(key_windows_,
                  [now_micros](const auto& entry) { return entry.second.Used(now_micros) <= 0; });
    prune_above_ = std::max(kKeyWindowsPruneThreshold, 2 * key_windows_.size());
  }

  bool initialized_ = false;
  bool on_demand_ = false;
  // Provisioned: the table's (or index's) capacity with its burst.
  std::optional<TokenBucket> bucket_;
  // On-demand: units used in the current second, the previous peak and the higher rates pending.
  RateWindow this_second_;
  double previous_peak_ = 0;
  std::deque<PendingPeak> pending_peaks_;
  // Either mode: units used in the current second per partition key value (by hash).
  std::unordered_map<uint64_t, RateWindow> key_windows_;
  size_t prune_above_ = kKeyWindowsPruneThreshold;
};

struct ResourceState {
  std::mutex mutex;
  std::array<OperationState, 2> operations;
};

struct ResourceIdHash {
  size_t operator()(const ResourceId& id) const noexcept {
    return std::hash<uint64_t>{}((uint64_t{id.table_id} << 32) | id.index_id);
  }
};

size_t IndexOf(Operation operation) {
  return operation == Operation::kRead ? 0 : 1;
}

}  // namespace

struct Throttler::Impl {
  // Runs `fn` on the operation's state of `resource`, created on first use, under that resource's
  // lock. The map's lock is held (shared) throughout so that Forget cannot free the state in use;
  // requests to different resources never wait for each other.
  template <typename Fn>
  auto WithState(ResourceId resource, Operation operation, Fn&& fn) {
    {
      std::shared_lock map_lock(mutex);
      const auto it = resources.find(resource);
      if (it != resources.end()) {
        std::lock_guard state_lock(it->second->mutex);
        return fn(it->second->operations[IndexOf(operation)]);
      }
    }
    std::unique_lock map_lock(mutex);
    std::unique_ptr<ResourceState>& state = resources[resource];
    if (state == nullptr) {
      state = std::make_unique<ResourceState>();
    }
    std::lock_guard state_lock(state->mutex);
    return fn(state->operations[IndexOf(operation)]);
  }

  std::shared_mutex mutex;
  std::unordered_map<ResourceId, std::unique_ptr<ResourceState>, ResourceIdHash> resources;
};

std::string_view Throttle::Reason() const {
  // [Table, Index][Read, Write][LimitType]
  static constexpr std::array<std::array<std::array<std::string_view, 4>, 2>, 2> kReasons = {{
      {{
          {"TableReadProvisionedThroughputExceeded", "TableReadAccountLimitExceeded",
           "TableReadKeyRangeThroughputExceeded", "TableReadMaxOnDemandThroughputExceeded"},
          {"TableWriteProvisionedThroughputExceeded", "TableWriteAccountLimitExceeded",
           "TableWriteKeyRangeThroughputExceeded", "TableWriteMaxOnDemandThroughputExceeded"},
      }},
      {{
          {"IndexReadProvisionedThroughputExceeded", "IndexReadAccountLimitExceeded",
           "IndexReadKeyRangeThroughputExceeded", "IndexReadMaxOnDemandThroughputExceeded"},
          {"IndexWriteProvisionedThroughputExceeded", "IndexWriteAccountLimitExceeded",
           "IndexWriteKeyRangeThroughputExceeded", "IndexWriteMaxOnDemandThroughputExceeded"},
      }},
  }};
  const size_t limit_index = static_cast<size_t>(limit);
  if (limit_index >= 4) {
    return {};
  }
  return kReasons[resource.global_secondary_index() ? 1 : 0][IndexOf(operation)][limit_index];
}

Throttler::Throttler() : impl_(std::make_unique<Impl>()) {}

Throttler::~Throttler() = default;

std::optional<Throttle> Throttler::Admit(ResourceId resource, const ResourceSettings& settings,
                                         Operation operation,
                                         std::optional<uint64_t> partition_key_hash,
                                         int64_t now_micros) {
  const std::optional<LimitType> limit =
      impl_->WithState(resource, operation, [&](OperationState& state) {
        state.Sync(settings, operation, now_micros);
        return state.Admit(settings, operation, partition_key_hash, now_micros);
      });
  if (!limit.has_value()) {
    return std::nullopt;
  }
  return Throttle{.resource = resource,
                  .operation = operation,
                  .limit = *limit,
                  .on_demand = settings.on_demand};
}

void Throttler::Charge(ResourceId resource, const ResourceSettings& settings, Operation operation,
                       std::optional<uint64_t> partition_key_hash, double units,
                       int64_t now_micros) {
  impl_->WithState(resource, operation, [&](OperationState& state) {
    state.Sync(settings, operation, now_micros);
    state.Charge(partition_key_hash, units, now_micros);
  });
}

void Throttler::Forget(uint32_t table_id) {
  std::unique_lock map_lock(impl_->mutex);
  std::erase_if(impl_->resources,
                [table_id](const auto& entry) { return entry.first.table_id == table_id; });
}

}  // namespace dynafake::capacity
