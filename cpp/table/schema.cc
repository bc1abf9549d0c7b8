#include "table/schema.h"

#include <algorithm>

namespace dynafake::table {
namespace {

bool UsesAttribute(const model::KeySchema& schema, std::string_view name) {
  return schema.hash.name == name || (schema.range && schema.range->name == name);
}

bool IsKeyAttributeOfAny(const TableDescription& description, std::string_view name) {
  if (UsesAttribute(description.key_schema, name)) {
    return true;
  }
  for (const auto* indexes :
       {&description.local_secondary_indexes, &description.global_secondary_indexes}) {
    for (const SecondaryIndex& index : *indexes) {
      if (index.IsKeyAttribute(name)) {
        return true;
      }
    }
  }
  return false;
}

bool IsTransitional(IndexStatus status) {
  return status != IndexStatus::kActive;
}

// Sets backfilling on the CREATING indexes that have not started it; true when there was one.
bool StartBackfills(std::vector<SecondaryIndex>& indexes) {
  bool started = false;
  for (SecondaryIndex& index : indexes) {
    if (index.index_status == IndexStatus::kCreating && !index.backfilling) {
      index.backfilling = true;
      started = true;
    }
  }
  return started;
}

}  // namespace

std::vector<const model::KeyAttribute*> SecondaryIndex::HashAttributes() const {
  std::vector<const model::KeyAttribute*> attributes{&key_schema.hash};
  for (const model::KeyAttribute& attribute : extra_hash_attributes) {
    attributes.push_back(&attribute);
  }
  return attributes;
}

std::vector<const model::KeyAttribute*> SecondaryIndex::RangeAttributes() const {
  std::vector<const model::KeyAttribute*> attributes;
  if (key_schema.range) {
    attributes.push_back(&*key_schema.range);
  }
  for (const model::KeyAttribute& attribute : extra_range_attributes) {
    attributes.push_back(&attribute);
  }
  return attributes;
}

bool SecondaryIndex::IsKeyAttribute(std::string_view name) const {
  auto named = [name](const model::KeyAttribute& attribute) { return attribute.name == name; };
  return UsesAttribute(key_schema, name) ||
         std::any_of(extra_hash_attributes.begin(), extra_hash_attributes.end(), named) ||
         std::any_of(extra_range_attributes.begin(), extra_range_attributes.end(), named);
}

const SecondaryIndex* TableDescription::FindIndex(std::string_view index_name) const {
  for (const auto* indexes : {&local_secondary_indexes, &global_secondary_indexes}) {
    for (const SecondaryIndex& index : *indexes) {
      if (index.index_name == index_name) {
        return &index;
      }
    }
  }
  return nullptr;
}

bool CompleteTransitions(TableDescription& description, int64_t now_micros,
                         int64_t backfill_micros) {
  if (description.table_status == TableStatus::kDeleting ||
      description.status_until_micros > now_micros ||
      (description.restore_summary && description.restore_summary->in_progress)) {
    return false;
  }
  bool changed =
      description.table_status != TableStatus::kActive || description.status_until_micros != 0;
  const bool was_updating = description.table_status == TableStatus::kUpdating;
  const int64_t phase_end = description.status_until_micros;
  description.table_status = TableStatus::kActive;
  description.status_until_micros = 0;
  auto& indexes = description.global_secondary_indexes;
  const size_t before = indexes.size();
  std::erase_if(indexes, [](const SecondaryIndex& index) {
    return index.index_status == IndexStatus::kDeleting;
  });
  if (indexes.size() != before) {
    changed = true;
    // DynamoDB: deleting an index drops the attribute definitions no remaining key uses.
    std::erase_if(description.attribute_definitions, [&](const AttributeDefinition& definition) {
      return !IsKeyAttributeOfAny(description, definition.attribute_name);
    });
  }
  // DynamoDB: once the table is ACTIVE again, an index UpdateTable added is still CREATING, now
  // with Backfilling true, until the existing items are in it. Indexes created with the table
  // never backfill.
  bool backfilling = false;
  if (was_updating && backfill_micros > 0 && StartBackfills(indexes)) {
    changed = true;
    backfilling = phase_end + backfill_micros > now_micros;
    description.status_until_micros = backfilling ? phase_end + backfill_micros : 0;
  }
  for (SecondaryIndex& index : indexes) {
    if (backfilling && index.backfilling) {
      continue;
    }
    if (IsTransitional(index.index_status)) {
      index.index_status = IndexStatus::kActive;
      index.backfilling = false;
      changed = true;
    }
  }
  return changed;
}

}  // namespace dynafake::table
