// UpdateTable's GlobalSecondaryIndexUpdates: Create, Update (capacity) and Delete of GSIs.
#include <algorithm>

#include "api/control/throughput_change.h"
#include "api/control/update_table_request.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr size_t kMaxGlobalSecondaryIndexes = 20;

Status IndexNotFound(const table::TableDescription& d, const std::string& name, const char* verb) {
  if (d.FindIndex(name) != nullptr) {
    return ValidationError(std::string("Cannot ") + verb +
                           " an index that is not a GlobalSecondaryIndex: " + name);
  }
  return ResourceNotFound("Requested resource not found: Index " + name + " for table " +
                          d.table_name);
}

Status IndexBusy(const table::TableDescription& d, const table::SecondaryIndex& index) {
  const char* state = index.index_status == table::IndexStatus::kCreating   ? "created"
                      : index.index_status == table::IndexStatus::kDeleting ? "deleted"
                                                                            : "updated";
  return StillInUse(std::string("Index is being ") + state + ". Table: " + d.table_name +
                    " Index: " + index.index_name);
}

bool HasIndexBeingBuiltOrDropped(const table::TableDescription& d) {
  return std::any_of(d.global_secondary_indexes.begin(), d.global_secondary_indexes.end(),
                     [](const table::SecondaryIndex& index) {
                       return index.index_status == table::IndexStatus::kCreating ||
                              index.index_status == table::IndexStatus::kDeleting;
                     });
}

// The ProvisionedThroughput part of an index Update.
Status UpdateIndexThroughput(const Throughput& throughput, const GsiAction& action, int64_t now,
                             Changes& c, table::SecondaryIndex& index) {
  index.index_status = table::IndexStatus::kUpdating;
  if (c.switched_billing) {
    DF_RETURN_IF_ERROR(CheckThroughputBounds(throughput));
    index.provisioned_throughput.read_capacity_units = throughput.read_capacity_units;
    index.provisioned_throughput.write_capacity_units = throughput.write_capacity_units;
    return Status::Ok();
  }
  c.old_index_throughputs.emplace_back(index.index_name, index.provisioned_throughput);
  return ChangeThroughput(throughput, now, "index " + action.index_name,
                          index.provisioned_throughput);
}

// DynamoDB: an on-demand index takes OnDemandThroughput and WarmThroughput updates, a provisioned
// one ProvisionedThroughput and WarmThroughput. New maximums make the index UPDATING (the table
// stays ACTIVE); a warm throughput increase leaves it ACTIVE and answers with the old values,
// Status UPDATING (lab probes DDB-TABLE-135, DDB-TABLE-155; update_table_test.cc
// IndexOnDemandAndWarmThroughput).
Status UpdateIndex(const GsiAction& action, table::TableDescription& d, int64_t now, Changes& c) {
  table::SecondaryIndex* index = FindGlobalIndex(d, action.index_name);
  if (index == nullptr) {
    return IndexNotFound(d, action.index_name, "update");
  }
  if (index->index_status != table::IndexStatus::kActive) {
    return IndexBusy(d, *index);
  }
  const std::optional<Throughput> throughput = ParseThroughput(*action.body);
  const std::optional<RequestedUnits> maximums = ParseOnDemandThroughput(*action.body);
  const std::optional<RequestedUnits> warm = ParseWarmThroughput(*action.body);
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    // DynamoDB: also for an Update with neither (lab probe DDB-TABLE-456).
    if (throughput || (!maximums && !warm)) {
      return InvalidParameter("The only Updates for index: " + action.index_name +
                              " when TableThroughputMode is PAY_PER_REQUEST can be to "
                              "OnDemandThroughput, WarmThroughput");
    }
  } else if (!maximums && !throughput && !warm) {
    return InvalidParameter(
        "Both ReadCapacityUnits and WriteCapacityUnits must be specified for "
        "index: " +
        action.index_name);
  }
  if (maximums) {
    DF_RETURN_IF_ERROR(CheckOnDemandThroughput(*maximums, d.billing_mode, action.index_name,
                                               ControlOperation::kUpdateTable,
                                               /*allow_removal=*/true));
  }
  // Against the value reported before this call's capacity change.
  const table::WarmThroughput current_warm =
      ReportedWarmThroughput(d, index->provisioned_throughput, index->warm_throughput);
  if (throughput) {
    DF_RETURN_IF_ERROR(UpdateIndexThroughput(*throughput, action, now, c, *index));
  }
  if (maximums) {
    index->index_status = table::IndexStatus::kUpdating;
    c.removed_index_maximums.emplace_back(index->index_name, RemovedBy(*maximums));
    ApplyOnDemandThroughput(*maximums, index->on_demand_throughput);
  }
  if (warm) {
    DF_RETURN_IF_ERROR(CheckWarmThroughputIncrease(*warm, current_warm, action.index_name));
    c.old_index_warms.emplace_back(index->index_name, index->warm_throughput);
    ApplyWarmThroughput(*warm, index->warm_throughput);
  }
  return Status::Ok();
}

Status DeleteIndex(const GsiAction& action, table::TableDescription& d, Changes& c) {
  table::SecondaryIndex* index = FindGlobalIndex(d, action.index_name);
  if (index == nullptr) {
    return IndexNotFound(d, action.index_name, "delete");
  }
  if (index->index_status != table::IndexStatus::kActive) {
    return IndexBusy(d, *index);
  }
  if (HasIndexBeingBuiltOrDropped(d)) {
    return OnlyOneOnlineIndex();
  }
  index->index_status = table::IndexStatus::kDeleting;
  c.table_level = true;
  return Status::Ok();
}

Status SetCreatedIndexThroughput(const GsiAction& action, const table::TableDescription& d,
                                 table::SecondaryIndex& index) {
  const std::optional<Throughput> throughput = ParseThroughput(*action.body);
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    if (throughput) {
      return InvalidParameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
          "for index: " +
          index.index_name + " when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    if (!throughput) {
      return InvalidParameter(
          "Both ReadCapacityUnits and WriteCapacityUnits must be specified for "
          "index: " +
          index.index_name);
    }
    DF_RETURN_IF_ERROR(CheckThroughputBounds(*throughput));
    index.provisioned_throughput.read_capacity_units = throughput->read_capacity_units;
    index.provisioned_throughput.write_capacity_units = throughput->write_capacity_units;
  }
  // ⚠ The service's rules for a new index's OnDemandThroughput and WarmThroughput are known from
  // CreateTable; UpdateTable's Create is assumed to apply the same ones (-1 refused as well).
  if (const std::optional<RequestedUnits> maximums = ParseOnDemandThroughput(*action.body)) {
    DF_RETURN_IF_ERROR(CheckOnDemandThroughput(*maximums, d.billing_mode, index.index_name,
                                               ControlOperation::kUpdateTable,
                                               /*allow_removal=*/false));
    ApplyOnDemandThroughput(*maximums, index.on_demand_throughput);
  }
  if (const std::optional<RequestedUnits> warm = ParseWarmThroughput(*action.body)) {
    DF_RETURN_IF_ERROR(CheckInitialWarmThroughput(*warm, d.billing_mode,
                                                  index.provisioned_throughput, index.index_name));
    ApplyWarmThroughput(*warm, index.warm_throughput);
  }
  return Status::Ok();
}

// DynamoDB: the new index is CREATING, with Backfilling false while the table is UPDATING, then
// backfills while the table is ACTIVE again (table::CompleteTransitions), then is ACTIVE. Its
// entries for the items already stored are written as soon as the table holds the new description.
Status CreateIndex(const GsiAction& action, const UpdateRequest& u, table::TableDescription& d,
                   Changes& c) {
  if (!u.attribute_definitions) {
    return InvalidParameter("AttributeDefinitions is not specified for index: " +
                            action.index_name);
  }
  if (d.FindIndex(action.index_name) != nullptr) {
    return ValidationError("Attempting to create an index which already exists");
  }
  if (HasIndexBeingBuiltOrDropped(d)) {
    return OnlyOneOnlineIndex();
  }
  if (d.global_secondary_indexes.size() >= kMaxGlobalSecondaryIndexes) {
    return Status(ErrorCode::kLimitExceeded,
                  "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table "
                  "limit of 20");
  }
  // DynamoDB: the request need only define the new key attributes; existing definitions win.
  std::vector<table::AttributeDefinition> definitions = d.attribute_definitions;
  for (const table::AttributeDefinition& definition : *u.attribute_definitions) {
    if (FindDefinition(definitions, definition.attribute_name) == nullptr) {
      definitions.push_back(definition);
    }
  }
  DF_ASSIGN_OR_RETURN(table::SecondaryIndex index,
                      ParseIndexDefinition(*action.body, definitions, nullptr));
  DF_RETURN_IF_ERROR(SetCreatedIndexThroughput(action, d, index));
  std::vector<const model::KeyAttribute*> keys = index.HashAttributes();
  for (const model::KeyAttribute* range : index.RangeAttributes()) {
    keys.push_back(range);
  }
  for (const model::KeyAttribute* key : keys) {
    if (FindDefinition(d.attribute_definitions, key->name) == nullptr) {
      d.attribute_definitions.push_back({key->name, key->type});
    }
  }
  std::sort(d.attribute_definitions.begin(), d.attribute_definitions.end(),
            [](const auto& a, const auto& b) { return a.attribute_name < b.attribute_name; });
  index.index_id = d.next_index_id++;
  index.index_status = table::IndexStatus::kCreating;
  index.backfilling = false;
  d.global_secondary_indexes.push_back(std::move(index));
  c.table_level = true;
  return Status::Ok();
}

}  // namespace

Status OnlyOneOnlineIndex() {
  return Status(ErrorCode::kLimitExceeded,
                "Subscriber limit exceeded: Only 1 online index can be created or deleted "
                "simultaneously per table");
}

Status StillInUse(const std::string& what) {
  return Status(ErrorCode::kResourceInUse,
                "Attempt to change a resource which is still in use: " + what);
}

table::SecondaryIndex* FindGlobalIndex(table::TableDescription& d, const std::string& name) {
  for (table::SecondaryIndex& index : d.global_secondary_indexes) {
    if (index.index_name == name) {
      return &index;
    }
  }
  return nullptr;
}

Status ApplyGsiActions(const UpdateRequest& u, table::TableDescription& d, int64_t now,
                       Changes& c) {
  for (const GsiAction& action : u.gsi_actions) {
    switch (action.kind) {
      case GsiActionKind::kUpdate:
        DF_RETURN_IF_ERROR(UpdateIndex(action, d, now, c));
        break;
      case GsiActionKind::kDelete:
        DF_RETURN_IF_ERROR(DeleteIndex(action, d, c));
        break;
      case GsiActionKind::kCreate:
        DF_RETURN_IF_ERROR(CreateIndex(action, u, d, c));
        break;
    }
  }
  return Status::Ok();
}

}  // namespace dynafake::api
