// ListStreams: the caller's region's streams (of one table, when TableName names it), enabled or
// disabled, in ARN order, paged by ARN.
#include <algorithm>

#include "api/operation.h"
#include "api/streams/stream_json.h"
#include "streams/stream_store.h"

namespace dynafake::api {
namespace {

// DynamoDB: at most 100 streams a page, and 100 without a Limit (the shape table refuses more;
// test_streams_api.py::test_list_streams_default_limit_is_100).
constexpr int64_t kDefaultLimit = 100;

}  // namespace

Result<wire::Json> ListStreams(RequestContext& context, const wire::Json& request) {
  const std::optional<std::string_view> start = OptionalString(request, "ExclusiveStartStreamArn");
  if (start && !ParseStreamArn(*start)) {
    // ⚠ The service refuses a malformed ExclusiveStartStreamArn with a ValidationException
    // (test_streams_api.py::test_list_streams_malformed_start_arn); its text is unconfirmed.
    return ValidationError("Invalid StreamArn");
  }
  const std::vector<streams::StreamSummary> summaries =
      context.streams->List(context.region, OptionalString(request, "TableName"));
  const int64_t limit = IntegerOr(request, "Limit", kDefaultLimit);
  auto first = summaries.begin();
  if (start) {
    // The list is in ARN order, so a start that names no stream (one since forgotten) still
    // resumes where it would have been.
    first = std::upper_bound(summaries.begin(), summaries.end(), *start,
                             [](std::string_view arn, const streams::StreamSummary& summary) {
                               return arn < summary.stream_arn;
                             });
  }
  const auto last = first + std::min<int64_t>(summaries.end() - first, limit);
  wire::Json listed = wire::Json::array();
  for (auto it = first; it != last; ++it) {
    listed.push_back({{"StreamArn", it->stream_arn},
                      {"TableName", it->table_name},
                      {"StreamLabel", it->stream_label}});
  }
  wire::Json response = {{"Streams", std::move(listed)}};
  // DynamoDB: LastEvaluatedStreamArn only while more streams remain
  // (test_streams_api.py::test_list_streams_pages_by_arn).
  if (last != summaries.end()) {
    response["LastEvaluatedStreamArn"] = (last - 1)->stream_arn;
  }
  return response;
}

}  // namespace dynafake::api
