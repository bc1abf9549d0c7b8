#include "table/index.h"

#include <algorithm>
#include <string>

#include "table/keyspace.h"
#include "util/result.h"

namespace dynafake::table {
namespace {

void CopyAttribute(const model::Item& item, const std::string& name, model::Item* out) {
  const auto it = item.find(name);
  if (it != item.end()) {
    out->insert_or_assign(it->first, it->second);
  }
}

void CopyKeyAttributes(const model::KeySchema& schema, const model::Item& item, model::Item* out) {
  CopyAttribute(item, schema.hash.name, out);
  if (schema.range) {
    CopyAttribute(item, schema.range->name, out);
  }
}

bool HasKeyAttributes(const SecondaryIndex& index, const model::Item& item) {
  auto held = [&item](const model::KeyAttribute& attribute) {
    return item.contains(attribute.name);
  };
  const model::KeySchema& schema = index.key_schema;
  return held(schema.hash) && (!schema.range || held(*schema.range)) &&
         std::all_of(index.extra_hash_attributes.begin(), index.extra_hash_attributes.end(),
                     held) &&
         std::all_of(index.extra_range_attributes.begin(), index.extra_range_attributes.end(),
                     held);
}

// The checks of one index key attribute the item has: type, then empty S/B value, then size (S:
// UTF-8 bytes, B: raw bytes; numbers are not length-checked), as the table key is checked.
Status CheckIndexKeyAttribute(const SecondaryIndex& index, const model::KeyAttribute& attribute,
                              const model::Item& item, bool is_hash) {
  const auto it = item.find(attribute.name);
  if (it == item.end()) {
    return Status::Ok();
  }
  const model::AttributeValue& value = it->second;
  if (value.type() != attribute.type) {
    return ValidationError(
        "One or more parameter values were invalid: Type mismatch for Index Key " + attribute.name +
        " Expected: " + std::string(model::AttributeTypeName(attribute.type)) + " Actual: " +
        std::string(model::AttributeTypeName(value.type())) + " IndexName: " + index.index_name);
  }
  if (value.type() == model::AttributeType::kN) {
    return Status::Ok();
  }
  const size_t size = value.as_string().size();
  if (size == 0) {
    const char* kind = value.type() == model::AttributeType::kS ? "string" : "binary";
    return ValidationError(
        std::string("One or more parameter values are not valid. A value specified for a "
                    "secondary index key is not supported. The AttributeValue for a key attribute "
                    "cannot contain an empty ") +
        kind + " value. IndexName: " + index.index_name + ", IndexKey: " + attribute.name);
  }
  // DynamoDB: index keys have the table's size limits and texts (conformance/test_index_writes.py).
  return model::CheckKeySize(value, is_hash);
}

}  // namespace

model::Item ProjectIndexItem(const model::KeySchema& table_key, const SecondaryIndex& index,
                             const model::Item& item) {
  if (index.projection.projection_type == ProjectionType::kAll) {
    return item;
  }
  model::Item projected;
  CopyKeyAttributes(table_key, item, &projected);
  CopyKeyAttributes(index.key_schema, item, &projected);
  for (const auto* extras : {&index.extra_hash_attributes, &index.extra_range_attributes}) {
    for (const model::KeyAttribute& attribute : *extras) {
      CopyAttribute(item, attribute.name, &projected);
    }
  }
  if (index.projection.projection_type == ProjectionType::kInclude) {
    for (const std::string& name : index.projection.non_key_attributes) {
      CopyAttribute(item, name, &projected);
    }
  }
  return projected;
}

std::optional<IndexEntry> MakeIndexEntry(uint32_t table_id, const model::KeySchema& table_key,
                                         const SecondaryIndex& index, const model::Item& item) {
  // DynamoDB: an item without every index key attribute is not in the index (sparse indexes).
  if (!HasKeyAttributes(index, item)) {
    return std::nullopt;
  }
  IndexEntry entry;
  entry.storage_key = IndexEntryKey(table_id, index, table_key, item);
  entry.item = ProjectIndexItem(table_key, index, item);
  entry.size = static_cast<int64_t>(model::ItemSize(entry.item));
  return entry;
}

// DynamoDB: every check of the index's partition key attribute comes before those of its sort key.
// DynamoDB ⚠: each attribute of a multi-attribute key is checked on its own, in KeySchema order,
// with the limits of its kind (the service's order among them is not confirmed).
Status CheckIndexKeys(const SecondaryIndex& index, const model::Item& item) {
  DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, index.key_schema.hash, item, true));
  for (const model::KeyAttribute& attribute : index.extra_hash_attributes) {
    DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, attribute, item, true));
  }
  if (index.key_schema.range) {
    DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, *index.key_schema.range, item, false));
  }
  for (const model::KeyAttribute& attribute : index.extra_range_attributes) {
    DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, attribute, item, false));
  }
  return Status::Ok();
}

}  // namespace dynafake::table
