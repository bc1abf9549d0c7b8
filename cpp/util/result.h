// Propagation helpers for Status and Result<T>.
#pragma once

#include "dynafake/status.h"

#define DF_CONCAT_INNER(a, b) a##b
#define DF_CONCAT(a, b) DF_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` (a Status) is not ok.
#define DF_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::dynafake::Status df_status_ = (expr); \
    if (!df_status_.ok())                   \
      return df_status_;                    \
  } while (false)

// `lhs = value of expr` (a Result<T>), or returns its Status from the enclosing function.
#define DF_ASSIGN_OR_RETURN(lhs, expr) \
  DF_ASSIGN_OR_RETURN_IMPL(DF_CONCAT(df_result_, __LINE__), lhs, expr)

#define DF_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.has_value())                          \
    return tmp.error();                          \
  lhs = std::move(tmp).value()
