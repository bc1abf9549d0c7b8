#include "wire/json_writer.h"

#include <algorithm>
#include <array>
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

// The bytes JSON requires escaped, as a table: one load per byte where chunks cannot be used.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<size_t>(c)] = NeedsEscape(static_cast<unsigned char>(c));
  }
  return table;
}();

uint64_t LoadChunk(const char* p) {
  uint64_t chunk = 0;
  std::memcpy(&chunk, p, sizeof(chunk));
  return chunk;
}

// The first byte of [p, end) that needs escaping, or `end`. Most strings need none: they are
// checked eight bytes at a time, the last eight overlapping those before when the length is not a
// multiple of eight, so that only strings shorter than eight bytes go byte by byte.
const char* FindEscape(const char* p, const char* const end) {
  if (end - p >= 8) {
    const char* const last = end - 8;
    for (; p < last; p += 8) {
      if (ChunkNeedsEscape(LoadChunk(p))) {
        break;
      }
    }
    if (p >= last) {
      if (!ChunkNeedsEscape(LoadChunk(last))) {
        return end;
      }
      p = last;  // every byte before `last` is clean
    }
  }
  for (; p != end; ++p) {
    if (kNeedsEscape[static_cast<unsigned char>(*p)]) {
      return p;
    }
  }
  return end;
}

// Writes the escape sequence of `c`, a byte that needs escaping, to `at` (room for 6 bytes);
// returns its end.
char* PutEscapeSequence(unsigned char c, char* at) {
  *at++ = '\\';
  switch (c) {
    case '"':
    case '\\':
      *at++ = static_cast<char>(c);
      return at;
    case '\b':
      *at++ = 'b';
      return at;
    case '\f':
      *at++ = 'f';
      return at;
    case '\n':
      *at++ = 'n';
      return at;
    case '\r':
      *at++ = 'r';
      return at;
    case '\t':
      *at++ = 't';
      return at;
    default:
      std::memcpy(at, "u00", 3);
      at[3] = kHexDigits[c >> 4];
      at[4] = kHexDigits[c & 0xF];
      return at + 5;
  }
}

constexpr size_t kMaxEscapeSequence = 6;

// Appends [p, end), whose first byte needs escaping, escaped.
[[gnu::noinline]] void AppendEscapedFrom(const char* p, const char* const end, std::string* out) {
  while (p != end) {
    char sequence[kMaxEscapeSequence];
    const char* const sequence_end = PutEscapeSequence(static_cast<unsigned char>(*p), sequence);
    out->append(sequence, static_cast<size_t>(sequence_end - sequence));
    const char* const clean = p + 1;
    p = FindEscape(clean, end);
    out->append(clean, static_cast<size_t>(p - clean));
  }
}

void AppendEscaped(std::string_view text, std::string* out) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* const escape = FindEscape(begin, end);
  out->push_back('"');
  out->append(begin, static_cast<size_t>(escape - begin));
  if (escape != end) {
    AppendEscapedFrom(escape, end, out);
  }
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

// The opening of a value wrapped in its type tag, such as {"S": (AttributeTypeName quoted).
constexpr std::string_view kTagOpenings[] = {
    R"({"S":)",  R"({"N":)",  R"({"B":)",  R"({"BOOL":)", R"({"NULL":)",
    R"({"SS":)", R"({"NS":)", R"({"BS":)", R"({"L":)",    R"({"M":)",
};

std::string_view TagOpening(model::AttributeType type) {
  return kTagOpenings[static_cast<size_t>(type)];
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
  out->append(TagOpening(value.type()));
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

// Copies `size` bytes, sizeof(Word) <= size <= 2 * sizeof(Word), as two overlapping words.
template <typename Word>
inline void CopyHeadAndTail(char* to, const char* from, size_t size) {
  Word head = 0;
  Word tail = 0;
  std::memcpy(&head, from, sizeof(Word));
  std::memcpy(&tail, from + size - sizeof(Word), sizeof(Word));
  std::memcpy(to, &head, sizeof(Word));
  std::memcpy(to + size - sizeof(Word), &tail, sizeof(Word));
}

// Copies `size` bytes; the short pieces of an item's text (names, most values) with a few
// overlapping loads and stores rather than a call.
inline void CopyBytes(char* to, const char* from, size_t size) {
  if (size >= 8 && size <= 16) {
    CopyHeadAndTail<uint64_t>(to, from, size);
  } else if (size >= 4 && size < 8) {
    CopyHeadAndTail<uint32_t>(to, from, size);
  } else if (size != 0) {
    std::memcpy(to, from, size);
  }
}

// Appends text to a std::string through a raw cursor: a piece of text is stored after one check
// for room, where std::string would check its capacity and store its size and terminating NUL
// for every character or piece. The string is lengthened ahead of the cursor and cut back to the
// text written by Finish().
class TextSink {
 public:
  // `expected`: the room taken at first, and at least each time more is needed.
  TextSink(std::string* out, size_t expected) : out_(out), step_(expected) {
    const size_t used = out->size();
    out->resize(used + expected);
    cursor_ = out->data() + used;
    end_ = out->data() + out->size();
  }

  void Finish() { out_->resize(static_cast<size_t>(cursor_ - out_->data())); }

  // Where to write at least `size` bytes; Commit() the end of what was written there.
  char* Room(size_t size) {
    if (static_cast<size_t>(end_ - cursor_) < size) {
      Grow(size);
    }
    return cursor_;
  }

  void Commit(char* end) { cursor_ = end; }

  void Put(char c) {
    char* at = Room(1);
    *at++ = c;
    Commit(at);
  }

  void Write(std::string_view text) {
    char* at = Room(text.size());
    CopyBytes(at, text.data(), text.size());
    Commit(at + text.size());
  }

  // `text` quoted and escaped.
  void Quoted(std::string_view text) {
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    const char* const escape = FindEscape(begin, end);
    const auto clean = static_cast<size_t>(escape - begin);
    char* at = Room(clean + 2);
    *at++ = '"';
    CopyBytes(at, begin, clean);
    at += clean;
    if (escape != end) {
      Commit(at);
      EscapedRest(escape, end);
      at = Room(1);
    }
    *at++ = '"';
    Commit(at);
  }

 private:
  // The rest of a string from its first byte that needs escaping, escaped.
  [[gnu::noinline]] void EscapedRest(const char* p, const char* const end) {
    while (p != end) {
      Commit(PutEscapeSequence(static_cast<unsigned char>(*p), Room(kMaxEscapeSequence)));
      const char* const clean = p + 1;
      p = FindEscape(clean, end);
      Write(std::string_view(clean, static_cast<size_t>(p - clean)));
    }
  }

  [[gnu::noinline]] void Grow(size_t size) {
    const auto used = static_cast<size_t>(cursor_ - out_->data());
    out_->resize(used + std::max(size, step_));
    cursor_ = out_->data() + used;
    end_ = out_->data() + out_->size();
  }

  std::string* const out_;
  const size_t step_;
  char* cursor_;
  char* end_;
};

// Writes the visited item as AppendItemJson writes it. Each open container remembers whether it
// has had a member yet, for the commas; every value but a set member is wrapped in its type tag.
class EncodedItemJsonWriter final : public model::EncodedItemVisitor {
 public:
  EncodedItemJsonWriter(std::string* out, size_t expected) : sink_(out, expected) {}

  void Finish() { sink_.Finish(); }

  void BeginMap(size_t /*size*/) override {
    if (depth_ != 0) {
      OpenValue(model::AttributeType::kM);
    }
    sink_.Put('{');
    Push(Kind::kMap);
  }

  void MemberName(std::string_view name) override {
    Separate();
    sink_.Quoted(name);
    sink_.Put(':');
  }

  void EndMap() override {
    --depth_;
    sink_.Write(depth_ != 0 ? std::string_view("}}") : std::string_view("}"));
  }

  void BeginList(size_t /*size*/) override {
    OpenValue(model::AttributeType::kL);
    sink_.Put('[');
    Push(Kind::kList);
  }

  void EndList() override { CloseArray(); }

  void BeginSet(model::AttributeType type, size_t /*size*/) override {
    OpenValue(type);
    sink_.Put('[');
    Push(Kind::kSet);
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
      // Base64 text never needs escaping.
      const std::string text = util::Base64Encode(bytes);
      char* at = sink_.Room(text.size() + 2);
      *at++ = '"';
      std::memcpy(at, text.data(), text.size());
      at += text.size();
      *at++ = '"';
      sink_.Commit(at);
    } else {
      sink_.Quoted(bytes);
    }
    if (!member) {
      sink_.Put('}');
    }
  }

  void NumberParts(bool negative, int32_t exponent, std::string_view digits) override {
    const bool member = InSet();
    if (member) {
      Separate();
    } else {
      OpenValue(model::AttributeType::kN);
    }
    number_text_.clear();
    number_text_.push_back('"');
    model::Number::AppendCanonicalText(negative, exponent, digits, &number_text_);
    number_text_.append(member ? "\"" : "\"}");
    sink_.Write(number_text_);
  }

  void Bool(bool value) override {
    OpenValue(model::AttributeType::kBOOL);
    sink_.Write(value ? std::string_view("true}") : std::string_view("false}"));
  }

  void Null() override {
    OpenValue(model::AttributeType::kNULL);
    sink_.Write("true}");
  }

 private:
  enum class Kind : uint8_t { kMap, kList, kSet };

  struct Frame {
    Kind kind;
    bool has_members;
  };

  Frame& Top() { return frames_[depth_ - 1]; }

  void Push(Kind kind) { frames_[depth_++] = Frame{kind, false}; }

  bool InSet() { return Top().kind == Kind::kSet; }

  // The comma before every member of a container but its first. A map's member is separated at
  // its name, so its value is not separated again.
  void Separate() {
    Frame& frame = Top();
    if (frame.has_members) {
      sink_.Put(',');
    }
    frame.has_members = true;
  }

  // Starts a value: its separator inside a list or set, then its type tag.
  void OpenValue(model::AttributeType type) {
    if (Top().kind != Kind::kMap) {
      Separate();
    }
    sink_.Write(TagOpening(type));
  }

  void CloseArray() {
    sink_.Write("]}");
    --depth_;
  }

  TextSink sink_;
  std::string number_text_;  // reused by every number of the item
  size_t depth_ = 0;
  // VisitEncodedItem bounds the nesting, so the open containers fit here; left uninitialized, as
  // only the frames below depth_ are read.
  std::array<Frame, model::kMaxOpenContainers> frames_;
};

}  // namespace

Status AppendEncodedItemJson(std::string_view encoded_item, std::string* out) {
  // Room for the usual item's text at once: a little more than its encoding in plain strings.
  EncodedItemJsonWriter writer(out, 2 * encoded_item.size() + 64);
  const Status status = model::VisitEncodedItemDirect(encoded_item, &writer);
  writer.Finish();
  return status;
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
