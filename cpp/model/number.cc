#include "model/number.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "util/result.h"

namespace dynafake::model {
namespace {

constexpr size_t kMaxDigits = 38;
// In the 0.d1d2... * 10^exponent form: 1E-130 is 0.1E-129 and 1E126 is 0.1E127.
constexpr int64_t kMinExponent = -129;
constexpr int64_t kMaxExponent = 126;
// Exponent literals are clamped here while parsing; anything this large is out of range anyway.
constexpr int64_t kExponentClamp = int64_t{1} << 40;
// Widest digit span Add/Subtract computes; valid operands need at most 126 + 129 + 38 positions.
constexpr int64_t kMaxArithmeticWidth = 512;

constexpr char kNotNumeric[] = "The parameter cannot be converted to a numeric value";
constexpr char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr char kTooManyDigits[] = "Attempting to store more than 38 significant digits in a Number";

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

Status NotNumeric(std::string_view text) {
  return ValidationError(std::string(kNotNumeric) + ": " + std::string(text));
}

// The pieces of a syntactically valid literal: [sign] int_part [. frac_part] [e exponent].
struct Literal {
  bool negative = false;
  std::string_view int_part;
  std::string_view frac_part;
  int64_t exponent = 0;  // clamped to +-kExponentClamp

  size_t size() const { return int_part.size() + frac_part.size(); }

  char at(size_t i) const {
    return i < int_part.size() ? int_part[i] : frac_part[i - int_part.size()];
  }
};

size_t SkipDigits(std::string_view text, size_t i) {
  while (i < text.size() && IsDigit(text[i])) {
    ++i;
  }
  return i;
}

// Accepted: optional sign, digits with an optional '.', at least one digit, then an optional
// e/E with an optional sign and at least one digit. No spaces, no NaN/Infinity, no hex.
bool SplitLiteral(std::string_view text, Literal* literal) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    literal->negative = text[i] == '-';
    ++i;
  }
  size_t end = SkipDigits(text, i);
  literal->int_part = text.substr(i, end - i);
  i = end;
  if (i < text.size() && text[i] == '.') {
    end = SkipDigits(text, i + 1);
    literal->frac_part = text.substr(i + 1, end - i - 1);
    i = end;
  }
  if (literal->size() == 0) {
    return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    end = SkipDigits(text, i);
    if (end == i) {
      return false;
    }
    int64_t exponent = 0;
    for (; i < end; ++i) {
      exponent = std::min(exponent * 10 + (text[i] - '0'), kExponentClamp);
    }
    literal->exponent = exponent_negative ? -exponent : exponent;
  }
  return i == text.size();
}

// Range and precision of a result of Add/Subtract. DynamoDB: a result that needs more than 38
// digits reports the overflow text, not the 38-digit one (test_number.py::
// test_update_expression_plus_imprecise).
Status CheckArithmeticResult(const Number& result) {
  if (result.is_zero()) {
    return Status::Ok();
  }
  if (result.digits().size() > kMaxDigits || result.exponent() > kMaxExponent) {
    return ValidationError(kOverflow);
  }
  if (result.exponent() < kMinExponent) {
    return ValidationError(kUnderflow);
  }
  return Status::Ok();
}

}  // namespace

// Order of checks: syntax, then range (overflow, underflow), then the 38-digit limit, so
// "1.00000000000000000000000000000000000000001e200" (42 digits, too large) reports overflow.
// Trailing zeros are not significant: "1000...0" with 50 zeros has one digit.
Result<Number> Number::Parse(std::string_view text) {
  if (text.empty()) {
    return ValidationError(kNotNumeric);
  }
  Literal literal;
  if (!SplitLiteral(text, &literal)) {
    return NotNumeric(text);
  }
  const size_t total = literal.size();
  size_t first = 0;
  while (first < total && literal.at(first) == '0') {
    ++first;
  }
  if (first == total) {
    // DynamoDB: a zero keeps the exponent it was written with, counted like a Java BigDecimal's
    // adjusted exponent (literal exponent minus fraction digits): "0e126" overflows and "0e-131"
    // underflows while "0.0e126" (adjusted 125) and "0e125" are accepted
    // (test_number.py::test_number_magnitude_not_allowed_zero). Every zero follows that rule.
    const int64_t adjusted = literal.exponent - static_cast<int64_t>(literal.frac_part.size());
    if (adjusted > kMaxExponent - 1) {
      return ValidationError(kOverflow);
    }
    if (adjusted < kMinExponent - 1) {
      return ValidationError(kUnderflow);
    }
    return Number();
  }
  size_t last = total - 1;
  while (literal.at(last) == '0') {
    --last;
  }
  const int64_t exponent = static_cast<int64_t>(literal.int_part.size()) -
                           static_cast<int64_t>(first) + literal.exponent;
  if (exponent > kMaxExponent) {
    return ValidationError(kOverflow);
  }
  if (exponent < kMinExponent) {
    return ValidationError(kUnderflow);
  }
  const size_t count = last - first + 1;
  if (count > kMaxDigits) {
    return ValidationError(kTooManyDigits);
  }
  Number number;
  number.negative_ = literal.negative;
  number.exponent_ = static_cast<int32_t>(exponent);
  number.digits_.resize(count);
  for (size_t i = 0; i < count; ++i) {
    number.digits_[i] = literal.at(first + i);
  }
  return number;
}

std::optional<Number> Number::FromParts(bool negative, int32_t exponent, std::string digits) {
  Number number;
  if (digits.empty()) {
    return number;
  }
  if (digits.front() == '0' || digits.back() == '0' ||
      !std::all_of(digits.begin(), digits.end(), IsDigit)) {
    return std::nullopt;
  }
  number.negative_ = negative;
  number.exponent_ = exponent;
  number.digits_ = std::move(digits);
  return number;
}

std::string Number::ToString() const {
  std::string out;
  AppendCanonicalText(negative_, exponent_, digits_, &out);
  return out;
}

void Number::AppendCanonicalText(bool negative, int32_t exponent_parts, std::string_view digits,
                                 std::string* out) {
  if (digits.empty()) {
    out->push_back('0');
    return;
  }
  const int64_t count = static_cast<int64_t>(digits.size());
  const int64_t exponent = exponent_parts;
  out->reserve(out->size() + static_cast<size_t>(std::max(count, std::abs(exponent)) + 3));
  if (negative) {
    out->push_back('-');
  }
  if (exponent >= count) {
    out->append(digits);
    out->append(static_cast<size_t>(exponent - count), '0');
  } else if (exponent > 0) {
    out->append(digits.substr(0, static_cast<size_t>(exponent)));
    out->push_back('.');
    out->append(digits.substr(static_cast<size_t>(exponent)));
  } else {
    out->append("0.");
    out->append(static_cast<size_t>(-exponent), '0');
    out->append(digits);
  }
}

int Number::Compare(const Number& other) const {
  const int sign = is_zero() ? 0 : (negative_ ? -1 : 1);
  const int other_sign = other.is_zero() ? 0 : (other.negative_ ? -1 : 1);
  if (sign != other_sign || sign == 0) {
    return sign < other_sign ? -1 : (sign > other_sign ? 1 : 0);
  }
  int magnitude = 0;
  if (exponent_ != other.exponent_) {
    magnitude = exponent_ < other.exponent_ ? -1 : 1;
  } else {
    const int c = digits_.compare(other.digits_);
    magnitude = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return sign * magnitude;
}

namespace {

// Digit i of `n` at position p counts 10^p; the digits of n cover [exponent - size, exponent).
// Writes |n| into `out` (most significant first) where out[0] stands for position `top - 1`.
void Spread(const Number& n, int64_t top, std::vector<int8_t>* out) {
  const int64_t offset = top - n.exponent();
  for (size_t i = 0; i < n.digits().size(); ++i) {
    (*out)[static_cast<size_t>(offset) + i] = static_cast<int8_t>(n.digits()[i] - '0');
  }
}

}  // namespace

Result<Number> Number::Add(const Number& a, const Number& b) {
  if (b.is_zero()) {
    return a;
  }
  if (a.is_zero()) {
    return b;
  }
  // One extra position on top for the carry.
  const int64_t top = std::max<int64_t>(a.exponent_, b.exponent_) + 1;
  const int64_t bottom = std::min<int64_t>(a.exponent_ - static_cast<int64_t>(a.digits_.size()),
                                           b.exponent_ - static_cast<int64_t>(b.digits_.size()));
  if (top - bottom > kMaxArithmeticWidth) {
    // The operands' digits are that far apart: the exact result needs more than 38 digits.
    return ValidationError(kOverflow);
  }
  const size_t width = static_cast<size_t>(top - bottom);
  std::vector<int8_t> x(width, 0), y(width, 0);
  Spread(a, top, &x);
  Spread(b, top, &y);
  bool negative = a.negative_;
  if (a.negative_ != b.negative_) {
    // Subtract the smaller magnitude from the larger; the larger one gives the sign.
    if (std::lexicographical_compare(x.begin(), x.end(), y.begin(), y.end())) {
      std::swap(x, y);
      negative = b.negative_;
    }
    int borrow = 0;
    for (size_t i = width; i-- > 0;) {
      int d = x[i] - y[i] - borrow;
      borrow = d < 0 ? 1 : 0;
      x[i] = static_cast<int8_t>(d + 10 * borrow);
    }
  } else {
    int carry = 0;
    for (size_t i = width; i-- > 0;) {
      const int d = x[i] + y[i] + carry;
      carry = d / 10;
      x[i] = static_cast<int8_t>(d % 10);
    }
  }
  const auto first = std::find_if(x.begin(), x.end(), [](int8_t d) { return d != 0; });
  if (first == x.end()) {
    return Number();
  }
  const auto last = std::find_if(x.rbegin(), x.rend(), [](int8_t d) { return d != 0; }).base();
  Number result;
  result.negative_ = negative;
  result.exponent_ = static_cast<int32_t>(top - (first - x.begin()));
  result.digits_.reserve(static_cast<size_t>(last - first));
  for (auto it = first; it != last; ++it) {
    result.digits_.push_back(static_cast<char>('0' + *it));
  }
  DF_RETURN_IF_ERROR(CheckArithmeticResult(result));
  return result;
}

Result<Number> Number::Subtract(const Number& a, const Number& b) {
  Number negated = b;
  negated.negative_ = !b.is_zero() && !b.negative_;
  return Add(a, negated);
}

// DynamoDB stores the mantissa in base 100 aligned on the decimal point: one byte per pair of
// digits, one more when an even count of digits straddles the pairs (the scientific exponent is
// even), one exponent byte, and one trailing byte for negatives (dynamodb-behaviour.md 2.7).
size_t Number::Size() const {
  return SizeOf(negative_, exponent_, digits_.size());
}

size_t Number::SizeOf(bool negative, int32_t exponent, size_t digit_count) {
  if (digit_count == 0) {
    return 1;
  }
  const int64_t scientific_exponent = static_cast<int64_t>(exponent) - 1;
  const bool straddles = digit_count % 2 == 0 && scientific_exponent % 2 == 0;
  return 1 + (digit_count + 1) / 2 + (straddles ? 1 : 0) + (negative ? 1 : 0);
}

}  // namespace dynafake::model
