// ReturnItemCollectionMetrics: the ItemCollectionMetrics member of a write on a table with local
// secondary indexes (docs: dynamodb-behaviour.md 4.3 and 4.9).
#pragma once

#include <cstdint>
#include <optional>

#include "model/attribute_value.h"
#include "model/key.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

// True when the request asks for ReturnItemCollectionMetrics SIZE (the shape validator has checked
// the enum; NONE and absence mean no metrics).
bool WantsItemCollectionMetrics(const wire::Json& request);

// [lower, upper] of SizeEstimateRangeGB for a collection of `size_bytes`.
wire::Json SizeEstimateRangeGb(int64_t size_bytes);

// {"ItemCollectionKey": {<partition key name>: <value>}, "SizeEstimateRangeGB": [lower, upper]}
// for the collection the write touched, or nullopt when the table has no local secondary index
// (the write reported no collection size). `key` holds at least the partition key.
std::optional<wire::Json> ItemCollectionMetricsOf(const model::KeySchema& key_schema,
                                                  const model::Item& key,
                                                  const table::WriteResult& written);

// Adds "ItemCollectionMetrics" to a single-item write response when asked for and there is one.
// DynamoDB: a table without local secondary indexes has none, so the member is left out.
void AddItemCollectionMetrics(const wire::Json& request, const model::KeySchema& key_schema,
                              const model::Item& key, const table::WriteResult& written,
                              wire::Json* response);

}  // namespace dynafake::api
