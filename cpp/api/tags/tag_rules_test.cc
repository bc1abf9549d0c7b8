#include "api/tags/tag_rules.h"

#include <string>

#include <gtest/gtest.h>

namespace dynafake::api {
namespace {

std::string Repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

TEST(TagRulesTest, TextAdmitsLettersDigitsSpacesAndSomePunctuation) {
  EXPECT_TRUE(IsTagText("Env", 1, 128));
  EXPECT_TRUE(IsTagText("a b+c-d=e.f_g:h/i@j", 1, 128));
  EXPECT_TRUE(IsTagText("ключ", 1, 128));
  EXPECT_TRUE(IsTagText("café", 1, 128));
  EXPECT_TRUE(IsTagText("表", 1, 128));
  EXPECT_TRUE(IsTagText("a\u00A0b\u3000c", 1, 128));  // no-break and ideographic spaces
  EXPECT_TRUE(IsTagText("", 0, 256));
  for (std::string_view bad :
       {"bad#char", "100%", "a,b", "it's", "\"q\"", "(x)", "[y]", "{z}", "a&b", "a*b", "a;b", "a?b",
        "a|b", "a\\b", "<a>", "~a", "\xF0\x9F\x94\x91", "a\u2014b", "tab\there"}) {
    EXPECT_FALSE(IsTagText(bad, 0, 256)) << bad;
  }
  EXPECT_FALSE(IsTagText("", 1, 128));
  EXPECT_FALSE(IsTagText("\xC3", 0, 256));  // a truncated sequence
}

TEST(TagRulesTest, LengthsCountCharactersNotBytes) {
  EXPECT_TRUE(IsTagText(Repeat("k", 128), 1, 128));
  EXPECT_FALSE(IsTagText(Repeat("k", 129), 1, 128));
  EXPECT_TRUE(IsTagText(Repeat("é", 128), 1, 128));  // 256 bytes
  EXPECT_FALSE(IsTagText(Repeat("é", 129), 1, 128));
}

TEST(TagRulesTest, KeysAreCheckedThenTheReservedPrefixInAnyCase) {
  const wire::Json long_key = Repeat("k", 129);
  EXPECT_EQ(CheckTagKey(&long_key).message(),
            "The Tag Key provided is invalid, Key: " + Repeat("k", 129));
  EXPECT_EQ(CheckTagKey(nullptr).message(), "The Tag Key provided is invalid, Key: null");
  const wire::Json empty = "";
  EXPECT_EQ(CheckTagKey(&empty).message(), "The Tag Key provided is invalid, Key: ");
  for (std::string_view reserved : {"aws:foo", "AWS:foo", "Aws:"}) {
    const wire::Json key = std::string(reserved);
    EXPECT_EQ(CheckTagKey(&key).message(),
              "Tag Key cannot be prefixed with aws:, Key: " + std::string(reserved));
  }
  const wire::Json fine = "myaws:foo";
  EXPECT_TRUE(CheckTagKey(&fine).ok());
}

TEST(TagRulesTest, ListsAreCheckedInOrderAndRefuseDuplicates) {
  auto tags =
      ParseTagList(wire::Json::parse(R"([{"Key":"Env","Value":""},{"Key":"env","Value":"x"}])"));
  ASSERT_TRUE(tags.has_value());
  ASSERT_EQ(tags->size(), 2u);
  EXPECT_EQ((*tags)[0], (table::Tag{"Env", ""}));
  EXPECT_EQ(ParseTagList(wire::Json::parse(R"([{"Key":"k"}])")).error().message(),
            "The Tag Value provided is invalid, Value: null");
  EXPECT_EQ(ParseTagList(wire::Json::parse(R"([{"Value":"v"}])")).error().message(),
            "The Tag Key provided is invalid, Key: null");
  EXPECT_EQ(
      ParseTagList(wire::Json::parse(R"([{"Key":"k","Value":"bad#char"}])")).error().message(),
      "The Tag Value provided is invalid, Value: bad#char");
  EXPECT_EQ(
      ParseTagList(wire::Json::parse(R"([{"Key":"dup","Value":"1"},{"Key":"dup","Value":"2"}])"))
          .error()
          .message(),
      "Duplicate Tag Keys provided as input: Duplicate Tag Key found dup");
  // The first invalid tag is reported, wherever it is.
  EXPECT_EQ(
      ParseTagList(wire::Json::parse(R"([{"Key":"ok","Value":"1"},{"Key":"aws:z","Value":"2"}])"))
          .error()
          .message(),
      "Tag Key cannot be prefixed with aws:, Key: aws:z");
}

TEST(TagRulesTest, MergeUpsertsAndCountsTheMergedSet) {
  std::vector<table::Tag> tags;
  for (int i = 0; i < 50; ++i) {
    tags.push_back({"k" + std::to_string(i), "v"});
  }
  std::vector<table::Tag> updated_values = tags;
  for (table::Tag& tag : updated_values) {
    tag.value = "new";
  }
  ASSERT_TRUE(MergeTags(updated_values, tags).ok());
  EXPECT_EQ(tags.size(), 50u);
  EXPECT_EQ(tags[0], (table::Tag{"k0", "new"}));

  const std::vector<table::Tag> one_more = {{"k0", "newer"}, {"k50", "v"}};
  EXPECT_EQ(MergeTags(one_more, tags).message(),
            "Number of Tags exceed the current limit for the provided ResourceArn");
  EXPECT_EQ(tags[0].value, "new");  // nothing changed
}

}  // namespace
}  // namespace dynafake::api
