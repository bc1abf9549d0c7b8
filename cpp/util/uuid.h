// Random identifiers: UUIDs (TableId) and the service's request-id style.
#pragma once

#include <string>

namespace dynafake::util {

// Lower-case RFC 4122 version 4 UUID text.
std::string NewUuid();
// 52 upper-case alphanumerics, like the service's x-amzn-RequestId.
std::string NewRequestId();
// 32 random lowercase hex digits (a stream record's eventID).
std::string NewHexId128();

}  // namespace dynafake::util
