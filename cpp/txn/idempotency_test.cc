#include "txn/idempotency.h"

#include <gtest/gtest.h>

namespace dynafake::txn {
namespace {

constexpr int64_t kMinute = int64_t{60} * 1'000'000;

class IdempotencyTokensTest : public ::testing::Test {
 protected:
  IdempotencyTokensTest() : clock_(1'700'000'000'000'000), tokens_(&clock_) {}

  // Begins and commits a transaction with `token` that read `units` on table "t".
  void CommitNew(const std::string& token, uint64_t fingerprint, double units) {
    Result<std::shared_ptr<const Replay>> begun = tokens_.Begin(token, fingerprint);
    ASSERT_TRUE(begun.has_value());
    ASSERT_EQ(*begun, nullptr);
    tokens_.Commit(token, Replay{{{"t", units}}});
  }

  SettableClock clock_;
  IdempotencyTokens tokens_;
};

TEST_F(IdempotencyTokensTest, ARepeatWithinTheWindowReplays) {
  CommitNew("tok", 1, 2.0);
  clock_.Advance(9 * kMinute);
  Result<std::shared_ptr<const Replay>> again = tokens_.Begin("tok", 1);
  ASSERT_TRUE(again.has_value());
  ASSERT_NE(*again, nullptr);
  EXPECT_EQ((*again)->read_units, (std::vector<std::pair<std::string, double>>{{"t", 2.0}}));
}

TEST_F(IdempotencyTokensTest, ARepeatAfterTheWindowIsNew) {
  CommitNew("tok", 1, 2.0);
  clock_.Advance(10 * kMinute);
  Result<std::shared_ptr<const Replay>> again = tokens_.Begin("tok", 2);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, nullptr);
}

TEST_F(IdempotencyTokensTest, OtherParametersAreAMismatch) {
  CommitNew("tok", 1, 2.0);
  Result<std::shared_ptr<const Replay>> other = tokens_.Begin("tok", 2);
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code(), ErrorCode::kIdempotentParameterMismatch);
}

TEST_F(IdempotencyTokensTest, ARepeatInFlightIsInProgress) {
  ASSERT_TRUE(tokens_.Begin("tok", 1).has_value());
  Result<std::shared_ptr<const Replay>> again = tokens_.Begin("tok", 1);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kTransactionInProgress);
  EXPECT_EQ(again.error().message(), "Transaction from previous request is still in progress");
}

TEST_F(IdempotencyTokensTest, AnAbandonedTokenIsForgotten) {
  ASSERT_TRUE(tokens_.Begin("tok", 1).has_value());
  tokens_.Abandon("tok");
  Result<std::shared_ptr<const Replay>> again = tokens_.Begin("tok", 2);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(*again, nullptr);
}

TEST_F(IdempotencyTokensTest, TheWindowStartsAgainWithANewExecution) {
  CommitNew("tok", 1, 2.0);
  clock_.Advance(11 * kMinute);
  CommitNew("tok", 1, 3.0);
  clock_.Advance(9 * kMinute);
  Result<std::shared_ptr<const Replay>> again = tokens_.Begin("tok", 1);
  ASSERT_TRUE(again.has_value());
  ASSERT_NE(*again, nullptr);
  EXPECT_EQ((*again)->read_units.front().second, 3.0);
}

TEST(IdempotencyFingerprint, DiffersWithTheText) {
  EXPECT_EQ(IdempotencyTokens::Fingerprint("abc"), IdempotencyTokens::Fingerprint("abc"));
  EXPECT_NE(IdempotencyTokens::Fingerprint("abc"), IdempotencyTokens::Fingerprint("abd"));
}

}  // namespace
}  // namespace dynafake::txn
