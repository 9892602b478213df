// Values between cooc and Python: cooc's statuses as Python exceptions
// (cooc.Error, cooc.DatabaseError, cooc.TermNotFound and the built-in
// ones), text as str, and reports (report.h) as dicts of columns or
// records, so that the module's field names are the CLI's.

#ifndef COOC_SRC_PYTHON_PYTHON_VALUES_H_
#define COOC_SRC_PYTHON_PYTHON_VALUES_H_

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/report.h"

namespace cooc::python {

namespace py = pybind11;

// What a NotFound status means where it arises.
enum class NotFoundMeans {
  kFile,  // A file or database path: FileNotFoundError.
  kTerm,  // A query term: cooc.TermNotFound (a KeyError).
};

// Adds cooc.Error, cooc.DatabaseError and cooc.TermNotFound to `m`.
void MakeExceptions(py::module_& m);

// Raises `type` with `message`.
[[noreturn]] void Raise(PyObject* type, absl::string_view message);

// Raises the Python exception of `status` (not OK): ValueError for invalid
// arguments, FileNotFoundError or cooc.TermNotFound for NotFound,
// FileExistsError, PermissionError, KeyboardInterrupt for Cancelled,
// cooc.DatabaseError for failed preconditions and data loss, MemoryError,
// and cooc.Error for the rest.
[[noreturn]] void RaiseStatus(const absl::Status& status,
                              NotFoundMeans not_found = NotFoundMeans::kFile);

template <typename T>
T ValueOrRaise(absl::StatusOr<T> value,
               NotFoundMeans not_found = NotFoundMeans::kFile) {
  if (!value.ok()) RaiseStatus(value.status(), not_found);
  return *std::move(value);
}

inline void OkOrRaise(const absl::Status& status,
                      NotFoundMeans not_found = NotFoundMeans::kFile) {
  if (!status.ok()) RaiseStatus(status, not_found);
}

// Text as str; bytes that are not UTF-8 (a path as given) are kept as
// surrogate escapes, as os.fsdecode does.
py::object Text(absl::string_view text);

// A report cell: str, int, float, bool, or None for an unknown value.
py::object Cell(const ReportCell& cell);

// A report as {column: [values...]}, columns in the report's order.
py::dict Columns(const Report& report);

// A one-row report as {column: value}.
py::dict Record(const Report& report);

}  // namespace cooc::python

#endif  // COOC_SRC_PYTHON_PYTHON_VALUES_H_
