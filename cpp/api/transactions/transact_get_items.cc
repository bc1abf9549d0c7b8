// TransactGetItems: up to 100 items across tables, read from one consistent state (docs:
// dynamodb-behaviour.md 10).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "api/transactions/cancellation.h"
#include "api/transactions/transaction_capacity.h"
#include "capacity/units.h"
#include "expr/evaluate.h"
#include "model/key.h"
#include "txn/transactions.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

struct GetAction {
  std::shared_ptr<table::Table> table;
  std::string table_name;
  model::Item key;
  std::optional<expr::Projection> projection;
  // The first error of the key or projection against the table: the action's ValidationError.
  Status item_error;
};

// Reads one TransactGetItem; errors that reject the whole request are returned (a value of the
// wrong JSON type, expression errors, a missing table), the others kept in item_error.
Result<GetAction> ParseGetAction(const RequestContext& context, const wire::Json& entry) {
  const wire::Json& body = entry.at("Get");
  GetAction action;
  Result<model::Item> parsed_key = ParseAttributeMap(body.at("Key"));
  DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_key.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(body, kProjectionParameters));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, body, kProjectionParameters));
  action.projection = std::move(expressions.projection);
  action.table_name = TableNameArgument(body);
  DF_ASSIGN_OR_RETURN(action.table, UsableTable(context, action.table_name));
  if (!parsed_key.has_value()) {
    action.item_error = parsed_key.error();
    return action;
  }
  action.key = std::move(parsed_key).value();
  action.item_error = model::ValidateKeyArgument(action.table->key_schema(), action.key);
  if (action.item_error.ok()) {
    action.item_error = CheckKeyPaths(*action.table, ProjectionPaths(action.projection));
  }
  return action;
}

}  // namespace

// DynamoDB's order of checks: every Get as GetItem reads it (expression errors and missing tables
// reject the request), one Get per item, then each key against its table (the first failure
// cancels the request), then the reads.
Result<wire::Json> TransactGetItems(RequestContext& context, const wire::Json& request) {
  std::vector<GetAction> actions;
  for (const wire::Json& entry : request.at("TransactItems")) {
    DF_ASSIGN_OR_RETURN(GetAction action, ParseGetAction(context, entry));
    actions.push_back(std::move(action));
  }
  // DynamoDB: (conformance/test_transact_get_items.py::test_two_gets_of_one_item).
  DF_RETURN_IF_ERROR(CheckDistinctItems(actions));
  DF_RETURN_IF_ERROR(CancelAtFirstInvalid(actions));
  TransactionMeter meter(context, capacity::Operation::kRead);
  std::vector<txn::ItemRead> reads;
  reads.reserve(actions.size());
  for (const GetAction& action : actions) {
    reads.push_back(txn::ItemRead{action.table.get(), action.key});
    meter.Add(*action.table, action.key);
  }
  DF_RETURN_IF_ERROR(meter.Admit());
  DF_ASSIGN_OR_RETURN(txn::TransactGetOutcome outcome, context.transactions->Get(reads));
  if (!outcome.conflicts.empty()) {
    // DynamoDB:
    // (conformance/test_transaction_conflicts.py::test_transact_get_reason_is_transaction_conflict).
    return TransactionCanceled(ConflictReasons(actions.size(), outcome.conflicts));
  }

  wire::Json responses = wire::Json::array();
  UnitsByTable units(CapacitySplit::kRead);
  for (size_t i = 0; i < actions.size(); ++i) {
    const std::optional<model::Item>& item = outcome.items[i];
    // DynamoDB: a read costs by the whole item whatever is projected, a missing item too
    // (conformance/test_transact_get_items.py::test_projection_does_not_lower_the_cost).
    ConsumedCapacity read;
    read.table_units = capacity::ReadUnits(item ? model::ItemSize(*item) : 0, true);
    meter.Charge(i, read);
    units.For(actions[i].table_name).table_units += read.table_units;
    wire::Json entry = wire::Json::object();
    if (item) {
      const std::optional<expr::Projection>& projection = actions[i].projection;
      entry["Item"] =
          wire::ItemToJson(projection ? expr::ApplyProjection(*projection, *item) : *item);
    }
    responses.push_back(std::move(entry));
  }
  wire::Json response = {{"Responses", std::move(responses)}};
  const ReturnConsumedCapacity mode = ParseReturnConsumedCapacity(request);
  if (mode != ReturnConsumedCapacity::kNone) {
    response["ConsumedCapacity"] = units.ToJson(mode);
  }
  return response;
}

}  // namespace dynafake::api
