#include "api/common/consumed_capacity.h"

#include <gtest/gtest.h>

namespace dynafake::api {
namespace {

constexpr int64_t kKb = 1024;

table::IndexWrite Entry(std::string name, bool global, int64_t old_size, int64_t new_size,
                        bool key_changed = false) {
  return {std::move(name), global, old_size, new_size, key_changed};
}

TEST(IndexWriteUnitsTest, AddedEntryCostsThePutOfTheNewEntry) {
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 0, 10)), 1.0);
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 0, kKb + 1)), 2.0);
}

TEST(IndexWriteUnitsTest, RemovedEntryCostsTheDeleteOfTheOldEntry) {
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 2 * kKb + 1, 0)), 3.0);
}

TEST(IndexWriteUnitsTest, EntryUnderTheSameKeyCostsTheLargerSize) {
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 3 * kKb, 10)), 3.0);
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 10, kKb + 1)), 2.0);
}

TEST(IndexWriteUnitsTest, MovedEntryCostsADeleteAndAPut) {
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 10, 20, /*key_changed=*/true)), 2.0);
  EXPECT_EQ(IndexWriteUnits(Entry("g", true, 2 * kKb, kKb + 1, /*key_changed=*/true)), 4.0);
}

TEST(AddWriteUnitsTest, ChargesTheTableAndEachChangedIndexByKind) {
  table::WriteResult written;
  written.old_size = 10;
  written.new_size = kKb + 1;
  written.index_writes = {Entry("by_g", true, 0, 30), Entry("by_l", false, 40, 50, true)};
  ConsumedCapacity consumed{"t"};
  AddWriteUnits(written, &consumed);
  EXPECT_EQ(consumed.table_units, 2.0);
  EXPECT_EQ(consumed.global_secondary_index_units, (std::map<std::string, double>{{"by_g", 1.0}}));
  EXPECT_EQ(consumed.local_secondary_index_units, (std::map<std::string, double>{{"by_l", 2.0}}));
  EXPECT_EQ(consumed.total(), 5.0);
}

TEST(AddWriteUnitsTest, SumsAcrossTheWritesOfABatch) {
  table::WriteResult first;
  first.new_size = 10;
  first.index_writes = {Entry("g", true, 0, 10)};
  table::WriteResult second;  // a delete of a missing item: 1 unit, no index touched
  ConsumedCapacity consumed{"t"};
  AddWriteUnits(first, &consumed);
  AddWriteUnits(second, &consumed);
  AddWriteUnits(first, &consumed);
  EXPECT_EQ(consumed.table_units, 3.0);
  EXPECT_EQ(consumed.global_secondary_index_units.at("g"), 2.0);
  EXPECT_TRUE(consumed.local_secondary_index_units.empty());
}

TEST(ConsumedCapacityToJsonTest, IndexesListsOnlyTheIndexesCharged) {
  ConsumedCapacity consumed{"t", 1.0, {{"g", 2.0}}, {}};
  EXPECT_EQ(ConsumedCapacityToJson(consumed, ReturnConsumedCapacity::kIndexes),
            wire::Json::parse(R"({
      "TableName": "t", "CapacityUnits": 3.0, "Table": {"CapacityUnits": 1.0},
      "GlobalSecondaryIndexes": {"g": {"CapacityUnits": 2.0}}})"));
  EXPECT_EQ(ConsumedCapacityToJson(consumed, ReturnConsumedCapacity::kTotal),
            wire::Json::parse(R"({"TableName": "t", "CapacityUnits": 3.0})"));
}

}  // namespace
}  // namespace dynafake::api
