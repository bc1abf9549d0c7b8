// The stream side of the control operations: CreateTable and UpdateTable start a stream,
// UpdateTable and DeleteTable stop one.
#pragma once

#include "streams/stream_store.h"
#include "table/schema.h"

namespace dynafake::api {

// Starts a new stream for a table whose description now enables one and names it in the
// description (LatestStreamArn, LatestStreamLabel).
void StartStream(streams::StreamStore& streams, table::TableDescription& description);

// Stops the table's stream: DISABLED, still readable for 24 hours. The description keeps its
// LatestStreamArn and LatestStreamLabel.
void StopStream(streams::StreamStore& streams, const table::TableDescription& description);

}  // namespace dynafake::api
