// The table a tag operation names by its ResourceArn, in the order the service checks it: the
// ARN's form before the request's tags, the table's existence after them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/status.h"

#include "api/request_context.h"
#include "table/table.h"
#include "util/result.h"

namespace dynafake::api {

// DynamoDB: a ResourceArn that is no ARN at all fails authorization, AccessDeniedException "User:
// arn:aws:iam::<account>:root is not authorized to perform: dynamodb:<operation> on resource:
// <arn>" ("*" when empty); an ARN of a backup, an index or a stream is ValidationException "One or
// more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: <arn>"; any
// other ARN that is not a table's is "Invalid TableArn: Invalid ResourceArn provided as input
// <arn>" (conformance/test_tags.py::test_resource_arn_forms).
Status CheckResourceArn(const RequestContext& context, std::string_view operation,
                        const std::string& arn);

// The table of a well-formed table ARN, in any status, else ResourceNotFoundException "Requested
// resource not found: ResourceArn: <arn> not found" (a table of another region or account is not
// found either).
Result<std::shared_ptr<table::Table>> FindTaggedTable(const RequestContext& context,
                                                      const std::string& arn);

// DynamoDB: a DELETING table keeps its tags readable but refuses a change to them with
// ResourceInUseException "Attempt to change a resource which is still in use: Table is being
// deleted: <name>"; a write that changes nothing is accepted
// (conformance/test_tags.py::test_tags_while_deleting). A change settles after the catalog's
// transition time (at once by default); until then another is refused with LimitExceededException
// "Subscriber limit exceeded: Table tags are being updated: <name>"
// (conformance/test_tags.py::test_tag_changes_settle_on_a_slow_engine). `change` edits the tags in
// place and says whether it changed them; the table's description is persisted when it did.
Status ChangeTags(const RequestContext& context, table::Table& table,
                  const std::function<Result<bool>(std::vector<table::Tag>&)>& change);

// The tags ListTagsOfResource shows at `now_micros`: those before a change that has not settled.
const std::vector<table::Tag>& ShownTags(const table::TableDescription& description,
                                         int64_t now_micros);

}  // namespace dynafake::api
