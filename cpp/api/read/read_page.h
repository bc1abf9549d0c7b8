// One page of a Query or Scan: the entries of a key range read in order until the range ends, the
// Limit is reached or the page holds 1 MB; then the filter, the projection, the counts, the
// LastEvaluatedKey and the consumed capacity (docs: dynamodb-behaviour.md 4.6, 4.7, 7.1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/common/capacity_meter.h"
#include "api/common/consumed_capacity.h"
#include "api/read/read_request.h"
#include "expr/ast.h"
#include "table/keyspace.h"
#include "table/schema.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

struct PageRequest {
  const table::Table* table = nullptr;
  // The index read, or null for the base table.
  const table::SecondaryIndex* index = nullptr;
  // As the request named the table (echoed in ConsumedCapacity).
  std::string_view table_name;
  table::KeyRange range;
  // The storage key of the ExclusiveStartKey: the read resumes strictly after it.
  std::optional<std::string> start_after;
  bool forward = true;
  std::optional<int64_t> limit;
  bool consistent_read = false;
  const expr::Condition* filter = nullptr;
  const expr::Projection* projection = nullptr;
  // The Select in effect (EffectiveSelect).
  Select select = Select::kAllAttributes;
  // A local secondary index read that needs the base items (NeedsBaseItems).
  bool fetch_base_items = false;
  ReturnConsumedCapacity capacity_mode = ReturnConsumedCapacity::kNone;
  // Meters the page's consumption (null: not metered); `partition` is the partition key value a
  // Query reads (of the index read), nullopt for a Scan.
  CapacityMeter* meter = nullptr;
  std::optional<PartitionKey> partition;
};

// A page of `target` for `request` with everything but the range, the start and the direction:
// the Limit, ConsistentRead, filter, projection, Select (EffectiveSelect), the base item fetch of a
// local index (NeedsBaseItems) and ReturnConsumedCapacity. `filter_paths` are the filter's
// (ConditionPaths). The page points into `target`, `table_name`, `filter` and `projection`.
PageRequest MakePageRequest(const ReadTarget& target, const wire::Json& request,
                            std::string_view table_name,
                            const std::optional<expr::Condition>& filter,
                            const std::optional<expr::Projection>& projection,
                            const std::vector<const expr::Path*>& filter_paths);

// The response of one page: Items (unless Select is COUNT), Count, ScannedCount, LastEvaluatedKey
// when the page stopped at the Limit or at 1 MB, and ConsumedCapacity when asked for. With a meter,
// the read is admitted first (a throttle reads nothing) and its consumption charged.
Result<wire::Json> ReadPage(const PageRequest& request);

}  // namespace dynafake::api
