// BatchGetItem: up to 100 keys across tables; what does not fit in one response comes back as
// UnprocessedKeys.
#include <set>

#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/common/legacy_arguments.h"
#include "api/operation.h"
#include "capacity/units.h"
#include "expr/evaluate.h"
#include "model/key.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr size_t kMaxKeys = 100;
constexpr size_t kMaxResponseBytes = 16 * 1024 * 1024;

struct TableRequest {
  std::string table_name;
  const wire::Json* request = nullptr;  // the KeysAndAttributes member
  std::shared_ptr<table::Table> table;
  std::vector<model::Item> keys;
  std::optional<expr::Projection> projection;
};

// Value syntax, projections and limits of every table's request, before any table is looked up
// (dynalite validations/batchGetItem.js).
Result<std::vector<TableRequest>> ParseRequestItems(const RequestContext& context,
                                                    const wire::Json& request_items) {
  std::vector<TableRequest> tables;
  size_t total_keys = 0;
  for (const auto& [table_name, keys_and_attributes] : request_items.items()) {
    std::vector<Result<model::Item>> parsed_keys;
    for (const auto& key_json : keys_and_attributes.at("Keys")) {
      parsed_keys.push_back(ParseAttributeMap(key_json));
      DF_RETURN_IF_ERROR(SerializationErrorOf(parsed_keys.back().status()));
    }
    DF_RETURN_IF_ERROR(CheckExpressionParameters(keys_and_attributes, kProjectionParameters));
    TableRequest& table_request = tables.emplace_back();
    table_request.table_name = table_name;
    table_request.request = &keys_and_attributes;
    for (Result<model::Item>& parsed_key : parsed_keys) {
      DF_ASSIGN_OR_RETURN(model::Item key, std::move(parsed_key));
      table_request.keys.push_back(std::move(key));
    }
    DF_ASSIGN_OR_RETURN(table_request.projection, ParseAttributesToGet(keys_and_attributes));
    DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                        ParseExpressions(context, keys_and_attributes, kProjectionParameters));
    if (expressions.projection) {
      table_request.projection = std::move(expressions.projection);
    }
    total_keys += table_request.keys.size();
  }
  if (total_keys > kMaxKeys) {
    return ValidationError("Too many items requested for the BatchGetItem call");
  }
  return tables;
}

// Tables exist, keys match their schemas, no key twice.
Status ResolveTables(const RequestContext& context, std::vector<TableRequest>& tables) {
  for (TableRequest& table_request : tables) {
    DF_ASSIGN_OR_RETURN(table_request.table, UsableTable(context, table_request.table_name));
    std::set<std::string, std::less<>> seen;
    for (size_t i = 0; i < table_request.keys.size(); ++i) {
      DF_RETURN_IF_ERROR(
          model::ValidateKeyArgument(table_request.table->key_schema(), table_request.keys[i]));
      // DynamoDB: duplicates are detected on the keys as written, so 1000 and 1e3 are not
      // rejected here (conformance/test_batch_get_item.py::test_numeric_equal_keys_not_duplicates).
      if (!seen.insert(table_request.request->at("Keys")[i].dump()).second) {
        return ValidationError("Provided list of item keys contains duplicates");
      }
    }
    DF_RETURN_IF_ERROR(
        CheckKeyPaths(*table_request.table, ProjectionPaths(table_request.projection)));
  }
  return Status::Ok();
}

}  // namespace

Result<wire::Json> BatchGetItem(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(std::vector<TableRequest> tables,
                      ParseRequestItems(context, request.at("RequestItems")));
  DF_RETURN_IF_ERROR(ResolveTables(context, tables));

  const ReturnConsumedCapacity mode = ParseReturnConsumedCapacity(request);
  wire::Json responses = wire::Json::object();
  wire::Json unprocessed = wire::Json::object();
  wire::Json consumed_list = wire::Json::array();
  size_t response_bytes = 0;
  size_t keys_read = 0;
  Status throttled;
  for (const TableRequest& table_request : tables) {
    CapacityMeter meter(context, *table_request.table);
    const bool consistent = BoolMember(*table_request.request, "ConsistentRead");
    wire::Json items = wire::Json::array();
    wire::Json unprocessed_keys = wire::Json::array();
    std::set<std::string> returned;
    ConsumedCapacity consumed{table_request.table_name};
    for (size_t i = 0; i < table_request.keys.size(); ++i) {
      const wire::Json& key_json = table_request.request->at("Keys")[i];
      if (response_bytes >= kMaxResponseBytes) {
        unprocessed_keys.push_back(key_json);
        continue;
      }
      const std::optional<PartitionKey> partition = meter.ItemPartitionKey(table_request.keys[i]);
      Status admitted = meter.AdmitRead(nullptr, partition);
      if (!admitted.ok()) {
        // DynamoDB: a throttled key is returned in UnprocessedKeys
        // (tests/python/test_throttling.py::test_batch_get_returns_throttled_keys).
        throttled = std::move(admitted);
        unprocessed_keys.push_back(key_json);
        continue;
      }
      ++keys_read;
      DF_ASSIGN_OR_RETURN(std::optional<model::Item> item,
                          table_request.table->GetItem(table_request.keys[i]));
      const size_t item_bytes = item ? model::ItemSize(*item) : 0;
      ConsumedCapacity read;
      read.table_units = capacity::ReadUnits(static_cast<int64_t>(item_bytes), consistent);
      meter.Charge(capacity::Operation::kRead, read, partition);
      consumed.table_units += read.table_units;
      // Keys equal by value (1000 and 1e3) name one item, which is returned once.
      if (item && returned.insert(wire::ItemToJson(table_request.keys[i]).dump()).second) {
        response_bytes += item_bytes;
        items.push_back(wire::ItemToJson(
            table_request.projection ? expr::ApplyProjection(*table_request.projection, *item)
                                     : *item));
      }
    }
    responses[table_request.table_name] = std::move(items);
    if (!unprocessed_keys.empty()) {
      wire::Json remaining = *table_request.request;
      remaining["Keys"] = std::move(unprocessed_keys);
      unprocessed[table_request.table_name] = std::move(remaining);
    }
    if (mode != ReturnConsumedCapacity::kNone) {
      consumed_list.push_back(ConsumedCapacityToJson(consumed, mode));
    }
  }

  // DynamoDB: when every key was throttled the call fails with the throttle instead
  // (tests/python/test_throttling.py::test_batch_get_returns_throttled_keys).
  if (keys_read == 0 && !throttled.ok()) {
    return throttled;
  }
  wire::Json response = {{"Responses", std::move(responses)},
                         {"UnprocessedKeys", std::move(unprocessed)}};
  if (mode != ReturnConsumedCapacity::kNone) {
    response["ConsumedCapacity"] = std::move(consumed_list);
  }
  return response;
}

}  // namespace dynafake::api
