#include "wire/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "model/item_codec.h"
#include "model/number.h"
#include "util/base64.h"

namespace dynafake::wire {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// True for the bytes JSON requires escaped: '"', '\\' and the control characters.
constexpr bool NeedsEscape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

// True when one of the eight bytes of `chunk` needs escaping: a byte below 0x20, '"' or '\\'.
// The classic has-zero-byte test; bytes of 0x80 and above (UTF-8) never match.
constexpr bool ChunkNeedsEscape(uint64_t chunk) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  const uint64_t below_space = (chunk - kOnes * 0x20) & ~chunk & kHighBits;
  const uint64_t quote = chunk ^ (kOnes * '"');
  const uint64_t backslash = chunk ^ (kOnes * '\\');
  const uint64_t has_quote = (quote - kOnes) & ~quote & kHighBits;
  const uint64_t has_backslash = (backslash - kOnes) & ~backslash & kHighBits;
  return (below_space | has_quote | has_backslash) != 0;
}

void AppendEscaped(std::string_view text, std::string* out) {
  out->push_back('"');
  const char* run_start = text.data();
  const char* const end = text.data() + text.size();
  const char* p = run_start;
  // Most strings need no escaping: skip eight clean bytes at a time.
  while (end - p >= 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, p, sizeof(chunk));
    if (ChunkNeedsEscape(chunk)) {
      break;
    }
    p += 8;
  }
  for (; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (!NeedsEscape(c)) {
      continue;
    }
    out->append(run_start, p);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        out->append("\\u00");
        out->push_back(kHexDigits[c >> 4]);
        out->push_back(kHexDigits[c & 0xF]);
    }
    run_start = p + 1;
  }
  out->append(run_start, end);
  out->push_back('"');
}

template <typename Integer>
void AppendInteger(Integer value, std::string* out) {
  char buffer[24];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out->append(buffer, end);
}

void AppendDouble(double value, std::string* out) {
  if (!std::isfinite(value)) {
    out->append("null");  // as Json::dump(): JSON has no NaN or infinity
    return;
  }
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  const std::string_view text(buffer, static_cast<size_t>(end - buffer));
  out->append(text);
  if (text.find_first_of(".e") == std::string_view::npos) {
    out->append(".0");
  }
}

}  // namespace

void AppendJson(const Json& value, std::string* out) {
  switch (value.type()) {
    case Json::value_t::object: {
      out->push_back('{');
      bool first = true;
      for (const auto& [key, member] : value.items()) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendEscaped(key, out);
        out->push_back(':');
        AppendJson(member, out);
      }
      out->push_back('}');
      return;
    }
    case Json::value_t::array: {
      out->push_back('[');
      bool first = true;
      for (const Json& element : value) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendJson(element, out);
      }
      out->push_back(']');
      return;
    }
    case Json::value_t::string:
      AppendEscaped(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::boolean:
      out->append(value.get<bool>() ? "true" : "false");
      return;
    case Json::value_t::number_integer:
      AppendInteger(value.get<int64_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      AppendInteger(value.get<uint64_t>(), out);
      return;
    case Json::value_t::number_float:
      AppendDouble(value.get<double>(), out);
      return;
    case Json::value_t::binary: {
      const Json::binary_t& raw = value.get_binary();
      out->append(reinterpret_cast<const char*>(raw.data()), raw.size());
      return;
    }
    case Json::value_t::null:
    case Json::value_t::discarded:
      out->append("null");
      return;
  }
}

Json RawJson(std::string_view text) {
  return Json::binary(Json::binary_t::container_type(text.begin(), text.end()));
}

void AppendJsonString(std::string_view text, std::string* out) {
  AppendEscaped(text, out);
}

namespace {

void AppendValueJson(const model::AttributeValue& value, std::string* out);

void AppendTag(std::string_view tag, std::string* out) {
  out->append("{\"");
  out->append(tag);
  out->append("\":");
}

void AppendStrings(const std::vector<std::string>& members, bool base64, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < members.size(); ++i) {
    if (i != 0) {
      out->push_back(',');
    }
    AppendEscaped(base64 ? util::Base64Encode(members[i]) : members[i], out);
  }
  out->push_back(']');
}

void AppendValueJson(const model::AttributeValue& value, std::string* out) {
  using model::AttributeType;
  AppendTag(model::AttributeTypeName(value.type()), out);
  switch (value.type()) {
    case AttributeType::kS:
      AppendEscaped(value.as_string(), out);
      break;
    case AttributeType::kN:
      out->push_back('"');
      out->append(value.as_number().ToString());
      out->push_back('"');
      break;
    case AttributeType::kB:
      AppendEscaped(util::Base64Encode(value.as_string()), out);
      break;
    case AttributeType::kBOOL:
      out->append(value.as_bool() ? "true" : "false");
      break;
    case AttributeType::kNULL:
      out->append("true");
      break;
    case AttributeType::kSS:
    case AttributeType::kBS:
      AppendStrings(value.as_string_set(), value.type() == AttributeType::kBS, out);
      break;
    case AttributeType::kNS: {
      out->push_back('[');
      bool first = true;
      for (const model::Number& member : value.as_number_set()) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        out->push_back('"');
        out->append(member.ToString());
        out->push_back('"');
      }
      out->push_back(']');
      break;
    }
    case AttributeType::kL: {
      out->push_back('[');
      bool first = true;
      for (const model::AttributeValue& element : value.as_list()) {
        if (!first) {
          out->push_back(',');
        }
        first = false;
        AppendValueJson(element, out);
      }
      out->push_back(']');
      break;
    }
    case AttributeType::kM:
      AppendItemJson(value.as_map(), out);
      break;
  }
  out->push_back('}');
}

// Writes the visited item as AppendItemJson writes it. Each open container remembers whether it
// has had a member yet, for the commas; every value but a set member is wrapped in its type tag.
class EncodedItemJsonWriter final : public model::EncodedItemVisitor {
 public:
  explicit EncodedItemJsonWriter(std::string* out) : out_(out) {}

  void BeginMap(size_t /*size*/) override {
    if (!frames_.empty()) {
      OpenValue(model::AttributeType::kM);
    }
    out_->push_back('{');
    frames_.push_back({Kind::kMap});
  }

  void MemberName(std::string_view name) override {
    Separate();
    AppendEscaped(name, out_);
    out_->push_back(':');
  }

  void EndMap() override {
    out_->push_back('}');
    frames_.pop_back();
    if (!frames_.empty()) {
      out_->push_back('}');
    }
  }

  void BeginList(size_t /*size*/) override {
    OpenValue(model::AttributeType::kL);
    out_->push_back('[');
    frames_.push_back({Kind::kList});
  }

  void EndList() override { CloseArray(); }

  void BeginSet(model::AttributeType type, size_t /*size*/) override {
    OpenValue(type);
    out_->push_back('[');
    frames_.push_back({Kind::kSet});
  }

  void EndSet() override { CloseArray(); }

  void StringOrBinary(model::AttributeType type, std::string_view bytes) override {
    const bool member = InSet();
    if (member) {
      Separate();
    } else {
      OpenValue(type);
    }
    if (type == model::AttributeType::kB) {
      AppendEscaped(util::Base64Encode(bytes), out_);
    } else {
      AppendEscaped(bytes, out_);
    }
    if (!member) {
      out_->push_back('}');
    }
  }

  void NumberParts(bool negative, int32_t exponent, std::string_view digits) override {
    const bool member = InSet();
    if (member) {
      Separate();
    } else {
      OpenValue(model::AttributeType::kN);
    }
    out_->push_back('"');
    model::Number::AppendCanonicalText(negative, exponent, digits, out_);
    out_->push_back('"');
    if (!member) {
      out_->push_back('}');
    }
  }

  void Bool(bool value) override {
    OpenValue(model::AttributeType::kBOOL);
    out_->append(value ? "true}" : "false}");
  }

  void Null() override {
    OpenValue(model::AttributeType::kNULL);
    out_->append("true}");
  }

 private:
  enum class Kind : uint8_t { kMap, kList, kSet };

  struct Frame {
    Kind kind;
    bool has_members = false;
  };

  bool InSet() const { return frames_.back().kind == Kind::kSet; }

  // The comma before every member of a container but its first. A map's member is separated at
  // its name, so its value is not separated again.
  void Separate() {
    Frame& frame = frames_.back();
    if (frame.has_members) {
      out_->push_back(',');
    }
    frame.has_members = true;
  }

  // Starts a value: its separator inside a list or set, then its type tag.
  void OpenValue(model::AttributeType type) {
    if (frames_.back().kind != Kind::kMap) {
      Separate();
    }
    AppendTag(model::AttributeTypeName(type), out_);
  }

  void CloseArray() {
    out_->append("]}");
    frames_.pop_back();
  }

  std::string* const out_;
  std::vector<Frame> frames_;
};

}  // namespace

Status AppendEncodedItemJson(std::string_view encoded_item, std::string* out) {
  EncodedItemJsonWriter writer(out);
  return model::VisitEncodedItem(encoded_item, &writer);
}

void AppendItemJson(const model::Item& item, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : item) {
    if (!first) {
      out->push_back(',');
    }
    first = false;
    AppendEscaped(name, out);
    out->push_back(':');
    AppendValueJson(value, out);
  }
  out->push_back('}');
}

std::string ToJsonText(const Json& value) {
  std::string out;
  out.reserve(256);
  AppendJson(value, &out);
  return out;
}

}  // namespace dynafake::wire
