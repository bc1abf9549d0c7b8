// UpdateItem: edits one item in place, creating it from its key when absent (upsert), optionally
// under a condition on the old item (docs: dynamodb-behaviour.md 4.4).
#include <algorithm>
#include <array>
#include <string_view>

#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/index_keys.h"
#include "api/common/item_arguments.h"
#include "api/common/item_collection_metrics.h"
#include "api/common/legacy_arguments.h"
#include "api/common/write_condition.h"
#include "api/operation.h"
#include "expr/evaluate.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr std::array<std::string_view, 3> kLegacyParameters = {"AttributeUpdates", "Expected",
                                                               "ConditionalOperator"};
constexpr std::array<std::string_view, 2> kExpressionParameters = {"UpdateExpression",
                                                                   "ConditionExpression"};
constexpr ExpressionParameters kParameters{kLegacyParameters, kExpressionParameters, "Expected"};

enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

// REQUIRES: the shape validator accepted the enum value.
ReturnValues ParseReturnValues(const wire::Json& request) {
  const std::string text = StringMember(request, "ReturnValues", "NONE");
  if (text == "ALL_OLD") {
    return ReturnValues::kAllOld;
  }
  if (text == "UPDATED_OLD") {
    return ReturnValues::kUpdatedOld;
  }
  if (text == "ALL_NEW") {
    return ReturnValues::kAllNew;
  }
  return text == "UPDATED_NEW" ? ReturnValues::kUpdatedNew : ReturnValues::kNone;
}

// The changes to make: UpdateExpression, or the translated AttributeUpdates, or none at all.
struct ItemUpdate {
  expr::Update update;
  bool legacy = false;
};

void CollectOperandPaths(const expr::Operand& operand, std::vector<const expr::Path*>* paths) {
  if (operand.kind == expr::Operand::Kind::kPath ||
      operand.kind == expr::Operand::Kind::kIfNotExists) {
    paths->push_back(&operand.path);
  }
  for (const expr::Operand& argument : operand.arguments) {
    CollectOperandPaths(argument, paths);
  }
}

Status CheckKeyNotUpdated(const std::string& key_attribute, const expr::Update& update) {
  for (const expr::UpdateAction& action : update.actions) {
    if (action.path.front().kind == expr::PathElement::Kind::kName &&
        action.path.front().name == key_attribute) {
      return ValidationError("One or more parameter values were invalid: Cannot update attribute " +
                             key_attribute + ". This attribute is part of the key");
    }
  }
  return Status::Ok();
}

// DynamoDB: the key cannot be updated (whatever the action, nested or not), and no path of the
// update may look into a key attribute (dynalite db/index.js validateUpdates).
Status CheckUpdatedPaths(const table::Table& table, const expr::Update& update) {
  const model::KeySchema& key_schema = table.key_schema();
  DF_RETURN_IF_ERROR(CheckKeyNotUpdated(key_schema.hash.name, update));
  if (key_schema.range) {
    DF_RETURN_IF_ERROR(CheckKeyNotUpdated(key_schema.range->name, update));
  }
  std::vector<const expr::Path*> paths;
  for (const expr::UpdateAction& action : update.actions) {
    paths.push_back(&action.path);
    CollectOperandPaths(action.value, &paths);
  }
  return CheckKeyPaths(table, paths);
}

// The paths the update writes, as a projection (for UPDATED_OLD and UPDATED_NEW).
expr::Projection UpdatedPaths(const expr::Update& update) {
  expr::Projection projection;
  projection.paths.reserve(update.actions.size());
  for (const expr::UpdateAction& action : update.actions) {
    projection.paths.push_back(action.path);
  }
  return projection;
}

Result<model::Item> ApplyItemUpdate(const ItemUpdate& item_update, model::Item item,
                                    bool item_exists) {
  if (item_update.legacy) {
    return expr::ApplyAttributeUpdates(item_update.update, std::move(item), item_exists);
  }
  return expr::ApplyUpdate(item_update.update, std::move(item), item_exists);
}

// Attributes for the requested ReturnValues (docs: dynamodb-behaviour.md 4.4); empty when none.
model::Item ReturnedAttributes(ReturnValues return_values, const expr::Update& update,
                               const table::WriteResult& written) {
  static const model::Item kNoItem;
  const model::Item& old_item = written.old_item ? *written.old_item : kNoItem;
  const model::Item& new_item = written.new_item ? *written.new_item : kNoItem;
  switch (return_values) {
    case ReturnValues::kNone:
      return {};
    case ReturnValues::kAllOld:
      return old_item;
    case ReturnValues::kAllNew:
      return new_item;
    case ReturnValues::kUpdatedOld:
      return expr::ApplyProjection(UpdatedPaths(update), old_item);
    case ReturnValues::kUpdatedNew:
      // Removed paths no longer exist in the new item, so they are not returned.
      return expr::ApplyProjection(UpdatedPaths(update), new_item);
  }
  return {};
}

// True when the update has actions and every one only takes something away (REMOVE, DELETE).
bool OnlyRemoves(const expr::Update& update) {
  return !update.actions.empty() &&
         std::all_of(update.actions.begin(), update.actions.end(), [](const auto& action) {
           return action.kind == expr::UpdateAction::Kind::kRemove ||
                  action.kind == expr::UpdateAction::Kind::kDelete;
         });
}

ItemUpdate ChooseUpdate(std::optional<expr::Update> expression,
                        std::optional<expr::Update> attribute_updates) {
  ItemUpdate item_update;
  if (expression) {
    item_update.update = std::move(*expression);
  } else if (attribute_updates) {
    item_update.update = std::move(*attribute_updates);
    item_update.legacy = true;
  }
  return item_update;
}

// The WriteFn of one UpdateItem: the condition on the old item, then the update, the size of its
// result and the index key values it changed.
Result<std::optional<model::Item>> UpdatedItem(const ItemUpdate& item_update,
                                               const WriteCondition& condition,
                                               const table::Table& table, const model::Item& key,
                                               const std::optional<model::Item>& old_item) {
  DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
  // DynamoDB: on a missing item, an update that only takes attributes away creates nothing, while
  // one without any action creates the key alone
  // (conformance/test_update_expression.py "no item: REMOVE gone",
  // conformance/test_condition_expression.py::test_update_with_only_a_condition_creates_the_key).
  if (!old_item && OnlyRemoves(item_update.update)) {
    return std::optional<model::Item>();
  }
  // DynamoDB: an absent item starts as its key alone (upsert).
  DF_ASSIGN_OR_RETURN(model::Item new_item, ApplyItemUpdate(item_update, old_item ? *old_item : key,
                                                            old_item.has_value()));
  if (model::ItemSize(new_item) > kMaxItemBytes) {
    return ValidationError("Item size to update has exceeded the maximum allowed size");
  }
  DF_RETURN_IF_ERROR(CheckUpdatedIndexKeysNotEmpty(table, old_item, new_item));
  return std::optional<model::Item>(std::move(new_item));
}

}  // namespace

// DynamoDB's order of checks (dynalite validations/updateItem.js, actions/updateItem.js):
// expression parameter rules, key values, AttributeUpdates, Expected, expressions, then the
// table, the key schema and the updated paths, then the condition against the stored item, the
// update itself, the size of the result and its index keys.
Result<wire::Json> UpdateItem(RequestContext& context, const wire::Json& request) {
  Result<model::Item> parsed_key = ParseAttributeMap(request.at("Key"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_key.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kParameters));
  DF_ASSIGN_OR_RETURN(model::Item key, std::move(parsed_key));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Update> attribute_updates,
                      ParseAttributeUpdates(request));
  DF_ASSIGN_OR_RETURN(std::optional<expr::Condition> expected, ParseExpected(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kParameters));
  const ItemUpdate item_update =
      ChooseUpdate(std::move(expressions.update), std::move(attribute_updates));
  const WriteCondition condition =
      MakeWriteCondition(request, std::move(expressions.condition), std::move(expected));
  const std::string& table_name = TableNameArgument(request);
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, UsableTable(context, table_name));
  DF_RETURN_IF_ERROR(model::ValidateKeyArgument(table->key_schema(), key));
  DF_RETURN_IF_ERROR(CheckUpdatedPaths(*table, item_update.update));

  DF_ASSIGN_OR_RETURN(table::WriteResult written,
                      table->Write(key, [&](const std::optional<model::Item>& old_item) {
                        return UpdatedItem(item_update, condition, *table, key, old_item);
                      }));

  wire::Json response = wire::Json::object();
  model::Item attributes =
      ReturnedAttributes(ParseReturnValues(request), item_update.update, written);
  // DynamoDB: Attributes is left out when there is nothing to return.
  if (!attributes.empty()) {
    response["Attributes"] = wire::ItemToJson(attributes);
  }
  ConsumedCapacity consumed{table_name};
  AddWriteUnits(written, &consumed);
  AddConsumedCapacity(consumed, ParseReturnConsumedCapacity(request), &response);
  AddItemCollectionMetrics(request, table->key_schema(), key, written, &response);
  return response;
}

}  // namespace dynafake::api
