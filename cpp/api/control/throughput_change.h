// The service's rules for changing capacity on an existing table or GSI: unchanged values are an
// error, decreases have a daily budget, and switches to on-demand are rate limited.
#pragma once

#include <cstdint>
#include <string>

#include "dynafake/status.h"

#include "api/control/table_definition.h"
#include "table/schema.h"

namespace dynafake::api {

// Applies `requested` to `current` at `now_micros`: "will not change" when equal; a decrease
// (either value lower) counts once against the budget of 4 per UTC day, after which one more is
// allowed each hour after the last (LimitExceededException naming the next allowed time); an
// increase records LastIncreaseDateTime. `subject` names the resource in messages: "table" or
// "index <name>".
Status ChangeThroughput(const Throughput& requested, int64_t now_micros, const std::string& subject,
                        table::ProvisionedThroughput& current);

// Records a switch to PAY_PER_REQUEST at `now_micros`, or refuses it when 4 happened in the last
// 24 hours.
Status RecordPayPerRequestSwitch(table::TableDescription& description, int64_t now_micros);

// "Friday, October 9, 2026 at 1:21:34 AM Coordinated Universal Time", the service's long form.
std::string FormatLongUtc(int64_t epoch_micros);

}  // namespace dynafake::api
