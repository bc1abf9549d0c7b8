// Fixed-width and varint integer encodings for storage keys and values. Fixed-width big-endian
// encodings sort bytewise in numeric order (for unsigned values).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dynafake::util {

void PutFixed32BigEndian(std::string* out, uint32_t value);
void PutFixed64BigEndian(std::string* out, uint64_t value);
void PutVarint64(std::string* out, uint64_t value);
// Length-prefixed (varint) bytes.
void PutLengthPrefixed(std::string* out, std::string_view bytes);

// Pointer-based reads for decoding loops, which keep their position in a register rather than in
// a string_view written back through memory. Each reads from [p, limit) and returns the position
// after what it read, or nullptr (leaving *value / *bytes untouched) if the input is too short or
// malformed. The one-byte varint, by far the most common (every count and length below 128), is
// decoded inline.
const char* DecodeVarint64Slow(const char* p, const char* limit, uint64_t* value);

inline const char* DecodeVarint64(const char* p, const char* limit, uint64_t* value) {
  if (p != limit && static_cast<uint8_t>(*p) < 0x80) {
    *value = static_cast<uint8_t>(*p);
    return p + 1;
  }
  return DecodeVarint64Slow(p, limit, value);
}

inline const char* DecodeLengthPrefixed(const char* p, const char* limit, std::string_view* bytes) {
  uint64_t length = 0;
  p = DecodeVarint64(p, limit, &length);
  if (p == nullptr || length > static_cast<uint64_t>(limit - p)) {
    return nullptr;
  }
  *bytes = std::string_view(p, static_cast<size_t>(length));
  return p + length;
}

// Each reads from the front of *input and advances it; false if the input is too short or
// malformed.
bool GetFixed32BigEndian(std::string_view* input, uint32_t* value);
bool GetFixed64BigEndian(std::string_view* input, uint64_t* value);

inline bool GetVarint64(std::string_view* input, uint64_t* value) {
  const char* const p = DecodeVarint64(input->data(), input->data() + input->size(), value);
  if (p == nullptr) {
    return false;
  }
  input->remove_prefix(static_cast<size_t>(p - input->data()));
  return true;
}

// A signed integer stored as the varint of its two's complement, as table descriptions, backups and
// stream records store them (times, sizes and counts: never negative in practice, where a
// negative value would take ten bytes).
inline void PutVarintSigned64(std::string* out, int64_t value) {
  PutVarint64(out, static_cast<uint64_t>(value));
}

inline bool GetVarintSigned64(std::string_view* input, int64_t* value) {
  uint64_t raw = 0;
  if (!GetVarint64(input, &raw)) {
    return false;
  }
  *value = static_cast<int64_t>(raw);
  return true;
}

inline bool GetLengthPrefixed(std::string_view* input, std::string_view* bytes) {
  const char* const p = DecodeLengthPrefixed(input->data(), input->data() + input->size(), bytes);
  if (p == nullptr) {
    return false;
  }
  input->remove_prefix(static_cast<size_t>(p - input->data()));
  return true;
}

}  // namespace dynafake::util
