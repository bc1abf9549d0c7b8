#include "model/key_codec.h"

#include <cstring>

#include "util/check.h"

namespace dynafake::model {
namespace {

// Persisted key layout: the byte values below are on disk and never change.
//
// S and B: the bytes with 0x00 escaped as 0x00 0xFF, then the terminator 0x00 0x01. A 0x00 in
// the encoding is always followed by 0xFF or 0x01, so no encoding is a prefix of another, and the
// terminator sorts below any continuation, so a prefix sorts first.
constexpr char kEscape = '\x00';
constexpr char kEscapedZero = '\xFF';
constexpr char kStringEnd = '\x01';

// N: a sign class byte, then (nonzero only) the exponent of the 0.d1d2... form as a big-endian
// 16-bit value biased by 0x8000, then the digits in pairs, one byte 1 + 10*a + b per pair (a
// lone last digit pairs with 0), then a terminator below every pair byte. Negative numbers invert
// the exponent and pair bytes (101 - byte) and end with 0xFF above every inverted pair byte.
constexpr uint8_t kNegative = 0x01;
constexpr uint8_t kZero = 0x02;
constexpr uint8_t kPositive = 0x03;
constexpr uint8_t kPositiveEnd = 0x00;
constexpr uint8_t kNegativeEnd = 0xFF;
constexpr int32_t kExponentBias = 0x8000;
constexpr uint8_t kMaxPair = 100;

Status Corrupt(std::string_view what) {
  return InternalError("Corrupt key encoding: " + std::string(what));
}

// The bytes with every 0x00 escaped, without the terminator: a byte-by-byte mapping, so the
// escaped form of a prefix is a prefix of the escaped form.
void EscapeBytes(std::string_view bytes, std::string* out) {
  size_t start = 0;
  while (true) {
    const void* zero = std::memchr(bytes.data() + start, 0, bytes.size() - start);
    if (zero == nullptr) {
      break;
    }
    const size_t position = static_cast<size_t>(static_cast<const char*>(zero) - bytes.data());
    out->append(bytes, start, position - start);
    out->push_back(kEscape);
    out->push_back(kEscapedZero);
    start = position + 1;
  }
  out->append(bytes, start, bytes.size() - start);
}

void EncodeBytes(std::string_view bytes, std::string* out) {
  out->reserve(out->size() + bytes.size() + 2);
  EscapeBytes(bytes, out);
  out->push_back(kEscape);
  out->push_back(kStringEnd);
}

Result<std::string> DecodeBytes(std::string_view* input) {
  std::string bytes;
  std::string_view rest = *input;
  while (true) {
    const void* zero = std::memchr(rest.data(), 0, rest.size());
    if (zero == nullptr || static_cast<const char*>(zero) + 1 == rest.data() + rest.size()) {
      return Corrupt("unterminated string");
    }
    const size_t position = static_cast<size_t>(static_cast<const char*>(zero) - rest.data());
    bytes.append(rest.data(), position);
    const char marker = rest[position + 1];
    rest.remove_prefix(position + 2);
    if (marker == kStringEnd) {
      *input = rest;
      return bytes;
    }
    if (marker != kEscapedZero) {
      return Corrupt("bad escape");
    }
    bytes.push_back('\0');
  }
}

void EncodeNumber(const Number& number, std::string* out) {
  if (number.is_zero()) {
    out->push_back(static_cast<char>(kZero));
    return;
  }
  const bool negative = number.negative();
  DF_CHECK(number.exponent() > -kExponentBias && number.exponent() < kExponentBias);
  uint16_t exponent = static_cast<uint16_t>(number.exponent() + kExponentBias);
  if (negative) {
    exponent = static_cast<uint16_t>(~exponent);
  }
  const std::string& digits = number.digits();
  out->reserve(out->size() + 4 + digits.size() / 2 + 1);
  out->push_back(static_cast<char>(negative ? kNegative : kPositive));
  out->push_back(static_cast<char>(exponent >> 8));
  out->push_back(static_cast<char>(exponent & 0xFF));
  for (size_t i = 0; i < digits.size(); i += 2) {
    const int high = digits[i] - '0';
    const int low = i + 1 < digits.size() ? digits[i + 1] - '0' : 0;
    const int pair = 1 + 10 * high + low;
    out->push_back(static_cast<char>(negative ? kMaxPair + 1 - pair : pair));
  }
  out->push_back(static_cast<char>(negative ? kNegativeEnd : kPositiveEnd));
}

Result<Number> DecodeNumber(std::string_view* input) {
  std::string_view rest = *input;
  if (rest.empty()) {
    return Corrupt("empty number");
  }
  const auto sign = static_cast<uint8_t>(rest[0]);
  rest.remove_prefix(1);
  if (sign == kZero) {
    *input = rest;
    return Number();
  }
  if ((sign != kNegative && sign != kPositive) || rest.size() < 2) {
    return Corrupt("bad number header");
  }
  const bool negative = sign == kNegative;
  uint16_t exponent =
      static_cast<uint16_t>((static_cast<uint8_t>(rest[0]) << 8) | static_cast<uint8_t>(rest[1]));
  rest.remove_prefix(2);
  if (negative) {
    exponent = static_cast<uint16_t>(~exponent);
  }
  const uint8_t end = negative ? kNegativeEnd : kPositiveEnd;
  std::string digits;
  while (true) {
    if (rest.empty()) {
      return Corrupt("unterminated number");
    }
    uint8_t pair = static_cast<uint8_t>(rest[0]);
    rest.remove_prefix(1);
    if (pair == end) {
      break;
    }
    if (negative) {
      pair = static_cast<uint8_t>(kMaxPair + 1 - pair);
    }
    if (pair < 1 || pair > kMaxPair) {
      return Corrupt("bad digit pair");
    }
    digits.push_back(static_cast<char>('0' + (pair - 1) / 10));
    digits.push_back(static_cast<char>('0' + (pair - 1) % 10));
  }
  if (!digits.empty() && digits.back() == '0') {
    digits.pop_back();  // the padding of an odd digit count
  }
  if (digits.empty()) {
    return Corrupt("number without digits");
  }
  std::optional<Number> number = Number::FromParts(
      negative, static_cast<int32_t>(exponent) - kExponentBias, std::move(digits));
  if (!number.has_value()) {
    return Corrupt("digits not normalized");
  }
  *input = rest;
  return *std::move(number);
}

}  // namespace

void EncodeKeyValue(const AttributeValue& value, std::string* out) {
  switch (value.type()) {
    case AttributeType::kS:
    case AttributeType::kB:
      EncodeBytes(value.as_string(), out);
      return;
    case AttributeType::kN:
      EncodeNumber(value.as_number(), out);
      return;
    default:
      DF_CHECK(IsScalarKeyType(value.type()));
  }
}

void EncodeKeyPrefix(const AttributeValue& prefix, std::string* out) {
  DF_CHECK(prefix.type() == AttributeType::kS || prefix.type() == AttributeType::kB);
  out->reserve(out->size() + prefix.as_string().size());
  EscapeBytes(prefix.as_string(), out);
}

Result<AttributeValue> DecodeKeyValue(AttributeType type, std::string_view* input) {
  switch (type) {
    case AttributeType::kS:
    case AttributeType::kB: {
      Result<std::string> bytes = DecodeBytes(input);
      if (!bytes.has_value()) {
        return bytes.error();
      }
      return type == AttributeType::kS ? AttributeValue::String(std::move(bytes).value())
                                       : AttributeValue::Binary(std::move(bytes).value());
    }
    case AttributeType::kN: {
      Result<Number> number = DecodeNumber(input);
      if (!number.has_value()) {
        return number.error();
      }
      return AttributeValue::FromNumber(std::move(number).value());
    }
    default:
      return Corrupt("not a key type");
  }
}

}  // namespace dynafake::model
