// RequestContext: what one request's handler may use besides its input: the caller's region and
// account, the clock, and the engine's domain objects (its tables and its expression parse cache).
#pragma once

#include <string>

#include "dynafake/clock.h"

#include "table/catalog.h"

namespace dynafake::expr {
class ParseCache;
}  // namespace dynafake::expr

namespace dynafake::txn {
class Transactions;
}  // namespace dynafake::txn

namespace dynafake::streams {
class StreamStore;
}  // namespace dynafake::streams

namespace dynafake::capacity {
class Metering;
}  // namespace dynafake::capacity

namespace dynafake::backup {
class Backups;
}  // namespace dynafake::backup

namespace dynafake::api {

struct RequestContext {
  std::string region;
  table::Catalog* catalog = nullptr;
  const Clock* clock = nullptr;
  // Shared by every request of the engine; needed only by requests that carry expressions.
  expr::ParseCache* parse_cache = nullptr;
  // The engine's transactions: in-flight items, ClientRequestTokens, the test hold.
  txn::Transactions* transactions = nullptr;
  // The engine's DynamoDB streams: enabled and disabled by the control operations, read by the
  // DynamoDB Streams operations.
  streams::StreamStore* streams = nullptr;
  // The engine's capacity modes, throttling state and usage record; null: capacity is reported in
  // responses only.
  capacity::Metering* metering = nullptr;
  // The engine's on-demand backups.
  backup::Backups* backups = nullptr;

  const std::string& account_id() const { return catalog->account_id(); }

  int64_t now_micros() const { return clock->NowMicros(); }
};

}  // namespace dynafake::api
