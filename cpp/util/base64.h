// Standard base64 (RFC 4648 alphabet with padding), as the service uses for B and BS.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dynafake::util {

std::string Base64Encode(std::string_view bytes);
// nullopt on invalid input (bad characters, length not a multiple of 4, bad padding).
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace dynafake::util
