// TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions across tables,
// written all or none (docs: dynamodb-behaviour.md 10).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "api/common/consumed_capacity.h"
#include "api/common/item_collection_metrics.h"
#include "api/operation.h"
#include "api/transactions/cancellation.h"
#include "api/transactions/transaction_capacity.h"
#include "api/transactions/write_action.h"
#include "capacity/units.h"
#include "model/attribute_value.h"
#include "txn/transactions.h"
#include "util/result.h"
#include "util/uuid.h"
#include "wire/json_writer.h"

namespace dynafake::api {
namespace {

constexpr int64_t kMaxRequestBytes = int64_t{4} << 20;

// DynamoDB: the 4 MB limit is on what the request carries (its items and keys), not on the items
// it deletes (conformance/test_transact_write_items.py::test_deleting_more_than_4_mb_of_items).
Status CheckRequestSize(const std::vector<WriteAction>& actions) {
  int64_t bytes = 0;
  for (const WriteAction& action : actions) {
    bytes += model::ItemSize(action.kind == WriteActionKind::kPut ? action.item : action.key);
  }
  if (bytes > kMaxRequestBytes) {
    // DynamoDB: only "size cannot exceed" is confirmed
    // (conformance/test_transact_write_items.py::test_putting_more_than_4_mb).
    return ValidationError("Transaction request size cannot exceed 4 MB");
  }
  return Status::Ok();
}

// The request's ClientRequestToken, or "" when absent.
const std::string& ClientRequestToken(const wire::Json& request) {
  static const std::string kNone;
  auto it = request.find("ClientRequestToken");
  return it != request.end() && it->is_string() ? it->get_ref<const std::string&>() : kNone;
}

// The text a ClientRequestToken's repeat must match: every parameter but the token.
std::string CanonicalRequest(const wire::Json& request) {
  std::string text = wire::ToJsonText(request.at("TransactItems"));
  for (const char* member : {"ReturnConsumedCapacity", "ReturnItemCollectionMetrics"}) {
    auto it = request.find(member);
    text += '|';
    if (it != request.end()) {
      text += wire::ToJsonText(*it);
    }
  }
  return text;
}

// The reasons of a transaction whose decisions did not all succeed, or a storage failure.
Result<std::vector<CancellationReason>> ReasonsOf(
    const std::vector<Result<table::WriteResult>>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].has_value() && items[i].error().code() == ErrorCode::kValidation) {
      // DynamoDB: an update that fails on the stored item (overflow, a wrong operand type, a
      // result over 400 KB) is that action's ValidationError, reported alone
      // (conformance/test_transact_write_items.py::test_validation_error_reason).
      return ValidationReasons(items.size(), i, items[i].error());
    }
  }
  std::vector<CancellationReason> reasons(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].has_value()) {
      continue;
    }
    const Status& error = items[i].error();
    if (error.code() == ErrorCode::kConditionalCheckFailed) {
      // DynamoDB: every failed condition is reported, each with its old item when it asked
      // (conformance/test_transact_write_items.py::test_every_failed_condition_is_reported).
      constexpr std::string_view kItemMember = "\"Item\":";
      const std::string& details = error.details_json();
      reasons[i] = {"ConditionalCheckFailed", error.message(),
                    details.starts_with(kItemMember) ? details.substr(kItemMember.size()) : ""};
    } else if (error.code() == ErrorCode::kItemCollectionSizeLimitExceeded) {
      reasons[i] = {"ItemCollectionSizeLimitExceeded", "Collection size exceeded.", ""};
    } else {
      return error;
    }
  }
  return reasons;
}

// The response of a committed transaction, and what a repeat of its token reports.
wire::Json CommittedResponse(const wire::Json& request, const std::vector<WriteAction>& actions,
                             const std::vector<Result<table::WriteResult>>& items,
                             TransactionMeter& meter, txn::Replay* replay) {
  wire::Json response = wire::Json::object();
  UnitsByTable written(CapacitySplit::kWrite);
  std::map<std::string, wire::Json> metrics;
  const bool wants_metrics = WantsItemCollectionMetrics(request);
  for (size_t i = 0; i < actions.size(); ++i) {
    const WriteAction& action = actions[i];
    const table::WriteResult& result = items[i].value();
    ConsumedCapacity item_units;
    AddWriteUnits(result, &item_units);
    meter.Charge(i, item_units, &result);
    AddWriteUnits(result, &written.For(action.table_name));
    replay->UnitsOf(action.table_name) +=
        2 * capacity::ReadUnits(std::max(result.old_size, result.new_size), true);
    if (wants_metrics && action.kind != WriteActionKind::kConditionCheck) {
      std::optional<wire::Json> entry =
          ItemCollectionMetricsOf(action.table->key_schema(), action.key, result);
      if (entry) {
        metrics[action.table_name].push_back(std::move(*entry));
      }
    }
  }
  const ReturnConsumedCapacity mode = ParseReturnConsumedCapacity(request);
  if (mode != ReturnConsumedCapacity::kNone) {
    response["ConsumedCapacity"] = written.ToJson(mode);
  }
  if (!metrics.empty()) {
    response["ItemCollectionMetrics"] = std::move(metrics);
  }
  return response;
}

// DynamoDB: a repeat reports the read units of the items instead of writing them again
// (conformance/test_transaction_idempotency.py::test_repeat_reports_read_units).
wire::Json ReplayedResponse(const wire::Json& request, const txn::Replay& replay) {
  wire::Json response = wire::Json::object();
  const ReturnConsumedCapacity mode = ParseReturnConsumedCapacity(request);
  if (mode != ReturnConsumedCapacity::kNone) {
    wire::Json list = wire::Json::array();
    for (const auto& [table_name, units] : replay.read_units) {
      ConsumedCapacity consumed{table_name, units};
      consumed.split = CapacitySplit::kRead;
      list.push_back(ConsumedCapacityToJson(consumed, mode));
    }
    response["ConsumedCapacity"] = std::move(list);
  }
  return response;
}

Result<wire::Json> Execute(RequestContext& context, const wire::Json& request,
                           const std::vector<WriteAction>& actions, txn::Replay* replay) {
  DF_RETURN_IF_ERROR(CancelAtFirstInvalid(actions));
  TransactionMeter meter(context, capacity::Operation::kWrite);
  for (const WriteAction& action : actions) {
    meter.Add(*action.table, action.key);
  }
  DF_RETURN_IF_ERROR(meter.Admit());
  std::vector<table::ItemWrite> writes;
  writes.reserve(actions.size());
  for (const WriteAction& action : actions) {
    writes.push_back(table::ItemWrite{
        action.table.get(), action.key,
        [&action](const std::optional<model::Item>& old_item) { return action.Decide(old_item); }});
  }
  DF_ASSIGN_OR_RETURN(txn::TransactWriteOutcome outcome,
                      context.transactions->Write(writes, util::NewUuid()));
  if (!outcome.conflicts.empty()) {
    return TransactionCanceled(ConflictReasons(actions.size(), outcome.conflicts));
  }
  if (!outcome.written.committed) {
    DF_ASSIGN_OR_RETURN(std::vector<CancellationReason> reasons, ReasonsOf(outcome.written.items));
    return TransactionCanceled(reasons);
  }
  return CommittedResponse(request, actions, outcome.written.items, meter, replay);
}

}  // namespace

// DynamoDB's order of checks: every action as its single-item operation reads it (expression
// errors and missing tables reject the request), the request's size, one action per item, the
// ClientRequestToken, then each action's values against its table (the first failure cancels the
// transaction), then the conditions and writes of all the items at once.
Result<wire::Json> TransactWriteItems(RequestContext& context, const wire::Json& request) {
  std::vector<WriteAction> actions;
  for (const wire::Json& entry : request.at("TransactItems")) {
    DF_ASSIGN_OR_RETURN(WriteAction action, ParseWriteAction(context, entry));
    actions.push_back(std::move(action));
  }
  DF_RETURN_IF_ERROR(CheckRequestSize(actions));
  // DynamoDB: (conformance/test_transact_write_items.py::test_two_actions_on_one_item).
  DF_RETURN_IF_ERROR(CheckDistinctItems(actions));

  const std::string& token = ClientRequestToken(request);
  txn::IdempotencyTokens& tokens = context.transactions->tokens();
  if (!token.empty()) {
    DF_ASSIGN_OR_RETURN(
        std::shared_ptr<const txn::Replay> replay,
        tokens.Begin(token, txn::IdempotencyTokens::Fingerprint(CanonicalRequest(request))));
    if (replay != nullptr) {
      return ReplayedResponse(request, *replay);
    }
  }
  txn::Replay replay;
  Result<wire::Json> response = Execute(context, request, actions, &replay);
  if (!token.empty()) {
    if (response.has_value()) {
      tokens.Commit(token, std::move(replay));
    } else {
      tokens.Abandon(token);
    }
  }
  return response;
}

}  // namespace dynafake::api
