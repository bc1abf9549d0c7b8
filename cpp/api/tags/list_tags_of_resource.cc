// ListTagsOfResource: a table's tags, in the order they were first added.
#include <string>

#include "api/operation.h"
#include "api/tags/tagged_table.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> ListTagsOfResource(RequestContext& context, const wire::Json& request) {
  const std::string& arn = request.at("ResourceArn").get_ref<const std::string&>();
  DF_RETURN_IF_ERROR(CheckResourceArn(context, "ListTagsOfResource", arn));
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, FindTaggedTable(context, arn));
  // DynamoDB: the 50 tags of a table always fit one page, so there is never a NextToken, and one
  // given is not read (conformance/test_tags.py::test_list_has_no_pages).
  const table::TableDescription described = table->Describe();
  wire::Json tags = wire::Json::array();
  for (const table::Tag& tag : ShownTags(described, context.now_micros())) {
    tags.push_back({{"Key", tag.key}, {"Value", tag.value}});
  }
  return wire::Json{{"Tags", std::move(tags)}};
}

}  // namespace dynafake::api
