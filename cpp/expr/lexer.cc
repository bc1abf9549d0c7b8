#include "expr/lexer.h"

#include <array>

#include "util/strings.h"

namespace dynafake::expr {
namespace {

bool IsLetter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigit(unsigned char c) {
  return c >= '0' && c <= '9';
}

bool IsNameChar(unsigned char c) {
  return IsLetter(c) || IsDigit(c) || c == '_';
}

bool IsSpace(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool EqualsIgnoringCase(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c) != upper[i]) {
      return false;
    }
  }
  return true;
}

// DynamoDB: keywords match case-insensitively ("sEt", "and").
Keyword ClassifyKeyword(std::string_view word) {
  struct Entry {
    std::string_view text;
    Keyword keyword;
  };

  static constexpr std::array<Entry, 9> kKeywords = {{
      {"AND", Keyword::kAnd},
      {"OR", Keyword::kOr},
      {"NOT", Keyword::kNot},
      {"BETWEEN", Keyword::kBetween},
      {"IN", Keyword::kIn},
      {"SET", Keyword::kSet},
      {"REMOVE", Keyword::kRemove},
      {"ADD", Keyword::kAdd},
      {"DELETE", Keyword::kDelete},
  }};
  if (word.size() > 7) {
    return Keyword::kNone;
  }
  for (const Entry& entry : kKeywords) {
    if (EqualsIgnoringCase(word, entry.text)) {
      return entry.keyword;
    }
  }
  return Keyword::kNone;
}

size_t SkipNameChars(std::string_view text, size_t pos) {
  while (pos < text.size() && IsNameChar(static_cast<unsigned char>(text[pos]))) {
    ++pos;
  }
  return pos;
}

// The token starting at text[pos] (not whitespace, not the end).
Token LexOne(std::string_view text, size_t pos) {
  Token token;
  token.begin = static_cast<uint32_t>(pos);
  const auto c = static_cast<unsigned char>(text[pos]);
  const unsigned char next = pos + 1 < text.size() ? static_cast<unsigned char>(text[pos + 1]) : 0;
  size_t end = pos + 1;
  if (IsLetter(c)) {
    end = SkipNameChars(text, pos + 1);
    token.kind = TokenKind::kIdentifier;
    token.keyword = ClassifyKeyword(text.substr(pos, end - pos));
  } else if ((c == '#' || c == ':') && IsNameChar(next)) {
    // DynamoDB: after '#' or ':' any of [A-Za-z0-9_] may follow, digits and '_' first included.
    end = SkipNameChars(text, pos + 1);
    token.kind = c == '#' ? TokenKind::kNamePlaceholder : TokenKind::kValuePlaceholder;
  } else if (IsDigit(c)) {
    // DynamoDB: "0" stands alone, so "l[01]" fails at the second digit ("token: \"0\"").
    while (c != '0' && end < text.size() && IsDigit(static_cast<unsigned char>(text[end]))) {
      ++end;
    }
    token.kind = TokenKind::kNumber;
  } else {
    switch (c) {
      case '(':
        token.kind = TokenKind::kLeftParen;
        break;
      case ')':
        token.kind = TokenKind::kRightParen;
        break;
      case '[':
        token.kind = TokenKind::kLeftBracket;
        break;
      case ']':
        token.kind = TokenKind::kRightBracket;
        break;
      case ',':
        token.kind = TokenKind::kComma;
        break;
      case '.':
        token.kind = TokenKind::kDot;
        break;
      case '+':
        token.kind = TokenKind::kPlus;
        break;
      case '-':
        token.kind = TokenKind::kMinus;
        break;
      case '=':
        token.kind = TokenKind::kEqual;
        break;
      case '<':
        token.kind = next == '='   ? TokenKind::kLessOrEqual
                     : next == '>' ? TokenKind::kNotEqual
                                   : TokenKind::kLess;
        end = token.kind == TokenKind::kLess ? pos + 1 : pos + 2;
        break;
      case '>':
        token.kind = next == '=' ? TokenKind::kGreaterOrEqual : TokenKind::kGreater;
        end = token.kind == TokenKind::kGreater ? pos + 1 : pos + 2;
        break;
      default: {
        // DynamoDB: an unexpected character is reported alone, a whole code point
        // ("l[１２３]" -> token "１").
        const size_t length = util::Utf8SequenceLength(text, pos);
        token.kind = TokenKind::kUnknown;
        end = pos + (length == 0 ? 1 : length);
        break;
      }
    }
  }
  token.end = static_cast<uint32_t>(end);
  return token;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 2 + 2);
  size_t pos = 0;
  while (true) {
    while (pos < text.size() && IsSpace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
    }
    if (pos == text.size()) {
      break;
    }
    const Token token = LexOne(text, pos);
    tokens.push_back(token);
    pos = token.end;
  }
  Token end;
  end.begin = end.end = static_cast<uint32_t>(text.size());
  tokens.push_back(end);
  return tokens;
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t length = util::Utf8SequenceLength(text, pos);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++pos;
    } else {
      out.append(text, pos, length);
      pos += length;
    }
  }
  return out;
}

}  // namespace dynafake::expr
