// A fixed 64-bit hash (stable across versions and platforms: it orders persisted keys).
#pragma once

#include <cstdint>
#include <string_view>

namespace dynafake::util {

uint64_t Hash64(std::string_view bytes);

}  // namespace dynafake::util
