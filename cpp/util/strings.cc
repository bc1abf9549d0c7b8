#include "util/strings.h"

#include <chrono>
#include <cstdio>
#include <cstring>

namespace dynafake::util {

std::string FormatIso8601Millis(int64_t epoch_micros) {
  using std::chrono::days;
  using std::chrono::floor;
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  const std::chrono::sys_time<microseconds> time{microseconds(epoch_micros)};
  const auto day = floor<days>(time);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{floor<milliseconds>(time - day)};
  char buffer[40];
  const int length = std::snprintf(
      buffer, sizeof(buffer), "%04d-%02u-%02uT%02d:%02d:%02d.%03d", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return std::string(buffer, static_cast<size_t>(length));
}

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* const end = p + text.size();
  while (p < end) {
    // ASCII runs are the common case: test eight bytes at a time.
    if (end - p >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p, sizeof(chunk));
      if ((chunk & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    int length;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) {
        low = 0xA0;  // no overlong forms
      } else if (lead == 0xED) {
        high = 0x9F;  // no UTF-16 surrogates
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) {
        low = 0x90;
      } else if (lead == 0xF4) {
        high = 0x8F;  // nothing above U+10FFFF
      }
    } else {
      return false;
    }
    if (end - p < length || p[1] < low || p[1] > high) {
      return false;
    }
    for (int i = 2; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) {
        return false;
      }
    }
    p += length;
  }
  return true;
}

}  // namespace dynafake::util
