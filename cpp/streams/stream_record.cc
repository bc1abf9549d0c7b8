#include "streams/stream_record.h"

#include <array>

#include "util/uuid.h"

namespace dynafake::streams {
namespace {

constexpr std::array<std::string_view, 4> kViewTypeNames = {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE",
                                                            "NEW_AND_OLD_IMAGES"};
constexpr std::array<std::string_view, 4> kStatusNames = {"ENABLING", "ENABLED", "DISABLING",
                                                          "DISABLED"};
constexpr std::array<std::string_view, 3> kEventNames = {"INSERT", "MODIFY", "REMOVE"};

}  // namespace

std::optional<StreamViewType> ParseStreamViewType(std::string_view text) {
  for (size_t i = 0; i < kViewTypeNames.size(); ++i) {
    if (kViewTypeNames[i] == text) {
      return static_cast<StreamViewType>(i);
    }
  }
  return std::nullopt;
}

std::string_view StreamViewTypeName(StreamViewType type) {
  return kViewTypeNames[static_cast<size_t>(type)];
}

std::string_view StreamStatusName(StreamStatus status) {
  return kStatusNames[static_cast<size_t>(status)];
}

std::string_view EventNameText(EventName name) {
  return kEventNames[static_cast<size_t>(name)];
}

StreamRecord MakeStreamRecord(const table::ChangeEvent& event, StreamViewType view_type,
                              uint64_t sequence) {
  StreamRecord record;
  record.sequence = sequence;
  // DynamoDB: an overwrite with other content is one MODIFY, never a REMOVE and an INSERT
  // (test_stream_records.py).
  record.event_name = event.old_image == nullptr   ? EventName::kInsert
                      : event.new_image == nullptr ? EventName::kRemove
                                                   : EventName::kModify;
  record.event_id = util::NewHexId128();
  record.creation_micros = event.time_micros;
  record.keys = *event.keys;
  record.view_type = view_type;
  record.by_time_to_live = event.cause == table::ChangeCause::kTtl;
  const bool wants_new =
      view_type == StreamViewType::kNewImage || view_type == StreamViewType::kNewAndOldImages;
  const bool wants_old =
      view_type == StreamViewType::kOldImage || view_type == StreamViewType::kNewAndOldImages;
  // DynamoDB: SizeBytes counts Keys plus the images the record carries, as item sizes (the
  // developer guide's examples: 26 and 59 bytes; test_stream_records.py).
  record.size_bytes = static_cast<int64_t>(model::ItemSize(record.keys));
  if (wants_new && event.new_image != nullptr) {
    record.new_image = *event.new_image;
    record.size_bytes += event.new_size;
  }
  if (wants_old && event.old_image != nullptr) {
    record.old_image = *event.old_image;
    record.size_bytes += event.old_size;
  }
  return record;
}

}  // namespace dynafake::streams
