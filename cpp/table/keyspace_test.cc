#include "table/keyspace.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/key_codec.h"
#include "util/coding.h"
#include "util/hash.h"

namespace dynafake::table {
namespace {

using model::AttributeValue;

std::string Bytes(std::initializer_list<uint8_t> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

std::string Encoded(const AttributeValue& value) {
  std::string out;
  model::EncodeKeyValue(value, &out);
  return out;
}

std::string Fixed64(uint64_t value) {
  std::string out;
  util::PutFixed64BigEndian(&out, value);
  return out;
}

// A storage key of keyspace (7, 2) whose partition hash is `hash`.
std::string KeyWithHash(uint64_t hash) {
  return IndexPrefix(7, 2) + Fixed64(hash) + "partition";
}

TEST(KeyspaceTest, Prefixes) {
  EXPECT_EQ(TablePrefix(0x01020304), Bytes({1, 2, 3, 4}));
  EXPECT_EQ(IndexPrefix(0x01020304, 5), Bytes({1, 2, 3, 4, 0, 0, 0, 5}));
  const AttributeValue value = AttributeValue::String("user#1");
  const std::string encoded = Encoded(value);
  EXPECT_EQ(PartitionPrefix(9, 3, value),
            IndexPrefix(9, 3) + Fixed64(util::Hash64(encoded)) + encoded);
  EXPECT_EQ(ItemCollectionSizeKey(9, value), PartitionPrefix(9, kItemCollectionSizesId, value));
}

// The base layout is persisted: [table][0][hash of encoded partition][partition][sort].
TEST(KeyspaceTest, ItemKeyLayoutIsStable) {
  model::KeySchema schema;
  schema.hash = {"pk", model::AttributeType::kS};
  schema.range = model::KeyAttribute{"sk", model::AttributeType::kN};
  const model::Item key = {{"pk", AttributeValue::String("a")},
                           {"sk", AttributeValue::FromNumber(*model::Number::Parse("12.5"))}};
  const std::string partition = Bytes({'a', 0x00, 0x01});
  const std::string expected = Bytes({0, 0, 0, 7, 0, 0, 0, 0}) + Fixed64(util::Hash64(partition)) +
                               partition + Bytes({0x03, 0x80, 0x02, 0x0d, 0x33, 0x00});
  EXPECT_EQ(ItemKey(7, schema, key), expected);
  EXPECT_TRUE(expected.starts_with(PartitionPrefix(7, kBaseIndexId, key.at("pk"))));
}

TEST(KeyspaceTest, IndexEntryKeyEndsWithTheTableKey) {
  model::KeySchema table_key;
  table_key.hash = {"pk", model::AttributeType::kS};
  table_key.range = model::KeyAttribute{"sk", model::AttributeType::kS};
  model::KeySchema index_key;
  index_key.hash = {"g", model::AttributeType::kB};
  index_key.range = model::KeyAttribute{"r", model::AttributeType::kS};
  const model::Item item = {{"pk", AttributeValue::String("p")},
                            {"sk", AttributeValue::String("s")},
                            {"g", AttributeValue::Binary(std::string("\0", 1))},
                            {"r", AttributeValue::String("x")},
                            {"other", AttributeValue::String("ignored")}};
  EXPECT_EQ(IndexEntryKey(7, 4, index_key, table_key, item),
            PartitionPrefix(7, 4, item.at("g")) + Encoded(item.at("r")) + Encoded(item.at("pk")) +
                Encoded(item.at("sk")));
  // A hash-only index and table: the index partition, then the table partition.
  model::KeySchema hash_only_table;
  hash_only_table.hash = table_key.hash;
  model::KeySchema hash_only_index;
  hash_only_index.hash = index_key.hash;
  EXPECT_EQ(IndexEntryKey(7, 4, hash_only_index, hash_only_table, item),
            PartitionPrefix(7, 4, item.at("g")) + Encoded(item.at("pk")));
}

TEST(KeyspaceTest, PrefixSuccessor) {
  EXPECT_EQ(PrefixSuccessor("abc"), "abd");
  EXPECT_EQ(PrefixSuccessor(Bytes({'a', 0xFF, 0xFF})), "b");
  EXPECT_EQ(PrefixSuccessor(Bytes({0x00})), Bytes({0x01}));
  EXPECT_EQ(PrefixSuccessor(Bytes({0xFE, 0xFF})), Bytes({0xFF}));
  EXPECT_EQ(PrefixSuccessor(Bytes({0xFF, 0xFF})), "");
  EXPECT_EQ(PrefixSuccessor(""), "");
}

TEST(KeyspaceTest, WholeIndexRangeHoldsExactlyOneKeyspace) {
  const KeyRange range = WholeIndexRange(7, 2);
  EXPECT_EQ(range.lower, IndexPrefix(7, 2));
  EXPECT_EQ(range.upper, IndexPrefix(7, 3));
  EXPECT_EQ(WholeIndexRange(7, kItemCollectionSizesId).upper, TablePrefix(8));
  EXPECT_LE(range.lower, KeyWithHash(0));
  EXPECT_LT(KeyWithHash(~uint64_t{0}) + Bytes({0xFF, 0xFF}), range.upper);
}

TEST(KeyspaceTest, WholeTableRangeHoldsEveryKeyspaceOfTheTable) {
  const KeyRange range = WholeTableRange(7);
  EXPECT_EQ(range.lower, TablePrefix(7));
  EXPECT_EQ(range.upper, TablePrefix(8));
  EXPECT_TRUE(BelowUpper(WholeIndexRange(7, kItemCollectionSizesId).lower, range));
  EXPECT_FALSE(BelowUpper(TablePrefix(8), range));
  EXPECT_TRUE(BelowUpper(TablePrefix(8), KeyRange{TablePrefix(7), ""}));  // to the end
}

TEST(KeyspaceTest, SegmentBoundsAreExact) {
  // Two segments split at 2^63; three at ceil(2^64 / 3) and ceil(2 * 2^64 / 3).
  EXPECT_EQ(SegmentRange(7, 2, 0, 1).lower, IndexPrefix(7, 2));
  EXPECT_EQ(SegmentRange(7, 2, 0, 1).upper, IndexPrefix(7, 3));
  EXPECT_EQ(SegmentRange(7, 2, 0, 2).upper, IndexPrefix(7, 2) + Fixed64(uint64_t{1} << 63));
  EXPECT_EQ(SegmentRange(7, 2, 1, 2).lower, IndexPrefix(7, 2) + Fixed64(uint64_t{1} << 63));
  EXPECT_EQ(SegmentRange(7, 2, 1, 3).lower, IndexPrefix(7, 2) + Fixed64(0x5555555555555556));
  EXPECT_EQ(SegmentRange(7, 2, 2, 3).lower, IndexPrefix(7, 2) + Fixed64(0xAAAAAAAAAAAAAAAB));
  EXPECT_EQ(SegmentOf(KeyWithHash(0x5555555555555555), 3), 0u);
  EXPECT_EQ(SegmentOf(KeyWithHash(0x5555555555555556), 3), 1u);
  EXPECT_EQ(SegmentOf(KeyWithHash(0xAAAAAAAAAAAAAAAA), 3), 1u);
  EXPECT_EQ(SegmentOf(KeyWithHash(0xAAAAAAAAAAAAAAAB), 3), 2u);
  EXPECT_EQ(SegmentOf(KeyWithHash(~uint64_t{0}), 1000000), 999999u);
  EXPECT_EQ(SegmentOf(KeyWithHash(0), 1000000), 0u);
}

bool InRange(const std::string& key, const KeyRange& range) {
  return range.lower <= key && key < range.upper;
}

// Every key falls into exactly the segment SegmentOf names, and the segments of one total are
// contiguous and together are the whole keyspace.
TEST(KeyspaceTest, SegmentsPartitionTheKeyspace) {
  std::mt19937_64 random(42);
  const KeyRange whole = WholeIndexRange(7, 2);
  for (uint32_t total : {1u, 2u, 3u, 7u, 1000u, 1000000u}) {
    std::vector<uint64_t> hashes = {0, 1, ~uint64_t{0}, ~uint64_t{0} - 1, uint64_t{1} << 63};
    for (int i = 0; i < 2000; ++i) {
      hashes.push_back(random());
    }
    for (uint64_t hash : hashes) {
      const std::string key = KeyWithHash(hash);
      const uint32_t segment = SegmentOf(key, total);
      ASSERT_LT(segment, total);
      ASSERT_TRUE(InRange(key, SegmentRange(7, 2, segment, total))) << hash << " " << total;
      if (segment > 0) {
        ASSERT_FALSE(InRange(key, SegmentRange(7, 2, segment - 1, total)));
      }
      if (segment + 1 < total) {
        ASSERT_FALSE(InRange(key, SegmentRange(7, 2, segment + 1, total)));
      }
    }
    // Contiguity, checked on every segment for small totals and on a sample for large ones.
    const uint32_t step = total <= 1000 ? 1 : 997;
    EXPECT_EQ(SegmentRange(7, 2, 0, total).lower, whole.lower);
    EXPECT_EQ(SegmentRange(7, 2, total - 1, total).upper, whole.upper);
    for (uint32_t s = 0; s + 1 < total; s += step) {
      const KeyRange range = SegmentRange(7, 2, s, total);
      ASSERT_LT(range.lower, range.upper);
      ASSERT_EQ(range.upper, SegmentRange(7, 2, s + 1, total).lower) << s << " of " << total;
    }
  }
}

}  // namespace
}  // namespace dynafake::table
