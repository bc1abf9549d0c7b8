#include "util/uuid.h"

#include <cstdint>
#include <random>

namespace dynafake::util {
namespace {

// xoshiro256** per thread, seeded once from std::random_device: identifiers need uniqueness, not
// secrecy, and a per-thread generator needs no lock.
class FastRandom {
 public:
  FastRandom() {
    std::random_device device;
    for (auto& word : state_) {
      word = (uint64_t{device()} << 32) ^ device();
    }
    if ((state_[0] | state_[1] | state_[2] | state_[3]) == 0) {
      state_[0] = 1;  // the all-zero state is a fixed point
    }
  }

  uint64_t Next() {
    const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = RotateLeft(state_[3], 45);
    return result;
  }

 private:
  static uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  uint64_t state_[4];
};

FastRandom& ThreadRandom() {
  thread_local FastRandom random;
  return random;
}

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kRequestIdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr size_t kRequestIdLength = 52;

}  // namespace

std::string NewUuid() {
  FastRandom& random = ThreadRandom();
  uint64_t high = random.Next();
  uint64_t low = random.Next();
  high = (high & ~uint64_t{0xF000}) | 0x4000;                    // version 4
  low = (low & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // RFC 4122 variant
  std::string out(36, '-');
  size_t position = 0;
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (position == 8 || position == 13 || position == 18 || position == 23) {
      ++position;
    }
    const uint64_t word = nibble < 16 ? high : low;
    const int shift = 60 - 4 * (nibble % 16);
    out[position++] = kHexDigits[(word >> shift) & 0xF];
  }
  return out;
}

std::string NewHexId128() {
  FastRandom& random = ThreadRandom();
  std::string out(32, '0');
  for (int half = 0; half < 2; ++half) {
    const uint64_t word = random.Next();
    for (int nibble = 0; nibble < 16; ++nibble) {
      out[static_cast<size_t>(16 * half + nibble)] = kHexDigits[(word >> (60 - 4 * nibble)) & 0xF];
    }
  }
  return out;
}

std::string NewRequestId() {
  FastRandom& random = ThreadRandom();
  std::string out(kRequestIdLength, 'A');
  uint64_t bits = 0;
  int available = 0;
  for (char& c : out) {
    if (available < 32) {
      bits = random.Next();
      available = 64;
    }
    // Multiply-shift maps 32 random bits onto 36 symbols with a bias below 1e-8.
    const uint64_t sample = bits & 0xFFFFFFFF;
    bits >>= 32;
    available -= 32;
    c = kRequestIdAlphabet[(sample * 36) >> 32];
  }
  return out;
}

}  // namespace dynafake::util
