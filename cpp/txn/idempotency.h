// IdempotencyTokens: TransactWriteItems' ClientRequestToken (docs: dynamodb-behaviour.md 10).
//
// DynamoDB: a repeat of a token within 10 minutes after its transaction committed succeeds without
// writing again and reports the read units of the items instead; the same token with other
// parameters is IdempotentParameterMismatchException; a repeat while the first is still running
// is TransactionInProgressException (conformance/test_transaction_idempotency.py). The window
// follows the engine's clock. Only committed transactions are remembered: a cancelled one may be
// retried with its token.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dynafake/clock.h"
#include "dynafake/status.h"

namespace dynafake::txn {

// What a repeat of a committed transaction reports: the read units per table, in the order the
// request named the tables.
struct Replay {
  std::vector<std::pair<std::string, double>> read_units;

  // The read units of `table_name`, added (at 0) when new.
  double& UnitsOf(const std::string& table_name) {
    for (auto& [name, units] : read_units) {
      if (name == table_name) {
        return units;
      }
    }
    return read_units.emplace_back(table_name, 0.0).second;
  }
};

class IdempotencyTokens {
 public:
  static constexpr int64_t kWindowMicros = 10 * kMicrosPerMinute;

  explicit IdempotencyTokens(const Clock* clock) : clock_(clock) {}

  // Begins a request carrying `token`, whose other parameters hash to `fingerprint`:
  // - nullptr: a new request; the token is in progress until Commit or Abandon.
  // - a Replay: a repeat of a transaction committed within the window; nothing is to be done.
  // - TransactionInProgressException or IdempotentParameterMismatchException.
  Result<std::shared_ptr<const Replay>> Begin(const std::string& token, uint64_t fingerprint);

  // The transaction Begin let through committed: repeats within the window replay `replay`.
  void Commit(const std::string& token, Replay replay);

  // The transaction Begin let through did not commit: the token is forgotten.
  void Abandon(const std::string& token);

  // The fingerprint of a request's text without its token (64-bit FNV-1a).
  static uint64_t Fingerprint(std::string_view canonical_request);

 private:
  struct Entry {
    uint64_t fingerprint = 0;
    bool committed = false;
    int64_t committed_at_micros = 0;
    std::shared_ptr<const Replay> replay;
  };

  // Forgets the committed tokens whose window has closed. REQUIRES: mutex_ held.
  void ForgetExpired(int64_t now_micros);

  const Clock* const clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  // Committed tokens in commit order, to forget them when their window closes.
  std::deque<std::pair<int64_t, std::string>> commits_;
};

}  // namespace dynafake::txn
