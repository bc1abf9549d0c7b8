// KeySchema: the partition (HASH) and optional sort (RANGE) key of a table or index, and the
// extraction and checks of key attributes that every item operation shares.
#pragma once

#include <optional>
#include <string>

#include "model/attribute_value.h"

namespace dynafake::model {

struct KeyAttribute {
  std::string name;
  AttributeType type = AttributeType::kS;  // S, N or B
};

struct KeySchema {
  KeyAttribute hash;
  std::optional<KeyAttribute> range;

  // The key attributes of `item`, or nullopt if any is missing.
  std::optional<Item> ExtractKey(const Item& item) const;
  bool IsKeyAttribute(std::string_view name) const;
};

// The key size limits of a non-empty key value (UTF-8 bytes of S, raw bytes of B; numbers always
// fit): "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size
// limit of2048 bytes" and "... Aggregated size of all range keys has exceeded the size limit of
// 1024 bytes". Tables and indexes share them. REQUIRES: value is S, N or B.
Status CheckKeySize(const AttributeValue& value, bool is_hash);

// Checks a Key argument (GetItem/DeleteItem/UpdateItem/BatchGet/BatchWrite delete): exactly the key
// attributes with the schema's types, else "The provided key element does not match the schema";
// then empty S/B values ("One or more parameter values were invalid: The AttributeValue for a key
// attribute cannot contain an empty string value. Key: <name>") and key sizes ("... Size of hashkey
// has exceeded the maximum size limit of2048 bytes", "... Aggregated size of all range keys has
// exceeded the size limit of 1024 bytes").
Status ValidateKeyArgument(const KeySchema& schema, const Item& key);

// Checks the key attributes inside a whole item (PutItem, BatchWrite put): "One or more parameter
// values were invalid: Missing the key <name> in the item", "... Type mismatch for key <name>
// expected: <T> actual: <T>", the "are not valid" empty-value texts and the same size limits.
Status ValidateItemKey(const KeySchema& schema, const Item& item);

}  // namespace dynafake::model
