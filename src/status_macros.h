// COOC_RETURN_IF_ERROR and COOC_ASSIGN_OR_RETURN: Abseil 20220623 (Debian 12)
// does not ship status macros, so cooc defines its own two.

#ifndef COOC_SRC_STATUS_MACROS_H_
#define COOC_SRC_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns the status of `expr` from the enclosing function if it is not OK.
#define COOC_RETURN_IF_ERROR(expr)                     \
  do {                                                 \
    const ::absl::Status cooc_status_ = (expr);        \
    if (!cooc_status_.ok()) return cooc_status_;       \
  } while (0)

#define COOC_STATUS_CONCAT_INNER_(a, b) a##b
#define COOC_STATUS_CONCAT_(a, b) COOC_STATUS_CONCAT_INNER_(a, b)

// Evaluates `rexpr` (an absl::StatusOr<T>); returns its status if it is not
// OK, otherwise moves its value into `lhs` (a declaration or an lvalue).
#define COOC_ASSIGN_OR_RETURN(lhs, rexpr) \
  COOC_ASSIGN_OR_RETURN_IMPL_(COOC_STATUS_CONCAT_(cooc_statusor_, __LINE__), lhs, rexpr)

#define COOC_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()

#endif  // COOC_SRC_STATUS_MACROS_H_
