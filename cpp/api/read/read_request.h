// The arguments Query and Scan share (Select, projection, filter, ExclusiveStartKey, the index),
// read and checked with the service's messages; each handler calls them in its own order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "expr/legacy.h"
#include "model/attribute_value.h"
#include "model/key.h"
#include "table/schema.h"
#include "table/table.h"
#include "wire/json.h"

namespace dynafake::api {

enum class Select : uint8_t {
  kAllAttributes,
  kAllProjectedAttributes,
  kSpecificAttributes,
  kCount,
};

// The request's Select (the shape validator has checked the enum), or nullopt.
std::optional<Select> SelectArgument(const wire::Json& request);

// Select against ProjectionExpression / AttributesToGet and IndexName: "Cannot specify the
// <ProjectionExpression|AttributesToGet> when choosing to get <ALL_ATTRIBUTES|
// ALL_PROJECTED_ATTRIBUTES|only the Count>", "Must specify the AttributesToGet or
// ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES can be
// used only when Querying using an IndexName" (all prefixed "1 validation error detected: " for
// Query).
Status CheckSelect(const wire::Json& request, bool query);

// The request's Limit, or nullopt (the shape validator has checked it is at least 1).
std::optional<int64_t> LimitArgument(const wire::Json& request);

// A parsed map member kept with its error until the service's order reports it.
using ParsedStartKey = Result<std::optional<model::Item>>;
using ParsedConditions = Result<std::optional<std::vector<expr::AttributeCondition>>>;

// ExclusiveStartKey's values, or nullopt when absent.
ParsedStartKey ParseStartKey(const wire::Json& request);

// The entries of a KeyConditions, QueryFilter or ScanFilter member, or nullopt when absent.
ParsedConditions ParseConditionMap(const wire::Json& request, const char* member);

// The start key, or its value error as "The provided starting key is invalid: <message>".
Result<std::optional<model::Item>> StartKeyOrError(ParsedStartKey parsed);

// A QueryFilter/ScanFilter as one condition (nullopt when absent or empty), with the value checks
// of expr::TranslateFilter.
Result<std::optional<expr::Condition>> TranslateLegacyFilter(const wire::Json& request,
                                                             ParsedConditions parsed);

// The document paths a condition reads (size() arguments included), for the key checks.
std::vector<const expr::Path*> ConditionPaths(const expr::Condition& condition);

// The table or index a read targets, resolved once per request.
struct ReadTarget {
  std::shared_ptr<table::Table> table;
  std::optional<table::SecondaryIndex> index;

  const model::KeySchema& key_schema() const {
    return index ? index->key_schema : table->key_schema();
  }

  // True when the target is a global index whose key has several HASH or RANGE attributes.
  bool multi_attribute_key() const { return index && index->multi_attribute_key(); }

  // The key attributes of the table or index, HASH ones first, in KeySchema order.
  std::vector<const model::KeyAttribute*> KeyAttributes() const;
};

// The index the request names, if any: "The table does not have the specified index: <idx>" (also
// for an index being deleted; "The provided starting key is invalid" instead when
// `missing_is_bad_start_key`), "Cannot read from backfilling global secondary index: <idx>",
// "Consistent reads are not supported on global secondary indexes".
Result<std::optional<table::SecondaryIndex>> ResolveIndex(const table::Table& table,
                                                          const wire::Json& request,
                                                          bool missing_is_bad_start_key);

// The attributes a LastEvaluatedKey (and so an ExclusiveStartKey) holds: the table key and, for a
// read of `index` (null: the base table), the index key attributes the table key lacks.
std::vector<const model::KeyAttribute*> StartKeyAttributes(const model::KeySchema& table_key,
                                                           const table::SecondaryIndex* index);

// The message every malformed ExclusiveStartKey check without details reports.
inline constexpr char kInvalidStartKey[] = "The provided starting key is invalid";

// True when the start key holds as many attributes as a LastEvaluatedKey of `target` would.
bool StartKeyHasAttributeCount(const model::Item& start_key, const ReadTarget& target);

// Each attribute of `schema` in the start key: "The provided starting key is invalid" when
// missing; "The provided key element does not match the schema" for a value of another type; the
// key size limits.
Status CheckStartKeyAttributes(const model::Item& start_key, const model::KeySchema& schema);

// CheckStartKeyAttributes for every key attribute of `index` (a multi-attribute key included).
Status CheckStartKeyAttributes(const model::Item& start_key, const table::SecondaryIndex& index);

// The table key inside the start key, checked like a Key argument; errors prefixed "The provided
// starting key is invalid: ".
Status CheckStartKeyTableKey(const model::Item& start_key, const model::KeySchema& table_key);

// "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for
// global secondary index <idx> because its projection type is not ALL".
Status CheckIndexSelect(const ReadTarget& target, std::optional<Select> select);

// The Select in effect: as given, else SPECIFIC_ATTRIBUTES with a projection, else
// ALL_PROJECTED_ATTRIBUTES on an index and ALL_ATTRIBUTES on a table.
Select EffectiveSelect(std::optional<Select> select, bool has_projection, bool index);

// True when a read of local secondary index `index` must fetch base items: for ALL_ATTRIBUTES on a
// projection that is not ALL, or when the projection or the filter names an attribute the index
// does not hold.
bool NeedsBaseItems(const table::SecondaryIndex& index, const model::KeySchema& table_key,
                    Select select, const std::optional<expr::Projection>& projection,
                    const std::vector<const expr::Path*>& filter_paths);

}  // namespace dynafake::api
