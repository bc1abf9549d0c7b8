#include "api/common/item_update.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/common/expression_arguments.h"
#include "api/common/index_keys.h"
#include "api/common/item_arguments.h"
#include "expr/evaluate.h"
#include "expr/legacy.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

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

Result<model::Item> ApplyItemUpdate(const ItemUpdate& item_update, model::Item item,
                                    bool item_exists) {
  if (item_update.legacy) {
    return expr::ApplyAttributeUpdates(item_update.update, std::move(item), item_exists);
  }
  return expr::ApplyUpdate(item_update.update, std::move(item), item_exists);
}

// True when the update has actions and every one only takes something away (REMOVE, DELETE).
bool OnlyRemoves(const expr::Update& update) {
  return !update.actions.empty() &&
         std::all_of(update.actions.begin(), update.actions.end(), [](const auto& action) {
           return action.kind == expr::UpdateAction::Kind::kRemove ||
                  action.kind == expr::UpdateAction::Kind::kDelete;
         });
}

}  // namespace

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

}  // namespace dynafake::api
