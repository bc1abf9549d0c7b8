// Fixed-width and varint integer encodings for storage keys and values. Fixed-width big-endian
// encodings sort bytewise in numeric order (for unsigned values).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dynafake::util {

void PutFixed32BigEndian(std::string* out, uint32_t value);
void PutFixed64BigEndian(std::string* out, uint64_t value);
void PutVarint64(std::string* out, uint64_t value);
// Length-prefixed (varint) bytes.
void PutLengthPrefixed(std::string* out, std::string_view bytes);

// Each reads from the front of *input and advances it; false if the input is too short or
// malformed.
bool GetFixed32BigEndian(std::string_view* input, uint32_t* value);
bool GetFixed64BigEndian(std::string_view* input, uint64_t* value);
bool GetVarint64(std::string_view* input, uint64_t* value);
bool GetLengthPrefixed(std::string_view* input, std::string_view* bytes);

}  // namespace dynafake::util
