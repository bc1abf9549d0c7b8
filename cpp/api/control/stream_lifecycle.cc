#include "api/control/stream_lifecycle.h"

namespace dynafake::api {

void StartStream(streams::StreamStore& streams, table::TableDescription& description) {
  table::StreamSpecification& spec = description.stream_specification;
  // The shape validator has checked the view type against the model's enum.
  const std::optional<streams::StreamViewType> view_type =
      streams::ParseStreamViewType(spec.stream_view_type);
  const streams::StreamSummary stream =
      streams.Enable(description, view_type.value_or(streams::StreamViewType::kKeysOnly));
  spec.latest_stream_arn = stream.stream_arn;
  spec.latest_stream_label = stream.stream_label;
}

void StopStream(streams::StreamStore& streams, const table::TableDescription& description) {
  streams.Disable(description.table_id);
}

}  // namespace dynafake::api
