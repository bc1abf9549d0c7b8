#include "capacity/page_size.h"

namespace dynafake::capacity {
namespace {

using model::AttributeType;
using model::AttributeValue;

// DynamoDB: the page limit counts items in a compact storage format, reverse-engineered against
// the service by dynalite (db/index.js itemSize with compress and addMetaSize): every attribute
// name costs 1 byte whatever its length, a string carries a 1-3 byte length prefix, numbers and
// binaries 1 byte, sets 1 byte per member plus 1, NULL nothing
// (conformance/test_query.py::test_page_stops_at_one_megabyte).
int64_t StoredSize(const AttributeValue& value);

// The value's own bytes in the compact format, without its type prefix.
int64_t CompactSize(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kL: {
      int64_t size = 3;
      for (const AttributeValue& element : value.as_list()) {
        size += 1 + StoredSize(element);
      }
      return size;
    }
    case AttributeType::kM: {
      const model::AttributeMap& members = value.as_map();
      int64_t size = 3 + static_cast<int64_t>(members.size());
      for (const auto& [name, member] : members) {
        size += StoredSize(member) + 1;
      }
      return size;
    }
    default:
      return static_cast<int64_t>(value.Size());
  }
}

int64_t StoredSize(const AttributeValue& value) {
  const int64_t size = CompactSize(value);
  switch (value.type()) {
    case AttributeType::kS:
      return size + (size < 128 ? 1 : size < 16384 ? 2 : 3);
    case AttributeType::kB:
    case AttributeType::kN:
      return size + 1;
    case AttributeType::kSS:
    case AttributeType::kBS:
      return size + static_cast<int64_t>(value.as_string_set().size()) + 1;
    case AttributeType::kNS:
      return size + static_cast<int64_t>(value.as_number_set().size()) + 1;
    case AttributeType::kNULL:
      return 0;
    case AttributeType::kBOOL:
      return 1;
    case AttributeType::kL:
    case AttributeType::kM:
      return size;
  }
  return size;
}

constexpr int64_t kBlockBytes = 3072;
constexpr int64_t kBlockOverhead = 18;
constexpr int64_t kItemOverhead = 2;

}  // namespace

int64_t PageSize(const model::Item& item, std::string_view table_range_key_name) {
  int64_t body = 0;
  int64_t range_key_size = 0;
  for (const auto& [name, value] : item) {
    if (!table_range_key_name.empty() && name == table_range_key_name) {
      // The sort key is a scalar counted at its plain size (model::ItemSize's value size).
      range_key_size = static_cast<int64_t>(value.Size());
      continue;
    }
    body += StoredSize(value) + 1;
  }
  const int64_t blocks = 1 + (1 + body) / kBlockBytes;
  return kItemOverhead + body + blocks * (kBlockOverhead + range_key_size);
}

}  // namespace dynafake::capacity
