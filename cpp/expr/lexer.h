// The lexer: expression text -> tokens. Never fails: a character that starts no token becomes a
// kUnknown token, which the parser then reports as a syntax error at that point.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "expr/token.h"

namespace dynafake::expr {

// The tokens of `text`, always ending with one kEnd token at text.size(). Whitespace (space, tab,
// CR, LF) separates tokens and is dropped. REQUIRES: text.size() < 2^32.
std::vector<Token> Tokenize(std::string_view text);

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD, for error messages.
std::string SanitizeUtf8(std::string_view text);

}  // namespace dynafake::expr
