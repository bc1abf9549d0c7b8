// StreamRecord: one DynamoDB Streams record, built from a committed table::ChangeEvent under the
// stream's view type, and the names of the streams vocabulary (view types, statuses, event names).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/attribute_value.h"
#include "table/change_event.h"

namespace dynafake::streams {

enum class StreamViewType : uint8_t { kKeysOnly, kNewImage, kOldImage, kNewAndOldImages };
enum class StreamStatus : uint8_t { kEnabling, kEnabled, kDisabling, kDisabled };
enum class EventName : uint8_t { kInsert, kModify, kRemove };

// "KEYS_ONLY" ... ; nullopt for any other text.
std::optional<StreamViewType> ParseStreamViewType(std::string_view text);
std::string_view StreamViewTypeName(StreamViewType type);
std::string_view StreamStatusName(StreamStatus status);  // "ENABLING" ...
std::string_view EventNameText(EventName name);          // "INSERT" ...

struct StreamRecord {
  // Position in the engine's sequence (see sequence_number.h for its text form).
  uint64_t sequence = 0;
  EventName event_name = EventName::kInsert;
  std::string event_id;  // 32 lowercase hex digits
  int64_t creation_micros = 0;
  model::Item keys;
  // Present per the view type: NEW_IMAGE / NEW_AND_OLD_IMAGES when the item exists after the
  // change, OLD_IMAGE / NEW_AND_OLD_IMAGES when it existed before.
  std::optional<model::Item> new_image;
  std::optional<model::Item> old_image;
  // DynamoDB: the item sizes of Keys plus the images the record carries.
  int64_t size_bytes = 0;
  StreamViewType view_type = StreamViewType::kKeysOnly;
  // DynamoDB: a TTL deletion carries userIdentity {Type: Service, PrincipalId:
  // dynamodb.amazonaws.com}.
  bool by_time_to_live = false;
};

// The record of `event` in a stream of `view_type`, at `sequence`.
// REQUIRES: the event changes the item (an old or a new image, not equal).
StreamRecord MakeStreamRecord(const table::ChangeEvent& event, StreamViewType view_type,
                              uint64_t sequence);

}  // namespace dynafake::streams
