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
// Length of the well-formed UTF-8 sequence at text[pos] (no overlong forms, surrogates or code
// points above U+10FFFF), or 0 if the bytes there are not one. REQUIRES: pos < text.size().
size_t Utf8SequenceLength(std::string_view text, size_t pos);
// UTF-16 code units of valid UTF-8 text (Java's String.length()): one per sequence, two for a
// 4-byte sequence.
uint64_t Utf16Length(std::string_view text);

}  // namespace dynafake::util
