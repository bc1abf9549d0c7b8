#include "api/capacity/capacity_report.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "api/control/table_definition.h"
#include "api/control/table_description_json.h"
#include "capacity/cost.h"
#include "capacity/partitions.h"
#include "capacity/pricing.h"
#include "model/key_codec.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

using capacity::CostEstimate;
using capacity::MonthlyCost;
using capacity::ResourceUsage;

// What the report needs of one resource (a table with its local indexes, or one global index).
struct Resource {
  capacity::ResourceId id;
  bool on_demand = false;
  const table::ProvisionedThroughput* provisioned = nullptr;
  const table::WarmThroughput* warm = nullptr;
  // The partition key attributes, in the order their encodings are concatenated in a label.
  std::vector<const model::KeyAttribute*> hash_attributes;
  // Bytes and entries stored (local index entries included for a table), for storage and size.
  int64_t stored_bytes = 0;
  int64_t stored_entries = 0;
};

// The partition key value a label holds (the EncodeKeyValue bytes of each hash attribute, in
// order), as a Key map; null when the label is empty or does not decode to exactly those values.
wire::Json DecodeKey(const std::vector<const model::KeyAttribute*>& attributes,
                     std::string_view label) {
  if (label.empty()) {
    return nullptr;
  }
  wire::Json key = wire::Json::object();
  for (const model::KeyAttribute* attribute : attributes) {
    Result<model::AttributeValue> value = model::DecodeKeyValue(attribute->type, &label);
    if (!value.has_value()) {
      return nullptr;
    }
    key[attribute->name] = wire::AttributeValueToJson(value.value());
  }
  return label.empty() ? key : wire::Json(nullptr);
}

int PartitionCount(const Resource& resource, const ResourceUsage& usage) {
  if (!resource.on_demand) {
    return capacity::ProvisionedPartitionCount(
        static_cast<double>(resource.provisioned->read_capacity_units),
        static_cast<double>(resource.provisioned->write_capacity_units), resource.stored_bytes);
  }
  // DynamoDB: an on-demand resource serves at once twice its previous peak, and at least what a
  // new table serves or the WarmThroughput asked for (partitions.h OnDemandPartitionCount). The
  // busiest second recorded stands for the previous peak, which the service adopts within 30
  // minutes (CapacityReportTest.OnDemandPartitionsFollowTwiceThePeak).
  const double read = std::max({capacity::kNewOnDemandTablePeakReadUnits,
                                static_cast<double>(resource.warm->read_units_per_second),
                                2 * usage.peak_read_units_per_second});
  const double write = std::max({capacity::kNewOnDemandTablePeakWriteUnits,
                                 static_cast<double>(resource.warm->write_units_per_second),
                                 2 * usage.peak_write_units_per_second});
  return capacity::OnDemandPartitionCount(read, write, resource.stored_bytes);
}

wire::Json UsageJson(const Resource& resource, const ResourceUsage& usage, bool recorded,
                     int partition_count) {
  wire::Json minutes = wire::Json::array();
  for (const capacity::UsagePoint& point : usage.minutes) {
    minutes.push_back({
        {"start", EpochSeconds(point.minute_start_micros)},
        {"read_units", point.read_units},
        {"write_units", point.write_units},
        {"read_throttled", point.read_throttled},
        {"write_throttled", point.write_throttled},
    });
  }
  const double total_units = usage.read_units + usage.write_units;
  wire::Json hottest = wire::Json::array();
  for (const capacity::KeyUsage& key : usage.hottest_keys) {
    hottest.push_back({
        {"key", DecodeKey(resource.hash_attributes, key.label)},
        {"partition", capacity::PartitionOf(key.partition_key_hash, partition_count)},
        {"read_units", key.read_units},
        {"write_units", key.write_units},
        {"units", key.units()},
        {"error_units", key.error_units},
        {"share", total_units > 0 ? key.units() / total_units : 0.0},
    });
  }
  return {
      {"read_units", usage.read_units},
      {"write_units", usage.write_units},
      {"read_throttled", usage.read_throttled},
      {"write_throttled", usage.write_throttled},
      {"peak_read_units_per_second", usage.peak_read_units_per_second},
      {"peak_write_units_per_second", usage.peak_write_units_per_second},
      {"first_recorded_at", recorded ? wire::Json(EpochSeconds(usage.first_micros)) : nullptr},
      {"last_recorded_at", recorded ? wire::Json(EpochSeconds(usage.last_micros)) : nullptr},
      {"period_seconds", capacity::ToCostUsage(usage, 0, 0).period_seconds},
      {"minutes", std::move(minutes)},
      {"hottest_keys", std::move(hottest)},
  };
}

// One class's figures, and what the configured capacity costs in it (nullopt when on-demand).
struct ClassCost {
  MonthlyCost cost;
  std::optional<double> configured;

  void Add(const ClassCost& other) {
    cost.on_demand += other.cost.on_demand;
    cost.provisioned += other.cost.provisioned;
    cost.provisioned_reserved_1y += other.cost.provisioned_reserved_1y;
    cost.storage += other.cost.storage;
    cost.capacity.read_capacity_units += other.cost.capacity.read_capacity_units;
    cost.capacity.write_capacity_units += other.cost.capacity.write_capacity_units;
    cost.reserved_read_blocks += other.cost.reserved_read_blocks;
    cost.reserved_write_blocks += other.cost.reserved_write_blocks;
    cost.reserved_available = cost.reserved_available && other.cost.reserved_available;
    if (configured.has_value() && other.configured.has_value()) {
      *configured += *other.configured;
    }
  }
};

struct Costs {
  ClassCost standard;
  ClassCost standard_infrequent_access;
};

Costs CostsOf(const Resource& resource, const ResourceUsage& usage) {
  const CostEstimate estimate = capacity::EstimateMonthlyCosts(
      capacity::ToCostUsage(usage, resource.stored_bytes, resource.stored_entries));
  Costs costs{.standard = {.cost = estimate.standard},
              .standard_infrequent_access = {.cost = estimate.standard_infrequent_access}};
  if (!resource.on_demand) {
    const capacity::ProvisionedCapacity configured{
        .read_capacity_units = resource.provisioned->read_capacity_units,
        .write_capacity_units = resource.provisioned->write_capacity_units,
    };
    const capacity::Prices& prices = capacity::UsEast1Prices();
    costs.standard.configured = capacity::ProvisionedMonthly(configured, prices.standard);
    costs.standard_infrequent_access.configured =
        capacity::ProvisionedMonthly(configured, prices.standard_infrequent_access);
  }
  return costs;
}

wire::Json ClassCostJson(const ClassCost& figures) {
  const MonthlyCost& cost = figures.cost;
  return {
      {"on_demand", cost.on_demand},
      {"provisioned", cost.provisioned},
      {"provisioned_reserved_1y", cost.provisioned_reserved_1y},
      {"storage", cost.storage},
      {"on_demand_total", cost.OnDemandTotal()},
      {"provisioned_total", cost.ProvisionedTotal()},
      {"reserved_total", cost.ReservedTotal()},
      {"configured_provisioned",
       figures.configured.has_value() ? wire::Json(*figures.configured) : nullptr},
      {"provisioned_read_capacity_units", cost.capacity.read_capacity_units},
      {"provisioned_write_capacity_units", cost.capacity.write_capacity_units},
      {"reserved_read_blocks", cost.reserved_read_blocks},
      {"reserved_write_blocks", cost.reserved_write_blocks},
      {"reserved_available", cost.reserved_available},
  };
}

wire::Json CostsJson(const Costs& costs) {
  return {
      {"standard", ClassCostJson(costs.standard)},
      {"standard_infrequent_access", ClassCostJson(costs.standard_infrequent_access)},
  };
}

// The figures shared by tables and indexes: throughput, contents, partitions, usage and cost.
void AddResourceFigures(const Resource& resource, const capacity::Metering& metering,
                        int64_t item_count, int64_t size_bytes, wire::Json* entry, Costs* costs) {
  wire::Json& json = *entry;
  json["provisioned_read_capacity_units"] =
      resource.on_demand ? wire::Json(nullptr)
                         : wire::Json(resource.provisioned->read_capacity_units);
  json["provisioned_write_capacity_units"] =
      resource.on_demand ? wire::Json(nullptr)
                         : wire::Json(resource.provisioned->write_capacity_units);
  json["item_count"] = item_count;
  json["size_bytes"] = size_bytes;
  const std::optional<ResourceUsage> recorded = metering.usage().Snapshot(resource.id);
  ResourceUsage usage = recorded.value_or(ResourceUsage{.resource = resource.id});
  const int partition_count = PartitionCount(resource, usage);
  json["partition_count"] = partition_count;
  json["usage"] = UsageJson(resource, usage, recorded.has_value(), partition_count);
  *costs = CostsOf(resource, usage);
  json["cost"] = CostsJson(*costs);
}

std::string_view OperationName(capacity::Operation operation) {
  return operation == capacity::Operation::kRead ? "read" : "write";
}

wire::Json IndexNameOrNull(const std::string& index_name) {
  return index_name.empty() ? wire::Json(nullptr) : wire::Json(index_name);
}

wire::Json AutoScalingJson(const AutoScaling* auto_scaling, uint32_t table_id) {
  wire::Json policies = wire::Json::array();
  wire::Json activities = wire::Json::array();
  if (auto_scaling != nullptr) {
    for (const ScalingTarget& target : auto_scaling->Policies(table_id)) {
      policies.push_back({{"index_name", IndexNameOrNull(target.index_name)},
                          {"operation", OperationName(target.operation)},
                          {"min_units", target.policy.min_units},
                          {"max_units", target.policy.max_units},
                          {"target_utilization", target.policy.target_utilization},
                          {"registered_at", EpochSeconds(target.registered_micros)}});
    }
    for (const ScalingActivity& activity : auto_scaling->Activities(table_id)) {
      activities.push_back({{"at", EpochSeconds(activity.at_micros)},
                            {"index_name", IndexNameOrNull(activity.index_name)},
                            {"operation", OperationName(activity.operation)},
                            {"from_units", activity.from_units},
                            {"to_units", activity.to_units},
                            {"successful", activity.successful},
                            {"cause", activity.cause},
                            {"status_message", activity.status_message}});
    }
  }
  return {{"policies", std::move(policies)}, {"activities", std::move(activities)}};
}

wire::Json TableEntry(const table::TableDescription& d, const capacity::Metering& metering,
                      const AutoScaling* auto_scaling) {
  const bool on_demand = d.billing_mode == table::BillingMode::kPayPerRequest;
  const capacity::TableClass table_class =
      capacity::ParseTableClass(d.table_class).value_or(capacity::TableClass::kStandard);
  wire::Json entry = {
      {"region", d.region},
      {"table_name", d.table_name},
      {"table_arn", d.table_arn},
      {"table_status", TableStatusName(d.table_status)},
      {"billing_mode", BillingModeName(d.billing_mode)},
      {"table_class", capacity::TableClassName(table_class)},
      {"capacity_mode", capacity::CapacityModeName(metering.ModeOf(d.table_id))},
  };

  Resource table{.id = {.table_id = d.table_id, .index_id = 0},
                 .on_demand = on_demand,
                 .provisioned = &d.provisioned_throughput,
                 .warm = &d.warm_throughput,
                 .hash_attributes = {&d.key_schema.hash},
                 .stored_bytes = d.table_size_bytes,
                 .stored_entries = d.item_count};
  // Local index entries share the table's partitions, capacity and bill.
  for (const table::SecondaryIndex& local : d.local_secondary_indexes) {
    table.stored_bytes += local.index_size_bytes;
    table.stored_entries += local.item_count;
  }
  Costs total;
  AddResourceFigures(table, metering, d.item_count, d.table_size_bytes, &entry, &total);

  wire::Json indexes = wire::Json::array();
  for (const table::SecondaryIndex& index : d.global_secondary_indexes) {
    Resource resource{.id = {.table_id = d.table_id, .index_id = index.index_id},
                      .on_demand = on_demand,
                      .provisioned = &index.provisioned_throughput,
                      .warm = &index.warm_throughput,
                      .hash_attributes = index.HashAttributes(),
                      .stored_bytes = index.index_size_bytes,
                      .stored_entries = index.item_count};
    wire::Json json = {
        {"index_name", index.index_name},
        {"index_status", IndexStatusName(index.index_status)},
    };
    Costs costs;
    AddResourceFigures(resource, metering, index.item_count, index.index_size_bytes, &json, &costs);
    total.standard.Add(costs.standard);
    total.standard_infrequent_access.Add(costs.standard_infrequent_access);
    indexes.push_back(std::move(json));
  }
  entry["indexes"] = std::move(indexes);
  entry["total_cost"] = CostsJson(total);
  entry["auto_scaling"] = AutoScalingJson(auto_scaling, d.table_id);
  return entry;
}

}  // namespace

wire::Json CapacityReport(const table::Catalog& catalog, const capacity::Metering& metering,
                          const AutoScaling* auto_scaling, int64_t now_micros) {
  wire::Json tables = wire::Json::array();
  for (const auto& table : catalog.Tables()) {
    tables.push_back(TableEntry(table->Describe(), metering, auto_scaling));
  }
  return {{"generated_at", EpochSeconds(now_micros)}, {"tables", std::move(tables)}};
}

}  // namespace dynafake::api
