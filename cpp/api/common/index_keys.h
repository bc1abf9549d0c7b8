// UpdateItem's own index key check: the service words an empty index key value that an update
// expression wrote differently from the check every write makes (table::Table::CheckIndexKeys).
#pragma once

#include <optional>

#include "dynafake/status.h"

#include "model/attribute_value.h"
#include "table/table.h"

namespace dynafake::api {

// UpdateItem's check of the index key values its update changed to an empty S or B value (of the
// index key's type; a value of another type is left to CheckIndexKeys' type mismatch text).
// DynamoDB words this one without naming the index: "One or more parameter values are not valid.
// The update expression attempted to update a secondary index key to a value that is not
// supported. The AttributeValue for a key attribute cannot contain an empty string value." (or
// "empty binary value").
Status CheckUpdatedIndexKeysNotEmpty(const table::Table& table,
                                     const std::optional<model::Item>& old_item,
                                     const model::Item& new_item);

}  // namespace dynafake::api
