// WriteBatch: puts and deletes applied atomically by KvStore::Write, in the order added.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dynafake::storage {

class WriteBatch {
 public:
  struct Operation {
    bool is_delete = false;
    std::string key;
    std::string value;
  };

  void Put(std::string_view key, std::string_view value);
  void Delete(std::string_view key);
  // Adds every operation of `other`, after those already here.
  void Append(const WriteBatch& other);

  void Clear() { operations_.clear(); }

  bool empty() const { return operations_.empty(); }

  const std::vector<Operation>& operations() const { return operations_; }

 private:
  std::vector<Operation> operations_;
};

}  // namespace dynafake::storage
