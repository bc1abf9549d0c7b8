#include "model/item_codec.h"

#include <cstdint>
#include <optional>
#include <string>

#include "util/coding.h"
#include "util/result.h"

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
constexpr uint8_t kFormatVersion = 1;
constexpr uint8_t kTagS = 0x01;      // bytes
constexpr uint8_t kTagN = 0x02;      // number
constexpr uint8_t kTagB = 0x03;      // bytes
constexpr uint8_t kTagFalse = 0x04;  // BOOL false, no payload
constexpr uint8_t kTagTrue = 0x05;   // BOOL true, no payload
constexpr uint8_t kTagNull = 0x06;   // no payload
constexpr uint8_t kTagSS = 0x07;     // count:varint bytes*
constexpr uint8_t kTagNS = 0x08;     // count:varint number*
constexpr uint8_t kTagBS = 0x09;     // count:varint bytes*
constexpr uint8_t kTagL = 0x0A;      // count:varint value*
constexpr uint8_t kTagM = 0x0B;      // map

// The service caps nesting at 32 levels; the margin keeps every legitimate item readable while
// bounding the recursion on corrupt input.
constexpr int kMaxDepth = 100;
// Valid numbers have exponents in [-129, 126]; anything beyond what the key encoding can hold is
// corruption.
constexpr int64_t kMaxExponentMagnitude = 0x7FFF;

uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
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

// Reads one encoding; every method returns false on malformed or truncated input.
class Decoder {
 public:
  explicit Decoder(std::string_view input) : input_(input) {}

  bool done() const { return input_.empty(); }

  bool ReadByte(uint8_t* byte) {
    if (input_.empty()) {
      return false;
    }
    *byte = static_cast<uint8_t>(input_[0]);
    input_.remove_prefix(1);
    return true;
  }

  bool ReadVarint(uint64_t* value) {
    if (!input_.empty() && static_cast<uint8_t>(input_[0]) < 0x80) {
      *value = static_cast<uint8_t>(input_[0]);  // the common one-byte case, inline
      input_.remove_prefix(1);
      return true;
    }
    return util::GetVarint64(&input_, value);
  }

  // A count of elements that take at least one byte each, so it cannot exceed what is left.
  bool ReadCount(size_t* count) {
    uint64_t value = 0;
    if (!ReadVarint(&value) || value > input_.size()) {
      return false;
    }
    *count = static_cast<size_t>(value);
    return true;
  }

  bool ReadBytes(std::string_view* bytes) { return util::GetLengthPrefixed(&input_, bytes); }

  // The parts of one number into *digits ('0'..'9' text, as Number::digits() holds them).
  bool ReadNumberParts(bool* negative, int32_t* exponent, std::string* digits) {
    uint64_t header = 0;
    if (!ReadVarint(&header)) {
      return false;
    }
    const uint64_t count = header >> 1;
    *negative = (header & 1) != 0;
    digits->clear();
    if (count == 0) {
      *exponent = 0;
      return !*negative;
    }
    uint64_t zigzag = 0;
    if (!ReadVarint(&zigzag)) {
      return false;
    }
    const int64_t wide_exponent = UnZigZag(zigzag);
    const uint64_t packed = (count + 1) / 2;
    if (wide_exponent < -kMaxExponentMagnitude || wide_exponent > kMaxExponentMagnitude ||
        packed > input_.size()) {
      return false;
    }
    digits->resize(static_cast<size_t>(count));
    for (size_t i = 0; i < digits->size(); ++i) {
      const auto byte = static_cast<uint8_t>(input_[i / 2]);
      const int digit = i % 2 == 0 ? byte >> 4 : byte & 0xF;
      if (digit > 9) {
        return false;
      }
      (*digits)[i] = static_cast<char>('0' + digit);
    }
    if (count % 2 == 1 && (static_cast<uint8_t>(input_[packed - 1]) & 0xF) != 0) {
      return false;
    }
    // Significant digits only: the first and the last are never '0'.
    if (digits->front() == '0' || digits->back() == '0') {
      return false;
    }
    input_.remove_prefix(static_cast<size_t>(packed));
    *exponent = static_cast<int32_t>(wide_exponent);
    return true;
  }

  bool ReadNumber(Number* number) {
    bool negative = false;
    int32_t exponent = 0;
    std::string digits;
    if (!ReadNumberParts(&negative, &exponent, &digits)) {
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

  bool VisitMap(EncodedItemVisitor* visitor, int depth) {
    size_t count = 0;
    if (!ReadCount(&count)) {
      return false;
    }
    visitor->BeginMap(count);
    for (size_t i = 0; i < count; ++i) {
      std::string_view name;
      if (!ReadBytes(&name)) {
        return false;
      }
      visitor->MemberName(name);
      if (!VisitValue(visitor, depth)) {
        return false;
      }
    }
    visitor->EndMap();
    return true;
  }

  bool VisitValue(EncodedItemVisitor* visitor, int depth);

 private:
  bool VisitNumber(EncodedItemVisitor* visitor) {
    bool negative = false;
    int32_t exponent = 0;
    if (!ReadNumberParts(&negative, &exponent, &number_digits_)) {
      return false;
    }
    visitor->NumberParts(negative, exponent, number_digits_);
    return true;
  }

  bool VisitSet(uint8_t tag, EncodedItemVisitor* visitor) {
    size_t count = 0;
    if (!ReadCount(&count)) {
      return false;
    }
    const AttributeType type = tag == kTagSS   ? AttributeType::kSS
                               : tag == kTagNS ? AttributeType::kNS
                                               : AttributeType::kBS;
    visitor->BeginSet(type, count);
    for (size_t i = 0; i < count; ++i) {
      if (type == AttributeType::kNS) {
        if (!VisitNumber(visitor)) {
          return false;
        }
        continue;
      }
      std::string_view bytes;
      if (!ReadBytes(&bytes)) {
        return false;
      }
      visitor->StringOrBinary(type == AttributeType::kSS ? AttributeType::kS : AttributeType::kB,
                              bytes);
    }
    visitor->EndSet();
    return true;
  }

  std::string_view input_;
  std::string number_digits_;  // reused by VisitNumber
};

bool Decoder::VisitValue(EncodedItemVisitor* visitor, int depth) {
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
      visitor->StringOrBinary(tag == kTagS ? AttributeType::kS : AttributeType::kB, bytes);
      return true;
    }
    case kTagN:
      return VisitNumber(visitor);
    case kTagFalse:
    case kTagTrue:
      visitor->Bool(tag == kTagTrue);
      return true;
    case kTagNull:
      visitor->Null();
      return true;
    case kTagSS:
    case kTagNS:
    case kTagBS:
      return VisitSet(tag, visitor);
    case kTagL: {
      size_t count = 0;
      if (depth >= kMaxDepth || !ReadCount(&count)) {
        return false;
      }
      visitor->BeginList(count);
      for (size_t i = 0; i < count; ++i) {
        if (!VisitValue(visitor, depth + 1)) {
          return false;
        }
      }
      visitor->EndList();
      return true;
    }
    case kTagM:
      return depth < kMaxDepth && VisitMap(visitor, depth + 1);
    default:
      return false;
  }
}

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
      if (depth >= kMaxDepth || !ReadCount(&count)) {
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
      if (depth >= kMaxDepth || !ReadMap(&members, depth + 1)) {
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

namespace {

// Reads the format version of `bytes` into a decoder positioned at the item's map.
Result<Decoder> OpenItem(std::string_view bytes) {
  Decoder decoder(bytes);
  uint8_t version = 0;
  if (!decoder.ReadByte(&version)) {
    return InternalError("Corrupt item: empty encoding");
  }
  if (version != kFormatVersion) {
    return InternalError("Unsupported item format version " + std::to_string(version));
  }
  return decoder;
}

Status CorruptItem() {
  return InternalError("Corrupt item encoding");
}

}  // namespace

Result<Item> DecodeItem(std::string_view bytes) {
  DF_ASSIGN_OR_RETURN(Decoder decoder, OpenItem(bytes));
  Item item;
  if (!decoder.ReadMap(&item, 0) || !decoder.done()) {
    return CorruptItem();
  }
  return item;
}

Status VisitEncodedItem(std::string_view bytes, EncodedItemVisitor* visitor) {
  DF_ASSIGN_OR_RETURN(Decoder decoder, OpenItem(bytes));
  if (!decoder.VisitMap(visitor, 0) || !decoder.done()) {
    return CorruptItem();
  }
  return Status::Ok();
}

}  // namespace dynafake::model
