#include "model/key.h"

#include <string>

#include "util/result.h"

namespace dynafake::model {
namespace {

constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;

constexpr char kKeyDoesNotMatch[] = "The provided key element does not match the schema";
// DynamoDB: Key arguments say "were invalid:", items on write say "are not valid." for the same
// empty-value problem (dynamodb-behaviour.md 2.2).
constexpr char kKeyArgumentPrefix[] = "One or more parameter values were invalid: ";
constexpr char kItemPrefix[] = "One or more parameter values are not valid. ";
// DynamoDB: "of2048" without a space is the service's text.
constexpr char kHashKeyTooLarge[] =
    "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
    "limit of2048 bytes";
constexpr char kRangeKeyTooLarge[] =
    "One or more parameter values were invalid: Aggregated size of all range keys has exceeded "
    "the size limit of 1024 bytes";

// Empty S/B values, then the byte limits (UTF-8 bytes of S, raw bytes of B; numbers are not
// length-checked). REQUIRES: value has the key attribute's scalar type.
Status CheckKeyValue(const KeyAttribute& attribute, const AttributeValue& value, bool is_hash,
                     const char* empty_prefix) {
  if (value.type() == AttributeType::kN) {
    return Status::Ok();
  }
  const size_t size = value.as_string().size();
  if (size == 0) {
    const char* kind = value.type() == AttributeType::kS ? "string" : "binary";
    return ValidationError(std::string(empty_prefix) +
                           "The AttributeValue for a key attribute cannot contain an empty " +
                           kind + " value. Key: " + attribute.name);
  }
  return CheckKeySize(value, is_hash);
}

}  // namespace

Status CheckKeySize(const AttributeValue& value, bool is_hash) {
  if (value.type() == AttributeType::kN) {
    return Status::Ok();
  }
  const size_t size = value.as_string().size();
  if (is_hash && size > kMaxHashKeyBytes) {
    return ValidationError(kHashKeyTooLarge);
  }
  if (!is_hash && size > kMaxRangeKeyBytes) {
    return ValidationError(kRangeKeyTooLarge);
  }
  return Status::Ok();
}

namespace {

bool MatchesAttribute(const KeyAttribute& attribute, const Item& key) {
  const auto it = key.find(attribute.name);
  return it != key.end() && it->second.type() == attribute.type;
}

Status CheckItemKeyAttribute(const KeyAttribute& attribute, const Item& item, bool is_hash) {
  const auto it = item.find(attribute.name);
  if (it == item.end()) {
    return ValidationError(std::string(kKeyArgumentPrefix) + "Missing the key " + attribute.name +
                           " in the item");
  }
  if (it->second.type() != attribute.type) {
    return ValidationError(std::string(kKeyArgumentPrefix) + "Type mismatch for key " +
                           attribute.name +
                           " expected: " + std::string(AttributeTypeName(attribute.type)) +
                           " actual: " + std::string(AttributeTypeName(it->second.type())));
  }
  return CheckKeyValue(attribute, it->second, is_hash, kItemPrefix);
}

}  // namespace

std::optional<Item> KeySchema::ExtractKey(const Item& item) const {
  Item key;
  const auto hash_it = item.find(hash.name);
  if (hash_it == item.end()) {
    return std::nullopt;
  }
  key.emplace(hash_it->first, hash_it->second);
  if (range.has_value()) {
    const auto range_it = item.find(range->name);
    if (range_it == item.end()) {
      return std::nullopt;
    }
    key.emplace(range_it->first, range_it->second);
  }
  return key;
}

bool KeySchema::IsKeyAttribute(std::string_view name) const {
  return name == hash.name || (range.has_value() && name == range->name);
}

// Order: the shape of the whole key first (attribute count, names, types), then per attribute,
// hash before range, the empty-value and size checks.
Status ValidateKeyArgument(const KeySchema& schema, const Item& key) {
  const size_t expected_count = schema.range.has_value() ? 2 : 1;
  if (key.size() != expected_count || !MatchesAttribute(schema.hash, key) ||
      (schema.range.has_value() && !MatchesAttribute(*schema.range, key))) {
    return ValidationError(kKeyDoesNotMatch);
  }
  DF_RETURN_IF_ERROR(
      CheckKeyValue(schema.hash, key.find(schema.hash.name)->second, true, kKeyArgumentPrefix));
  if (schema.range.has_value()) {
    DF_RETURN_IF_ERROR(CheckKeyValue(*schema.range, key.find(schema.range->name)->second, false,
                                     kKeyArgumentPrefix));
  }
  return Status::Ok();
}

// Order: all checks of the hash key (missing, type, empty, size), then those of the range key.
Status ValidateItemKey(const KeySchema& schema, const Item& item) {
  DF_RETURN_IF_ERROR(CheckItemKeyAttribute(schema.hash, item, true));
  if (schema.range.has_value()) {
    DF_RETURN_IF_ERROR(CheckItemKeyAttribute(*schema.range, item, false));
  }
  return Status::Ok();
}

}  // namespace dynafake::model
