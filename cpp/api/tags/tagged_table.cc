#include "api/tags/tagged_table.h"

#include <algorithm>
#include <array>

#include "api/control/table_definition.h"
#include "api/validation/shape_table.h"

namespace dynafake::api {
namespace {

// "arn:partition:service:region:account:resource": the six fields, the last holding the rest.
// False when there are fewer, or the resource has no type ("table/..."): no ARN to authorize.
bool SplitArn(std::string_view arn, std::array<std::string_view, 6>& fields) {
  for (size_t i = 0; i < 5; ++i) {
    const size_t colon = arn.find(':');
    if (colon == std::string_view::npos) {
      return false;
    }
    fields[i] = arn.substr(0, colon);
    arn.remove_prefix(colon + 1);
  }
  fields[5] = arn;
  return arn.find('/') != std::string_view::npos;
}

bool IsTableName(std::string_view name) {
  shapes::Rule broken[shapes::kMaxBrokenRules];
  return shapes::BrokenTextRules(name, shapes::TableNameShape(), broken) == 0;
}

}  // namespace

Status CheckResourceArn(const RequestContext& context, std::string_view operation,
                        const std::string& arn) {
  std::array<std::string_view, 6> fields;
  if (!SplitArn(arn, fields)) {
    return Status(ErrorCode::kAccessDenied,
                  "User: arn:aws:iam::" + context.account_id() +
                      ":root is not authorized to perform: dynamodb:" + std::string(operation) +
                      " on resource: " + (arn.empty() ? std::string("*") : arn));
  }
  constexpr std::string_view kTable = "table/";
  if (fields[0] == "arn" && fields[2] == "dynamodb" && fields[5].starts_with(kTable)) {
    std::string_view name = fields[5].substr(kTable.size());
    const size_t slash = name.find('/');
    if (IsTableName(name.substr(0, slash))) {
      if (slash == std::string_view::npos) {
        return Status::Ok();
      }
      return InvalidParameter("Provided Arn is not a DynamoDB resource arn: " + arn);
    }
  }
  return ValidationError("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
}

Result<std::shared_ptr<table::Table>> FindTaggedTable(const RequestContext& context,
                                                      const std::string& arn) {
  std::shared_ptr<table::Table> table = context.catalog->FindTable(context.region, arn);
  if (table == nullptr) {
    return Status(ErrorCode::kResourceNotFound,
                  "Requested resource not found: ResourceArn: " + arn + " not found");
  }
  return table;
}

Status ChangeTags(const RequestContext& context, table::Table& table,
                  const std::function<Result<bool>(std::vector<table::Tag>&)>& change) {
  const int64_t now = context.now_micros();
  const int64_t transition_micros = context.catalog->transition_micros();
  Status status;
  bool changed = false;
  DF_RETURN_IF_ERROR(table.UpdateDescription([&](table::TableDescription& d) {
    std::vector<table::Tag> tags = d.tags;
    Result<bool> result = change(tags);
    if (!result.has_value()) {
      status = result.error();
      return;
    }
    changed = *result;
    if (!changed) {
      return;
    }
    if (d.table_status == table::TableStatus::kDeleting) {
      status = Status(ErrorCode::kResourceInUse,
                      "Attempt to change a resource which is still in use: Table is being "
                      "deleted: " +
                          d.table_name);
      return;
    }
    if (d.tags_settle_micros > now) {
      status = Status(ErrorCode::kLimitExceeded,
                      "Subscriber limit exceeded: Table tags are being updated: " + d.table_name);
      return;
    }
    if (transition_micros > 0) {
      d.tags_before_change = d.tags;
      d.tags_settle_micros = now + transition_micros;
    }
    d.tags = std::move(tags);
  }));
  DF_RETURN_IF_ERROR(status);
  return changed ? context.catalog->Persist(table) : Status::Ok();
}

const std::vector<table::Tag>& ShownTags(const table::TableDescription& description,
                                         int64_t now_micros) {
  return description.tags_settle_micros > now_micros ? description.tags_before_change
                                                     : description.tags;
}

}  // namespace dynafake::api
