#include "api/control/throughput_change.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "dynafake/clock.h"

#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr int64_t kDecreasesPerDayBeforeHourly = 4;
constexpr size_t kPayPerRequestSwitchesPerDay = 4;

constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};
constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

Status LimitExceeded(std::string message) {
  return Status(ErrorCode::kLimitExceeded, "Subscriber limit exceeded: " + std::move(message));
}

std::string WillNotChange(const Throughput& requested, const std::string& subject,
                          const table::ProvisionedThroughput& current) {
  // DynamoDB: "for the table" but "for index <name>" where the current value is quoted.
  const std::string holder = subject == "table" ? "the table" : subject;
  return "The provisioned throughput for the " + subject +
         " will not change. The requested value equals the current value. Current "
         "ReadCapacityUnits provisioned for " +
         holder + ": " + std::to_string(current.read_capacity_units) +
         ". Requested ReadCapacityUnits: " + std::to_string(requested.read_capacity_units) +
         ". Current WriteCapacityUnits provisioned for " + holder + ": " +
         std::to_string(current.write_capacity_units) +
         ". Requested WriteCapacityUnits: " + std::to_string(requested.write_capacity_units) +
         ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request "
         "higher limits.";
}

// DynamoDB: the next decrease is due an hour after the last one, or at 00:00 UTC when the daily
// budget starts again, whichever comes first.
Status DecreaseLimit(int64_t decreases_today, int64_t last_decrease_micros, int64_t now_micros) {
  const int64_t next_day = (now_micros / kMicrosPerDay + 1) * kMicrosPerDay;
  const int64_t next = std::min(last_decrease_micros + kMicrosPerHour, next_day);
  return LimitExceeded(
      "Provisioned throughput decreases are limited within a given UTC day. After the first 4 "
      "decreases, each subsequent decrease in the same UTC day can be performed at most once "
      "every 3600 seconds. Number of decreases today: " +
      std::to_string(decreases_today) + ". Last decrease at " +
      FormatLongUtc(last_decrease_micros) + ". Next decrease can be made at " +
      FormatLongUtc(next));
}

}  // namespace

Status ChangeThroughput(const Throughput& requested, int64_t now_micros, const std::string& subject,
                        table::ProvisionedThroughput& current) {
  if (requested.read_capacity_units == current.read_capacity_units &&
      requested.write_capacity_units == current.write_capacity_units) {
    return ValidationError(WillNotChange(requested, subject, current));
  }
  DF_RETURN_IF_ERROR(CheckThroughputBounds(requested));
  const bool decrease = requested.read_capacity_units < current.read_capacity_units ||
                        requested.write_capacity_units < current.write_capacity_units;
  const bool increase = requested.read_capacity_units > current.read_capacity_units ||
                        requested.write_capacity_units > current.write_capacity_units;
  const int64_t decreases_today = DecreasesToday(current, now_micros);
  if (decrease && decreases_today >= kDecreasesPerDayBeforeHourly &&
      now_micros < current.last_decrease_micros + kMicrosPerHour) {
    return DecreaseLimit(decreases_today, current.last_decrease_micros, now_micros);
  }
  current.number_of_decreases_today = decreases_today;
  if (decrease) {
    // DynamoDB: lowering both values in one call is one decrease.
    ++current.number_of_decreases_today;
    current.last_decrease_micros = now_micros;
  }
  if (increase) {
    current.last_increase_micros = now_micros;
  }
  current.read_capacity_units = requested.read_capacity_units;
  current.write_capacity_units = requested.write_capacity_units;
  return Status::Ok();
}

Status RecordPayPerRequestSwitch(table::TableDescription& description, int64_t now_micros) {
  std::vector<int64_t>& switches = description.pay_per_request_switch_micros;
  std::erase_if(switches, [&](int64_t at) { return at <= now_micros - kMicrosPerDay; });
  if (switches.size() >= kPayPerRequestSwitchesPerDay) {
    return LimitExceeded("Update to PayPerRequest mode are limited to 4 times in 1 day(s).");
  }
  switches.push_back(now_micros);
  return Status::Ok();
}

std::string FormatLongUtc(int64_t epoch_micros) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_micros / kMicrosPerSecond);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  const int hour = utc.tm_hour % 12 == 0 ? 12 : utc.tm_hour % 12;
  char time_of_day[16];
  std::snprintf(time_of_day, sizeof(time_of_day), "%d:%02d:%02d", hour, utc.tm_min, utc.tm_sec);
  return std::string(kWeekdays[utc.tm_wday]) + ", " + kMonths[utc.tm_mon] + " " +
         std::to_string(utc.tm_mday) + ", " + std::to_string(utc.tm_year + 1900) + " at " +
         time_of_day + (utc.tm_hour < 12 ? " AM" : " PM") + " Coordinated Universal Time";
}

}  // namespace dynafake::api
