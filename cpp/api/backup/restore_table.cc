#include "api/backup/restore_table.h"

#include <set>
#include <string>

#include "api/backup/backup_json.h"
#include "api/common/item_arguments.h"
#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

const wire::Json* FindIndexJson(const wire::Json& described, const char* group,
                                const std::string& name) {
  auto it = described.find(group);
  if (it == described.end()) {
    return nullptr;
  }
  for (const wire::Json& index : *it) {
    if (index.at("IndexName") == name) {
      return &index;
    }
  }
  return nullptr;
}

// The indexes of one kind the restored table gets, as CreateTable members: all of the source's
// or, with an override, those it lists (each must be one of the source's).
Result<wire::Json> SelectedIndexes(const wire::Json& request, const char* override_member,
                                   const wire::Json& described, const char* group, bool global,
                                   bool provisioned) {
  wire::Json selected = wire::Json::array();
  auto override_it = request.find(override_member);
  const bool overridden = override_it != request.end() && override_it->is_array();
  auto source_it = described.find(group);
  const wire::Json empty = wire::Json::array();
  const wire::Json& listed =
      overridden ? *override_it : (source_it != described.end() ? *source_it : empty);
  for (const wire::Json& entry : listed) {
    const std::string name = entry.value("IndexName", "");
    const wire::Json* source = FindIndexJson(described, group, name);
    if (source == nullptr) {
      // DynamoDB ⚠: the wording for an override naming no index of the source is not confirmed.
      return InvalidParameter("Index " + name + " does not exist in the source table");
    }
    wire::Json index = SelectMembers(entry, {"IndexName", "KeySchema", "Projection"});
    if (!global) {
      selected.push_back(std::move(index));
      continue;
    }
    if (auto it = entry.find("ProvisionedThroughput"); overridden && it != entry.end()) {
      index["ProvisionedThroughput"] = *it;
    } else if (provisioned && source->contains("ProvisionedThroughput") &&
               source->at("ProvisionedThroughput").value("ReadCapacityUnits", 0) > 0) {
      index["ProvisionedThroughput"] = SelectMembers(source->at("ProvisionedThroughput"),
                                                     {"ReadCapacityUnits", "WriteCapacityUnits"});
    }
    if (auto it = entry.find("OnDemandThroughput"); overridden && it != entry.end()) {
      index["OnDemandThroughput"] = *it;
    } else if (!provisioned && source->contains("OnDemandThroughput")) {
      index["OnDemandThroughput"] = source->at("OnDemandThroughput");
    }
    selected.push_back(std::move(index));
  }
  return selected;
}

void AddKeyAttributes(const wire::Json& indexes, std::set<std::string>& names) {
  for (const wire::Json& index : indexes) {
    for (const wire::Json& key : index.at("KeySchema")) {
      names.insert(key.value("AttributeName", ""));
    }
  }
}

}  // namespace

Result<table::TableDescription> RestoredTableDescription(const RequestContext& context,
                                                         const wire::Json& request,
                                                         const table::TableDescription& source) {
  const wire::Json described = TableDescriptionToJson(source, context.now_micros());
  const std::string billing_mode =
      StringMember(request, "BillingModeOverride", BillingModeName(source.billing_mode));
  const bool provisioned = billing_mode == "PROVISIONED";
  wire::Json create = {{"KeySchema", described.at("KeySchema")}, {"BillingMode", billing_mode}};
  if (auto it = request.find("ProvisionedThroughputOverride"); it != request.end()) {
    create["ProvisionedThroughput"] = *it;
  } else if (provisioned && source.billing_mode == table::BillingMode::kProvisioned) {
    create["ProvisionedThroughput"] = SelectMembers(described.at("ProvisionedThroughput"),
                                                    {"ReadCapacityUnits", "WriteCapacityUnits"});
  }
  if (auto it = request.find("OnDemandThroughputOverride"); it != request.end()) {
    create["OnDemandThroughput"] = *it;
  } else if (!provisioned && described.contains("OnDemandThroughput")) {
    create["OnDemandThroughput"] = described.at("OnDemandThroughput");
  }
  DF_ASSIGN_OR_RETURN(wire::Json local,
                      SelectedIndexes(request, "LocalSecondaryIndexOverride", described,
                                      "LocalSecondaryIndexes", /*global=*/false, provisioned));
  DF_ASSIGN_OR_RETURN(wire::Json global,
                      SelectedIndexes(request, "GlobalSecondaryIndexOverride", described,
                                      "GlobalSecondaryIndexes", /*global=*/true, provisioned));
  std::set<std::string> key_attributes;
  AddKeyAttributes(wire::Json::array({{{"KeySchema", described.at("KeySchema")}}}), key_attributes);
  AddKeyAttributes(local, key_attributes);
  AddKeyAttributes(global, key_attributes);
  // DynamoDB: a restored table defines only the attributes its keys and kept indexes use.
  wire::Json definitions = wire::Json::array();
  for (const wire::Json& definition : described.at("AttributeDefinitions")) {
    if (key_attributes.count(definition.value("AttributeName", "")) > 0) {
      definitions.push_back(definition);
    }
  }
  create["AttributeDefinitions"] = std::move(definitions);
  if (!local.empty()) {
    create["LocalSecondaryIndexes"] = std::move(local);
  }
  if (!global.empty()) {
    create["GlobalSecondaryIndexes"] = std::move(global);
  }

  table::TableDescription d;
  DF_RETURN_IF_ERROR(ParseKeysAndIndexes(create, d));
  if (auto it = request.find("SSESpecificationOverride"); it != request.end() && it->is_object()) {
    DF_ASSIGN_OR_RETURN(d.sse, ParseSseSpecification(*it, context.region, context.account_id()));
  } else {
    d.sse = source.sse;
  }
  d.region = context.region;
  d.table_name = request.at("TargetTableName").get<std::string>();
  DF_RETURN_IF_ERROR(CheckRequestUnitQuotas(d, context.region));
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    d.last_update_to_pay_per_request_micros = context.now_micros();
  }
  return d;
}

Result<wire::Json> RestoreTable(RequestContext& context, table::TableDescription target,
                                table::RestoreSummary summary,
                                const std::function<Status(table::Table&)>& fill) {
  const std::string name = target.table_name;
  const Status taken =
      Status(ErrorCode::kTableAlreadyExists, "Table already exists: " + target.table_name);
  if (context.catalog->FindTable(context.region, name) != nullptr) {
    return taken;
  }
  summary.in_progress = true;
  target.restore_summary = std::move(summary);
  Result<std::shared_ptr<table::Table>> created = context.catalog->CreateTable(std::move(target));
  if (!created.has_value()) {
    return created.error().code() == ErrorCode::kResourceInUse ? taken : created.error();
  }
  table::Table& table = **created;
  Status filled = fill(table);
  const int64_t now = context.now_micros();
  DF_RETURN_IF_ERROR(table.UpdateDescription([&](table::TableDescription& d) {
    d.restore_summary->in_progress = false;
    if (filled.ok()) {
      d.status_until_micros = now + context.catalog->transition_micros();
    } else {
      // The table never became usable: it goes at once.
      d.table_status = table::TableStatus::kDeleting;
      d.status_until_micros = now;
    }
  }));
  DF_RETURN_IF_ERROR(context.catalog->Persist(table));
  if (!filled.ok()) {
    context.catalog->RunDue();
    return filled;
  }
  table::TableDescription answered = table.Describe();
  // DynamoDB: the answer says CREATING, for the table and every GSI, with the RestoreSummary.
  answered.table_status = table::TableStatus::kCreating;
  for (table::SecondaryIndex& index : answered.global_secondary_indexes) {
    index.index_status = table::IndexStatus::kCreating;
  }
  return wire::Json{{"TableDescription",
                     TableDescriptionToJson(answered, now, DescriptionView::kCreateResponse)}};
}

}  // namespace dynafake::api
