// Response: what the engine answers to one request, in the service's wire format.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dynafake {

struct Response {
  int http_status = 200;
  // Header names in the service's spelling, e.g. "x-amzn-RequestId", "x-amz-crc32".
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // True when botocore retries this outcome (throttling, InternalServerError, ...): the boto3 fast
  // path must then hand the request to botocore's wire path so its retry logic runs.
  bool retryable = false;
};

}  // namespace dynafake
