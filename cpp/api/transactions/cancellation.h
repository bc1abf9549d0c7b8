// TransactionCanceledException and its CancellationReasons, shared by TransactWriteItems and
// TransactGetItems (docs: dynamodb-behaviour.md 10).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "dynafake/status.h"

#include "table/table.h"

namespace dynafake::api {

// One entry of CancellationReasons.
struct CancellationReason {
  std::string code = "None";
  // Empty for "None": the service sends no Message then.
  std::string message;
  // The old item in the wire format ("Item" member), for ReturnValuesOnConditionCheckFailure
  // ALL_OLD; empty when there is none.
  std::string item_json;
};

// DynamoDB: "Transaction cancelled, please refer cancellation reasons for specific reasons [c1,
// c2, ...]", with one reason per action in request order
// (conformance/test_transact_write_items.py::test_top_level_message_lists_codes_in_order).
Status TransactionCanceled(const std::vector<CancellationReason>& reasons);

// `count` reasons: TransactionConflict at `conflicts`, None elsewhere.
std::vector<CancellationReason> ConflictReasons(size_t count, const std::vector<size_t>& conflicts);

// `count` reasons: `error` (a ValidationException) as ValidationError at `position`, None
// elsewhere. DynamoDB: only the first invalid action is reported
// (conformance/test_transact_write_items.py::test_only_the_first_invalid_action_is_reported).
std::vector<CancellationReason> ValidationReasons(size_t count, size_t position,
                                                  const Status& error);

// "Transaction request cannot include multiple operations on one item" when two of
// `storage_keys` are equal (empty ones, of actions whose key is invalid, are skipped).
Status CheckDistinctItems(const std::vector<std::string>& storage_keys);

// The actions of TransactWriteItems and TransactGetItems: each names its table, its key and the
// first error of its own values against the table (item_error).
template <typename Action>
Status CheckDistinctItems(const std::vector<Action>& actions) {
  std::vector<std::string> storage_keys;
  storage_keys.reserve(actions.size());
  for (const Action& action : actions) {
    storage_keys.push_back(action.item_error.ok() ? action.table->ItemStorageKey(action.key) : "");
  }
  return CheckDistinctItems(storage_keys);
}

// The cancellation for the first action with an item_error, or Ok when there is none. DynamoDB:
// actions are checked before any condition is evaluated or item read
// (conformance/test_transact_write_items.py::test_a_validation_error_hides_earlier_failed_conditions,
// conformance/test_transact_get_items.py::test_bad_key_cancels_with_a_validation_error).
template <typename Action>
Status CancelAtFirstInvalid(const std::vector<Action>& actions) {
  for (size_t i = 0; i < actions.size(); ++i) {
    if (!actions[i].item_error.ok()) {
      return TransactionCanceled(ValidationReasons(actions.size(), i, actions[i].item_error));
    }
  }
  return Status::Ok();
}

}  // namespace dynafake::api
