#include "wire/attribute_value_json.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "util/base64.h"
#include "util/result.h"

namespace dynafake::wire {
namespace {

using model::AttributeList;
using model::AttributeMap;
using model::AttributeType;
using model::AttributeValue;
using model::Number;

// DynamoDB: an item nests at most 32 levels, the item itself being one, so one attribute value
// holds at most 31 levels of L/M (test_manual_requests.py::test_almost_exceed_nested_level).
constexpr int kMaxValueNesting = 31;

constexpr char kEmptyValue[] =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
constexpr char kSeveralTypes[] =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";
constexpr char kInvalid[] = "One or more parameter values were invalid: ";
constexpr char kNestingTooDeep[] = "Nesting Levels have exceeded supported limits";
constexpr char kNotNumeric[] = "The parameter cannot be converted to a numeric value";
constexpr char kStartOfMap[] = "Start of structure or map found where not expected";
constexpr char kAttributeMapClass[] =
    "java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>";

// The members of an AttributeValue, in the service model's order, which is also the order in
// which they are validated.
enum Slot { kS, kN, kB, kSS, kNS, kBS, kM, kL, kNULL, kBOOL, kSlotCount };

using Members = std::array<const Json*, kSlotCount>;

int SlotOf(std::string_view key) {
  static constexpr std::array<std::string_view, kSlotCount> kNames = {
      "S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};
  for (int i = 0; i < kSlotCount; ++i) {
    if (kNames[i] == key) {
      return i;
    }
  }
  return -1;
}

// Present members by slot; JSON nulls and unknown members count as absent, as the service's
// deserializer treats them. Returns how many are present.
int CollectMembers(const Json::object_t& object, Members* members) {
  members->fill(nullptr);
  int present = 0;
  for (const auto& [key, member] : object) {
    const int slot = SlotOf(key);
    if (slot >= 0 && !member.is_null()) {
      (*members)[slot] = &member;
      ++present;
    }
  }
  return present;
}

Status SerializationError(std::string message) {
  return Status(ErrorCode::kSerialization, std::move(message));
}

// What the deserializer expected where a JSON value of the wrong type stood, and the service's
// (Java) texts for each mismatch (dynalite test/helpers.js assertType).
enum class Expect { kString, kBlob, kBoolean, kList, kMap, kValue, kItem };

std::string MismatchText(Expect expect, const Json& json) {
  const bool is_array = json.is_array();
  const bool is_object = json.is_object();
  switch (expect) {
    case Expect::kString:
    case Expect::kBoolean: {
      const std::string target = expect == Expect::kString ? "String" : "Boolean";
      if (is_array) {
        return "Unrecognized collection type class java.lang." + target;
      }
      if (is_object) {
        return kStartOfMap;
      }
      if (json.is_string()) {
        return "Unexpected token received from parser";
      }
      if (json.is_boolean()) {
        return std::string(json.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE") +
               " cannot be converted to " + target;
      }
      return std::string(json.is_number_float() ? "DECIMAL_VALUE" : "NUMBER_VALUE") +
             " cannot be converted to " + target;
    }
    case Expect::kBlob:
      if (is_array) {
        return "Unrecognized collection type class java.nio.ByteBuffer";
      }
      return is_object ? kStartOfMap : "only base-64-encoded strings are convertible to bytes";
    case Expect::kList:
      return is_object ? kStartOfMap : "Unexpected field type";
    case Expect::kMap:
      return is_array ? std::string("Unrecognized collection type ") + kAttributeMapClass
                      : "Unexpected field type";
    case Expect::kValue:
      return is_array ? "Unrecognized collection type class "
                        "com.amazonaws.dynamodb.v20120810.AttributeValue"
                      : "Unexpected value type in payload";
    case Expect::kItem:
      return is_array ? std::string("Unrecognized collection type ") + kAttributeMapClass
                      : "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl "
                        "cannot be cast to class java.lang.Class (sun.reflect.generics."
                        "reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module "
                        "java.base of loader 'bootstrap')";
  }
  return "";
}

bool HasType(Expect expect, const Json& json) {
  switch (expect) {
    case Expect::kString:
    case Expect::kBlob:
      return json.is_string();
    case Expect::kBoolean:
      return json.is_boolean();
    case Expect::kList:
      return json.is_array();
    case Expect::kMap:
    case Expect::kValue:
    case Expect::kItem:
      return json.is_object();
  }
  return false;
}

Status CheckType(Expect expect, const Json& json) {
  return HasType(expect, json) ? Status::Ok() : SerializationError(MismatchText(expect, json));
}

constexpr bool IsBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// The service's texts for text Base64Decode refused. DynamoDB: "dectected" is its spelling; the
// bad-character text is inferred from older captures (dynalite validations/index.js).
Status Base64Error(std::string_view text) {
  if (text.size() % 4 != 0) {
    return SerializationError(
        "Base64 encoded length is expected a multiple of 4 bytes but found: " +
        std::to_string(text.size()));
  }
  const auto bad =
      std::find_if(text.begin(), text.end(), [](char c) { return !IsBase64Char(c) && c != '='; });
  if (bad != text.end()) {
    return SerializationError(std::string("Invalid Base64 character: '") + *bad + "'");
  }
  return SerializationError("Invalid last non-pad Base64 character dectected");
}

Status DecodeBlob(const Json& json, std::string* bytes) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kBlob, json));
  const std::string& text = json.get_ref<const Json::string_t&>();
  std::optional<std::string> decoded = util::Base64Decode(text);
  if (!decoded.has_value()) {
    return Base64Error(text);
  }
  *bytes = std::move(*decoded);
  return Status::Ok();
}

// Walks the JSON for type errors only (no validation), bounded by the nesting limit: the service
// deserializes the whole request before it validates anything, so a SerializationException
// anywhere wins over a ValidationException found first.
Status ScanValue(const Json& json, int depth);

Status ScanMembers(const Json& list, Expect member_type) {
  for (const Json& member : list.get_ref<const Json::array_t&>()) {
    if (!member.is_null()) {
      DF_RETURN_IF_ERROR(CheckType(member_type, member));
      if (member_type == Expect::kBlob) {
        std::string ignored;
        DF_RETURN_IF_ERROR(DecodeBlob(member, &ignored));
      }
    }
  }
  return Status::Ok();
}

Status ScanSlot(int slot, const Json& member, int depth) {
  switch (slot) {
    case kS:
    case kN:
      return CheckType(Expect::kString, member);
    case kB: {
      std::string ignored;
      return DecodeBlob(member, &ignored);
    }
    case kSS:
    case kNS:
    case kBS:
      DF_RETURN_IF_ERROR(CheckType(Expect::kList, member));
      return ScanMembers(member, slot == kBS ? Expect::kBlob : Expect::kString);
    case kM:
      DF_RETURN_IF_ERROR(CheckType(Expect::kMap, member));
      if (depth < kMaxValueNesting) {
        for (const auto& [name, value] : member.get_ref<const Json::object_t&>()) {
          DF_RETURN_IF_ERROR(ScanValue(value, depth + 1));
        }
      }
      return Status::Ok();
    case kL:
      DF_RETURN_IF_ERROR(CheckType(Expect::kList, member));
      if (depth < kMaxValueNesting) {
        for (const Json& element : member.get_ref<const Json::array_t&>()) {
          DF_RETURN_IF_ERROR(ScanValue(element, depth + 1));
        }
      }
      return Status::Ok();
    default:
      return CheckType(Expect::kBoolean, member);
  }
}

Status ScanValue(const Json& json, int depth) {
  if (json.is_null()) {
    return Status::Ok();
  }
  DF_RETURN_IF_ERROR(CheckType(Expect::kValue, json));
  Members members;
  CollectMembers(json.get_ref<const Json::object_t&>(), &members);
  for (int slot = 0; slot < kSlotCount; ++slot) {
    if (members[slot] != nullptr) {
      DF_RETURN_IF_ERROR(ScanSlot(slot, *members[slot], depth));
    }
  }
  return Status::Ok();
}

Status ScanItem(const Json& json) {
  for (const auto& [name, value] : json.get_ref<const Json::object_t&>()) {
    DF_RETURN_IF_ERROR(ScanValue(value, 0));
  }
  return Status::Ok();
}

// Set members equal by `equal`; pairwise for small sets, sorted by `less` for larger ones.
template <typename T, typename Equal, typename Less>
bool HasDuplicate(const std::vector<T>& members, Equal equal, Less less) {
  constexpr size_t kQuadraticLimit = 16;
  if (members.size() <= kQuadraticLimit) {
    for (size_t i = 0; i < members.size(); ++i) {
      for (size_t j = i + 1; j < members.size(); ++j) {
        if (equal(members[i], members[j])) {
          return true;
        }
      }
    }
    return false;
  }
  std::vector<const T*> sorted;
  sorted.reserve(members.size());
  for (const T& member : members) {
    sorted.push_back(&member);
  }
  std::sort(sorted.begin(), sorted.end(), [&](const T* a, const T* b) { return less(*a, *b); });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (equal(*sorted[i - 1], *sorted[i])) {
      return true;
    }
  }
  return false;
}

bool HasDuplicateString(const std::vector<std::string>& members) {
  return HasDuplicate(members, std::equal_to<>(), std::less<>());
}

// "[a, b]": the members as sent, for the duplicate messages.
std::string ListText(const Json::array_t& list) {
  std::string text = "[";
  for (size_t i = 0; i < list.size(); ++i) {
    text += i == 0 ? "" : ", ";
    text += list[i].get_ref<const Json::string_t&>();
  }
  return text + "]";
}

// DynamoDB (validation order): an empty set, then null members, then each member, then
// duplicates. The null-member texts are the service's texts for invalid members of each set type.
Status ParseStringSet(const Json& json, AttributeValue* out) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kList, json));
  const Json::array_t& list = json.get_ref<const Json::array_t&>();
  if (list.empty()) {
    return ValidationError(std::string(kInvalid) + "An string set  may not be empty");
  }
  std::vector<std::string> members;
  members.reserve(list.size());
  for (const Json& member : list) {
    if (member.is_null()) {
      return ValidationError(std::string(kInvalid) +
                             "An string set may not have a empty string as a member");
    }
    DF_RETURN_IF_ERROR(CheckType(Expect::kString, member));
    members.push_back(member.get_ref<const Json::string_t&>());
  }
  if (HasDuplicateString(members)) {
    return ValidationError(std::string(kInvalid) + "Input collection " + ListText(list) +
                           " contains duplicates.");
  }
  *out = AttributeValue::StringSet(std::move(members));
  return Status::Ok();
}

// DynamoDB: NS duplicates are found after numeric normalisation ("1" and "1.0" clash) and the
// message has neither prefix nor list.
Status ParseNumberSet(const Json& json, AttributeValue* out) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kList, json));
  const Json::array_t& list = json.get_ref<const Json::array_t&>();
  if (list.empty()) {
    return ValidationError(std::string(kInvalid) + "An number set  may not be empty");
  }
  std::vector<Number> members;
  members.reserve(list.size());
  for (const Json& member : list) {
    if (member.is_null()) {
      return ValidationError(kNotNumeric);
    }
    DF_RETURN_IF_ERROR(CheckType(Expect::kString, member));
    Result<Number> number = Number::Parse(member.get_ref<const Json::string_t&>());
    if (!number.has_value()) {
      return number.error();
    }
    members.push_back(std::move(number).value());
  }
  if (HasDuplicate(
          members, [](const Number& a, const Number& b) { return a.Compare(b) == 0; },
          [](const Number& a, const Number& b) { return a.Compare(b) < 0; })) {
    return ValidationError("Input collection contains duplicates");
  }
  *out = AttributeValue::NumberSet(std::move(members));
  return Status::Ok();
}

// DynamoDB: "...]of type BS" has no space; members are listed in base64 as sent (base64 is
// decoded strictly, so equal bytes mean equal texts).
Status ParseBinarySet(const Json& json, AttributeValue* out) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kList, json));
  const Json::array_t& list = json.get_ref<const Json::array_t&>();
  if (list.empty()) {
    return ValidationError(std::string(kInvalid) + "Binary sets should not be empty");
  }
  std::vector<std::string> members(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].is_null()) {
      return ValidationError(std::string(kInvalid) +
                             "Binary sets may not contain null or empty values");
    }
    DF_RETURN_IF_ERROR(DecodeBlob(list[i], &members[i]));
  }
  if (HasDuplicateString(members)) {
    return ValidationError(std::string(kInvalid) + "Input collection " + ListText(list) +
                           "of type BS contains duplicates.");
  }
  *out = AttributeValue::BinarySet(std::move(members));
  return Status::Ok();
}

Status ParseValue(const Json& json, int depth, AttributeValue* out);

// `depth`: the L/M levels enclosing the map or list being parsed.
Status ParseMap(const Json& json, int depth, AttributeValue* out) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kMap, json));
  if (depth + 1 > kMaxValueNesting) {
    return ValidationError(kNestingTooDeep);
  }
  AttributeMap members;
  for (const auto& [name, value] : json.get_ref<const Json::object_t&>()) {
    // JSON objects iterate in name order, the order of AttributeMap: append at the end.
    auto it = members.emplace_hint(members.end(), name, AttributeValue());
    DF_RETURN_IF_ERROR(ParseValue(value, depth + 1, &it->second));
  }
  *out = AttributeValue::Map(std::move(members));
  return Status::Ok();
}

Status ParseList(const Json& json, int depth, AttributeValue* out) {
  DF_RETURN_IF_ERROR(CheckType(Expect::kList, json));
  if (depth + 1 > kMaxValueNesting) {
    return ValidationError(kNestingTooDeep);
  }
  const Json::array_t& list = json.get_ref<const Json::array_t&>();
  AttributeList elements(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    DF_RETURN_IF_ERROR(ParseValue(list[i], depth + 1, &elements[i]));
  }
  *out = AttributeValue::List(std::move(elements));
  return Status::Ok();
}

Status ParseSlot(int slot, const Json& member, int depth, AttributeValue* out) {
  switch (slot) {
    case kS:
      DF_RETURN_IF_ERROR(CheckType(Expect::kString, member));
      *out = AttributeValue::String(member.get_ref<const Json::string_t&>());
      return Status::Ok();
    case kN: {
      DF_RETURN_IF_ERROR(CheckType(Expect::kString, member));
      Result<Number> number = Number::Parse(member.get_ref<const Json::string_t&>());
      if (!number.has_value()) {
        return number.error();
      }
      *out = AttributeValue::FromNumber(std::move(number).value());
      return Status::Ok();
    }
    case kB: {
      std::string bytes;
      DF_RETURN_IF_ERROR(DecodeBlob(member, &bytes));
      *out = AttributeValue::Binary(std::move(bytes));
      return Status::Ok();
    }
    case kSS:
      return ParseStringSet(member, out);
    case kNS:
      return ParseNumberSet(member, out);
    case kBS:
      return ParseBinarySet(member, out);
    case kM:
      return ParseMap(member, depth, out);
    case kL:
      return ParseList(member, depth, out);
    case kNULL:
      DF_RETURN_IF_ERROR(CheckType(Expect::kBoolean, member));
      if (!member.get<bool>()) {
        return ValidationError(std::string(kInvalid) +
                               "Null attribute value types must have the value of true");
      }
      *out = AttributeValue::Null();
      return Status::Ok();
    default:
      DF_RETURN_IF_ERROR(CheckType(Expect::kBoolean, member));
      *out = AttributeValue::Bool(member.get<bool>());
      return Status::Ok();
  }
}

// DynamoDB: each present member is validated (in the model's order, recursing into M and L)
// before the "more than one datatypes" check (dynalite validations/index.js
// validateAttributeValue). A JSON null (member of L, value in M) is an empty AttributeValue.
Status ParseValue(const Json& json, int depth, AttributeValue* out) {
  if (json.is_null()) {
    return ValidationError(kEmptyValue);
  }
  DF_RETURN_IF_ERROR(CheckType(Expect::kValue, json));
  Members members;
  const int present = CollectMembers(json.get_ref<const Json::object_t&>(), &members);
  if (present == 0) {
    return ValidationError(kEmptyValue);
  }
  for (int slot = 0; slot < kSlotCount; ++slot) {
    if (members[slot] != nullptr) {
      DF_RETURN_IF_ERROR(ParseSlot(slot, *members[slot], depth, out));
    }
  }
  if (present > 1) {
    return ValidationError(kSeveralTypes);
  }
  return Status::Ok();
}

// A validation error found first loses to a type error anywhere in the same input.
Status PreferSerializationError(Status status, const Status& scan) {
  return status.code() == ErrorCode::kValidation && !scan.ok() ? scan : status;
}

Json Tagged(const char* tag, Json inner) {
  Json json(Json::value_t::object);
  json.get_ref<Json::object_t&>().emplace(tag, std::move(inner));
  return json;
}

Json StringArray(const std::vector<std::string>& members, bool base64) {
  Json json(Json::value_t::array);
  Json::array_t& array = json.get_ref<Json::array_t&>();
  array.reserve(members.size());
  for (const std::string& member : members) {
    array.emplace_back(base64 ? util::Base64Encode(member) : member);
  }
  return json;
}

}  // namespace

Result<AttributeValue> ParseAttributeValue(const Json& json) {
  AttributeValue value;
  Status status = ParseValue(json, 0, &value);
  if (!status.ok()) {
    return PreferSerializationError(std::move(status), ScanValue(json, 0));
  }
  return value;
}

Result<model::Item> ParseItem(const Json& json) {
  model::Item item;
  if (json.is_null()) {
    return item;
  }
  DF_RETURN_IF_ERROR(CheckType(Expect::kItem, json));
  for (const auto& [name, value_json] : json.get_ref<const Json::object_t&>()) {
    auto it = item.emplace_hint(item.end(), name, AttributeValue());
    Status status = ParseValue(value_json, 0, &it->second);
    if (!status.ok()) {
      return PreferSerializationError(std::move(status), ScanItem(json));
    }
  }
  return item;
}

Json AttributeValueToJson(const AttributeValue& value) {
  switch (value.type()) {
    case AttributeType::kS:
      return Tagged("S", value.as_string());
    case AttributeType::kN:
      return Tagged("N", value.as_number().ToString());
    case AttributeType::kB:
      return Tagged("B", util::Base64Encode(value.as_string()));
    case AttributeType::kBOOL:
      return Tagged("BOOL", value.as_bool());
    case AttributeType::kNULL:
      return Tagged("NULL", true);
    case AttributeType::kSS:
      return Tagged("SS", StringArray(value.as_string_set(), false));
    case AttributeType::kBS:
      return Tagged("BS", StringArray(value.as_string_set(), true));
    case AttributeType::kNS: {
      Json array(Json::value_t::array);
      for (const Number& member : value.as_number_set()) {
        array.get_ref<Json::array_t&>().emplace_back(member.ToString());
      }
      return Tagged("NS", std::move(array));
    }
    case AttributeType::kL: {
      Json array(Json::value_t::array);
      array.get_ref<Json::array_t&>().reserve(value.as_list().size());
      for (const AttributeValue& element : value.as_list()) {
        array.get_ref<Json::array_t&>().push_back(AttributeValueToJson(element));
      }
      return Tagged("L", std::move(array));
    }
    case AttributeType::kM:
      return Tagged("M", ItemToJson(value.as_map()));
  }
  return Json();
}

Json ItemToJson(const model::Item& item) {
  Json json(Json::value_t::object);
  Json::object_t& object = json.get_ref<Json::object_t&>();
  for (const auto& [name, value] : item) {
    object.emplace_hint(object.end(), name, AttributeValueToJson(value));
  }
  return json;
}

}  // namespace dynafake::wire
