// The expression parameters of a request (ConditionExpression, UpdateExpression,
// ProjectionExpression, KeyConditionExpression, FilterExpression and the
// ExpressionAttributeNames/Values maps), checked with the service's rules and messages in the
// service's order (docs: dynamodb-behaviour.md 5.5, 5.6), and parsed through the engine's parse
// cache.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "api/request_context.h"
#include "expr/ast.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

// What one operation accepts. Each list is in the order the service names the parameters in
// "Can not use both expression and non-expression parameters in the same request: Non-expression
// parameters: {...} Expression parameters: {...}" and "ExpressionAttributeValues can only be
// specified when using expressions: ... is null".
struct ExpressionParameters {
  std::span<const std::string_view> non_expression;  // e.g. AttributeUpdates, Expected, ...
  std::span<const std::string_view> expression;      // e.g. UpdateExpression, ConditionExpression
  // The legacy map ConditionalOperator combines ("Expected", "QueryFilter", "ScanFilter"), or
  // empty when the operation has no ConditionalOperator.
  std::string_view conditional_map;
};

// PutItem's and DeleteItem's: a condition only.
inline constexpr std::array<std::string_view, 2> kConditionLegacyParameters = {
    "Expected", "ConditionalOperator"};
inline constexpr std::array<std::string_view, 1> kConditionExpressionParameters = {
    "ConditionExpression"};
inline constexpr ExpressionParameters kConditionalWriteParameters{
    kConditionLegacyParameters, kConditionExpressionParameters, "Expected"};

// GetItem's and those of each table of BatchGetItem: a projection only.
inline constexpr std::array<std::string_view, 1> kProjectionLegacyParameters = {"AttributesToGet"};
inline constexpr std::array<std::string_view, 1> kProjectionExpressionParameters = {
    "ProjectionExpression"};
inline constexpr ExpressionParameters kProjectionParameters{kProjectionLegacyParameters,
                                                            kProjectionExpressionParameters, ""};

// The checks the service makes before it looks at any value, in its order: legacy and expression
// parameters mixed; ConditionalOperator without a map of two or more entries; names without any
// expression ("ExpressionAttributeNames can only be specified when using expressions"); values
// without an expression that takes values ("ExpressionAttributeValues can only be specified when
// using expressions: UpdateExpression and ConditionExpression are null").
Status CheckExpressionParameters(const wire::Json& request, const ExpressionParameters& parameters);

// Every expression of one request, parsed and resolved; nullopt for those the request lacks.
struct ParsedExpressions {
  std::optional<expr::Update> update;
  std::optional<expr::Condition> condition;
  std::optional<expr::Condition> key_condition;
  std::optional<expr::Condition> filter;
  std::optional<expr::Projection> projection;
};

// Checks the ExpressionAttributeNames and ExpressionAttributeValues maps ("... must not be empty",
// invalid keys, empty names, "ExpressionAttributeValues contains invalid value: <message> for key
// <:v>"), then parses the expressions among `parameters.expression` that the request carries, in
// the service's order (Update, Condition, KeyCondition, Filter, Projection), then rejects unused
// placeholders. REQUIRES: CheckExpressionParameters passed; context.parse_cache is set.
Result<ParsedExpressions> ParseExpressions(const RequestContext& context, const wire::Json& request,
                                           const ExpressionParameters& parameters);

// "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: Key:
// <name>" (or "IndexKey: <name>") when a document path of more than one element starts at a key
// attribute of the table or of one of its indexes.
Status CheckKeyPaths(const table::Table& table, const std::vector<const expr::Path*>& paths);

// The paths of a projection (none when there is no projection), for CheckKeyPaths.
std::vector<const expr::Path*> ProjectionPaths(const std::optional<expr::Projection>& projection);

}  // namespace dynafake::api
