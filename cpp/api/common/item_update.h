// The update of one UpdateItem (or of a transaction's Update action): UpdateExpression or the
// translated AttributeUpdates, its checks against the table, and the new item it makes of the old.
#pragma once

#include <optional>

#include "api/common/write_condition.h"
#include "expr/ast.h"
#include "model/attribute_value.h"
#include "table/table.h"

namespace dynafake::api {

// The changes to make: UpdateExpression, or the translated AttributeUpdates, or none at all.
struct ItemUpdate {
  expr::Update update;
  bool legacy = false;
};

// The update to make: the expression's, else AttributeUpdates', else none.
ItemUpdate ChooseUpdate(std::optional<expr::Update> expression,
                        std::optional<expr::Update> attribute_updates);

// DynamoDB: the key cannot be updated (whatever the action, nested or not), and no path of the
// update may look into a key attribute (dynalite db/index.js validateUpdates).
Status CheckUpdatedPaths(const table::Table& table, const expr::Update& update);

// The WriteFn of one update: the condition on the old item, then the update, the size of its
// result and the index key values it changed.
Result<std::optional<model::Item>> UpdatedItem(const ItemUpdate& item_update,
                                               const WriteCondition& condition,
                                               const table::Table& table, const model::Item& key,
                                               const std::optional<model::Item>& old_item);

}  // namespace dynafake::api
