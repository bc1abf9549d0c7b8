#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "expr/ast.h"
#include "expr/ast_test_util.h"
#include "expr/evaluate.h"
#include "model/attribute_value.h"

namespace dynafake::expr {
namespace {

using model::AttributeValue;

Projection Project(std::vector<std::string_view> paths) {
  Projection projection;
  for (std::string_view path : paths) {
    projection.paths.push_back(P(path));
  }
  return projection;
}

model::Item TestItem() {
  return {
      {"pk", S("p1")},
      {"s", S("hello")},
      {"n", N("10")},
      {"l", L({S("e0"), S("e1"), L({N("20"), N("21")}), M({{"k", S("v")}, {"j", S("w")}})})},
      {"m", M({{"a", M({{"b", N("5")}, {"c", N("6")}})},
               {"dot.name", S("d")},
               {"list", L({S("x0"), S("x1"), S("x2")})}})},
  };
}

struct Case {
  std::string name;
  Projection projection;
  model::Item expected;
};

TEST(ProjectionTest, Cases) {
  const model::Item item = TestItem();
  const std::vector<Case> cases = {
      {"top level", Project({"s", "n"}), {{"s", S("hello")}, {"n", N("10")}}},
      {"whole map", Project({"m"}), {{"m", item.at("m")}}},
      {"nested member keeps nesting", Project({"m.a.b"}), {{"m", M({{"a", M({{"b", N("5")}})}})}}},
      {"sibling members merge",
       Project({"m.a.c", "m.a.b"}),
       {{"m", M({{"a", M({{"b", N("5")}, {"c", N("6")}})}})}}},
      {"list elements",
       Project({"l[1]", "l[3]"}),
       {{"l", L({S("e1"), item.at("l").as_list()[3]})}}},
      {"ListElementsRepackedInIndexOrder",
       Project({"l[3].j", "l[0]"}),
       {{"l", L({S("e0"), M({{"j", S("w")}})})}}},
      {"missing index dropped", Project({"l[1]", "l[9]"}), {{"l", L({S("e1")})}}},
      {"only missing index", Project({"l[9]"}), {}},
      {"nested lists", Project({"l[2][1]"}), {{"l", L({L({N("21")})})}}},
      {"elements and members of one element",
       Project({"l[3].k", "l[3].j"}),
       {{"l", L({M({{"j", S("w")}, {"k", S("v")}})})}}},
      {"list inside a map",
       Project({"m.list[2]", "m.list[0]"}),
       {{"m", M({{"list", L({S("x0"), S("x2")})}})}}},
      {"missing attribute", Project({"nope", "s"}), {{"s", S("hello")}}},
      {"missing member", Project({"m.a.z"}), {}},
      {"member of a list", Project({"l.k"}), {}},
      {"index into a map", Project({"m[0]"}), {}},
      {"member of a string", Project({"s.x"}), {}},
      {"index into a string", Project({"s[0]"}), {}},
      {"path below a scalar", Project({"m.a.b.c"}), {}},
      {"same path twice", Project({"s", "s"}), {{"s", S("hello")}}},
      {"whole value wins over a deeper path",
       Project({"m.a.b", "m.a"}),
       {{"m", M({{"a", M({{"b", N("5")}, {"c", N("6")}})}})}}},
      {"no paths", Project({}), {}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ApplyProjection(c.projection, item), c.expected) << c.name;
  }
}

TEST(ProjectionTest, NameWithDot) {
  const model::Item item = TestItem();
  Projection projection;
  projection.paths.push_back({Name("m"), Name("dot.name")});
  const model::Item expected = {{"m", M({{"dot.name", S("d")}})}};
  EXPECT_EQ(ApplyProjection(projection, item), expected);
  EXPECT_EQ(ApplyProjection(Project({"m.dot.name"}), item), model::Item{});
}

TEST(ProjectionTest, EmptyItem) {
  EXPECT_EQ(ApplyProjection(Project({"a", "b.c", "d[0]"}), model::Item{}), model::Item{});
}

TEST(ProjectionTest, ResultIsIndependentOfTheItem) {
  model::Item item = TestItem();
  model::Item projected = ApplyProjection(Project({"m.a"}), item);
  item.at("m").mutable_map().at("a").mutable_map()["b"] = N("99");
  EXPECT_EQ(projected.at("m").as_map().at("a").as_map().at("b"), N("5"));
}

}  // namespace
}  // namespace dynafake::expr
