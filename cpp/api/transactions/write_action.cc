#include "api/transactions/write_action.h"

#include <array>
#include <string_view>
#include <utility>

#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "model/key.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr std::array<std::string_view, 0> kNoLegacyParameters = {};
constexpr std::array<std::string_view, 1> kCondition = {"ConditionExpression"};
constexpr std::array<std::string_view, 2> kUpdateAndCondition = {"UpdateExpression",
                                                                 "ConditionExpression"};
constexpr ExpressionParameters kConditionParameters{kNoLegacyParameters, kCondition, ""};
constexpr ExpressionParameters kUpdateParameters{kNoLegacyParameters, kUpdateAndCondition, ""};

constexpr std::array<std::pair<std::string_view, WriteActionKind>, 4> kKinds = {{
    {"Put", WriteActionKind::kPut},
    {"Update", WriteActionKind::kUpdate},
    {"Delete", WriteActionKind::kDelete},
    {"ConditionCheck", WriteActionKind::kConditionCheck},
}};

// The entry's one action member, or the error for none or several.
Result<std::pair<WriteActionKind, const wire::Json*>> FindAction(const wire::Json& entry) {
  std::pair<WriteActionKind, const wire::Json*> found{WriteActionKind::kPut, nullptr};
  int actions = 0;
  for (const auto& [member, kind] : kKinds) {
    auto it = entry.find(member);
    if (it != entry.end() && !it->is_null()) {
      found = {kind, &*it};
      ++actions;
    }
  }
  if (actions != 1) {
    // DynamoDB: the text is unconfirmed; an empty entry gets the same one here
    // (conformance/test_transact_write_items.py::test_entry_with_two_actions).
    return ValidationError("TransactItems can only contain one of Check, Put, Update or Delete");
  }
  return found;
}

// Parses the attribute map `member` of `body`: a value of the wrong JSON type rejects the request;
// other value errors become the action's item_error.
Result<model::Item> ParseValues(const wire::Json& body, const char* member, Status* item_error) {
  Result<model::Item> parsed = ParseAttributeMap(body.at(member));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed.status()));
  if (!parsed.has_value()) {
    *item_error = parsed.error();
    return model::Item();
  }
  return std::move(parsed).value();
}

// The checks of the action's values against its table, in its single-item operation's order.
Status CheckAgainstTable(const WriteAction& action) {
  const model::KeySchema& key_schema = action.table->key_schema();
  switch (action.kind) {
    case WriteActionKind::kPut:
      DF_RETURN_IF_ERROR(CheckItemSize(action.item));
      DF_RETURN_IF_ERROR(model::ValidateItemKey(key_schema, action.item));
      return action.table->CheckIndexKeys(action.item);
    case WriteActionKind::kUpdate:
      DF_RETURN_IF_ERROR(model::ValidateKeyArgument(key_schema, action.key));
      return CheckUpdatedPaths(*action.table, action.update.update);
    case WriteActionKind::kDelete:
    case WriteActionKind::kConditionCheck:
      return model::ValidateKeyArgument(key_schema, action.key);
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<model::Item>> WriteAction::Decide(
    const std::optional<model::Item>& old_item) const {
  switch (kind) {
    case WriteActionKind::kPut:
      DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
      return std::optional<model::Item>(item);
    case WriteActionKind::kUpdate:
      return UpdatedItem(update, condition, *table, key, old_item);
    case WriteActionKind::kDelete:
      DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
      return std::optional<model::Item>();
    case WriteActionKind::kConditionCheck:
      DF_RETURN_IF_ERROR(CheckWriteCondition(condition, old_item));
      return old_item;
  }
  return old_item;
}

Result<WriteAction> ParseWriteAction(const RequestContext& context, const wire::Json& entry) {
  DF_ASSIGN_OR_RETURN(auto found, FindAction(entry));
  const wire::Json& body = *found.second;
  WriteAction action;
  action.kind = found.first;
  const bool is_put = action.kind == WriteActionKind::kPut;
  const bool is_update = action.kind == WriteActionKind::kUpdate;
  if (is_put) {
    DF_ASSIGN_OR_RETURN(action.item, ParseValues(body, "Item", &action.item_error));
  } else {
    DF_ASSIGN_OR_RETURN(action.key, ParseValues(body, "Key", &action.item_error));
  }
  const ExpressionParameters& parameters = is_update ? kUpdateParameters : kConditionParameters;
  DF_RETURN_IF_ERROR(CheckExpressionParameters(body, parameters));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions, ParseExpressions(context, body, parameters));
  action.condition = MakeWriteCondition(body, std::move(expressions.condition), std::nullopt);
  if (is_update) {
    action.update = ChooseUpdate(std::move(expressions.update), std::nullopt);
  }
  action.table_name = TableNameArgument(body);
  DF_ASSIGN_OR_RETURN(action.table, UsableTable(context, action.table_name));
  if (action.item_error.ok()) {
    action.item_error = CheckAgainstTable(action);
  }
  if (is_put && action.item_error.ok()) {
    action.key = *action.table->key_schema().ExtractKey(action.item);
  }
  return action;
}

}  // namespace dynafake::api
