// ListBackups: the region's backups by creation time, filtered by table, type and creation time
// range, paged by ExclusiveStartBackupArn / LastEvaluatedBackupArn.
#include <limits>

#include "api/backup/backup_json.h"
#include "api/common/item_arguments.h"
#include "api/operation.h"
#include "backup/backups.h"
#include "util/result.h"

namespace dynafake::api {
namespace {

// DynamoDB: at most 100 backups per page.
constexpr int64_t kMaxLimit = 100;

}  // namespace

Result<wire::Json> ListBackups(RequestContext& context, const wire::Json& request) {
  const std::string table_name = StringMember(request, "TableName", "");
  // DynamoDB: USER backups unless BackupType says otherwise.
  const std::string type = StringMember(request, "BackupType", "USER");
  int64_t lower = std::numeric_limits<int64_t>::min();
  int64_t upper = std::numeric_limits<int64_t>::max();
  if (auto it = request.find("TimeRangeLowerBound"); it != request.end() && !it->is_null()) {
    lower = TimestampMicros(*it);
  }
  if (auto it = request.find("TimeRangeUpperBound"); it != request.end() && !it->is_null()) {
    upper = TimestampMicros(*it);
  }
  int64_t limit = kMaxLimit;
  if (auto it = request.find("Limit"); it != request.end() && it->is_number_integer()) {
    limit = std::min(it->get<int64_t>(), kMaxLimit);
  }
  const std::string start_after = StringMember(request, "ExclusiveStartBackupArn", "");

  std::vector<backup::Backup> matching;
  for (backup::Backup& backup : context.backups->List(context.region)) {
    const bool table_matches = table_name.empty() || backup.source.table_name == table_name ||
                               backup.source.table_arn == table_name;
    const bool type_matches = type == "ALL" || backup::BackupTypeName(backup.backup_type) == type;
    // DynamoDB: the lower bound is inclusive, the upper one exclusive.
    const bool time_matches = backup.creation_micros >= lower && backup.creation_micros < upper;
    if (table_matches && type_matches && time_matches) {
      matching.push_back(std::move(backup));
    }
  }
  size_t first = 0;
  if (!start_after.empty()) {
    for (size_t i = 0; i < matching.size(); ++i) {
      if (matching[i].backup_arn == start_after) {
        first = i + 1;
        break;
      }
    }
  }
  wire::Json summaries = wire::Json::array();
  size_t next = first;
  for (; next < matching.size() && static_cast<int64_t>(summaries.size()) < limit; ++next) {
    summaries.push_back(BackupSummaryJson(matching[next]));
  }
  wire::Json response = {{"BackupSummaries", std::move(summaries)}};
  if (next < matching.size() && next > first) {
    response["LastEvaluatedBackupArn"] = matching[next - 1].backup_arn;
  }
  return response;
}

}  // namespace dynafake::api
