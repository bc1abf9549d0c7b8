// CRC32 (IEEE, as zlib) for the x-amz-crc32 response header botocore checks.
#pragma once

#include <cstdint>
#include <string_view>

namespace dynafake::util {

uint32_t Crc32(std::string_view bytes);

}  // namespace dynafake::util
