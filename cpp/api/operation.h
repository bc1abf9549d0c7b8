// Operation handlers: one per API operation, one per file. Each validates its input with the
// service's messages, calls the domain layers and builds the response body.
#pragma once

#include "api/request_context.h"
#include "wire/json.h"

namespace dynafake::api {

using Handler = Result<wire::Json> (*)(RequestContext& context, const wire::Json& request);

// control/
Result<wire::Json> CreateTable(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeTable(RequestContext& context, const wire::Json& request);
Result<wire::Json> ListTables(RequestContext& context, const wire::Json& request);
Result<wire::Json> DeleteTable(RequestContext& context, const wire::Json& request);
Result<wire::Json> UpdateTable(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeLimits(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeEndpoints(RequestContext& context, const wire::Json& request);
Result<wire::Json> UpdateTimeToLive(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeTimeToLive(RequestContext& context, const wire::Json& request);

// backup/
Result<wire::Json> CreateBackup(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeBackup(RequestContext& context, const wire::Json& request);
Result<wire::Json> ListBackups(RequestContext& context, const wire::Json& request);
Result<wire::Json> DeleteBackup(RequestContext& context, const wire::Json& request);
Result<wire::Json> RestoreTableFromBackup(RequestContext& context, const wire::Json& request);
Result<wire::Json> UpdateContinuousBackups(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeContinuousBackups(RequestContext& context, const wire::Json& request);
Result<wire::Json> RestoreTableToPointInTime(RequestContext& context, const wire::Json& request);

// tags/
Result<wire::Json> TagResource(RequestContext& context, const wire::Json& request);
Result<wire::Json> UntagResource(RequestContext& context, const wire::Json& request);
Result<wire::Json> ListTagsOfResource(RequestContext& context, const wire::Json& request);

// items/
Result<wire::Json> PutItem(RequestContext& context, const wire::Json& request);
Result<wire::Json> GetItem(RequestContext& context, const wire::Json& request);
Result<wire::Json> DeleteItem(RequestContext& context, const wire::Json& request);
Result<wire::Json> UpdateItem(RequestContext& context, const wire::Json& request);

// read/
Result<wire::Json> Query(RequestContext& context, const wire::Json& request);
Result<wire::Json> Scan(RequestContext& context, const wire::Json& request);

// batch/
Result<wire::Json> BatchGetItem(RequestContext& context, const wire::Json& request);
Result<wire::Json> BatchWriteItem(RequestContext& context, const wire::Json& request);

// transactions/
Result<wire::Json> TransactWriteItems(RequestContext& context, const wire::Json& request);
Result<wire::Json> TransactGetItems(RequestContext& context, const wire::Json& request);

// streams/ (the DynamoDB Streams API, DynamoDBStreams_20120810)
Result<wire::Json> ListStreams(RequestContext& context, const wire::Json& request);
Result<wire::Json> DescribeStream(RequestContext& context, const wire::Json& request);
Result<wire::Json> GetShardIterator(RequestContext& context, const wire::Json& request);
Result<wire::Json> GetRecords(RequestContext& context, const wire::Json& request);

}  // namespace dynafake::api
