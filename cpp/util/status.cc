#include "dynafake/status.h"

#include <array>

namespace dynafake {
namespace {

struct ErrorInfo {
  std::string_view name;
  std::string_view name_space;
  int http_status;
  bool retryable;
  std::string_view message_key;
};

constexpr std::array kErrorInfo = {ErrorInfo{"", "", 200, false, "message"},
#define DYNAFAKE_ERROR_INFO(name, code, ns, http, retryable, key) \
  ErrorInfo{code, ns, http, retryable, key},
                                   DYNAFAKE_ERROR_CODES(DYNAFAKE_ERROR_INFO)
#undef DYNAFAKE_ERROR_INFO
};

const ErrorInfo& Info(ErrorCode code) {
  return kErrorInfo[static_cast<size_t>(code)];
}

const std::string kEmpty;

}  // namespace

std::string_view ErrorCodeName(ErrorCode code) {
  return Info(code).name;
}

std::string_view ErrorCodeNamespace(ErrorCode code) {
  return Info(code).name_space;
}

int ErrorCodeHttpStatus(ErrorCode code) {
  return Info(code).http_status;
}

bool ErrorCodeRetryable(ErrorCode code) {
  return Info(code).retryable;
}

std::string_view ErrorCodeMessageKey(ErrorCode code) {
  return Info(code).message_key;
}

Status::Status(ErrorCode code, std::string message, std::string details_json) {
  if (code != ErrorCode::kOk) {
    state_ =
        std::make_shared<const State>(State{code, std::move(message), std::move(details_json)});
  }
}

const std::string& Status::message() const {
  return state_ ? state_->message : kEmpty;
}

const std::string& Status::details_json() const {
  return state_ ? state_->details_json : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) {
    return "OK";
  }
  return std::string(ErrorCodeName(code())) + ": " + message();
}

}  // namespace dynafake
