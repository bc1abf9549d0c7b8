// UntagResource: removes tags from a table by key; a key the table does not have is no error.
#include <algorithm>
#include <string>
#include <vector>

#include "api/operation.h"
#include "api/tags/tag_rules.h"
#include "api/tags/tagged_table.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> UntagResource(RequestContext& context, const wire::Json& request) {
  const std::string& arn = request.at("ResourceArn").get_ref<const std::string&>();
  DF_RETURN_IF_ERROR(CheckResourceArn(context, "UntagResource", arn));
  const wire::Json& keys = request.at("TagKeys");
  if (keys.empty()) {
    return ValidationError("Atleast one Tag Key needs to be provided as Input.");
  }
  // DynamoDB: more keys than a table can have tags is refused like too many tags, though they
  // would be removed (conformance/test_tags.py::test_untag_rules).
  if (keys.size() > kMaxTagsPerResource) {
    return TooManyTags();
  }
  for (const wire::Json& key : keys) {
    DF_RETURN_IF_ERROR(CheckTagKey(key.is_null() ? nullptr : &key));
  }
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, FindTaggedTable(context, arn));
  DF_RETURN_IF_ERROR(
      ChangeTags(context, *table, [&](std::vector<table::Tag>& present) -> Result<bool> {
        const size_t before = present.size();
        std::erase_if(present, [&](const table::Tag& tag) {
          return std::any_of(keys.begin(), keys.end(), [&](const wire::Json& key) {
            return key.get_ref<const std::string&>() == tag.key;
          });
        });
        return present.size() != before;
      }));
  return wire::Json::object();
}

}  // namespace dynafake::api
