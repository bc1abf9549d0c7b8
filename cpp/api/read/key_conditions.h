// Query's legacy KeyConditions checked and reduced to the KeyCondition a KeyConditionExpression
// gives, and the ExclusiveStartKey checked against the key condition (docs:
// dynamodb-behaviour.md 4.6, 5.6).
#pragma once

#include <vector>

#include "dynafake/status.h"

#include "expr/key_condition.h"
#include "expr/legacy.h"
#include "model/attribute_value.h"
#include "model/key.h"

namespace dynafake::api {

// The checks made before the table is looked up: each entry's values, argument count, types and
// BETWEEN order as expr::TranslateAttributeCondition makes them, then "Conditions can be of length
// 1 or 2 only".
Status CheckLegacyKeyConditions(const std::vector<expr::AttributeCondition>& conditions);

// KeyConditions against the key schema of the queried table or index, one key attribute at a
// time, the partition key first: "Query key condition not supported" (a second condition on a
// partition-only key, or a partition key condition other than EQ), "Query condition missed key
// schema element: <name>", "Attempted conditional constraint is not an indexable operation",
// "One or more parameter values were invalid: Condition parameter type does not match schema
// type", then the empty key value texts of expr::ValidateKeyCondition.
Result<expr::KeyCondition> ValidateLegacyKeyConditions(
    const std::vector<expr::AttributeCondition>& conditions, const model::KeySchema& schema);

// KeyConditions on a multi-attribute index key: "Attempted conditional constraint is not an
// indexable operation" for an operator a key condition may not use, then the checks of
// expr::ValidateMultiAttributeKeyCondition on the entries joined by AND.
Result<expr::KeyCondition> ValidateLegacyMultiAttributeKeyConditions(
    const std::vector<expr::AttributeCondition>& conditions, const expr::MultiAttributeKey& key);

// The ExclusiveStartKey against the key condition of the queried table or index `schema`: without a
// sort key condition, "The provided starting key is outside query boundaries based on provided
// conditions" for another partition key; with one, "The provided starting key does not match the
// range key predicate" for a sort key outside it, then "The query can return at most one row and
// cannot be restarted" for another partition key. REQUIRES: the start key holds the key
// attributes of `schema` with the schema's types.
Status CheckStartKeyBounds(const model::Item& start_key, const model::KeySchema& schema,
                           const expr::KeyCondition& condition);

// CheckStartKeyBounds for a multi-attribute index key: every HASH attribute is the partition key
// and the `=` sort attributes with the last constrained one are the sort key condition.
// REQUIRES: the start key holds every attribute of `key` with its type.
Status CheckStartKeyBounds(const model::Item& start_key, const expr::MultiAttributeKey& key,
                           const expr::KeyCondition& condition);

}  // namespace dynafake::api
