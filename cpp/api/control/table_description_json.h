// The service's TableDescription object: CreateTable, UpdateTable and DeleteTable answer with it as
// TableDescription, DescribeTable as Table.
#pragma once

#include <cstdint>

#include "table/schema.h"
#include "wire/json.h"

namespace dynafake::api {

enum class DescriptionView : uint8_t {
  // DynamoDB: the CreateTable answer has no BillingModeSummary.LastUpdateToPayPerRequestDateTime
  // yet, and WarmThroughput only when the request asked for one.
  kCreateResponse,
  kFull,
};

// "ACTIVE", "CREATING", ...: the service's spelling of a status.
const char* TableStatusName(table::TableStatus status);
const char* IndexStatusName(table::IndexStatus status);
// "PAY_PER_REQUEST" or "PROVISIONED".
const char* BillingModeName(table::BillingMode mode);

// [{"AttributeName", "KeyType": "HASH"}, {..., "RANGE"}]: a table's (or a stream's) KeySchema.
wire::Json KeySchemaJson(const model::KeySchema& schema);

// `now_micros` decides NumberOfDecreasesToday, which starts again at 00:00 UTC.
wire::Json TableDescriptionToJson(const table::TableDescription& description, int64_t now_micros,
                                  DescriptionView view = DescriptionView::kFull);

}  // namespace dynafake::api
