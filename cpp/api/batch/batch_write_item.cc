// BatchWriteItem: up to 25 puts and deletes across tables, validated as a whole before any write;
// each write is atomic on its own, the batch is not.
#include <set>

#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/common/item_arguments.h"
#include "api/common/item_collection_metrics.h"
#include "api/operation.h"
#include "model/key.h"
#include "table/keyspace.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr size_t kMaxRequests = 25;

struct WriteRequest {
  bool is_put = false;
  model::Item item;  // the whole item (put) or the key (delete)
  // The entry as the request gave it (the request outlives the call), for UnprocessedItems.
  const wire::Json* entry = nullptr;
};

struct TableWrites {
  std::string table_name;
  std::shared_ptr<table::Table> table;
  std::vector<WriteRequest> writes;
};

Result<WriteRequest> ParseWriteRequest(const wire::Json& entry) {
  auto put = entry.find("PutRequest");
  auto del = entry.find("DeleteRequest");
  const bool has_put = put != entry.end() && !put->is_null();
  const bool has_delete = del != entry.end() && !del->is_null();
  if (has_put == has_delete) {
    // DynamoDB: the text speaks of AttributeValue although the entry is a WriteRequest
    // (conformance/test_batch_write_item.py::test_entry_with_both_requests).
    return ValidationError(
        "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
        "supported datatypes");
  }
  WriteRequest write;
  write.is_put = has_put;
  write.entry = &entry;
  if (has_put) {
    DF_ASSIGN_OR_RETURN(write.item, ParseAttributeMap(put->at("Item")));
    DF_RETURN_IF_ERROR(CheckItemSize(write.item));
  } else {
    DF_ASSIGN_OR_RETURN(write.item, ParseAttributeMap(del->at("Key")));
  }
  return write;
}

Result<std::vector<TableWrites>> ParseRequestItems(const wire::Json& request_items) {
  std::vector<TableWrites> tables;
  size_t total = 0;
  for (const auto& [table_name, entries] : request_items.items()) {
    TableWrites& table_writes = tables.emplace_back();
    table_writes.table_name = table_name;
    for (const auto& entry : entries) {
      DF_ASSIGN_OR_RETURN(WriteRequest write, ParseWriteRequest(entry));
      table_writes.writes.push_back(std::move(write));
    }
    total += table_writes.writes.size();
  }
  if (total > kMaxRequests) {
    return ValidationError("Too many items requested for the BatchWriteItem call");
  }
  return tables;
}

// DynamoDB: a PutRequest item whose key attributes are missing or of the wrong type gets the Key
// argument's text, not PutItem's; empty and oversized key values get PutItem's
// (conformance/test_batch_write_item.py::test_one_bad_request_rejects_the_batch).
Status ValidatePutRequestKey(const model::KeySchema& schema, const model::Item& item) {
  auto matches = [&item](const model::KeyAttribute& attribute) {
    auto it = item.find(attribute.name);
    return it != item.end() && it->second.type() == attribute.type;
  };
  if (!matches(schema.hash) || (schema.range && !matches(*schema.range))) {
    return ValidationError("The provided key element does not match the schema");
  }
  return model::ValidateItemKey(schema, item);
}

// Tables exist, keys match their schemas, put items' index keys pass their checks (DynamoDB: a
// bad index key rejects the whole batch before any write), and no item is named twice in one table.
Status ResolveTables(const RequestContext& context, std::vector<TableWrites>& tables) {
  for (TableWrites& table_writes : tables) {
    DF_ASSIGN_OR_RETURN(table_writes.table, UsableTable(context, table_writes.table_name));
    const model::KeySchema& schema = table_writes.table->key_schema();
    std::set<std::string> seen;
    for (WriteRequest& write : table_writes.writes) {
      if (write.is_put) {
        DF_RETURN_IF_ERROR(ValidatePutRequestKey(schema, write.item));
        DF_RETURN_IF_ERROR(table_writes.table->CheckIndexKeys(write.item));
      } else {
        DF_RETURN_IF_ERROR(model::ValidateKeyArgument(schema, write.item));
      }
      // DynamoDB: keys are compared by value, so 1000 and 1e3 are duplicates here
      // (conformance/test_batch_write_item.py::test_numeric_equal_keys_are_duplicates).
      std::optional<model::Item> key = schema.ExtractKey(write.item);
      if (!seen.insert(table::ItemKey(0, schema, *key)).second) {
        return ValidationError("Provided list of item keys contains duplicates");
      }
    }
  }
  return Status::Ok();
}

Result<table::WriteResult> ApplyWrite(CapacityMeter& meter, table::Table& table,
                                      const WriteRequest& write, ConsumedCapacity* consumed) {
  std::optional<model::Item> key = table.key_schema().ExtractKey(write.item);
  return MeteredWrite(
      meter, table, *key,
      [&write](const std::optional<model::Item>&) {
        return Result<std::optional<model::Item>>(
            write.is_put ? std::optional<model::Item>(write.item) : std::nullopt);
      },
      consumed);
}

// What the writes to one table report: consumed capacity and item collection metrics.
struct TableOutcome {
  ConsumedCapacity consumed;
  wire::Json collection_metrics = wire::Json::array();
  // The requests left unwritten, as the request gave them.
  wire::Json unprocessed = wire::Json::array();
  // Writes made, and the last throttle met.
  size_t written = 0;
  Status throttled;
};

// DynamoDB: an item collection that would outgrow its limit fails the whole call with
// ItemCollectionSizeLimitExceededException rather than leaving the request unprocessed (the
// operation's errors list it; UnprocessedItems is for throttling). Like the service, the batch is
// not atomic: the writes made before the failing one stay.
Result<TableOutcome> ApplyTableWrites(RequestContext& context, const TableWrites& table_writes,
                                      bool want_metrics) {
  TableOutcome outcome{ConsumedCapacity{table_writes.table_name}};
  CapacityMeter meter(context, *table_writes.table);
  for (const WriteRequest& write : table_writes.writes) {
    Result<table::WriteResult> applied =
        ApplyWrite(meter, *table_writes.table, write, &outcome.consumed);
    if (!applied.has_value() && applied.error().code() == ErrorCode::kTransactionConflict) {
      // DynamoDB: a write of an item that a transaction holds in flight is returned unprocessed,
      // for the caller to retry
      // (conformance/test_transaction_conflicts.py::test_batch_write_leaves_held_items_unprocessed).
      outcome.unprocessed.push_back(*write.entry);
      continue;
    }
    if (!applied.has_value() && IsThrottle(applied.error())) {
      // DynamoDB: a throttled write is returned in UnprocessedItems
      // (tests/python/test_throttling.py::
      // test_batch_write_returns_throttled_items_and_raises_when_all_are).
      outcome.throttled = applied.error();
      outcome.unprocessed.push_back(*write.entry);
      continue;
    }
    DF_ASSIGN_OR_RETURN(table::WriteResult written, std::move(applied));
    ++outcome.written;
    if (!want_metrics) {
      continue;
    }
    if (std::optional<wire::Json> metrics =
            ItemCollectionMetricsOf(table_writes.table->key_schema(), write.item, written)) {
      outcome.collection_metrics.push_back(std::move(*metrics));
    }
  }
  return outcome;
}

}  // namespace

Result<wire::Json> BatchWriteItem(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(std::vector<TableWrites> tables,
                      ParseRequestItems(request.at("RequestItems")));
  DF_RETURN_IF_ERROR(ResolveTables(context, tables));

  const ReturnConsumedCapacity mode = ParseReturnConsumedCapacity(request);
  const bool want_metrics = WantsItemCollectionMetrics(request);
  wire::Json consumed_list = wire::Json::array();
  wire::Json metrics_by_table = wire::Json::object();
  wire::Json unprocessed = wire::Json::object();
  size_t written = 0;
  Status throttled;
  for (const TableWrites& table_writes : tables) {
    DF_ASSIGN_OR_RETURN(TableOutcome outcome,
                        ApplyTableWrites(context, table_writes, want_metrics));
    written += outcome.written;
    if (!outcome.throttled.ok()) {
      throttled = outcome.throttled;
    }
    if (mode != ReturnConsumedCapacity::kNone) {
      consumed_list.push_back(ConsumedCapacityToJson(outcome.consumed, mode));
    }
    // DynamoDB: only tables with local secondary indexes have item collections to report, one
    // entry per write; the others are not listed.
    if (!outcome.collection_metrics.empty()) {
      metrics_by_table[table_writes.table_name] = std::move(outcome.collection_metrics);
    }
    if (!outcome.unprocessed.empty()) {
      unprocessed[table_writes.table_name] = std::move(outcome.unprocessed);
    }
  }
  // DynamoDB: when no write could be made for throttling, the call fails with the throttle
  // (tests/python/test_throttling.py::
  // test_batch_write_returns_throttled_items_and_raises_when_all_are).
  if (written == 0 && !throttled.ok()) {
    return throttled;
  }
  wire::Json response = {{"UnprocessedItems", std::move(unprocessed)}};
  if (mode != ReturnConsumedCapacity::kNone) {
    response["ConsumedCapacity"] = std::move(consumed_list);
  }
  // DynamoDB: without any table that has local secondary indexes the member is left out, as in
  // the single-item operations.
  if (!metrics_by_table.empty()) {
    response["ItemCollectionMetrics"] = std::move(metrics_by_table);
  }
  return response;
}

}  // namespace dynafake::api
