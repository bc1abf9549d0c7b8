#include "api/read/key_range.h"

#include <string_view>
#include <vector>

#include "model/key_codec.h"

namespace dynafake::api {
namespace {

using Kind = expr::SortKeyCondition::Kind;

// `prefix` followed by the encoding of `value`.
std::string WithValue(const std::string& prefix, const model::AttributeValue& value) {
  std::string key = prefix;
  model::EncodeKeyValue(value, &key);
  return key;
}

table::KeyRange Checked(std::string lower, std::string upper) {
  if (upper <= lower) {
    upper = lower;
  }
  return {std::move(lower), std::move(upper)};
}

}  // namespace

table::KeyRange KeyConditionRange(uint32_t table_id, uint32_t index_id,
                                  const expr::KeyCondition& condition) {
  std::string partition;
  if (condition.more_partition_values.empty()) {
    partition = table::PartitionPrefix(table_id, index_id, condition.partition_value);
  } else {
    std::vector<const model::AttributeValue*> values{&condition.partition_value};
    for (const model::AttributeValue& value : condition.more_partition_values) {
      values.push_back(&value);
    }
    partition = table::PartitionPrefix(table_id, index_id, values);
  }
  // The `=` sort attributes before the last constrained one narrow the partition like a prefix.
  for (const model::AttributeValue& value : condition.sort_prefix_values) {
    model::EncodeKeyValue(value, &partition);
  }
  std::string partition_end = table::PrefixSuccessor(partition);
  if (!condition.sort) {
    return {std::move(partition), std::move(partition_end)};
  }
  const expr::SortKeyCondition& sort = *condition.sort;
  switch (sort.kind) {
    case Kind::kEqual: {
      std::string key = WithValue(partition, sort.value);
      std::string end = table::PrefixSuccessor(key);
      return {std::move(key), std::move(end)};
    }
    case Kind::kLess:
      return Checked(std::move(partition), WithValue(partition, sort.value));
    case Kind::kLessOrEqual:
      return Checked(std::move(partition),
                     table::PrefixSuccessor(WithValue(partition, sort.value)));
    case Kind::kGreater:
      return Checked(table::PrefixSuccessor(WithValue(partition, sort.value)),
                     std::move(partition_end));
    case Kind::kGreaterOrEqual:
      return Checked(WithValue(partition, sort.value), std::move(partition_end));
    case Kind::kBetween:
      return Checked(WithValue(partition, sort.value),
                     table::PrefixSuccessor(WithValue(partition, sort.upper)));
    case Kind::kBeginsWith: {
      std::string key = std::move(partition);
      model::EncodeKeyPrefix(sort.value, &key);
      std::string end = table::PrefixSuccessor(key);
      return {std::move(key), std::move(end)};
    }
  }
  return {partition, partition};
}

bool SortKeyConditionHolds(const expr::SortKeyCondition& condition,
                           const model::AttributeValue& value) {
  if (condition.kind == Kind::kBeginsWith) {
    return std::string_view(value.as_string()).starts_with(condition.value.as_string());
  }
  // The key encoding orders values of one type exactly as the service does.
  std::string encoded;
  model::EncodeKeyValue(value, &encoded);
  std::string bound;
  model::EncodeKeyValue(condition.value, &bound);
  const int order = encoded.compare(bound);
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
    case Kind::kBetween: {
      std::string upper;
      model::EncodeKeyValue(condition.upper, &upper);
      return order >= 0 && encoded <= upper;
    }
    case Kind::kBeginsWith:
      break;
  }
  return false;
}

std::string StartKeyStorageKey(uint32_t table_id, const model::KeySchema& table_key,
                               const table::SecondaryIndex* index, const model::Item& start_key) {
  if (index == nullptr) {
    return table::ItemKey(table_id, table_key, start_key);
  }
  return table::IndexEntryKey(table_id, *index, table_key, start_key);
}

}  // namespace dynafake::api
