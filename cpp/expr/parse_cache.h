// The parse cache: parsed expressions by (kind, text), shared by every request of an engine, so a
// hot loop parses each distinct expression once. Only the unresolved parse is kept: each request
// resolves it against its own #names and :values.
#pragma once

#include <array>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "expr/expressions.h"
#include "expr/syntax.h"

namespace dynafake::expr {

class ParseCache {
 public:
  // Holds at most `capacity` expressions, dropping the oldest first; 0 disables caching.
  explicit ParseCache(size_t capacity);

  ParseCache(const ParseCache&) = delete;
  ParseCache& operator=(const ParseCache&) = delete;

  // The parse of `text` as `kind`, from the cache or parsed now (and then kept). Safe to call
  // from several threads at once.
  std::shared_ptr<const ParsedExpression> Get(ExpressionKind kind, std::string_view text);

  size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;

    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };

  using Map = std::unordered_map<std::string, std::shared_ptr<const ParsedExpression>, Hash,
                                 std::equal_to<>>;

  const size_t capacity_;
  mutable std::shared_mutex mutex_;
  std::array<Map, 5> maps_;  // by ExpressionKind
  // Insertion order for eviction; the views point into the maps' keys.
  std::deque<std::pair<ExpressionKind, std::string_view>> order_;
};

}  // namespace dynafake::expr
