// The resolver: turns a parsed expression into the resolved tree of ast.h for one request,
// substituting #names and :values and running the checks that depend on them, in the service's
// order of precedence.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "expr/syntax.h"
#include "model/attribute_value.h"

namespace dynafake::expr {

// The request's ExpressionAttributeNames and ExpressionAttributeValues; either may be null.
struct Placeholders {
  const std::map<std::string, std::string>* names = nullptr;
  const model::Item* values = nullptr;
};

// ValidationException "Invalid <Kind>Expression: <message>".
Status ExpressionError(ExpressionKind kind, std::string_view message);

// REQUIRES: parsed.error is empty and parsed.kind matches the function.
//
// Conditions (also filters and key conditions): the first leaf (comparison, BETWEEN, IN or
// function standing alone, left to right) with an error decides; within it, an undefined #name or
// :value (first written), then a wrong operand count, then identical operands, then an operand of
// the wrong type, the latter three in the order the parser completes them (inner functions first).
Result<Condition> ResolveCondition(const ParsedExpression& parsed,
                                   const Placeholders& placeholders);
// Updates: undefined #name, undefined :value, overlapping paths, conflicting paths, ADD/DELETE
// operand type, then function errors (inner first).
Result<Update> ResolveUpdate(const ParsedExpression& parsed, const Placeholders& placeholders);
// Projections: undefined #name, overlapping paths, conflicting paths.
Result<Projection> ResolveProjection(const ParsedExpression& parsed,
                                     const Placeholders& placeholders);

}  // namespace dynafake::expr
