#include "api/read/read_request.h"

#include <algorithm>
#include <utility>

#include "api/common/item_arguments.h"
#include "api/common/legacy_arguments.h"
#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {
namespace {

constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;

// The member `name` of `request` unless absent or null.
const wire::Json* PresentMember(const wire::Json& request, std::string_view name) {
  auto it = request.find(name);
  return it == request.end() || it->is_null() ? nullptr : &*it;
}

std::string_view SelectName(Select select) {
  switch (select) {
    case Select::kAllAttributes:
      return "ALL_ATTRIBUTES";
    case Select::kAllProjectedAttributes:
      return "ALL_PROJECTED_ATTRIBUTES";
    case Select::kSpecificAttributes:
      return "SPECIFIC_ATTRIBUTES";
    case Select::kCount:
      return "only the Count";
  }
  return "";
}

void CollectOperandPaths(const expr::Operand& operand, std::vector<const expr::Path*>* paths) {
  if (operand.kind == expr::Operand::Kind::kPath) {
    paths->push_back(&operand.path);
  }
  for (const expr::Operand& argument : operand.arguments) {
    CollectOperandPaths(argument, paths);
  }
}

void CollectConditionPaths(const expr::Condition& condition,
                           std::vector<const expr::Path*>* paths) {
  for (const expr::Operand& operand : condition.operands) {
    CollectOperandPaths(operand, paths);
  }
  for (const expr::Condition& child : condition.children) {
    CollectConditionPaths(child, paths);
  }
}

void AddKeyAttributes(const model::KeySchema& schema,
                      std::vector<const model::KeyAttribute*>* attributes) {
  auto add = [attributes](const model::KeyAttribute& attribute) {
    const bool known = std::any_of(
        attributes->begin(), attributes->end(),
        [&attribute](const model::KeyAttribute* a) { return a->name == attribute.name; });
    if (!known) {
      attributes->push_back(&attribute);
    }
  };
  add(schema.hash);
  if (schema.range) {
    add(*schema.range);
  }
}

Status CheckStartKeyValue(const model::Item& start_key, const model::KeyAttribute& attribute,
                          bool hash) {
  auto it = start_key.find(attribute.name);
  if (it == start_key.end()) {
    return ValidationError(kInvalidStartKey);
  }
  const model::AttributeValue& value = it->second;
  if (value.type() != attribute.type) {
    return ValidationError("The provided key element does not match the schema");
  }
  if (value.type() == model::AttributeType::kN) {
    return Status::Ok();
  }
  if (hash && value.as_string().size() > kMaxHashKeyBytes) {
    return ValidationError(
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
        "limit of2048 bytes");
  }
  if (!hash && value.as_string().size() > kMaxRangeKeyBytes) {
    return ValidationError(
        "One or more parameter values were invalid: Aggregated size of all range keys has "
        "exceeded the size limit of 1024 bytes");
  }
  return Status::Ok();
}

}  // namespace

std::optional<Select> SelectArgument(const wire::Json& request) {
  const wire::Json* select = PresentMember(request, "Select");
  if (select == nullptr || !select->is_string()) {
    return std::nullopt;
  }
  const std::string& name = select->get_ref<const std::string&>();
  if (name == "ALL_ATTRIBUTES") {
    return Select::kAllAttributes;
  }
  if (name == "ALL_PROJECTED_ATTRIBUTES") {
    return Select::kAllProjectedAttributes;
  }
  if (name == "SPECIFIC_ATTRIBUTES") {
    return Select::kSpecificAttributes;
  }
  if (name == "COUNT") {
    return Select::kCount;
  }
  return std::nullopt;
}

// DynamoDB: the conflicts are reported first the projection given with another Select, then
// SPECIFIC_ATTRIBUTES without one, then ALL_PROJECTED_ATTRIBUTES without an index; Query words
// them inside the "1 validation error detected: " envelope and Scan bare
// (conformance/test_query.py::test_select_conflicts, test_scan.py::test_select_conflicts).
Status CheckSelect(const wire::Json& request, bool query) {
  const std::optional<Select> select = SelectArgument(request);
  if (!select) {
    return Status::Ok();
  }
  const std::string envelope = query ? "1 validation error detected: " : "";
  const bool has_attributes_to_get = PresentMember(request, "AttributesToGet") != nullptr;
  const bool has_expression = PresentMember(request, "ProjectionExpression") != nullptr;
  if ((has_attributes_to_get || has_expression) && *select != Select::kSpecificAttributes) {
    return ValidationError(envelope + "Cannot specify the " +
                           (has_attributes_to_get ? "AttributesToGet" : "ProjectionExpression") +
                           " when choosing to get " + std::string(SelectName(*select)));
  }
  if (*select == Select::kSpecificAttributes && !has_attributes_to_get && !has_expression) {
    return ValidationError(envelope +
                           "Must specify the AttributesToGet or ProjectionExpression when "
                           "choosing to get SPECIFIC_ATTRIBUTES");
  }
  if (*select == Select::kAllProjectedAttributes &&
      PresentMember(request, "IndexName") == nullptr) {
    return ValidationError(envelope +
                           "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an "
                           "IndexName");
  }
  return Status::Ok();
}

std::optional<int64_t> LimitArgument(const wire::Json& request) {
  const wire::Json* limit = PresentMember(request, "Limit");
  if (limit == nullptr || !limit->is_number_integer()) {
    return std::nullopt;
  }
  return limit->get<int64_t>();
}

ParsedStartKey ParseStartKey(const wire::Json& request) {
  const wire::Json* start_key = PresentMember(request, "ExclusiveStartKey");
  if (start_key == nullptr) {
    return std::optional<model::Item>();
  }
  DF_ASSIGN_OR_RETURN(model::Item item, wire::ParseItem(*start_key));
  return std::optional<model::Item>(std::move(item));
}

ParsedConditions ParseConditionMap(const wire::Json& request, const char* member) {
  const wire::Json* map = PresentMember(request, member);
  if (map == nullptr) {
    return std::optional<std::vector<expr::AttributeCondition>>();
  }
  DF_ASSIGN_OR_RETURN(std::vector<expr::AttributeCondition> conditions,
                      ParseAttributeConditions(*map));
  return std::optional<std::vector<expr::AttributeCondition>>(std::move(conditions));
}

Result<std::optional<model::Item>> StartKeyOrError(ParsedStartKey parsed) {
  if (!parsed.has_value() && parsed.error().code() == ErrorCode::kValidation) {
    return ValidationError(std::string(kInvalidStartKey) + ": " + parsed.error().message());
  }
  return parsed;
}

Result<std::optional<expr::Condition>> TranslateLegacyFilter(const wire::Json& request,
                                                             ParsedConditions parsed) {
  DF_ASSIGN_OR_RETURN(std::optional<std::vector<expr::AttributeCondition>> conditions,
                      std::move(parsed));
  if (!conditions) {
    return std::optional<expr::Condition>();
  }
  return expr::TranslateFilter(*conditions, ConditionalOperatorArgument(request));
}

std::vector<const expr::Path*> ConditionPaths(const expr::Condition& condition) {
  std::vector<const expr::Path*> paths;
  CollectConditionPaths(condition, &paths);
  return paths;
}

Result<std::optional<table::SecondaryIndex>> ResolveIndex(const table::Table& table,
                                                          const wire::Json& request,
                                                          bool missing_is_bad_start_key) {
  const wire::Json* index_name = PresentMember(request, "IndexName");
  if (index_name == nullptr) {
    return std::optional<table::SecondaryIndex>();
  }
  const std::string& name = index_name->get_ref<const std::string&>();
  std::optional<table::SecondaryIndex> index = table.FindIndex(name);
  // DynamoDB: an index being deleted can no longer be read
  // (conformance/test_indexes.py::test_read_deleting_index).
  if (!index || index->index_status == table::IndexStatus::kDeleting) {
    // DynamoDB: Scan with an ExclusiveStartKey reports an unknown index as a bad start key
    // (dynalite actions/scan.js; conformance/test_scan.py::test_start_key_with_unknown_index).
    if (missing_is_bad_start_key) {
      return ValidationError(kInvalidStartKey);
    }
    return ValidationError("The table does not have the specified index: " + name);
  }
  // DynamoDB: a global index being created answers no reads until its backfill ends
  // (conformance/test_indexes.py::test_read_backfilling_index).
  if (index->global && index->index_status == table::IndexStatus::kCreating) {
    return ValidationError("Cannot read from backfilling global secondary index: " + name);
  }
  if (index->global && BoolMember(request, "ConsistentRead")) {
    return ValidationError("Consistent reads are not supported on global secondary indexes");
  }
  return index;
}

std::vector<const model::KeyAttribute*> StartKeyAttributes(const model::KeySchema& table_key,
                                                           const table::SecondaryIndex* index) {
  std::vector<const model::KeyAttribute*> attributes;
  attributes.reserve(4);
  AddKeyAttributes(table_key, &attributes);
  if (index != nullptr) {
    AddKeyAttributes(index->key_schema, &attributes);
    // DynamoDB: a multi-attribute index key's LastEvaluatedKey holds every key attribute
    // (scylladb test_gsi_composite_keys.py::test_gsi_composite_query_pagination).
    for (const auto* extras : {&index->extra_hash_attributes, &index->extra_range_attributes}) {
      for (const model::KeyAttribute& attribute : *extras) {
        attributes.push_back(&attribute);
      }
    }
  }
  return attributes;
}

bool StartKeyHasAttributeCount(const model::Item& start_key, const ReadTarget& target) {
  return start_key.size() ==
         StartKeyAttributes(target.table->key_schema(), target.index ? &*target.index : nullptr)
             .size();
}

// DynamoDB: the start key's attributes of the queried key are checked one at a time, the partition
// key first, with the texts of a Key argument but without the "starting key" prefix
// (dynalite actions/query.js; conformance/test_query.py::test_start_key_errors).
Status CheckStartKeyAttributes(const model::Item& start_key, const model::KeySchema& schema) {
  DF_RETURN_IF_ERROR(CheckStartKeyValue(start_key, schema.hash, true));
  if (schema.range) {
    DF_RETURN_IF_ERROR(CheckStartKeyValue(start_key, *schema.range, false));
  }
  return Status::Ok();
}

Status CheckStartKeyAttributes(const model::Item& start_key, const table::SecondaryIndex& index) {
  for (const model::KeyAttribute* attribute : index.HashAttributes()) {
    DF_RETURN_IF_ERROR(CheckStartKeyValue(start_key, *attribute, true));
  }
  for (const model::KeyAttribute* attribute : index.RangeAttributes()) {
    DF_RETURN_IF_ERROR(CheckStartKeyValue(start_key, *attribute, false));
  }
  return Status::Ok();
}

std::vector<const model::KeyAttribute*> ReadTarget::KeyAttributes() const {
  if (index) {
    std::vector<const model::KeyAttribute*> attributes = index->HashAttributes();
    for (const model::KeyAttribute* range : index->RangeAttributes()) {
      attributes.push_back(range);
    }
    return attributes;
  }
  const model::KeySchema& schema = table->key_schema();
  std::vector<const model::KeyAttribute*> attributes{&schema.hash};
  if (schema.range) {
    attributes.push_back(&*schema.range);
  }
  return attributes;
}

Status CheckStartKeyTableKey(const model::Item& start_key, const model::KeySchema& table_key) {
  model::Item key;
  for (const model::KeyAttribute* attribute : StartKeyAttributes(table_key, nullptr)) {
    auto it = start_key.find(attribute->name);
    if (it != start_key.end()) {
      key.emplace(it->first, it->second);
    }
  }
  const Status status = model::ValidateKeyArgument(table_key, key);
  if (!status.ok() && status.code() == ErrorCode::kValidation) {
    return ValidationError(std::string(kInvalidStartKey) + ": " + status.message());
  }
  return status;
}

Status CheckIndexSelect(const ReadTarget& target, std::optional<Select> select) {
  if (target.index && target.index->global && select == Select::kAllAttributes &&
      target.index->projection.projection_type != table::ProjectionType::kAll) {
    return ValidationError(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported "
        "for global secondary index " +
        target.index->index_name + " because its projection type is not ALL");
  }
  return Status::Ok();
}

Select EffectiveSelect(std::optional<Select> select, bool has_projection, bool index) {
  if (select) {
    return *select;
  }
  if (has_projection) {
    return Select::kSpecificAttributes;
  }
  return index ? Select::kAllProjectedAttributes : Select::kAllAttributes;
}

// DynamoDB: a local secondary index read fetches from the table what the index does not hold; a
// global one returns only what its entries hold (conformance/test_indexes.py::test_lsi_fetch,
// test_gsi_projection_returns_projected_only).
bool NeedsBaseItems(const table::SecondaryIndex& index, const model::KeySchema& table_key,
                    Select select, const std::optional<expr::Projection>& projection,
                    const std::vector<const expr::Path*>& filter_paths) {
  if (index.global || index.projection.projection_type == table::ProjectionType::kAll) {
    return false;
  }
  if (select == Select::kAllAttributes) {
    return true;
  }
  const std::vector<std::string>& included = index.projection.non_key_attributes;
  auto held = [&](const expr::Path* path) {
    const std::string& name = path->front().name;
    return table_key.IsKeyAttribute(name) || index.key_schema.IsKeyAttribute(name) ||
           std::find(included.begin(), included.end(), name) != included.end();
  };
  if (select == Select::kSpecificAttributes && projection) {
    for (const expr::Path& path : projection->paths) {
      if (!held(&path)) {
        return true;
      }
    }
  }
  return !std::all_of(filter_paths.begin(), filter_paths.end(), held);
}

}  // namespace dynafake::api
