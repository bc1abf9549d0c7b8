#include "util/hash.h"

namespace dynafake::util {
namespace {

constexpr uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

// The splitmix64 finaliser: FNV-1a alone mixes its last bytes poorly into the high bits, and the
// high bits are what orders hash-prefixed keys.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

// Persisted key order depends on these values: never change the constants or the byte order.
uint64_t Hash64(std::string_view bytes) {
  uint64_t hash = kFnvOffsetBasis;
  for (const char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= kFnvPrime;
  }
  return Mix(hash);
}

}  // namespace dynafake::util
