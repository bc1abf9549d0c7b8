// The service's error body: {"__type": "<namespace>#<Code>", "message": "<text>", ...details}.
#pragma once

#include <string>

#include "dynafake/status.h"

namespace dynafake::wire {

// REQUIRES: !status.ok(). The message key is "message" or "Message" as the error's shape declares;
// an error without text (UnknownOperationException) has no message member.
std::string ErrorBody(const Status& status);

}  // namespace dynafake::wire
