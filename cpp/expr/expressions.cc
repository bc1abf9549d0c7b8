#include "expr/expressions.h"

#include <algorithm>

#include "expr/parse_cache.h"
#include "expr/parser.h"
#include "expr/resolver.h"
#include "util/result.h"

namespace dynafake::expr {
namespace {

std::shared_ptr<const ParsedExpression> Parse(ParseCache* cache, ExpressionKind kind,
                                              std::string_view text) {
  return cache != nullptr ? cache->Get(kind, text) : ParseExpression(kind, text);
}

// "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}". DynamoDB's
// own order is not stable across requests; dynafake lists the keys sorted.
template <typename Map>
Status UnusedError(std::string_view map_name, const Map* map,
                   const std::vector<std::shared_ptr<const ParsedExpression>>& parsed,
                   std::vector<std::string> ParsedExpression::*placeholders) {
  if (map == nullptr) {
    return Status::Ok();
  }
  std::string keys;
  for (const auto& entry : *map) {
    bool used = false;
    for (size_t i = 0; i < parsed.size() && !used; ++i) {
      const std::vector<std::string>& list = (*parsed[i]).*placeholders;
      used = std::find(list.begin(), list.end(), entry.first) != list.end();
    }
    if (!used) {
      keys += keys.empty() ? "" : ", ";
      keys += entry.first;
    }
  }
  if (keys.empty()) {
    return Status::Ok();
  }
  return ValidationError("Value provided in " + std::string(map_name) +
                         " unused in expressions: keys: {" + keys + "}");
}

}  // namespace

std::string_view ExpressionKindName(ExpressionKind kind) {
  switch (kind) {
    case ExpressionKind::kCondition:
      return "ConditionExpression";
    case ExpressionKind::kFilter:
      return "FilterExpression";
    case ExpressionKind::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionKind::kProjection:
      return "ProjectionExpression";
    case ExpressionKind::kUpdate:
      return "UpdateExpression";
  }
  return "ConditionExpression";
}

std::shared_ptr<ParseCache> NewParseCache(size_t capacity) {
  return std::make_shared<ParseCache>(capacity);
}

RequestExpressions::RequestExpressions(ParseCache* cache,
                                       const std::map<std::string, std::string>* names,
                                       const model::Item* values)
    : cache_(cache), names_(names), values_(values) {}

RequestExpressions::~RequestExpressions() = default;

Result<Condition> RequestExpressions::ParseCondition(std::string_view text, ExpressionKind kind) {
  if (kind == ExpressionKind::kProjection || kind == ExpressionKind::kUpdate) {
    return InternalError("ParseCondition called for a " + std::string(ExpressionKindName(kind)));
  }
  const std::shared_ptr<const ParsedExpression> parsed = Parse(cache_, kind, text);
  if (!parsed->error.empty()) {
    return ExpressionError(kind, parsed->error);
  }
  DF_ASSIGN_OR_RETURN(Condition condition, ResolveCondition(*parsed, {names_, values_}));
  parsed_.push_back(parsed);
  return condition;
}

Result<Update> RequestExpressions::ParseUpdate(std::string_view text) {
  const std::shared_ptr<const ParsedExpression> parsed =
      Parse(cache_, ExpressionKind::kUpdate, text);
  if (!parsed->error.empty()) {
    return ExpressionError(ExpressionKind::kUpdate, parsed->error);
  }
  DF_ASSIGN_OR_RETURN(Update update, ResolveUpdate(*parsed, {names_, values_}));
  parsed_.push_back(parsed);
  return update;
}

Result<Projection> RequestExpressions::ParseProjection(std::string_view text) {
  const std::shared_ptr<const ParsedExpression> parsed =
      Parse(cache_, ExpressionKind::kProjection, text);
  if (!parsed->error.empty()) {
    return ExpressionError(ExpressionKind::kProjection, parsed->error);
  }
  DF_ASSIGN_OR_RETURN(Projection projection, ResolveProjection(*parsed, {names_, values_}));
  parsed_.push_back(parsed);
  return projection;
}

Status RequestExpressions::CheckAllUsed() const {
  DF_RETURN_IF_ERROR(
      UnusedError("ExpressionAttributeNames", names_, parsed_, &ParsedExpression::names));
  return UnusedError("ExpressionAttributeValues", values_, parsed_, &ParsedExpression::values);
}

}  // namespace dynafake::expr
