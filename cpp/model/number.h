// Number: DynamoDB's N type, an exact decimal of up to 38 significant digits with magnitude in
// [1E-130, 1E126) or zero. Never a double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dynafake/status.h"

namespace dynafake::model {

// value = (negative ? -1 : 1) * 0.d1d2...dn * 10^exponent, with d1 != 0 and dn != 0; zero has no
// digits. Immutable; safe to share between threads.
class Number {
 public:
  Number() = default;  // zero

  // Parses the service's number syntax (optional sign, digits with optional '.', optional e/E
  // exponent). Errors are ValidationException with the service's exact texts:
  //   "The parameter cannot be converted to a numeric value: <text>" ("... numeric value" if
  //   empty), "Number overflow. Attempting to store a number with magnitude larger than supported
  //   range", "Number underflow. Attempting to store a number with magnitude smaller than supported
  //   range", "Attempting to store more than 38 significant digits in a Number".
  static Result<Number> Parse(std::string_view text);

  // Rebuilds a number from the parts digits()/exponent()/negative() returned, without parsing (for
  // decoders). nullopt if `digits` is not in that form (only '0'..'9', first and last not '0').
  // Empty digits give zero, whatever the other arguments. The range is not checked.
  static std::optional<Number> FromParts(bool negative, int32_t exponent, std::string digits);

  // Exact sum/difference; a result needing more than 38 digits or out of range fails with the
  // overflow/underflow message (DynamoDB: reports overflow even for precision loss like 1e50 + 1).
  static Result<Number> Add(const Number& a, const Number& b);
  static Result<Number> Subtract(const Number& a, const Number& b);

  // The service's canonical text: plain decimal, never scientific, no '+', no leading or trailing
  // zeros, "0" for zero ("1e3" -> "1000", "-0.0" -> "0", ".5" -> "0.5").
  std::string ToString() const;

  // ToString and Size of the number with these parts (digits as digits() holds them), for readers
  // that see a number's parts without building it.
  static void AppendCanonicalText(bool negative, int32_t exponent, std::string_view digits,
                                  std::string* out);
  static size_t SizeOf(bool negative, int32_t exponent, size_t digit_count);

  // Numeric order: -1, 0 or 1.
  int Compare(const Number& other) const;

  bool operator==(const Number& other) const { return Compare(other) == 0; }

  bool operator<(const Number& other) const { return Compare(other) < 0; }

  bool is_zero() const { return digits_.empty(); }

  bool negative() const { return negative_; }

  // Significant digits '1'..'9' first and last, e.g. "125" for 12.5; empty for zero.
  const std::string& digits() const { return digits_; }

  // Decimal exponent: 12.5 is 0.125 * 10^2, so 2.
  int32_t exponent() const { return exponent_; }

  // Bytes the service counts for this number in item size (docs: dynamodb-behaviour.md 2.7).
  size_t Size() const;

 private:
  bool negative_ = false;
  int32_t exponent_ = 0;
  std::string digits_;
};

}  // namespace dynafake::model
