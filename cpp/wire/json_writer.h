// A fast serializer for wire::Json: the same compact text as Json::dump(), without dump()'s
// byte-by-byte UTF-8 re-validation (every string in a response comes from validated input).
#pragma once

#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "wire/json.h"

namespace dynafake::wire {

// Appends the compact JSON text of `value` to *out. A value made by RawJson is written verbatim.
// Doubles keep a fraction or exponent ("1.0"), as Json::dump() writes them, so JSON parsers read
// them back as floating-point numbers.
void AppendJson(const Json& value, std::string* out);

std::string ToJsonText(const Json& value);

// A value that AppendJson writes as the given JSON text, unchanged: a response part serialized
// ahead (a page of items) embedded without building its tree. REQUIRES: `text` is valid JSON.
// Only this writer understands it (it is carried as a JSON binary value, which responses of the
// JSON 1.0 protocol never otherwise contain).
Json RawJson(std::string_view text);

// Appends `text` as a JSON string, quoted and escaped. REQUIRES: valid UTF-8.
void AppendJsonString(std::string_view text, std::string* out);

// Appends the JSON of one item ({"name":{"S":"..."},...}) directly, without a Json tree: the same
// text as AppendJson(ItemToJson(item)).
void AppendItemJson(const model::Item& item, std::string* out);

// The same text for the item encoded in `encoded_item` (model/item_codec.h), written straight from
// the encoding without building the item: a page of items is most of a read's cost.
Status AppendEncodedItemJson(std::string_view encoded_item, std::string* out);

}  // namespace dynafake::wire
