// The index key checks a write's new item must pass, made before the write where the service makes
// them: ahead of the condition check (PutItem) and for every request of a batch before any of it
// is written (BatchWriteItem).
#pragma once

#include <optional>

#include "dynafake/status.h"

#include "model/attribute_value.h"
#include "table/schema.h"

namespace dynafake::api {

// table::CheckIndexKeys of `item` for every local and global secondary index of `description`
// that writes still maintain (all but a DELETING one); the first failure in index order.
Status CheckItemIndexKeys(const table::TableDescription& description, const model::Item& item);

// UpdateItem's check of the index key values its update changed to an empty S or B value (of the
// index key's type; a value of another type is left to CheckIndexKeys' type mismatch text).
// DynamoDB words this one without naming the index: "One or more parameter values are not valid.
// The update expression attempted to update a secondary index key to a value that is not
// supported. The AttributeValue for a key attribute cannot contain an empty string value." (or
// "empty binary value").
Status CheckUpdatedIndexKeysNotEmpty(const table::TableDescription& description,
                                     const std::optional<model::Item>& old_item,
                                     const model::Item& new_item);

}  // namespace dynafake::api
