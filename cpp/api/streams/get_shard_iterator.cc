// GetShardIterator: an iterator into one shard of a stream, at its trim horizon, its end, a given
// sequence number or a given time.
#include <cmath>
#include <limits>

#include "api/operation.h"
#include "api/streams/stream_json.h"
#include "streams/stream_store.h"

namespace dynafake::api {
namespace {

using streams::ShardIteratorType;

// The shape table has checked the value against the model's enum.
ShardIteratorType ParseShardIteratorType(std::string_view text) {
  if (text == "LATEST") {
    return ShardIteratorType::kLatest;
  }
  if (text == "AT_SEQUENCE_NUMBER") {
    return ShardIteratorType::kAtSequenceNumber;
  }
  if (text == "AFTER_SEQUENCE_NUMBER") {
    return ShardIteratorType::kAfterSequenceNumber;
  }
  if (text == "AT_TIMESTAMP") {
    return ShardIteratorType::kAtTimestamp;
  }
  return ShardIteratorType::kTrimHorizon;
}

// Timestamp (epoch seconds, a number) in microseconds, saturated; nullopt when absent.
std::optional<int64_t> TimestampMicros(const wire::Json& request) {
  const auto it = request.find("Timestamp");
  if (it == request.end() || !it->is_number()) {
    return std::nullopt;
  }
  const double micros = std::floor(it->get<double>() * 1e6);
  constexpr double kLimit = 9.2e18;
  if (!(micros > -kLimit)) {
    return std::numeric_limits<int64_t>::min();
  }
  return micros < kLimit ? static_cast<int64_t>(micros) : std::numeric_limits<int64_t>::max();
}

// DynamoDB: SequenceNumber goes with the AT/AFTER_SEQUENCE_NUMBER types only, and Timestamp with
// AT_TIMESTAMP only (test_streams_api.py::test_sequence_number_only_with_its_types and
// test_timestamp_only_with_at_timestamp). ⚠ The texts are unconfirmed.
Status CheckPosition(std::string_view type_text, ShardIteratorType type, bool has_sequence_number,
                     bool has_timestamp) {
  const bool wants_sequence_number = type == ShardIteratorType::kAtSequenceNumber ||
                                     type == ShardIteratorType::kAfterSequenceNumber;
  const std::string type_name(type_text);
  if (wants_sequence_number && !has_sequence_number) {
    return ValidationError("SequenceNumber is required when ShardIteratorType is " + type_name);
  }
  if (!wants_sequence_number && has_sequence_number) {
    return ValidationError("SequenceNumber must not be given when ShardIteratorType is " +
                           type_name);
  }
  const bool wants_timestamp = type == ShardIteratorType::kAtTimestamp;
  if (wants_timestamp && !has_timestamp) {
    return ValidationError("Timestamp is required when ShardIteratorType is " + type_name);
  }
  if (!wants_timestamp && has_timestamp) {
    return ValidationError("Timestamp must not be given when ShardIteratorType is " + type_name);
  }
  return Status::Ok();
}

}  // namespace

Result<wire::Json> GetShardIterator(RequestContext& context, const wire::Json& request) {
  const std::string_view stream_arn = OptionalString(request, "StreamArn").value_or("");
  DF_RETURN_IF_ERROR(CheckStreamArn(context, stream_arn));
  const std::string_view type_text = OptionalString(request, "ShardIteratorType").value_or("");
  const ShardIteratorType type = ParseShardIteratorType(type_text);
  const std::optional<std::string_view> sequence_number = OptionalString(request, "SequenceNumber");
  const std::optional<int64_t> timestamp_micros = TimestampMicros(request);
  DF_RETURN_IF_ERROR(
      CheckPosition(type_text, type, sequence_number.has_value(), timestamp_micros.has_value()));
  DF_ASSIGN_OR_RETURN(
      std::string iterator,
      context.streams->GetShardIterator(stream_arn, OptionalString(request, "ShardId").value_or(""),
                                        type, sequence_number, timestamp_micros));
  return wire::Json{{"ShardIterator", std::move(iterator)}};
}

}  // namespace dynafake::api
