// DF_CHECK: a broken invariant is a bug in the engine, not a DynamoDB outcome; it aborts.
#pragma once

#include <cstdio>
#include <cstdlib>

#define DF_CHECK(condition)                                                             \
  do {                                                                                  \
    if (!(condition)) {                                                                 \
      std::fprintf(stderr, "dynafake: check failed at %s:%d: %s\n", __FILE__, __LINE__, \
                   #condition);                                                         \
      std::abort();                                                                     \
    }                                                                                   \
  } while (false)
