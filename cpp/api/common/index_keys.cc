#include "api/common/index_keys.h"

#include <string>

#include "table/index.h"
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

Status CheckItemIndexKeys(const table::TableDescription& description, const model::Item& item) {
  for (const auto* indexes :
       {&description.local_secondary_indexes, &description.global_secondary_indexes}) {
    for (const table::SecondaryIndex& index : *indexes) {
      if (index.index_status != table::IndexStatus::kDeleting) {
        DF_RETURN_IF_ERROR(table::CheckIndexKeys(index, item));
      }
    }
  }
  return Status::Ok();
}

Status CheckUpdatedIndexKeysNotEmpty(const table::TableDescription& description,
                                     const std::optional<model::Item>& old_item,
                                     const model::Item& new_item) {
  for (const auto* indexes :
       {&description.local_secondary_indexes, &description.global_secondary_indexes}) {
    for (const table::SecondaryIndex& index : *indexes) {
      if (index.index_status == table::IndexStatus::kDeleting) {
        continue;
      }
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
    }
  }
  return Status::Ok();
}

}  // namespace dynafake::api
