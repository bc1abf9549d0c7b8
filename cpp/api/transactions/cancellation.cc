#include "api/transactions/cancellation.h"

#include <string_view>
#include <unordered_set>

#include "wire/json.h"
#include "wire/json_writer.h"

namespace dynafake::api {

Status TransactionCanceled(const std::vector<CancellationReason>& reasons) {
  std::string codes;
  std::string details = "\"CancellationReasons\":[";
  for (size_t i = 0; i < reasons.size(); ++i) {
    const CancellationReason& reason = reasons[i];
    if (i > 0) {
      codes += ", ";
      details += ',';
    }
    codes += reason.code;
    wire::Json entry = {{"Code", reason.code}};
    if (!reason.message.empty()) {
      entry["Message"] = reason.message;
    }
    std::string text = wire::ToJsonText(entry);
    if (!reason.item_json.empty()) {
      // The item is already wire JSON: spliced in before the closing brace.
      text.pop_back();
      text += ",\"Item\":" + reason.item_json + "}";
    }
    details += text;
  }
  details += ']';
  return Status(ErrorCode::kTransactionCanceled,
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" +
                    codes + "]",
                std::move(details));
}

std::vector<CancellationReason> ConflictReasons(size_t count,
                                                const std::vector<size_t>& conflicts) {
  std::vector<CancellationReason> reasons(count);
  for (size_t position : conflicts) {
    // DynamoDB: (conformance/test_transaction_conflicts.py::test_another_transaction_is_cancelled).
    reasons[position] = {"TransactionConflict", "Transaction is ongoing for the item.", ""};
  }
  return reasons;
}

std::vector<CancellationReason> ValidationReasons(size_t count, size_t position,
                                                  const Status& error) {
  std::vector<CancellationReason> reasons(count);
  reasons[position] = {"ValidationError", error.message(), ""};
  return reasons;
}

Status CheckDistinctItems(const std::vector<std::string>& storage_keys) {
  std::unordered_set<std::string_view> seen;
  for (const std::string& key : storage_keys) {
    if (!key.empty() && !seen.insert(key).second) {
      return ValidationError("Transaction request cannot include multiple operations on one item");
    }
  }
  return Status::Ok();
}

}  // namespace dynafake::api
