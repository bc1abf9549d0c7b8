// Persistent encoding of TableDescription: the catalog's records in the system keyspace, which a
// LevelDB engine reads back when it reopens.
//
// Format (version 1): one format-version byte, then fields. A field is [tag: varint][value:
// varint-length-prefixed bytes]; integers are varints inside the value (signed ones as their
// two's-complement uint64), booleans one varint 0/1, nested structures the same field encoding
// (without a version byte), repeated members one field per element. Readers skip unknown tags, so
// a newer writer may add fields. Tags are NEVER renumbered or reused: they live in schema_codec.cc.
#pragma once

#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "table/schema.h"

namespace dynafake::table {

constexpr uint8_t kTableDescriptionFormatVersion = 1;

std::string EncodeTableDescription(const TableDescription& description);

// Never crashes on arbitrary bytes: malformed input gives InternalServerError "Corrupt table
// description record: <what>".
Result<TableDescription> DecodeTableDescription(std::string_view bytes);

}  // namespace dynafake::table
