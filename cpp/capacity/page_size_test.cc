#include "capacity/page_size.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/item_codec.h"

namespace dynafake::capacity {
namespace {

using model::AttributeValue;
using model::Item;

AttributeValue S(std::string text) {
  return AttributeValue::String(std::move(text));
}

AttributeValue N(const char* text) {
  return AttributeValue::FromNumber(model::Number::Parse(text).value());
}

// The page size of `item` as stored.
int64_t PageSize(const Item& item, std::string_view table_range_key_name) {
  std::string encoded;
  model::EncodeItem(item, &encoded);
  return capacity::PageSize(encoded, table_range_key_name).value();
}

// Every expected value below is computed by hand from the rule: each attribute but the table's
// sort key counts (stored value size + 1); the page size is 2 + that body + (1 + (1 + body) /
// 3072) * (18 + plain size of the sort key value).

TEST(PageSize, OneShortString) {
  // "a": 1 byte + 1 length byte = 2; + 1 for the name: body 3. 2 + 3 + 18 = 23.
  EXPECT_EQ(PageSize(Item{{"pk", S("a")}}, ""), 23);
}

TEST(PageSize, NameLengthDoesNotCount) {
  EXPECT_EQ(PageSize(Item{{"a_very_long_attribute_name", S("a")}}, ""), 23);
}

TEST(PageSize, EmptyItem) {
  EXPECT_EQ(PageSize(Item{}, ""), 20);
}

TEST(PageSize, SortKeyCountedOncePerBlock) {
  // pk "abc": 3 + 1 + 1 = 5; x BOOL: 1 + 1 = 2; body 7. sk 12 is 2 bytes. 2 + 7 + 1 * (18 + 2).
  const Item item{{"pk", S("abc")}, {"sk", N("12")}, {"x", AttributeValue::Bool(true)}};
  EXPECT_EQ(PageSize(item, "sk"), 29);
  // Without a table sort key, sk is an ordinary number: 2 + 1 + 1 = 4; body 11. 2 + 11 + 18.
  EXPECT_EQ(PageSize(item, ""), 31);
  // A sort key name the item does not have changes nothing.
  EXPECT_EQ(PageSize(item, "other"), 31);
}

TEST(PageSize, ListElementsAndNull) {
  // L [1, NULL, "xy"]: 3 + (1 + 2 + 1) + (1 + 0) + (1 + 2 + 1) = 12; + 1: body 13. 2 + 13 + 18.
  const Item item{{"l", AttributeValue::List({N("1"), AttributeValue::Null(), S("xy")})}};
  EXPECT_EQ(PageSize(item, ""), 33);
}

TEST(PageSize, MapMembersAndSets) {
  // SS ["x", "yz"]: 3 + 2 members + 1 = 6. M: 3 + 2 members + (2 + 1) + (6 + 1) = 15; body 16.
  const Item item{
      {"m", AttributeValue::Map({{"a", S("b")}, {"cc", AttributeValue::StringSet({"x", "yz"})}})}};
  EXPECT_EQ(PageSize(item, ""), 36);
}

TEST(PageSize, MultiByteUtf8CountsBytes) {
  // "é中" is 2 + 3 = 5 bytes: 5 + 1 + 1 = 7. 2 + 7 + 18.
  EXPECT_EQ(PageSize(Item{{"s", S("\xC3\xA9\xE4\xB8\xAD")}}, ""), 27);
}

TEST(PageSize, BinaryNumberSetBoolNull) {
  // B of 3 bytes: 3 + 1 + 1 = 5. 2 + 5 + 18.
  EXPECT_EQ(PageSize(Item{{"b", AttributeValue::Binary(std::string("\x00\x80\xFF", 3))}}, ""), 25);
  // NS [1, -1]: 2 + 3 = 5, + 2 members + 1 = 8; body 9. 2 + 9 + 18.
  const Item numbers{{"n", AttributeValue::NumberSet({model::Number::Parse("1").value(),
                                                      model::Number::Parse("-1").value()})}};
  EXPECT_EQ(PageSize(numbers, ""), 29);
  // BOOL: 1 + 1 = 2; NULL: 0 + 1 = 1; body 3. 2 + 3 + 18.
  EXPECT_EQ(PageSize(Item{{"t", AttributeValue::Bool(false)}, {"z", AttributeValue::Null()}}, ""),
            23);
  // -12.5 is 4 bytes: 4 + 1 + 1 = 6. 2 + 6 + 18.
  EXPECT_EQ(PageSize(Item{{"n", N("-12.5")}}, ""), 26);
}

TEST(PageSize, StringLengthPrefixGrowsAt128And16384) {
  // 127 bytes: 127 + 1 + 1 = 129. 2 + 129 + 18.
  EXPECT_EQ(PageSize(Item{{"s", S(std::string(127, 'x'))}}, ""), 149);
  // 128 bytes: 128 + 2 + 1 = 131. 2 + 131 + 18.
  EXPECT_EQ(PageSize(Item{{"s", S(std::string(128, 'x'))}}, ""), 151);
  // 16383 bytes: body 16383 + 2 + 1 = 16386; blocks 1 + 16387 / 3072 = 6. 2 + 16386 + 6 * 18.
  EXPECT_EQ(PageSize(Item{{"s", S(std::string(16383, 'x'))}}, ""), 16496);
  // 16384 bytes: body 16384 + 3 + 1 = 16388; 6 blocks. 2 + 16388 + 108.
  EXPECT_EQ(PageSize(Item{{"s", S(std::string(16384, 'x'))}}, ""), 16498);
}

TEST(PageSize, SecondBlockStartsWhenBodyPlusOneReaches3072) {
  // pk "p": 3; v of n bytes: n + 2 + 1; sk "k" (1 byte) counted per block: 18 + 1 = 19.
  auto item = [](size_t n) {
    return Item{{"pk", S("p")}, {"sk", S("k")}, {"v", S(std::string(n, 'v'))}};
  };
  // n 3064: body 3070, (3071) / 3072 = 0: one block. 2 + 3070 + 19.
  EXPECT_EQ(PageSize(item(3064), "sk"), 3091);
  // n 3065: body 3071, (3072) / 3072 = 1: two blocks. 2 + 3071 + 38.
  EXPECT_EQ(PageSize(item(3065), "sk"), 3111);
  // n 3066: body 3072. 2 + 3072 + 38.
  EXPECT_EQ(PageSize(item(3066), "sk"), 3112);
}

TEST(PageSize, OnlyTheSortKeyNameItselfIsCountedApart) {
  // Names of the sort key's length, or with its first byte, are ordinary attributes: the item
  // counts as if the table had no sort key. sa "x": 1 + 1 + 1 = 3; tk "x": 3; s "x": 3; skk "x":
  // 3; "" "x": 3; body 15. 2 + 15 + 18.
  const Item item{{"sa", S("x")}, {"tk", S("x")}, {"s", S("x")}, {"skk", S("x")}, {"", S("x")}};
  EXPECT_EQ(PageSize(item, "sk"), 35);
  EXPECT_EQ(PageSize(item, ""), 35);
  // A sort key nested in a map is not the table's.
  EXPECT_EQ(PageSize(Item{{"m", AttributeValue::Map({{"sk", S("x")}})}}, "sk"),
            PageSize(Item{{"m", AttributeValue::Map({{"sk", S("x")}})}}, ""));
}

TEST(PageSize, NestingAtTheBound) {
  // A set in the innermost of the deepest lists the encoding allows. SS ["x"]: 1 + 1 member + 1
  // = 3; each list around it: 3 + (inner + 1), so 100 lists: 3 + 100 * 4 = 403; + 1: body 404.
  AttributeValue nested = AttributeValue::StringSet({"x"});
  for (int i = 0; i < model::kMaxEncodedNesting; ++i) {
    nested = AttributeValue::List({nested});
  }
  EXPECT_EQ(PageSize(Item{{"a", nested}}, ""), 2 + 404 + 18);
}

// MeasureEntry's item size is model::ItemSize, read from the encoding.
int64_t EncodedItemSize(const Item& item, std::string_view table_range_key_name = "") {
  std::string encoded;
  model::EncodeItem(item, &encoded);
  return MeasureEntry(encoded, table_range_key_name).value().item_size;
}

TEST(MeasureEntry, ItemSizeOfEveryTypeIsModelItemSize) {
  const std::vector<Item> items = {
      Item{},
      Item{{"pk", S("a")}},
      Item{{"pk", S("user#1")}, {"sk", N("-12.5")}, {"n", N("0")}, {"big", N("1e125")}},
      Item{{"b", AttributeValue::Binary(std::string("\x00\x80\xFF", 3))},
           {"t", AttributeValue::Bool(true)},
           {"z", AttributeValue::Null()},
           {"ss", AttributeValue::StringSet({"a", "bb", "ccc"})},
           {"ns", AttributeValue::NumberSet({model::Number::Parse("1").value(),
                                             model::Number::Parse("-100.25").value()})},
           {"bs", AttributeValue::BinarySet({"x", "yz"})}},
      Item{{"l", AttributeValue::List({S("x"), N("7"), AttributeValue::List({}),
                                       AttributeValue::Map({{"k", S("v")}}),
                                       AttributeValue::StringSet({"s"})})},
           {"m", AttributeValue::Map({{"inner", AttributeValue::Map({{"deep", N("3.14")}})},
                                      {"list", AttributeValue::List({AttributeValue::Null()})},
                                      {"empty", AttributeValue::Map({})}})},
           {"utf8", S("\xC3\xA9\xE2\x82\xAC")}},
  };
  for (const Item& item : items) {
    EXPECT_EQ(EncodedItemSize(item), static_cast<int64_t>(model::ItemSize(item)));
    // The sort key counted apart for the page size is still part of the item.
    EXPECT_EQ(EncodedItemSize(item, "pk"), static_cast<int64_t>(model::ItemSize(item)));
  }
}

TEST(MeasureEntry, ItemSizeAtTheNestingBound) {
  AttributeValue nested = AttributeValue::StringSet({"x"});
  for (int i = 0; i < model::kMaxEncodedNesting; ++i) {
    nested = AttributeValue::List({nested});
  }
  const Item item{{"a", nested}};
  // "a" + 100 lists of 3 + 1 element byte each + the set's "x".
  EXPECT_EQ(EncodedItemSize(item), 1 + 100 * 4 + 1);
  EXPECT_EQ(EncodedItemSize(item), static_cast<int64_t>(model::ItemSize(item)));
}

}  // namespace
}  // namespace dynafake::capacity
