// The table-definition members CreateTable and UpdateTable share (KeySchema, AttributeDefinitions,
// Projection, ProvisionedThroughput, OnDemandThroughput, WarmThroughput, SSESpecification), parsed
// and checked with the service's messages. Requests reach these after shape validation, so member
// types are as the model says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "table/schema.h"
#include "wire/json.h"

namespace dynafake::api {

// ValidationException "One or more parameter values were invalid: <detail>".
Status InvalidParameter(std::string_view detail);

// True when `object` has `member` with a non-null value.
bool HasMember(const wire::Json& object, std::string_view member);

// "[a, b, c]", the service's rendering of a list of names.
std::string BracketList(const std::vector<std::string>& names);

// `names` in the iteration order of a Java HashSet built from them, which is how the service
// lists the sets in its messages.
std::vector<std::string> JavaHashSetOrder(const std::vector<std::string>& names);

struct KeyElement {
  std::string attribute_name;
  std::string key_type;  // "HASH" or "RANGE"
};

std::vector<KeyElement> ParseKeyElements(const wire::Json& key_schema);

// A KeySchema of a table or LSI has at most two elements: the service reports more as a request
// validation error at `path` ("keySchema", "localSecondaryIndexes.1.member.keySchema").
Status CheckKeySchemaLength(const std::vector<KeyElement>& keys, std::string_view path);

// AttributeDefinitions in request order; "Attribute Name is duplicated: <name>".
Result<std::vector<table::AttributeDefinition>> ParseAttributeDefinitions(
    const wire::Json& definitions);

const table::AttributeDefinition* FindDefinition(
    const std::vector<table::AttributeDefinition>& definitions, std::string_view name);

// The table KeySchema checks of CreateTable, in the service's order.
Status CheckTableKeySchema(const std::vector<KeyElement>& keys,
                           const std::vector<table::AttributeDefinition>& definitions);

// REQUIRES: the keys passed their checks and every key attribute is defined.
model::KeySchema ToKeySchema(const std::vector<KeyElement>& keys,
                             const std::vector<table::AttributeDefinition>& definitions);

// Projection: ProjectionType required, NonKeyAttributes only (and always) for INCLUDE, no
// duplicates; the attributes come back sorted as the service returns them.
Result<table::Projection> ParseProjection(const wire::Json& projection);

// An index's name, KeySchema and Projection (a LocalSecondaryIndex when `table_key_for_lsi` is
// given, else a GlobalSecondaryIndex), checked in the service's order; throughput is the
// caller's, since CreateTable and UpdateTable word its errors differently.
Result<table::SecondaryIndex> ParseIndexDefinition(
    const wire::Json& index, const std::vector<table::AttributeDefinition>& definitions,
    const model::KeySchema* table_key_for_lsi);

struct Throughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
};

// The ProvisionedThroughput member of `parent`, if present.
std::optional<Throughput> ParseThroughput(const wire::Json& parent);

// "Given value <n> for ReadCapacityUnits is out of bounds" above 10^12.
Status CheckThroughputBounds(const Throughput& throughput);

// OnDemandThroughput {MaxReadRequestUnits, MaxWriteRequestUnits} or WarmThroughput
// {ReadUnitsPerSecond, WriteUnitsPerSecond} as a request gives it; either member may be absent.
struct RequestedUnits {
  std::optional<int64_t> read;
  std::optional<int64_t> write;
};

// The OnDemandThroughput / WarmThroughput member of `parent` (a request, a GSI definition or a GSI
// action). DynamoDB: a structure without members counts as absent (lab probe DDB-TABLE-456;
// test_on_demand_throughput.py test_empty_structures_are_ignored).
std::optional<RequestedUnits> ParseOnDemandThroughput(const wire::Json& parent);
std::optional<RequestedUnits> ParseWarmThroughput(const wire::Json& parent);

// True when `parent` has a WarmThroughput structure with no member set.
bool HasEmptyWarmThroughput(const wire::Json& parent);

// The operation whose wording a message takes.
enum class ControlOperation : uint8_t { kCreateTable, kUpdateTable };

// An OnDemandThroughput for the table (`index_name` empty) or one of its global secondary indexes
// in billing mode `mode`: refused for PROVISIONED; each maximum given at least 1, or -1 (remove the
// maximum) where `allow_removal` (UpdateTable on an existing table or index).
Status CheckOnDemandThroughput(const RequestedUnits& requested, table::BillingMode mode,
                               std::string_view index_name, ControlOperation operation,
                               bool allow_removal);

// Merges the given maximums into `current`; -1 removes one.
void ApplyOnDemandThroughput(const RequestedUnits& requested, table::OnDemandThroughput& current);

// A WarmThroughput asked for when the table or index is created: on-demand, at least the initial
// 12000/4000 units; provisioned, at least its ReadCapacityUnits/WriteCapacityUnits.
Status CheckInitialWarmThroughput(const RequestedUnits& requested, table::BillingMode mode,
                                  const table::ProvisionedThroughput& throughput,
                                  std::string_view index_name);

// A WarmThroughput asked for by UpdateTable: no member below the `current` reported value.
Status CheckWarmThroughputIncrease(const RequestedUnits& requested,
                                   const table::WarmThroughput& current,
                                   std::string_view index_name);

// Merges the given members into `current`.
void ApplyWarmThroughput(const RequestedUnits& requested, table::WarmThroughput& current);

// LimitExceededException when the provisioned capacity, an OnDemandThroughput maximum or a
// WarmThroughput asked for, on the table or a GSI, exceeds the per-table quota (DescribeLimits'
// TableMax*CapacityUnits).
Status CheckRequestUnitQuotas(const table::TableDescription& description,
                              const std::string& region);

// The warm throughput the service reports for the table (`throughput` and `requested` its own) or
// one of its GSIs: what the capacity mode gives (see the .cc), raised to what was asked for.
table::WarmThroughput ReportedWarmThroughput(const table::TableDescription& description,
                                             const table::ProvisionedThroughput& throughput,
                                             const table::WarmThroughput& requested);

// SSESpecification of CreateTable or UpdateTable. A disabled result means the AWS-owned key.
Result<table::SseSpecification> ParseSseSpecification(const wire::Json& sse,
                                                      const std::string& region,
                                                      const std::string& account_id);

// NumberOfDecreasesToday as of `now_micros`: the counter starts again at 00:00 UTC.
int64_t DecreasesToday(const table::ProvisionedThroughput& throughput, int64_t now_micros);

// The KeySchema, billing mode, capacity, AttributeDefinitions and indexes of a CreateTable
// request (or of the one a restore makes up from its source and overrides), checked in the
// service's order with its messages, into `d` (create_table.cc).
Status ParseKeysAndIndexes(const wire::Json& request, table::TableDescription& d);

// Epoch seconds with millisecond precision, the service's timestamp form.
double EpochSeconds(int64_t micros);

}  // namespace dynafake::api
