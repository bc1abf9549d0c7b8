#include "backup/backups.h"

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "backup/backup_codec.h"
#include "storage/kv_store.h"

namespace dynafake::backup {
namespace {

using model::AttributeValue;
using model::Item;

constexpr int64_t kStart = 1'700'000'000'000'000;
constexpr int64_t kDay = int64_t{24} * 3600 * 1'000'000;

Item Key(const std::string& pk) {
  return {{"pk", AttributeValue::String(pk)}};
}

table::WriteFn Put(Item item) {
  return [item](const std::optional<Item>&) -> Result<std::optional<Item>> {
    return std::optional<Item>(item);
  };
}

table::TableDescription Described(const std::string& name) {
  table::TableDescription description;
  description.region = "eu-west-1";
  description.table_name = name;
  description.key_schema.hash = {"pk", model::AttributeType::kS};
  return description;
}

class BackupsTest : public ::testing::Test {
 protected:
  BackupsTest()
      : store_(storage::NewMemoryStore()),
        clock_(kStart),
        catalog_(store_.get(), &clock_, "123456789012", 0),
        backups_(store_.get(), &catalog_, &clock_, 0) {
    source_ = catalog_.CreateTable(Described("music")).value();
    for (int i = 0; i < 10; ++i) {
      EXPECT_TRUE(source_->Write(Key("k" + std::to_string(i)), Put(Key("k" + std::to_string(i))))
                      .has_value());
    }
  }

  std::unique_ptr<storage::KvStore> store_;
  SettableClock clock_;
  table::Catalog catalog_;
  Backups backups_;
  std::shared_ptr<table::Table> source_;
};

TEST_F(BackupsTest, BackupIsASnapshotThatOutlivesItsTable) {
  const std::shared_ptr<const storage::Snapshot> snapshot = store_->GetSnapshot();
  // A write after the snapshot is not in the backup.
  ASSERT_TRUE(source_->Write(Key("late"), Put(Key("late"))).has_value());
  Result<Backup> backup =
      backups_.Create(source_->Describe(), snapshot.get(), "nightly", BackupType::kUser, 0);
  ASSERT_TRUE(backup.has_value()) << backup.error().message();
  EXPECT_EQ(backup->item_count, 10);
  EXPECT_TRUE(backup->backup_arn.starts_with(
      "arn:aws:dynamodb:eu-west-1:123456789012:table/music/backup/01700000000000-"));
  EXPECT_EQ(backup->backup_arn.size(), backup->source.table_arn.size() + 8 + 14 + 1 + 8);
  ASSERT_TRUE(catalog_.DeleteTable("eu-west-1", "music").has_value());

  std::shared_ptr<table::Table> target = catalog_.CreateTable(Described("restored")).value();
  ASSERT_TRUE(backups_.FillTable(*backup, *target).ok());
  EXPECT_EQ(target->Describe().item_count, 10);
  EXPECT_FALSE(target->GetItem(Key("late")).value().has_value());
  EXPECT_TRUE(target->GetItem(Key("k3")).value().has_value());
}

TEST_F(BackupsTest, ReloadsListsAndDeletes) {
  Result<Backup> first = backups_.Create(source_->Describe(), nullptr, "a", BackupType::kUser, 0);
  clock_.Advance(1000);
  Result<Backup> second =
      backups_.Create(source_->Describe(), nullptr, "b", BackupType::kSystem, kStart + 35 * kDay);
  ASSERT_TRUE(first.has_value() && second.has_value());

  Backups reopened(store_.get(), &catalog_, &clock_, 0);
  ASSERT_TRUE(reopened.Load().ok());
  std::vector<Backup> listed = reopened.List("eu-west-1");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].backup_name, "a");
  EXPECT_EQ(listed[0].backup_status, BackupStatus::kAvailable);
  EXPECT_EQ(listed[1].backup_type, BackupType::kSystem);
  EXPECT_TRUE(reopened.List("us-east-1").empty());

  ASSERT_TRUE(reopened.BeginRestore(first->backup_arn).has_value());
  EXPECT_EQ(reopened.BeginRestore(first->backup_arn).error().code(), ErrorCode::kBackupInUse);
  EXPECT_EQ(reopened.Delete(first->backup_arn).error().code(), ErrorCode::kBackupInUse);
  reopened.EndRestore(first->backup_arn);
  Result<Backup> deleted = reopened.Delete(first->backup_arn);
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->backup_status, BackupStatus::kDeleted);
  EXPECT_EQ(reopened.Find(first->backup_arn).error().code(), ErrorCode::kBackupNotFound);

  // The SYSTEM backup expires by the clock.
  clock_.Set(kStart + 35 * kDay);
  reopened.RunDue();
  EXPECT_TRUE(reopened.List("eu-west-1").empty());
}

TEST_F(BackupsTest, LoadDropsTheItemsOfKeyspacesNoTableOrBackupOwns) {
  Result<Backup> kept = backups_.Create(source_->Describe(), nullptr, "kept", BackupType::kUser, 0);
  ASSERT_TRUE(kept.has_value());
  // What a backup the process stopped while copying leaves: items under an id nothing names.
  const uint32_t orphan = catalog_.AllocateKeyspaceId().value();
  storage::WriteBatch batch;
  batch.Put(table::TablePrefix(orphan) + "item", "bytes");
  ASSERT_TRUE(store_->Write(storage::WriteOptions{}, batch).ok());

  Backups reopened(store_.get(), &catalog_, &clock_, 0);
  ASSERT_TRUE(reopened.Load().ok());
  std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
  it->Seek(table::TablePrefix(orphan));
  EXPECT_FALSE(it->Valid() && it->key().starts_with(table::TablePrefix(orphan)));
  EXPECT_EQ(source_->Describe().item_count, 10);
  EXPECT_TRUE(source_->GetItem(Key("k1")).value().has_value());
  std::shared_ptr<table::Table> target = catalog_.CreateTable(Described("restored")).value();
  ASSERT_TRUE(reopened.FillTable(*kept, *target).ok());
  EXPECT_EQ(target->Describe().item_count, 10);
}

TEST_F(BackupsTest, CorruptRecordsAreErrors) {
  Result<Backup> backup = backups_.Create(source_->Describe(), nullptr, "a", BackupType::kUser, 0);
  ASSERT_TRUE(backup.has_value());
  const std::string bytes = EncodeBackup(*backup);
  Result<Backup> decoded = DecodeBackup(bytes);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->backup_arn, backup->backup_arn);
  EXPECT_EQ(decoded->source.table_name, "music");
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(DecodeBackup(std::string_view(bytes).substr(0, cut)).has_value()) << cut;
  }
  std::string newer = bytes;
  newer[0] = 2;
  EXPECT_FALSE(DecodeBackup(newer).has_value());
}

}  // namespace
}  // namespace dynafake::backup
