#include "table/item_locks.h"

#include <functional>

namespace dynafake::table {

std::mutex& ItemLocks::For(std::string_view storage_key) {
  return stripes_[std::hash<std::string_view>{}(storage_key) % kStripes];
}

}  // namespace dynafake::table
