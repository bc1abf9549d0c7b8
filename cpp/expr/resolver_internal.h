// Pieces shared by resolver.cc (conditions) and resolver_update.cc (updates and projections).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "expr/resolver.h"

namespace dynafake::expr::internal {

// A table of `size` pointers, null at first, kept inline when small: most expressions use few
// placeholders, and resolution should not allocate for them.
template <typename T>
class PointerTable {
 public:
  explicit PointerTable(size_t size) : size_(size) {
    if (size > inline_.size()) {
      heap_.resize(size);
    }
  }

  PointerTable(const PointerTable&) = delete;
  PointerTable& operator=(const PointerTable&) = delete;

  size_t size() const { return size_; }

  const T*& operator[](size_t i) { return size_ > inline_.size() ? heap_[i] : inline_[i]; }

  const T* operator[](size_t i) const { return size_ > inline_.size() ? heap_[i] : inline_[i]; }

 private:
  size_t size_;
  std::array<const T*, 16> inline_{};
  std::vector<const T*> heap_;
};

// The request's placeholders looked up once per distinct placeholder of the expression.
class Bindings {
 public:
  Bindings(const ParsedExpression& parsed, const Placeholders& placeholders);

  const ParsedExpression& parsed() const { return parsed_; }

  // Null when the request does not define it.
  const std::string* name(uint32_t number) const { return names_[number]; }

  const model::AttributeValue* value(uint32_t number) const { return values_[number]; }

  // DynamoDB: "An expression attribute name used in the document path is not defined; attribute
  // name: #n" for the first undefined #name in source order (placeholder numbers follow it), or
  // "" if every one is defined. The :value equivalent.
  std::string FirstUndefinedName() const;
  std::string FirstUndefinedValue() const;
  std::string UndefinedNameMessage(uint32_t number) const;
  std::string UndefinedValueMessage(uint32_t number) const;

  // REQUIRES: every placeholder of the path is defined.
  Path ResolvePath(const SyntaxNode& path) const;
  // The operand a node stands for. REQUIRES: all its placeholders are defined.
  Operand ResolveOperand(uint32_t node) const;
  // The type of a :value operand, nullopt for anything else.
  std::optional<model::AttributeType> ConstantType(uint32_t node) const;

 private:
  const ParsedExpression& parsed_;
  PointerTable<std::string> names_;
  PointerTable<model::AttributeValue> values_;
};

// The parser creates a node after its children, so a subtree is the contiguous run of nodes from
// its first leaf (reached through first children) to its root, children before parents. Checks
// walk that run instead of recursing, so deeply nested input cannot exhaust the stack.
uint32_t SubtreeStart(const ParsedExpression& parsed, uint32_t root);

// "[a, b, [1]]": names as they are, list indexes in brackets.
std::string PathString(const Path& path);

// DynamoDB: paths of one update or projection may not overlap (one a prefix of the other) or
// conflict (one uses an element as a map, the other as a list). The first overlap wins, in order
// of the later path and then the earlier one; a conflict is reported only if nothing overlaps.
std::string PathsError(const std::vector<Path>& paths);

}  // namespace dynafake::expr::internal
