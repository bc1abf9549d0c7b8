// CreateTable: checks the definition in the service's order, registers the table and answers with
// its description in CREATING status.
#include <set>

#include "api/common/item_arguments.h"
#include "api/control/stream_lifecycle.h"
#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"
#include "api/operation.h"
#include "api/tags/tag_rules.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr size_t kMaxLocalSecondaryIndexes = 5;
constexpr size_t kMaxGlobalSecondaryIndexes = 20;
constexpr size_t kMaxProjectedAttributes = 100;

Status ParseBilling(const wire::Json& request, table::TableDescription& d) {
  const std::optional<Throughput> throughput = ParseThroughput(request);
  if (StringMember(request, "BillingMode", "PROVISIONED") == "PAY_PER_REQUEST") {
    if (throughput) {
      return InvalidParameter(
          "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is "
          "PAY_PER_REQUEST");
    }
    d.billing_mode = table::BillingMode::kPayPerRequest;
    return Status::Ok();
  }
  if (!throughput) {
    return InvalidParameter(
        "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is "
        "PROVISIONED");
  }
  DF_RETURN_IF_ERROR(CheckThroughputBounds(*throughput));
  d.billing_mode = table::BillingMode::kProvisioned;
  d.provisioned_throughput.read_capacity_units = throughput->read_capacity_units;
  d.provisioned_throughput.write_capacity_units = throughput->write_capacity_units;
  return Status::Ok();
}

// OnDemandThroughput and WarmThroughput of the table or of one GSI (`index_name`), whose billing
// mode and provisioned throughput are already parsed. ⚠ Where the service checks these among its
// other CreateTable rules is not known; here they follow the capacity they depend on.
Status ParseCapacityLimits(const wire::Json& parent, table::BillingMode mode,
                           const table::ProvisionedThroughput& throughput,
                           std::string_view index_name, table::OnDemandThroughput& on_demand,
                           table::WarmThroughput& warm) {
  if (const std::optional<RequestedUnits> maximums = ParseOnDemandThroughput(parent)) {
    DF_RETURN_IF_ERROR(CheckOnDemandThroughput(*maximums, mode, index_name,
                                               ControlOperation::kCreateTable,
                                               /*allow_removal=*/false));
    ApplyOnDemandThroughput(*maximums, on_demand);
  }
  if (const std::optional<RequestedUnits> requested = ParseWarmThroughput(parent)) {
    DF_RETURN_IF_ERROR(CheckInitialWarmThroughput(*requested, mode, throughput, index_name));
    ApplyWarmThroughput(*requested, warm);
  }
  return Status::Ok();
}

// DynamoDB: AttributeDefinitions must name exactly the key attributes of the table and its indexes,
// checked before any index rule.
Status CheckDefinitionsUsed(const wire::Json& request, const std::vector<KeyElement>& table_keys,
                            const std::vector<table::AttributeDefinition>& definitions) {
  const bool has_indexes =
      HasMember(request, "LocalSecondaryIndexes") || HasMember(request, "GlobalSecondaryIndexes");
  if (!has_indexes) {
    if (table_keys.size() != definitions.size()) {
      return InvalidParameter(
          "Number of attributes in KeySchema does not exactly match number of attributes defined "
          "in AttributeDefinitions");
    }
    return Status::Ok();
  }
  std::vector<std::string> used;
  for (const KeyElement& key : table_keys) {
    used.push_back(key.attribute_name);
  }
  for (const char* member : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    for (const wire::Json& index : request.value(member, wire::Json::array())) {
      for (const KeyElement& key : ParseKeyElements(index.value("KeySchema", wire::Json()))) {
        used.push_back(key.attribute_name);
      }
    }
  }
  std::vector<std::string> defined;
  bool all_used = true;
  for (const auto& definition : definitions) {
    defined.push_back(definition.attribute_name);
    all_used =
        all_used && std::find(used.begin(), used.end(), definition.attribute_name) != used.end();
  }
  if (all_used) {
    return Status::Ok();
  }
  return InvalidParameter(
      "Some AttributeDefinitions are not used. AttributeDefinitions: " + BracketList(defined) +
      ", keys used: " + BracketList(JavaHashSetOrder(used)));
}

Status AddIndexName(const std::string& name, std::set<std::string>& names) {
  if (!names.insert(name).second) {
    return InvalidParameter("Duplicate index name: " + name);
  }
  return Status::Ok();
}

Status ParseLocalIndexes(const wire::Json& request,
                         const std::vector<table::AttributeDefinition>& definitions,
                         std::set<std::string>& names, table::TableDescription& d) {
  if (!HasMember(request, "LocalSecondaryIndexes")) {
    return Status::Ok();
  }
  auto it = request.find("LocalSecondaryIndexes");
  if (it->empty()) {
    return InvalidParameter("List of LocalSecondaryIndexes is empty");
  }
  if (!d.key_schema.range) {
    return InvalidParameter(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const wire::Json& index = (*it)[i];
    DF_RETURN_IF_ERROR(CheckKeySchemaLength(
        ParseKeyElements(index.value("KeySchema", wire::Json())),
        "localSecondaryIndexes." + std::to_string(i + 1) + ".member.keySchema"));
    DF_ASSIGN_OR_RETURN(table::SecondaryIndex parsed,
                        ParseIndexDefinition(index, definitions, &d.key_schema));
    DF_RETURN_IF_ERROR(AddIndexName(parsed.index_name, names));
    d.local_secondary_indexes.push_back(std::move(parsed));
  }
  if (it->size() > kMaxLocalSecondaryIndexes) {
    return InvalidParameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
  return Status::Ok();
}

Status ParseGlobalIndexThroughput(const wire::Json& index, table::BillingMode mode,
                                  table::SecondaryIndex& parsed) {
  const std::optional<Throughput> throughput = ParseThroughput(index);
  if (mode == table::BillingMode::kPayPerRequest) {
    if (throughput) {
      return InvalidParameter("ProvisionedThroughput should not be specified for index: " +
                              parsed.index_name + " when BillingMode is PAY_PER_REQUEST");
    }
  } else {
    if (!throughput) {
      return InvalidParameter("ProvisionedThroughput is not specified for index: " +
                              parsed.index_name);
    }
    DF_RETURN_IF_ERROR(CheckThroughputBounds(*throughput));
    parsed.provisioned_throughput.read_capacity_units = throughput->read_capacity_units;
    parsed.provisioned_throughput.write_capacity_units = throughput->write_capacity_units;
  }
  return ParseCapacityLimits(index, mode, parsed.provisioned_throughput, parsed.index_name,
                             parsed.on_demand_throughput, parsed.warm_throughput);
}

Status ParseGlobalIndexes(const wire::Json& request,
                          const std::vector<table::AttributeDefinition>& definitions,
                          std::set<std::string>& names, table::TableDescription& d) {
  if (!HasMember(request, "GlobalSecondaryIndexes")) {
    return Status::Ok();
  }
  auto it = request.find("GlobalSecondaryIndexes");
  if (it->empty()) {
    return InvalidParameter("List of GlobalSecondaryIndexes is empty");
  }
  for (const wire::Json& index : *it) {
    DF_ASSIGN_OR_RETURN(table::SecondaryIndex parsed,
                        ParseIndexDefinition(index, definitions, nullptr));
    DF_RETURN_IF_ERROR(ParseGlobalIndexThroughput(index, d.billing_mode, parsed));
    DF_RETURN_IF_ERROR(AddIndexName(parsed.index_name, names));
    d.global_secondary_indexes.push_back(std::move(parsed));
  }
  if (it->size() > kMaxGlobalSecondaryIndexes) {
    return InvalidParameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
  return Status::Ok();
}

Status CheckProjectedAttributeTotal(const table::TableDescription& d) {
  size_t total = 0;
  for (const auto* indexes : {&d.local_secondary_indexes, &d.global_secondary_indexes}) {
    for (const table::SecondaryIndex& index : *indexes) {
      total += index.projection.non_key_attributes.size();
    }
  }
  if (total > kMaxProjectedAttributes) {
    return InvalidParameter(
        "The number of projected attributes across all secondary indexes exceeds the per-table "
        "limit of 100");
  }
  return Status::Ok();
}

Status ParseStream(const wire::Json& request, table::TableDescription& d) {
  auto it = request.find("StreamSpecification");
  if (it == request.end() || !it->is_object()) {
    return Status::Ok();
  }
  const bool enabled = BoolMember(*it, "StreamEnabled");
  const bool has_view = HasMember(*it, "StreamViewType");
  if (enabled && !has_view) {
    return InvalidParameter(
        "Table is being created with a stream enabled, UpdateViewType is required");
  }
  if (!enabled && has_view) {
    return InvalidParameter(
        "Table is being created with a stream disabled, UpdateViewType should not be specified");
  }
  d.stream_specification.stream_enabled = enabled;
  d.stream_specification.stream_view_type =
      enabled ? it->at("StreamViewType").get<std::string>() : "";
  return Status::Ok();
}

Status ParseTags(const wire::Json& request, table::TableDescription& d) {
  auto it = request.find("Tags");
  if (it == request.end() || !it->is_array()) {
    return Status::Ok();
  }
  // DynamoDB: CreateTable counts its tags before checking them, and accepts an empty list
  // (conformance/test_tags.py::test_create_table_tags).
  if (it->size() > kMaxTagsPerResource) {
    return TooManyTags();
  }
  DF_ASSIGN_OR_RETURN(d.tags, ParseTagList(*it));
  return Status::Ok();
}

// TableName may be the new table's ARN in this region and account.
Result<std::string> NewTableName(const RequestContext& context, const std::string& name) {
  if (!name.starts_with("arn:")) {
    return name;
  }
  const std::string prefix =
      "arn:aws:dynamodb:" + context.region + ":" + context.account_id() + ":table/";
  if (!name.starts_with(prefix) || name.size() == prefix.size()) {
    return ValidationError("Invalid TableName: " + name);
  }
  return name.substr(prefix.size());
}

}  // namespace

Status ParseKeysAndIndexes(const wire::Json& request, table::TableDescription& d) {
  const std::vector<KeyElement> keys = ParseKeyElements(request.at("KeySchema"));
  DF_RETURN_IF_ERROR(CheckKeySchemaLength(keys, "keySchema"));
  DF_RETURN_IF_ERROR(ParseBilling(request, d));
  DF_RETURN_IF_ERROR(ParseCapacityLimits(request, d.billing_mode, d.provisioned_throughput, "",
                                         d.on_demand_throughput, d.warm_throughput));
  DF_ASSIGN_OR_RETURN(std::vector<table::AttributeDefinition> definitions,
                      ParseAttributeDefinitions(request.at("AttributeDefinitions")));
  DF_RETURN_IF_ERROR(CheckTableKeySchema(keys, definitions));
  DF_RETURN_IF_ERROR(CheckDefinitionsUsed(request, keys, definitions));
  d.key_schema = ToKeySchema(keys, definitions);
  std::set<std::string> index_names;
  DF_RETURN_IF_ERROR(ParseLocalIndexes(request, definitions, index_names, d));
  DF_RETURN_IF_ERROR(ParseGlobalIndexes(request, definitions, index_names, d));
  DF_RETURN_IF_ERROR(CheckProjectedAttributeTotal(d));
  // DynamoDB: AttributeDefinitions come back sorted by name.
  std::sort(definitions.begin(), definitions.end(),
            [](const auto& a, const auto& b) { return a.attribute_name < b.attribute_name; });
  d.attribute_definitions = std::move(definitions);
  return Status::Ok();
}

Result<wire::Json> CreateTable(RequestContext& context, const wire::Json& request) {
  DF_RETURN_IF_ERROR(RejectUnsupported(
      request, {"ResourcePolicy", "GlobalTableSourceArn", "GlobalTableSettingsReplicationMode"}));
  table::TableDescription d;
  DF_RETURN_IF_ERROR(ParseKeysAndIndexes(request, d));
  DF_RETURN_IF_ERROR(ParseStream(request, d));
  if (auto it = request.find("SSESpecification"); it != request.end() && it->is_object()) {
    DF_ASSIGN_OR_RETURN(d.sse, ParseSseSpecification(*it, context.region, context.account_id()));
  }
  DF_RETURN_IF_ERROR(ParseTags(request, d));
  // DynamoDB: STANDARD is the default class and has no TableClassSummary.
  const std::string table_class = StringMember(request, "TableClass", "STANDARD");
  d.table_class = table_class == "STANDARD" ? "" : table_class;
  d.deletion_protection_enabled = BoolMember(request, "DeletionProtectionEnabled");
  d.region = context.region;
  DF_ASSIGN_OR_RETURN(d.table_name, NewTableName(context, TableNameArgument(request)));
  // Quotas (LimitExceededException) once the request is otherwise valid.
  DF_RETURN_IF_ERROR(CheckRequestUnitQuotas(d, context.region));
  if (d.billing_mode == table::BillingMode::kPayPerRequest) {
    d.last_update_to_pay_per_request_micros = context.now_micros();
  }

  const bool stream_enabled = d.stream_specification.stream_enabled;
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table,
                      context.catalog->CreateTable(std::move(d)));
  if (stream_enabled) {
    DF_RETURN_IF_ERROR(table->UpdateDescription(
        [&](table::TableDescription& live) { StartStream(*context.streams, live); }));
    DF_RETURN_IF_ERROR(context.catalog->Persist(*table));
  }
  table::TableDescription created = table->Describe();
  // DynamoDB: the answer always says CREATING, for the table and every GSI.
  created.table_status = table::TableStatus::kCreating;
  for (table::SecondaryIndex& index : created.global_secondary_indexes) {
    index.index_status = table::IndexStatus::kCreating;
  }
  return wire::Json{{"TableDescription", TableDescriptionToJson(created, context.now_micros(),
                                                                DescriptionView::kCreateResponse)}};
}

}  // namespace dynafake::api
