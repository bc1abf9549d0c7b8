// AttributeValue <-> its wire JSON ({"S": "x"}, {"N": "1.5"}, {"B": "<base64>"}, {"L": [...]},
// ...), with the service's validation of each value (docs: dynamodb-behaviour.md 2.1-2.4).
#pragma once

#include "model/attribute_value.h"
#include "wire/json.h"

namespace dynafake::wire {

// Parses one value. Errors, first failing rule wins, with the service's exact texts:
// ValidationException for empty/multi-typed values, NULL false, empty or duplicate sets, bad
// numbers, nesting deeper than the service allows; SerializationException for JSON of the wrong
// type (e.g. {"N": 123}) or invalid base64.
Result<model::AttributeValue> ParseAttributeValue(const Json& json);

// Parses an attribute map (Item, Key, ExclusiveStartKey, ...): a JSON object of values.
Result<model::Item> ParseItem(const Json& json);

Json AttributeValueToJson(const model::AttributeValue& value);
Json ItemToJson(const model::Item& item);

}  // namespace dynafake::wire
