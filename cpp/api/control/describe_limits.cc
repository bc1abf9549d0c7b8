// DescribeLimits: the account's default capacity quotas.
#include "api/operation.h"

namespace dynafake::api {
namespace {

// DynamoDB: today's defaults (the botocore example still shows the older 20000/10000).
constexpr int64_t kAccountMaxCapacityUnits = 80000;
constexpr int64_t kTableMaxCapacityUnits = 40000;

}  // namespace

Result<wire::Json> DescribeLimits(RequestContext&, const wire::Json&) {
  return wire::Json{
      {"AccountMaxReadCapacityUnits", kAccountMaxCapacityUnits},
      {"AccountMaxWriteCapacityUnits", kAccountMaxCapacityUnits},
      {"TableMaxReadCapacityUnits", kTableMaxCapacityUnits},
      {"TableMaxWriteCapacityUnits", kTableMaxCapacityUnits},
  };
}

}  // namespace dynafake::api
