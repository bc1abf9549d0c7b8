// The semantic checks that depend on the expression text alone (not on the request's names and
// values), run once after a successful parse so that the cache can keep their outcome.
#pragma once

#include <string>

#include "expr/syntax.h"

namespace dynafake::expr {

// The first error in the service's order, or "" if none. Orders (dynalite checkErrors, confirmed
// by its tests against the service):
//   condition kinds: redundant parentheses, function name, misused function, reserved word;
//   update: reserved word, function name, repeated section;
//   projection: reserved word.
// `repeated_section` is the first section given twice ("SET", ...) or nullptr.
std::string CheckText(const ParsedExpression& parsed, bool redundant_parens,
                      const char* repeated_section);

}  // namespace dynafake::expr
