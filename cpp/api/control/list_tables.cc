// ListTables: the region's table names in ascending order, paginated by name.
#include <algorithm>

#include "api/operation.h"

namespace dynafake::api {
namespace {

constexpr int64_t kDefaultLimit = 100;

}  // namespace

Result<wire::Json> ListTables(RequestContext& context, const wire::Json& request) {
  const std::vector<std::string> names = context.catalog->ListTableNames(context.region);
  auto limit_it = request.find("Limit");
  const int64_t limit = limit_it != request.end() && limit_it->is_number_integer()
                            ? std::max<int64_t>(limit_it->get<int64_t>(), 1)
                            : kDefaultLimit;
  auto first = names.begin();
  auto start_it = request.find("ExclusiveStartTableName");
  if (start_it != request.end() && start_it->is_string()) {
    first = std::upper_bound(names.begin(), names.end(), start_it->get<std::string>());
  }
  const auto remaining = names.end() - first;
  auto last = first + std::min<int64_t>(remaining, limit);
  wire::Json response = {{"TableNames", std::vector<std::string>(first, last)}};
  // DynamoDB: LastEvaluatedTableName only when more names remain.
  if (last != names.end()) {
    response["LastEvaluatedTableName"] = *(last - 1);
  }
  return response;
}

}  // namespace dynafake::api
