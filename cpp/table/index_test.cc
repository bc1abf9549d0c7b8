#include "table/index.h"

#include <string>

#include <gtest/gtest.h>

#include "model/key_codec.h"
#include "table/keyspace.h"

namespace dynafake::table {
namespace {

using model::AttributeType;
using model::AttributeValue;
using model::Item;

AttributeValue S(std::string value) {
  return AttributeValue::String(std::move(value));
}

AttributeValue N(std::string_view text) {
  return AttributeValue::FromNumber(*model::Number::Parse(text));
}

model::KeySchema TableKey() {
  model::KeySchema key;
  key.hash = {"pk", AttributeType::kS};
  key.range = model::KeyAttribute{"sk", AttributeType::kS};
  return key;
}

SecondaryIndex Index(ProjectionType type, std::vector<std::string> non_key = {}) {
  SecondaryIndex index;
  index.index_name = "by_g";
  index.index_id = 3;
  index.global = true;
  index.key_schema.hash = {"g", AttributeType::kS};
  index.key_schema.range = model::KeyAttribute{"r", AttributeType::kN};
  index.projection.projection_type = type;
  index.projection.non_key_attributes = std::move(non_key);
  return index;
}

Item FullItem() {
  return {{"pk", S("p")}, {"sk", S("s")}, {"g", S("gv")},
          {"r", N("5")},  {"a", S("aa")}, {"b", N("1")}};
}

TEST(IndexTest, ProjectionKeysOnly) {
  const Item projected = ProjectIndexItem(TableKey(), Index(ProjectionType::kKeysOnly), FullItem());
  EXPECT_EQ(projected, (Item{{"pk", S("p")}, {"sk", S("s")}, {"g", S("gv")}, {"r", N("5")}}));
}

TEST(IndexTest, ProjectionIncludeTakesTheListedAttributesTheItemHas) {
  const Item projected = ProjectIndexItem(
      TableKey(), Index(ProjectionType::kInclude, {"a", "missing", "pk"}), FullItem());
  EXPECT_EQ(projected,
            (Item{{"pk", S("p")}, {"sk", S("s")}, {"g", S("gv")}, {"r", N("5")}, {"a", S("aa")}}));
}

TEST(IndexTest, ProjectionAllIsTheItem) {
  EXPECT_EQ(ProjectIndexItem(TableKey(), Index(ProjectionType::kAll), FullItem()), FullItem());
}

TEST(IndexTest, EntryHasKeyProjectionAndSize) {
  const SecondaryIndex index = Index(ProjectionType::kKeysOnly);
  const std::optional<IndexEntry> entry = MakeIndexEntry(9, TableKey(), index, FullItem());
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->storage_key, IndexEntryKey(9, 3, index.key_schema, TableKey(), FullItem()));
  EXPECT_EQ(entry->item, ProjectIndexItem(TableKey(), index, FullItem()));
  // "pk" "p" + "sk" "s" + "g" "gv" + "r" 5 (2 bytes).
  EXPECT_EQ(entry->size, 3 + 3 + 3 + 3);
}

TEST(IndexTest, ItemsWithoutEveryIndexKeyAttributeHaveNoEntry) {
  const SecondaryIndex index = Index(ProjectionType::kAll);
  Item no_range = FullItem();
  no_range.erase("r");
  Item no_hash = FullItem();
  no_hash.erase("g");
  EXPECT_FALSE(MakeIndexEntry(9, TableKey(), index, no_range).has_value());
  EXPECT_FALSE(MakeIndexEntry(9, TableKey(), index, no_hash).has_value());
  EXPECT_TRUE(CheckIndexKeys(index, no_range).ok());
  EXPECT_TRUE(CheckIndexKeys(index, no_hash).ok());
}

Status CheckWith(const std::string& name, AttributeValue value) {
  Item item = FullItem();
  item.insert_or_assign(name, std::move(value));
  return CheckIndexKeys(Index(ProjectionType::kAll), item);
}

TEST(IndexTest, TypeMismatchNamesBothTypesAndTheIndex) {
  EXPECT_TRUE(CheckWith("g", S("x")).ok());
  const std::vector<std::pair<AttributeValue, std::string>> cases = {
      {N("1"), "N"},
      {AttributeValue::Null(), "NULL"},
      {AttributeValue::Bool(true), "BOOL"},
      {AttributeValue::List({}), "L"},
      {AttributeValue::Map({}), "M"},
      {AttributeValue::StringSet({"a"}), "SS"},
      {AttributeValue::Binary("b"), "B"},
  };
  for (const auto& [value, name] : cases) {
    const Status status = CheckWith("g", value);
    EXPECT_EQ(status.code(), ErrorCode::kValidation);
    EXPECT_EQ(status.message(),
              "One or more parameter values were invalid: Type mismatch for Index Key g "
              "Expected: S Actual: " +
                  name + " IndexName: by_g");
  }
  EXPECT_EQ(CheckWith("r", S("5")).message(),
            "One or more parameter values were invalid: Type mismatch for Index Key r Expected: "
            "N Actual: S IndexName: by_g");
}

TEST(IndexTest, EmptyValues) {
  EXPECT_EQ(CheckWith("g", S("")).message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: by_g, IndexKey: g");
  SecondaryIndex binary = Index(ProjectionType::kAll);
  binary.key_schema.range = model::KeyAttribute{"r", AttributeType::kB};
  Item item = FullItem();
  item.insert_or_assign("r", AttributeValue::Binary(""));
  EXPECT_EQ(CheckIndexKeys(binary, item).message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "binary value. IndexName: by_g, IndexKey: r");
}

TEST(IndexTest, KeySizeLimits) {
  EXPECT_TRUE(CheckWith("g", S(std::string(2048, 'x'))).ok());
  EXPECT_EQ(CheckWith("g", S(std::string(2049, 'x'))).message(),
            "One or more parameter values were invalid: Size of hashkey has exceeded the maximum "
            "size limit of2048 bytes");
  // Sizes are UTF-8 bytes: 1025 bytes in 513 characters.
  SecondaryIndex string_range = Index(ProjectionType::kAll);
  string_range.key_schema.range = model::KeyAttribute{"r", AttributeType::kS};
  Item item = FullItem();
  item.insert_or_assign("r", S(std::string(1024, 'x')));
  EXPECT_TRUE(CheckIndexKeys(string_range, item).ok());
  std::string wide;
  for (int i = 0; i < 512; ++i) {
    wide += "\xc3\xa9";
  }
  item.insert_or_assign("r", S(wide + "x"));
  EXPECT_EQ(CheckIndexKeys(string_range, item).message(),
            "One or more parameter values were invalid: Aggregated size of all range keys has "
            "exceeded the size limit of 1024 bytes");
  // Numbers are not length-checked.
  EXPECT_TRUE(CheckWith("r", N("1234567890123456789012345678901234567e80")).ok());
}

TEST(IndexTest, HashAttributeIsCheckedFirst) {
  Item item = FullItem();
  item.insert_or_assign("g", S(""));
  item.insert_or_assign("r", S("wrong"));
  EXPECT_EQ(CheckIndexKeys(Index(ProjectionType::kAll), item).message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: by_g, IndexKey: g");
}

// Hash attributes g (S) and n (N); range attributes r (N) and t (S).
SecondaryIndex MultiAttributeIndex(ProjectionType type = ProjectionType::kKeysOnly) {
  SecondaryIndex index;
  index.index_name = "multi";
  index.index_id = 4;
  index.global = true;
  index.key_schema.hash = {"g", AttributeType::kS};
  index.key_schema.range = model::KeyAttribute{"r", AttributeType::kN};
  index.extra_hash_attributes = {{"n", AttributeType::kN}};
  index.extra_range_attributes = {{"t", AttributeType::kS}};
  index.projection.projection_type = type;
  return index;
}

Item MultiItem(std::string pk, std::string_view r, std::string t) {
  return {{"pk", S(std::move(pk))}, {"sk", S("s")}, {"g", S("gv")}, {"n", N("7")}, {"r", N(r)},
          {"t", S(std::move(t))},   {"a", S("aa")}};
}

TEST(MultiAttributeIndexTest, KeysOnlyProjectionHoldsEveryKeyAttribute) {
  const Item projected =
      ProjectIndexItem(TableKey(), MultiAttributeIndex(), MultiItem("p", "5", "x"));
  EXPECT_EQ(projected, (Item{{"pk", S("p")},
                             {"sk", S("s")},
                             {"g", S("gv")},
                             {"n", N("7")},
                             {"r", N("5")},
                             {"t", S("x")}}));
}

TEST(MultiAttributeIndexTest, ItemsWithoutEveryKeyAttributeAreNotIndexed) {
  const SecondaryIndex index = MultiAttributeIndex();
  for (const char* missing : {"g", "n", "r", "t"}) {
    Item item = MultiItem("p", "5", "x");
    item.erase(missing);
    EXPECT_FALSE(MakeIndexEntry(1, TableKey(), index, item).has_value()) << missing;
  }
  EXPECT_TRUE(MakeIndexEntry(1, TableKey(), index, MultiItem("p", "5", "x")).has_value());
}

TEST(MultiAttributeIndexTest, EntryKeyIsThePartitionOfAllHashValuesThenTheRangeValues) {
  const SecondaryIndex index = MultiAttributeIndex();
  const Item item = MultiItem("p", "5", "x");
  std::string expected =
      PartitionPrefix(1, 4, std::vector<const AttributeValue*>{&item.at("g"), &item.at("n")});
  model::EncodeKeyValue(item.at("r"), &expected);
  model::EncodeKeyValue(item.at("t"), &expected);
  model::EncodeKeyValue(item.at("pk"), &expected);
  model::EncodeKeyValue(item.at("sk"), &expected);
  EXPECT_EQ(IndexEntryKey(1, index, TableKey(), item), expected);
  // Another value of the second hash attribute is another partition.
  Item other = item;
  other["n"] = N("8");
  EXPECT_FALSE(IndexEntryKey(1, index, TableKey(), other)
                   .starts_with(PartitionPrefix(
                       1, 4, std::vector<const AttributeValue*>{&item.at("g"), &item.at("n")})));
}

TEST(MultiAttributeIndexTest, OnePartitionValueIsTheSinglePartitionPrefix) {
  const AttributeValue value = S("gv");
  EXPECT_EQ(PartitionPrefix(1, 4, std::vector<const AttributeValue*>{&value}),
            PartitionPrefix(1, 4, value));
}

TEST(MultiAttributeIndexTest, EntriesSortByRangeAttributesLeftToRightThenTableKey) {
  const SecondaryIndex index = MultiAttributeIndex();
  const std::vector<std::string> ordered = {
      IndexEntryKey(1, index, TableKey(), MultiItem("z", "-10", "zz")),
      IndexEntryKey(1, index, TableKey(), MultiItem("a", "2", "a")),
      IndexEntryKey(1, index, TableKey(), MultiItem("b", "2", "a")),
      IndexEntryKey(1, index, TableKey(), MultiItem("a", "2", "ab")),
      IndexEntryKey(1, index, TableKey(), MultiItem("a", "10", "")),
  };
  for (size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LT(ordered[i - 1], ordered[i]) << i;
  }
}

TEST(MultiAttributeIndexTest, EveryKeyAttributeIsTypeChecked) {
  const SecondaryIndex index = MultiAttributeIndex();
  Item item = MultiItem("p", "5", "x");
  item["t"] = N("1");
  Status status = CheckIndexKeys(index, item);
  EXPECT_EQ(status.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key t Expected: S "
            "Actual: N IndexName: multi");
  item = MultiItem("p", "5", "x");
  item["n"] = S("");
  status = CheckIndexKeys(index, item);
  EXPECT_EQ(status.message(),
            "One or more parameter values were invalid: Type mismatch for Index Key n Expected: N "
            "Actual: S IndexName: multi");
  item = MultiItem("p", "5", "");
  status = CheckIndexKeys(index, item);
  EXPECT_EQ(status.message(),
            "One or more parameter values are not valid. A value specified for a secondary index "
            "key is not supported. The AttributeValue for a key attribute cannot contain an empty "
            "string value. IndexName: multi, IndexKey: t");
  item.erase("t");
  EXPECT_TRUE(CheckIndexKeys(index, item).ok());
}

}  // namespace
}  // namespace dynafake::table
