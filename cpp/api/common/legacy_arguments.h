// The legacy (pre-expression) parameters read from a request and translated by expr/legacy.h into
// the trees the expression evaluators run (docs: dynamodb-behaviour.md 5.6).
#pragma once

#include <optional>
#include <vector>

#include "expr/ast.h"
#include "expr/legacy.h"
#include "wire/json.h"

namespace dynafake::api {

// The request's ConditionalOperator (AND when absent).
expr::ConditionalOperator ConditionalOperatorArgument(const wire::Json& request);

// Expected (joined by ConditionalOperator) as one condition; nullopt when absent or empty.
Result<std::optional<expr::Condition>> ParseExpected(const wire::Json& request);

// AttributeUpdates as one update; nullopt when absent.
Result<std::optional<expr::Update>> ParseAttributeUpdates(const wire::Json& request);

// AttributesToGet as a projection of top-level attributes; nullopt when absent.
Result<std::optional<expr::Projection>> ParseAttributesToGet(const wire::Json& request);

// The entries of a KeyConditions, QueryFilter or ScanFilter map (a JSON object of Condition).
Result<std::vector<expr::AttributeCondition>> ParseAttributeConditions(const wire::Json& map);

}  // namespace dynafake::api
