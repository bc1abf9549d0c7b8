#include "engine/router.h"

#include <algorithm>
#include <array>
#include <utility>

namespace dynafake::engine {
namespace {

// One line per operation, sorted by name for binary search.
constexpr std::array<std::pair<std::string_view, api::Handler>, 17> kDynamoDbOperations = {{
    {"BatchGetItem", &api::BatchGetItem},
    {"BatchWriteItem", &api::BatchWriteItem},
    {"CreateTable", &api::CreateTable},
    {"DeleteItem", &api::DeleteItem},
    {"DeleteTable", &api::DeleteTable},
    {"DescribeEndpoints", &api::DescribeEndpoints},
    {"DescribeLimits", &api::DescribeLimits},
    {"DescribeTable", &api::DescribeTable},
    {"GetItem", &api::GetItem},
    {"ListTables", &api::ListTables},
    {"PutItem", &api::PutItem},
    {"Query", &api::Query},
    {"Scan", &api::Scan},
    {"TransactGetItems", &api::TransactGetItems},
    {"TransactWriteItems", &api::TransactWriteItems},
    {"UpdateItem", &api::UpdateItem},
    {"UpdateTable", &api::UpdateTable},
}};

static_assert(std::is_sorted(kDynamoDbOperations.begin(), kDynamoDbOperations.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; }));

}  // namespace

api::Handler FindDynamoDbHandler(std::string_view operation) {
  auto it =
      std::lower_bound(kDynamoDbOperations.begin(), kDynamoDbOperations.end(), operation,
                       [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (it == kDynamoDbOperations.end() || it->first != operation) {
    return nullptr;
  }
  return it->second;
}

}  // namespace dynafake::engine
