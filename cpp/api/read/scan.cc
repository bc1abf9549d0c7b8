// Scan: a whole table or index (or one parallel scan segment of it) in storage order, which is the
// order of the partition keys' hashes, one page at a time.
#include <array>
#include <string>
#include <string_view>

#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/common/legacy_arguments.h"
#include "api/operation.h"
#include "api/read/key_range.h"
#include "api/read/read_page.h"
#include "api/read/read_request.h"
#include "table/keyspace.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr std::array<std::string_view, 3> kLegacyParameters = {"AttributesToGet", "ScanFilter",
                                                               "ConditionalOperator"};
constexpr std::array<std::string_view, 2> kExpressionParameters = {"ProjectionExpression",
                                                                   "FilterExpression"};
constexpr ExpressionParameters kParameters{kLegacyParameters, kExpressionParameters, "ScanFilter"};

// Segment and TotalSegments, both present or both absent.
struct Segments {
  uint32_t segment = 0;
  uint32_t total = 0;  // 0: not a parallel scan
};

// Everything read from the request before the table is looked up.
struct ScanArguments {
  std::optional<model::Item> start_key;
  std::optional<expr::Condition> filter;  // FilterExpression or ScanFilter
  std::optional<expr::Projection> projection;
  Segments segments;
};

std::optional<int64_t> IntegerMember(const wire::Json& request, const char* member) {
  auto it = request.find(member);
  if (it == request.end() || !it->is_number_integer()) {
    return std::nullopt;
  }
  return it->get<int64_t>();
}

// DynamoDB: Segment 0 counts as present (conformance/test_scan.py::test_segment_errors).
Result<Segments> SegmentsArgument(const wire::Json& request) {
  const std::optional<int64_t> segment = IntegerMember(request, "Segment");
  const std::optional<int64_t> total = IntegerMember(request, "TotalSegments");
  if (segment && !total) {
    return ValidationError(
        "The TotalSegments parameter is required but was not present in the request when Segment "
        "parameter is present");
  }
  if (total && !segment) {
    return ValidationError(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  if (!total) {
    return Segments{};
  }
  if (*segment >= *total) {
    return ValidationError(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " +
        std::to_string(*segment) + " is not less than TotalSegments: " + std::to_string(*total));
  }
  return Segments{static_cast<uint32_t>(*segment), static_cast<uint32_t>(*total)};
}

// DynamoDB's order (dynalite validations/scan.js): expression parameter rules, AttributesToGet,
// ScanFilter, ExclusiveStartKey values, Segment and TotalSegments, the expressions, then Select.
Result<ScanArguments> ParseScanArguments(const RequestContext& context, const wire::Json& request) {
  ParsedStartKey start_key = ParseStartKey(request);
  ParsedConditions scan_filter = ParseConditionMap(request, "ScanFilter");
  DF_RETURN_IF_ERROR(SerializationErrorOf(start_key.status()));
  DF_RETURN_IF_ERROR(SerializationErrorOf(scan_filter.status()));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kParameters));

  ScanArguments arguments;
  DF_ASSIGN_OR_RETURN(arguments.projection, ParseAttributesToGet(request));
  DF_ASSIGN_OR_RETURN(arguments.filter, TranslateLegacyFilter(request, std::move(scan_filter)));
  DF_ASSIGN_OR_RETURN(arguments.start_key, StartKeyOrError(std::move(start_key)));
  DF_ASSIGN_OR_RETURN(arguments.segments, SegmentsArgument(request));
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kParameters));
  if (expressions.filter) {
    arguments.filter = std::move(expressions.filter);
  }
  if (expressions.projection) {
    arguments.projection = std::move(expressions.projection);
  }
  DF_RETURN_IF_ERROR(CheckSelect(request, /*query=*/false));
  return arguments;
}

// DynamoDB: dynalite actions/scan.js's checks of the ExclusiveStartKey, in its order
// (conformance/test_scan.py::test_start_key_errors).
Status CheckStartKey(const model::Item& start_key, const ReadTarget& target) {
  if (!StartKeyHasAttributeCount(start_key, target)) {
    return ValidationError(target.index ? std::string(kInvalidStartKey)
                                        : std::string(kInvalidStartKey) +
                                              ": The provided key element does not match the "
                                              "schema");
  }
  if (target.index) {
    DF_RETURN_IF_ERROR(CheckStartKeyAttributes(start_key, *target.index));
  }
  return Status::Ok();
}

}  // namespace

// DynamoDB's order of the checks that need the table (dynalite actions/scan.js): the index, the
// ExclusiveStartKey's shape, Select on a global index, the ExclusiveStartKey's table key and
// segment, the key paths of the projection and the filter.
Result<wire::Json> Scan(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(ScanArguments arguments, ParseScanArguments(context, request));
  const std::string& table_name = TableNameArgument(request);
  ReadTarget target;
  DF_ASSIGN_OR_RETURN(target.table, UsableTable(context, table_name));
  DF_ASSIGN_OR_RETURN(target.index,
                      ResolveIndex(*target.table, request, arguments.start_key.has_value()));
  if (arguments.start_key) {
    DF_RETURN_IF_ERROR(CheckStartKey(*arguments.start_key, target));
  }
  DF_RETURN_IF_ERROR(CheckIndexSelect(target, SelectArgument(request)));

  const table::SecondaryIndex* index = target.index ? &*target.index : nullptr;
  const uint32_t table_id = target.table->table_id();
  const uint32_t index_id = index ? index->index_id : table::kBaseIndexId;
  const Segments segments = arguments.segments;
  std::optional<std::string> start_after;
  if (arguments.start_key) {
    DF_RETURN_IF_ERROR(CheckStartKeyTableKey(*arguments.start_key, target.table->key_schema()));
    start_after =
        StartKeyStorageKey(table_id, target.table->key_schema(), index, *arguments.start_key);
    if (segments.total > 1 && table::SegmentOf(*start_after, segments.total) != segments.segment) {
      return ValidationError(
          std::string(kInvalidStartKey) +
          ": Invalid ExclusiveStartKey. Please use ExclusiveStartKey with correct Segment. "
          "TotalSegments: " +
          std::to_string(segments.total) + " Segment: " + std::to_string(segments.segment));
    }
  }
  DF_RETURN_IF_ERROR(CheckKeyPaths(*target.table, ProjectionPaths(arguments.projection)));
  const std::vector<const expr::Path*> filter_paths =
      arguments.filter ? ConditionPaths(*arguments.filter) : std::vector<const expr::Path*>();
  DF_RETURN_IF_ERROR(CheckKeyPaths(*target.table, filter_paths));

  PageRequest page = MakePageRequest(target, request, table_name, arguments.filter,
                                     arguments.projection, filter_paths);
  // DynamoDB: a Scan reads in the order of the partition keys' hashes, and a parallel scan segment
  // is a contiguous run of hashes, so a key lands in the same segment every time
  // (conformance/test_scan.py::test_parallel_scan_covers_table_once).
  page.range = segments.total > 0
                   ? table::SegmentRange(table_id, index_id, segments.segment, segments.total)
                   : table::WholeIndexRange(table_id, index_id);
  page.start_after = std::move(start_after);
  CapacityMeter meter(context, *target.table);
  page.meter = &meter;
  return ReadPage(page);
}

}  // namespace dynafake::api
