#include "txn/transaction_hold.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace dynafake::txn {
namespace {

constexpr int64_t kSecond = 1'000'000;

TEST(TransactionHolds, WithoutAHoldNothingStops) {
  TransactionHolds holds;
  holds.StopIfHeld();  // returns at once
  SUCCEED();
}

TEST(TransactionHolds, StopsTheNextTransactionUntilReleased) {
  TransactionHolds holds;
  std::shared_ptr<TransactionHolds::Hold> hold = holds.HoldNext();
  EXPECT_FALSE(hold->Wait(1000));
  std::atomic<bool> finished = false;
  std::thread transaction([&] {
    holds.StopIfHeld();
    finished = true;
  });
  ASSERT_TRUE(hold->Wait(5 * kSecond));
  EXPECT_FALSE(finished);
  // Only the first transaction is held.
  holds.StopIfHeld();
  hold->Release();
  transaction.join();
  EXPECT_TRUE(finished);
}

TEST(TransactionHolds, AHoldReleasedBeforeAnyTransactionHoldsNone) {
  TransactionHolds holds;
  std::shared_ptr<TransactionHolds::Hold> hold = holds.HoldNext();
  hold->Release();
  holds.StopIfHeld();  // taken, already released: returns at once
  holds.StopIfHeld();
  SUCCEED();
}

TEST(TransactionHolds, AHoldDroppedByItsOwnerHoldsNone) {
  TransactionHolds holds;
  holds.HoldNext().reset();
  holds.StopIfHeld();  // returns at once
  SUCCEED();
}

}  // namespace
}  // namespace dynafake::txn
