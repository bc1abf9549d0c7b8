#include "model/attribute_value.h"

#include <algorithm>
#include <atomic>
#include <utility>
#include <variant>

#include "util/check.h"

namespace dynafake::model {

struct AttributeValue::Payload {
  using Data = std::variant<std::string,               // S, B
                            Number,                    // N
                            std::vector<std::string>,  // SS, BS
                            std::vector<Number>,       // NS
                            AttributeList,             // L
                            AttributeMap>;             // M
  Data data;
  // False once a mutable reference into `data` was handed out: sharing it then would let a
  // later write through that reference show up in the copy.
  bool shareable = true;
};

namespace {

// Set equality for members known to be unique within each set: same size and a subset.
template <typename T, typename Equal, typename Less>
bool SameMembers(const std::vector<T>& a, const std::vector<T>& b, Equal equal, Less less) {
  if (a.size() != b.size()) {
    return false;
  }
  constexpr size_t kQuadraticLimit = 8;
  if (a.size() <= kQuadraticLimit) {
    return std::all_of(a.begin(), a.end(), [&](const T& x) {
      return std::any_of(b.begin(), b.end(), [&](const T& y) { return equal(x, y); });
    });
  }
  std::vector<const T*> sorted_a, sorted_b;
  sorted_a.reserve(a.size());
  sorted_b.reserve(b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    sorted_a.push_back(&a[i]);
    sorted_b.push_back(&b[i]);
  }
  const auto by_value = [&](const T* x, const T* y) { return less(*x, *y); };
  std::sort(sorted_a.begin(), sorted_a.end(), by_value);
  std::sort(sorted_b.begin(), sorted_b.end(), by_value);
  for (size_t i = 0; i < sorted_a.size(); ++i) {
    if (!equal(*sorted_a[i], *sorted_b[i])) {
      return false;
    }
  }
  return true;
}

bool StringSetsEqual(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return SameMembers(a, b, std::equal_to<>(), std::less<>());
}

bool NumberSetsEqual(const std::vector<Number>& a, const std::vector<Number>& b) {
  return SameMembers(
      a, b, [](const Number& x, const Number& y) { return x.Compare(y) == 0; },
      [](const Number& x, const Number& y) { return x.Compare(y) < 0; });
}

}  // namespace

std::string_view AttributeTypeName(AttributeType type) {
  switch (type) {
    case AttributeType::kS:
      return "S";
    case AttributeType::kN:
      return "N";
    case AttributeType::kB:
      return "B";
    case AttributeType::kBOOL:
      return "BOOL";
    case AttributeType::kNULL:
      return "NULL";
    case AttributeType::kSS:
      return "SS";
    case AttributeType::kNS:
      return "NS";
    case AttributeType::kBS:
      return "BS";
    case AttributeType::kL:
      return "L";
    case AttributeType::kM:
      return "M";
  }
  return "";
}

bool IsScalarKeyType(AttributeType type) {
  return type == AttributeType::kS || type == AttributeType::kN || type == AttributeType::kB;
}

bool IsSetType(AttributeType type) {
  return type == AttributeType::kSS || type == AttributeType::kNS || type == AttributeType::kBS;
}

AttributeValue::AttributeValue() = default;

AttributeValue::AttributeValue(AttributeType type, std::shared_ptr<Payload> payload)
    : type_(type), payload_(std::move(payload)) {}

AttributeValue::AttributeValue(const AttributeValue& other)
    : type_(other.type_), bool_(other.bool_) {
  if (other.payload_ == nullptr) {
    return;
  }
  if (other.payload_->shareable) {
    payload_ = other.payload_;
  } else {
    payload_ = std::make_shared<Payload>(Payload{other.payload_->data});
  }
}

AttributeValue::AttributeValue(AttributeValue&& other) noexcept
    : type_(other.type_), bool_(other.bool_), payload_(std::move(other.payload_)) {
  other.type_ = AttributeType::kNULL;
  other.bool_ = false;
}

AttributeValue& AttributeValue::operator=(const AttributeValue& other) {
  if (this != &other) {
    AttributeValue copy(other);
    *this = std::move(copy);
  }
  return *this;
}

AttributeValue& AttributeValue::operator=(AttributeValue&& other) noexcept {
  if (this != &other) {
    type_ = other.type_;
    bool_ = other.bool_;
    payload_ = std::move(other.payload_);
    other.type_ = AttributeType::kNULL;
    other.bool_ = false;
  }
  return *this;
}

AttributeValue::~AttributeValue() = default;

AttributeValue::Payload& AttributeValue::MutablePayload() {
  if (payload_.use_count() != 1) {
    payload_ = std::make_shared<Payload>(Payload{payload_->data});
  } else {
    // Sole owner: pairs with the release of the owners that let go, so their reads of the payload
    // happen before the writes that follow.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  payload_->shareable = false;
  return *payload_;
}

AttributeValue AttributeValue::String(std::string value) {
  return AttributeValue(AttributeType::kS, std::make_shared<Payload>(Payload{std::move(value)}));
}

AttributeValue AttributeValue::FromNumber(Number value) {
  return AttributeValue(AttributeType::kN, std::make_shared<Payload>(Payload{std::move(value)}));
}

AttributeValue AttributeValue::Binary(std::string bytes) {
  return AttributeValue(AttributeType::kB, std::make_shared<Payload>(Payload{std::move(bytes)}));
}

AttributeValue AttributeValue::Bool(bool value) {
  AttributeValue result;
  result.type_ = AttributeType::kBOOL;
  result.bool_ = value;
  return result;
}

AttributeValue AttributeValue::Null() {
  return AttributeValue();
}

AttributeValue AttributeValue::StringSet(std::vector<std::string> members) {
  return AttributeValue(AttributeType::kSS, std::make_shared<Payload>(Payload{std::move(members)}));
}

AttributeValue AttributeValue::NumberSet(std::vector<Number> members) {
  return AttributeValue(AttributeType::kNS, std::make_shared<Payload>(Payload{std::move(members)}));
}

AttributeValue AttributeValue::BinarySet(std::vector<std::string> members) {
  return AttributeValue(AttributeType::kBS, std::make_shared<Payload>(Payload{std::move(members)}));
}

AttributeValue AttributeValue::List(AttributeList elements) {
  return AttributeValue(AttributeType::kL, std::make_shared<Payload>(Payload{std::move(elements)}));
}

AttributeValue AttributeValue::Map(AttributeMap members) {
  return AttributeValue(AttributeType::kM, std::make_shared<Payload>(Payload{std::move(members)}));
}

const std::string& AttributeValue::as_string() const {
  DF_CHECK(type_ == AttributeType::kS || type_ == AttributeType::kB);
  return *std::get_if<std::string>(&payload_->data);
}

const Number& AttributeValue::as_number() const {
  DF_CHECK(type_ == AttributeType::kN);
  return *std::get_if<Number>(&payload_->data);
}

bool AttributeValue::as_bool() const {
  DF_CHECK(type_ == AttributeType::kBOOL);
  return bool_;
}

const std::vector<std::string>& AttributeValue::as_string_set() const {
  DF_CHECK(type_ == AttributeType::kSS || type_ == AttributeType::kBS);
  return *std::get_if<std::vector<std::string>>(&payload_->data);
}

const std::vector<Number>& AttributeValue::as_number_set() const {
  DF_CHECK(type_ == AttributeType::kNS);
  return *std::get_if<std::vector<Number>>(&payload_->data);
}

const AttributeList& AttributeValue::as_list() const {
  DF_CHECK(type_ == AttributeType::kL);
  return *std::get_if<AttributeList>(&payload_->data);
}

AttributeList& AttributeValue::mutable_list() {
  DF_CHECK(type_ == AttributeType::kL);
  return *std::get_if<AttributeList>(&MutablePayload().data);
}

const AttributeMap& AttributeValue::as_map() const {
  DF_CHECK(type_ == AttributeType::kM);
  return *std::get_if<AttributeMap>(&payload_->data);
}

AttributeMap& AttributeValue::mutable_map() {
  DF_CHECK(type_ == AttributeType::kM);
  return *std::get_if<AttributeMap>(&MutablePayload().data);
}

bool AttributeValue::operator==(const AttributeValue& other) const {
  if (type_ != other.type_) {
    return false;
  }
  if (payload_ == other.payload_) {
    return bool_ == other.bool_;  // BOOL and NULL have no payload; shared payloads are equal
  }
  switch (type_) {
    case AttributeType::kS:
    case AttributeType::kB:
      return as_string() == other.as_string();
    case AttributeType::kN:
      return as_number() == other.as_number();
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return bool_ == other.bool_;
    case AttributeType::kSS:
    case AttributeType::kBS:
      return StringSetsEqual(as_string_set(), other.as_string_set());
    case AttributeType::kNS:
      return NumberSetsEqual(as_number_set(), other.as_number_set());
    case AttributeType::kL:
      return as_list() == other.as_list();
    case AttributeType::kM:
      return as_map() == other.as_map();
  }
  return false;
}

size_t AttributeValue::Size() const {
  switch (type_) {
    case AttributeType::kS:
    case AttributeType::kB:
      return as_string().size();
    case AttributeType::kN:
      return as_number().Size();
    case AttributeType::kBOOL:
    case AttributeType::kNULL:
      return 1;
    case AttributeType::kSS:
    case AttributeType::kBS: {
      size_t size = 0;
      for (const std::string& member : as_string_set()) {
        size += member.size();
      }
      return size;
    }
    case AttributeType::kNS: {
      size_t size = 0;
      for (const Number& member : as_number_set()) {
        size += member.Size();
      }
      return size;
    }
    case AttributeType::kL: {
      size_t size = 3;
      for (const AttributeValue& element : as_list()) {
        size += 1 + element.Size();
      }
      return size;
    }
    case AttributeType::kM: {
      size_t size = 3;
      for (const auto& [name, value] : as_map()) {
        size += 1 + name.size() + value.Size();
      }
      return size;
    }
  }
  return 0;
}

int AttributeValue::NestingDepth() const {
  int deepest = 0;
  if (type_ == AttributeType::kL) {
    for (const AttributeValue& element : as_list()) {
      deepest = std::max(deepest, element.NestingDepth());
    }
    return deepest + 1;
  }
  if (type_ == AttributeType::kM) {
    for (const auto& [name, value] : as_map()) {
      deepest = std::max(deepest, value.NestingDepth());
    }
    return deepest + 1;
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) {
    size += name.size() + value.Size();
  }
  return size;
}

}  // namespace dynafake::model
