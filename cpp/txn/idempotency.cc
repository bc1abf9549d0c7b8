#include "txn/idempotency.h"

namespace dynafake::txn {

Result<std::shared_ptr<const Replay>> IdempotencyTokens::Begin(const std::string& token,
                                                               uint64_t fingerprint) {
  const int64_t now = clock_->NowMicros();
  std::lock_guard lock(mutex_);
  ForgetExpired(now);
  auto [it, inserted] = entries_.try_emplace(token);
  Entry& entry = it->second;
  if (!inserted && entry.committed && now - entry.committed_at_micros >= kWindowMicros) {
    // The window has closed (a clock set back leaves such entries behind): a new request.
    entry = Entry{};
    inserted = true;
  }
  if (inserted) {
    entry.fingerprint = fingerprint;
    return std::shared_ptr<const Replay>();
  }
  if (entry.fingerprint != fingerprint) {
    // DynamoDB: the text is unconfirmed; only the code is pinned
    // (conformance/test_transaction_idempotency.py::test_same_token_other_parameters).
    return Status(ErrorCode::kIdempotentParameterMismatch,
                  "The request uses the same client token as a previous, but non-identical "
                  "request. Do not reuse a client token with different requests, unless the "
                  "requests are identical.");
  }
  if (!entry.committed) {
    // DynamoDB:
    // (conformance/test_transaction_conflicts.py::test_repeat_of_the_held_token_is_in_progress).
    return Status(ErrorCode::kTransactionInProgress,
                  "Transaction from previous request is still in progress");
  }
  return entry.replay;
}

void IdempotencyTokens::Commit(const std::string& token, Replay replay) {
  const int64_t now = clock_->NowMicros();
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[token];
  entry.committed = true;
  entry.committed_at_micros = now;
  entry.replay = std::make_shared<const Replay>(std::move(replay));
  commits_.emplace_back(now, token);
}

void IdempotencyTokens::Abandon(const std::string& token) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(token);
  if (it != entries_.end() && !it->second.committed) {
    entries_.erase(it);
  }
}

void IdempotencyTokens::ForgetExpired(int64_t now_micros) {
  while (!commits_.empty() && now_micros - commits_.front().first >= kWindowMicros) {
    auto it = entries_.find(commits_.front().second);
    // A token committed again later has a newer commit of its own further on.
    if (it != entries_.end() && it->second.committed &&
        it->second.committed_at_micros == commits_.front().first) {
      entries_.erase(it);
    }
    commits_.pop_front();
  }
}

uint64_t IdempotencyTokens::Fingerprint(std::string_view canonical_request) {
  uint64_t hash = 14695981039346656037ULL;
  for (const char c : canonical_request) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace dynafake::txn
