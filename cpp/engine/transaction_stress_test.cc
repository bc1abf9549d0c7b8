// Transactions under load: writer threads move money between accounts with conditional
// TransactWriteItems while reader threads sum every balance with TransactGetItems and read single
// accounts with consistent GetItem. Every successful read must see the total unchanged, the run
// must end (no deadlock), and at the end each account must hold exactly what the committed
// transfers say. `make stress` runs it under ThreadSanitizer; ctest runs it for a short time.
//
// DYNAFAKE_STRESS_SECONDS sets the run time (2 s by default).

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "dynafake/engine.h"

#include "wire/json.h"

namespace dynafake {
namespace {

using Clock = std::chrono::steady_clock;
using wire::Json;

constexpr std::string_view kRegion = "us-east-1";
constexpr std::string_view kTable = "accounts";
constexpr int kAccounts = 100;
constexpr int64_t kOpeningBalance = 100;
constexpr int64_t kTotal = kAccounts * kOpeningBalance;
constexpr int kWriters = 8;
constexpr int kReaders = 2;
constexpr int64_t kMaxTransfer = 60;
// One writer operation in this many is a single-item UpdateItem instead of a transfer.
constexpr int kTouchEvery = 10;
// A thread still running this long after the run's end is taken to be deadlocked: the test aborts
// instead of hanging the CI job.
constexpr auto kDeadlockGrace = std::chrono::seconds(30);
// A TransactGetItems of every account succeeds only when no transfer is in flight, which under
// ThreadSanitizer on a loaded machine can be rare: a reader that has not yet succeeded keeps
// reading (and the writers keep writing) this long past the end, so a short run still checks the
// total under load at least once per reader.
constexpr auto kReadExtension = std::chrono::seconds(10);
// The first few failures are printed in full; the rest are only counted.
constexpr size_t kFailuresKept = 20;

double RunSeconds() {
  const char* text = std::getenv("DYNAFAKE_STRESS_SECONDS");
  if (text == nullptr) {
    return 2.0;
  }
  const double seconds = std::strtod(text, nullptr);
  return seconds > 0 ? seconds : 2.0;
}

std::string AccountId(int account) {
  std::array<char, 16> text{};
  std::snprintf(text.data(), text.size(), "acct%03d", account);
  return text.data();
}

Json Key(int account) {
  return {{"pk", {{"S", AccountId(account)}}}};
}

Response Call(Engine& engine, std::string_view operation, const Json& body) {
  return engine.Handle(kRegion, std::string("DynamoDB_20120810.") + std::string(operation),
                       body.dump());
}

// The body as JSON; a discarded value when it is not JSON.
Json Parse(const Response& response) {
  return Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
}

// The error code without the service's namespace ("TransactionCanceledException"); "" if none.
std::string ErrorType(const Json& body) {
  if (!body.is_object() || !body.contains("__type") || !body["__type"].is_string()) {
    return "";
  }
  const std::string type = body["__type"].get<std::string>();
  const size_t hash = type.rfind('#');
  return hash == std::string::npos ? type : type.substr(hash + 1);
}

// The Code of each CancellationReason in request order; empty when the body has none.
std::vector<std::string> CancellationCodes(const Json& body) {
  std::vector<std::string> codes;
  if (ErrorType(body) != "TransactionCanceledException" || !body.contains("CancellationReasons") ||
      !body["CancellationReasons"].is_array()) {
    return codes;
  }
  for (const Json& reason : body["CancellationReasons"]) {
    codes.push_back(reason.is_object() && reason.contains("Code") && reason["Code"].is_string()
                        ? reason["Code"].get<std::string>()
                        : "<no Code>");
  }
  return codes;
}

// The balance of an item as GetItem, Scan or TransactGetItems return it; false when the item has
// no balance or it is not a whole number.
bool ReadBalance(const Json& item, int64_t* balance) {
  if (!item.is_object() || !item.contains("balance") || !item["balance"].contains("N")) {
    return false;
  }
  const std::string text = item["balance"]["N"].get<std::string>();
  char* end = nullptr;
  *balance = std::strtoll(text.c_str(), &end, 10);
  return end != text.c_str() && *end == '\0';
}

int64_t ReadTouched(const Json& item) {
  if (!item.is_object() || !item.contains("touched") || !item["touched"].contains("N")) {
    return 0;
  }
  return std::strtoll(item["touched"]["N"].get<std::string>().c_str(), nullptr, 10);
}

struct Counters {
  std::atomic<int64_t> committed{0};
  // Cancelled because the source account could not cover the amount.
  std::atomic<int64_t> refused{0};
  // Cancelled with TransactionConflict.
  std::atomic<int64_t> conflicts{0};
  std::atomic<int64_t> touches{0};
  std::atomic<int64_t> touch_conflicts{0};
  // TransactGetItems of every account that succeeded / was cancelled with TransactionConflict.
  std::atomic<int64_t> reads{0};
  std::atomic<int64_t> read_conflicts{0};
  std::atomic<int64_t> gets{0};
};

class FailureLog {
 public:
  void Add(const std::string& what, const Response& response) {
    Add(what + ": HTTP " + std::to_string(response.http_status) + " " +
        response.body.substr(0, 600));
  }

  void Add(std::string what) {
    std::lock_guard lock(mutex_);
    ++count_;
    // The same failure from every thread would crowd out the other kinds.
    if (kept_.size() < kFailuresKept &&
        std::find(kept_.begin(), kept_.end(), what) == kept_.end()) {
      kept_.push_back(std::move(what));
    }
  }

  int64_t count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

  std::string Summary() {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const std::string& line : kept_) {
      text += line + "\n";
    }
    return text;
  }

 private:
  std::mutex mutex_;
  int64_t count_ = 0;
  std::vector<std::string> kept_;
};

// What one writer thread saw commit: per account, the net amount moved and the touches applied.
struct Ledger {
  std::vector<int64_t> net = std::vector<int64_t>(kAccounts, 0);
  std::vector<int64_t> touched = std::vector<int64_t>(kAccounts, 0);
};

class TransactionStress : public ::testing::Test {
 protected:
  void SetUp() override {
    auto engine = Engine::Open({});
    ASSERT_TRUE(engine.has_value()) << engine.status().ToString();
    engine_ = std::move(engine).value();
    Response created =
        Call(*engine_, "CreateTable",
             {{"TableName", kTable},
              {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
              {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
              {"BillingMode", "PAY_PER_REQUEST"}});
    ASSERT_EQ(created.http_status, 200) << created.body;
    for (int account = 0; account < kAccounts; ++account) {
      Json item = Key(account);
      item["balance"] = {{"N", std::to_string(kOpeningBalance)}};
      Response put = Call(*engine_, "PutItem", {{"TableName", kTable}, {"Item", item}});
      ASSERT_EQ(put.http_status, 200) << put.body;
    }
  }

  // Moves a random amount between two different random accounts; the source's condition refuses
  // an overdraft. Every other transfer carries a ClientRequestToken, so the engine's record of
  // finished transactions is shared state under load too.
  void Transfer(int writer, int64_t sequence, std::mt19937_64& random, Ledger& ledger) {
    const int source = static_cast<int>(random() % kAccounts);
    const int target = (source + 1 + static_cast<int>(random() % (kAccounts - 1))) % kAccounts;
    const int64_t amount = 1 + static_cast<int64_t>(random() % kMaxTransfer);
    const Json values = {{":a", {{"N", std::to_string(amount)}}}};
    Json request = {{"TransactItems",
                     {{{"Update",
                        {{"TableName", kTable},
                         {"Key", Key(source)},
                         {"UpdateExpression", "SET balance = balance - :a"},
                         {"ConditionExpression", "balance >= :a"},
                         {"ExpressionAttributeValues", values}}}},
                      {{"Update",
                        {{"TableName", kTable},
                         {"Key", Key(target)},
                         {"UpdateExpression", "SET balance = balance + :a"},
                         {"ExpressionAttributeValues", values}}}}}}};
    if (sequence % 2 == 0) {
      request["ClientRequestToken"] = "w" + std::to_string(writer) + "-" + std::to_string(sequence);
    }
    Response response = Call(*engine_, "TransactWriteItems", request);
    if (response.http_status == 200) {
      ++counters_.committed;
      ledger.net[source] -= amount;
      ledger.net[target] += amount;
      return;
    }
    const std::vector<std::string> codes = CancellationCodes(Parse(response));
    if (codes.size() != 2 || codes[1] == "ConditionalCheckFailed") {
      failures_.Add("TransactWriteItems", response);
      return;
    }
    bool conflict = false;
    for (const std::string& code : codes) {
      if (code == "TransactionConflict") {
        conflict = true;
      } else if (code != "None" && code != "ConditionalCheckFailed") {
        failures_.Add("TransactWriteItems", response);
        return;
      }
    }
    if (codes[0] == "ConditionalCheckFailed") {
      ++counters_.refused;
    } else if (conflict) {
      ++counters_.conflicts;
    } else {
      failures_.Add("TransactWriteItems cancelled without a reason", response);
    }
  }

  // A single-item write beside the transfers: it changes an attribute other than balance, so the
  // total must not move; the final check counts that none was lost.
  void Touch(std::mt19937_64& random, Ledger& ledger) {
    const int account = static_cast<int>(random() % kAccounts);
    Response response =
        Call(*engine_, "UpdateItem",
             {{"TableName", kTable},
              {"Key", Key(account)},
              {"UpdateExpression", "SET touched = if_not_exists(touched, :zero) + :one"},
              {"ConditionExpression", "attribute_exists(pk)"},
              {"ExpressionAttributeValues", {{":zero", {{"N", "0"}}}, {":one", {{"N", "1"}}}}}});
    if (response.http_status == 200) {
      ++counters_.touches;
      ++ledger.touched[account];
    } else if (ErrorType(Parse(response)) == "TransactionConflictException") {
      ++counters_.touch_conflicts;
    } else {
      failures_.Add("UpdateItem", response);
    }
  }

  void Writer(int writer, Clock::time_point end, Ledger& ledger) {
    std::mt19937_64 random(0x5eed0000u + static_cast<uint64_t>(writer));
    for (int64_t sequence = 0; Clock::now() < end || readers_running_.load() > 0; ++sequence) {
      if (random() % kTouchEvery == 0) {
        Touch(random, ledger);
      } else {
        Transfer(writer, sequence, random, ledger);
      }
    }
  }

  static Json GetAllAccounts() {
    Json items = Json::array();
    for (int account = 0; account < kAccounts; ++account) {
      items.push_back({{"Get", {{"TableName", kTable}, {"Key", Key(account)}}}});
    }
    return {{"TransactItems", items}};
  }

  // One TransactGetItems of every account. Returns true when it succeeded and the balances add up;
  // a cancellation for TransactionConflict is counted and is not a failure.
  bool ReadAll(const Json& request) {
    Response response = Call(*engine_, "TransactGetItems", request);
    if (response.http_status != 200) {
      const std::vector<std::string> codes = CancellationCodes(Parse(response));
      bool only_conflicts = codes.size() == kAccounts;
      bool any_conflict = false;
      for (const std::string& code : codes) {
        if (code == "TransactionConflict") {
          any_conflict = true;
        } else if (code != "None") {
          only_conflicts = false;
        }
      }
      if (only_conflicts && any_conflict) {
        ++counters_.read_conflicts;
      } else {
        failures_.Add("TransactGetItems", response);
      }
      return false;
    }
    const Json body = Parse(response);
    if (!body.contains("Responses") || body["Responses"].size() != kAccounts) {
      failures_.Add("TransactGetItems without one response per account", response);
      return false;
    }
    int64_t total = 0;
    for (const Json& entry : body["Responses"]) {
      int64_t balance = 0;
      if (!entry.contains("Item") || !ReadBalance(entry["Item"], &balance) || balance < 0) {
        failures_.Add("TransactGetItems saw a missing or negative balance", response);
        return false;
      }
      total += balance;
    }
    if (total != kTotal) {
      failures_.Add("TransactGetItems saw a total of " + std::to_string(total), response);
      return false;
    }
    ++counters_.reads;
    return true;
  }

  void GetOne(std::mt19937_64& random) {
    const int account = static_cast<int>(random() % kAccounts);
    Response response =
        Call(*engine_, "GetItem",
             {{"TableName", kTable}, {"Key", Key(account)}, {"ConsistentRead", true}});
    int64_t balance = -1;
    const Json body = Parse(response);
    if (response.http_status != 200 || !body.contains("Item") ||
        !ReadBalance(body["Item"], &balance) || balance < 0 || balance > kTotal) {
      failures_.Add("GetItem " + AccountId(account), response);
      return;
    }
    ++counters_.gets;
  }

  void Reader(int reader, Clock::time_point end) {
    std::mt19937_64 random(0x7eade700u + static_cast<uint64_t>(reader));
    const Json request = GetAllAccounts();
    bool read_all = false;
    for (Clock::time_point now = Clock::now();
         now < end || (!read_all && now < end + kReadExtension); now = Clock::now()) {
      read_all = ReadAll(request) || read_all;
      GetOne(random);
    }
    --readers_running_;
  }

  std::unique_ptr<Engine> engine_;
  Counters counters_;
  FailureLog failures_;
  std::atomic<int> readers_running_{kReaders};
};

TEST_F(TransactionStress, TransfersKeepTheTotalAndEveryAccountMatchesItsLedger) {
  const double seconds = RunSeconds();
  const Clock::time_point end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(seconds));
  std::vector<Ledger> ledgers(kWriters);

  // Completion is signalled through a mutex and condition variable rather than futures, so the
  // watchdog can give up at a deadline and every hand-off is visible to ThreadSanitizer.
  std::mutex mutex;
  std::condition_variable finished_changed;
  int finished = 0;
  auto finish = [&] {
    std::lock_guard lock(mutex);
    ++finished;
    finished_changed.notify_all();
  };
  std::vector<std::thread> threads;
  for (int writer = 0; writer < kWriters; ++writer) {
    threads.emplace_back([&, writer] {
      Writer(writer, end, ledgers[writer]);
      finish();
    });
  }
  for (int reader = 0; reader < kReaders; ++reader) {
    threads.emplace_back([&, reader] {
      Reader(reader, end);
      finish();
    });
  }
  {
    std::unique_lock lock(mutex);
    const int all = kWriters + kReaders;
    if (!finished_changed.wait_until(lock, end + kDeadlockGrace, [&] { return finished == all; })) {
      std::fprintf(stderr,
                   "transaction stress: deadlock: %d of %d threads still running %lld s after the "
                   "run's end (committed %lld, reads %lld)\n",
                   all - finished, all, static_cast<long long>(kDeadlockGrace.count()),
                   static_cast<long long>(counters_.committed.load()),
                   static_cast<long long>(counters_.reads.load()));
      std::fflush(stderr);
      std::abort();
    }
  }
  for (std::thread& thread : threads) {
    thread.join();
  }

  // Quiet now: one more transactional read, then a Scan checked account by account against what
  // the writers saw commit.
  const int64_t reads_under_load = counters_.reads.load();
  EXPECT_TRUE(ReadAll(GetAllAccounts())) << "the failures are listed below";
  std::vector<int64_t> expected_balance(kAccounts, kOpeningBalance);
  std::vector<int64_t> expected_touched(kAccounts, 0);
  for (const Ledger& ledger : ledgers) {
    for (int account = 0; account < kAccounts; ++account) {
      expected_balance[account] += ledger.net[account];
      expected_touched[account] += ledger.touched[account];
    }
  }
  int64_t scanned_total = 0;
  int scanned_items = 0;
  Json scan = {{"TableName", kTable}};
  while (true) {
    Response response = Call(*engine_, "Scan", scan);
    ASSERT_EQ(response.http_status, 200) << response.body;
    const Json body = Parse(response);
    for (const Json& item : body["Items"]) {
      const std::string id = item["pk"]["S"].get<std::string>();
      const int account = std::atoi(id.c_str() + 4);
      int64_t balance = 0;
      ASSERT_TRUE(ReadBalance(item, &balance)) << item.dump();
      EXPECT_GE(balance, 0) << id;
      EXPECT_EQ(balance, expected_balance[account]) << id;
      EXPECT_EQ(ReadTouched(item), expected_touched[account]) << id;
      scanned_total += balance;
      ++scanned_items;
    }
    if (!body.contains("LastEvaluatedKey")) {
      break;
    }
    scan["ExclusiveStartKey"] = body["LastEvaluatedKey"];
  }
  EXPECT_EQ(scanned_items, kAccounts);
  EXPECT_EQ(scanned_total, kTotal);

  const std::string counts =
      "committed=" + std::to_string(counters_.committed.load()) +
      " refused=" + std::to_string(counters_.refused.load()) +
      " conflicts=" + std::to_string(counters_.conflicts.load()) +
      " touches=" + std::to_string(counters_.touches.load()) +
      " touch_conflicts=" + std::to_string(counters_.touch_conflicts.load()) +
      " reads=" + std::to_string(reads_under_load) +
      " read_conflicts=" + std::to_string(counters_.read_conflicts.load()) +
      " gets=" + std::to_string(counters_.gets.load());
  std::printf("transaction stress (%.1f s, %d writers, %d readers): %s\n", seconds, kWriters,
              kReaders, counts.c_str());
  RecordProperty("committed", std::to_string(counters_.committed.load()));
  RecordProperty("refused", std::to_string(counters_.refused.load()));
  RecordProperty("conflicts", std::to_string(counters_.conflicts.load()));
  RecordProperty("reads", std::to_string(reads_under_load));
  RecordProperty("read_conflicts", std::to_string(counters_.read_conflicts.load()));

  EXPECT_EQ(failures_.count(), 0) << failures_.Summary();
  EXPECT_GT(counters_.committed.load(), 0);
  EXPECT_GT(counters_.touches.load(), 0);
  EXPECT_GT(reads_under_load, 0);
  EXPECT_GT(counters_.gets.load(), 0);
}

}  // namespace
}  // namespace dynafake
