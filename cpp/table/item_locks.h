// ItemLocks: striped mutexes that serialize read-modify-write of one item (by its storage key).
#pragma once

#include <array>
#include <mutex>
#include <string_view>

namespace dynafake::table {

class ItemLocks {
 public:
  std::mutex& For(std::string_view storage_key);

 private:
  static constexpr size_t kStripes = 256;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace dynafake::table
