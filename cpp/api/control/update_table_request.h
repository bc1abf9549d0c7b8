// The parsed UpdateTable request, what applying it changes, and the GlobalSecondaryIndexUpdates
// part of applying it (update_table_indexes.cc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dynafake/status.h"

#include "api/control/table_definition.h"
#include "table/schema.h"
#include "wire/json.h"

namespace dynafake::api {

enum class GsiActionKind : uint8_t { kCreate, kUpdate, kDelete };

// One entry of GlobalSecondaryIndexUpdates.
struct GsiAction {
  GsiActionKind kind;
  std::string index_name;
  const wire::Json* body;  // the action's members, inside the request
};

// The members of an UpdateTable request that passed the request-level checks. The pointers are
// into the request, which outlives it.
struct UpdateRequest {
  std::optional<std::string> billing_mode;
  std::optional<Throughput> throughput;
  std::vector<GsiAction> gsi_actions;
  const wire::Json* stream = nullptr;
  const wire::Json* sse = nullptr;
  std::optional<bool> deletion_protection;
  std::optional<std::string> table_class;
  std::optional<std::vector<table::AttributeDefinition>> attribute_definitions;
  // Absent also when given without members, which the service ignores.
  std::optional<RequestedUnits> on_demand_throughput;
  std::optional<RequestedUnits> warm_throughput;
};

// The OnDemandThroughput maximums a call removes (sets to -1).
struct RemovedMaximums {
  bool read = false;
  bool write = false;
};

// What the answer shows differently from the stored result.
struct Changes {
  bool table_level = false;  // the table goes UPDATING
  bool switched_billing = false;
  // DynamoDB: a capacity change answers with the old values (and the new Last*DateTime).
  std::optional<table::ProvisionedThroughput> old_table_throughput;
  std::vector<std::pair<std::string, table::ProvisionedThroughput>> old_index_throughputs;
  // DynamoDB: a WarmThroughput change answers with the old values and Status UPDATING
  // (update_table_test.cc WarmThroughputOnlyIncreases).
  std::optional<table::WarmThroughput> old_table_warm;
  std::vector<std::pair<std::string, table::WarmThroughput>> old_index_warms;
  // DynamoDB: a maximum the call removes shows as -1 in the answer, and is gone afterwards
  // (update_table_test.cc SetsMergesAndRemovesMaximums).
  RemovedMaximums removed_table_maximums;
  std::vector<std::pair<std::string, RemovedMaximums>> removed_index_maximums;
};

// The maximums `requested` removes.
inline RemovedMaximums RemovedBy(const RequestedUnits& requested) {
  return {requested.read == table::kNoMaximum, requested.write == table::kNoMaximum};
}

// LimitExceededException "Subscriber limit exceeded: Only 1 online index can be created or deleted
// simultaneously per table".
Status OnlyOneOnlineIndex();

// ResourceInUseException "Attempt to change a resource which is still in use: <what>".
Status StillInUse(const std::string& what);

table::SecondaryIndex* FindGlobalIndex(table::TableDescription& d, const std::string& name);

// Applies the GSI Create/Update/Delete actions to `d` (after the billing mode change, whose
// result decides the capacity rules).
Status ApplyGsiActions(const UpdateRequest& u, table::TableDescription& d, int64_t now, Changes& c);

}  // namespace dynafake::api
