#include "wire/error_json.h"

#include "wire/json.h"

namespace dynafake::wire {

std::string ErrorBody(const Status& status) {
  std::string body = "{\"__type\":";
  body += Json(std::string(ErrorCodeNamespace(status.code())) +
               std::string(ErrorCodeName(status.code())))
              .dump();
  if (!status.message().empty()) {
    body += ",";
    body += Json(std::string(ErrorCodeMessageKey(status.code()))).dump();
    body += ":";
    body += Json(status.message()).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  if (!status.details_json().empty()) {
    body += ",";
    body += status.details_json();
  }
  body += "}";
  return body;
}

}  // namespace dynafake::wire
