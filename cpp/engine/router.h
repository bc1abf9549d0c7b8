// Router: X-Amz-Target operation names to their handlers.
#pragma once

#include <string_view>

#include "api/operation.h"

namespace dynafake::engine {

inline constexpr std::string_view kDynamoDbTargetPrefix = "DynamoDB_20120810.";
inline constexpr std::string_view kStreamsTargetPrefix = "DynamoDBStreams_20120810.";

// The handler of a DynamoDB operation ("GetItem"), or null when the engine does not serve it.
api::Handler FindDynamoDbHandler(std::string_view operation);

// The handler of a DynamoDB Streams operation ("GetRecords"), or null.
api::Handler FindStreamsHandler(std::string_view operation);

}  // namespace dynafake::engine
