#include "api/streams/stream_json.h"

#include <algorithm>
#include <cmath>

#include "dynafake/clock.h"

#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"
#include "streams/sequence_number.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr std::string_view kArnPrefix = "arn:";
constexpr std::string_view kTablePrefix = "table/";
constexpr std::string_view kStreamInfix = "/stream/";
// DynamoDB: table names are 3 to 255 characters of [a-zA-Z0-9_.-].
constexpr size_t kMinTableName = 3;
constexpr size_t kMaxTableName = 255;
constexpr size_t kAccountIdLength = 12;

bool IsTableNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool IsTableName(std::string_view name) {
  return name.size() >= kMinTableName && name.size() <= kMaxTableName &&
         std::all_of(name.begin(), name.end(), IsTableNameChar);
}

bool IsAccountId(std::string_view account) {
  return account.size() == kAccountIdLength &&
         std::all_of(account.begin(), account.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The next ':'-separated field of `rest`, which moves past it; nullopt when no ':' follows.
std::optional<std::string_view> NextField(std::string_view& rest) {
  const size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view field = rest.substr(0, colon);
  rest.remove_prefix(colon + 1);
  return field;
}

}  // namespace

std::optional<StreamArnParts> ParseStreamArn(std::string_view arn) {
  if (!arn.starts_with(kArnPrefix)) {
    return std::nullopt;
  }
  std::string_view rest = arn.substr(kArnPrefix.size());
  const std::optional<std::string_view> partition = NextField(rest);
  const std::optional<std::string_view> service = NextField(rest);
  const std::optional<std::string_view> region = NextField(rest);
  const std::optional<std::string_view> account = NextField(rest);
  if (!account || partition->empty() || *service != "dynamodb" || region->empty() ||
      !IsAccountId(*account) || !rest.starts_with(kTablePrefix)) {
    return std::nullopt;
  }
  rest.remove_prefix(kTablePrefix.size());
  const size_t infix = rest.find(kStreamInfix);
  if (infix == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view table_name = rest.substr(0, infix);
  const std::string_view label = rest.substr(infix + kStreamInfix.size());
  if (!IsTableName(table_name) || label.empty() || label.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return StreamArnParts{*region, *account, table_name, label};
}

Status CheckStreamArn(const RequestContext& context, std::string_view stream_arn) {
  const std::optional<StreamArnParts> parts = ParseStreamArn(stream_arn);
  if (!parts) {
    // DynamoDB: a StreamArn that is not an ARN of a stream is a ValidationException, not a missing
    // resource (test_streams_api.py::test_malformed_stream_arn_is_invalid).
    return ValidationError("Invalid StreamArn");
  }
  if (parts->region != context.region) {
    // DynamoDB: each region is its own endpoint, where another region's stream does not exist
    // (test_streams_api.py::test_stream_of_another_region_is_not_found).
    return streams::StreamNotFound(stream_arn);
  }
  return Status::Ok();
}

std::optional<std::string_view> OptionalString(const wire::Json& request, std::string_view name) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_string()) {
    return std::nullopt;
  }
  return std::string_view(it->get_ref<const std::string&>());
}

int64_t IntegerOr(const wire::Json& request, std::string_view name, int64_t fallback) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_number()) {
    return fallback;
  }
  // The shape table bounds the value; decimals truncate as the service's integer members do.
  return it->is_number_float() ? static_cast<int64_t>(std::trunc(it->get<double>()))
                               : it->get<int64_t>();
}

wire::Json ShardToJson(const streams::ShardDescription& shard) {
  wire::Json range = {{"StartingSequenceNumber", shard.starting_sequence_number}};
  if (!shard.ending_sequence_number.empty()) {
    range["EndingSequenceNumber"] = shard.ending_sequence_number;
  }
  wire::Json json = {{"ShardId", shard.shard_id}, {"SequenceNumberRange", std::move(range)}};
  if (!shard.parent_shard_id.empty()) {
    json["ParentShardId"] = shard.parent_shard_id;
  }
  return json;
}

wire::Json StreamDescriptionToJson(const streams::StreamDescription& description) {
  return {
      {"StreamArn", description.stream_arn},
      {"StreamLabel", description.stream_label},
      {"StreamStatus", std::string(streams::StreamStatusName(description.stream_status))},
      {"StreamViewType", std::string(streams::StreamViewTypeName(description.stream_view_type))},
      {"CreationRequestDateTime", EpochSeconds(description.creation_request_micros)},
      {"TableName", description.table_name},
      {"KeySchema", KeySchemaJson(description.key_schema)},
  };
}

wire::Json StreamRecordToJson(const streams::StreamRecord& record, std::string_view region) {
  // DynamoDB: ApproximateCreationDateTime is epoch seconds rounded down to the second, a number
  // (test_stream_records.py::test_approximate_creation_time_is_the_write_second).
  int64_t seconds = record.creation_micros / kMicrosPerSecond;
  if (record.creation_micros % kMicrosPerSecond < 0) {
    --seconds;
  }
  wire::Json dynamodb = {
      {"ApproximateCreationDateTime", static_cast<double>(seconds)},
      {"Keys", wire::ItemToJson(record.keys)},
      {"SequenceNumber", streams::SequenceNumberText(record.sequence)},
      {"SizeBytes", record.size_bytes},
      {"StreamViewType", std::string(streams::StreamViewTypeName(record.view_type))},
  };
  if (record.new_image) {
    dynamodb["NewImage"] = wire::ItemToJson(*record.new_image);
  }
  if (record.old_image) {
    dynamodb["OldImage"] = wire::ItemToJson(*record.old_image);
  }
  wire::Json json = {
      {"eventID", record.event_id},
      {"eventName", std::string(streams::EventNameText(record.event_name))},
      {"eventVersion", "1.1"},
      {"eventSource", "aws:dynamodb"},
      {"awsRegion", std::string(region)},
      {"dynamodb", std::move(dynamodb)},
  };
  if (record.by_time_to_live) {
    // DynamoDB: only the deletions of Time to Live name who made them
    // (test_stream_records.py::test_ttl_sweep_records_a_service_remove).
    json["userIdentity"] = {{"PrincipalId", "dynamodb.amazonaws.com"}, {"Type", "Service"}};
  }
  return json;
}

}  // namespace dynafake::api
