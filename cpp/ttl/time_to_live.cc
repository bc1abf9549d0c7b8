#include "ttl/time_to_live.h"

#include <optional>
#include <string>
#include <utility>

#include "model/item_codec.h"
#include "util/check.h"

namespace dynafake::ttl {
namespace {

using table::TimeToLiveStatus;

// `micros` microseconds as a number of seconds, exactly.
model::Number SecondsOf(int64_t micros) {
  Result<model::Number> seconds = model::Number::Parse(std::to_string(micros) + "e-6");
  // Nineteen digits at most, an exponent far inside the range: always a valid number.
  DF_CHECK(seconds.has_value());
  return std::move(seconds).value();
}

// ENABLING counts as enabled: the setting is taking effect and names its attribute.
bool Active(TimeToLiveStatus status) {
  return status == TimeToLiveStatus::kEnabling || status == TimeToLiveStatus::kEnabled;
}

// Finds the number the item's top-level attribute `attribute` holds, walking its encoding.
class TopLevelNumberFinder final : public model::EncodedItemVisitor {
 public:
  explicit TopLevelNumberFinder(std::string_view attribute) : attribute_(attribute) {}

  // The number found, if the attribute is there and is an N.
  std::optional<model::Number>& found() { return found_; }

  void BeginMap(size_t /*size*/) override { ++depth_; }

  void MemberName(std::string_view name) override {
    // Depth 1 is the item's own map: its members are the top-level attributes.
    target_ = depth_ == 1 && name == attribute_;
  }

  void EndMap() override { --depth_; }

  void BeginList(size_t /*size*/) override { ++depth_; }

  void EndList() override { --depth_; }

  void BeginSet(model::AttributeType /*type*/, size_t /*size*/) override { ++depth_; }

  void EndSet() override { --depth_; }

  void StringOrBinary(model::AttributeType /*type*/, std::string_view /*bytes*/) override {}

  void NumberParts(bool negative, int32_t exponent, std::string_view digits) override {
    if (depth_ == 1 && target_) {
      found_ = model::Number::FromParts(negative, exponent, std::string(digits));
    }
  }

  void Bool(bool /*value*/) override {}

  void Null() override {}

 private:
  const std::string_view attribute_;
  int depth_ = 0;
  bool target_ = false;
  std::optional<model::Number> found_;
};

}  // namespace

std::string_view TimeToLiveStatusName(TimeToLiveStatus status) {
  switch (status) {
    case TimeToLiveStatus::kEnabling:
      return "ENABLING";
    case TimeToLiveStatus::kEnabled:
      return "ENABLED";
    case TimeToLiveStatus::kDisabling:
      return "DISABLING";
    case TimeToLiveStatus::kDisabled:
      break;
  }
  return "DISABLED";
}

Status ApplyTimeToLiveChange(table::TimeToLive& ttl, bool enabled, std::string_view attribute_name,
                             int64_t now_micros, int64_t transition_micros) {
  // DynamoDB: what the request asks is checked against the setting before the cooldown, so a
  // repeated or contradictory request gets its own message even within the window
  // (conformance/test_time_to_live.py::test_content_errors_come_before_the_cooldown).
  const bool active = Active(ttl.status);
  if (enabled && active) {
    if (attribute_name == ttl.attribute_name) {
      return ValidationError(kAlreadyEnabled);
    }
    return ValidationError(kActiveOnDifferentAttribute + ttl.attribute_name);
  }
  if (!enabled) {
    if (!active) {
      return ValidationError(kAlreadyDisabled);
    }
    // DynamoDB: disabling must name the attribute TTL is active on
    // (conformance/test_time_to_live.py::test_disable_naming_another_attribute).
    if (attribute_name != ttl.attribute_name) {
      return ValidationError(kActiveOnDifferentAttribute + ttl.attribute_name);
    }
  }
  if (ttl.last_change_micros != 0 && now_micros - ttl.last_change_micros < kChangeCooldownMicros) {
    return ValidationError(kChangedTooOften);
  }
  const bool settles_at_once = transition_micros <= 0;
  if (enabled) {
    ttl.attribute_name = attribute_name;
    ttl.status = settles_at_once ? TimeToLiveStatus::kEnabled : TimeToLiveStatus::kEnabling;
  } else {
    ttl.status = settles_at_once ? TimeToLiveStatus::kDisabled : TimeToLiveStatus::kDisabling;
    if (settles_at_once) {
      ttl.attribute_name.clear();
    }
  }
  ttl.status_until_micros = settles_at_once ? 0 : now_micros + transition_micros;
  ttl.last_change_micros = now_micros;
  return Status::Ok();
}

bool CompleteTimeToLiveTransition(table::TimeToLive& ttl, int64_t now_micros) {
  if (ttl.status_until_micros == 0 || now_micros < ttl.status_until_micros) {
    return false;
  }
  if (ttl.status == TimeToLiveStatus::kEnabling) {
    ttl.status = TimeToLiveStatus::kEnabled;
  } else if (ttl.status == TimeToLiveStatus::kDisabling) {
    ttl.status = TimeToLiveStatus::kDisabled;
    ttl.attribute_name.clear();
  }
  ttl.status_until_micros = 0;
  return true;
}

TimeToLiveDescription DescribeTimeToLive(const table::TimeToLive& ttl) {
  TimeToLiveDescription description;
  description.status = ttl.status;
  // DynamoDB: a disabled setting, like one never configured, shows no AttributeName
  // (conformance/test_time_to_live.py::test_disabled_shows_no_attribute_name).
  if (ttl.status != TimeToLiveStatus::kDisabled) {
    description.attribute_name = ttl.attribute_name;
  }
  return description;
}

ExpiryCheck::ExpiryCheck(int64_t now_micros) : now_seconds_(SecondsOf(now_micros)) {
  Result<model::Number> oldest =
      model::Number::Subtract(now_seconds_, SecondsOf(kIgnoredOlderThanMicros));
  // Both operands have at most 19 significant digits and six decimals: exact and in range.
  DF_CHECK(oldest.has_value());
  oldest_seconds_ = std::move(oldest).value();
}

bool ExpiryCheck::IsExpired(const model::Number& value) const {
  // DynamoDB: expired once the current time is past the value; values more than five years in the
  // past are ignored (ttl/time_to_live_test.cc, TimeToLiveExpiryTest).
  return value < now_seconds_ && !(value < oldest_seconds_);
}

bool ExpiryCheck::IsExpired(const model::Item& item, std::string_view attribute) const {
  auto it = item.find(attribute);
  // DynamoDB: only a Number counts; a string holding digits, a set or a list never expires
  // (conformance/test_time_to_live.py::test_only_recent_top_level_numbers_expire).
  if (it == item.end() || it->second.type() != model::AttributeType::kN) {
    return false;
  }
  return IsExpired(it->second.as_number());
}

bool ExpiryCheck::IsEncodedItemExpired(std::string_view encoded_item,
                                       std::string_view attribute) const {
  TopLevelNumberFinder finder(attribute);
  if (!model::VisitEncodedItem(encoded_item, &finder).ok() || !finder.found()) {
    return false;
  }
  return IsExpired(*finder.found());
}

bool IsExpired(const model::Item& item, std::string_view attribute, int64_t now_micros) {
  return ExpiryCheck(now_micros).IsExpired(item, attribute);
}

}  // namespace dynafake::ttl
