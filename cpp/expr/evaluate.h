// Evaluators: conditions, projections and updates against items. No I/O, no locks.
#pragma once

#include <optional>

#include "dynafake/status.h"

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace dynafake::expr {

// The value at `path` in `item`, or null when absent.
const model::AttributeValue* FindPath(const model::Item& item, const Path& path);

// True when `item` satisfies `condition`. A missing item is an empty item. Type mismatches against
// stored data are false, never errors (DynamoDB semantics; see dynamodb-behaviour.md 5.2).
bool EvaluateCondition(const Condition& condition, const model::Item& item);

// The projected item: the paths that exist, keeping their nesting; list elements re-packed in
// index order (docs: dynamodb-behaviour.md 5.3).
model::Item ApplyProjection(const Projection& projection, const model::Item& item);

// Applies `update` to `item` (the old item, or the key alone when the item is new). Errors are
// ValidationException with the service's runtime texts ("The provided expression refers to an
// attribute that does not exist in the item", "An operand in the update expression has an
// incorrect data type", "The document path provided in the update expression is invalid for
// update", number overflow/underflow). `item` is treated as an existing item (see below).
Result<model::Item> ApplyUpdate(const Update& update, model::Item item);

// As above; `item_exists` is false when the update creates the item (`item` is then the key
// alone). The service ignores REMOVE of a nested path whose parent is missing on a new item, but
// rejects it on an existing one.
Result<model::Item> ApplyUpdate(const Update& update, model::Item item, bool item_exists);

}  // namespace dynafake::expr
