// Sequence numbers: the engine numbers stream records (and the starts of shards) with one
// increasing counter; the wire shows each as a decimal string of 21 digits, so clients may compare
// them as big integers or, equally, as strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dynafake::streams {

// DynamoDB: SequenceNumber is 21 to 40 decimal digits. 10^20 + sequence: always 21 digits.
std::string SequenceNumberText(uint64_t sequence);

// The sequence of a text SequenceNumberText produced; nullopt for any other text (not 21 digits,
// not starting with 1, other characters).
std::optional<uint64_t> ParseSequenceNumber(std::string_view text);

}  // namespace dynafake::streams
