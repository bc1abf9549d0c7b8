// UpdateTable: one logical change per call (capacity and billing mode, GSI updates, stream, SSE,
// deletion protection, table class), checked in the service's order and applied atomically. The
// answer shows the table UPDATING; the catalog settles it when the transition ends.
#include <set>

#include "api/common/item_arguments.h"
#include "api/control/stream_lifecycle.h"
#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"
#include "api/control/throughput_change.h"
#include "api/control/update_table_request.h"
#include "api/operation.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

Result<std::vector<GsiAction>> ParseGsiActions(const wire::Json& updates) {
  std::vector<GsiAction> actions;
  std::set<std::string> names;
  for (const wire::Json& entry : updates) {
    int count = 0;
    GsiAction action{GsiActionKind::kUpdate, "", nullptr};
    for (const auto& [member, kind] :
         {std::pair{"Create", GsiActionKind::kCreate}, std::pair{"Update", GsiActionKind::kUpdate},
          std::pair{"Delete", GsiActionKind::kDelete}}) {
      if (HasMember(entry, member)) {
        ++count;
        action = {kind, StringMember(entry.at(member), "IndexName", ""), &entry.at(member)};
      }
    }
    if (count == 0) {
      return InvalidParameter(
          "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, "
          "GlobalSecondaryIndexUpdate.Delete must not be null");
    }
    if (count > 1) {
      return InvalidParameter(
          "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate "
          "object");
    }
    if (!names.insert(action.index_name).second) {
      return InvalidParameter(
          "Only one global secondary index update per index is allowed simultaneously. Index: " +
          action.index_name);
    }
    // DynamoDB: unlike the table's, an index's empty WarmThroughput is an error, found before the
    // table or index is looked up (lab probe DDB-TABLE-456; update_table_test.cc
    // IndexOnDemandAndWarmThroughput).
    if (action.kind == GsiActionKind::kUpdate && HasEmptyWarmThroughput(*action.body)) {
      return InvalidParameter(
          "WarmThroughput must have at least one of ReadUnitsPerSecond or WriteUnitsPerSecond "
          "specified for index: " +
          action.index_name);
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

// DynamoDB: SSE, TableClass, DeletionProtection and WarmThroughput changes must come alone,
// OnDemandThroughput goes only with BillingMode; an index Create or Delete cannot share a call with
// a capacity or stream change.
Status CheckCombinations(const UpdateRequest& u) {
  const auto creates_or_deletes =
      std::count_if(u.gsi_actions.begin(), u.gsi_actions.end(),
                    [](const GsiAction& action) { return action.kind != GsiActionKind::kUpdate; });
  const bool creates =
      std::any_of(u.gsi_actions.begin(), u.gsi_actions.end(),
                  [](const GsiAction& action) { return action.kind == GsiActionKind::kCreate; });
  const int groups = (u.throughput || u.billing_mode ? 1 : 0) + (u.gsi_actions.empty() ? 0 : 1) +
                     (u.stream ? 1 : 0) + (u.sse ? 1 : 0) + (u.table_class ? 1 : 0) +
                     (u.deletion_protection ? 1 : 0) + (u.on_demand_throughput ? 1 : 0) +
                     (u.warm_throughput ? 1 : 0);
  if (u.sse && groups > 1) {
    return InvalidParameter(
        "Server-Side Encryption modification must be the only operation in the request");
  }
  if (u.table_class && groups > 1) {
    return InvalidParameter("TableClass modification must be the only operation in the request");
  }
  if (u.deletion_protection && groups > 1) {
    return InvalidParameter(
        "DeletionProtection modification must be the only operation in the request");
  }
  // DynamoDB: lab probes DDB-TABLE-382 (OnDemandThroughput with a stream change or WarmThroughput;
  // test_on_demand_throughput.py test_maximums_only_with_billing_mode) and DDB-TABLE-442;
  // update_table_test.cc CombinationRules. ⚠ That ProvisionedThroughput and index
  // updates get this message too is assumed from "can only be combined with BillingMode".
  if (u.on_demand_throughput &&
      (u.throughput || !u.gsi_actions.empty() || u.stream || u.warm_throughput)) {
    return InvalidParameter(
        "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request");
  }
  if (u.warm_throughput && groups > 1) {
    return InvalidParameter(creates ? "Create global secondary index cannot be specified when "
                                      "updating WarmThroughput"
                                    : "WarmThroughput must be the only operation in the request");
  }
  if (creates_or_deletes > 1) {
    return OnlyOneOnlineIndex();
  }
  if (u.throughput && creates_or_deletes > 0) {
    return InvalidParameter("You cannot create or delete index while updating table IOPS");
  }
  if (u.stream && creates_or_deletes > 0) {
    return InvalidParameter("You cannot create or delete index while changing stream status");
  }
  if (u.stream && u.throughput) {
    return InvalidParameter("You cannot modify stream status while updating table IOPS");
  }
  return Status::Ok();
}

Result<UpdateRequest> ParseUpdateRequest(const wire::Json& request) {
  const bool has_gsi_updates = HasMember(request, "GlobalSecondaryIndexUpdates");
  const bool gsi_updates_empty =
      has_gsi_updates && request.at("GlobalSecondaryIndexUpdates").empty();
  bool any_change = has_gsi_updates && !gsi_updates_empty;
  for (const char* member : {"ProvisionedThroughput", "BillingMode", "StreamSpecification",
                             "SSESpecification", "ReplicaUpdates", "DeletionProtectionEnabled",
                             "OnDemandThroughput", "WarmThroughput", "TableClass"}) {
    any_change = any_change || HasMember(request, member);
  }
  if (!any_change) {
    return ValidationError(
        "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, "
        "GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, MultiAccountReplicaReady, "
        "ReplicaTransitRoleArn, MultiRegionConsistency, DeletionProtectionEnabled, "
        "OnDemandThroughput, WarmThroughput or TableClass is required");
  }
  DF_RETURN_IF_ERROR(RejectUnsupported(
      request, {"ReplicaUpdates", "MultiRegionConsistency", "GlobalTableWitnessUpdates",
                "GlobalTableSettingsReplicationMode"}));
  if (gsi_updates_empty) {
    return InvalidParameter("List of GlobalSecondaryIndexUpdates is empty");
  }
  UpdateRequest u;
  if (has_gsi_updates) {
    DF_ASSIGN_OR_RETURN(u.gsi_actions, ParseGsiActions(request.at("GlobalSecondaryIndexUpdates")));
  }
  if (HasMember(request, "BillingMode")) {
    u.billing_mode = StringMember(request, "BillingMode", "");
  }
  u.throughput = ParseThroughput(request);
  u.stream =
      HasMember(request, "StreamSpecification") ? &request.at("StreamSpecification") : nullptr;
  u.sse = HasMember(request, "SSESpecification") ? &request.at("SSESpecification") : nullptr;
  if (HasMember(request, "DeletionProtectionEnabled")) {
    u.deletion_protection = BoolMember(request, "DeletionProtectionEnabled");
  }
  if (HasMember(request, "TableClass")) {
    u.table_class = StringMember(request, "TableClass", "");
  }
  if (HasMember(request, "AttributeDefinitions")) {
    DF_ASSIGN_OR_RETURN(u.attribute_definitions,
                        ParseAttributeDefinitions(request.at("AttributeDefinitions")));
  }
  // DynamoDB: an OnDemandThroughput or WarmThroughput without members is ignored, also in the
  // combination rules (lab probe DDB-TABLE-456; test_on_demand_throughput.py
  // test_empty_structures_are_ignored). ⚠ Sent alone the service fails with HTTP 500; here that
  // call changes nothing.
  u.on_demand_throughput = ParseOnDemandThroughput(request);
  u.warm_throughput = ParseWarmThroughput(request);
  DF_RETURN_IF_ERROR(CheckCombinations(u));
  return u;
}

Status CheckTableIsActive(const table::TableDescription& d) {
  switch (d.table_status) {
    case table::TableStatus::kCreating:
      return StillInUse("Table is being created: " + d.table_name);
    case table::TableStatus::kUpdating:
      return StillInUse("Table is being updated: " + d.table_name);
    case table::TableStatus::kDeleting:
      return StillInUse("Table is being deleted: " + d.table_name);
    case table::TableStatus::kActive:
      break;
  }
  return Status::Ok();
}

const GsiAction* FindAction(const UpdateRequest& u, const std::string& index_name) {
  for (const GsiAction& action : u.gsi_actions) {
    if (action.index_name == index_name) {
      return &action;
    }
  }
  return nullptr;
}

Status SwitchToProvisioned(const UpdateRequest& u, table::TableDescription& d, Changes& c) {
  if (!u.throughput) {
    return InvalidParameter(
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  DF_RETURN_IF_ERROR(CheckThroughputBounds(*u.throughput));
  // DynamoDB: nothing is assigned by default; every GSI needs its capacity in the same call.
  for (const table::SecondaryIndex& index : d.global_secondary_indexes) {
    const GsiAction* action = FindAction(u, index.index_name);
    if (action == nullptr || action->kind != GsiActionKind::kUpdate ||
        !ParseThroughput(*action->body)) {
      return InvalidParameter("ProvisionedThroughput must be specified for index: " +
                              index.index_name);
    }
  }
  d.billing_mode = table::BillingMode::kProvisioned;
  d.provisioned_throughput.read_capacity_units = u.throughput->read_capacity_units;
  d.provisioned_throughput.write_capacity_units = u.throughput->write_capacity_units;
  // DynamoDB: the switch drops the OnDemandThroughput maximums of the table and its indexes (lab
  // probe DDB-TABLE-153; update_table_test.cc SwitchToProvisionedDropsMaximums).
  d.on_demand_throughput = {};
  for (table::SecondaryIndex& index : d.global_secondary_indexes) {
    index.on_demand_throughput = {};
  }
  c.switched_billing = true;
  c.table_level = true;
  return Status::Ok();
}

Status SwitchToPayPerRequest(table::TableDescription& d, int64_t now, Changes& c) {
  DF_RETURN_IF_ERROR(RecordPayPerRequestSwitch(d, now));
  d.billing_mode = table::BillingMode::kPayPerRequest;
  d.last_update_to_pay_per_request_micros = now;
  c.switched_billing = true;
  return Status::Ok();
}

Status ApplyBilling(const UpdateRequest& u, table::TableDescription& d, int64_t now, Changes& c) {
  const bool on_demand = d.billing_mode == table::BillingMode::kPayPerRequest;
  const std::string target = u.billing_mode.value_or(BillingModeName(d.billing_mode));
  if (target == "PAY_PER_REQUEST") {
    if (u.throughput) {
      return InvalidParameter(
          u.billing_mode ? "ProvisionedThroughput cannot be specified when BillingMode is "
                           "PAY_PER_REQUEST"
                         : "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                           "when BillingMode is PAY_PER_REQUEST");
    }
    if (!u.billing_mode) {
      return Status::Ok();
    }
    // DynamoDB: re-sending PAY_PER_REQUEST answers UPDATING and changes nothing.
    c.table_level = true;
    return on_demand ? Status::Ok() : SwitchToPayPerRequest(d, now, c);
  }
  if (on_demand) {
    return SwitchToProvisioned(u, d, c);
  }
  if (u.billing_mode && !u.throughput) {
    return InvalidParameter(
        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
  }
  if (!u.throughput) {
    return Status::Ok();
  }
  c.old_table_throughput = d.provisioned_throughput;
  c.table_level = true;
  return ChangeThroughput(*u.throughput, now, "table", d.provisioned_throughput);
}

// DynamoDB: the change is synchronous and leaves the table ACTIVE (lab probes DDB-TABLE-135,
// DDB-TABLE-410; test_on_demand_throughput.py test_update_sets_maximums_and_table_stays_active).
Status ApplyTableOnDemandThroughput(const RequestedUnits& maximums, table::TableDescription& d,
                                    Changes& c) {
  DF_RETURN_IF_ERROR(CheckOnDemandThroughput(maximums, d.billing_mode, "",
                                             ControlOperation::kUpdateTable,
                                             /*allow_removal=*/true));
  c.removed_table_maximums = RemovedBy(maximums);
  ApplyOnDemandThroughput(maximums, d.on_demand_throughput);
  return Status::Ok();
}

// DynamoDB: warm throughput never decreases; equal values are accepted. The table stays ACTIVE and
// the answer shows the old values with Status UPDATING (lab probes DDB-TABLE-059, DDB-TABLE-179;
// update_table_test.cc WarmThroughputOnlyIncreases).
Status ApplyTableWarmThroughput(const RequestedUnits& requested, table::TableDescription& d,
                                Changes& c) {
  DF_RETURN_IF_ERROR(CheckWarmThroughputIncrease(
      requested, ReportedWarmThroughput(d, d.provisioned_throughput, d.warm_throughput), ""));
  c.old_table_warm = d.warm_throughput;
  ApplyWarmThroughput(requested, d.warm_throughput);
  return Status::Ok();
}

// The specification only: the stream starts or stops once the whole update is accepted.
Status ApplyStream(const wire::Json& stream, table::TableDescription& d, Changes& c) {
  const bool enabled = BoolMember(stream, "StreamEnabled");
  const bool has_view = HasMember(stream, "StreamViewType");
  if (enabled && !has_view) {
    return InvalidParameter("If stream is being enabled then UpdateViewType is required");
  }
  if (!enabled && has_view) {
    return InvalidParameter(
        "If stream is being disabled, then UpdateViewType must not be specified");
  }
  if (enabled && d.stream_specification.stream_enabled) {
    return ValidationError("Table already has an enabled stream: TableName: " + d.table_name);
  }
  if (!enabled && !d.stream_specification.stream_enabled) {
    return ValidationError("Table has no stream to disable: TableName: " + d.table_name);
  }
  d.stream_specification.stream_enabled = enabled;
  d.stream_specification.stream_view_type =
      enabled ? StringMember(stream, "StreamViewType", "") : "";
  c.table_level = true;
  return Status::Ok();
}

Status ApplySse(const wire::Json& sse, const RequestContext& context, table::TableDescription& d,
                Changes& c) {
  DF_ASSIGN_OR_RETURN(table::SseSpecification spec,
                      ParseSseSpecification(sse, context.region, context.account_id()));
  if (!spec.enabled && !d.sse.enabled) {
    return InvalidParameter("Table is already encrypted by default");
  }
  if (spec.enabled && d.sse.enabled && spec.kms_master_key_arn == d.sse.kms_master_key_arn) {
    return InvalidParameter(
        "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId parameter if you "
        "want to change Master Key");
  }
  d.sse = std::move(spec);
  c.table_level = true;
  return Status::Ok();
}

Status ApplyChanges(const UpdateRequest& u, const RequestContext& context, int64_t now,
                    table::TableDescription& d, Changes& c) {
  DF_RETURN_IF_ERROR(CheckTableIsActive(d));
  DF_RETURN_IF_ERROR(ApplyBilling(u, d, now, c));
  // After the billing mode change, whose result decides whether maximums are allowed.
  if (u.on_demand_throughput) {
    DF_RETURN_IF_ERROR(ApplyTableOnDemandThroughput(*u.on_demand_throughput, d, c));
  }
  if (u.warm_throughput) {
    DF_RETURN_IF_ERROR(ApplyTableWarmThroughput(*u.warm_throughput, d, c));
  }
  DF_RETURN_IF_ERROR(ApplyGsiActions(u, d, now, c));
  if (u.stream) {
    DF_RETURN_IF_ERROR(ApplyStream(*u.stream, d, c));
  }
  if (u.sse) {
    DF_RETURN_IF_ERROR(ApplySse(*u.sse, context, d, c));
  }
  if (u.deletion_protection) {
    d.deletion_protection_enabled = *u.deletion_protection;
    c.table_level = true;
  }
  if (u.table_class) {
    // DynamoDB: STANDARD is the default class and has no TableClassSummary.
    d.table_class = *u.table_class == "STANDARD" ? "" : *u.table_class;
    d.table_class_last_update_micros = now;
    c.table_level = true;
  }
  // On-demand capacity is 0/0: a later switch back to PROVISIONED must give it anew.
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    d.provisioned_throughput.read_capacity_units = 0;
    d.provisioned_throughput.write_capacity_units = 0;
    for (table::SecondaryIndex& index : d.global_secondary_indexes) {
      index.provisioned_throughput.read_capacity_units = 0;
      index.provisioned_throughput.write_capacity_units = 0;
    }
  }
  // Quotas (LimitExceededException) once the request is otherwise valid.
  return CheckRequestUnitQuotas(d, context.region);
}

// The old capacity values (with the counter as of now) where the answer shows them.
void ShowOldThroughput(const Changes& c, int64_t now, table::TableDescription& answer) {
  auto restore = [now](const table::ProvisionedThroughput& old,
                       table::ProvisionedThroughput& shown) {
    shown.read_capacity_units = old.read_capacity_units;
    shown.write_capacity_units = old.write_capacity_units;
    shown.number_of_decreases_today = DecreasesToday(old, now);
  };
  if (c.old_table_throughput) {
    restore(*c.old_table_throughput, answer.provisioned_throughput);
  }
  for (const auto& [name, old] : c.old_index_throughputs) {
    if (table::SecondaryIndex* index = FindGlobalIndex(answer, name)) {
      restore(old, index->provisioned_throughput);
    }
  }
  if (c.old_table_warm) {
    answer.warm_throughput = *c.old_table_warm;
  }
  for (const auto& [name, old] : c.old_index_warms) {
    if (table::SecondaryIndex* index = FindGlobalIndex(answer, name)) {
      index->warm_throughput = old;
    }
  }
}

// DynamoDB: beyond the description, the answer shows a WarmThroughput being raised as UPDATING and
// the maximums this call removed say -1 (lab probes DDB-TABLE-155, DDB-TABLE-179, DDB-TABLE-182;
// update_table_test.cc SetsMergesAndRemovesMaximums, IndexOnDemandAndWarmThroughput).
void ShowPendingChanges(const Changes& c, wire::Json& answer) {
  auto show_removed = [](const RemovedMaximums& removed, wire::Json& owner) {
    if (removed.read) {
      owner["OnDemandThroughput"]["MaxReadRequestUnits"] = table::kNoMaximum;
    }
    if (removed.write) {
      owner["OnDemandThroughput"]["MaxWriteRequestUnits"] = table::kNoMaximum;
    }
  };
  if (c.old_table_warm) {
    answer["WarmThroughput"]["Status"] = "UPDATING";
  }
  show_removed(c.removed_table_maximums, answer);
  auto indexes = answer.find("GlobalSecondaryIndexes");
  if (indexes == answer.end()) {
    return;
  }
  for (wire::Json& index : *indexes) {
    const std::string& name = index.at("IndexName").get_ref<const std::string&>();
    for (const auto& [warmed, old] : c.old_index_warms) {
      if (warmed == name) {
        index["WarmThroughput"]["Status"] = "UPDATING";
      }
    }
    for (const auto& [changed, removed] : c.removed_index_maximums) {
      if (changed == name) {
        show_removed(removed, index);
      }
    }
  }
}

// The live item counts and sizes of the table and of the indexes this call does not create (a new
// index is answered empty, before its backfill).
void ShowLiveCounts(const table::TableDescription& counted, const UpdateRequest& u,
                    table::TableDescription& answer) {
  answer.item_count = counted.item_count;
  answer.table_size_bytes = counted.table_size_bytes;
  for (auto* indexes : {&answer.local_secondary_indexes, &answer.global_secondary_indexes}) {
    for (table::SecondaryIndex& index : *indexes) {
      const GsiAction* action = FindAction(u, index.index_name);
      const table::SecondaryIndex* live = counted.FindIndex(index.index_name);
      if (live == nullptr || (action != nullptr && action->kind == GsiActionKind::kCreate)) {
        continue;
      }
      index.item_count = live->item_count;
      index.index_size_bytes = live->index_size_bytes;
    }
  }
}

}  // namespace

Result<wire::Json> UpdateTable(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(UpdateRequest update, ParseUpdateRequest(request));
  DF_ASSIGN_OR_RETURN(
      std::shared_ptr<table::Table> table,
      context.catalog->GetTableForControl(context.region, TableNameArgument(request)));
  const int64_t now = context.now_micros();
  const int64_t transition_micros = context.catalog->transition_micros();
  Status status;
  table::TableDescription answer;
  Changes changes;
  // Checked and applied under the table's lock, on a copy, so a rejected request changes nothing.
  // The table backfills an index this call creates once the new description is in place.
  const Status updated = table->UpdateDescription([&](table::TableDescription& live) {
    table::TableDescription next = live;
    changes = Changes();
    status = ApplyChanges(update, context, now, next, changes);
    if (!status.ok()) {
      return;
    }
    if (update.stream) {
      if (next.stream_specification.stream_enabled) {
        StartStream(*context.streams, next);
      } else {
        StopStream(*context.streams, next);
      }
    }
    if (changes.table_level) {
      next.table_status = table::TableStatus::kUpdating;
    }
    next.status_until_micros = now + transition_micros;
    answer = next;
    ShowOldThroughput(changes, now, answer);
    // At once when there is no transition time.
    table::CompleteTransitions(next, now, transition_micros);
    live = std::move(next);
  });
  DF_RETURN_IF_ERROR(status);
  DF_RETURN_IF_ERROR(updated);
  DF_RETURN_IF_ERROR(context.catalog->Persist(*table));
  ShowLiveCounts(table->Describe(), update, answer);
  wire::Json description = TableDescriptionToJson(answer, now);
  ShowPendingChanges(changes, description);
  return wire::Json{{"TableDescription", std::move(description)}};
}

}  // namespace dynafake::api
