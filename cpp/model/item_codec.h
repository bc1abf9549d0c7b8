// Item <-> storage bytes. The first byte is the format version; type tags are never renumbered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace dynafake::model {

// Appends the encoding of `item` to *out.
void EncodeItem(const Item& item, std::string* out);

// Fails with InternalServerError on bytes this version cannot read (corruption, newer format).
Result<Item> DecodeItem(std::string_view bytes);

// Receives the parts of an encoded item in order, for readers that only copy an item out (a page
// of items written as JSON, its sizes) and need not build it. A map (the item itself, or an M
// value) announces each member's name before its value; sets announce their members as values.
class EncodedItemVisitor {
 public:
  virtual ~EncodedItemVisitor() = default;
  virtual void BeginMap(size_t size) = 0;
  virtual void MemberName(std::string_view name) = 0;
  virtual void EndMap() = 0;
  virtual void BeginList(size_t size) = 0;
  virtual void EndList() = 0;
  virtual void BeginSet(AttributeType type, size_t size) = 0;  // SS, NS or BS
  virtual void EndSet() = 0;
  virtual void StringOrBinary(AttributeType type, std::string_view bytes) = 0;  // B: raw bytes
  // `digits` as Number::digits() holds them (empty for zero).
  virtual void NumberParts(bool negative, int32_t exponent, std::string_view digits) = 0;
  virtual void Bool(bool value) = 0;
  virtual void Null() = 0;
};

// Walks the item encoded in `bytes`. Fails with InternalServerError, as DecodeItem does, on bytes
// this version cannot read; the visitor may then have seen a prefix of the item.
Status VisitEncodedItem(std::string_view bytes, EncodedItemVisitor* visitor);

}  // namespace dynafake::model
