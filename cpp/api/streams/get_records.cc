// GetRecords: a page of a shard's records from an iterator, and the iterator to read on with.
#include "api/operation.h"
#include "api/streams/stream_json.h"
#include "streams/stream_store.h"

namespace dynafake::api {

Result<wire::Json> GetRecords(RequestContext& context, const wire::Json& request) {
  const std::string_view shard_iterator = OptionalString(request, "ShardIterator").value_or("");
  // DynamoDB: up to 1000 records without a Limit (the shape table refuses more;
  // test_streams_api.py::test_get_records_default_limit_is_1000).
  const auto limit = static_cast<int>(IntegerOr(request, "Limit", streams::kMaxRecordsPerRead));
  DF_ASSIGN_OR_RETURN(streams::RecordsPage page,
                      context.streams->GetRecords(context.region, shard_iterator, limit));
  wire::Json records = wire::Json::array();
  for (const std::shared_ptr<const streams::StreamRecord>& record : page.records) {
    records.push_back(StreamRecordToJson(*record, context.region));
  }
  // DynamoDB: Records is always there, [] when nothing is new; NextShardIterator is absent once a
  // closed shard has been read to its end (test_streams_api.py::test_drained_closed_shard_ends).
  wire::Json response = {{"Records", std::move(records)}};
  if (page.next_shard_iterator) {
    response["NextShardIterator"] = std::move(*page.next_shard_iterator);
  }
  return response;
}

}  // namespace dynafake::api
