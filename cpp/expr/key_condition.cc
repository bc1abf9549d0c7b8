#include "expr/key_condition.h"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace dynafake::expr {
namespace {

using model::AttributeType;
using model::AttributeValue;
using Kind = SortKeyCondition::Kind;

constexpr size_t kMaxRangeKeyBytes = 1024;
constexpr size_t kMaxMultiAttributeConditions = 8;

constexpr char kNotSupported[] = "Query key condition not supported";
constexpr char kTypeMismatch[] =
    "One or more parameter values were invalid: Condition parameter type does not match schema "
    "type";

// One `<key> <op> <value(s)>` of the expression, the key attribute moved to the left.
struct KeyLeaf {
  std::string name;
  Kind kind = Kind::kEqual;
  std::vector<AttributeValue> values;  // one, or two for BETWEEN
};

// The service's name of an operator or function a key condition may not use; "" for the allowed
// ones (=, <, <=, >, >=, BETWEEN, begins_with, AND).
std::string_view ForbiddenOperator(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::kOr:
      return "OR";
    case Condition::Kind::kNot:
      return "NOT";
    case Condition::Kind::kIn:
      return "IN";
    case Condition::Kind::kCompare:
      return condition.comparator == Comparator::kNotEqual ? "<>" : "";
    case Condition::Kind::kAttributeExists:
      return "attribute_exists";
    case Condition::Kind::kAttributeNotExists:
      return "attribute_not_exists";
    case Condition::Kind::kAttributeType:
      return "attribute_type";
    case Condition::Kind::kContains:
      return "contains";
    default:
      return "";
  }
}

// REQUIRES: an allowed leaf (ForbiddenOperator is "").
Kind LeafKind(const Condition& leaf) {
  if (leaf.kind == Condition::Kind::kBetween) {
    return Kind::kBetween;
  }
  if (leaf.kind == Condition::Kind::kBeginsWith) {
    return Kind::kBeginsWith;
  }
  switch (leaf.comparator) {
    case Comparator::kLess:
      return Kind::kLess;
    case Comparator::kLessOrEqual:
      return Kind::kLessOrEqual;
    case Comparator::kGreater:
      return Kind::kGreater;
    case Comparator::kGreaterOrEqual:
      return Kind::kGreaterOrEqual;
    default:
      return Kind::kEqual;
  }
}

// `:v < k` is `k > :v`.
Kind Mirrored(Kind kind) {
  switch (kind) {
    case Kind::kLess:
      return Kind::kGreater;
    case Kind::kLessOrEqual:
      return Kind::kGreaterOrEqual;
    case Kind::kGreater:
      return Kind::kLess;
    case Kind::kGreaterOrEqual:
      return Kind::kLessOrEqual;
    default:
      return kind;
  }
}

Status InvalidCondition(std::string_view detail) {
  return ValidationError("Invalid condition in KeyConditionExpression: " + std::string(detail));
}

// Walks the AND tree left to right, each leaf checked completely before the next one is looked at,
// so the first offending leaf in reading order decides the message.
class LeafCollector {
 public:
  Status Collect(const Condition& condition) {
    const std::string_view forbidden = ForbiddenOperator(condition);
    if (!forbidden.empty()) {
      return ValidationError("Invalid operator used in KeyConditionExpression: " +
                             std::string(forbidden));
    }
    if (condition.kind != Condition::Kind::kAnd) {
      return AddLeaf(condition);
    }
    for (const Condition& child : condition.children) {
      DF_RETURN_IF_ERROR(Collect(child));
    }
    return Status::Ok();
  }

  std::vector<KeyLeaf>& leaves() { return leaves_; }

 private:
  // DynamoDB: the operands are read left to right; the first one that breaks a rule names the
  // error, so `b > a.b` reports the second attribute name before the nested path.
  Status AddLeaf(const Condition& leaf) {
    KeyLeaf out;
    out.kind = LeafKind(leaf);
    const bool key_must_be_first = out.kind == Kind::kBetween || out.kind == Kind::kBeginsWith;
    bool has_key = false;
    for (const Operand& operand : leaf.operands) {
      if (operand.kind == Operand::Kind::kPath) {
        if (has_key) {
          return InvalidCondition("Multiple attribute names used in one condition");
        }
        if (operand.path.size() > 1) {
          return ValidationError(
              "KeyConditionExpressions cannot have conditions on nested attributes");
        }
        out.name = operand.path.front().name;
        has_key = true;
      } else if (operand.kind == Operand::Kind::kValue) {
        if (!has_key && key_must_be_first) {
          return InvalidCondition(
              std::string(out.kind == Kind::kBetween ? "BETWEEN" : "begins_with") +
              " operator must have the key attribute as its first operand");
        }
        if (!has_key) {
          out.kind = Mirrored(out.kind);
        }
        out.values.push_back(operand.value);
      } else {
        // size() is the only operation a condition's operand can hold.
        return ValidationError("KeyConditionExpressions cannot contain nested operations");
      }
    }
    if (!has_key) {
      return InvalidCondition("No key attribute specified");
    }
    for (const KeyLeaf& seen : leaves_) {
      if (seen.name == out.name) {
        return ValidationError("KeyConditionExpressions must only contain one condition per key");
      }
    }
    leaves_.push_back(std::move(out));
    return Status::Ok();
  }

  std::vector<KeyLeaf> leaves_;
};

KeyLeaf* FindLeaf(std::vector<KeyLeaf>& leaves, const std::string& name) {
  for (KeyLeaf& leaf : leaves) {
    if (leaf.name == name) {
      return &leaf;
    }
  }
  return nullptr;
}

Status MissedKey(const model::KeyAttribute& key) {
  return ValidationError("Query condition missed key schema element: " + key.name);
}

// DynamoDB: an empty S or B value in a key condition is refused like an empty key on write
// ("... are not valid. ..."), for table and index keys alike.
Status CheckNotEmpty(const KeyLeaf& leaf, const model::KeyAttribute& key) {
  for (const AttributeValue& value : leaf.values) {
    if (value.type() != AttributeType::kN && value.as_string().empty()) {
      return ValidationError(
          std::string("One or more parameter values are not valid. The AttributeValue for a key "
                      "attribute cannot contain an empty ") +
          (value.type() == AttributeType::kS ? "string" : "binary") + " value. Key: " + key.name);
    }
  }
  return Status::Ok();
}

Status CheckPartitionLeaf(const KeyLeaf* leaf, const model::KeyAttribute& key) {
  if (leaf == nullptr) {
    return MissedKey(key);
  }
  for (const AttributeValue& value : leaf->values) {
    if (value.type() != key.type) {
      return ValidationError(kTypeMismatch);
    }
  }
  if (leaf->kind != Kind::kEqual) {
    return ValidationError(kNotSupported);
  }
  return CheckNotEmpty(*leaf, key);
}

Status CheckSortLeaf(const KeyLeaf& leaf, const model::KeyAttribute& key) {
  for (const AttributeValue& value : leaf.values) {
    // DynamoDB: a bound longer than a sort key may be is refused before its type is looked at.
    const bool sized = value.type() == AttributeType::kS || value.type() == AttributeType::kB;
    if (sized && value.as_string().size() > kMaxRangeKeyBytes) {
      return ValidationError(
          "One or more parameter values were invalid: Aggregated size of all range keys has "
          "exceeded the size limit of 1024 bytes");
    }
    if (value.type() != key.type) {
      return ValidationError(kTypeMismatch);
    }
  }
  return CheckNotEmpty(leaf, key);
}

Result<KeyCondition> CheckSchema(std::vector<KeyLeaf>& leaves, const model::KeySchema& schema) {
  // DynamoDB: a second condition on a hash-only key is refused before the key names are compared.
  if (!schema.range && leaves.size() > 1) {
    return ValidationError(kNotSupported);
  }
  KeyLeaf* partition = FindLeaf(leaves, schema.hash.name);
  DF_RETURN_IF_ERROR(CheckPartitionLeaf(partition, schema.hash));
  KeyCondition result;
  result.partition_value = std::move(partition->values.front());
  if (!schema.range) {
    return result;
  }
  KeyLeaf* sort = FindLeaf(leaves, schema.range->name);
  if (sort == nullptr) {
    // DynamoDB: with one condition (on the partition key) the sort key is optional; with two, the
    // other one must be on the sort key.
    if (leaves.size() > 1) {
      return MissedKey(*schema.range);
    }
    return result;
  }
  DF_RETURN_IF_ERROR(CheckSortLeaf(*sort, *schema.range));
  SortKeyCondition& out = result.sort.emplace();
  out.kind = sort->kind;
  out.value = std::move(sort->values.front());
  if (sort->values.size() > 1) {
    out.upper = std::move(sort->values[1]);
  }
  return result;
}

// The values of `leaf` moved into `out` as the condition on the last constrained sort attribute.
void SetSort(KeyLeaf& leaf, KeyCondition& out) {
  SortKeyCondition& sort = out.sort.emplace();
  sort.kind = leaf.kind;
  sort.value = std::move(leaf.values.front());
  if (leaf.values.size() > 1) {
    sort.upper = std::move(leaf.values[1]);
  }
}

// The RANGE attributes' leaves, in KeySchema order, after the HASH ones have been checked.
Status CheckMultiAttributeSort(std::vector<KeyLeaf>& leaves, const MultiAttributeKey& key,
                               size_t matched, KeyCondition& result) {
  const model::KeyAttribute* first_missing = nullptr;
  KeyLeaf* last = nullptr;
  for (const model::KeyAttribute* attribute : key.range) {
    KeyLeaf* leaf = FindLeaf(leaves, attribute->name);
    if (leaf == nullptr) {
      first_missing = first_missing != nullptr ? first_missing : attribute;
      continue;
    }
    // DynamoDB: sort attributes are constrained from the first one on; a condition after a
    // skipped one names the skipped attribute (moto's aws_verified multi-attribute GSI tests).
    if (first_missing != nullptr) {
      return MissedKey(*first_missing);
    }
    // DynamoDB ⚠: only the last constrained sort attribute may have a condition other than `=`;
    // the service's text for one that is not last is not confirmed.
    if (last != nullptr && last->kind != Kind::kEqual) {
      return ValidationError(kNotSupported);
    }
    DF_RETURN_IF_ERROR(CheckSortLeaf(*leaf, *attribute));
    if (last != nullptr) {
      result.sort_prefix_values.push_back(std::move(last->values.front()));
    }
    last = leaf;
    ++matched;
  }
  if (matched < leaves.size()) {
    // DynamoDB ⚠: a condition on another attribute is refused like one on a hash-only key.
    return first_missing != nullptr ? MissedKey(*first_missing) : ValidationError(kNotSupported);
  }
  if (last != nullptr) {
    SetSort(*last, result);
  }
  return Status::Ok();
}

}  // namespace

Result<KeyCondition> ValidateMultiAttributeKeyCondition(const Condition& condition,
                                                        const MultiAttributeKey& key) {
  LeafCollector collector;
  DF_RETURN_IF_ERROR(collector.Collect(condition));
  std::vector<KeyLeaf>& leaves = collector.leaves();
  KeyCondition result;
  for (const model::KeyAttribute* attribute : key.hash) {
    KeyLeaf* leaf = FindLeaf(leaves, attribute->name);
    DF_RETURN_IF_ERROR(CheckPartitionLeaf(leaf, *attribute));
    if (attribute == key.hash.front()) {
      result.partition_value = std::move(leaf->values.front());
    } else {
      result.more_partition_values.push_back(std::move(leaf->values.front()));
    }
  }
  DF_RETURN_IF_ERROR(CheckMultiAttributeSort(leaves, key, key.hash.size(), result));
  return result;
}

Result<KeyCondition> ValidateKeyCondition(const Condition& condition,
                                          const model::KeySchema& schema) {
  LeafCollector collector;
  DF_RETURN_IF_ERROR(collector.Collect(condition));
  std::vector<KeyLeaf>& leaves = collector.leaves();
  if (leaves.size() > 2) {
    return ValidationError("Conditions can be of length 1 or 2 only");
  }
  return CheckSchema(leaves, schema);
}

// DynamoDB ⚠: before the key schema is known, up to 8 conditions (the 4 HASH and 4 RANGE
// attributes of a multi-attribute index key) pass; the schema check refuses more than 2 for a
// table or single-attribute index key.
Status CheckKeyConditionShape(const Condition& condition) {
  LeafCollector collector;
  DF_RETURN_IF_ERROR(collector.Collect(condition));
  if (collector.leaves().size() > kMaxMultiAttributeConditions) {
    return ValidationError("Conditions can be of length 1 or 2 only");
  }
  return Status::Ok();
}

}  // namespace dynafake::expr
