// Status and Result<T>: every DynamoDB outcome is a value, never an exception.
//
// ErrorCode comes from one X-macro table that lists, per error, the code botocore reads from
// "__type", the namespace the service puts before it, the HTTP status, whether botocore retries it
// (which decides whether the boto3 fast path may answer it) and the key the service uses for the
// message text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace dynafake {

// X(enumerator, code, namespace, http_status, retryable, message_key)
#define DYNAFAKE_ERROR_CODES(X)                                                                    \
  X(kValidation, "ValidationException", "com.amazon.coral.validate#", 400, false, "message")       \
  X(kSerialization, "SerializationException", "com.amazon.coral.service#", 400, false, "Message")  \
  X(kUnknownOperation, "UnknownOperationException", "com.amazon.coral.service#", 400, false,       \
    "message")                                                                                     \
  X(kAccessDenied, "AccessDeniedException", "com.amazon.coral.service#", 400, false, "message")    \
  X(kResourceNotFound, "ResourceNotFoundException", "com.amazonaws.dynamodb.v20120810#", 400,      \
    false, "message")                                                                              \
  X(kResourceInUse, "ResourceInUseException", "com.amazonaws.dynamodb.v20120810#", 400, false,     \
    "message")                                                                                     \
  X(kConditionalCheckFailed, "ConditionalCheckFailedException",                                    \
    "com.amazonaws.dynamodb.v20120810#", 400, false, "message")                                    \
  X(kTransactionCanceled, "TransactionCanceledException", "com.amazonaws.dynamodb.v20120810#",     \
    400, false, "Message")                                                                         \
  X(kTransactionConflict, "TransactionConflictException", "com.amazonaws.dynamodb.v20120810#",     \
    400, false, "message")                                                                         \
  X(kTransactionInProgress, "TransactionInProgressException", "com.amazonaws.dynamodb.v20120810#", \
    400, true, "Message")                                                                          \
  X(kIdempotentParameterMismatch, "IdempotentParameterMismatchException",                          \
    "com.amazonaws.dynamodb.v20120810#", 400, false, "Message")                                    \
  X(kProvisionedThroughputExceeded, "ProvisionedThroughputExceededException",                      \
    "com.amazonaws.dynamodb.v20120810#", 400, true, "message")                                     \
  X(kThrottling, "ThrottlingException", "com.amazon.coral.availability#", 400, true, "message")    \
  X(kRequestLimitExceeded, "RequestLimitExceeded", "com.amazonaws.dynamodb.v20120810#", 400, true, \
    "message")                                                                                     \
  X(kLimitExceeded, "LimitExceededException", "com.amazonaws.dynamodb.v20120810#", 400, true,      \
    "message")                                                                                     \
  X(kItemCollectionSizeLimitExceeded, "ItemCollectionSizeLimitExceededException",                  \
    "com.amazonaws.dynamodb.v20120810#", 400, false, "message")                                    \
  X(kBackupNotFound, "BackupNotFoundException", "com.amazonaws.dynamodb.v20120810#", 400, false,   \
    "message")                                                                                     \
  X(kBackupInUse, "BackupInUseException", "com.amazonaws.dynamodb.v20120810#", 400, false,         \
    "message")                                                                                     \
  X(kTableNotFound, "TableNotFoundException", "com.amazonaws.dynamodb.v20120810#", 400, false,     \
    "message")                                                                                     \
  X(kTableAlreadyExists, "TableAlreadyExistsException", "com.amazonaws.dynamodb.v20120810#", 400,  \
    false, "message")                                                                              \
  X(kTableInUse, "TableInUseException", "com.amazonaws.dynamodb.v20120810#", 400, false,           \
    "message")                                                                                     \
  X(kContinuousBackupsUnavailable, "ContinuousBackupsUnavailableException",                        \
    "com.amazonaws.dynamodb.v20120810#", 400, false, "message")                                    \
  X(kPointInTimeRecoveryUnavailable, "PointInTimeRecoveryUnavailableException",                    \
    "com.amazonaws.dynamodb.v20120810#", 400, false, "message")                                    \
  X(kInvalidRestoreTime, "InvalidRestoreTimeException", "com.amazonaws.dynamodb.v20120810#", 400,  \
    false, "message")                                                                              \
  X(kExpiredIterator, "ExpiredIteratorException", "com.amazonaws.dynamodb.v20120810#", 400, false, \
    "message")                                                                                     \
  X(kTrimmedDataAccess, "TrimmedDataAccessException", "com.amazonaws.dynamodb.v20120810#", 400,    \
    false, "message")                                                                              \
  X(kInternalServerError, "InternalServerError", "com.amazonaws.dynamodb.v20120810#", 500, true,   \
    "message")

enum class ErrorCode : uint8_t {
  kOk = 0,
#define DYNAFAKE_ERROR_ENUM(name, code, ns, http, retryable, key) name,
  DYNAFAKE_ERROR_CODES(DYNAFAKE_ERROR_ENUM)
#undef DYNAFAKE_ERROR_ENUM
};

// The service's spelling of the code ("ValidationException"); "" for kOk.
std::string_view ErrorCodeName(ErrorCode code);
// The "__type" prefix the service sends before the code, e.g. "com.amazon.coral.validate#".
std::string_view ErrorCodeNamespace(ErrorCode code);
int ErrorCodeHttpStatus(ErrorCode code);
// True when botocore retries this error, so the boto3 fast path hands it to the wire path.
bool ErrorCodeRetryable(ErrorCode code);
// "message" for most errors; "Message" for the shapes that declare it so.
std::string_view ErrorCodeMessageKey(ErrorCode code);

// An outcome: Ok, or an ErrorCode with the service's message text. Some errors carry more members
// of the error body (ConditionalCheckFailedException's Item, TransactionCanceledException's
// CancellationReasons): details_json holds them as JSON object members without the braces, e.g.
// "\"Item\":{...}", already in the wire format. Copies are cheap: the error payload is shared.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, std::string details_json = {});

  static Status Ok() { return Status(); }

  bool ok() const { return state_ == nullptr; }

  ErrorCode code() const { return state_ ? state_->code : ErrorCode::kOk; }

  const std::string& message() const;
  const std::string& details_json() const;
  std::string ToString() const;

 private:
  struct State {
    ErrorCode code;
    std::string message;
    std::string details_json;
  };

  std::shared_ptr<const State> state_;
};

// Shorthands for the errors the engine raises most.
inline Status ValidationError(std::string message) {
  return Status(ErrorCode::kValidation, std::move(message));
}

inline Status ResourceNotFound(std::string message = "Requested resource not found") {
  return Status(ErrorCode::kResourceNotFound, std::move(message));
}

inline Status InternalError(std::string message) {
  return Status(ErrorCode::kInternalServerError, std::move(message));
}

inline Status ItemCollectionSizeLimitExceeded(std::string message) {
  return Status(ErrorCode::kItemCollectionSizeLimitExceeded, std::move(message));
}

// A value or a non-ok Status, with std::expected's spelling so a later move to C++23 is mechanical.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose

  Result(Status status) : storage_(std::in_place_index<1>, std::move(status)) {}  // NOLINT

  bool has_value() const { return storage_.index() == 0; }

  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(storage_); }

  const T& value() const& { return std::get<0>(storage_); }

  T&& value() && { return std::get<0>(std::move(storage_)); }

  T& operator*() & { return value(); }

  const T& operator*() const& { return value(); }

  T* operator->() { return &value(); }

  const T* operator->() const { return &value(); }

  const Status& error() const { return std::get<1>(storage_); }

  Status status() const { return has_value() ? Status::Ok() : error(); }

 private:
  std::variant<T, Status> storage_;
};

}  // namespace dynafake
