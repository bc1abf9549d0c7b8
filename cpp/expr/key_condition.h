// A resolved KeyConditionExpression checked against the key schema of the queried table or index
// and reduced to what a Query reads: one partition key value and an optional sort key condition.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "model/attribute_value.h"
#include "model/key.h"

namespace dynafake::expr {

// The condition on the sort key, with the key attribute on the left: `:v < sk` arrives as
// kGreater with value :v.
struct SortKeyCondition {
  enum class Kind : uint8_t {
    kEqual,
    kLess,
    kLessOrEqual,
    kGreater,
    kGreaterOrEqual,
    kBetween,
    kBeginsWith,
  };
  Kind kind = Kind::kEqual;
  // The compared value; BETWEEN's lower bound; begins_with's prefix. Always of the sort key's type.
  model::AttributeValue value;
  // BETWEEN's upper bound; NULL for every other kind.
  model::AttributeValue upper;
};

struct KeyCondition {
  // Of the partition key's type.
  model::AttributeValue partition_value;
  // The condition on the sort key; for a multi-attribute index key, on the last RANGE attribute
  // the query constrains.
  std::optional<SortKeyCondition> sort;
  // A multi-attribute index key only: the values of the HASH attributes after the first, in
  // KeySchema order.
  std::vector<model::AttributeValue> more_partition_values;
  // A multi-attribute index key only: the `=` values of the leading RANGE attributes before the
  // one `sort` constrains, in KeySchema order.
  std::vector<model::AttributeValue> sort_prefix_values;
};

// The key of a global secondary index with several HASH or RANGE attributes, in KeySchema order.
struct MultiAttributeKey {
  std::vector<const model::KeyAttribute*> hash;
  std::vector<const model::KeyAttribute*> range;
};

// Checks `condition` (a KeyConditionExpression as RequestExpressions::ParseCondition resolved it,
// so syntax, placeholders, function names and operand types are already checked) against `schema`.
// Errors are ValidationException with the service's texts, in its order: first the shape of the
// expression, one condition at a time from left to right ("Invalid operator used in
// KeyConditionExpression: OR", "KeyConditionExpressions cannot contain nested operations", "Invalid
// condition in KeyConditionExpression: Multiple attribute names used in one condition", ...,
// "KeyConditionExpressions must only contain one condition per key"), then the number of
// conditions ("Conditions can be of length 1 or 2 only"), then the schema: the partition key
// (missing, value type, operator, empty value) before the sort key.
Result<KeyCondition> ValidateKeyCondition(const Condition& condition,
                                          const model::KeySchema& schema);

// ValidateKeyCondition for a multi-attribute index key: `=` on every HASH attribute (each checked
// as a partition key is, in KeySchema order), then conditions on RANGE attributes from the first
// one on without a gap ("Query condition missed key schema element: <first skipped>"), each of
// them checked as a sort key is, where only the last may be other than `=` ("Query key condition
// not supported"). At most one condition per key attribute and none on other attributes.
Result<KeyCondition> ValidateMultiAttributeKeyCondition(const Condition& condition,
                                                        const MultiAttributeKey& key);

// The checks of ValidateKeyCondition that need no key schema (the shape of the expression and the
// number of conditions), which the service makes before it looks the table up.
Status CheckKeyConditionShape(const Condition& condition);

}  // namespace dynafake::expr
