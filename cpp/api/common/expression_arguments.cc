#include "api/common/expression_arguments.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "expr/expressions.h"
#include "expr/legacy.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

// DynamoDB: a placeholder, its '#' or ':' included, is at most 255 bytes
// (dynamodb-behaviour.md 5.1).
constexpr size_t kMaxPlaceholderBytes = 255;

// The member `name` of `request` unless absent or null.
const wire::Json* PresentMember(const wire::Json& request, std::string_view name) {
  auto it = request.find(name);
  return it == request.end() || it->is_null() ? nullptr : &*it;
}

bool Contains(std::span<const std::string_view> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// "A, B" for the members of `names` the request carries.
std::string PresentList(const wire::Json& request, std::span<const std::string_view> names,
                        std::string_view skip) {
  std::string list;
  for (std::string_view name : names) {
    if (name != skip && PresentMember(request, name) != nullptr) {
      if (!list.empty()) {
        list += ", ";
      }
      list += name;
    }
  }
  return list;
}

bool AnyPresent(const wire::Json& request, std::span<const std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&request](std::string_view name) {
    return PresentMember(request, name) != nullptr;
  });
}

// The expressions that take :values (every one but ProjectionExpression).
std::vector<std::string_view> ValueExpressions(std::span<const std::string_view> expressions) {
  std::vector<std::string_view> taking_values;
  for (std::string_view name : expressions) {
    if (name != "ProjectionExpression") {
      taking_values.push_back(name);
    }
  }
  return taking_values;
}

Status CheckMixing(const wire::Json& request, const ExpressionParameters& parameters) {
  if (!AnyPresent(request, parameters.expression)) {
    return Status::Ok();
  }
  const std::string expressions = PresentList(request, parameters.expression, "");
  // DynamoDB: KeyConditions counts as a legacy parameter only next to KeyConditionExpression; with
  // FilterExpression or ProjectionExpression alone it is accepted (dynalite
  // validations/index.js validateExpressionParams).
  const std::string_view skip =
      PresentMember(request, "KeyConditionExpression") == nullptr ? "KeyConditions" : "";
  const std::string legacy = PresentList(request, parameters.non_expression, skip);
  if (legacy.empty()) {
    return Status::Ok();
  }
  return ValidationError(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: {" +
      legacy + "} Expression parameters: {" + expressions + "}");
}

Status CheckConditionalOperatorMap(const wire::Json& request,
                                   const ExpressionParameters& parameters) {
  if (parameters.conditional_map.empty() ||
      PresentMember(request, "ConditionalOperator") == nullptr) {
    return Status::Ok();
  }
  const wire::Json* map = PresentMember(request, parameters.conditional_map);
  return expr::CheckConditionalOperator(map != nullptr && map->is_object() ? map->size() : 0);
}

Status CheckPlaceholderMapsUse(const wire::Json& request, const ExpressionParameters& parameters) {
  if (PresentMember(request, "ExpressionAttributeNames") != nullptr &&
      !AnyPresent(request, parameters.expression)) {
    return ValidationError("ExpressionAttributeNames can only be specified when using expressions");
  }
  if (PresentMember(request, "ExpressionAttributeValues") == nullptr) {
    return Status::Ok();
  }
  const std::vector<std::string_view> taking_values = ValueExpressions(parameters.expression);
  if (taking_values.empty() || AnyPresent(request, taking_values)) {
    return Status::Ok();
  }
  std::string message = "ExpressionAttributeValues can only be specified when using expressions: ";
  for (size_t i = 0; i < taking_values.size(); ++i) {
    message += i == 0 ? "" : " and ";
    message += taking_values[i];
  }
  message += taking_values.size() > 1 ? " are null" : " is null";
  return ValidationError(std::move(message));
}

// "#name" / ":value" keys: the prefix and at least one of [A-Za-z0-9_].
bool IsPlaceholder(std::string_view key, char prefix) {
  if (key.size() < 2 || key[0] != prefix) {
    return false;
  }
  return std::all_of(key.begin() + 1, key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// DynamoDB: a too long key is reported before a malformed one; only the names map adds the size
// (ExtendDB tests/test_expression_attribute_map_validation.py, captured from the service).
Status CheckPlaceholderKey(std::string_view map_name, std::string_view key, char prefix) {
  if (key.size() > kMaxPlaceholderBytes) {
    std::string message(map_name);
    message +=
        " contains invalid key: The expression attribute map contains a key that is too long;";
    if (prefix == '#') {
      message += " size of key: " + std::to_string(key.size());
    }
    return ValidationError(std::move(message));
  }
  if (!IsPlaceholder(key, prefix)) {
    return ValidationError(std::string(map_name) + " contains invalid key: Syntax error; key: \"" +
                           std::string(key) + "\"");
  }
  return Status::Ok();
}

Result<std::map<std::string, std::string>> ParseNames(const wire::Json& json) {
  if (json.empty()) {
    return ValidationError("ExpressionAttributeNames must not be empty");
  }
  std::map<std::string, std::string> names;
  for (const auto& [key, value] : json.items()) {
    DF_RETURN_IF_ERROR(CheckPlaceholderKey("ExpressionAttributeNames", key, '#'));
    static const std::string kNoName;
    const std::string& name = value.is_string() ? value.get_ref<const std::string&>() : kNoName;
    if (name.empty()) {
      return ValidationError(
          "ExpressionAttributeNames contains invalid value: Empty attribute name for key " + key);
    }
    names.emplace(key, name);
  }
  return names;
}

Result<model::Item> ParseValues(const wire::Json& json) {
  if (json.empty()) {
    return ValidationError("ExpressionAttributeValues must not be empty");
  }
  for (const auto& [key, value] : json.items()) {
    DF_RETURN_IF_ERROR(CheckPlaceholderKey("ExpressionAttributeValues", key, ':'));
  }
  model::Item values;
  for (const auto& [key, value_json] : json.items()) {
    Result<model::AttributeValue> value = wire::ParseAttributeValue(value_json);
    if (!value.has_value()) {
      if (value.error().code() != ErrorCode::kValidation) {
        return value.error();
      }
      return ValidationError("ExpressionAttributeValues contains invalid value: " +
                             value.error().message() + " for key " + key);
    }
    values.emplace(key, std::move(value).value());
  }
  return values;
}

// The five expression members in the order the service parses them.
enum class Slot { kUpdate, kCondition, kKeyCondition, kFilter, kProjection };

constexpr std::array<std::pair<std::string_view, Slot>, 5> kExpressionMembers = {{
    {"UpdateExpression", Slot::kUpdate},
    {"ConditionExpression", Slot::kCondition},
    {"KeyConditionExpression", Slot::kKeyCondition},
    {"FilterExpression", Slot::kFilter},
    {"ProjectionExpression", Slot::kProjection},
}};

Status ParseOne(expr::RequestExpressions& front_end, Slot slot, std::string_view text,
                ParsedExpressions* parsed) {
  switch (slot) {
    case Slot::kUpdate: {
      DF_ASSIGN_OR_RETURN(parsed->update, front_end.ParseUpdate(text));
      break;
    }
    case Slot::kCondition: {
      DF_ASSIGN_OR_RETURN(parsed->condition,
                          front_end.ParseCondition(text, expr::ExpressionKind::kCondition));
      break;
    }
    case Slot::kKeyCondition: {
      DF_ASSIGN_OR_RETURN(parsed->key_condition,
                          front_end.ParseCondition(text, expr::ExpressionKind::kKeyCondition));
      break;
    }
    case Slot::kFilter: {
      DF_ASSIGN_OR_RETURN(parsed->filter,
                          front_end.ParseCondition(text, expr::ExpressionKind::kFilter));
      break;
    }
    case Slot::kProjection: {
      DF_ASSIGN_OR_RETURN(parsed->projection, front_end.ParseProjection(text));
      break;
    }
  }
  return Status::Ok();
}

Status KeyPathError(std::string_view label, const std::string& attribute) {
  return ValidationError(
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
      "allowed: " +
      std::string(label) + ": " + attribute);
}

}  // namespace

Status CheckExpressionParameters(const wire::Json& request,
                                 const ExpressionParameters& parameters) {
  DF_RETURN_IF_ERROR(CheckMixing(request, parameters));
  DF_RETURN_IF_ERROR(CheckConditionalOperatorMap(request, parameters));
  return CheckPlaceholderMapsUse(request, parameters);
}

Result<ParsedExpressions> ParseExpressions(const RequestContext& context, const wire::Json& request,
                                           const ExpressionParameters& parameters) {
  ParsedExpressions parsed;
  const wire::Json* names_json = PresentMember(request, "ExpressionAttributeNames");
  const wire::Json* values_json = PresentMember(request, "ExpressionAttributeValues");
  if (values_json != nullptr && ValueExpressions(parameters.expression).empty()) {
    values_json = nullptr;  // not a member of this operation's input
  }
  if (names_json == nullptr && values_json == nullptr &&
      !AnyPresent(request, parameters.expression)) {
    return parsed;
  }
  std::optional<std::map<std::string, std::string>> names;
  if (names_json != nullptr) {
    DF_ASSIGN_OR_RETURN(names, ParseNames(*names_json));
  }
  std::optional<model::Item> values;
  if (values_json != nullptr) {
    DF_ASSIGN_OR_RETURN(values, ParseValues(*values_json));
  }
  expr::RequestExpressions front_end(context.parse_cache, names ? &*names : nullptr,
                                     values ? &*values : nullptr);
  for (const auto& [member, slot] : kExpressionMembers) {
    const wire::Json* text =
        Contains(parameters.expression, member) ? PresentMember(request, member) : nullptr;
    if (text != nullptr) {
      DF_RETURN_IF_ERROR(ParseOne(front_end, slot, text->get_ref<const std::string&>(), &parsed));
    }
  }
  DF_RETURN_IF_ERROR(front_end.CheckAllUsed());
  return parsed;
}

Status CheckKeyPaths(const table::Table& table, const std::vector<const expr::Path*>& paths) {
  std::set<std::string_view> nested;
  for (const expr::Path* path : paths) {
    if (path->size() > 1) {
      nested.insert(path->front().name);
    }
  }
  if (nested.empty()) {
    return Status::Ok();
  }
  const model::KeySchema& key_schema = table.key_schema();
  if (nested.count(key_schema.hash.name) != 0) {
    return KeyPathError("Key", key_schema.hash.name);
  }
  if (key_schema.range && nested.count(key_schema.range->name) != 0) {
    return KeyPathError("Key", key_schema.range->name);
  }
  // DynamoDB: index keys are checked after the table's, global indexes before local ones, each list
  // from its last index (dynalite db/index.js traverseIndexes).
  const table::TableDescription description = table.Describe();
  for (auto it = description.global_secondary_indexes.rbegin();
       it != description.global_secondary_indexes.rend(); ++it) {
    if (nested.count(it->key_schema.hash.name) != 0) {
      return KeyPathError("IndexKey", it->key_schema.hash.name);
    }
    if (it->key_schema.range && nested.count(it->key_schema.range->name) != 0) {
      return KeyPathError("IndexKey", it->key_schema.range->name);
    }
  }
  for (auto it = description.local_secondary_indexes.rbegin();
       it != description.local_secondary_indexes.rend(); ++it) {
    if (it->key_schema.range && nested.count(it->key_schema.range->name) != 0) {
      return KeyPathError("IndexKey", it->key_schema.range->name);
    }
  }
  return Status::Ok();
}

std::vector<const expr::Path*> ProjectionPaths(const std::optional<expr::Projection>& projection) {
  std::vector<const expr::Path*> paths;
  if (projection) {
    paths.reserve(projection->paths.size());
    for (const expr::Path& path : projection->paths) {
      paths.push_back(&path);
    }
  }
  return paths;
}

}  // namespace dynafake::api
