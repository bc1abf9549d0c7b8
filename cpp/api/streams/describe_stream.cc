// DescribeStream: a stream's description and a page of its shards, oldest first, optionally only
// the children of one shard.
#include <algorithm>

#include "api/operation.h"
#include "api/streams/stream_json.h"
#include "streams/stream_store.h"

namespace dynafake::api {
namespace {

// DynamoDB: at most 100 shards a page, and 100 without a Limit (the shape table refuses more;
// test_streams_api.py::test_describe_stream_limit_above_100).
constexpr int64_t kDefaultLimit = 100;

// The parent whose children the ShardFilter asks for; nullopt without a filter.
Result<std::optional<std::string>> ChildShardsOf(const wire::Json& request) {
  const auto it = request.find("ShardFilter");
  if (it == request.end() || it->is_null()) {
    return std::optional<std::string>();
  }
  // ⚠ Unconfirmed texts: the model makes both members optional, but a filter needs them.
  if (!OptionalString(*it, "Type")) {
    return ValidationError("ShardFilter must specify a Type");
  }
  const std::optional<std::string_view> parent = OptionalString(*it, "ShardId");
  if (!parent) {
    return ValidationError("ShardFilter of type CHILD_SHARDS must specify a ShardId");
  }
  return std::optional<std::string>(*parent);
}

}  // namespace

Result<wire::Json> DescribeStream(RequestContext& context, const wire::Json& request) {
  const std::string_view stream_arn = OptionalString(request, "StreamArn").value_or("");
  DF_RETURN_IF_ERROR(CheckStreamArn(context, stream_arn));
  DF_ASSIGN_OR_RETURN(const std::optional<std::string> parent, ChildShardsOf(request));
  DF_ASSIGN_OR_RETURN(streams::StreamDescription description,
                      context.streams->Describe(stream_arn));
  std::vector<streams::ShardDescription>& shards = description.shards;
  if (parent) {
    std::erase_if(shards, [&](const streams::ShardDescription& shard) {
      return shard.parent_shard_id != *parent;
    });
  }
  const std::optional<std::string_view> start = OptionalString(request, "ExclusiveStartShardId");
  if (start) {
    // DynamoDB: shard ids sort as their shards' age, and the page resumes after the given id
    // whether or not a shard still has it: an id past every shard gives an empty page
    // (test_streams_api.py::test_describe_stream_pages_shards).
    std::erase_if(shards,
                  [&](const streams::ShardDescription& shard) { return shard.shard_id <= *start; });
  }
  const int64_t limit = IntegerOr(request, "Limit", kDefaultLimit);
  const size_t count = std::min<size_t>(shards.size(), static_cast<size_t>(limit));
  wire::Json listed = wire::Json::array();
  for (size_t i = 0; i < count; ++i) {
    listed.push_back(ShardToJson(shards[i]));
  }
  wire::Json json = StreamDescriptionToJson(description);
  json["Shards"] = std::move(listed);
  // DynamoDB: LastEvaluatedShardId only while more shards remain
  // (test_streams_api.py::test_describe_stream_pages_shards).
  if (count < shards.size()) {
    json["LastEvaluatedShardId"] = shards[count - 1].shard_id;
  }
  return wire::Json{{"StreamDescription", std::move(json)}};
}

}  // namespace dynafake::api
