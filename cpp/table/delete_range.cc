#include "table/delete_range.h"

#include <memory>

#include "util/result.h"

namespace dynafake::table {

Status DeleteKeyRange(storage::KvStore& store, const KeyRange& range, int64_t* deleted) {
  constexpr size_t kBatchSize = 1000;
  while (true) {
    storage::WriteBatch batch;
    {
      std::unique_ptr<storage::Iterator> it = store.NewIterator(storage::ReadOptions{});
      for (it->Seek(range.lower);
           it->Valid() && BelowUpper(it->key(), range) && batch.operations().size() < kBatchSize;
           it->Next()) {
        batch.Delete(it->key());
      }
      DF_RETURN_IF_ERROR(it->status());
    }
    if (batch.empty()) {
      return Status::Ok();
    }
    DF_RETURN_IF_ERROR(store.Write(storage::WriteOptions{}, batch));
    if (deleted != nullptr) {
      *deleted += static_cast<int64_t>(batch.operations().size());
    }
  }
}

}  // namespace dynafake::table
