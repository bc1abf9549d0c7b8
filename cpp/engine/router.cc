#include "engine/router.h"

#include <algorithm>
#include <array>
#include <utility>

namespace dynafake::engine {
namespace {

// One line per operation, sorted by name for binary search.
constexpr std::array<std::pair<std::string_view, api::Handler>, 30> kDynamoDbOperations = {{
    {"BatchGetItem", &api::BatchGetItem},
    {"BatchWriteItem", &api::BatchWriteItem},
    {"CreateBackup", &api::CreateBackup},
    {"CreateTable", &api::CreateTable},
    {"DeleteBackup", &api::DeleteBackup},
    {"DeleteItem", &api::DeleteItem},
    {"DeleteTable", &api::DeleteTable},
    {"DescribeBackup", &api::DescribeBackup},
    {"DescribeContinuousBackups", &api::DescribeContinuousBackups},
    {"DescribeEndpoints", &api::DescribeEndpoints},
    {"DescribeLimits", &api::DescribeLimits},
    {"DescribeTable", &api::DescribeTable},
    {"DescribeTimeToLive", &api::DescribeTimeToLive},
    {"GetItem", &api::GetItem},
    {"ListBackups", &api::ListBackups},
    {"ListTables", &api::ListTables},
    {"ListTagsOfResource", &api::ListTagsOfResource},
    {"PutItem", &api::PutItem},
    {"Query", &api::Query},
    {"RestoreTableFromBackup", &api::RestoreTableFromBackup},
    {"RestoreTableToPointInTime", &api::RestoreTableToPointInTime},
    {"Scan", &api::Scan},
    {"TagResource", &api::TagResource},
    {"TransactGetItems", &api::TransactGetItems},
    {"TransactWriteItems", &api::TransactWriteItems},
    {"UntagResource", &api::UntagResource},
    {"UpdateContinuousBackups", &api::UpdateContinuousBackups},
    {"UpdateItem", &api::UpdateItem},
    {"UpdateTable", &api::UpdateTable},
    {"UpdateTimeToLive", &api::UpdateTimeToLive},
}};

// The DynamoDB Streams operations, sorted likewise.
constexpr std::array<std::pair<std::string_view, api::Handler>, 4> kStreamsOperations = {{
    {"DescribeStream", &api::DescribeStream},
    {"GetRecords", &api::GetRecords},
    {"GetShardIterator", &api::GetShardIterator},
    {"ListStreams", &api::ListStreams},
}};

template <typename Operations>
constexpr bool SortedByName(const Operations& operations) {
  return std::is_sorted(operations.begin(), operations.end(),
                        [](const auto& a, const auto& b) { return a.first < b.first; });
}

static_assert(SortedByName(kDynamoDbOperations));
static_assert(SortedByName(kStreamsOperations));

template <typename Operations>
api::Handler Find(const Operations& operations, std::string_view operation) {
  auto it =
      std::lower_bound(operations.begin(), operations.end(), operation,
                       [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (it == operations.end() || it->first != operation) {
    return nullptr;
  }
  return it->second;
}

}  // namespace

api::Handler FindDynamoDbHandler(std::string_view operation) {
  return Find(kDynamoDbOperations, operation);
}

api::Handler FindStreamsHandler(std::string_view operation) {
  return Find(kStreamsOperations, operation);
}

}  // namespace dynafake::engine
