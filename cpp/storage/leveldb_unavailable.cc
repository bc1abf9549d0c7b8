// OpenLevelDbStore for builds without LevelDB (DYNAFAKE_WITH_LEVELDB=OFF).
#include "storage/kv_store.h"

namespace dynafake::storage {

Result<std::unique_ptr<KvStore>> OpenLevelDbStore(const LevelDbOptions& /*options*/) {
  return InternalError("LevelDB support was not built");
}

}  // namespace dynafake::storage
