#include "wire/json_writer.h"

#include <charconv>
#include <cmath>

namespace dynafake::wire {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// True for the bytes JSON requires escaped: '"', '\\' and the control characters.
constexpr bool NeedsEscape(unsigned char c) {
  return c < 0x20 || c == '"' || c == '\\';
}

void AppendEscaped(const std::string& text, std::string* out) {
  out->push_back('"');
  const char* run_start = text.data();
  const char* const end = text.data() + text.size();
  for (const char* p = run_start; p != end; ++p) {
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
    case Json::value_t::null:
    case Json::value_t::discarded:
    case Json::value_t::binary:
      out->append("null");
      return;
  }
}

std::string ToJsonText(const Json& value) {
  std::string out;
  out.reserve(256);
  AppendJson(value, &out);
  return out;
}

}  // namespace dynafake::wire
