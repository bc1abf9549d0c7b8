// One action of TransactWriteItems (Put, Update, Delete or ConditionCheck), read and checked as its
// single-item operation would be (docs: dynamodb-behaviour.md 10).
#pragma once

#include <memory>
#include <string>

#include "api/common/item_update.h"
#include "api/common/write_condition.h"
#include "api/request_context.h"
#include "model/attribute_value.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

enum class WriteActionKind { kPut, kUpdate, kDelete, kConditionCheck };

struct WriteAction {
  WriteActionKind kind = WriteActionKind::kPut;
  std::shared_ptr<table::Table> table;
  // As the request named the table (name or ARN).
  std::string table_name;
  // The item's key (for a Put, taken from the item once the item is valid).
  model::Item key;
  // Put: the new item.
  model::Item item;
  WriteCondition condition;
  // Update: the changes.
  ItemUpdate update;
  // The first error of this action's own values against its table (a key of the wrong type, an
  // item over 400 KB, ...): DynamoDB reports it as the action's ValidationError rather than
  // rejecting the request. Ok when there is none.
  Status item_error;

  // The decision of this action's write (table::WriteFn) under the item's lock: the condition,
  // then the new state (a ConditionCheck keeps the item as it is).
  Result<std::optional<model::Item>> Decide(const std::optional<model::Item>& old_item) const;
};

// Reads one TransactWriteItem entry. Errors that reject the whole request are returned: an entry
// without exactly one action, a value of the wrong JSON type, expression errors, a missing table.
Result<WriteAction> ParseWriteAction(const RequestContext& context, const wire::Json& entry);

}  // namespace dynafake::api
