#include "ttl/time_to_live.h"

#include <string>

#include <gtest/gtest.h>

#include "model/item_codec.h"

namespace dynafake::ttl {
namespace {

using table::TimeToLive;
using table::TimeToLiveStatus;

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kStart = 1'700'000'000 * kSecond;
constexpr int64_t kTransition = 5 * kSecond;

model::AttributeValue N(const std::string& text) {
  Result<model::Number> number = model::Number::Parse(text);
  EXPECT_TRUE(number.has_value()) << text;
  return model::AttributeValue::FromNumber(number.has_value() ? number.value() : model::Number());
}

model::Item ItemWith(const std::string& attribute, model::AttributeValue value) {
  return {{"pk", model::AttributeValue::String("a")}, {attribute, std::move(value)}};
}

TimeToLive Enabled(const std::string& attribute, int64_t changed_at) {
  TimeToLive ttl;
  ttl.attribute_name = attribute;
  ttl.status = TimeToLiveStatus::kEnabled;
  ttl.last_change_micros = changed_at;
  return ttl;
}

// --- UpdateTimeToLive --------------------------------------------------------------------------

TEST(TimeToLiveChangeTest, EnableWithoutTransitionIsEnabledAtOnce) {
  TimeToLive ttl;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, true, "expires", kStart, 0).ok());
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kEnabled);
  EXPECT_EQ(ttl.attribute_name, "expires");
  EXPECT_EQ(ttl.status_until_micros, 0);
  EXPECT_EQ(ttl.last_change_micros, kStart);
}

TEST(TimeToLiveChangeTest, EnableGoesThroughEnablingOnTheClock) {
  TimeToLive ttl;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, true, "expires", kStart, kTransition).ok());
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kEnabling);
  EXPECT_EQ(ttl.status_until_micros, kStart + kTransition);
  EXPECT_FALSE(CompleteTimeToLiveTransition(ttl, kStart + kTransition - 1));
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kEnabling);
  EXPECT_TRUE(CompleteTimeToLiveTransition(ttl, kStart + kTransition));
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kEnabled);
  EXPECT_EQ(ttl.attribute_name, "expires");
  EXPECT_EQ(ttl.status_until_micros, 0);
  EXPECT_FALSE(CompleteTimeToLiveTransition(ttl, kStart + 10 * kTransition));
}

TEST(TimeToLiveChangeTest, DisableGoesThroughDisablingAndForgetsTheAttribute) {
  TimeToLive ttl = Enabled("expires", kStart);
  const int64_t later = kStart + kChangeCooldownMicros;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, false, "expires", later, kTransition).ok());
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kDisabling);
  TimeToLiveDescription shown = DescribeTimeToLive(ttl);
  EXPECT_EQ(shown.status, TimeToLiveStatus::kDisabling);
  EXPECT_EQ(shown.attribute_name, "expires");
  EXPECT_TRUE(CompleteTimeToLiveTransition(ttl, later + kTransition));
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kDisabled);
  EXPECT_EQ(ttl.attribute_name, "");
  shown = DescribeTimeToLive(ttl);
  EXPECT_EQ(shown.status, TimeToLiveStatus::kDisabled);
  EXPECT_EQ(shown.attribute_name, "");
}

TEST(TimeToLiveChangeTest, DisableWithoutTransitionIsDisabledAtOnce) {
  TimeToLive ttl = Enabled("expires", kStart);
  const int64_t later = kStart + kChangeCooldownMicros;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, false, "expires", later, 0).ok());
  EXPECT_EQ(ttl.status, TimeToLiveStatus::kDisabled);
  EXPECT_EQ(ttl.attribute_name, "");
  EXPECT_EQ(ttl.last_change_micros, later);
}

void ExpectRefused(TimeToLive ttl, bool enabled, const std::string& attribute, int64_t now,
                   const std::string& message) {
  const TimeToLive before = ttl;
  Status status = ApplyTimeToLiveChange(ttl, enabled, attribute, now, kTransition);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), ErrorCode::kValidation);
  EXPECT_EQ(status.message(), message);
  // A refused change leaves the setting as it was.
  EXPECT_EQ(ttl.status, before.status);
  EXPECT_EQ(ttl.attribute_name, before.attribute_name);
  EXPECT_EQ(ttl.last_change_micros, before.last_change_micros);
  EXPECT_EQ(ttl.status_until_micros, before.status_until_micros);
}

TEST(TimeToLiveChangeTest, ContentErrors) {
  const int64_t later = kStart + 2 * kChangeCooldownMicros;
  ExpectRefused(TimeToLive{}, false, "expires", later, "TimeToLive is already disabled");
  ExpectRefused(Enabled("expires", kStart), true, "expires", later,
                "TimeToLive is already enabled");
  ExpectRefused(Enabled("expires", kStart), true, "other", later,
                "TimeToLive is active on a different AttributeName: current AttributeName is "
                "expires");
  ExpectRefused(Enabled("expires", kStart), false, "other", later,
                "TimeToLive is active on a different AttributeName: current AttributeName is "
                "expires");
}

TEST(TimeToLiveChangeTest, EnablingCountsAsEnabled) {
  TimeToLive ttl;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, true, "expires", kStart, kTransition).ok());
  ExpectRefused(ttl, true, "expires", kStart + 1, "TimeToLive is already enabled");
}

TEST(TimeToLiveChangeTest, DisablingCountsAsDisabled) {
  TimeToLive ttl = Enabled("expires", kStart);
  const int64_t later = kStart + kChangeCooldownMicros;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, false, "expires", later, kTransition).ok());
  ExpectRefused(ttl, false, "expires", later + 1, "TimeToLive is already disabled");
}

TEST(TimeToLiveChangeTest, ContentErrorsComeBeforeTheCooldown) {
  // Changed just now: the cooldown is running, yet each request gets its own content error.
  ExpectRefused(Enabled("expires", kStart), true, "expires", kStart + 1,
                "TimeToLive is already enabled");
  ExpectRefused(Enabled("expires", kStart), false, "dog", kStart + 1,
                "TimeToLive is active on a different AttributeName: current AttributeName is "
                "expires");
}

TEST(TimeToLiveChangeTest, ASecondChangeWaitsForTheCooldown) {
  TimeToLive ttl;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, true, "expires", kStart, 0).ok());
  ExpectRefused(ttl, false, "expires", kStart + kChangeCooldownMicros - 1,
                "Time to live has been modified multiple times within a fixed interval");
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, false, "expires", kStart + kChangeCooldownMicros, 0).ok());
  // The successful change starts a new window.
  ExpectRefused(ttl, true, "other", kStart + kChangeCooldownMicros + 1,
                "Time to live has been modified multiple times within a fixed interval");
  EXPECT_TRUE(
      ApplyTimeToLiveChange(ttl, true, "other", kStart + 2 * kChangeCooldownMicros, 0).ok());
  EXPECT_EQ(ttl.attribute_name, "other");
}

TEST(TimeToLiveChangeTest, RefusedChangesDoNotExtendTheWindow) {
  TimeToLive ttl;
  ASSERT_TRUE(ApplyTimeToLiveChange(ttl, true, "expires", kStart, 0).ok());
  ExpectRefused(ttl, false, "expires", kStart + kChangeCooldownMicros / 2,
                "Time to live has been modified multiple times within a fixed interval");
  EXPECT_TRUE(ApplyTimeToLiveChange(ttl, false, "expires", kStart + kChangeCooldownMicros, 0).ok());
}

TEST(TimeToLiveChangeTest, CooldownIsTheDocumentedHour) {
  EXPECT_EQ(kChangeCooldownMicros, int64_t{3600} * kSecond);
}

TEST(TimeToLiveChangeTest, NeverConfiguredDescribesAsDisabled) {
  const TimeToLiveDescription shown = DescribeTimeToLive(TimeToLive{});
  EXPECT_EQ(shown.status, TimeToLiveStatus::kDisabled);
  EXPECT_EQ(shown.attribute_name, "");
  EXPECT_EQ(TimeToLiveStatusName(TimeToLiveStatus::kDisabled), "DISABLED");
  EXPECT_EQ(TimeToLiveStatusName(TimeToLiveStatus::kEnabling), "ENABLING");
  EXPECT_EQ(TimeToLiveStatusName(TimeToLiveStatus::kEnabled), "ENABLED");
  EXPECT_EQ(TimeToLiveStatusName(TimeToLiveStatus::kDisabling), "DISABLING");
}

// --- expiry --------------------------------------------------------------------------------------

// The clock at kStart is 1700000000 seconds.
TEST(TimeToLiveExpiryTest, ExpiresOnceTheClockIsPastTheValue) {
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("1699999999")), "ttl", kStart));
  // Equal is not past.
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1700000000")), "ttl", kStart));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("1700000000")), "ttl", kStart + 1));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1700000001")), "ttl", kStart));
}

TEST(TimeToLiveExpiryTest, FractionsAndExponentsAreSeconds) {
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("1699999999.999999")), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1700000000.000001")), "ttl", kStart));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("1700000000.000001")), "ttl", kStart + 2));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("1.6999e9")), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("17E8")), "ttl", kStart));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("17E8")), "ttl", kStart + 1));
}

TEST(TimeToLiveExpiryTest, MillisecondsAreFarFuture) {
  // A common mistake: epoch milliseconds read as seconds lie tens of thousands of years ahead.
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1699999999000")), "ttl", kStart));
}

TEST(TimeToLiveExpiryTest, FarPastValuesNeverExpire) {
  const int64_t five_years = int64_t{5} * 365 * 86'400;
  const int64_t oldest = 1'700'000'000 - five_years;
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N(std::to_string(oldest))), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N(std::to_string(oldest - 1))), "ttl", kStart));
  // A microsecond later the same value is one microsecond too old; half a second more is not.
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N(std::to_string(oldest))), "ttl", kStart + 1));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N(std::to_string(oldest) + ".5e0")), "ttl", kStart + 1));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("0")), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("162777600")), "ttl", kStart));
}

TEST(TimeToLiveExpiryTest, HugeAndNegativeValuesAreHandled) {
  EXPECT_FALSE(
      IsExpired(ItemWith("ttl", N("9.9999999999999999999999999999999999999E+125")), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("-9.9999999999999999999999999999999999999E+125")), "ttl",
                         kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("-1")), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1E-130")), "ttl", kStart));
  // Near the epoch a small negative value is within five years, so it counts.
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("-1")), "ttl", 86'400 * kSecond));
  // The extreme clock readings never overflow.
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1")), "ttl", INT64_MIN));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", N("1")), "ttl", INT64_MAX));
  EXPECT_TRUE(IsExpired(ItemWith("ttl", N("9223372036854")), "ttl", INT64_MAX));
}

TEST(TimeToLiveExpiryTest, OnlyTopLevelNumbersCount) {
  EXPECT_FALSE(IsExpired(ItemWith("ttl", model::AttributeValue::String("1")), "ttl", kStart));
  Result<model::Number> one = model::Number::Parse("1");
  ASSERT_TRUE(one.has_value());
  EXPECT_FALSE(
      IsExpired(ItemWith("ttl", model::AttributeValue::NumberSet({one.value()})), "ttl", kStart));
  EXPECT_FALSE(
      IsExpired(ItemWith("ttl", model::AttributeValue::List({N("1699999999")})), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("m", model::AttributeValue::Map({{"ttl", N("1699999999")}})),
                         "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", model::AttributeValue::Bool(true)), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("ttl", model::AttributeValue::Null()), "ttl", kStart));
  EXPECT_FALSE(IsExpired(ItemWith("other", N("1699999999")), "ttl", kStart));
  // Names are exact: case matters.
  EXPECT_FALSE(IsExpired(ItemWith("TTL", N("1699999999")), "ttl", kStart));
}

TEST(TimeToLiveExpiryTest, EncodedItemsGiveTheSameAnswers) {
  const ExpiryCheck check(kStart);
  const std::vector<std::pair<model::Item, std::string>> cases = {
      {ItemWith("ttl", N("1699999999")), "ttl"},
      {ItemWith("ttl", N("1700000001")), "ttl"},
      {ItemWith("ttl", N("1")), "ttl"},
      {ItemWith("ttl", model::AttributeValue::String("1")), "ttl"},
      {ItemWith("ttl", model::AttributeValue::List({N("1699999999")})), "ttl"},
      {ItemWith("ttl", model::AttributeValue::Map({{"ttl", N("1699999999")}})), "ttl"},
      {{{"a", model::AttributeValue::Map({{"ttl", N("1699999999")}})},
        {"b", model::AttributeValue::List({model::AttributeValue::Map({})})},
        {"ttl", N("1699999999")}},
       "ttl"},
      {{{"a", model::AttributeValue::Map({{"ttl", N("1699999999")}})}, {"zz", N("1")}}, "ttl"},
      {ItemWith("other", N("1699999999")), "ttl"},
  };
  int expired = 0;
  for (const auto& [item, attribute] : cases) {
    std::string bytes;
    model::EncodeItem(item, &bytes);
    const bool from_item = check.IsExpired(item, attribute);
    EXPECT_EQ(check.IsEncodedItemExpired(bytes, attribute), from_item);
    expired += from_item ? 1 : 0;
  }
  EXPECT_EQ(expired, 2);
  EXPECT_FALSE(check.IsEncodedItemExpired("", "ttl"));
  EXPECT_FALSE(check.IsEncodedItemExpired("\x01\x05garbage", "ttl"));
}

}  // namespace
}  // namespace dynafake::ttl
