// AttributeValue: one DynamoDB value of any of the ten types, and the Item (attribute map).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/number.h"

namespace dynafake::model {

// The ten types, in the wire spelling order used for type names.
enum class AttributeType : uint8_t { kS, kN, kB, kBOOL, kNULL, kSS, kNS, kBS, kL, kM };

// "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M".
std::string_view AttributeTypeName(AttributeType type);
bool IsScalarKeyType(AttributeType type);  // S, N or B
bool IsSetType(AttributeType type);        // SS, NS or BS

class AttributeValue;
// Map attributes and whole items: name -> value, ordered by name (the wire order is free).
using AttributeMap = std::map<std::string, AttributeValue, std::less<>>;
using AttributeList = std::vector<AttributeValue>;
using Item = AttributeMap;

// A value type with value semantics. Copies are cheap: the payload (strings, numbers, sets, lists,
// maps) is shared between copies and cloned on the first mutable_list()/mutable_map() of a shared
// one; once a mutable reference has been handed out, that value is deep-copied when copied.
// Sets keep their members in insertion order without duplicates (the caller guarantees uniqueness;
// wire parsing rejects duplicates with the service's message). Like std::string: concurrent reads
// of one value, and any use of distinct values (copies included), are safe without locking.
class AttributeValue {
 public:
  AttributeValue();  // NULL
  AttributeValue(const AttributeValue& other);
  AttributeValue(AttributeValue&& other) noexcept;
  AttributeValue& operator=(const AttributeValue& other);
  AttributeValue& operator=(AttributeValue&& other) noexcept;
  ~AttributeValue();

  static AttributeValue String(std::string value);
  static AttributeValue FromNumber(Number value);
  static AttributeValue Binary(std::string bytes);  // raw bytes, not base64
  static AttributeValue Bool(bool value);
  static AttributeValue Null();
  static AttributeValue StringSet(std::vector<std::string> members);
  static AttributeValue NumberSet(std::vector<Number> members);
  static AttributeValue BinarySet(std::vector<std::string> members);
  static AttributeValue List(AttributeList elements);
  static AttributeValue Map(AttributeMap members);

  AttributeType type() const { return type_; }

  // REQUIRES: the matching type. S and B share the string accessor (B holds raw bytes).
  const std::string& as_string() const;
  const Number& as_number() const;
  bool as_bool() const;
  const std::vector<std::string>& as_string_set() const;  // SS and BS
  const std::vector<Number>& as_number_set() const;
  const AttributeList& as_list() const;
  AttributeList& mutable_list();
  const AttributeMap& as_map() const;
  AttributeMap& mutable_map();

  // Deep equality as the service defines it: numbers by value, sets order-free, maps by name,
  // lists in order; values of different types are never equal.
  bool operator==(const AttributeValue& other) const;

  bool operator!=(const AttributeValue& other) const { return !(*this == other); }

  // Bytes this value counts for in item size (docs: dynamodb-behaviour.md 2.7).
  size_t Size() const;
  // Levels of L/M nesting: 0 for a scalar or set, 1 for a list or map of scalars.
  int NestingDepth() const;

 private:
  struct Payload;
  AttributeValue(AttributeType type, std::shared_ptr<Payload> payload);
  // Makes payload_ unshared and marks it so that later copies clone it.
  Payload& MutablePayload();

  AttributeType type_ = AttributeType::kNULL;
  bool bool_ = false;
  std::shared_ptr<Payload> payload_;  // null for BOOL and NULL
};

// Size of an item as the service counts it: sum of UTF-8 name bytes plus value sizes.
size_t ItemSize(const Item& item);

}  // namespace dynafake::model
