#include "api/common/item_collection_metrics.h"

#include <gtest/gtest.h>

namespace dynafake::api {
namespace {

constexpr int64_t kGb = int64_t{1} << 30;

model::KeySchema Schema() {
  return {{"pk", model::AttributeType::kS}, model::KeyAttribute{"sk", model::AttributeType::kN}};
}

model::Item Item() {
  return {{"pk", model::AttributeValue::String("a")},
          {"sk", model::AttributeValue::FromNumber(model::Number::Parse("1").value())},
          {"x", model::AttributeValue::String("y")}};
}

TEST(SizeEstimateRangeGbTest, WholeGigabyteIntervalHoldingTheSize) {
  EXPECT_EQ(SizeEstimateRangeGb(0), wire::Json::parse("[0.0, 1.0]"));
  EXPECT_EQ(SizeEstimateRangeGb(100), wire::Json::parse("[0.0, 1.0]"));
  EXPECT_EQ(SizeEstimateRangeGb(kGb - 1), wire::Json::parse("[0.0, 1.0]"));
  EXPECT_EQ(SizeEstimateRangeGb(kGb), wire::Json::parse("[1.0, 2.0]"));
  EXPECT_EQ(SizeEstimateRangeGb(10 * kGb - 1), wire::Json::parse("[9.0, 10.0]"));
}

TEST(SizeEstimateRangeGbTest, BoundsAreDoubles) {
  const wire::Json range = SizeEstimateRangeGb(5);
  EXPECT_TRUE(range[0].is_number_float());
  EXPECT_TRUE(range[1].is_number_float());
}

TEST(ItemCollectionMetricsTest, PartitionKeyAndEstimate) {
  table::WriteResult written;
  written.item_collection_size = 2048;
  EXPECT_EQ(ItemCollectionMetricsOf(Schema(), Item(), written), wire::Json::parse(R"({
      "ItemCollectionKey": {"pk": {"S": "a"}}, "SizeEstimateRangeGB": [0.0, 1.0]})"));
}

TEST(ItemCollectionMetricsTest, NoneWithoutALocalSecondaryIndex) {
  EXPECT_EQ(ItemCollectionMetricsOf(Schema(), Item(), table::WriteResult{}), std::nullopt);
}

TEST(ItemCollectionMetricsTest, AddedOnlyForSize) {
  table::WriteResult written;
  written.item_collection_size = 1;
  for (const char* setting : {R"({})", R"({"ReturnItemCollectionMetrics": "NONE"})"}) {
    wire::Json response = wire::Json::object();
    AddItemCollectionMetrics(wire::Json::parse(setting), Schema(), Item(), written, &response);
    EXPECT_EQ(response, wire::Json::object()) << setting;
  }
  wire::Json response = wire::Json::object();
  AddItemCollectionMetrics(wire::Json::parse(R"({"ReturnItemCollectionMetrics": "SIZE"})"),
                           Schema(), Item(), written, &response);
  EXPECT_EQ(response["ItemCollectionMetrics"]["ItemCollectionKey"],
            wire::Json::parse(R"({"pk": {"S": "a"}})"));
}

TEST(ItemCollectionMetricsTest, LeftOutForATableWithoutLocalIndexes) {
  wire::Json response = wire::Json::object();
  AddItemCollectionMetrics(wire::Json::parse(R"({"ReturnItemCollectionMetrics": "SIZE"})"),
                           Schema(), Item(), table::WriteResult{}, &response);
  EXPECT_FALSE(response.contains("ItemCollectionMetrics"));
}

}  // namespace
}  // namespace dynafake::api
