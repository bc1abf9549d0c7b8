// Request validation driven by the service model's input shapes: JSON types, required members and
// the constraints (length, range, pattern, enum), reported exactly as the service's request
// validator does before any operation logic runs.
#pragma once

#include <string_view>

#include "dynafake/status.h"

#include "wire/json.h"

namespace dynafake::api {

// `operation` is the DynamoDB operation name ("PutItem"). `request` is the parsed body (an object).
// SerializationException when a member has the wrong JSON type; otherwise ValidationException
// "1 validation error detected: Value '<v>' at '<path>' failed to satisfy constraint: <rule>" (or
// "N validation errors detected: ..." joined with "; ", at most 10) for constraint violations.
// Unknown operations pass (the router answers them).
Status ValidateRequestShape(std::string_view operation, const wire::Json& request);

}  // namespace dynafake::api
