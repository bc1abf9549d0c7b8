// Persistent encoding of a Backup: [format version 1][varint fields in a fixed order][the source
// table's description as table/schema_codec.h encodes it, length-prefixed]. Readers refuse other
// versions rather than misread them.
#pragma once

#include <string>
#include <string_view>

#include "dynafake/status.h"

#include "backup/backup.h"

namespace dynafake::backup {

std::string EncodeBackup(const Backup& backup);

// InternalServerError "Corrupt backup record: <what>" on bad bytes; never crashes.
Result<Backup> DecodeBackup(std::string_view bytes);

}  // namespace dynafake::backup
