// Arguments every item operation shares: the table, keys and items, with the service's checks in
// the service's order (value syntax first, then the table, then the key schema).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>

#include "api/request_context.h"
#include "model/attribute_value.h"
#include "wire/json.h"

namespace dynafake::api {

// The largest item the service stores: 400 KB counted as model::ItemSize counts.
constexpr size_t kMaxItemBytes = 409600;

// The TableName member as given (a name or an ARN). REQUIRES: shape validation passed.
const std::string& TableNameArgument(const wire::Json& request);

// The table named by `table_name` for a data operation (ResourceNotFoundException otherwise).
Result<std::shared_ptr<table::Table>> UsableTable(const RequestContext& context,
                                                  const std::string& table_name);

// Parses an attribute map member (values validated, keys not yet).
Result<model::Item> ParseAttributeMap(const wire::Json& json);

// "Item size has exceeded the maximum allowed size" when the item is over 400 KB.
Status CheckItemSize(const model::Item& item);

// Parameters a later capability implements: a request using one is refused with a clear
// ValidationException rather than having the parameter silently ignored.
Status RejectUnsupported(const wire::Json& request, std::initializer_list<const char*> members);

// The conditional-write parameters (ConditionExpression, Expected and the expression attribute
// maps), refused by RejectUnsupported until condition expressions exist.
Status RejectConditionParameters(const wire::Json& request);

// PutItem's and DeleteItem's ReturnValues: true for ALL_OLD, false for NONE (or absent); anything
// else is "ReturnValues can only be ALL_OLD or NONE".
Result<bool> ParseReturnAllOld(const wire::Json& request);

// AttributesToGet (legacy projection of top-level attributes): duplicates are rejected with the
// service's message. Returns an empty list when absent.
Result<std::vector<std::string>> ParseAttributesToGet(const wire::Json& request);

// Keeps only `names` of `item` (all of it when `names` is empty).
model::Item ProjectAttributes(const model::Item& item, const std::vector<std::string>& names);

// True when the request's member is a JSON true.
bool BoolMember(const wire::Json& request, const char* member);

// The request's string member, or `fallback` when absent.
std::string StringMember(const wire::Json& request, const char* member, const char* fallback);

}  // namespace dynafake::api
