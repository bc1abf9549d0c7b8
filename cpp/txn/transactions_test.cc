#include "txn/transactions.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storage/kv_store.h"

namespace dynafake::txn {
namespace {

using model::AttributeValue;
using model::Item;

Item Key(const std::string& pk) {
  return {{"pk", AttributeValue::String(pk)}};
}

Item WithValue(const std::string& pk, const std::string& value) {
  Item item = Key(pk);
  item.emplace("v", AttributeValue::String(value));
  return item;
}

table::WriteFn Set(const std::string& pk, const std::string& value) {
  return [pk, value](const std::optional<Item>&) -> Result<std::optional<Item>> {
    return std::optional<Item>(WithValue(pk, value));
  };
}

class TransactionsTest : public ::testing::Test {
 protected:
  TransactionsTest()
      : store_(storage::NewMemoryStore()),
        clock_(1'700'000'000'000'000),
        transactions_(&in_flight_, &clock_) {
    table::TableDescription description;
    description.table_id = 3;
    description.region = "us-east-1";
    description.table_name = "t";
    description.key_schema.hash = {"pk", model::AttributeType::kS};
    table_ = std::make_unique<table::Table>(store_.get(), &clock_, description,
                                            table::TableOptions{.in_flight_writes = &in_flight_});
  }

  std::vector<table::ItemWrite> Writes(const std::vector<std::string>& keys,
                                       const std::string& value) {
    std::vector<table::ItemWrite> writes;
    for (const std::string& key : keys) {
      writes.push_back({table_.get(), Key(key), Set(key, value)});
    }
    return writes;
  }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  table::InFlightWrites in_flight_;
  Transactions transactions_;
  std::unique_ptr<table::Table> table_;
};

TEST_F(TransactionsTest, WritesAndReadsSeveralItems) {
  Result<TransactWriteOutcome> written = transactions_.Write(Writes({"a", "b"}, "1"), "tx");
  ASSERT_TRUE(written.has_value());
  EXPECT_TRUE(written->conflicts.empty());
  EXPECT_TRUE(written->written.committed);
  Result<TransactGetOutcome> read =
      transactions_.Get({{table_.get(), Key("a")}, {table_.get(), Key("missing")}});
  ASSERT_TRUE(read.has_value());
  EXPECT_TRUE(read->conflicts.empty());
  ASSERT_EQ(read->items.size(), 2u);
  EXPECT_EQ(read->items[0], WithValue("a", "1"));
  EXPECT_EQ(read->items[1], std::nullopt);
  // The claims are given up once the transaction ends.
  EXPECT_TRUE(table_->Write(Key("a"), Set("a", "2")).has_value());
}

TEST_F(TransactionsTest, AHeldTransactionConflictsWithWritesAndReadsOfItsItems) {
  table_->Write(Key("a"), Set("a", "old")).value();
  std::shared_ptr<TransactionHolds::Hold> hold = transactions_.holds().HoldNext();
  std::thread held([&] {
    Result<TransactWriteOutcome> outcome = transactions_.Write(Writes({"a", "b"}, "new"), "tx");
    EXPECT_TRUE(outcome.has_value() && outcome->written.committed);
  });
  ASSERT_TRUE(hold->Wait(5'000'000));

  Result<table::WriteResult> single = table_->Write(Key("b"), Set("b", "single"));
  ASSERT_FALSE(single.has_value());
  EXPECT_EQ(single.error().code(), ErrorCode::kTransactionConflict);
  EXPECT_TRUE(table_->Write(Key("c"), Set("c", "single")).has_value());

  Result<TransactWriteOutcome> other = transactions_.Write(Writes({"c", "a"}, "other"), "tx2");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->conflicts, std::vector<size_t>{1});
  EXPECT_FALSE(other->written.committed);

  Result<TransactGetOutcome> read =
      transactions_.Get({{table_.get(), Key("c")}, {table_.get(), Key("b")}});
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->conflicts, std::vector<size_t>{1});
  EXPECT_EQ(*table_->GetItem(Key("a")), WithValue("a", "old"));

  hold->Release();
  held.join();
  EXPECT_EQ(*table_->GetItem(Key("a")), WithValue("a", "new"));
  EXPECT_EQ(*table_->GetItem(Key("c")), WithValue("c", "single"));
}

TEST_F(TransactionsTest, ReadsNeverSeeHalfATransaction) {
  transactions_.Write(Writes({"x", "y"}, "0"), "init").value();
  std::atomic<bool> stop = false;
  std::atomic<int> torn = 0;
  std::thread reader([&] {
    while (!stop) {
      Result<TransactGetOutcome> read =
          transactions_.Get({{table_.get(), Key("x")}, {table_.get(), Key("y")}});
      if (read.has_value() && read->conflicts.empty() &&
          read->items[0]->at("v") != read->items[1]->at("v")) {
        ++torn;
      }
    }
  });
  for (int round = 1; round <= 2000; ++round) {
    transactions_.Write(Writes({"x", "y"}, std::to_string(round)), "tx").value();
  }
  stop = true;
  reader.join();
  EXPECT_EQ(torn, 0);
}

}  // namespace
}  // namespace dynafake::txn
