#include "capacity/usage.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <mutex>
#include <utility>

#include "dynafake/clock.h"

#include "util/check.h"

namespace dynafake::capacity {
namespace {

constexpr int64_t kNoMinute = std::numeric_limits<int64_t>::min();

// floor(a / b) for b > 0, also for instants before the epoch.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if (a % b < 0) {
    --q;
  }
  return q;
}

int64_t FloorMod(int64_t a, int64_t b) {
  return a - FloorDiv(a, b) * b;
}

struct Counters {
  double read_units = 0;
  double write_units = 0;
  int64_t read_throttled = 0;
  int64_t write_throttled = 0;

  void AddUnits(Operation operation, double units) {
    (operation == Operation::kRead ? read_units : write_units) += units;
  }

  void AddThrottle(Operation operation) {
    ++(operation == Operation::kRead ? read_throttled : write_throttled);
  }
};

struct MinuteSlot {
  int64_t minute = kNoMinute;  // floor(micros / 60 s) of the point held, kNoMinute when none
  Counters counters;
};

struct KeyCounter {
  uint64_t hash = 0;
  std::string label;
  double read_units = 0;
  double write_units = 0;
  double error_units = 0;

  double units() const { return read_units + write_units; }
};

}  // namespace

struct UsageRecorder::ResourceState {
  std::mutex mutex;

  Counters totals;
  int64_t first_micros = std::numeric_limits<int64_t>::max();
  int64_t last_micros = std::numeric_limits<int64_t>::min();

  // The second being accumulated and its units; the peaks are maxima over every accumulation.
  int64_t second = std::numeric_limits<int64_t>::min();
  double second_read_units = 0;
  double second_write_units = 0;
  double peak_read_units = 0;
  double peak_write_units = 0;

  // Ring of minutes: minute m lives in slot m mod kUsageMinutes. The ring holds the minutes in
  // (latest_minute - kUsageMinutes, latest_minute]; a slot whose minute is older is stale and is
  // overwritten when its slot is next needed (or skipped by a snapshot).
  int64_t latest_minute = kNoMinute;
  std::array<MinuteSlot, kUsageMinutes> minutes;

  // Space-saving counters; the first key_count are in use.
  std::array<KeyCounter, kHotKeyCounters> keys;
  int key_count = 0;

  void Touch(int64_t now_micros) {
    first_micros = std::min(first_micros, now_micros);
    last_micros = std::max(last_micros, now_micros);
  }

  // The point of the minute containing `now_micros`, or nullptr when that minute is older than the
  // ring reaches (a clock set back by more than the ring's span).
  Counters* MinutePoint(int64_t now_micros) {
    const int64_t minute = FloorDiv(now_micros, kMicrosPerMinute);
    if (latest_minute == kNoMinute || minute > latest_minute) {
      latest_minute = minute;
    } else if (minute <= latest_minute - kUsageMinutes) {
      return nullptr;
    }
    MinuteSlot& slot = minutes[static_cast<size_t>(FloorMod(minute, kUsageMinutes))];
    if (slot.minute != minute) {
      // Minutes within the ring map to distinct slots, so what the slot held is outside it.
      slot.minute = minute;
      slot.counters = Counters{};
    }
    return &slot.counters;
  }

  void AddToSecond(Operation operation, double units, int64_t now_micros) {
    const int64_t now_second = FloorDiv(now_micros, kMicrosPerSecond);
    if (now_second != second) {
      // Any other second, later or earlier (a clock set back), starts from zero: an earlier
      // second's units were already counted toward the peak when they were recorded.
      second = now_second;
      second_read_units = 0;
      second_write_units = 0;
    }
    if (operation == Operation::kRead) {
      second_read_units += units;
      peak_read_units = std::max(peak_read_units, second_read_units);
    } else {
      second_write_units += units;
      peak_write_units = std::max(peak_write_units, second_write_units);
    }
  }

  void AddToKey(Operation operation, double units, uint64_t hash, std::string_view label) {
    KeyCounter* counter = nullptr;
    for (int i = 0; i < key_count; ++i) {
      if (keys[static_cast<size_t>(i)].hash == hash) {
        counter = &keys[static_cast<size_t>(i)];
        break;
      }
    }
    if (counter == nullptr) {
      if (key_count < kHotKeyCounters) {
        counter = &keys[static_cast<size_t>(key_count++)];
        counter->hash = hash;  // never used before: the count only grows
      } else {
        // Space-saving: the new value takes over the smallest counter and inherits its count,
        // which it may or may not have consumed; that count bounds the over-estimate.
        counter = &*std::min_element(
            keys.begin(), keys.end(),
            [](const KeyCounter& a, const KeyCounter& b) { return a.units() < b.units(); });
        counter->hash = hash;
        counter->label.clear();
        counter->error_units = counter->units();
      }
    }
    if (counter->label.empty() && !label.empty()) {
      counter->label.assign(label);
    }
    (operation == Operation::kRead ? counter->read_units : counter->write_units) += units;
  }

  ResourceUsage Report(ResourceId resource) const {
    ResourceUsage usage;
    usage.resource = resource;
    usage.read_units = totals.read_units;
    usage.write_units = totals.write_units;
    usage.read_throttled = totals.read_throttled;
    usage.write_throttled = totals.write_throttled;
    usage.peak_read_units_per_second = peak_read_units;
    usage.peak_write_units_per_second = peak_write_units;
    usage.first_micros = first_micros;
    usage.last_micros = last_micros;
    for (const MinuteSlot& slot : minutes) {
      if (slot.minute != kNoMinute && slot.minute > latest_minute - kUsageMinutes) {
        usage.minutes.push_back(UsagePoint{
            .minute_start_micros = slot.minute * kMicrosPerMinute,
            .read_units = slot.counters.read_units,
            .write_units = slot.counters.write_units,
            .read_throttled = slot.counters.read_throttled,
            .write_throttled = slot.counters.write_throttled,
        });
      }
    }
    std::sort(usage.minutes.begin(), usage.minutes.end(),
              [](const UsagePoint& a, const UsagePoint& b) {
                return a.minute_start_micros < b.minute_start_micros;
              });
    for (int i = 0; i < key_count; ++i) {
      const KeyCounter& counter = keys[static_cast<size_t>(i)];
      usage.hottest_keys.push_back(KeyUsage{
          .label = counter.label,
          .partition_key_hash = counter.hash,
          .read_units = counter.read_units,
          .write_units = counter.write_units,
          .error_units = counter.error_units,
      });
    }
    // Ties by hash, so that equal counts list in the same order in every snapshot.
    std::sort(usage.hottest_keys.begin(), usage.hottest_keys.end(),
              [](const KeyUsage& a, const KeyUsage& b) {
                if (a.units() != b.units()) {
                  return a.units() > b.units();
                }
                return a.partition_key_hash < b.partition_key_hash;
              });
    if (usage.hottest_keys.size() > static_cast<size_t>(kHottestKeysReported)) {
      usage.hottest_keys.resize(kHottestKeysReported);
    }
    return usage;
  }
};

UsageRecorder::UsageRecorder() = default;

UsageRecorder::~UsageRecorder() = default;

template <typename Fn>
void UsageRecorder::WithResource(ResourceId resource, Fn&& record) {
  const uint64_t key = Key(resource);
  {
    std::shared_lock map_lock(resources_mutex_);
    auto it = resources_.find(key);
    if (it != resources_.end()) {
      ResourceState& state = *it->second;
      std::lock_guard lock(state.mutex);
      record(state);
      return;
    }
  }
  // First record of the resource: the only path that allocates or takes the map exclusively.
  std::unique_lock map_lock(resources_mutex_);
  auto [it, inserted] = resources_.try_emplace(key);
  if (inserted) {
    it->second = std::make_unique<ResourceState>();
  }
  ResourceState& state = *it->second;
  std::lock_guard lock(state.mutex);
  record(state);
}

void UsageRecorder::RecordConsumed(ResourceId resource, Operation operation, double units,
                                   std::optional<uint64_t> partition_key_hash,
                                   std::string_view partition_key_label, int64_t now_micros) {
  DF_CHECK(std::isfinite(units) && units >= 0);
  WithResource(resource, [&](ResourceState& state) {
    state.Touch(now_micros);
    state.totals.AddUnits(operation, units);
    if (Counters* point = state.MinutePoint(now_micros)) {
      point->AddUnits(operation, units);
    }
    state.AddToSecond(operation, units, now_micros);
    if (partition_key_hash.has_value()) {
      state.AddToKey(operation, units, *partition_key_hash, partition_key_label);
    }
  });
}

void UsageRecorder::RecordThrottled(ResourceId resource, Operation operation, int64_t now_micros) {
  WithResource(resource, [&](ResourceState& state) {
    state.Touch(now_micros);
    state.totals.AddThrottle(operation);
    if (Counters* point = state.MinutePoint(now_micros)) {
      point->AddThrottle(operation);
    }
  });
}

std::vector<ResourceUsage> UsageRecorder::Snapshot() const {
  std::shared_lock map_lock(resources_mutex_);
  std::vector<ResourceUsage> usages;
  usages.reserve(resources_.size());
  for (const auto& [key, state] : resources_) {
    const ResourceId resource{.table_id = static_cast<uint32_t>(key >> 32),
                              .index_id = static_cast<uint32_t>(key)};
    std::lock_guard lock(state->mutex);
    usages.push_back(state->Report(resource));
  }
  return usages;
}

std::optional<ResourceUsage> UsageRecorder::Snapshot(ResourceId resource) const {
  std::shared_lock map_lock(resources_mutex_);
  auto it = resources_.find(Key(resource));
  if (it == resources_.end()) {
    return std::nullopt;
  }
  std::lock_guard lock(it->second->mutex);
  return it->second->Report(resource);
}

void UsageRecorder::Forget(uint32_t table_id) {
  std::unique_lock map_lock(resources_mutex_);
  auto it = resources_.lower_bound(Key(ResourceId{.table_id = table_id}));
  while (it != resources_.end() && (it->first >> 32) == table_id) {
    it = resources_.erase(it);
  }
}

void UsageRecorder::Reset() {
  std::unique_lock map_lock(resources_mutex_);
  resources_.clear();
}

Usage ToCostUsage(const ResourceUsage& usage, int64_t stored_bytes, int64_t item_count) {
  // In double: the difference of two arbitrary instants may not fit in int64_t.
  const double period_seconds =
      (static_cast<double>(usage.last_micros) - static_cast<double>(usage.first_micros)) /
      kMicrosPerSecond;
  return Usage{
      .read_units = usage.read_units,
      .write_units = usage.write_units,
      .period_seconds = std::max(1.0, period_seconds),
      .peak_read_units_per_second = usage.peak_read_units_per_second,
      .peak_write_units_per_second = usage.peak_write_units_per_second,
      .stored_bytes = stored_bytes,
      .item_count = item_count,
  };
}

}  // namespace dynafake::capacity
