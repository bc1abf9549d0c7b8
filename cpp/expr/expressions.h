// The expression front end: parses (once per distinct text, through a bounded cache) and resolves
// the expressions of one request with the service's checks, messages and their precedence.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace dynafake::expr {

enum class ExpressionKind : uint8_t {
  kCondition,     // ConditionExpression
  kFilter,        // FilterExpression
  kKeyCondition,  // KeyConditionExpression
  kProjection,    // ProjectionExpression
  kUpdate,        // UpdateExpression
};

// "ConditionExpression", "FilterExpression", ... as the service names them in messages.
std::string_view ExpressionKindName(ExpressionKind kind);

// Parsed, unresolved expressions by (kind, text), shared by all requests of one engine. Bounded;
// safe for concurrent use without external synchronization.
class ParseCache;
std::shared_ptr<ParseCache> NewParseCache(size_t capacity = 4096);

// One parsed (unresolved) expression text, as the cache holds it (expr/syntax.h).
struct ParsedExpression;

// The expressions of one request. ExpressionAttributeNames and ExpressionAttributeValues are given
// already parsed (the values validated by the wire layer); either may be null when the request has
// none. Not thread-safe: one per request.
class RequestExpressions {
 public:
  RequestExpressions(ParseCache* cache, const std::map<std::string, std::string>* names,
                     const model::Item* values);
  ~RequestExpressions();

  // Each parses and resolves one expression. Errors are ValidationException with the service's
  // texts ("Invalid ConditionExpression: Syntax error; token: \"<tok>\", near: \"<context>\"",
  // "Invalid UpdateExpression: An expression attribute name used in the document path is not
  // defined; attribute name: #n", ...), in the service's order of precedence.
  Result<Condition> ParseCondition(std::string_view text, ExpressionKind kind);
  Result<Update> ParseUpdate(std::string_view text);
  Result<Projection> ParseProjection(std::string_view text);

  // After every expression of the request was parsed: "Value provided in ExpressionAttributeNames
  // unused in expressions: keys: {#a, #b}" and the ExpressionAttributeValues equivalent.
  Status CheckAllUsed() const;

 private:
  ParseCache* const cache_;
  const std::map<std::string, std::string>* const names_;
  const model::Item* const values_;
  // The expressions parsed so far; their placeholders are the ones the request uses.
  std::vector<std::shared_ptr<const ParsedExpression>> parsed_;
};

}  // namespace dynafake::expr
