#include "api/common/write_condition.h"

#include <string>
#include <utility>

#include "expr/evaluate.h"
#include "wire/attribute_value_json.h"
#include "wire/json_writer.h"

namespace dynafake::api {

WriteCondition MakeWriteCondition(const wire::Json& request,
                                  std::optional<expr::Condition> condition_expression,
                                  std::optional<expr::Condition> expected) {
  WriteCondition write_condition;
  write_condition.condition =
      condition_expression ? std::move(condition_expression) : std::move(expected);
  auto it = request.find("ReturnValuesOnConditionCheckFailure");
  write_condition.return_old_item =
      it != request.end() && it->is_string() && it->get_ref<const std::string&>() == "ALL_OLD";
  return write_condition;
}

Status CheckWriteCondition(const WriteCondition& write_condition,
                           const std::optional<model::Item>& old_item) {
  if (!write_condition.condition) {
    return Status::Ok();
  }
  static const model::Item kNoItem;
  if (expr::EvaluateCondition(*write_condition.condition, old_item ? *old_item : kNoItem)) {
    return Status::Ok();
  }
  std::string details;
  // DynamoDB: the failure carries the item only when asked for and only if it existed
  // (conformance/test_errors_shape.py::test_conditional_failure_without_return_values_has_no_item).
  if (write_condition.return_old_item && old_item) {
    details = "\"Item\":";
    wire::AppendJson(wire::ItemToJson(*old_item), &details);
  }
  return Status(ErrorCode::kConditionalCheckFailed, "The conditional request failed",
                std::move(details));
}

}  // namespace dynafake::api
