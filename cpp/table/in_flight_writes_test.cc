#include "table/in_flight_writes.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::table {
namespace {

using Positions = std::vector<size_t>;

TEST(InFlightWrites, ClaimsAndReleases) {
  InFlightWrites in_flight;
  const std::vector<std::string> keys = {"a", "b"};
  EXPECT_FALSE(in_flight.IsClaimed("a"));
  EXPECT_EQ(in_flight.ClaimAll(keys), Positions{});
  EXPECT_TRUE(in_flight.IsClaimed("a"));
  EXPECT_TRUE(in_flight.IsClaimed("b"));
  EXPECT_FALSE(in_flight.IsClaimed("c"));
  in_flight.ReleaseAll(keys);
  EXPECT_FALSE(in_flight.IsClaimed("a"));
  EXPECT_FALSE(in_flight.IsClaimed("b"));
}

TEST(InFlightWrites, AnOverlappingClaimTakesNothingAndNamesTheTakenKeys) {
  InFlightWrites in_flight;
  const std::vector<std::string> first = {"b", "d"};
  ASSERT_EQ(in_flight.ClaimAll(first), Positions{});
  const std::vector<std::string> second = {"a", "b", "c", "d"};
  EXPECT_EQ(in_flight.ClaimAll(second), (Positions{1, 3}));
  EXPECT_FALSE(in_flight.IsClaimed("a"));
  EXPECT_FALSE(in_flight.IsClaimed("c"));
  EXPECT_EQ(in_flight.FindClaimed(second), (Positions{1, 3}));
  in_flight.ReleaseAll(first);
  EXPECT_EQ(in_flight.FindClaimed(second), Positions{});
  EXPECT_EQ(in_flight.ClaimAll(second), Positions{});
}

TEST(InFlightWrites, ReleasingOneClaimKeepsTheOthers) {
  InFlightWrites in_flight;
  const std::vector<std::string> first = {"a"};
  const std::vector<std::string> second = {"b"};
  ASSERT_EQ(in_flight.ClaimAll(first), Positions{});
  ASSERT_EQ(in_flight.ClaimAll(second), Positions{});
  in_flight.ReleaseAll(first);
  EXPECT_FALSE(in_flight.IsClaimed("a"));
  EXPECT_TRUE(in_flight.IsClaimed("b"));
}

}  // namespace
}  // namespace dynafake::table
