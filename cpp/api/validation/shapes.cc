// Request validation against the input shapes of the service model (shape_table.h). One walk over
// the request checks the JSON types and collects constraint violations. A type mismatch ends the
// walk with a SerializationException: the service deserializes the whole request before it
// validates, so it wins over any violation.
#include "api/validation/shapes.h"

#include <cctype>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "api/validation/shape_table.h"

namespace dynafake::api {
namespace {

using shapes::AllRulesText;
using shapes::Base64Error;
using shapes::BrokenRules;
using shapes::BrokenTextRules;
using shapes::HasOwnRules;
using shapes::JavaType;
using shapes::Kind;
using shapes::kMaxBrokenRules;
using shapes::Member;
using shapes::Operation;
using shapes::Render;
using shapes::Rule;
using shapes::RulesApply;
using shapes::RuleText;
using shapes::Shape;
using shapes::ShapeAt;
using shapes::TableNameRule;
using enum shapes::Kind;

constexpr size_t kMaxListed = 10;
// Attribute values nest at most 32 levels (checked later); far deeper input is not walked further.
constexpr int kMaxDepth = 256;

constexpr std::string_view kStartOfMap = "Start of structure or map found where not expected";
constexpr std::string_view kUnexpectedField = "Unexpected field type";
// DynamoDB: a scalar where a list or map nested in a list or map is expected fails the service's
// deserializer with this Java cast error.
constexpr std::string_view kParameterizedCast =
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class "
    "java.lang.Class (sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and "
    "java.lang.Class are in module java.base of loader 'bootstrap')";

// Where a value sits: a structure member, or an element of a list or value of a map. The service's
// deserializer words some type errors differently for the two.
enum class Slot : uint8_t { kField, kElement };

// The service's name of a JSON token, as in "NUMBER_VALUE cannot be converted to String".
std::string_view TokenName(const wire::Json& value) {
  if (value.is_boolean()) {
    return value.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  }
  if (value.is_number_float()) {
    return "DECIMAL_VALUE";
  }
  return value.is_number() ? "NUMBER_VALUE" : "STRING_VALUE";
}

std::string_view NumberTypeName(Kind kind) {
  switch (kind) {
    case kInteger:
      return "Integer";
    case kLong:
      return "Long";
    case kDouble:
      return "Double";
    default:
      return "Date";
  }
}

std::string ScalarMismatch(const wire::Json& value, const Shape& shape) {
  if (value.is_array()) {
    return "Unrecognized collection type class " + JavaType(shape);
  }
  switch (shape.kind) {
    case kString:
      if (value.is_string()) {
        return "";
      }
      return std::string(TokenName(value)) + " cannot be converted to String";
    case kBoolean:
      if (value.is_boolean()) {
        return "";
      }
      if (value.is_string()) {
        return "Unexpected token received from parser";
      }
      return std::string(TokenName(value)) + " cannot be converted to Boolean";
    case kBlob:
      if (value.is_string()) {
        return Base64Error(value.get_ref<const std::string&>());
      }
      return "only base-64-encoded strings are convertible to bytes";
    default:  // integer, long, double, timestamp (epoch seconds)
      if (value.is_number()) {
        return "";
      }
      return std::string(TokenName(value)) + " cannot be converted to " +
             std::string(NumberTypeName(shape.kind));
  }
}

// The service's SerializationException text when `value` cannot be read as `shape`, else "".
std::string TypeMismatch(const wire::Json& value, const Shape& shape, Slot slot) {
  const bool scalar = !value.is_object() && !value.is_array();
  switch (shape.kind) {
    case kStructure:
      if (value.is_object()) {
        return "";
      }
      if (value.is_array()) {
        return "Unrecognized collection type class " + JavaType(shape);
      }
      return std::string(slot == Slot::kField ? kUnexpectedField
                                              : "Unexpected value type in payload");
    case kList:
      if (value.is_array()) {
        return "";
      }
      if (!scalar) {
        return std::string(kStartOfMap);
      }
      return std::string(slot == Slot::kField ? kUnexpectedField : kParameterizedCast);
    case kMap:
      if (value.is_object()) {
        return "";
      }
      if (!scalar) {
        return "Unrecognized collection type " + JavaType(shape);
      }
      return std::string(slot == Slot::kField ? kUnexpectedField : kParameterizedCast);
    default:
      if (value.is_object()) {
        return std::string(kStartOfMap);
      }
      return ScalarMismatch(value, shape);
  }
}

// One step of the path to a value, kept on the call stack so that a valid request allocates
// nothing; the text ("keySchema.1.member.keyType") is built only for a violation.
struct Path {
  enum class Step : uint8_t { kRoot, kMember, kElement, kEntry };
  const Path* parent;
  Step step;
  std::string_view name;  // member name or map key
  size_t index;           // list position
};

// Member names are camelCased (tableName) unless `keep_case`.
void AppendPath(const Path& path, std::string& out, bool keep_case = false) {
  if (path.parent != nullptr) {
    AppendPath(*path.parent, out, keep_case);
  }
  switch (path.step) {
    case Path::Step::kRoot:
      return;
    case Path::Step::kMember:
      if (!out.empty()) {
        out += '.';
      }
      out += keep_case ? path.name[0]
                       : static_cast<char>(std::tolower(static_cast<unsigned char>(path.name[0])));
      out.append(path.name.substr(1));
      return;
    case Path::Step::kElement:
      out += '.' + std::to_string(path.index + 1) + ".member";
      return;
    case Path::Step::kEntry:
      out += '.';
      out.append(path.name);
      out += ".member";
      return;
  }
}

constexpr std::string_view kTableNameMember = "TableName";
constexpr std::string_view kTableNameRequired =
    "The parameter 'TableName' is required but was not present in the request";

// Walks one request; see the file comment.
class Walker {
 public:
  explicit Walker(const Operation& operation) : operation_(operation) {}

  Status Run(const wire::Json& request);

 private:
  bool failed() const { return !type_error_.empty(); }

  void Visit(const wire::Json& value, const Shape& shape, const Path& path, Slot slot);
  void VisitStructure(const wire::Json& value, const Shape& shape, const Path& path);
  void VisitList(const wire::Json& value, const Shape& shape, const Path& path);
  void VisitMap(const wire::Json& value, const Shape& shape, const Path& path);
  const Shape& MemberShape(const Member& member, const wire::Json& value, const Path& path) const;
  void AddViolation(const Path& path, const wire::Json* value, const Shape& shape,
                    const std::string& rule);

  const Operation& operation_;
  std::string type_error_;
  std::vector<std::string> listed_;
  size_t violations_ = 0;
  int depth_ = 0;
};

void Walker::AddViolation(const Path& path, const wire::Json* value, const Shape& shape,
                          const std::string& rule) {
  ++violations_;
  if (listed_.size() >= kMaxListed) {
    return;
  }
  // DynamoDB: the length of a BatchGetItem Keys list is reported without the value and with the
  // members' own capitalisation: "Value at 'RequestItems.<table>.member.Keys' ..."
  // (conformance/test_batch_get_item.py::test_101_keys_in_one_table).
  if (operation_.name == "BatchGetItem" && shape.name == "KeyList") {
    std::string where;
    AppendPath(path, where, /*keep_case=*/true);
    listed_.push_back("Value at '" + where + "' failed to satisfy constraint: " + rule);
    return;
  }
  std::string text = "Value ";
  if (value == nullptr) {
    text += "null";
  } else {
    text += '\'';
    Render(*value, shape, text);
    text += '\'';
  }
  std::string where;
  AppendPath(path, where);
  text += " at '" + where + "' failed to satisfy constraint: " + rule;
  listed_.push_back(std::move(text));
}

void Walker::Visit(const wire::Json& value, const Shape& shape, const Path& path, Slot slot) {
  std::string mismatch = TypeMismatch(value, shape, slot);
  if (!mismatch.empty()) {
    type_error_ = std::move(mismatch);
    return;
  }
  if (slot == Slot::kField && HasOwnRules(shape)) {
    Rule broken[kMaxBrokenRules];
    const int count = BrokenRules(value, shape, broken);
    for (int i = 0; i < count; ++i) {
      AddViolation(path, &value, shape, RuleText(shape, broken[i]));
    }
  }
  if (depth_ >= kMaxDepth) {
    return;
  }
  ++depth_;
  if (shape.kind == kStructure) {
    VisitStructure(value, shape, path);
  } else if (shape.kind == kList) {
    VisitList(value, shape, path);
  } else if (shape.kind == kMap) {
    VisitMap(value, shape, path);
  }
  --depth_;
}

// DynamoDB: TableName accepts a name or an ARN. A name is checked as a name (3 to 255 characters
// of [a-zA-Z0-9_.-]); the data plane first applies the ARN shape's minimum length of 1, so an
// empty name reports only that (shapes_test.cc, TableName cases).
const Shape& Walker::MemberShape(const Member& member, const wire::Json& value,
                                 const Path& path) const {
  const Shape& model_shape = ShapeAt(member.shape);
  if (operation_.table_name_rule == TableNameRule::kNone || path.step != Path::Step::kRoot ||
      member.name != kTableNameMember || !value.is_string()) {
    return model_shape;
  }
  const auto& text = value.get_ref<const std::string&>();
  const bool is_arn = text.rfind("arn:", 0) == 0;
  const bool empty_on_data_plane =
      text.empty() && operation_.table_name_rule == TableNameRule::kDataPlane;
  return is_arn || empty_on_data_plane ? model_shape : shapes::TableNameShape();
}

void Walker::VisitStructure(const wire::Json& value, const Shape& shape, const Path& path) {
  // One pass over the object (usually smaller than the shape) finds each member's value.
  const wire::Json* present[shapes::kMaxMembers] = {};
  const Member* members = &shapes::MemberAt(shape.a);
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string& key = it.key();
    for (uint16_t i = 0; i < shape.b; ++i) {
      if (members[i].name == key) {
        present[i] = &it.value();
        break;
      }
    }
  }
  for (uint16_t i = 0; i < shape.b && !failed(); ++i) {
    const Member& member = members[i];
    const Path member_path{&path, Path::Step::kMember, member.name, 0};
    // DynamoDB: a JSON null member counts as absent.
    if (present[i] == nullptr || present[i]->is_null()) {
      if (member.required) {
        AddViolation(member_path, nullptr, ShapeAt(member.shape), "Member must not be null");
      }
      continue;
    }
    Visit(*present[i], MemberShape(member, *present[i], path), member_path, Slot::kField);
  }
}

void Walker::VisitList(const wire::Json& value, const Shape& shape, const Path& path) {
  const Shape& member = ShapeAt(shape.a);
  if (HasOwnRules(member)) {
    Rule broken[kMaxBrokenRules];
    for (const auto& element : value) {
      if (RulesApply(element, member) && BrokenRules(element, member, broken) > 0) {
        AddViolation(path, &value, shape,
                     "Member must satisfy constraint: " + AllRulesText(member));
      }
    }
  }
  for (size_t i = 0; i < value.size() && !failed(); ++i) {
    if (value[i].is_null()) {
      continue;
    }
    Visit(value[i], member, Path{&path, Path::Step::kElement, {}, i}, Slot::kElement);
  }
}

void Walker::VisitMap(const wire::Json& value, const Shape& shape, const Path& path) {
  const Shape& key = ShapeAt(shape.a);
  const Shape& mapped = ShapeAt(shape.b);
  Rule broken[kMaxBrokenRules];
  if (HasOwnRules(key)) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      if (BrokenTextRules(it.key(), key, broken) > 0) {
        AddViolation(path, &value, shape, "Map keys must satisfy constraint: " + AllRulesText(key));
      }
    }
  }
  if (HasOwnRules(mapped)) {
    for (const auto& entry : value) {
      if (RulesApply(entry, mapped) && BrokenRules(entry, mapped, broken) > 0) {
        AddViolation(path, &value, shape,
                     "Map value must satisfy constraint: " + AllRulesText(mapped));
      }
    }
  }
  for (auto it = value.begin(); it != value.end() && !failed(); ++it) {
    if (it->is_null()) {
      continue;
    }
    Visit(*it, mapped, Path{&path, Path::Step::kEntry, it.key(), 0}, Slot::kElement);
  }
}

Status Walker::Run(const wire::Json& request) {
  const Shape& input = ShapeAt(operation_.input);
  const Path root{nullptr, Path::Step::kRoot, {}, 0};
  if (!request.is_null()) {
    Visit(request, input, root, Slot::kField);
  }
  if (failed()) {
    return Status(ErrorCode::kSerialization, std::move(type_error_));
  }
  if (operation_.table_name_rule == TableNameRule::kControlPlane) {
    const auto it = request.is_object() ? request.find(kTableNameMember) : request.end();
    if (!request.is_object() || it == request.end() || it->is_null()) {
      // DynamoDB: the control plane reports a missing TableName on its own, in an older form.
      return ValidationError(std::string(kTableNameRequired));
    }
  }
  if (request.is_null()) {
    // An absent body is an empty object: only required members can be missing.
    Visit(wire::Json::object(), input, root, Slot::kField);
  }
  if (violations_ == 0) {
    return Status::Ok();
  }
  std::string message = violations_ == 1
                            ? "1 validation error detected: "
                            : std::to_string(violations_) + " validation errors detected: ";
  for (size_t i = 0; i < listed_.size(); ++i) {
    if (i > 0) {
      message += "; ";
    }
    message += listed_[i];
  }
  return ValidationError(std::move(message));
}

}  // namespace

Status ValidateRequestShape(std::string_view operation, const wire::Json& request) {
  const Operation* found = shapes::FindOperation(operation);
  if (found == nullptr) {
    return Status::Ok();
  }
  return Walker(*found).Run(request);
}

}  // namespace dynafake::api
