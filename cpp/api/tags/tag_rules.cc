#include "api/tags/tag_rules.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

namespace dynafake::api {
namespace {

// Decodes the code point at `text[*at]` and advances `*at`; false for bytes that are not UTF-8
// (the JSON reader has checked them, so only a caller passing raw bytes sees it).
bool NextCodePoint(std::string_view text, size_t* at, char32_t* code_point) {
  const auto lead = static_cast<unsigned char>(text[*at]);
  size_t length = 1;
  char32_t value = lead;
  if (lead >= 0xF0) {
    length = 4;
    value = lead & 0x07;
  } else if (lead >= 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if (lead >= 0xC0) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0x80) {
    return false;
  }
  if (*at + length > text.size()) {
    return false;
  }
  for (size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(text[*at + i]);
    if ((next & 0xC0) != 0x80) {
      return false;
    }
    value = (value << 6) | (next & 0x3F);
  }
  *at += length;
  *code_point = value;
  return true;
}

struct Range {
  char32_t first;
  char32_t last;
};

// Outside ASCII, the blocks whose characters are not letters, digits or spaces (Unicode's L, N and
// Z categories, which the service's tag pattern admits): controls, punctuation, symbols, combining
// marks, emoji, private use. A block-level approximation of the categories, sorted.
constexpr Range kNotTagCharacters[] = {
    {0x0080, 0x009F},    {0x00A1, 0x00A9}, {0x00AB, 0x00B1}, {0x00B4, 0x00B4},   {0x00B6, 0x00B8},
    {0x00BB, 0x00BB},    {0x00BF, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7},   {0x02C2, 0x02C5},
    {0x02D2, 0x02DF},    {0x02E5, 0x02EB}, {0x02ED, 0x02ED}, {0x02EF, 0x036F},   {0x0483, 0x0489},
    {0x0591, 0x05C7},    {0x0610, 0x061F}, {0x064B, 0x065F}, {0x06D4, 0x06D4},   {0x06D6, 0x06ED},
    {0x200B, 0x2027},    {0x202A, 0x202E}, {0x2030, 0x205E}, {0x2060, 0x206F},   {0x20A0, 0x20FF},
    {0x2190, 0x245F},    {0x2500, 0x2BFF}, {0x2E00, 0x2FFF}, {0x3001, 0x3004},   {0x3008, 0x3020},
    {0x302A, 0x3030},    {0x3036, 0x3037}, {0x303D, 0x303F}, {0x3099, 0x309C},   {0x30A0, 0x30A0},
    {0x30FB, 0x30FB},    {0xD800, 0xF8FF}, {0xFE00, 0xFE6F}, {0xFEFF, 0xFF0F},   {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40},    {0xFF5B, 0xFF65}, {0xFFE0, 0xFFFF}, {0x1D000, 0x1D3FF}, {0x1F000, 0x1FBFF},
    {0xE0000, 0x10FFFF},
};

bool IsTagCharacter(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view(" +-=._:/@").find(static_cast<char>(c)) != std::string_view::npos;
  }
  const auto* it = std::upper_bound(std::begin(kNotTagCharacters), std::end(kNotTagCharacters), c,
                                    [](char32_t value, const Range& r) { return value < r.first; });
  return it == std::begin(kNotTagCharacters) || c > std::prev(it)->last;
}

Status InvalidTagKey(std::string_view key) {
  return ValidationError("The Tag Key provided is invalid, Key: " + std::string(key));
}

Status InvalidTagValue(std::string_view value) {
  return ValidationError("The Tag Value provided is invalid, Value: " + std::string(value));
}

const wire::Json* Member(const wire::Json& object, const char* name) {
  auto it = object.find(name);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

}  // namespace

bool IsTagText(std::string_view text, size_t min_characters, size_t max_characters) {
  size_t characters = 0;
  for (size_t at = 0; at < text.size();) {
    char32_t c = 0;
    if (!NextCodePoint(text, &at, &c) || !IsTagCharacter(c) || ++characters > max_characters) {
      return false;
    }
  }
  return characters >= min_characters;
}

Status CheckTagKey(const wire::Json* key) {
  if (key == nullptr) {
    return InvalidTagKey("null");
  }
  const std::string& text = key->get_ref<const std::string&>();
  if (!IsTagText(text, 1, 128)) {
    return InvalidTagKey(text);
  }
  std::string prefix = text.substr(0, 4);
  std::transform(prefix.begin(), prefix.end(), prefix.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  if (prefix == "aws:") {
    return ValidationError("Tag Key cannot be prefixed with aws:, Key: " + text);
  }
  return Status::Ok();
}

Result<std::vector<table::Tag>> ParseTagList(const wire::Json& tags) {
  std::vector<table::Tag> parsed;
  parsed.reserve(tags.size());
  for (const wire::Json& tag : tags) {
    const wire::Json* key = Member(tag, "Key");
    DF_RETURN_IF_ERROR(CheckTagKey(key));
    const wire::Json* value = Member(tag, "Value");
    if (value == nullptr) {
      return InvalidTagValue("null");
    }
    const std::string& value_text = value->get_ref<const std::string&>();
    if (!IsTagText(value_text, 0, 256)) {
      return InvalidTagValue(value_text);
    }
    const std::string& key_text = key->get_ref<const std::string&>();
    if (std::any_of(parsed.begin(), parsed.end(),
                    [&](const table::Tag& earlier) { return earlier.key == key_text; })) {
      return ValidationError("Duplicate Tag Keys provided as input: Duplicate Tag Key found " +
                             key_text);
    }
    parsed.push_back(table::Tag{key_text, value_text});
  }
  return parsed;
}

Status MergeTags(const std::vector<table::Tag>& added, std::vector<table::Tag>& tags) {
  size_t new_keys = 0;
  for (const table::Tag& tag : added) {
    new_keys += std::none_of(tags.begin(), tags.end(),
                             [&](const table::Tag& present) { return present.key == tag.key; });
  }
  if (tags.size() + new_keys > kMaxTagsPerResource) {
    return TooManyTags();
  }
  for (const table::Tag& tag : added) {
    auto it = std::find_if(tags.begin(), tags.end(),
                           [&](const table::Tag& present) { return present.key == tag.key; });
    if (it != tags.end()) {
      it->value = tag.value;
    } else {
      tags.push_back(tag);
    }
  }
  return Status::Ok();
}

Status TooManyTags() {
  return ValidationError("Number of Tags exceed the current limit for the provided ResourceArn");
}

}  // namespace dynafake::api
