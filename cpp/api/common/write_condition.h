// The condition of one conditional write (PutItem, UpdateItem, DeleteItem): ConditionExpression
// or Expected, checked against the old item inside the table's write so that the check and the
// write are atomic.
#pragma once

#include <optional>

#include "expr/ast.h"
#include "model/attribute_value.h"
#include "wire/json.h"

namespace dynafake::api {

struct WriteCondition {
  // ConditionExpression or the translated Expected; nullopt: the write is unconditional.
  std::optional<expr::Condition> condition;
  // ReturnValuesOnConditionCheckFailure is ALL_OLD.
  bool return_old_item = false;
};

// The write condition of `request`, from the parsed ConditionExpression or Expected (a request
// carries at most one of them).
WriteCondition MakeWriteCondition(const wire::Json& request,
                                  std::optional<expr::Condition> condition_expression,
                                  std::optional<expr::Condition> expected);

// Ok when there is no condition or `old_item` satisfies it (a missing item is an empty one); else
// ConditionalCheckFailedException "The conditional request failed", carrying the old item as
// "Item" when return_old_item is set and the item exists.
Status CheckWriteCondition(const WriteCondition& write_condition,
                           const std::optional<model::Item>& old_item);

}  // namespace dynafake::api
