#include "api/common/item_arguments.h"

#include "util/result.h"
#include "wire/attribute_value_json.h"

namespace dynafake::api {

const std::string& TableNameArgument(const wire::Json& request) {
  return request.at("TableName").get_ref<const std::string&>();
}

Result<std::shared_ptr<table::Table>> UsableTable(const RequestContext& context,
                                                  const std::string& table_name) {
  return context.catalog->GetUsableTable(context.region, table_name);
}

Result<model::Item> ParseAttributeMap(const wire::Json& json) {
  return wire::ParseItem(json);
}

Status CheckItemSize(const model::Item& item) {
  if (model::ItemSize(item) > kMaxItemBytes) {
    return ValidationError("Item size has exceeded the maximum allowed size");
  }
  return Status::Ok();
}

Status RejectUnsupported(const wire::Json& request, std::initializer_list<const char*> members) {
  for (const char* member : members) {
    auto it = request.find(member);
    if (it != request.end() && !it->is_null()) {
      return ValidationError(std::string("dynafake does not support the ") + member +
                             " parameter yet");
    }
  }
  return Status::Ok();
}

Status SerializationErrorOf(const Status& status) {
  return status.code() == ErrorCode::kSerialization ? status : Status::Ok();
}

Result<bool> ParseReturnAllOld(const wire::Json& request) {
  const std::string return_values = StringMember(request, "ReturnValues", "NONE");
  if (return_values != "NONE" && return_values != "ALL_OLD") {
    return ValidationError("ReturnValues can only be ALL_OLD or NONE");
  }
  return return_values == "ALL_OLD";
}

bool BoolMember(const wire::Json& request, const char* member) {
  auto it = request.find(member);
  return it != request.end() && it->is_boolean() && it->get<bool>();
}

std::string StringMember(const wire::Json& request, const char* member, const char* fallback) {
  auto it = request.find(member);
  if (it == request.end() || !it->is_string()) {
    return fallback;
  }
  return it->get<std::string>();
}

}  // namespace dynafake::api
