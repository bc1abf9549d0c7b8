// The generated shape table and the rules, wording and rendering that go with it.
#include "api/validation/shape_table.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <vector>

#include "util/strings.h"

namespace dynafake::api::shapes {

using enum Kind;

#include "api/validation/shape_table.inc"

namespace {

static_assert(std::is_sorted(std::begin(kOperations), std::end(kOperations),
                             [](const Operation& a, const Operation& b) {
                               return a.name < b.name;
                             }));

constexpr uint16_t MaxMemberCount() {
  uint16_t most = 0;
  for (const Shape& shape : kShapes) {
    if (shape.kind == kStructure) {
      most = std::max(most, shape.b);
    }
  }
  return most;
}

static_assert(MaxMemberCount() <= kMaxMembers);

constexpr std::string_view kJavaPackage = "com.amazonaws.dynamodb.v20120810.";

bool IsBase64Char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

int Base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  return c == '+' ? 62 : 63;
}

size_t Utf8SequenceLength(unsigned char lead) {
  if (lead >= 0xF0) {
    return 4;
  }
  if (lead >= 0xE0) {
    return 3;
  }
  return lead >= 0xC0 ? 2 : 1;
}

size_t Base64DecodedSize(std::string_view text) {
  size_t padding = 0;
  while (padding < text.size() && padding < 2 && text[text.size() - 1 - padding] == '=') {
    ++padding;
  }
  const size_t full = text.size() / 4 * 3;
  return padding > full ? 0 : full - padding;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsNameChar(unsigned char c) {
  return IsAsciiAlnum(c) || c == '_' || c == '.' || c == '-';
}

template <typename Predicate>
bool AllBytes(std::string_view text, Predicate predicate) {
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return predicate(static_cast<unsigned char>(c)); });
}

// XML 1.0 characters: tab, newline, carriage return and U+0020 up, less surrogates, FFFE, FFFF.
bool AllXmlChars(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = std::min(Utf8SequenceLength(lead), text.size() - i);
    uint32_t code = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (size_t k = 1; k < length; ++k) {
      code = (code << 6) | (text[i + k] & 0x3F);
    }
    const bool ok = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
                    (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
    if (!ok) {
      return false;
    }
    i += length;
  }
  return true;
}

// Full-string matches of the model's patterns (Java regular expressions), one matcher each.
bool MatchesPattern(Pattern pattern, std::string_view text) {
  switch (pattern) {
    case kNone:
      return true;
    case kNameChars:
      return !text.empty() && AllBytes(text, IsNameChar);
    case kNoDollar:
      return !text.empty() && text.find('$') == std::string_view::npos;
    case kCsvDelimiter:
      return text.size() == 1 &&
             std::string_view(",;:|\t ").find(text[0]) != std::string_view::npos;
    case kCsvHeader:
      return AllBytes(
          text, [](unsigned char c) { return c >= 0x20 && c <= 0x7E && c != '"' && c != ','; });
    case kHexBlocks:
      return !text.empty() && text.size() % 16 == 0 && AllBytes(text, [](unsigned char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      });
    case kS3Bucket:
      return text.size() >= 2 && IsAsciiAlnum(text.front()) && IsAsciiAlnum(text.back()) &&
             AllBytes(text, IsNameChar);
    case kTwelveDigits:
      return text.size() == 12 &&
             AllBytes(text, [](unsigned char c) { return c >= '0' && c <= '9'; });
    case kPrintable:
      return !text.empty() &&
             AllBytes(text, [](unsigned char c) { return c >= 0x20 && c <= 0x7E; });
    case kXmlChars:
      return AllXmlChars(text);
  }
  return true;
}

void RenderStructure(const wire::Json& value, const Shape& shape, std::string& out) {
  if (shape.name == "AttributeValue") {
    // DynamoDB: AttributeValue has no toString of its own; Java prints class@identity-hash.
    uint32_t hash = 2166136261u;
    for (const char c : value.dump()) {
      hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += std::string(kJavaPackage) + "AttributeValue@";
    for (int shift = 28; shift >= 0; shift -= 4) {
      out += kHex[(hash >> shift) & 0xF];
    }
    return;
  }
  out.append(shape.name);
  out += '(';
  for (uint16_t position = 0; position < shape.b; ++position) {
    for (uint16_t i = 0; i < shape.b; ++i) {
      const Member& member = kMembers[shape.a + i];
      if (member.model_position != position) {
        continue;
      }
      if (position > 0) {
        out += ", ";
      }
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(member.name[0])));
      out.append(member.name.substr(1));
      out += '=';
      const auto it = value.find(member.name);
      if (it == value.end()) {
        out += "null";
      } else {
        Render(*it, ShapeAt(member.shape), out);
      }
    }
  }
  out += ')';
}

}  // namespace

const Shape& ShapeAt(uint16_t index) {
  return kShapes[index];
}

const Member& MemberAt(uint16_t index) {
  return kMembers[index];
}

const Operation* FindOperation(std::string_view name) {
  const auto* it = std::lower_bound(
      std::begin(kOperations), std::end(kOperations), name,
      [](const Operation& operation, std::string_view key) { return operation.name < key; });
  return it != std::end(kOperations) && it->name == name ? it : nullptr;
}

const Shape& TableNameShape() {
  return kShapes[kTableNameShape];
}

const Shape* FindShape(std::string_view name) {
  const auto* it = std::find_if(std::begin(kShapes), std::end(kShapes),
                                [&](const Shape& shape) { return shape.name == name; });
  return it == std::end(kShapes) ? nullptr : it;
}

bool HasOwnRules(const Shape& shape) {
  return shape.min != kNoMin || shape.max != kNoMax || shape.pattern != kNone ||
         shape.enum_count > 0;
}

// Whether `value` has the JSON type that `shape`'s own rules read.
bool RulesApply(const wire::Json& value, const Shape& shape) {
  switch (shape.kind) {
    case kString:
      return value.is_string();
    case kList:
      return value.is_array();
    case kMap:
      return value.is_object();
    case kInteger:
    case kLong:
      return value.is_number();
    default:
      return false;
  }
}

// The rules of a string shape that `text` breaks, in the service's order: length bounds, pattern,
// enum. Returns how many were written to `out` (at most 3).
int BrokenTextRules(std::string_view text, const Shape& shape, Rule* out) {
  int count = 0;
  auto length = static_cast<int64_t>(text.size());
  // UTF-16 units never exceed UTF-8 bytes, so only a string long enough in bytes needs counting.
  if (length > shape.max || shape.min > 1) {
    length = static_cast<int64_t>(util::Utf16Length(text));
  }
  if (length > shape.max) {
    out[count++] = Rule::kMaxLength;
  }
  if (length < shape.min) {
    out[count++] = Rule::kMinLength;
  }
  if (!MatchesPattern(shape.pattern, text)) {
    out[count++] = Rule::kPattern;
  }
  if (shape.enum_count > 0) {
    const auto* first = std::begin(kEnumValues) + shape.enum_first;
    if (std::find(first, first + shape.enum_count, text) == first + shape.enum_count) {
      out[count++] = Rule::kEnum;
    }
  }
  return count;
}

// The rules of `shape` that `value` (of the right JSON type) breaks, in the service's order.
int BrokenRules(const wire::Json& value, const Shape& shape, Rule* out) {
  if (value.is_string()) {
    return BrokenTextRules(value.get_ref<const std::string&>(), shape, out);
  }
  int count = 0;
  const bool numeric = shape.kind == kInteger || shape.kind == kLong;
  const int64_t measure = numeric ? IntegerValue(value) : static_cast<int64_t>(value.size());
  if (measure > shape.max) {
    out[count++] = numeric ? Rule::kMaxValue : Rule::kMaxLength;
  }
  if (measure < shape.min) {
    out[count++] = numeric ? Rule::kMinValue : Rule::kMinLength;
  }
  return count;
}

std::string RuleText(const Shape& shape, Rule rule) {
  switch (rule) {
    case Rule::kMaxLength:
      return "Member must have length less than or equal to " + std::to_string(shape.max);
    case Rule::kMinLength:
      return "Member must have length greater than or equal to " + std::to_string(shape.min);
    case Rule::kMaxValue:
      return "Member must have value less than or equal to " + std::to_string(shape.max);
    case Rule::kMinValue:
      return "Member must have value greater than or equal to " + std::to_string(shape.min);
    case Rule::kPattern:
      return "Member must satisfy regular expression pattern: " +
             std::string(kPatternTexts[static_cast<size_t>(shape.pattern)]);
    case Rule::kEnum: {
      std::string text = "Member must satisfy enum value set: [";
      for (uint16_t i = 0; i < shape.enum_count; ++i) {
        if (i > 0) {
          text += ", ";
        }
        text += kEnumValues[shape.enum_first + i];
      }
      return text + "]";
    }
  }
  return "";
}

// DynamoDB: a constraint on list members, map keys or map values is reported on the collection
// with every rule of the member shape: "[Member must have length less than or equal to 25, ...]".
std::string AllRulesText(const Shape& shape) {
  const bool numeric = shape.kind == kInteger || shape.kind == kLong;
  std::vector<Rule> rules;
  if (shape.max != kNoMax) {
    rules.push_back(numeric ? Rule::kMaxValue : Rule::kMaxLength);
  }
  if (shape.min != kNoMin) {
    rules.push_back(numeric ? Rule::kMinValue : Rule::kMinLength);
  }
  if (shape.pattern != kNone) {
    rules.push_back(Rule::kPattern);
  }
  if (shape.enum_count > 0) {
    rules.push_back(Rule::kEnum);
  }
  std::string text = "[";
  for (size_t i = 0; i < rules.size(); ++i) {
    text += (i > 0 ? ", " : "") + RuleText(shape, rules[i]);
  }
  return text + "]";
}

// DynamoDB: integer members accept JSON decimals and truncate them.
int64_t IntegerValue(const wire::Json& value) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<uint64_t>();
    return unsigned_value > static_cast<uint64_t>(kNoMax) ? kNoMax
                                                          : static_cast<int64_t>(unsigned_value);
  }
  if (value.is_number_integer()) {
    return value.get<int64_t>();
  }
  const double truncated = std::trunc(value.get<double>());
  if (!(truncated > -9.2e18)) {
    return kNoMin;
  }
  return truncated < 9.2e18 ? static_cast<int64_t>(truncated) : kNoMax;
}

std::string JavaType(const Shape& shape) {
  switch (shape.kind) {
    case kStructure:
      return std::string(kJavaPackage) + std::string(shape.name);
    case kList:
      return "java.util.List<" + JavaType(ShapeAt(shape.a)) + ">";
    case kMap:
      return "java.util.Map<java.lang.String, " + JavaType(ShapeAt(shape.b)) + ">";
    case kString:
      return "java.lang.String";
    case kInteger:
      return "java.lang.Integer";
    case kLong:
      return "java.lang.Long";
    case kDouble:
      return "java.lang.Double";
    case kBoolean:
      return "java.lang.Boolean";
    case kBlob:
      return "java.nio.ByteBuffer";
    case kTimestamp:
      return "java.util.Date";
  }
  return "";
}

// The service's Base64 decoder errors (sic "dectected"); "" for canonical padded Base64.
std::string Base64Error(std::string_view text) {
  if (text.size() % 4 != 0) {
    return "Base64 encoded length is expected a multiple of 4 bytes but found: " +
           std::to_string(text.size());
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (!IsBase64Char(c) && c != '=') {
      return "Invalid Base64 character: '" + std::string(text.substr(i, Utf8SequenceLength(c))) +
             "'";
    }
  }
  const size_t data_end = text.find_last_not_of('=');
  const size_t padding =
      data_end == std::string_view::npos ? text.size() : text.size() - data_end - 1;
  const bool pad_inside = text.substr(0, text.size() - padding).find('=') != std::string_view::npos;
  constexpr std::string_view kBadLast = "Invalid last non-pad Base64 character dectected";
  if (padding > 2 || pad_inside) {
    return std::string(kBadLast);
  }
  if (padding > 0) {
    const int unused_bits_mask = padding == 1 ? 0x3 : 0xF;
    if ((Base64Value(static_cast<unsigned char>(text[data_end])) & unused_bits_mask) != 0) {
      return std::string(kBadLast);
    }
  }
  return "";
}

void Render(const wire::Json& value, const Shape& shape, std::string& out) {
  if (value.is_null()) {
    out += "null";
  } else if (shape.kind == kString && value.is_string()) {
    out += value.get_ref<const std::string&>();
  } else if ((shape.kind == kInteger || shape.kind == kLong) && value.is_number()) {
    out += std::to_string(IntegerValue(value));
  } else if (shape.kind == kBlob && value.is_string()) {
    const std::string size = std::to_string(Base64DecodedSize(value.get_ref<const std::string&>()));
    out += "java.nio.HeapByteBuffer[pos=0 lim=" + size + " cap=" + size + "]";
  } else if (shape.kind == kList && value.is_array()) {
    out += '[';
    for (size_t i = 0; i < value.size(); ++i) {
      if (i > 0) {
        out += ", ";
      }
      Render(value[i], ShapeAt(shape.a), out);
    }
    out += ']';
  } else if (shape.kind == kMap && value.is_object()) {
    out += '{';
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (it != value.begin()) {
        out += ", ";
      }
      out += it.key() + "=";
      Render(it.value(), ShapeAt(shape.b), out);
    }
    out += '}';
  } else if (shape.kind == kStructure && value.is_object()) {
    RenderStructure(value, shape, out);
  } else {
    out += value.dump();
  }
}

}  // namespace dynafake::api::shapes
