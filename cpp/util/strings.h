// Small string helpers without dependencies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dynafake::util {

// ISO-8601 UTC with milliseconds, "2015-05-20T20:51:10.252", from epoch microseconds.
std::string FormatIso8601Millis(int64_t epoch_micros);
// True if `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace dynafake::util
