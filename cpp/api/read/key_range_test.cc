#include "api/read/key_range.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::api {
namespace {

using model::AttributeType;
using model::AttributeValue;
using Kind = expr::SortKeyCondition::Kind;

constexpr uint32_t kTableId = 7;
constexpr uint32_t kIndexId = 3;

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

AttributeValue B(std::string bytes) {
  return AttributeValue::Binary(std::move(bytes));
}

AttributeValue N(const char* text) {
  return AttributeValue::FromNumber(model::Number::Parse(text).value());
}

const std::vector<AttributeValue>& Numbers() {
  static const auto* const kValues = new std::vector<AttributeValue>{
      N("-1E+125"), N("-12345.678"), N("-1"), N("-0.5"), N("-1E-130"), N("0"),     N("1E-130"),
      N("0.5"),     N("1"),          N("10"), N("99"),   N("100"),     N("1E+125")};
  return *kValues;
}

const std::vector<AttributeValue>& Strings() {
  static const auto* const kValues = new std::vector<AttributeValue>{S("a"),
                                                                     S("ab"),
                                                                     S("abc"),
                                                                     S("a\x7F"),
                                                                     S("b"),
                                                                     S("z"),
                                                                     S("\x7F"),
                                                                     S("\xC3\xA9"),
                                                                     S("\xC3\xA9\x61"),
                                                                     S("\xE4\xB8\xAD"),
                                                                     S("\xEF\xBF\xBF"),
                                                                     S("\xF0\x9F\x98\x80")};
  return *kValues;
}

const std::vector<AttributeValue>& Binaries() {
  static const auto* const kValues = new std::vector<AttributeValue>{B(std::string("\x00", 1)),
                                                                     B(std::string("\x00\x00", 2)),
                                                                     B(std::string("\x00\x01", 2)),
                                                                     B("\x01"),
                                                                     B("\x7F"),
                                                                     B("\x80"),
                                                                     B("\x80\x00"),
                                                                     B("\xC3"),
                                                                     B("\xFF"),
                                                                     B(std::string("\xFF\x00", 2)),
                                                                     B("\xFF\xFF")};
  return *kValues;
}

// The service's order, computed without the key encoding.
int ReferenceOrder(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttributeType::kN) {
    return a.as_number().Compare(b.as_number());
  }
  const int order = a.as_string().compare(b.as_string());  // unsigned bytes
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

bool ReferenceHolds(const expr::SortKeyCondition& condition, const AttributeValue& value) {
  const int order = ReferenceOrder(value, condition.value);
  switch (condition.kind) {
    case Kind::kEqual:
      return order == 0;
    case Kind::kLess:
      return order < 0;
    case Kind::kLessOrEqual:
      return order <= 0;
    case Kind::kGreater:
      return order > 0;
    case Kind::kGreaterOrEqual:
      return order >= 0;
    case Kind::kBetween:
      return order >= 0 && ReferenceOrder(value, condition.upper) <= 0;
    case Kind::kBeginsWith:
      return value.as_string().compare(0, condition.value.as_string().size(),
                                       condition.value.as_string()) == 0;
  }
  return false;
}

bool InRange(const table::KeyRange& range, const std::string& key) {
  return range.lower <= key && key < range.upper;
}

model::KeySchema TableKey(AttributeType sort_type) {
  return model::KeySchema{{"pk", AttributeType::kS}, model::KeyAttribute{"sk", sort_type}};
}

table::SecondaryIndex Index(AttributeType sort_type) {
  table::SecondaryIndex index;
  index.index_name = "idx";
  index.index_id = kIndexId;
  index.key_schema =
      model::KeySchema{{"ip", AttributeType::kS}, model::KeyAttribute{"is", sort_type}};
  return index;
}

std::vector<expr::SortKeyCondition> Conditions(const std::vector<AttributeValue>& values,
                                               bool with_begins_with) {
  std::vector<expr::SortKeyCondition> conditions;
  for (const AttributeValue& value : values) {
    for (Kind kind :
         {Kind::kEqual, Kind::kLess, Kind::kLessOrEqual, Kind::kGreater, Kind::kGreaterOrEqual}) {
      conditions.push_back({kind, value, AttributeValue()});
    }
    if (with_begins_with) {
      conditions.push_back({Kind::kBeginsWith, value, AttributeValue()});
    }
    for (const AttributeValue& upper : values) {
      if (ReferenceOrder(value, upper) <= 0) {
        conditions.push_back({Kind::kBetween, value, upper});
      }
    }
  }
  return conditions;
}

std::string Describe(const expr::SortKeyCondition& condition, const AttributeValue& value) {
  auto text = [](const AttributeValue& v) {
    return v.type() == AttributeType::kN ? v.as_number().ToString() : v.as_string();
  };
  return "kind " + std::to_string(static_cast<int>(condition.kind)) + " bound '" +
         text(condition.value) + "' value '" + text(value) + "'";
}

// Every base-table key of partition "p" is in the range exactly when its sort key satisfies the
// condition; keys of partitions "q" and "pp" never are.
void CheckTableRanges(AttributeType type, const std::vector<AttributeValue>& values,
                      bool with_begins_with) {
  const model::KeySchema key = TableKey(type);
  for (const expr::SortKeyCondition& sort : Conditions(values, with_begins_with)) {
    const table::KeyRange range =
        KeyConditionRange(kTableId, table::kBaseIndexId, expr::KeyCondition{S("p"), sort});
    for (const AttributeValue& value : values) {
      const bool expected = ReferenceHolds(sort, value);
      EXPECT_EQ(InRange(range, table::ItemKey(kTableId, key, {{"pk", S("p")}, {"sk", value}})),
                expected)
          << Describe(sort, value);
      EXPECT_EQ(SortKeyConditionHolds(sort, value), expected) << Describe(sort, value);
      for (const char* other : {"q", "pp", ""}) {
        EXPECT_FALSE(
            InRange(range, table::ItemKey(kTableId, key, {{"pk", S(other)}, {"sk", value}})));
      }
    }
  }
}

// The same for index entries, which carry the table key after the index sort key: every entry
// with a matching index sort key is in, whatever its table key.
void CheckIndexRanges(AttributeType type, const std::vector<AttributeValue>& values,
                      bool with_begins_with) {
  const model::KeySchema table_key = TableKey(AttributeType::kN);
  const table::SecondaryIndex index = Index(type);
  for (const expr::SortKeyCondition& sort : Conditions(values, with_begins_with)) {
    const table::KeyRange range =
        KeyConditionRange(kTableId, kIndexId, expr::KeyCondition{S("g"), sort});
    for (const AttributeValue& value : values) {
      const bool expected = ReferenceHolds(sort, value);
      for (const char* table_pk : {"a", "\xFF"}) {
        for (const char* table_sk : {"-1", "0", "1E+125"}) {
          const model::Item item{
              {"ip", S("g")}, {"is", value}, {"pk", S(table_pk)}, {"sk", N(table_sk)}};
          EXPECT_EQ(InRange(range, table::IndexEntryKey(kTableId, kIndexId, index.key_schema,
                                                        table_key, item)),
                    expected)
              << Describe(sort, value) << " table key " << table_pk << "/" << table_sk;
        }
      }
      const model::Item elsewhere{{"ip", S("gg")}, {"is", value}, {"pk", S("a")}, {"sk", N("1")}};
      EXPECT_FALSE(InRange(
          range, table::IndexEntryKey(kTableId, kIndexId, index.key_schema, table_key, elsewhere)));
    }
  }
}

TEST(KeyConditionRange, NumbersAcrossSignsAndMagnitudes) {
  CheckTableRanges(AttributeType::kN, Numbers(), false);
}

TEST(KeyConditionRange, StringsByUtf8Bytes) {
  CheckTableRanges(AttributeType::kS, Strings(), true);
}

TEST(KeyConditionRange, BinariesByUnsignedBytes) {
  CheckTableRanges(AttributeType::kB, Binaries(), true);
}

TEST(KeyConditionRange, IndexNumbersIncludeEveryTableKey) {
  CheckIndexRanges(AttributeType::kN, Numbers(), false);
}

TEST(KeyConditionRange, IndexStringsIncludeEveryTableKey) {
  CheckIndexRanges(AttributeType::kS, Strings(), true);
}

TEST(KeyConditionRange, IndexBinariesIncludeEveryTableKey) {
  CheckIndexRanges(AttributeType::kB, Binaries(), true);
}

TEST(KeyConditionRange, PartitionOnlyCoversThePartition) {
  const model::KeySchema key = TableKey(AttributeType::kN);
  const table::KeyRange range =
      KeyConditionRange(kTableId, table::kBaseIndexId, expr::KeyCondition{S("p"), std::nullopt});
  for (const AttributeValue& value : Numbers()) {
    EXPECT_TRUE(InRange(range, table::ItemKey(kTableId, key, {{"pk", S("p")}, {"sk", value}})));
    EXPECT_FALSE(
        InRange(range, table::ItemKey(kTableId, key, {{"pk", S("p\x01")}, {"sk", value}})));
  }
  EXPECT_EQ(range.lower, table::PartitionPrefix(kTableId, table::kBaseIndexId, S("p")));
  // Another table's keys are outside.
  EXPECT_FALSE(InRange(range, table::ItemKey(kTableId + 1, key, {{"pk", S("p")}, {"sk", N("1")}})));
}

TEST(KeyConditionRange, HashOnlyTableKeyIsInItsPartition) {
  const model::KeySchema key{{"pk", AttributeType::kB}, std::nullopt};
  const AttributeValue partition = B(std::string("\x00\xFF", 2));
  const table::KeyRange range =
      KeyConditionRange(kTableId, table::kBaseIndexId, expr::KeyCondition{partition, std::nullopt});
  EXPECT_TRUE(InRange(range, table::ItemKey(kTableId, key, {{"pk", partition}})));
  EXPECT_FALSE(InRange(range, table::ItemKey(kTableId, key, {{"pk", B(std::string("\x00", 1))}})));
}

TEST(KeyConditionRange, EmptyWhenBetweenBoundsCross) {
  const table::KeyRange range = KeyConditionRange(
      kTableId, table::kBaseIndexId,
      expr::KeyCondition{S("p"), expr::SortKeyCondition{Kind::kBetween, N("5"), N("1")}});
  EXPECT_EQ(range.lower, range.upper);
}

TEST(SortKeyConditionHolds, BeginsWithComparesRawBytes) {
  const expr::SortKeyCondition prefix{Kind::kBeginsWith, B("\xC3"), AttributeValue()};
  EXPECT_TRUE(SortKeyConditionHolds(prefix, B("\xC3\xA9")));
  EXPECT_FALSE(SortKeyConditionHolds(prefix, B("\xC2\xA9")));
  const expr::SortKeyCondition zero{Kind::kBeginsWith, B(std::string("a\x00", 2)),
                                    AttributeValue()};
  EXPECT_TRUE(SortKeyConditionHolds(zero, B(std::string("a\x00z", 3))));
  EXPECT_FALSE(SortKeyConditionHolds(zero, B("a")));
}

TEST(StartKeyStorageKey, BaseTableAndIndex) {
  const model::KeySchema table_key = TableKey(AttributeType::kN);
  const model::Item start{{"pk", S("p")}, {"sk", N("-1E-130")}, {"ip", S("g")}, {"is", B("\x80")}};
  EXPECT_EQ(StartKeyStorageKey(kTableId, table_key, nullptr, start),
            table::ItemKey(kTableId, table_key, start));
  const table::SecondaryIndex index = Index(AttributeType::kB);
  EXPECT_EQ(StartKeyStorageKey(kTableId, table_key, &index, start),
            table::IndexEntryKey(kTableId, kIndexId, index.key_schema, table_key, start));
}

}  // namespace
}  // namespace dynafake::api
