#include "model/item_codec.h"

#include <cstdint>
#include <optional>
#include <string>

#include "util/coding.h"

namespace dynafake::model {
namespace {

// Storage format, version 1:
//   item   := version:u8 map
//   map    := count:varint (name:bytes value)*      names in ascending byte order
//   bytes  := length:varint byte*
//   value  := tag:u8 payload
//   number := header:varint [exponent:zigzag-varint digits:u8*]
//             header = digit count * 2 + (1 if negative); zero has header 0 and nothing else;
//             digits are two per byte, high nibble first, a lone last digit padded with 0.
// Type tags are on disk: never renumber them, only add new ones.
// The tags are in item_codec.h, beside the walk that VisitEncodedItemDirect inlines.
using item_codec_internal::kFormatVersion;
using item_codec_internal::kTagB;
using item_codec_internal::kTagBS;
using item_codec_internal::kTagFalse;
using item_codec_internal::kTagL;
using item_codec_internal::kTagM;
using item_codec_internal::kTagN;
using item_codec_internal::kTagNS;
using item_codec_internal::kTagNull;
using item_codec_internal::kTagS;
using item_codec_internal::kTagSS;
using item_codec_internal::kTagTrue;

uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

void EncodeNumber(const Number& number, std::string* out) {
  const std::string& digits = number.digits();
  util::PutVarint64(out, digits.size() * 2 + (number.negative() ? 1 : 0));
  if (digits.empty()) {
    return;
  }
  util::PutVarint64(out, ZigZag(number.exponent()));
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int high = digits[i] - '0';
    const int low = i + 1 < digits.size() ? digits[i + 1] - '0' : 0;
    out->push_back(static_cast<char>((high << 4) | low));
  }
}

void EncodeMap(const AttributeMap& map, std::string* out);

void EncodeValue(const AttributeValue& value, std::string* out) {
  switch (value.type()) {
    case AttributeType::kS:
      out->push_back(static_cast<char>(kTagS));
      util::PutLengthPrefixed(out, value.as_string());
      return;
    case AttributeType::kN:
      out->push_back(static_cast<char>(kTagN));
      EncodeNumber(value.as_number(), out);
      return;
    case AttributeType::kB:
      out->push_back(static_cast<char>(kTagB));
      util::PutLengthPrefixed(out, value.as_string());
      return;
    case AttributeType::kBOOL:
      out->push_back(static_cast<char>(value.as_bool() ? kTagTrue : kTagFalse));
      return;
    case AttributeType::kNULL:
      out->push_back(static_cast<char>(kTagNull));
      return;
    case AttributeType::kSS:
    case AttributeType::kBS:
      out->push_back(static_cast<char>(value.type() == AttributeType::kSS ? kTagSS : kTagBS));
      util::PutVarint64(out, value.as_string_set().size());
      for (const std::string& member : value.as_string_set()) {
        util::PutLengthPrefixed(out, member);
      }
      return;
    case AttributeType::kNS:
      out->push_back(static_cast<char>(kTagNS));
      util::PutVarint64(out, value.as_number_set().size());
      for (const Number& member : value.as_number_set()) {
        EncodeNumber(member, out);
      }
      return;
    case AttributeType::kL:
      out->push_back(static_cast<char>(kTagL));
      util::PutVarint64(out, value.as_list().size());
      for (const AttributeValue& element : value.as_list()) {
        EncodeValue(element, out);
      }
      return;
    case AttributeType::kM:
      out->push_back(static_cast<char>(kTagM));
      EncodeMap(value.as_map(), out);
      return;
  }
}

void EncodeMap(const AttributeMap& map, std::string* out) {
  util::PutVarint64(out, map.size());
  for (const auto& [name, value] : map) {
    util::PutLengthPrefixed(out, name);
    EncodeValue(value, out);
  }
}

// Reads one encoding into an Item; every method returns false on malformed or truncated input.
class Decoder : public item_codec_internal::Reader {
 public:
  using Reader::Reader;

  bool ReadNumber(Number* number) {
    bool negative = false;
    int32_t exponent = 0;
    size_t count = 0;
    if (!ReadNumberHead(&negative, &exponent, &count)) {
      return false;
    }
    std::string digits(count, '0');
    if (!ReadDigits(count, digits.data())) {
      return false;
    }
    std::optional<Number> parts = Number::FromParts(negative, exponent, std::move(digits));
    if (!parts.has_value()) {
      return false;
    }
    *number = std::move(*parts);
    return true;
  }

  bool ReadStrings(std::vector<std::string>* members) {
    size_t count = 0;
    if (!ReadCount(&count)) {
      return false;
    }
    members->reserve(count);
    for (size_t i = 0; i < count; ++i) {
      std::string_view bytes;
      if (!ReadBytes(&bytes)) {
        return false;
      }
      members->emplace_back(bytes);
    }
    return true;
  }

  bool ReadNumbers(std::vector<Number>* members) {
    size_t count = 0;
    if (!ReadCount(&count)) {
      return false;
    }
    members->resize(count);
    for (Number& member : *members) {
      if (!ReadNumber(&member)) {
        return false;
      }
    }
    return true;
  }

  bool ReadMap(AttributeMap* map, int depth) {
    size_t count = 0;
    if (!ReadCount(&count)) {
      return false;
    }
    for (size_t i = 0; i < count; ++i) {
      std::string_view name;
      if (!ReadBytes(&name)) {
        return false;
      }
      const size_t before = map->size();
      // Names come in ascending order, so the hint makes each insertion constant time.
      auto it = map->emplace_hint(map->end(), std::string(name), AttributeValue());
      if (map->size() == before || !ReadValue(&it->second, depth)) {
        return false;  // a duplicate name, or a bad value
      }
    }
    return true;
  }

  bool ReadValue(AttributeValue* value, int depth);
};

bool Decoder::ReadValue(AttributeValue* value, int depth) {
  uint8_t tag = 0;
  if (!ReadByte(&tag)) {
    return false;
  }
  switch (tag) {
    case kTagS:
    case kTagB: {
      std::string_view bytes;
      if (!ReadBytes(&bytes)) {
        return false;
      }
      *value = tag == kTagS ? AttributeValue::String(std::string(bytes))
                            : AttributeValue::Binary(std::string(bytes));
      return true;
    }
    case kTagN: {
      Number number;
      if (!ReadNumber(&number)) {
        return false;
      }
      *value = AttributeValue::FromNumber(std::move(number));
      return true;
    }
    case kTagFalse:
    case kTagTrue:
      *value = AttributeValue::Bool(tag == kTagTrue);
      return true;
    case kTagNull:
      *value = AttributeValue::Null();
      return true;
    case kTagSS:
    case kTagBS: {
      std::vector<std::string> members;
      if (!ReadStrings(&members)) {
        return false;
      }
      *value = tag == kTagSS ? AttributeValue::StringSet(std::move(members))
                             : AttributeValue::BinarySet(std::move(members));
      return true;
    }
    case kTagNS: {
      std::vector<Number> members;
      if (!ReadNumbers(&members)) {
        return false;
      }
      *value = AttributeValue::NumberSet(std::move(members));
      return true;
    }
    case kTagL: {
      size_t count = 0;
      if (depth >= kMaxEncodedNesting || !ReadCount(&count)) {
        return false;
      }
      AttributeList elements(count);
      for (AttributeValue& element : elements) {
        if (!ReadValue(&element, depth + 1)) {
          return false;
        }
      }
      *value = AttributeValue::List(std::move(elements));
      return true;
    }
    case kTagM: {
      AttributeMap members;
      if (depth >= kMaxEncodedNesting || !ReadMap(&members, depth + 1)) {
        return false;
      }
      *value = AttributeValue::Map(std::move(members));
      return true;
    }
    default:
      return false;
  }
}

}  // namespace

// Appends the encoding of `item` to *out.
void EncodeItem(const Item& item, std::string* out) {
  out->push_back(static_cast<char>(kFormatVersion));
  EncodeMap(item, out);
}

namespace item_codec_internal {

Status VersionError(std::string_view bytes) {
  if (bytes.empty()) {
    return InternalError("Corrupt item: empty encoding");
  }
  return InternalError("Unsupported item format version " +
                       std::to_string(static_cast<uint8_t>(bytes[0])));
}

Status CorruptItem() {
  return InternalError("Corrupt item encoding");
}

}  // namespace item_codec_internal

Result<Item> DecodeItem(std::string_view bytes) {
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != kFormatVersion) {
    return item_codec_internal::VersionError(bytes);
  }
  Decoder decoder(bytes.substr(1));
  Item item;
  if (!decoder.ReadMap(&item, 0) || !decoder.done()) {
    return item_codec_internal::CorruptItem();
  }
  return item;
}

Status VisitEncodedItem(std::string_view bytes, EncodedItemVisitor* visitor) {
  return VisitEncodedItemDirect(bytes, visitor);
}

}  // namespace dynafake::model
