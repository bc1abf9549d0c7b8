// A fast serializer for wire::Json: the same compact text as Json::dump(), without dump()'s
// byte-by-byte UTF-8 re-validation (every string in a response comes from validated input).
#pragma once

#include <string>

#include "wire/json.h"

namespace dynafake::wire {

// Appends the compact JSON text of `value` to *out. Doubles keep a fraction or exponent ("1.0"),
// as Json::dump() writes them, so JSON parsers read them back as floating-point numbers.
void AppendJson(const Json& value, std::string* out);

std::string ToJsonText(const Json& value);

}  // namespace dynafake::wire
