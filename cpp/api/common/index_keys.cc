#include "api/common/index_keys.h"

#include <string>

#include "util/result.h"

namespace dynafake::api {
namespace {

// True when `item`'s attribute `key.name` is an empty value of the key's type that `old_item`
// did not hold already.
bool ChangedToEmpty(const model::KeyAttribute& key, const std::optional<model::Item>& old_item,
                    const model::Item& item) {
  auto it = item.find(key.name);
  if (it == item.end() || it->second.type() != key.type || key.type == model::AttributeType::kN ||
      !it->second.as_string().empty()) {
    return false;
  }
  if (!old_item) {
    return true;
  }
  auto old = old_item->find(key.name);
  return old == old_item->end() || old->second != it->second;
}

}  // namespace

Status CheckUpdatedIndexKeysNotEmpty(const table::Table& table,
                                     const std::optional<model::Item>& old_item,
                                     const model::Item& new_item) {
  return table.VisitMaintainedIndexes([&](const table::SecondaryIndex& index) -> Status {
    for (const model::KeyAttribute* key :
         {&index.key_schema.hash, index.key_schema.range ? &*index.key_schema.range : nullptr}) {
      if (key != nullptr && ChangedToEmpty(*key, old_item, new_item)) {
        return ValidationError(
            std::string("One or more parameter values are not valid. The update expression "
                        "attempted to update a secondary index key to a value that is not "
                        "supported. The AttributeValue for a key attribute cannot contain an "
                        "empty ") +
            (key->type == model::AttributeType::kB ? "binary" : "string") + " value.");
      }
    }
    return Status::Ok();
  });
}

}  // namespace dynafake::api
