// Order-preserving, self-delimiting byte encoding of key values: for two values a and b of one
// key type, memcmp order of the encodings equals DynamoDB's order (numbers numerically, strings
// and binaries by unsigned bytes), and no encoding is a prefix of another, so a partition key
// followed by a sort key still sorts by (partition, sort).
#pragma once

#include <string>
#include <string_view>

#include "model/attribute_value.h"

namespace dynafake::model {

// REQUIRES: value.type() is S, N or B.
void EncodeKeyValue(const AttributeValue& value, std::string* out);

// The bytes every encoding of an S or B value that begins with `prefix`'s bytes starts with (the
// encoding without its terminator): what a begins_with sort key condition seeks. REQUIRES:
// prefix.type() is S or B.
void EncodeKeyPrefix(const AttributeValue& prefix, std::string* out);

// Decodes one value of `type` from the front of *input and advances it past the encoding.
Result<AttributeValue> DecodeKeyValue(AttributeType type, std::string_view* input);

}  // namespace dynafake::model
