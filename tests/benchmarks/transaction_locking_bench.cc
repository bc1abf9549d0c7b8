// The locking design of TransactWriteItems, measured: transactions per second from 1 and 2 threads
// (this machine has 2 cores) with the engine's design (items claimed, then their lock stripes taken
// in address order, so transactions on other items run side by side) against one lock per table
// held for the whole transaction (the alternative: a table-wide writer lock). Each transaction
// moves an amount between 2 random accounts of 100,000 and checks a third, as the stress test does,
// through txn::Transactions on the in-memory store. Plain timed loops; built with
// -DDYNAFAKE_BUILD_BENCHMARKS=ON; run build/<dir>/cpp/txn/transaction_locking_bench [seconds]
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "storage/kv_store.h"
#include "table/table.h"
#include "txn/transactions.h"

namespace {

using dynafake::Result;
using dynafake::model::AttributeValue;
using dynafake::model::Item;
namespace table = dynafake::table;
namespace txn = dynafake::txn;

constexpr int kAccounts = 100'000;

Item Key(int account) {
  return {{"pk", AttributeValue::String("acct" + std::to_string(account))}};
}

int64_t BalanceOf(const std::optional<Item>& item) {
  return item ? std::stoll(item->at("balance").as_number().ToString()) : 0;
}

table::WriteFn Add(int account, int64_t amount) {
  return [account, amount](const std::optional<Item>& old) -> Result<std::optional<Item>> {
    Item item = Key(account);
    item.emplace(
        "balance",
        AttributeValue::FromNumber(
            dynafake::model::Number::Parse(std::to_string(BalanceOf(old) + amount)).value()));
    return std::optional<Item>(std::move(item));
  };
}

table::WriteFn Keep() {
  return [](const std::optional<Item>& old) -> Result<std::optional<Item>> { return old; };
}

struct Setup {
  Setup() : store(dynafake::storage::NewMemoryStore()), transactions(&in_flight, &clock) {
    table::TableDescription description;
    description.table_id = 1;
    description.region = "us-east-1";
    description.table_name = "accounts";
    description.key_schema.hash = {"pk", dynafake::model::AttributeType::kS};
    accounts = std::make_unique<table::Table>(store.get(), &clock, description,
                                              table::TableOptions{.in_flight_writes = &in_flight});
    for (int account = 0; account < kAccounts; ++account) {
      accounts->Write(Key(account), Add(account, 1000)).value();
    }
  }

  std::unique_ptr<dynafake::storage::KvStore> store;
  dynafake::SettableClock clock{1'700'000'000'000'000};
  table::InFlightWrites in_flight;
  txn::Transactions transactions;
  std::unique_ptr<table::Table> accounts;
};

// Transactions per second from `threads` threads for `seconds`; with `table_lock`, every
// transaction holds one table-wide mutex throughout.
double Run(Setup& setup, int threads, bool table_lock, double seconds) {
  std::mutex table_mutex;
  std::atomic<int64_t> done = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t + 1));
      std::uniform_int_distribution<int> pick(0, kAccounts - 1);
      int64_t count = 0;
      while (std::chrono::steady_clock::now() < deadline) {
        const int from = pick(random);
        int to = pick(random);
        int checked = pick(random);
        if (to == from || checked == from || checked == to) {
          continue;
        }
        std::vector<table::ItemWrite> writes = {{setup.accounts.get(), Key(from), Add(from, -1)},
                                                {setup.accounts.get(), Key(to), Add(to, 1)},
                                                {setup.accounts.get(), Key(checked), Keep()}};
        std::unique_lock lock(table_mutex, std::defer_lock);
        if (table_lock) {
          lock.lock();
        }
        setup.transactions.Write(writes, "bench").value();
        ++count;
      }
      done += count;
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  return static_cast<double>(done) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const double seconds = argc > 1 ? std::atof(argv[1]) : 2.0;
  Setup setup;
  std::printf("transactions per second (3 items each, %d accounts, %.1f s per run)\n", kAccounts,
              seconds);
  std::printf("%-28s %12s %12s %8s\n", "design", "1 thread", "2 threads", "2t / 1t");
  for (const bool table_lock : {false, true}) {
    const double one = Run(setup, 1, table_lock, seconds);
    const double two = Run(setup, 2, table_lock, seconds);
    std::printf("%-28s %12.0f %12.0f %7.2fx\n",
                table_lock ? "one lock per table" : "claims + item lock stripes", one, two,
                two / one);
  }
  return 0;
}
