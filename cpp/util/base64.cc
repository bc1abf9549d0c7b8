#include "util/base64.h"

#include <array>
#include <cstdint>

namespace dynafake::util {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr uint8_t kInvalid = 0xFF;

constexpr std::array<uint8_t, 256> MakeDecodeTable() {
  std::array<uint8_t, 256> table{};
  for (auto& entry : table) {
    entry = kInvalid;
  }
  for (uint8_t i = 0; i < 64; ++i) {
    table[static_cast<uint8_t>(kAlphabet[i])] = i;
  }
  return table;
}

constexpr std::array<uint8_t, 256> kDecode = MakeDecodeTable();

uint8_t Sextet(char c) {
  return kDecode[static_cast<uint8_t>(c)];
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.resize((bytes.size() + 2) / 3 * 4);
  char* dest = out.data();
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16) |
                           (static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8) |
                           static_cast<uint8_t>(bytes[i + 2]);
    *dest++ = kAlphabet[(group >> 18) & 0x3F];
    *dest++ = kAlphabet[(group >> 12) & 0x3F];
    *dest++ = kAlphabet[(group >> 6) & 0x3F];
    *dest++ = kAlphabet[group & 0x3F];
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<uint32_t>(static_cast<uint8_t>(bytes[i])) << 16;
    if (rest == 2) {
      group |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[i + 1])) << 8;
    }
    *dest++ = kAlphabet[(group >> 18) & 0x3F];
    *dest++ = kAlphabet[(group >> 12) & 0x3F];
    *dest++ = rest == 2 ? kAlphabet[(group >> 6) & 0x3F] : '=';
    *dest++ = '=';
  }
  return out;
}

// Strict: the padding must be exactly what Base64Encode would write and the unused low bits of
// the last sextet must be zero, so every byte string has exactly one accepted text (the service
// rejects the others, and BS duplicate detection relies on it).
std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) {
    return std::nullopt;
  }
  std::string out;
  if (text.empty()) {
    return out;
  }
  size_t padding = 0;
  if (text.back() == '=') {
    padding = text[text.size() - 2] == '=' ? 2 : 1;
  }
  out.resize(text.size() / 4 * 3 - padding);
  char* dest = out.data();
  const size_t full_groups = text.size() / 4 - (padding > 0 ? 1 : 0);
  const char* src = text.data();
  for (size_t g = 0; g < full_groups; ++g, src += 4) {
    const uint8_t a = Sextet(src[0]), b = Sextet(src[1]), c = Sextet(src[2]), d = Sextet(src[3]);
    if (((a | b | c | d) & 0xC0) != 0) {  // kInvalid has the top bits set
      return std::nullopt;
    }
    const uint32_t group = (uint32_t{a} << 18) | (uint32_t{b} << 12) | (uint32_t{c} << 6) | d;
    *dest++ = static_cast<char>(group >> 16);
    *dest++ = static_cast<char>((group >> 8) & 0xFF);
    *dest++ = static_cast<char>(group & 0xFF);
  }
  if (padding == 0) {
    return out;
  }
  const uint8_t a = Sextet(src[0]), b = Sextet(src[1]);
  const uint8_t c = padding == 1 ? Sextet(src[2]) : 0;
  if (((a | b | c) & 0xC0) != 0) {
    return std::nullopt;
  }
  const uint32_t group = (uint32_t{a} << 18) | (uint32_t{b} << 12) | (uint32_t{c} << 6);
  if (padding == 2 ? (group & 0xFFFF) != 0 : (group & 0xFF) != 0) {
    return std::nullopt;
  }
  *dest++ = static_cast<char>(group >> 16);
  if (padding == 1) {
    *dest++ = static_cast<char>((group >> 8) & 0xFF);
  }
  return out;
}

}  // namespace dynafake::util
