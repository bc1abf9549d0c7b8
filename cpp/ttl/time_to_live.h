// Time to Live: the rules of UpdateTimeToLive and DescribeTimeToLive on a table's TimeToLive
// setting, and which items have expired. Pure functions of their arguments and the time given;
// the sweeper (ttl/sweeper.h) deletes what they find expired.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dynafake/clock.h"
#include "dynafake/status.h"

#include "model/attribute_value.h"
#include "model/number.h"
#include "table/schema.h"

namespace dynafake::ttl {

// DynamoDB ⚠: a successful UpdateTimeToLive starts a window in which any other change is refused
// with kChangedTooOften. The API reference documents one hour; a measured cooldown lasted about
// 31 minutes. The documented figure is used (conformance/test_time_to_live.py::
// test_second_change_within_the_hour_is_refused).
inline constexpr int64_t kChangeCooldownMicros = kMicrosPerHour;

// DynamoDB ⚠: items whose expiry time lies more than five years in the past are never deleted
// (developer guide, "Formatting an item's TTL attribute"). Taken as 5 * 365 days
// (ttl/time_to_live_test.cc, TimeToLiveExpiryTest.FarPastValuesNeverExpire).
inline constexpr int64_t kIgnoredOlderThanMicros = 5 * 365 * kMicrosPerDay;

// The service's messages (ValidationException).
inline constexpr char kAlreadyEnabled[] = "TimeToLive is already enabled";
inline constexpr char kAlreadyDisabled[] = "TimeToLive is already disabled";
// Followed by the attribute TTL is active on. DynamoDB ⚠: the full text is as reported by users;
// not confirmed against the service.
inline constexpr char kActiveOnDifferentAttribute[] =
    "TimeToLive is active on a different AttributeName: current AttributeName is ";
inline constexpr char kChangedTooOften[] =
    "Time to live has been modified multiple times within a fixed interval";

// "ENABLING", "ENABLED", "DISABLING" or "DISABLED".
std::string_view TimeToLiveStatusName(table::TimeToLiveStatus status);

// Applies UpdateTimeToLive {Enabled: enabled, AttributeName: attribute_name} at `now_micros`, or
// says why the service refuses it (leaving `ttl` unchanged). The content checks come before the
// cooldown check, as the service orders them. Enabling sets ENABLING until now +
// transition_micros, then ENABLED; disabling sets DISABLING, then DISABLED (which forgets the
// attribute). With `transition_micros` 0 the new status is settled at once.
// REQUIRES: transitions due at `now_micros` completed (CompleteTimeToLiveTransition).
Status ApplyTimeToLiveChange(table::TimeToLive& ttl, bool enabled, std::string_view attribute_name,
                             int64_t now_micros, int64_t transition_micros);

// Ends an ENABLING or DISABLING status whose time is up at `now_micros`. Returns true when
// anything changed.
bool CompleteTimeToLiveTransition(table::TimeToLive& ttl, int64_t now_micros);

// What DescribeTimeToLive shows of `ttl` (transitions completed first).
struct TimeToLiveDescription {
  table::TimeToLiveStatus status = table::TimeToLiveStatus::kDisabled;
  // Empty when DISABLED: the service shows no AttributeName then, configured before or not.
  std::string attribute_name;
};

TimeToLiveDescription DescribeTimeToLive(const table::TimeToLive& ttl);

// Which items have expired at one instant. An item has expired when its attribute `attribute`
// (top level) is a number of epoch seconds (fractions and exponents allowed) that lies before the
// instant, but not more than kIgnoredOlderThanMicros before it; any other value, or none, never
// expires. Exact decimal comparisons: any number in the service's range, however large or
// negative, is handled.
class ExpiryCheck {
 public:
  explicit ExpiryCheck(int64_t now_micros);

  bool IsExpired(const model::Number& value) const;
  bool IsExpired(const model::Item& item, std::string_view attribute) const;
  // The same check on an item as stored (model/item_codec.h), without decoding it. An encoding
  // that cannot be read never expires.
  bool IsEncodedItemExpired(std::string_view encoded_item, std::string_view attribute) const;

 private:
  model::Number now_seconds_;
  model::Number oldest_seconds_;
};

bool IsExpired(const model::Item& item, std::string_view attribute, int64_t now_micros);

}  // namespace dynafake::ttl
