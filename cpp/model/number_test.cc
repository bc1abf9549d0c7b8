#include "model/number.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::model {
namespace {

constexpr char kOverflow[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr char kUnderflow[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
constexpr char kTooManyDigits[] = "Attempting to store more than 38 significant digits in a Number";

Number N(std::string_view text) {
  Result<Number> number = Number::Parse(text);
  EXPECT_TRUE(number.has_value()) << text << ": " << number.status().ToString();
  return number.has_value() ? *number : Number();
}

std::string Canonical(std::string_view text) {
  return N(text).ToString();
}

std::string ParseError(std::string_view text) {
  Result<Number> number = Number::Parse(text);
  if (number.has_value()) {
    return "parsed as " + number->ToString();
  }
  EXPECT_EQ(number.error().code(), ErrorCode::kValidation);
  return number.error().message();
}

TEST(NumberParseTest, CanonicalForms) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"007", "7"},
      {"+1.5", "1.5"},
      {"1.10", "1.1"},
      {"100.000", "100"},
      {"-0.0", "0"},
      {"0e5", "0"},
      {"1e3", "1000"},
      {"-3e2", "-300"},
      {"1e-3", "0.001"},
      {".5", "0.5"},
      {"1.0e-1", "0.1"},
      {"1e20", "100000000000000000000"},
      {"1e125", "1" + std::string(125, '0')},
      {"3", "3"},
      {"-7.1234", "-7.1234"},
      {"-17e5", "-1700000"},
      {"-17.4E37", "-174" + std::string(36, '0')},
      {"+3", "3"},
      {".123", "0.123"},
      {"0001.23", "1.23"},
      {"1e+5", "100000"},
      {"5.", "5"},
      {"1.e2", "100"},
      {"-.5e-2", "-0.005"},
      {"0", "0"},
      {"-0", "0"},
      {"+0.000", "0"},
      {"12.5", "12.5"},
      {"1E-130", "0." + std::string(129, '0') + "1"},
      {"9.9999999999999999999999999999999999999E+125", std::string(38, '9') + std::string(88, '0')},
      {"1e0000000000000000000000000000002", "100"},
      {"123.456e1", "1234.56"},
      {"123.456e-5", "0.00123456"},
  };
  for (const auto& [input, expected] : cases) {
    EXPECT_EQ(Canonical(input), expected) << input;
  }
}

TEST(NumberParseTest, Parts) {
  const Number n = N("12.5");
  EXPECT_EQ(n.digits(), "125");
  EXPECT_EQ(n.exponent(), 2);
  EXPECT_FALSE(n.negative());
  const Number small = N("-0.00120");
  EXPECT_EQ(small.digits(), "12");
  EXPECT_EQ(small.exponent(), -2);
  EXPECT_TRUE(small.negative());
  EXPECT_TRUE(N("-0").is_zero());
  EXPECT_FALSE(N("-0").negative());
}

TEST(NumberParseTest, RejectsSyntax) {
  EXPECT_EQ(ParseError(""), "The parameter cannot be converted to a numeric value");
  std::vector<std::string> invalid = {
      "NaN",   "Infinity", "-Infinity", "-NaN", "dog",  "-dog",  " 1",   "1 ",    ".",   "e5",
      "1e",    "1e+",      "+",         "-",    "1..2", "1.2.3", "0x10", "1,000", "--1", "+-1",
      "1e5.5", "1e--5",    "1_000",     "\t1",  "1f",   "inf",   ".e1",  "1e 5"};
  invalid.push_back(std::string("1\0", 2));
  for (const std::string& text : invalid) {
    EXPECT_EQ(ParseError(text), "The parameter cannot be converted to a numeric value: " + text)
        << text;
  }
}

TEST(NumberParseTest, Range) {
  for (const char* ok : {"9.99999999e125", "-9.99999999e125", "1e-130", "-1e-130", "1e125",
                         "0.1e126", "10e-131", "1e-100"}) {
    EXPECT_TRUE(Number::Parse(ok).has_value()) << ok;
  }
  for (const char* over : {"1e126", "11e125", "-1e126", "-11e125", "1.0e100000000",
                           "1e99999999999999999999999", "100000e121"}) {
    EXPECT_EQ(ParseError(over), kOverflow) << over;
  }
  for (const char* under : {"1e-131", "0.9e-130", "-1e-131", "-0.9e-130",
                            "1e-99999999999999999999999", "0.0001e-127"}) {
    EXPECT_EQ(ParseError(under), kUnderflow) << under;
  }
}

// DynamoDB: zero keeps its written exponent (literal exponent minus fraction digits) for the range
// check: "0e126" overflows although "0.0e126" is accepted.
TEST(NumberParseTest, ZeroExponentQuirk) {
  EXPECT_EQ(ParseError("0e126"), kOverflow);
  EXPECT_EQ(ParseError("-0e126"), kOverflow);
  EXPECT_EQ(ParseError("00e126"), kOverflow);
  EXPECT_EQ(ParseError("0e1000"), kOverflow);
  EXPECT_EQ(ParseError("0.0e127"), kOverflow);
  EXPECT_EQ(Canonical("0.0e126"), "0");
  EXPECT_EQ(Canonical("0.00e127"), "0");
  EXPECT_EQ(Canonical("0e125"), "0");
  EXPECT_EQ(Canonical("0e-130"), "0");
  EXPECT_EQ(ParseError("0e-131"), kUnderflow);
  EXPECT_EQ(ParseError("0.0e-130"), kUnderflow);
  EXPECT_EQ(Canonical("0.1e126"), "1" + std::string(125, '0'));
}

TEST(NumberParseTest, SignificantDigits) {
  EXPECT_EQ(Canonical("3.1415926535897932384626433832795028841"),
            "3.1415926535897932384626433832795028841");
  EXPECT_EQ(Canonical("314159265358979323846.26433832795028841"),
            "314159265358979323846.26433832795028841");
  EXPECT_EQ(Canonical("31415926535897932384626433832795028841e30"),
            "31415926535897932384626433832795028841" + std::string(30, '0'));
  EXPECT_EQ(ParseError("3.14159265358979323846264338327950288419"), kTooManyDigits);
  EXPECT_EQ(ParseError("314159265358979323846.264338327950288419"), kTooManyDigits);
  EXPECT_EQ(ParseError("314159265358979323846264338327950288419e30"), kTooManyDigits);
  EXPECT_EQ(ParseError("123456789012345678901234567890123456789"), kTooManyDigits);
  EXPECT_EQ(ParseError("-1.23456789012345678901234567890123456789"), kTooManyDigits);
  // Leading and trailing zeros are not significant.
  EXPECT_TRUE(Number::Parse("1234567890123456789012345678901234567800000000").has_value());
  EXPECT_TRUE(Number::Parse("0.000012345678901234567890123456789012345678").has_value());
  EXPECT_TRUE(Number::Parse("1" + std::string(125, '0')).has_value());
  EXPECT_TRUE(Number::Parse("1." + std::string(500, '0')).has_value());
  EXPECT_EQ(ParseError("1" + std::string(126, '0')), kOverflow);
}

// Range is checked before precision: a 42-digit number out of range reports the range error.
TEST(NumberParseTest, RangeBeforeDigits) {
  EXPECT_EQ(ParseError("1.00000000000000000000000000000000000000001e200"), kOverflow);
  EXPECT_EQ(ParseError("1.00000000000000000000000000000000000000001e-200"), kUnderflow);
  EXPECT_EQ(ParseError("1.00000000000000000000000000000000000000001e100"), kTooManyDigits);
}

TEST(NumberFromPartsTest, RebuildsAndRejects) {
  const Number n = N("-12.5");
  const std::optional<Number> copy = Number::FromParts(n.negative(), n.exponent(), n.digits());
  ASSERT_TRUE(copy.has_value());
  EXPECT_EQ(copy->ToString(), "-12.5");
  EXPECT_TRUE(Number::FromParts(true, 7, "")->is_zero());
  EXPECT_FALSE(Number::FromParts(true, 7, "")->negative());
  EXPECT_FALSE(Number::FromParts(false, 1, "10").has_value());
  EXPECT_FALSE(Number::FromParts(false, 1, "01").has_value());
  EXPECT_FALSE(Number::FromParts(false, 1, "1a1").has_value());
}

TEST(NumberCompareTest, NumericOrder) {
  const std::vector<std::string> ascending = {
      "-9.99e125", "-1e10",  "-100",    "-99.9", "-1",
      "-0.5",      "-0.125", "-1e-130", "0",     "1e-130",
      "0.001",     "0.1",    "0.12",    "0.125", "1",
      "1.5",       "99",     "100",     "1e10",  "12345678901234567890",
      "9.99e125"};
  for (size_t i = 0; i < ascending.size(); ++i) {
    for (size_t j = 0; j < ascending.size(); ++j) {
      const int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(N(ascending[i]).Compare(N(ascending[j])), expected)
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(N("1000"), N("1e3"));
  EXPECT_EQ(N("1"), N("1.0"));
  EXPECT_EQ(N("-0"), N("0.0e10"));
  EXPECT_TRUE(N("-2") < N("1"));
}

std::string Sum(std::string_view a, std::string_view b) {
  Result<Number> result = Number::Add(N(a), N(b));
  return result.has_value() ? result->ToString() : result.error().message();
}

std::string Difference(std::string_view a, std::string_view b) {
  Result<Number> result = Number::Subtract(N(a), N(b));
  return result.has_value() ? result->ToString() : result.error().message();
}

TEST(NumberArithmeticTest, Exact) {
  EXPECT_EQ(Sum("1", "10000000000000000000000"), "10000000000000000000001");
  EXPECT_EQ(Difference("10000000000000000000000", "1"), "9999999999999999999999");
  EXPECT_EQ(Sum("0.1", "0.2"), "0.3");
  EXPECT_EQ(Sum("-5", "3"), "-2");
  EXPECT_EQ(Sum("3", "-5"), "-2");
  EXPECT_EQ(Sum("5", "-5"), "0");
  EXPECT_EQ(Difference("1.5", "1.5"), "0");
  EXPECT_EQ(Sum("99", "1"), "100");
  EXPECT_EQ(Difference("-99", "1"), "-100");
  EXPECT_EQ(Difference("0", "5"), "-5");
  EXPECT_EQ(Difference("5", "0"), "5");
  EXPECT_EQ(Difference("0", "0"), "0");
  EXPECT_EQ(Sum("0.001", "1000"), "1000.001");
  EXPECT_EQ(Difference("-3", "-3"), "0");
  EXPECT_EQ(Difference("1", "0.0001"), "0.9999");
  EXPECT_EQ(Sum("9e125", "9e124"), "99" + std::string(124, '0'));
  EXPECT_EQ(Sum(std::string(38, '9'), "1"), "1" + std::string(38, '0'));
  EXPECT_EQ(Sum("1e-130", "1e-130"), "0." + std::string(129, '0') + "2");
}

TEST(NumberArithmeticTest, OverflowAndPrecision) {
  EXPECT_EQ(Sum("9e125", "9e125"), kOverflow);
  EXPECT_EQ(Difference("9e125", "-9e125"), kOverflow);
  EXPECT_EQ(Difference("-9e125", "9e125"), kOverflow);
  // DynamoDB: precision loss reports the overflow text.
  EXPECT_EQ(Difference("1e50", "1"), kOverflow);
  EXPECT_EQ(Sum("1e50", "1"), kOverflow);
  EXPECT_EQ(Sum(std::string(38, '9'), "2"), kOverflow);
  EXPECT_EQ(Sum("1e125", "1e-130"), kOverflow);
  EXPECT_EQ(Difference("2e-130", "1.5e-130"), kUnderflow);
}

TEST(NumberSizeTest, DocumentedExamples) {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"0", 1},
      {"1", 2},
      {"9", 2},
      {"10", 2},
      {"99", 2},
      {"100", 2},
      {"123", 3},
      {"1234", 3},
      {"12345", 4},
      {"1.2", 3},
      {"0.5", 2},
      {"0.12", 2},
      {"-1", 3},
      {"-12.5", 4},
      {"3.14159", 5},
      {"12345678901234567890123456789012345678", 20},
      {"1.2345678901234567890123456789012345678", 21},
  };
  for (const auto& [text, size] : cases) {
    EXPECT_EQ(N(text).Size(), size) << text;
  }
}

}  // namespace
}  // namespace dynafake::model
