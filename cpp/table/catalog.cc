#include "table/catalog.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "table/keyspace.h"
#include "table/schema_codec.h"
#include "util/coding.h"
#include "util/result.h"
#include "util/uuid.h"

namespace dynafake::table {
namespace {

using TablesByName = std::map<std::string, std::shared_ptr<Table>, std::less<>>;
using TablesByRegion = std::map<std::string, TablesByName, std::less<>>;

std::string TableRecordKey(uint32_t table_id) {
  std::string key = SystemKey(kTableRecordKind);
  util::PutFixed32BigEndian(&key, table_id);
  return key;
}

std::string EncodeTableId(uint32_t table_id) {
  std::string bytes;
  util::PutFixed32BigEndian(&bytes, table_id);
  return bytes;
}

// The name a TableName argument designates, for messages: the name part of a well-formed ARN.
std::string_view DisplayName(std::string_view name_or_arn) {
  std::optional<TableArnParts> parts = ParseTableArn(name_or_arn);
  return parts ? parts->name : name_or_arn;
}

Status StillInUse(std::string_view what) {
  return Status(ErrorCode::kResourceInUse,
                "Attempt to change a resource which is still in use: " + std::string(what));
}

bool HasIndexInTransition(const TableDescription& description) {
  return std::any_of(
      description.global_secondary_indexes.begin(), description.global_secondary_indexes.end(),
      [](const SecondaryIndex& index) { return index.index_status != IndexStatus::kActive; });
}

// Marks `d` DELETING, or says why it cannot be deleted now. Deleting a DELETING table again is
// not an error.
Status BeginDeletion(TableDescription& d, int64_t now_micros, int64_t until_micros) {
  switch (d.table_status) {
    case TableStatus::kCreating:
      return StillInUse("Table is being created: " + d.table_name);
    case TableStatus::kUpdating:
      return StillInUse("Table is being updated: " + d.table_name);
    case TableStatus::kDeleting:
      return Status::Ok();
    case TableStatus::kActive:
      break;
  }
  // DynamoDB: a tag change that has not settled holds the table
  // (conformance/test_tags.py::test_tag_changes_settle_on_a_slow_engine).
  if (d.tags_settle_micros > now_micros) {
    return StillInUse("Table tags are being updated: " + d.table_name);
  }
  if (HasIndexInTransition(d)) {
    return StillInUse("Cannot delete table while indexes are being created, updated, or deleted.");
  }
  if (d.deletion_protection_enabled) {
    // DynamoDB: a protected table is a ValidationException, not ResourceInUse
    // (table/catalog_test.cc, CatalogTest.ProtectedTableIsNotDeleted).
    return ValidationError(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  }
  d.table_status = TableStatus::kDeleting;
  d.status_until_micros = until_micros;
  return Status::Ok();
}

// What the lookup helpers need of a catalog: they run inside const and non-const members alike.
struct CatalogState {
  storage::KvStore* store;
  std::mutex* mutex;
  const TablesByRegion* tables;
  const std::string* account_id;
  // How long an index UpdateTable adds backfills once the table's transition ends.
  int64_t backfill_micros;
};

// Writes `table`'s description unless the table has left the namespace (it must not come back).
Status PersistIfRegistered(const CatalogState& state, const Table& table) {
  std::lock_guard lock(*state.mutex);
  TableDescription description = table.Describe();
  auto region_it = state.tables->find(description.region);
  if (region_it == state.tables->end()) {
    return Status::Ok();
  }
  auto it = region_it->second.find(description.table_name);
  if (it == region_it->second.end() || it->second.get() != &table) {
    return Status::Ok();
  }
  storage::WriteBatch batch;
  batch.Put(TableRecordKey(description.table_id), EncodeTableDescription(description));
  return state.store->Write(storage::WriteOptions{}, batch);
}

struct LookupResult {
  std::shared_ptr<Table> table;  // null: no such table (or its deletion is complete)
  TableStatus status = TableStatus::kActive;
  // The outcome of the index maintenance the transitions caused (none: completing a transition
  // never changes which indexes writes maintain, but the table decides).
  Status maintenance;
};

// Finds a table by name or ARN and applies the transitions due at `now`, so a status never lags
// the clock even between RunDue calls.
LookupResult Lookup(const CatalogState& state, std::string_view region, std::string_view name,
                    int64_t now) {
  if (name.starts_with("arn:")) {
    std::optional<TableArnParts> parts = ParseTableArn(name);
    // A malformed ARN, or one of another region or account, names no table of this catalog.
    if (!parts || parts->region != region || parts->account != *state.account_id) {
      return {};
    }
    name = parts->name;
  }
  LookupResult result;
  {
    std::lock_guard lock(*state.mutex);
    auto region_it = state.tables->find(region);
    if (region_it == state.tables->end()) {
      return {};
    }
    auto it = region_it->second.find(name);
    if (it == region_it->second.end()) {
      return {};
    }
    result.table = it->second;
  }
  bool settled = false;
  bool gone = false;
  result.maintenance = result.table->UpdateDescription([&](TableDescription& d) {
    settled = CompleteTransitions(d, now, state.backfill_micros);
    gone = d.table_status == TableStatus::kDeleting && d.status_until_micros <= now;
    result.status = d.table_status;
  });
  if (gone) {
    return {};
  }
  if (settled) {
    // Best effort: Load() completes the same transitions from the clock if this write is lost.
    (void)PersistIfRegistered(state, *result.table);
  }
  return result;
}

}  // namespace

std::optional<TableArnParts> ParseTableArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:dynamodb:";
  if (!arn.starts_with(kPrefix)) {
    return std::nullopt;
  }
  std::string_view rest = arn.substr(kPrefix.size());
  const size_t region_end = rest.find(':');
  if (region_end == std::string_view::npos) {
    return std::nullopt;
  }
  TableArnParts parts;
  parts.region = rest.substr(0, region_end);
  rest.remove_prefix(region_end + 1);
  const size_t account_end = rest.find(':');
  if (account_end == std::string_view::npos) {
    return std::nullopt;
  }
  parts.account = rest.substr(0, account_end);
  rest.remove_prefix(account_end + 1);
  constexpr std::string_view kResource = "table/";
  if (!rest.starts_with(kResource)) {
    return std::nullopt;
  }
  parts.name = rest.substr(kResource.size());
  if (parts.region.empty() || parts.account.empty() || parts.name.empty() ||
      parts.name.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return parts;
}

Catalog::Catalog(storage::KvStore* store, const Clock* clock, std::string account_id,
                 double transition_seconds, TableOptions table_options)
    : store_(store),
      clock_(clock),
      account_id_(std::move(account_id)),
      transition_seconds_(transition_seconds),
      transition_micros_(std::llround(transition_seconds * 1e6)),
      table_options_(table_options) {}

Status Catalog::Load() {
  std::vector<std::shared_ptr<Table>> loaded;
  {
    std::lock_guard lock(mutex_);
    tables_.clear();
    next_table_id_ = 1;
    const std::string prefix = SystemKey(kTableRecordKind);
    std::unique_ptr<storage::Iterator> it = store_->NewIterator(storage::ReadOptions{});
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      DF_ASSIGN_OR_RETURN(TableDescription description, DecodeTableDescription(it->value()));
      next_table_id_ = std::max(next_table_id_, description.table_id + 1);
      if (description.restore_summary && description.restore_summary->in_progress) {
        // A restore the process stopped in the middle of: its table never became usable, so it
        // goes (RunDue below drops what it had stored), as a failed restore does.
        description.table_status = TableStatus::kDeleting;
        description.status_until_micros = 0;
      }
      auto table = std::make_shared<Table>(store_, clock_, description, table_options_);
      for (const auto& sink : sinks_) {
        table->AddChangeSink(sink);
      }
      tables_[description.region][description.table_name] = table;
      loaded.push_back(std::move(table));
    }
    DF_RETURN_IF_ERROR(it->status());
    DF_ASSIGN_OR_RETURN(std::optional<std::string> next,
                        store_->Get(storage::ReadOptions{}, SystemKey(kNextTableIdRecordKind)));
    std::string_view next_bytes = next ? std::string_view(*next) : std::string_view();
    uint32_t stored_next = 0;
    if (next && util::GetFixed32BigEndian(&next_bytes, &stored_next)) {
      next_table_id_ = std::max(next_table_id_, stored_next);
    }
  }
  // The stored counts are as of the last metadata write; the items themselves are the truth.
  for (const auto& table : loaded) {
    DF_RETURN_IF_ERROR(table->RecountItems());
  }
  RunDue();
  return Status::Ok();
}

Result<std::shared_ptr<Table>> Catalog::CreateTable(TableDescription description) {
  RunDue();  // frees the names of tables whose deletion is complete
  const int64_t now = clock_->NowMicros();
  std::lock_guard lock(mutex_);
  TablesByName& by_name = tables_[description.region];
  if (by_name.find(description.table_name) != by_name.end()) {
    return Status(ErrorCode::kResourceInUse, "Table already exists: " + description.table_name);
  }
  description.table_id = next_table_id_;
  description.table_uuid = util::NewUuid();
  description.table_arn = "arn:aws:dynamodb:" + description.region + ":" + account_id_ + ":table/" +
                          description.table_name;
  description.creation_micros = now;
  for (auto* indexes :
       {&description.local_secondary_indexes, &description.global_secondary_indexes}) {
    for (SecondaryIndex& index : *indexes) {
      index.index_id = description.next_index_id++;
      index.index_status = index.global ? IndexStatus::kCreating : IndexStatus::kActive;
    }
  }
  description.table_status = TableStatus::kCreating;
  description.status_until_micros = now + transition_micros_;
  // DynamoDB: CreateTable answers CREATING; with no transition time the table is usable at once.
  CompleteTransitions(description, now);

  storage::WriteBatch batch;
  batch.Put(TableRecordKey(description.table_id), EncodeTableDescription(description));
  batch.Put(SystemKey(kNextTableIdRecordKind), EncodeTableId(next_table_id_ + 1));
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  ++next_table_id_;

  auto table = std::make_shared<Table>(store_, clock_, std::move(description), table_options_);
  for (const auto& sink : sinks_) {
    table->AddChangeSink(sink);
  }
  by_name.emplace(table->Describe().table_name, table);
  return table;
}

Result<uint32_t> Catalog::AllocateKeyspaceId() {
  std::lock_guard lock(mutex_);
  storage::WriteBatch batch;
  batch.Put(SystemKey(kNextTableIdRecordKind), EncodeTableId(next_table_id_ + 1));
  DF_RETURN_IF_ERROR(store_->Write(storage::WriteOptions{}, batch));
  return next_table_id_++;
}

std::shared_ptr<Table> Catalog::FindTable(std::string_view region, std::string_view name) const {
  return Lookup({store_, &mutex_, &tables_, &account_id_, transition_micros_}, region, name,
                clock_->NowMicros())
      .table;
}

Result<std::shared_ptr<Table>> Catalog::GetUsableTable(std::string_view region,
                                                       std::string_view name) const {
  LookupResult found = Lookup({store_, &mutex_, &tables_, &account_id_, transition_micros_}, region,
                              name, clock_->NowMicros());
  // DynamoDB: data operations see a CREATING table as missing.
  if (found.table == nullptr || found.status == TableStatus::kCreating) {
    return ResourceNotFound();
  }
  DF_RETURN_IF_ERROR(found.maintenance);
  return std::move(found.table);
}

Result<std::shared_ptr<Table>> Catalog::GetTableForControl(std::string_view region,
                                                           std::string_view name) const {
  LookupResult found = Lookup({store_, &mutex_, &tables_, &account_id_, transition_micros_}, region,
                              name, clock_->NowMicros());
  if (found.table == nullptr) {
    return ResourceNotFound(
        "Requested resource not found: Table: " + std::string(DisplayName(name)) + " not found");
  }
  DF_RETURN_IF_ERROR(found.maintenance);
  return std::move(found.table);
}

Result<TableDescription> Catalog::DeleteTable(std::string_view region, std::string_view name) {
  DF_ASSIGN_OR_RETURN(std::shared_ptr<Table> table, GetTableForControl(region, name));
  const int64_t now = clock_->NowMicros();
  Status status;
  DF_RETURN_IF_ERROR(table->UpdateDescription(
      [&](TableDescription& d) { status = BeginDeletion(d, now, now + transition_micros_); }));
  DF_RETURN_IF_ERROR(status);
  TableDescription description = table->Describe();
  DF_RETURN_IF_ERROR(Persist(*table));
  RunDue();  // completes the deletion at once when there is no transition time
  return description;
}

Status Catalog::Persist(const Table& table) {
  return PersistIfRegistered({store_, &mutex_, &tables_, &account_id_, transition_micros_}, table);
}

std::vector<std::string> Catalog::ListTableNames(std::string_view region) const {
  std::vector<std::pair<std::string, std::shared_ptr<Table>>> candidates;
  {
    std::lock_guard lock(mutex_);
    auto region_it = tables_.find(region);
    if (region_it == tables_.end()) {
      return {};
    }
    for (const auto& [name, table] : region_it->second) {
      candidates.emplace_back(name, table);
    }
  }
  const int64_t now = clock_->NowMicros();
  std::vector<std::string> names;
  for (const auto& [name, table] : candidates) {
    bool gone = false;
    // Reads only: nothing changes, so there is no index maintenance to fail.
    (void)table->UpdateDescription([&](TableDescription& d) {
      gone = d.table_status == TableStatus::kDeleting && d.status_until_micros <= now;
    });
    if (!gone) {
      names.push_back(name);
    }
  }
  return names;
}

std::vector<std::shared_ptr<Table>> Catalog::Tables() const {
  std::vector<std::shared_ptr<Table>> tables;
  std::lock_guard lock(mutex_);
  for (const auto& [region, by_name] : tables_) {
    for (const auto& [name, table] : by_name) {
      tables.push_back(table);
    }
  }
  return tables;
}

void Catalog::RunDue() {
  const int64_t now = clock_->NowMicros();
  const std::vector<std::shared_ptr<Table>> tables = Tables();
  std::vector<std::shared_ptr<Table>> deleted;
  for (const auto& table : tables) {
    bool settled = false;
    bool gone = false;
    // There is nowhere to report a failed index maintenance here; the other tables' due
    // transitions still run.
    (void)table->UpdateDescription([&](TableDescription& d) {
      settled = CompleteTransitions(d, now, transition_micros_);
      gone = d.table_status == TableStatus::kDeleting && d.status_until_micros <= now;
    });
    if (gone) {
      deleted.push_back(table);
    } else if (settled) {
      // Best effort: Load() completes the same transitions from the clock if this write is lost.
      (void)Persist(*table);
    }
  }
  for (const auto& table : deleted) {
    const TableDescription description = table->Describe();
    {
      std::lock_guard lock(mutex_);
      auto region_it = tables_.find(description.region);
      if (region_it == tables_.end()) {
        continue;
      }
      auto it = region_it->second.find(description.table_name);
      // Another RunDue may have finished this deletion already.
      if (it == region_it->second.end() || it->second != table) {
        continue;
      }
      region_it->second.erase(it);
    }
    // The record goes last: if the items are only partly dropped when the process stops, the
    // DELETING record makes Load() finish the job.
    if (table->DropAllItems().ok()) {
      storage::WriteBatch batch;
      batch.Delete(TableRecordKey(description.table_id));
      (void)store_->Write(storage::WriteOptions{}, batch);
    }
  }
}

void Catalog::AddChangeSink(std::shared_ptr<ChangeSink> sink) {
  std::lock_guard lock(mutex_);
  for (const auto& [region, by_name] : tables_) {
    for (const auto& [name, table] : by_name) {
      table->AddChangeSink(sink);
    }
  }
  sinks_.push_back(std::move(sink));
}

}  // namespace dynafake::table
