#include "table/catalog.h"

#include <gtest/gtest.h>

#include "table/keyspace.h"

namespace dynafake::table {
namespace {

constexpr int64_t kStart = 1'700'000'000'000'000;
constexpr char kAccount[] = "123456789012";

TableDescription SimpleTable(const std::string& region, const std::string& name) {
  TableDescription d;
  d.region = region;
  d.table_name = name;
  d.attribute_definitions = {{"pk", model::AttributeType::kS}};
  d.key_schema.hash = {"pk", model::AttributeType::kS};
  d.billing_mode = BillingMode::kPayPerRequest;
  return d;
}

TableDescription TableWithIndex(const std::string& name) {
  TableDescription d = SimpleTable("us-east-1", name);
  d.attribute_definitions.push_back({"g", model::AttributeType::kN});
  SecondaryIndex index;
  index.index_name = "by_g";
  index.global = true;
  index.key_schema.hash = {"g", model::AttributeType::kN};
  d.global_secondary_indexes.push_back(index);
  return d;
}

bool HasStoredItems(storage::KvStore& store, uint32_t table_id) {
  const std::string prefix = IndexPrefix(table_id, kBaseIndexId);
  std::unique_ptr<storage::Iterator> it = store.NewIterator(storage::ReadOptions{});
  it->Seek(prefix);
  return it->Valid() && it->key().starts_with(prefix);
}

class CatalogTest : public ::testing::Test {
 protected:
  std::unique_ptr<storage::KvStore> store_ = storage::NewMemoryStore();
  SettableClock clock_{kStart};
  Catalog catalog_{store_.get(), &clock_, kAccount, 0};
};

TEST_F(CatalogTest, CreateAssignsIdentityAndSettlesAtOnce) {
  Result<std::shared_ptr<Table>> created = catalog_.CreateTable(TableWithIndex("orders"));
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  TableDescription d = created.value()->Describe();
  EXPECT_EQ(d.table_id, 1u);
  EXPECT_EQ(d.table_arn, "arn:aws:dynamodb:us-east-1:123456789012:table/orders");
  EXPECT_EQ(d.table_uuid.size(), 36u);
  EXPECT_EQ(d.creation_micros, kStart);
  EXPECT_EQ(d.table_status, TableStatus::kActive);
  EXPECT_EQ(d.status_until_micros, 0);
  ASSERT_EQ(d.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.global_secondary_indexes[0].index_status, IndexStatus::kActive);
  EXPECT_EQ(d.global_secondary_indexes[0].index_id, 1u);
  EXPECT_EQ(d.next_index_id, 2u);
}

TEST_F(CatalogTest, DuplicateNameIsResourceInUse) {
  ASSERT_TRUE(catalog_.CreateTable(SimpleTable("us-east-1", "t")).has_value());
  Result<std::shared_ptr<Table>> again = catalog_.CreateTable(SimpleTable("us-east-1", "t"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kResourceInUse);
  EXPECT_EQ(again.error().message(), "Table already exists: t");
  // Regions are separate namespaces.
  EXPECT_TRUE(catalog_.CreateTable(SimpleTable("eu-west-1", "t")).has_value());
}

TEST_F(CatalogTest, FindsByNameAndByArn) {
  ASSERT_TRUE(catalog_.CreateTable(SimpleTable("us-east-1", "t")).has_value());
  EXPECT_NE(catalog_.FindTable("us-east-1", "t"), nullptr);
  EXPECT_NE(catalog_.FindTable("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/t"),
            nullptr);
  EXPECT_EQ(catalog_.FindTable("eu-west-1", "t"), nullptr);
  EXPECT_EQ(catalog_.FindTable("us-east-1", "arn:aws:dynamodb:eu-west-1:123456789012:table/t"),
            nullptr);
  EXPECT_EQ(catalog_.FindTable("us-east-1", "arn:aws:dynamodb:us-east-1:999999999999:table/t"),
            nullptr);
  EXPECT_EQ(catalog_.FindTable("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:t"), nullptr);
  EXPECT_EQ(catalog_.FindTable("us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/t/x"),
            nullptr);
}

TEST_F(CatalogTest, ControlLookupOfMissingTableNamesIt) {
  Result<std::shared_ptr<Table>> missing = catalog_.GetTableForControl("us-east-1", "nope");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(missing.error().message(), "Requested resource not found: Table: nope not found");
  Result<std::shared_ptr<Table>> by_arn = catalog_.GetTableForControl(
      "us-east-1", "arn:aws:dynamodb:us-east-1:123456789012:table/gone");
  ASSERT_FALSE(by_arn.has_value());
  EXPECT_EQ(by_arn.error().message(), "Requested resource not found: Table: gone not found");
  Result<std::shared_ptr<Table>> usable = catalog_.GetUsableTable("us-east-1", "nope");
  ASSERT_FALSE(usable.has_value());
  EXPECT_EQ(usable.error().message(), "Requested resource not found");
}

TEST_F(CatalogTest, ListsNamesOfOneRegionInOrder) {
  for (const char* name : {"b", "a", "C", "a.b"}) {
    ASSERT_TRUE(catalog_.CreateTable(SimpleTable("us-east-1", name)).has_value());
  }
  ASSERT_TRUE(catalog_.CreateTable(SimpleTable("eu-west-1", "z")).has_value());
  EXPECT_EQ(catalog_.ListTableNames("us-east-1"), (std::vector<std::string>{"C", "a", "a.b", "b"}));
  EXPECT_EQ(catalog_.ListTableNames("eu-west-1"), (std::vector<std::string>{"z"}));
  EXPECT_TRUE(catalog_.ListTableNames("ap-south-1").empty());
}

TEST_F(CatalogTest, DeleteDropsItemsAndFreesTheName) {
  std::shared_ptr<Table> table = catalog_.CreateTable(SimpleTable("us-east-1", "t")).value();
  model::Item item{{"pk", model::AttributeValue::String("k")}};
  ASSERT_TRUE(table
                  ->Write(item,
                          [&](const std::optional<model::Item>&) {
                            return Result<std::optional<model::Item>>(item);
                          })
                  .has_value());
  ASSERT_TRUE(HasStoredItems(*store_, 1));

  Result<TableDescription> deleted = catalog_.DeleteTable("us-east-1", "t");
  ASSERT_TRUE(deleted.has_value()) << deleted.error().ToString();
  EXPECT_EQ(deleted->table_status, TableStatus::kDeleting);
  EXPECT_EQ(deleted->item_count, 1);
  EXPECT_FALSE(HasStoredItems(*store_, 1));
  EXPECT_EQ(catalog_.FindTable("us-east-1", "t"), nullptr);
  EXPECT_TRUE(catalog_.ListTableNames("us-east-1").empty());

  Result<TableDescription> again = catalog_.DeleteTable("us-east-1", "t");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message(), "Requested resource not found: Table: t not found");

  Result<std::shared_ptr<Table>> recreated = catalog_.CreateTable(SimpleTable("us-east-1", "t"));
  ASSERT_TRUE(recreated.has_value());
  EXPECT_EQ(recreated.value()->table_id(), 2u);  // table ids are never reused
}

TEST_F(CatalogTest, ProtectedTableIsNotDeleted) {
  TableDescription d = SimpleTable("us-east-1", "t");
  d.deletion_protection_enabled = true;
  ASSERT_TRUE(catalog_.CreateTable(d).has_value());
  Result<TableDescription> deleted = catalog_.DeleteTable("us-east-1", "t");
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code(), ErrorCode::kValidation);
  EXPECT_EQ(deleted.error().message(),
            "Resource cannot be deleted as it is currently protected against deletion. Disable "
            "deletion protection first.");
  EXPECT_NE(catalog_.FindTable("us-east-1", "t"), nullptr);
}

TEST_F(CatalogTest, LoadRestoresTablesAndTheNextId) {
  std::shared_ptr<Table> kept = catalog_.CreateTable(TableWithIndex("kept")).value();
  ASSERT_TRUE(catalog_.CreateTable(SimpleTable("us-east-1", "dropped")).has_value());
  ASSERT_TRUE(
      kept->UpdateDescription([](TableDescription& d) { d.deletion_protection_enabled = true; })
          .ok());
  ASSERT_TRUE(catalog_.Persist(*kept).ok());
  ASSERT_TRUE(catalog_.DeleteTable("us-east-1", "dropped").has_value());
  model::Item item{{"pk", model::AttributeValue::String("k")}};
  ASSERT_TRUE(
      kept->Write(item, [&](const auto&) { return Result<std::optional<model::Item>>(item); })
          .has_value());

  Catalog reopened(store_.get(), &clock_, kAccount, 0);
  ASSERT_TRUE(reopened.Load().ok());
  EXPECT_EQ(reopened.ListTableNames("us-east-1"), (std::vector<std::string>{"kept"}));
  std::shared_ptr<Table> restored = reopened.FindTable("us-east-1", "kept");
  ASSERT_NE(restored, nullptr);
  TableDescription before = kept->Describe();
  TableDescription after = restored->Describe();
  EXPECT_EQ(after.table_id, before.table_id);
  EXPECT_EQ(after.table_uuid, before.table_uuid);
  EXPECT_EQ(after.table_arn, before.table_arn);
  EXPECT_TRUE(after.deletion_protection_enabled);
  ASSERT_EQ(after.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(after.global_secondary_indexes[0].index_name, "by_g");
  EXPECT_EQ(after.item_count, 1);  // recounted from the stored items

  // The deleted table's id (2, the highest) is not handed out again.
  Result<std::shared_ptr<Table>> next = reopened.CreateTable(SimpleTable("us-east-1", "new"));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next.value()->table_id(), 3u);
}

TEST_F(CatalogTest, TablesCreatedOrLoadedGetTheTableOptions) {
  TableOptions options;
  options.item_collection_size_limit_bytes = 50;
  Catalog catalog(store_.get(), &clock_, kAccount, 0, options);
  TableDescription d = SimpleTable("us-east-1", "lsi");
  d.key_schema.range = model::KeyAttribute{"sk", model::AttributeType::kS};
  SecondaryIndex index;
  index.index_name = "by_l";
  index.key_schema.hash = d.key_schema.hash;
  index.key_schema.range = model::KeyAttribute{"l", model::AttributeType::kS};
  d.local_secondary_indexes.push_back(index);
  ASSERT_TRUE(catalog.CreateTable(d).has_value());
  const model::Item key = {{"pk", model::AttributeValue::String("p")},
                           {"sk", model::AttributeValue::String("s")}};
  model::Item item = key;
  item.emplace("a", model::AttributeValue::String(std::string(60, 'a')));
  auto write = [&](Catalog& from) {
    return from.GetUsableTable("us-east-1", "lsi").value()->Write(key, [&](const auto&) {
      return Result<std::optional<model::Item>>(item);
    });
  };
  EXPECT_EQ(write(catalog).error().code(), ErrorCode::kItemCollectionSizeLimitExceeded);
  Catalog reopened(store_.get(), &clock_, kAccount, 0, options);
  ASSERT_TRUE(reopened.Load().ok());
  EXPECT_EQ(write(reopened).error().code(), ErrorCode::kItemCollectionSizeLimitExceeded);
}

TEST_F(CatalogTest, LoadOfAnEmptyStoreHasNoTables) {
  Catalog fresh(store_.get(), &clock_, kAccount, 0);
  ASSERT_TRUE(fresh.Load().ok());
  EXPECT_TRUE(fresh.ListTableNames("us-east-1").empty());
  EXPECT_EQ(fresh.CreateTable(SimpleTable("us-east-1", "t")).value()->table_id(), 1u);
}

class CatalogTransitionTest : public CatalogTest {
 protected:
  Catalog slow_{store_.get(), &clock_, kAccount, 5.0};
};

TEST_F(CatalogTransitionTest, CreatingLastsTheTransitionTime) {
  std::shared_ptr<Table> table = slow_.CreateTable(TableWithIndex("t")).value();
  TableDescription d = table->Describe();
  EXPECT_EQ(d.table_status, TableStatus::kCreating);
  EXPECT_EQ(d.status_until_micros, kStart + 5'000'000);
  EXPECT_EQ(d.global_secondary_indexes[0].index_status, IndexStatus::kCreating);

  Result<std::shared_ptr<Table>> usable = slow_.GetUsableTable("us-east-1", "t");
  ASSERT_FALSE(usable.has_value());
  EXPECT_EQ(usable.error().message(), "Requested resource not found");
  EXPECT_TRUE(slow_.GetTableForControl("us-east-1", "t").has_value());

  Result<TableDescription> early_delete = slow_.DeleteTable("us-east-1", "t");
  ASSERT_FALSE(early_delete.has_value());
  EXPECT_EQ(early_delete.error().code(), ErrorCode::kResourceInUse);
  EXPECT_EQ(early_delete.error().message(),
            "Attempt to change a resource which is still in use: Table is being created: t");

  clock_.Advance(4'999'999);
  EXPECT_FALSE(slow_.GetUsableTable("us-east-1", "t").has_value());
  clock_.Advance(1);
  EXPECT_TRUE(slow_.GetUsableTable("us-east-1", "t").has_value());
  d = table->Describe();
  EXPECT_EQ(d.table_status, TableStatus::kActive);
  EXPECT_EQ(d.global_secondary_indexes[0].index_status, IndexStatus::kActive);
}

TEST_F(CatalogTransitionTest, DeletingKeepsTheNameUntilTheTransitionEnds) {
  ASSERT_TRUE(slow_.CreateTable(SimpleTable("us-east-1", "t")).has_value());
  clock_.Advance(5'000'000);
  slow_.RunDue();

  Result<TableDescription> deleted = slow_.DeleteTable("us-east-1", "t");
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(deleted->table_status, TableStatus::kDeleting);
  // DynamoDB: deleting a DELETING table again is not an error; data operations still work.
  Result<TableDescription> twice = slow_.DeleteTable("us-east-1", "t");
  ASSERT_TRUE(twice.has_value());
  EXPECT_EQ(twice->table_status, TableStatus::kDeleting);
  EXPECT_TRUE(slow_.GetUsableTable("us-east-1", "t").has_value());
  EXPECT_EQ(slow_.ListTableNames("us-east-1"), (std::vector<std::string>{"t"}));
  Result<std::shared_ptr<Table>> clash = slow_.CreateTable(SimpleTable("us-east-1", "t"));
  ASSERT_FALSE(clash.has_value());
  EXPECT_EQ(clash.error().message(), "Table already exists: t");

  clock_.Advance(5'000'000);
  EXPECT_EQ(slow_.FindTable("us-east-1", "t"), nullptr);
  EXPECT_TRUE(slow_.ListTableNames("us-east-1").empty());
  EXPECT_TRUE(slow_.CreateTable(SimpleTable("us-east-1", "t")).has_value());
}

TEST_F(CatalogTransitionTest, LoadKeepsAPendingTransitionAndCompletesItByTheClock) {
  ASSERT_TRUE(slow_.CreateTable(SimpleTable("us-east-1", "t")).has_value());
  Catalog reopened(store_.get(), &clock_, kAccount, 5.0);
  ASSERT_TRUE(reopened.Load().ok());
  EXPECT_EQ(reopened.FindTable("us-east-1", "t")->Describe().table_status, TableStatus::kCreating);
  clock_.Advance(5'000'000);
  reopened.RunDue();
  EXPECT_EQ(reopened.FindTable("us-east-1", "t")->Describe().table_status, TableStatus::kActive);

  Catalog third(store_.get(), &clock_, kAccount, 5.0);
  ASSERT_TRUE(third.Load().ok());
  EXPECT_EQ(third.FindTable("us-east-1", "t")->Describe().table_status, TableStatus::kActive);
}

TEST(CompleteTransitionsTest, RemovesDeletedIndexesAndPrunesTheirAttributes) {
  TableDescription d = TableWithIndex("t");
  d.attribute_definitions.push_back({"h", model::AttributeType::kS});
  SecondaryIndex second = d.global_secondary_indexes[0];
  second.index_name = "by_h";
  second.key_schema.hash = {"h", model::AttributeType::kS};
  second.index_status = IndexStatus::kDeleting;
  d.global_secondary_indexes[0].index_status = IndexStatus::kCreating;
  d.global_secondary_indexes[0].backfilling = true;
  d.global_secondary_indexes.push_back(second);
  d.table_status = TableStatus::kUpdating;
  d.status_until_micros = 100;

  EXPECT_FALSE(CompleteTransitions(d, 99));
  EXPECT_TRUE(CompleteTransitions(d, 100));
  EXPECT_EQ(d.table_status, TableStatus::kActive);
  ASSERT_EQ(d.global_secondary_indexes.size(), 1u);
  EXPECT_EQ(d.global_secondary_indexes[0].index_status, IndexStatus::kActive);
  EXPECT_FALSE(d.global_secondary_indexes[0].backfilling);
  ASSERT_EQ(d.attribute_definitions.size(), 2u);
  EXPECT_EQ(d.attribute_definitions[1].attribute_name, "g");
  EXPECT_FALSE(CompleteTransitions(d, 200));
}

}  // namespace
}  // namespace dynafake::table
