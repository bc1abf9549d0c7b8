#include "table/atomic_write.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"
#include "table/recording_sink_test_util.h"

namespace dynafake::table {
namespace {

using model::AttributeValue;
using model::Item;

Item Key(const std::string& pk) {
  return {{"pk", AttributeValue::String(pk)}};
}

Item Account(const std::string& pk, int64_t balance) {
  Item item = Key(pk);
  item.emplace("balance",
               AttributeValue::FromNumber(model::Number::Parse(std::to_string(balance)).value()));
  return item;
}

int64_t BalanceOf(const std::optional<Item>& item) {
  return item ? std::stoll(item->at("balance").as_number().ToString()) : 0;
}

// Sets the balance to `balance`, whatever it was.
WriteFn SetBalance(const std::string& pk, int64_t balance) {
  return [pk, balance](const std::optional<Item>&) -> Result<std::optional<Item>> {
    return std::optional<Item>(Account(pk, balance));
  };
}

// Adds `amount` to the balance, failing when it would go below zero.
WriteFn AddToBalance(const std::string& pk, int64_t amount) {
  return [pk, amount](const std::optional<Item>& old) -> Result<std::optional<Item>> {
    const int64_t balance = BalanceOf(old) + amount;
    if (balance < 0) {
      return Status(ErrorCode::kConditionalCheckFailed, "The conditional request failed");
    }
    return std::optional<Item>(Account(pk, balance));
  };
}

class AtomicWriteTest : public ::testing::Test {
 protected:
  AtomicWriteTest() : store_(storage::NewMemoryStore()), clock_(1'700'000'000'000'000) {
    for (uint32_t id : {1u, 2u}) {
      TableDescription description;
      description.table_id = id;
      description.region = "us-east-1";
      description.table_name = "accounts" + std::to_string(id);
      description.key_schema.hash = {"pk", model::AttributeType::kS};
      tables_.push_back(std::make_unique<Table>(store_.get(), &clock_, description));
      tables_.back()->AddChangeSink(sink_);
    }
  }

  int64_t Balance(int table, const std::string& pk) {
    Result<std::optional<Item>> item = tables_[table]->GetItem(Key(pk));
    EXPECT_TRUE(item.has_value());
    return BalanceOf(item.value());
  }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  std::shared_ptr<RecordingSink> sink_ = std::make_shared<RecordingSink>();
  std::vector<std::unique_ptr<Table>> tables_;
};

TEST_F(AtomicWriteTest, WritesItemsOfSeveralTablesAndAnnouncesEachWithTheTransaction) {
  Result<AtomicWriteOutcome> outcome =
      WriteAtomically({{tables_[0].get(), Key("a"), SetBalance("a", 10)},
                       {tables_[1].get(), Key("b"), SetBalance("b", 20)}},
                      "tx-1");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_TRUE(outcome->committed);
  ASSERT_EQ(outcome->items.size(), 2u);
  EXPECT_EQ(BalanceOf(outcome->items[1].value().new_item), 20);
  EXPECT_EQ(Balance(0, "a"), 10);
  EXPECT_EQ(Balance(1, "b"), 20);
  ASSERT_EQ(sink_->events.size(), 2u);
  EXPECT_EQ(sink_->events[0].table_name, "accounts1");
  EXPECT_EQ(sink_->events[1].table_name, "accounts2");
  EXPECT_EQ(sink_->events[0].transaction_id, "tx-1");
  EXPECT_EQ(sink_->events[1].transaction_id, "tx-1");
  EXPECT_EQ(tables_[0]->Describe().item_count, 1);
}

TEST_F(AtomicWriteTest, AnyFailedDecisionWritesNothingAndEveryItemIsDecided) {
  ASSERT_TRUE(tables_[0]->Write(Key("a"), SetBalance("a", 5)).has_value());
  sink_->events.clear();
  Result<AtomicWriteOutcome> outcome =
      WriteAtomically({{tables_[0].get(), Key("a"), AddToBalance("a", -10)},
                       {tables_[1].get(), Key("b"), SetBalance("b", 20)},
                       {tables_[1].get(), Key("c"), AddToBalance("c", -1)}},
                      "tx-2");
  ASSERT_TRUE(outcome.has_value());
  EXPECT_FALSE(outcome->committed);
  ASSERT_EQ(outcome->items.size(), 3u);
  EXPECT_EQ(outcome->items[0].error().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_TRUE(outcome->items[1].has_value());
  EXPECT_EQ(outcome->items[2].error().code(), ErrorCode::kConditionalCheckFailed);
  EXPECT_EQ(Balance(0, "a"), 5);
  EXPECT_EQ(Balance(1, "b"), 0);
  EXPECT_TRUE(sink_->events.empty());
  EXPECT_EQ(tables_[1]->Describe().item_count, 0);
}

// Transfers in both directions between the same items, from several threads at once: locks taken
// in one order cannot deadlock, and no transfer is lost or half applied.
TEST_F(AtomicWriteTest, ConcurrentTransfersConserveTheTotal) {
  constexpr int kAccounts = 8;
  constexpr int64_t kInitial = 100;
  for (int i = 0; i < kAccounts; ++i) {
    const std::string pk = "acct" + std::to_string(i);
    ASSERT_TRUE(tables_[i % 2]->Write(Key(pk), SetBalance(pk, kInitial)).has_value());
  }
  std::atomic<int> committed{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < 400; ++n) {
        const int from = (t * 7 + n * 3) % kAccounts;
        const int to = (from + 1 + n % (kAccounts - 1)) % kAccounts;
        const std::string from_pk = "acct" + std::to_string(from);
        const std::string to_pk = "acct" + std::to_string(to);
        const int64_t amount = 1 + (n * 13 + t) % 40;
        Result<AtomicWriteOutcome> outcome = WriteAtomically(
            {{tables_[from % 2].get(), Key(from_pk), AddToBalance(from_pk, -amount)},
             {tables_[to % 2].get(), Key(to_pk), AddToBalance(to_pk, amount)}},
            "");
        ASSERT_TRUE(outcome.has_value());
        (outcome->committed ? committed : refused).fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  int64_t total = 0;
  for (int i = 0; i < kAccounts; ++i) {
    const int64_t balance = Balance(i % 2, "acct" + std::to_string(i));
    EXPECT_GE(balance, 0);
    total += balance;
  }
  EXPECT_EQ(total, kAccounts * kInitial);
  EXPECT_EQ(committed.load() + refused.load(), 1600);
  EXPECT_GT(committed.load(), 0);
}

}  // namespace
}  // namespace dynafake::table
