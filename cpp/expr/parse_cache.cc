#include "expr/parse_cache.h"

#include <mutex>

#include "expr/parser.h"

namespace dynafake::expr {

ParseCache::ParseCache(size_t capacity) : capacity_(capacity) {}

std::shared_ptr<const ParsedExpression> ParseCache::Get(ExpressionKind kind,
                                                        std::string_view text) {
  Map& map = maps_[static_cast<size_t>(kind)];
  {
    std::shared_lock lock(mutex_);
    const auto it = map.find(text);
    if (it != map.end()) {
      return it->second;
    }
  }
  std::shared_ptr<const ParsedExpression> parsed = ParseExpression(kind, text);
  // Over-long texts are rejected before parsing; keeping them would only waste memory.
  if (capacity_ == 0 || text.size() > kMaxExpressionBytes) {
    return parsed;
  }
  std::unique_lock lock(mutex_);
  const auto [it, inserted] = map.try_emplace(std::string(text), std::move(parsed));
  if (inserted) {
    order_.emplace_back(kind, it->first);
    while (order_.size() > capacity_) {
      const auto [old_kind, old_text] = order_.front();
      order_.pop_front();
      Map& old_map = maps_[static_cast<size_t>(old_kind)];
      old_map.erase(old_map.find(old_text));
    }
  }
  return it->second;
}

size_t ParseCache::size() const {
  std::shared_lock lock(mutex_);
  return order_.size();
}

}  // namespace dynafake::expr
