#include "table/index.h"

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

bool HasKeyAttributes(const model::KeySchema& schema, const model::Item& item) {
  return item.contains(schema.hash.name) && (!schema.range || item.contains(schema.range->name));
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
  if (!HasKeyAttributes(index.key_schema, item)) {
    return std::nullopt;
  }
  IndexEntry entry;
  entry.storage_key = IndexEntryKey(table_id, index.index_id, index.key_schema, table_key, item);
  entry.item = ProjectIndexItem(table_key, index, item);
  entry.size = static_cast<int64_t>(model::ItemSize(entry.item));
  return entry;
}

// DynamoDB: every check of the index's partition key attribute comes before those of its sort key.
Status CheckIndexKeys(const SecondaryIndex& index, const model::Item& item) {
  DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, index.key_schema.hash, item, true));
  if (index.key_schema.range) {
    DF_RETURN_IF_ERROR(CheckIndexKeyAttribute(index, *index.key_schema.range, item, false));
  }
  return Status::Ok();
}

}  // namespace dynafake::table
