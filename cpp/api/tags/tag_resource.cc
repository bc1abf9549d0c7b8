// TagResource: adds tags to a table or changes their values, all or none.
#include <string>
#include <vector>

#include "api/operation.h"
#include "api/tags/tag_rules.h"
#include "api/tags/tagged_table.h"
#include "util/result.h"

namespace dynafake::api {

Result<wire::Json> TagResource(RequestContext& context, const wire::Json& request) {
  const std::string& arn = request.at("ResourceArn").get_ref<const std::string&>();
  DF_RETURN_IF_ERROR(CheckResourceArn(context, "TagResource", arn));
  const wire::Json& tags = request.at("Tags");
  if (tags.empty()) {
    return ValidationError("Atleast one Tag needs to be provided as Input.");
  }
  DF_ASSIGN_OR_RETURN(std::vector<table::Tag> added, ParseTagList(tags));
  DF_ASSIGN_OR_RETURN(std::shared_ptr<table::Table> table, FindTaggedTable(context, arn));
  DF_RETURN_IF_ERROR(
      ChangeTags(context, *table, [&](std::vector<table::Tag>& present) -> Result<bool> {
        const std::vector<table::Tag> before = present;
        DF_RETURN_IF_ERROR(MergeTags(added, present));
        return present != before;
      }));
  return wire::Json::object();
}

}  // namespace dynafake::api
