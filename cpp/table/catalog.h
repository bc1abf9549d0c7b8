// Catalog: the tables of every region of one engine, by name, with their metadata persisted in the
// store's system keyspace (table id 0) so a LevelDB engine reopens with the same tables.
//
// Safe for concurrent use without external synchronization.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynafake/clock.h"

#include "storage/kv_store.h"
#include "table/table.h"

namespace dynafake::table {

// The parts of a table ARN "arn:aws:dynamodb:<region>:<account>:table/<name>".
struct TableArnParts {
  std::string_view region;
  std::string_view account;
  std::string_view name;
};

// Views into `arn`; nullopt when it is not a table ARN.
std::optional<TableArnParts> ParseTableArn(std::string_view arn);

class Catalog {
 public:
  Catalog(storage::KvStore* store, const Clock* clock, std::string account_id,
          double transition_seconds, TableOptions table_options = {});

  // Reads the persisted tables (a new store has none).
  Status Load();

  // Registers a new table: assigns table_id, table_uuid, table_arn and creation time, sets the
  // CREATING status (settled at once when transition_seconds is 0, so only the CreateTable response
  // says CREATING). Fails with ResourceInUseException "Table already exists: <name>".
  Result<std::shared_ptr<Table>> CreateTable(TableDescription description);

  // A table id for a keyspace that is no table's (a backup's items): never handed out again.
  Result<uint32_t> AllocateKeyspaceId();

  // Any status; null if absent. `name` may also be the table's ARN.
  std::shared_ptr<Table> FindTable(std::string_view region, std::string_view name) const;

  // For data operations: the table if it exists and is not CREATING, else ResourceNotFoundException
  // "Requested resource not found".
  Result<std::shared_ptr<Table>> GetUsableTable(std::string_view region,
                                                std::string_view name) const;

  // For control operations: the table, else ResourceNotFoundException
  // "Requested resource not found: Table: <name> not found".
  Result<std::shared_ptr<Table>> GetTableForControl(std::string_view region,
                                                    std::string_view name) const;

  // Marks the table DELETING and removes it from the namespace once the transition ends (at once
  // when transition_seconds is 0), dropping its items. Returns the description in DELETING state.
  Result<TableDescription> DeleteTable(std::string_view region, std::string_view name);

  // Saves `table`'s current description (after UpdateTable and other metadata changes).
  Status Persist(const Table& table);

  // Table names of a region in ascending order.
  std::vector<std::string> ListTableNames(std::string_view region) const;

  // Every table of every region in any status, by region then name (for work that visits all
  // tables: status transitions, the Time to Live sweeper, streams reopened at start-up).
  std::vector<std::shared_ptr<Table>> Tables() const;

  // Completes the CREATING/UPDATING/DELETING transitions that are due by the clock.
  void RunDue();

  // Sinks every current and future table announces its changes to.
  void AddChangeSink(std::shared_ptr<ChangeSink> sink);

  const std::string& account_id() const { return account_id_; }

  const Clock* clock() const { return clock_; }

  double transition_seconds() const { return transition_seconds_; }

  // transition_seconds in microseconds of the engine clock.
  int64_t transition_micros() const { return transition_micros_; }

 private:
  storage::KvStore* const store_;
  const Clock* const clock_;
  const std::string account_id_;
  const double transition_seconds_;
  const int64_t transition_micros_;
  const TableOptions table_options_;
  mutable std::mutex mutex_;
  // region -> table name -> table.
  std::map<std::string, std::map<std::string, std::shared_ptr<Table>, std::less<>>, std::less<>>
      tables_;
  uint32_t next_table_id_ = 1;
  std::vector<std::shared_ptr<ChangeSink>> sinks_;
};

}  // namespace dynafake::table
