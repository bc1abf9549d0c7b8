// DescribeEndpoints: the regional endpoint, as the service advertises it.
#include "api/operation.h"

namespace dynafake::api {
namespace {

constexpr int64_t kEndpointCacheMinutes = 1440;

}  // namespace

Result<wire::Json> DescribeEndpoints(RequestContext& context, const wire::Json&) {
  wire::Json endpoint = {{"Address", "dynamodb." + context.region + ".amazonaws.com"},
                         {"CachePeriodInMinutes", kEndpointCacheMinutes}};
  return wire::Json{{"Endpoints", wire::Json::array({endpoint})}};
}

}  // namespace dynafake::api
