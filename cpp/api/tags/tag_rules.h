// The service's rules for tags, shared by CreateTable's Tags, TagResource and UntagResource: what a
// key and a value may hold, the reserved aws: prefix and the 50 tags of a resource.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "table/schema.h"
#include "util/result.h"
#include "wire/json.h"

namespace dynafake::api {

inline constexpr size_t kMaxTagsPerResource = 50;

// DynamoDB: a key is 1 to 128 characters and a value 0 to 256 (code points, not bytes), of
// letters, digits and spaces of any script and + - = . _ : / @; anything else is
// ValidationException "The Tag Key provided is invalid, Key: <key>" ("The Tag Value ... Value:
// <value>"), with "null" for a missing one
// (conformance/test_tags.py::test_invalid_keys_and_values).
bool IsTagText(std::string_view text, size_t min_characters, size_t max_characters);

// The key member of a Tag, or an element of UntagResource's TagKeys (`key` null when absent):
// invalid text, then the reserved prefix "Tag Key cannot be prefixed with aws:, Key: <key>" in any
// case (conformance/test_tags.py::test_reserved_prefix).
Status CheckTagKey(const wire::Json* key);

// The tags of a Tags list, each checked in order (key, then value), a key given twice refused
// with "Duplicate Tag Keys provided as input: Duplicate Tag Key found <key>". The count is the
// caller's rule: CreateTable's is checked before the tags, TagResource's after merging.
Result<std::vector<table::Tag>> ParseTagList(const wire::Json& tags);

// DynamoDB: TagResource upserts: a present key takes the new value in place, a new key is appended;
// more than 50 tags after the merge is ValidationException "Number of Tags exceed the current limit
// for the provided ResourceArn", with nothing changed (conformance/test_tags.py::test_tag_limit).
Status MergeTags(const std::vector<table::Tag>& added, std::vector<table::Tag>& tags);

// ValidationException "Number of Tags exceed the current limit for the provided ResourceArn".
Status TooManyTags();

}  // namespace dynafake::api
