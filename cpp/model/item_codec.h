// Item <-> storage bytes. The first byte is the format version; type tags are never renumbered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "util/coding.h"

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

// Lists and maps nest at most this deep inside an item: an encoding nested deeper is refused as
// corrupt, by DecodeItem and VisitEncodedItem alike. The service caps nesting at 32 levels; the
// margin keeps every legitimate item readable while bounding the recursion on corrupt input.
inline constexpr int kMaxEncodedNesting = 100;
// So a visitor never has more containers open at once than this: the item's own map, the nested
// lists and maps, and a set inside the innermost of them. Visitors may keep a fixed-size stack.
inline constexpr int kMaxOpenContainers = kMaxEncodedNesting + 2;

// Walks the item encoded in `bytes`. Fails with InternalServerError, as DecodeItem does, on bytes
// this version cannot read; the visitor may then have seen a prefix of the item.
Status VisitEncodedItem(std::string_view bytes, EncodedItemVisitor* visitor);

// VisitEncodedItem with the visitor's calls bound at compile time: for a `final` Visitor class
// (an EncodedItemVisitor or any class with the same methods) they are direct calls the compiler
// may inline into the walk. For the hottest readers, which walk every item of every page.
template <typename Visitor>
Status VisitEncodedItemDirect(std::string_view bytes, Visitor* visitor);

// The walk itself, shared by both entry points; see item_codec.cc for the storage format.
namespace item_codec_internal {

inline constexpr uint8_t kFormatVersion = 1;
inline constexpr uint8_t kTagS = 0x01;      // bytes
inline constexpr uint8_t kTagN = 0x02;      // number
inline constexpr uint8_t kTagB = 0x03;      // bytes
inline constexpr uint8_t kTagFalse = 0x04;  // BOOL false, no payload
inline constexpr uint8_t kTagTrue = 0x05;   // BOOL true, no payload
inline constexpr uint8_t kTagNull = 0x06;   // no payload
inline constexpr uint8_t kTagSS = 0x07;     // count:varint bytes*
inline constexpr uint8_t kTagNS = 0x08;     // count:varint number*
inline constexpr uint8_t kTagBS = 0x09;     // count:varint bytes*
inline constexpr uint8_t kTagL = 0x0A;      // count:varint value*
inline constexpr uint8_t kTagM = 0x0B;      // map

// Valid numbers have exponents in [-129, 126]; anything beyond what the key encoding can hold is
// corruption.
inline constexpr int64_t kMaxExponentMagnitude = 0x7FFF;

inline int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

// Reads the parts of an encoding from the front of [position, end); every method returns false,
// having read nothing past `end`, on malformed or truncated input.
class Reader {
 public:
  explicit Reader(std::string_view input)
      : position_(input.data()), end_(input.data() + input.size()) {}

  bool done() const { return position_ == end_; }

  size_t remaining() const { return static_cast<size_t>(end_ - position_); }

  bool ReadByte(uint8_t* byte) {
    if (position_ == end_) {
      return false;
    }
    *byte = static_cast<uint8_t>(*position_++);
    return true;
  }

  bool ReadVarint(uint64_t* value) { return Advance(util::DecodeVarint64(position_, end_, value)); }

  // A count of elements that take at least one byte each, so it cannot exceed what is left.
  bool ReadCount(size_t* count) {
    uint64_t value = 0;
    if (!ReadVarint(&value) || value > remaining()) {
      return false;
    }
    *count = static_cast<size_t>(value);
    return true;
  }

  bool ReadBytes(std::string_view* bytes) {
    return Advance(util::DecodeLengthPrefixed(position_, end_, bytes));
  }

  // The head of one number: its sign, its exponent and how many digits follow (0 for zero),
  // which are there to read. Then ReadDigits(count) reads them.
  bool ReadNumberHead(bool* negative, int32_t* exponent, size_t* count) {
    uint64_t header = 0;
    if (!ReadVarint(&header)) {
      return false;
    }
    const uint64_t digits = header >> 1;
    *negative = (header & 1) != 0;
    if (digits == 0) {
      *exponent = 0;
      *count = 0;
      return !*negative;
    }
    uint64_t zigzag = 0;
    if (!ReadVarint(&zigzag)) {
      return false;
    }
    const int64_t wide_exponent = UnZigZag(zigzag);
    if (wide_exponent < -kMaxExponentMagnitude || wide_exponent > kMaxExponentMagnitude ||
        (digits + 1) / 2 > remaining()) {
      return false;
    }
    *exponent = static_cast<int32_t>(wide_exponent);
    *count = static_cast<size_t>(digits);
    return true;
  }

  // `count` digits into text[0, count), as Number::digits() holds them ('0'..'9').
  bool ReadDigits(size_t count, char* text) {
    if (count == 0) {
      return true;
    }
    const size_t packed = (count + 1) / 2;
    if (packed > remaining()) {
      return false;
    }
    const auto* const in = reinterpret_cast<const uint8_t*>(position_);
    // Significant digits only: the first and the last are never 0. A lone last digit is padded
    // with a 0 nibble.
    const int last = count % 2 == 0 ? in[packed - 1] & 0xF : in[packed - 1] >> 4;
    if ((in[0] >> 4) == 0 || last == 0 || (count % 2 == 1 && (in[packed - 1] & 0xF) != 0)) {
      return false;
    }
    // Two digits a byte, high nibble first; each must be a decimal digit.
    for (size_t i = 0; i < count / 2; ++i) {
      const int high = in[i] >> 4;
      const int low = in[i] & 0xF;
      if (high > 9 || low > 9) {
        return false;
      }
      text[2 * i] = static_cast<char>('0' + high);
      text[2 * i + 1] = static_cast<char>('0' + low);
    }
    if (count % 2 == 1) {
      const int high = in[packed - 1] >> 4;
      if (high > 9) {
        return false;
      }
      text[count - 1] = static_cast<char>('0' + high);
    }
    position_ += packed;
    return true;
  }

 private:
  // Moves to `next`, the position after a read, unless the read failed (nullptr).
  bool Advance(const char* next) {
    if (next == nullptr) {
      return false;
    }
    position_ = next;
    return true;
  }

  const char* position_;
  const char* end_;
};

// The error for an encoding that is empty or has another format version than kFormatVersion.
Status VersionError(std::string_view bytes);
Status CorruptItem();

template <typename Visitor>
class Walker {
 public:
  Walker(std::string_view bytes, Visitor* visitor) : reader_(bytes), visitor_(visitor) {}

  Reader& reader() { return reader_; }

  // `depth`: the lists and maps the map is nested in, the item's own map being at 0.
  bool VisitMap(int depth) {
    size_t count = 0;
    if (!reader_.ReadCount(&count)) {
      return false;
    }
    visitor_->BeginMap(count);
    for (size_t i = 0; i < count; ++i) {
      std::string_view name;
      if (!reader_.ReadBytes(&name)) {
        return false;
      }
      visitor_->MemberName(name);
      if (!VisitValue(depth)) {
        return false;
      }
    }
    visitor_->EndMap();
    return true;
  }

 private:
  // Inlined into the loops of maps and lists, so that a scalar, the usual value, costs no call;
  // containers recurse through VisitMap and VisitList.
  [[gnu::always_inline]] bool VisitValue(int depth) {
    uint8_t tag = 0;
    if (!reader_.ReadByte(&tag)) {
      return false;
    }
    switch (tag) {
      case kTagS:
      case kTagB: {
        std::string_view bytes;
        if (!reader_.ReadBytes(&bytes)) {
          return false;
        }
        visitor_->StringOrBinary(tag == kTagS ? AttributeType::kS : AttributeType::kB, bytes);
        return true;
      }
      case kTagN:
        return VisitNumber();
      case kTagFalse:
      case kTagTrue:
        visitor_->Bool(tag == kTagTrue);
        return true;
      case kTagNull:
        visitor_->Null();
        return true;
      case kTagSS:
      case kTagNS:
      case kTagBS:
        return VisitSet(tag);
      case kTagL:
        return depth < kMaxEncodedNesting && VisitList(depth + 1);
      case kTagM:
        return depth < kMaxEncodedNesting && VisitMap(depth + 1);
      default:
        return false;
    }
  }

  bool VisitList(int depth) {
    size_t count = 0;
    if (!reader_.ReadCount(&count)) {
      return false;
    }
    visitor_->BeginList(count);
    for (size_t i = 0; i < count; ++i) {
      if (!VisitValue(depth)) {
        return false;
      }
    }
    visitor_->EndList();
    return true;
  }

  bool VisitNumber() {
    bool negative = false;
    int32_t exponent = 0;
    size_t count = 0;
    if (!reader_.ReadNumberHead(&negative, &exponent, &count)) {
      return false;
    }
    char* text = digits_;
    if (count > sizeof(digits_)) {
      long_digits_.resize(count);
      text = long_digits_.data();
    }
    if (!reader_.ReadDigits(count, text)) {
      return false;
    }
    visitor_->NumberParts(negative, exponent, std::string_view(text, count));
    return true;
  }

  bool VisitSet(uint8_t tag) {
    size_t count = 0;
    if (!reader_.ReadCount(&count)) {
      return false;
    }
    const AttributeType type = tag == kTagSS   ? AttributeType::kSS
                               : tag == kTagNS ? AttributeType::kNS
                                               : AttributeType::kBS;
    visitor_->BeginSet(type, count);
    for (size_t i = 0; i < count; ++i) {
      if (type == AttributeType::kNS) {
        if (!VisitNumber()) {
          return false;
        }
        continue;
      }
      std::string_view bytes;
      if (!reader_.ReadBytes(&bytes)) {
        return false;
      }
      visitor_->StringOrBinary(type == AttributeType::kSS ? AttributeType::kS : AttributeType::kB,
                               bytes);
    }
    visitor_->EndSet();
    return true;
  }

  Reader reader_;
  Visitor* const visitor_;
  // A number's digits: a valid one has at most 38, which fit the first; longer ones, which only
  // a corrupt encoding has, take the second.
  char digits_[40];
  std::string long_digits_;
};

}  // namespace item_codec_internal

template <typename Visitor>
Status VisitEncodedItemDirect(std::string_view bytes, Visitor* visitor) {
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != item_codec_internal::kFormatVersion) {
    return item_codec_internal::VersionError(bytes);
  }
  item_codec_internal::Walker<Visitor> walker(bytes.substr(1), visitor);
  if (!walker.VisitMap(0) || !walker.reader().done()) {
    return item_codec_internal::CorruptItem();
  }
  return Status::Ok();
}

}  // namespace dynafake::model
