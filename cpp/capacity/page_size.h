// The measure a Query or Scan page is limited by: the service stops a page once the items it read
// add up to 1 MB, counted in its storage format rather than by model::ItemSize (docs:
// dynamodb-behaviour.md 4.6).
#pragma once

#include <cstdint>
#include <string_view>

#include "dynafake/status.h"

namespace dynafake::capacity {

// A page ends after the entry that brings the sum of PageSize to this or more.
constexpr int64_t kMaxPageBytes = 1024 * 1024;

// How much the item encoded in `encoded_item` (model/item_codec.h; a base item or an index entry)
// counts toward the 1 MB page limit, read from the encoding without building the item. The
// table's sort key attribute (`table_range_key_name`, empty for a table without one) is counted
// apart, once per 3 KB block of the rest of the item, as the service's storage format repeats it.
Result<int64_t> PageSize(std::string_view encoded_item, std::string_view table_range_key_name);

// What one entry read counts for: PageSize toward the page limit, and model::ItemSize toward the
// consumed capacity, both read in one pass over the encoding.
struct EntrySizes {
  int64_t page_size = 0;
  int64_t item_size = 0;
};

Result<EntrySizes> MeasureEntry(std::string_view encoded_item,
                                std::string_view table_range_key_name);

}  // namespace dynafake::capacity
