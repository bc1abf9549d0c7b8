// libFuzzer target for the expression front end: the parser and resolver behind
// RequestExpressions, with the parse cache.
//
// Input: one selector byte, then the expression text. The selector's low three bits choose the
// expressions of one request: 0-4 one expression of that ExpressionKind (condition, filter,
// key-condition, projection, update); 5 update|condition (UpdateItem), 6 key-condition|filter|
// projection (Query), 7 filter|projection (Scan), the text split at its first '|'s. Bit 3 defines
// every fixed placeholder instead of only those whose key occurs in the text; bit 4 gives the parse
// cache a capacity of one entry, so the request evicts as it goes. The seeds in corpus/ start with
// a digit: '0'-'7' for the eight layouts, '8' a condition with every placeholder defined.
//
// Each request runs twice through the same cache, and must give the same outcome both times, and:
// every error is a ValidationException with the service's message shape; whatever parses is a
// well-formed tree with every placeholder substituted.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "expr/expressions.h"
#include "expr/fuzz/invariants.h"
#include "util/strings.h"

namespace dynafake::expr::fuzz {
namespace {

// DynamoDB: an expression longer than this is rejected before parsing (dynamodb-behaviour.md 5.1).
constexpr size_t kMaxExpressionBytes = 4096;

Placeholders PlaceholdersFor(std::string_view text, bool define_all) {
  Placeholders chosen;
  for (const auto& [key, name] : FixedPlaceholders().names) {
    if (define_all || text.find(key) != std::string_view::npos) {
      chosen.names.emplace(key, name);
    }
  }
  for (const auto& [key, value] : FixedPlaceholders().values) {
    if (define_all || text.find(key) != std::string_view::npos) {
      chosen.values.emplace(key, value);
    }
  }
  return chosen;
}

// True when some defined placeholder occurs nowhere in the text, so cannot have been used.
bool SomeKeyAbsent(const Placeholders& placeholders, std::string_view text) {
  for (const auto& entry : placeholders.names) {
    if (text.find(entry.first) == std::string_view::npos) {
      return true;
    }
  }
  for (const auto& entry : placeholders.values) {
    if (text.find(entry.first) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Only printable ASCII and the whitespace characters tab, CR and LF can make up an expression.
bool IsExpressionAlphabet(std::string_view text) {
  for (const char c : text) {
    const bool printable = c >= 0x20 && c <= 0x7e;
    if (!printable && c != '\t' && c != '\r' && c != '\n') {
      return false;
    }
  }
  return true;
}

bool SameStatus(const Status& a, const Status& b) {
  return a.code() == b.code() && a.message() == b.message();
}

using Parsed = std::variant<Status, Condition, Update, Projection>;

bool SameParsed(const Parsed& a, const Parsed& b) {
  if (a.index() != b.index()) {
    return false;
  }
  if (const auto* status = std::get_if<Status>(&a)) {
    return SameStatus(*status, std::get<Status>(b));
  }
  if (const auto* condition = std::get_if<Condition>(&a)) {
    return SameCondition(*condition, std::get<Condition>(b));
  }
  if (const auto* update = std::get_if<Update>(&a)) {
    return SameUpdate(*update, std::get<Update>(b));
  }
  return std::get<Projection>(a).paths == std::get<Projection>(b).paths;
}

struct Expression {
  ExpressionKind kind;
  std::string_view text;
};

template <typename T>
Parsed FromResult(Result<T> result) {
  if (!result.has_value()) {
    return result.error();
  }
  return std::move(result).value();
}

Parsed ParseOne(RequestExpressions& request, const Expression& expression) {
  switch (expression.kind) {
    case ExpressionKind::kProjection:
      return FromResult(request.ParseProjection(expression.text));
    case ExpressionKind::kUpdate:
      return FromResult(request.ParseUpdate(expression.text));
    default:
      return FromResult(request.ParseCondition(expression.text, expression.kind));
  }
}

void CheckParseError(const Status& status, const Expression& expression) {
  const std::string& message = status.message();
  const std::string prefix = "Invalid " + std::string(ExpressionKindName(expression.kind)) + ": ";
  Require(status.code() == ErrorCode::kValidation, "errors are ValidationException", message);
  Require(StartsWith(message, prefix), "a parse error names its expression kind", message);
  Require(message.size() <= 3 * expression.text.size() + 1024, "an error message stays small");
  if (util::IsValidUtf8(expression.text)) {
    Require(util::IsValidUtf8(message), "the message of valid UTF-8 input is valid UTF-8", message);
  }
  if (expression.text.empty()) {
    Require(message == prefix + "The expression can not be empty;", "the empty message", message);
  }
  if (expression.text.size() > kMaxExpressionBytes) {
    // DynamoDB: condition and filter expressions then add "expression size: <n>", the others not.
    Require(StartsWith(message, prefix + "Expression size has exceeded the maximum allowed size;"),
            "the size limit comes first", message);
  }
}

void CheckParsed(const Parsed& parsed, const Expression& expression) {
  if (const auto* status = std::get_if<Status>(&parsed)) {
    CheckParseError(*status, expression);
    return;
  }
  Require(!expression.text.empty() && expression.text.size() <= kMaxExpressionBytes,
          "only non-empty expressions within the size limit parse");
  Require(IsExpressionAlphabet(expression.text), "only printable ASCII and whitespace parse");
  if (const auto* condition = std::get_if<Condition>(&parsed)) {
    CheckCondition(*condition);
  } else if (const auto* update = std::get_if<Update>(&parsed)) {
    CheckUpdate(*update);
  } else {
    CheckProjection(std::get<Projection>(parsed));
  }
}

struct Outcome {
  std::vector<Parsed> parsed;  // up to and including the first error
  bool all_parsed = false;
  Status all_used;  // CheckAllUsed, when every expression parsed
};

Outcome RunRequest(ParseCache* cache, const Placeholders& placeholders,
                   const std::vector<Expression>& expressions) {
  RequestExpressions request(cache, placeholders.names.empty() ? nullptr : &placeholders.names,
                             placeholders.values.empty() ? nullptr : &placeholders.values);
  Outcome outcome;
  for (const Expression& expression : expressions) {
    outcome.parsed.push_back(ParseOne(request, expression));
    CheckParsed(outcome.parsed.back(), expression);
    if (std::holds_alternative<Status>(outcome.parsed.back())) {
      return outcome;
    }
  }
  outcome.all_parsed = true;
  outcome.all_used = request.CheckAllUsed();
  return outcome;
}

void CheckAllUsedStatus(const Status& status, const Placeholders& placeholders,
                        std::string_view text) {
  if (SomeKeyAbsent(placeholders, text)) {
    Require(!status.ok(), "a placeholder absent from the text is reported unused");
  }
  if (status.ok()) {
    return;
  }
  const std::string& message = status.message();
  Require(status.code() == ErrorCode::kValidation, "errors are ValidationException", message);
  Require(StartsWith(message,
                     "Value provided in ExpressionAttributeNames unused in expressions: "
                     "keys: {") ||
              StartsWith(message,
                         "Value provided in ExpressionAttributeValues unused in expressions: "
                         "keys: {"),
          "the unused-placeholder message", message);
}

std::vector<Expression> SplitRequest(uint8_t layout, std::string_view text) {
  static constexpr ExpressionKind kLayouts[3][3] = {
      {ExpressionKind::kUpdate, ExpressionKind::kCondition},
      {ExpressionKind::kKeyCondition, ExpressionKind::kFilter, ExpressionKind::kProjection},
      {ExpressionKind::kFilter, ExpressionKind::kProjection},
  };
  static constexpr size_t kCounts[3] = {2, 3, 2};
  if (layout < 5) {
    return {{static_cast<ExpressionKind>(layout), text}};
  }
  std::vector<Expression> expressions;
  const size_t count = kCounts[layout - 5];
  for (size_t i = 0; i < count; ++i) {
    const size_t bar = i + 1 < count ? text.find('|') : std::string_view::npos;
    expressions.push_back({kLayouts[layout - 5][i], text.substr(0, bar)});
    if (bar == std::string_view::npos) {
      break;
    }
    text.remove_prefix(bar + 1);
  }
  return expressions;
}

void FuzzOne(const uint8_t* data, size_t size) {
  if (size == 0) {
    return;
  }
  const uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const Placeholders placeholders = PlaceholdersFor(text, (selector & 8) != 0);
  const std::shared_ptr<ParseCache> cache = NewParseCache((selector & 16) != 0 ? 1 : 4096);

  Outcome first;
  {
    // Freed before the second run: the cache must own what it keeps of the text.
    const std::string copy(text);
    first = RunRequest(cache.get(), placeholders, SplitRequest(selector & 7, copy));
  }
  if (first.all_parsed) {
    CheckAllUsedStatus(first.all_used, placeholders, text);
  }
  const std::vector<Expression> expressions = SplitRequest(selector & 7, text);
  const Outcome again = RunRequest(cache.get(), placeholders, expressions);
  Require(again.parsed.size() == first.parsed.size(), "a repeated request parses as far");
  for (size_t i = 0; i < first.parsed.size(); ++i) {
    Require(SameParsed(first.parsed[i], again.parsed[i]),
            "a repeated expression gives the same outcome", expressions[i].text);
  }
  Require(SameStatus(first.all_used, again.all_used), "a repeated request uses the same names");
}

}  // namespace
}  // namespace dynafake::expr::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dynafake::expr::fuzz::FuzzOne(data, size);
  return 0;
}
