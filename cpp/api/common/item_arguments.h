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

// `status` when it is a SerializationException, else Ok. The service deserializes the whole
// request before it validates anything, so a value of the wrong JSON type wins over the checks
// that precede the value checks.
Status SerializationErrorOf(const Status& status);

// PutItem's and DeleteItem's ReturnValues: true for ALL_OLD, false for NONE (or absent); anything
// else is "ReturnValues can only be ALL_OLD or NONE".
Result<bool> ParseReturnAllOld(const wire::Json& request);

// True when the request's member is a JSON true.
bool BoolMember(const wire::Json& request, const char* member);

// The request's string member, or `fallback` when absent.
std::string StringMember(const wire::Json& request, const char* member, const char* fallback);

}  // namespace dynafake::api
