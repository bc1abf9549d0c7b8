#include "dynafake/status.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "util/result.h"

namespace dynafake {
namespace {

constexpr std::string_view kCoralValidate = "com.amazon.coral.validate#";
constexpr std::string_view kCoralService = "com.amazon.coral.service#";
constexpr std::string_view kDynamoDb = "com.amazonaws.dynamodb.v20120810#";

struct Row {
  ErrorCode code;
  std::string_view name;
  std::string_view name_space;
  int http_status;
  bool retryable;
  std::string_view message_key;
};

// The whole table, written out independently of the X-macro.
const Row kRows[] = {
    {ErrorCode::kValidation, "ValidationException", kCoralValidate, 400, false, "message"},
    {ErrorCode::kSerialization, "SerializationException", kCoralService, 400, false, "Message"},
    {ErrorCode::kUnknownOperation, "UnknownOperationException", kCoralService, 400, false,
     "message"},
    {ErrorCode::kAccessDenied, "AccessDeniedException", kCoralService, 400, false, "message"},
    {ErrorCode::kResourceNotFound, "ResourceNotFoundException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kResourceInUse, "ResourceInUseException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kConditionalCheckFailed, "ConditionalCheckFailedException", kDynamoDb, 400, false,
     "message"},
    {ErrorCode::kTransactionCanceled, "TransactionCanceledException", kDynamoDb, 400, false,
     "Message"},
    {ErrorCode::kTransactionConflict, "TransactionConflictException", kDynamoDb, 400, false,
     "message"},
    {ErrorCode::kTransactionInProgress, "TransactionInProgressException", kDynamoDb, 400, true,
     "Message"},
    {ErrorCode::kIdempotentParameterMismatch, "IdempotentParameterMismatchException", kDynamoDb,
     400, false, "Message"},
    {ErrorCode::kProvisionedThroughputExceeded, "ProvisionedThroughputExceededException", kDynamoDb,
     400, true, "message"},
    {ErrorCode::kThrottling, "ThrottlingException", "com.amazon.coral.availability#", 400, true,
     "message"},
    {ErrorCode::kRequestLimitExceeded, "RequestLimitExceeded", kDynamoDb, 400, true, "message"},
    {ErrorCode::kLimitExceeded, "LimitExceededException", kDynamoDb, 400, true, "message"},
    {ErrorCode::kItemCollectionSizeLimitExceeded, "ItemCollectionSizeLimitExceededException",
     kDynamoDb, 400, false, "message"},
    {ErrorCode::kBackupNotFound, "BackupNotFoundException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kBackupInUse, "BackupInUseException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kTableNotFound, "TableNotFoundException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kTableAlreadyExists, "TableAlreadyExistsException", kDynamoDb, 400, false,
     "message"},
    {ErrorCode::kTableInUse, "TableInUseException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kContinuousBackupsUnavailable, "ContinuousBackupsUnavailableException", kDynamoDb,
     400, false, "message"},
    {ErrorCode::kPointInTimeRecoveryUnavailable, "PointInTimeRecoveryUnavailableException",
     kDynamoDb, 400, false, "message"},
    {ErrorCode::kInvalidRestoreTime, "InvalidRestoreTimeException", kDynamoDb, 400, false,
     "message"},
    {ErrorCode::kExpiredIterator, "ExpiredIteratorException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kTrimmedDataAccess, "TrimmedDataAccessException", kDynamoDb, 400, false, "message"},
    {ErrorCode::kInternalServerError, "InternalServerError", kDynamoDb, 500, true, "message"},
};

TEST(ErrorCodeTest, TableMatchesTheService) {
  for (const Row& row : kRows) {
    SCOPED_TRACE(std::string(row.name));
    EXPECT_EQ(ErrorCodeName(row.code), row.name);
    EXPECT_EQ(ErrorCodeNamespace(row.code), row.name_space);
    EXPECT_EQ(ErrorCodeHttpStatus(row.code), row.http_status);
    EXPECT_EQ(ErrorCodeRetryable(row.code), row.retryable);
    EXPECT_EQ(ErrorCodeMessageKey(row.code), row.message_key);
  }
}

TEST(ErrorCodeTest, EveryCodeIsListedOnce) {
  std::set<int> seen;
  for (const Row& row : kRows) {
    EXPECT_TRUE(seen.insert(static_cast<int>(row.code)).second);
  }
  // Enumerators are dense from kOk = 0 to the last one.
  EXPECT_EQ(seen.size(), static_cast<size_t>(ErrorCode::kInternalServerError));
  EXPECT_EQ(*seen.begin(), 1);
}

TEST(ErrorCodeTest, OkHasNoName) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kOk), "");
  EXPECT_EQ(ErrorCodeHttpStatus(ErrorCode::kOk), 200);
  EXPECT_FALSE(ErrorCodeRetryable(ErrorCode::kOk));
}

TEST(StatusTest, OkAndError) {
  const Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.code(), ErrorCode::kOk);
  EXPECT_EQ(ok.message(), "");
  EXPECT_EQ(ok.ToString(), "OK");

  const Status error = ValidationError("bad");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.code(), ErrorCode::kValidation);
  EXPECT_EQ(error.message(), "bad");
  EXPECT_EQ(error.details_json(), "");
  EXPECT_EQ(error.ToString(), "ValidationException: bad");

  const Status copy = error;
  EXPECT_EQ(copy.message(), "bad");
  EXPECT_EQ(ResourceNotFound().message(), "Requested resource not found");
  EXPECT_EQ(InternalError("x").code(), ErrorCode::kInternalServerError);
}

TEST(StatusTest, OkCodeWithMessageIsOk) {
  const Status status(ErrorCode::kOk, "ignored");
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.message(), "");
}

TEST(StatusTest, DetailsJson) {
  const Status status(ErrorCode::kConditionalCheckFailed, "The conditional request failed",
                      "\"Item\":{}");
  EXPECT_EQ(status.details_json(), "\"Item\":{}");
}

Result<int> Half(int value) {
  if (value % 2 != 0) {
    return ValidationError("odd");
  }
  return value / 2;
}

Result<int> Quarter(int value) {
  DF_ASSIGN_OR_RETURN(const int half, Half(value));
  DF_ASSIGN_OR_RETURN(const int quarter, Half(half));
  return quarter;
}

Status CheckEven(int value) {
  DF_RETURN_IF_ERROR(Half(value).status());
  return Status::Ok();
}

TEST(ResultTest, PropagationMacros) {
  const Result<int> good = Quarter(8);
  ASSERT_TRUE(good.has_value());
  EXPECT_EQ(*good, 2);
  const Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message(), "odd");
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(3).code(), ErrorCode::kValidation);
}

}  // namespace
}  // namespace dynafake
