#include "util/coding.h"

namespace dynafake::util {

void PutFixed32BigEndian(std::string* out, uint32_t value) {
  char buffer[4];
  for (int i = 3; i >= 0; --i) {
    buffer[i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  out->append(buffer, sizeof(buffer));
}

void PutFixed64BigEndian(std::string* out, uint64_t value) {
  char buffer[8];
  for (int i = 7; i >= 0; --i) {
    buffer[i] = static_cast<char>(value & 0xFF);
    value >>= 8;
  }
  out->append(buffer, sizeof(buffer));
}

void PutVarint64(std::string* out, uint64_t value) {
  char buffer[10];
  size_t length = 0;
  while (value >= 0x80) {
    buffer[length++] = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  buffer[length++] = static_cast<char>(value);
  out->append(buffer, length);
}

void PutLengthPrefixed(std::string* out, std::string_view bytes) {
  PutVarint64(out, bytes.size());
  out->append(bytes);
}

bool GetFixed32BigEndian(std::string_view* input, uint32_t* value) {
  if (input->size() < 4) {
    return false;
  }
  uint32_t result = 0;
  for (int i = 0; i < 4; ++i) {
    result = (result << 8) | static_cast<uint8_t>((*input)[i]);
  }
  input->remove_prefix(4);
  *value = result;
  return true;
}

bool GetFixed64BigEndian(std::string_view* input, uint64_t* value) {
  if (input->size() < 8) {
    return false;
  }
  uint64_t result = 0;
  for (int i = 0; i < 8; ++i) {
    result = (result << 8) | static_cast<uint8_t>((*input)[i]);
  }
  input->remove_prefix(8);
  *value = result;
  return true;
}

const char* DecodeVarint64Slow(const char* p, const char* limit, uint64_t* value) {
  uint64_t result = 0;
  const size_t available = static_cast<size_t>(limit - p);
  const size_t length = available < 10 ? available : 10;
  for (size_t i = 0; i < length; ++i) {
    const uint64_t byte = static_cast<uint8_t>(p[i]);
    // The tenth byte holds only the top bit of a 64-bit value; anything more is malformed.
    if (i == 9 && byte > 1) {
      return nullptr;
    }
    result |= (byte & 0x7F) << (7 * i);
    if (byte < 0x80) {
      *value = result;
      return p + i + 1;
    }
  }
  return nullptr;
}

}  // namespace dynafake::util
