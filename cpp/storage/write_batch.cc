#include "storage/write_batch.h"

namespace dynafake::storage {

void WriteBatch::Put(std::string_view key, std::string_view value) {
  operations_.push_back(Operation{false, std::string(key), std::string(value)});
}

void WriteBatch::Delete(std::string_view key) {
  operations_.push_back(Operation{true, std::string(key), std::string()});
}

void WriteBatch::Append(const WriteBatch& other) {
  operations_.insert(operations_.end(), other.operations_.begin(), other.operations_.end());
}

}  // namespace dynafake::storage
