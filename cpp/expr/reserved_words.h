// DynamoDB's reserved words: bare attribute names in expressions may not be one of them.
#pragma once

#include <cstddef>
#include <string_view>

namespace dynafake::expr {

// Length of the longest reserved word (AUTHORIZATION, CORRESPONDING, ...).
inline constexpr size_t kLongestReservedWord = 14;

// DynamoDB: matching ignores case ("abOrT" is reserved); #name placeholders are never checked.
bool IsReservedWord(std::string_view word);

// 573, the size of the service's list.
size_t ReservedWordCount();

}  // namespace dynafake::expr
