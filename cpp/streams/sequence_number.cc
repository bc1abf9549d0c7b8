#include "streams/sequence_number.h"

#include <charconv>
#include <cstdio>

namespace dynafake::streams {
namespace {

constexpr size_t kDigits = 21;

}  // namespace

std::string SequenceNumberText(uint64_t sequence) {
  // A uint64_t has at most 20 digits, so the leading 1 keeps every text 21 digits long.
  char buffer[kDigits + 1];
  std::snprintf(buffer, sizeof(buffer), "1%020llu", static_cast<unsigned long long>(sequence));
  return std::string(buffer, kDigits);
}

std::optional<uint64_t> ParseSequenceNumber(std::string_view text) {
  if (text.size() != kDigits || text.front() != '1') {
    return std::nullopt;
  }
  const std::string_view digits = text.substr(1);
  if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  uint64_t sequence = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), sequence);
  if (error != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;  // beyond a uint64_t
  }
  return sequence;
}

}  // namespace dynafake::streams
