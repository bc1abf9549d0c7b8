// DescribeLimits: the account's default capacity quotas.
#include "api/operation.h"
#include "capacity/partitions.h"

namespace dynafake::api {

// DynamoDB: today's defaults (the botocore example still shows the older 20000/10000).
Result<wire::Json> DescribeLimits(RequestContext&, const wire::Json&) {
  return wire::Json{
      {"AccountMaxReadCapacityUnits", capacity::kAccountMaxCapacityUnits},
      {"AccountMaxWriteCapacityUnits", capacity::kAccountMaxCapacityUnits},
      {"TableMaxReadCapacityUnits", capacity::kTableMaxCapacityUnits},
      {"TableMaxWriteCapacityUnits", capacity::kTableMaxCapacityUnits},
  };
}

}  // namespace dynafake::api
