#include "streams/stream_record.h"

#include <gtest/gtest.h>

namespace dynafake::streams {
namespace {

using model::AttributeValue;
using model::Item;
using model::Number;

AttributeValue Num(const char* text) {
  return AttributeValue::FromNumber(Number::Parse(text).value());
}

struct Change {
  Item keys{{"Id", Num("101")}};
  Item old_item{{"Id", Num("101")}, {"Message", AttributeValue::String("New item!")}};
  Item new_item{{"Id", Num("101")}, {"Message", AttributeValue::String("This item has changed")}};

  table::ChangeEvent Event(bool has_old, bool has_new) const {
    table::ChangeEvent event;
    event.keys = &keys;
    event.old_image = has_old ? &old_item : nullptr;
    event.new_image = has_new ? &new_item : nullptr;
    event.old_size = has_old ? static_cast<int64_t>(model::ItemSize(old_item)) : 0;
    event.new_size = has_new ? static_cast<int64_t>(model::ItemSize(new_item)) : 0;
    event.time_micros = 1'700'000'000'123'456;
    return event;
  }
};

TEST(StreamRecordTest, ViewTypeNamesRoundTrip) {
  for (const char* name : {"KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"}) {
    const std::optional<StreamViewType> type = ParseStreamViewType(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(StreamViewTypeName(*type), name);
  }
  EXPECT_FALSE(ParseStreamViewType("keys_only").has_value());
}

TEST(StreamRecordTest, EventNameFollowsTheImages) {
  const Change change;
  EXPECT_EQ(MakeStreamRecord(change.Event(false, true), StreamViewType::kKeysOnly, 1).event_name,
            EventName::kInsert);
  EXPECT_EQ(MakeStreamRecord(change.Event(true, true), StreamViewType::kKeysOnly, 1).event_name,
            EventName::kModify);
  EXPECT_EQ(MakeStreamRecord(change.Event(true, false), StreamViewType::kKeysOnly, 1).event_name,
            EventName::kRemove);
}

TEST(StreamRecordTest, ImagesAndSizePerViewType) {
  const Change change;
  const table::ChangeEvent modify = change.Event(true, true);
  // The developer guide's examples: Keys 5 bytes, old image 21, new image 33.
  const StreamRecord keys_only = MakeStreamRecord(modify, StreamViewType::kKeysOnly, 7);
  EXPECT_FALSE(keys_only.new_image.has_value());
  EXPECT_FALSE(keys_only.old_image.has_value());
  EXPECT_EQ(keys_only.size_bytes, 5);
  const StreamRecord new_image = MakeStreamRecord(modify, StreamViewType::kNewImage, 7);
  EXPECT_EQ(new_image.new_image, change.new_item);
  EXPECT_FALSE(new_image.old_image.has_value());
  EXPECT_EQ(new_image.size_bytes, 38);
  const StreamRecord old_image = MakeStreamRecord(modify, StreamViewType::kOldImage, 7);
  EXPECT_EQ(old_image.old_image, change.old_item);
  EXPECT_FALSE(old_image.new_image.has_value());
  EXPECT_EQ(old_image.size_bytes, 26);
  const StreamRecord both = MakeStreamRecord(modify, StreamViewType::kNewAndOldImages, 7);
  EXPECT_EQ(both.size_bytes, 59);
  EXPECT_EQ(both.sequence, 7u);
  EXPECT_EQ(both.keys, change.keys);
  EXPECT_EQ(both.creation_micros, 1'700'000'000'123'456);
  EXPECT_EQ(both.event_id.size(), 32u);
  EXPECT_NE(both.event_id, old_image.event_id);
}

TEST(StreamRecordTest, ImagesTheChangeLacksAreAbsent) {
  const Change change;
  const StreamRecord insert =
      MakeStreamRecord(change.Event(false, true), StreamViewType::kNewAndOldImages, 1);
  EXPECT_TRUE(insert.new_image.has_value());
  EXPECT_FALSE(insert.old_image.has_value());
  const StreamRecord remove =
      MakeStreamRecord(change.Event(true, false), StreamViewType::kNewAndOldImages, 1);
  EXPECT_FALSE(remove.new_image.has_value());
  EXPECT_TRUE(remove.old_image.has_value());
}

TEST(StreamRecordTest, TimeToLiveDeletionsAreMarked) {
  const Change change;
  table::ChangeEvent event = change.Event(true, false);
  EXPECT_FALSE(MakeStreamRecord(event, StreamViewType::kKeysOnly, 1).by_time_to_live);
  event.cause = table::ChangeCause::kTtl;
  EXPECT_TRUE(MakeStreamRecord(event, StreamViewType::kKeysOnly, 1).by_time_to_live);
}

}  // namespace
}  // namespace dynafake::streams
