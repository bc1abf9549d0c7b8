#include "wire/error_json.h"

#include <gtest/gtest.h>

namespace dynafake::wire {
namespace {

TEST(ErrorBody, ValidationUsesCoralValidateNamespace) {
  EXPECT_EQ(ErrorBody(ValidationError("bad \"x\"")),
            R"({"__type":"com.amazon.coral.validate#ValidationException","message":"bad \"x\""})");
}

TEST(ErrorBody, DynamoDbErrorsUseServiceNamespace) {
  EXPECT_EQ(ErrorBody(ResourceNotFound()),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",)"
            R"("message":"Requested resource not found"})");
}

TEST(ErrorBody, CapitalMessageKeyWhereTheShapeDeclaresIt) {
  Status status(ErrorCode::kTransactionCanceled, "Transaction cancelled",
                R"("CancellationReasons":[{"Code":"None"}])");
  EXPECT_EQ(ErrorBody(status),
            R"({"__type":"com.amazonaws.dynamodb.v20120810#TransactionCanceledException",)"
            R"("Message":"Transaction cancelled","CancellationReasons":[{"Code":"None"}]})");
}

TEST(ErrorBody, NoMessageMemberWithoutText) {
  EXPECT_EQ(ErrorBody(Status(ErrorCode::kUnknownOperation, "")),
            R"({"__type":"com.amazon.coral.service#UnknownOperationException"})");
}

TEST(ErrorBody, InvalidUtf8InMessageNeverThrows) {
  std::string body = ErrorBody(ValidationError(std::string("bad \xff byte")));
  EXPECT_NE(body.find("bad"), std::string::npos);
}

}  // namespace
}  // namespace dynafake::wire
