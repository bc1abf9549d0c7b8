// Query: one partition of a table or index, in sort key order, one page at a time.
#include <array>
#include <string_view>

#include "api/common/consumed_capacity.h"
#include "api/common/expression_arguments.h"
#include "api/common/item_arguments.h"
#include "api/common/legacy_arguments.h"
#include "api/operation.h"
#include "api/read/key_conditions.h"
#include "api/read/key_range.h"
#include "api/read/read_page.h"
#include "api/read/read_request.h"
#include "expr/key_condition.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

constexpr std::array<std::string_view, 4> kLegacyParameters = {
    "AttributesToGet", "QueryFilter", "ConditionalOperator", "KeyConditions"};
constexpr std::array<std::string_view, 3> kExpressionParameters = {
    "ProjectionExpression", "FilterExpression", "KeyConditionExpression"};
constexpr ExpressionParameters kParameters{kLegacyParameters, kExpressionParameters, "QueryFilter"};

// Everything read from the request before the table is looked up.
struct QueryArguments {
  std::optional<model::Item> start_key;
  // FilterExpression, or QueryFilter (legacy_filter).
  std::optional<expr::Condition> filter;
  bool legacy_filter = false;
  std::optional<expr::Projection> projection;
  // KeyConditionExpression, else the KeyConditions entries.
  std::optional<expr::Condition> key_condition_expression;
  std::vector<expr::AttributeCondition> key_conditions;
};

bool Present(const wire::Json& request, const char* member) {
  auto it = request.find(member);
  return it != request.end() && !it->is_null();
}

// DynamoDB's order (dynalite validations/query.js, after the input constraints Select belongs to):
// expression parameter rules, QueryFilter, AttributesToGet, ExclusiveStartKey values, a key
// condition present, the expressions, the key condition's shape.
Result<QueryArguments> ParseQueryArguments(const RequestContext& context,
                                           const wire::Json& request) {
  ParsedStartKey start_key = ParseStartKey(request);
  ParsedConditions query_filter = ParseConditionMap(request, "QueryFilter");
  ParsedConditions key_conditions = ParseConditionMap(request, "KeyConditions");
  DF_RETURN_IF_ERROR(SerializationErrorOf(start_key.status()));
  DF_RETURN_IF_ERROR(SerializationErrorOf(query_filter.status()));
  DF_RETURN_IF_ERROR(SerializationErrorOf(key_conditions.status()));
  DF_RETURN_IF_ERROR(CheckSelect(request, /*query=*/true));
  DF_RETURN_IF_ERROR(CheckExpressionParameters(request, kParameters));

  QueryArguments arguments;
  DF_ASSIGN_OR_RETURN(arguments.filter, TranslateLegacyFilter(request, std::move(query_filter)));
  arguments.legacy_filter = arguments.filter.has_value();
  DF_ASSIGN_OR_RETURN(arguments.projection, ParseAttributesToGet(request));
  DF_ASSIGN_OR_RETURN(arguments.start_key, StartKeyOrError(std::move(start_key)));
  if (!Present(request, "KeyConditions") && !Present(request, "KeyConditionExpression")) {
    return ValidationError(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }
  DF_ASSIGN_OR_RETURN(ParsedExpressions expressions,
                      ParseExpressions(context, request, kParameters));
  if (expressions.key_condition) {
    DF_RETURN_IF_ERROR(expr::CheckKeyConditionShape(*expressions.key_condition));
    arguments.key_condition_expression = std::move(expressions.key_condition);
  } else {
    DF_ASSIGN_OR_RETURN(std::optional<std::vector<expr::AttributeCondition>> entries,
                        std::move(key_conditions));
    arguments.key_conditions = std::move(entries).value_or(std::vector<expr::AttributeCondition>());
    DF_RETURN_IF_ERROR(CheckLegacyKeyConditions(arguments.key_conditions));
  }
  if (expressions.filter) {
    arguments.filter = std::move(expressions.filter);
  }
  if (expressions.projection) {
    arguments.projection = std::move(expressions.projection);
  }
  return arguments;
}

// DynamoDB: a Query filter may not read the queried table's or index's key attributes, partition
// key first (dynalite actions/query.js; conformance/test_query.py::test_filter_on_key_attribute).
// DynamoDB: the same holds for every key attribute of a multi-attribute index key, in KeySchema
// order (scylladb test_gsi_composite_keys.py::test_gsi_composite_filter_on_range_attr_rejected).
Status CheckFilterNotOnKey(const std::vector<const expr::Path*>& filter_paths, bool legacy,
                           const ReadTarget& target) {
  for (const model::KeyAttribute* key : target.KeyAttributes()) {
    for (const expr::Path* path : filter_paths) {
      if (path->front().name == key->name) {
        return ValidationError(std::string(legacy ? "QueryFilter" : "Filter Expression") +
                               " can only contain non-primary key attributes: Primary key "
                               "attribute: " +
                               key->name);
      }
    }
  }
  return Status::Ok();
}

expr::MultiAttributeKey MultiAttributeKeyOf(const table::SecondaryIndex& index) {
  return {index.HashAttributes(), index.RangeAttributes()};
}

Result<expr::KeyCondition> ValidateQueryKeyCondition(const QueryArguments& arguments,
                                                     const ReadTarget& target) {
  const model::KeySchema& schema = target.key_schema();
  if (arguments.key_condition_expression) {
    if (target.multi_attribute_key()) {
      return expr::ValidateMultiAttributeKeyCondition(*arguments.key_condition_expression,
                                                      MultiAttributeKeyOf(*target.index));
    }
    return expr::ValidateKeyCondition(*arguments.key_condition_expression, schema);
  }
  if (target.multi_attribute_key()) {
    return ValidateLegacyMultiAttributeKeyConditions(arguments.key_conditions,
                                                     MultiAttributeKeyOf(*target.index));
  }
  return ValidateLegacyKeyConditions(arguments.key_conditions, schema);
}

// The ExclusiveStartKey's own checks that precede the key condition's (dynalite
// actions/query.js).
Status CheckStartKeyShape(const model::Item& start_key, const ReadTarget& target) {
  if (!StartKeyHasAttributeCount(start_key, target)) {
    return ValidationError(kInvalidStartKey);
  }
  if (target.index) {
    return CheckStartKeyAttributes(start_key, *target.index);
  }
  return CheckStartKeyAttributes(start_key, target.key_schema());
}

}  // namespace

// DynamoDB's order of the checks that need the table (dynalite actions/query.js): the index, the
// ExclusiveStartKey's shape, the key condition against the key schema, the ExclusiveStartKey
// against the table key and the condition, the projection's key paths, the filter's key
// attributes, Select on a global index, the filter's key paths.
Result<wire::Json> Query(RequestContext& context, const wire::Json& request) {
  DF_ASSIGN_OR_RETURN(QueryArguments arguments, ParseQueryArguments(context, request));
  const std::string& table_name = TableNameArgument(request);
  ReadTarget target;
  DF_ASSIGN_OR_RETURN(target.table, UsableTable(context, table_name));
  DF_ASSIGN_OR_RETURN(target.index, ResolveIndex(*target.table, request, false));
  const model::KeySchema& schema = target.key_schema();
  if (arguments.start_key) {
    DF_RETURN_IF_ERROR(CheckStartKeyShape(*arguments.start_key, target));
  }
  DF_ASSIGN_OR_RETURN(const expr::KeyCondition key_condition,
                      ValidateQueryKeyCondition(arguments, target));
  if (arguments.start_key) {
    DF_RETURN_IF_ERROR(CheckStartKeyTableKey(*arguments.start_key, target.table->key_schema()));
    DF_RETURN_IF_ERROR(target.multi_attribute_key()
                           ? CheckStartKeyBounds(*arguments.start_key,
                                                 MultiAttributeKeyOf(*target.index), key_condition)
                           : CheckStartKeyBounds(*arguments.start_key, schema, key_condition));
  }
  DF_RETURN_IF_ERROR(CheckKeyPaths(*target.table, ProjectionPaths(arguments.projection)));
  const std::vector<const expr::Path*> filter_paths =
      arguments.filter ? ConditionPaths(*arguments.filter) : std::vector<const expr::Path*>();
  DF_RETURN_IF_ERROR(CheckFilterNotOnKey(filter_paths, arguments.legacy_filter, target));
  const std::optional<Select> select = SelectArgument(request);
  DF_RETURN_IF_ERROR(CheckIndexSelect(target, select));
  DF_RETURN_IF_ERROR(CheckKeyPaths(*target.table, filter_paths));

  const table::SecondaryIndex* index = target.index ? &*target.index : nullptr;
  const uint32_t table_id = target.table->table_id();
  PageRequest page = MakePageRequest(target, request, table_name, arguments.filter,
                                     arguments.projection, filter_paths);
  page.range =
      KeyConditionRange(table_id, index ? index->index_id : table::kBaseIndexId, key_condition);
  if (arguments.start_key) {
    page.start_after =
        StartKeyStorageKey(table_id, target.table->key_schema(), index, *arguments.start_key);
  }
  auto forward = request.find("ScanIndexForward");
  page.forward = forward == request.end() || !forward->is_boolean() || forward->get<bool>();
  CapacityMeter meter(context, *target.table);
  if (meter.metering()) {
    std::vector<const model::AttributeValue*> partition_values = {&key_condition.partition_value};
    for (const model::AttributeValue& value : key_condition.more_partition_values) {
      partition_values.push_back(&value);
    }
    page.meter = &meter;
    page.partition = PartitionKeyOf(partition_values);
  }
  return ReadPage(page);
}

}  // namespace dynafake::api
