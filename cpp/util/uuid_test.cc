#include "util/uuid.h"

#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dynafake::util {
namespace {

bool IsLowerHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

TEST(UuidTest, Version4Format) {
  for (int i = 0; i < 1000; ++i) {
    const std::string uuid = NewUuid();
    ASSERT_EQ(uuid.size(), 36u);
    for (size_t j = 0; j < uuid.size(); ++j) {
      if (j == 8 || j == 13 || j == 18 || j == 23) {
        ASSERT_EQ(uuid[j], '-') << uuid;
      } else {
        ASSERT_TRUE(IsLowerHex(uuid[j])) << uuid;
      }
    }
    ASSERT_EQ(uuid[14], '4') << uuid;
    ASSERT_TRUE(uuid[19] == '8' || uuid[19] == '9' || uuid[19] == 'a' || uuid[19] == 'b') << uuid;
  }
}

TEST(UuidTest, Unique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(seen.insert(NewUuid()).second);
  }
}

TEST(HexIdTest, ThirtyTwoLowercaseHexDigitsAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewHexId128();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ASSERT_TRUE(seen.insert(id).second);
  }
}

TEST(RequestIdTest, FiftyTwoUpperCaseAlphanumerics) {
  std::set<char> symbols;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 52u);
    for (const char c : id) {
      ASSERT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) << id;
      symbols.insert(c);
    }
  }
  EXPECT_EQ(symbols.size(), 36u);  // every symbol shows up
}

TEST(RequestIdTest, UniqueAcrossThreads) {
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([&ids] {
      for (int i = 0; i < 2000; ++i) {
        ids.push_back(NewRequestId());
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  std::set<std::string> all;
  for (const auto& ids : per_thread) {
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), 8000u);
}

}  // namespace
}  // namespace dynafake::util
