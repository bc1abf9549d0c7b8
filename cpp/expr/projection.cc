// Projection: the selected paths are gathered into a tree mirroring the item, then the tree is
// turned back into values, so paths sharing a prefix share one copy of the enclosing map or list.
#include <cstdint>
#include <map>
#include <string_view>

#include "expr/evaluate.h"

namespace dynafake::expr {
namespace {

using model::AttributeValue;

// One projected position. Either the whole value there is kept, or only some of its members (a
// map) or elements (a list).
struct Node {
  const AttributeValue* whole = nullptr;
  std::map<std::string_view, Node> members;
  std::map<uint32_t, Node> elements;
};

// Records that `value`, found at `path`, is projected. Names are views into the projection.
void Insert(Node& root, const Path& path, const AttributeValue* value) {
  Node* node = &root;
  for (const PathElement& element : path) {
    node = element.kind == PathElement::Kind::kName ? &node->members[element.name]
                                                    : &node->elements[element.index];
  }
  node->whole = value;
}

AttributeValue Build(const Node& node);

model::AttributeMap BuildMembers(const std::map<std::string_view, Node>& members) {
  model::AttributeMap map;
  for (const auto& [name, child] : members) {
    map.emplace_hint(map.end(), std::string(name), Build(child));
  }
  return map;
}

AttributeValue Build(const Node& node) {
  if (node.whole != nullptr) {
    // A path that covers this whole value wins over any deeper path below it.
    return *node.whole;
  }
  if (!node.members.empty()) {
    return AttributeValue::Map(BuildMembers(node.members));
  }
  // DynamoDB: the selected list elements are re-packed in index order: a[3], a[1] on a list gives
  // [a[1], a[3]] (projection_test.cc, ListElementsRepackedInIndexOrder).
  model::AttributeList list;
  list.reserve(node.elements.size());
  for (const auto& [index, child] : node.elements) {
    list.push_back(Build(child));
  }
  return AttributeValue::List(std::move(list));
}

}  // namespace

model::Item ApplyProjection(const Projection& projection, const model::Item& item) {
  Node root;
  for (const Path& path : projection.paths) {
    // DynamoDB: a path that names nothing, including one that indexes a map or names a member of
    // a list, is left out of the result without error.
    const AttributeValue* value = FindPath(item, path);
    if (value != nullptr) {
      Insert(root, path, value);
    }
  }
  return BuildMembers(root.members);
}

}  // namespace dynafake::expr
