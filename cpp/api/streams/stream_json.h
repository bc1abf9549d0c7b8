// What the DynamoDB Streams operations share: the checks of a StreamArn argument and the wire JSON
// of stream records and shards (docs: dynamodb-behaviour.md section 9).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "api/request_context.h"
#include "streams/stream_record.h"
#include "streams/stream_store.h"
#include "util/result.h"
#include "wire/json.h"

namespace dynafake::api {

// The parts of "arn:<partition>:dynamodb:<region>:<account>:table/<table>/stream/<label>".
struct StreamArnParts {
  std::string_view region;
  std::string_view account_id;
  std::string_view table_name;
  std::string_view stream_label;
};

// nullopt when `arn` does not have the form of a stream ARN. The parts view `arn`.
std::optional<StreamArnParts> ParseStreamArn(std::string_view arn);

// Checks the StreamArn argument of DescribeStream or GetShardIterator: ValidationException
// "Invalid StreamArn" when it is not a stream ARN, ResourceNotFoundException when it names a stream
// of another region than the caller's (each region is its own endpoint).
Status CheckStreamArn(const RequestContext& context, std::string_view stream_arn);

// The value of an optional string member; nullopt when absent or null (the shape validator has
// already refused other JSON types).
std::optional<std::string_view> OptionalString(const wire::Json& request, std::string_view name);

// An optional integer member (validated for its range by the shape table), else `fallback`.
int64_t IntegerOr(const wire::Json& request, std::string_view name, int64_t fallback);

// {"ShardId", "SequenceNumberRange": {"StartingSequenceNumber", "EndingSequenceNumber"?},
//  "ParentShardId"?}
wire::Json ShardToJson(const streams::ShardDescription& shard);

// DescribeStream's StreamDescription without its Shards and LastEvaluatedShardId.
wire::Json StreamDescriptionToJson(const streams::StreamDescription& description);

// One record of GetRecords, as the service writes it for `region`.
wire::Json StreamRecordToJson(const streams::StreamRecord& record, std::string_view region);

}  // namespace dynafake::api
