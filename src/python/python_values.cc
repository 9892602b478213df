#include "python_values.h"

#include <type_traits>
#include <variant>

namespace cooc::python {
namespace {

// cooc.Error and its subclasses, made at import (MakeExceptions).
PyObject* error_type = nullptr;
PyObject* database_error_type = nullptr;
PyObject* term_not_found_type = nullptr;

}  // namespace

[[noreturn]] void Raise(PyObject* type, absl::string_view message) {
  PyErr_SetString(type, std::string(message).c_str());
  throw py::error_already_set();
}

[[noreturn]] void RaiseStatus(const absl::Status& status,
                              NotFoundMeans not_found) {
  const absl::string_view message = status.message();
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      Raise(PyExc_ValueError, message);
    case absl::StatusCode::kNotFound:
      Raise(not_found == NotFoundMeans::kTerm ? term_not_found_type
                                              : PyExc_FileNotFoundError,
            message);
    case absl::StatusCode::kAlreadyExists:
      Raise(PyExc_FileExistsError, message);
    case absl::StatusCode::kPermissionDenied:
      Raise(PyExc_PermissionError, message);
    case absl::StatusCode::kCancelled:
      Raise(PyExc_KeyboardInterrupt, message);
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kUnavailable:
      Raise(database_error_type, message);
    case absl::StatusCode::kResourceExhausted:
      Raise(PyExc_MemoryError, message);
    default:
      Raise(error_type, message);
  }
}

void MakeExceptions(py::module_& m) {
  error_type = PyErr_NewExceptionWithDoc(
      "cooc.Error", "Base class of the errors cooc raises itself.",
      PyExc_Exception, nullptr);
  database_error_type = PyErr_NewExceptionWithDoc(
      "cooc.DatabaseError",
      "A database that is damaged, not a cooc database, or in use by a "
      "writer; or a count part that is damaged or foreign.",
      error_type, nullptr);
  py::tuple bases = py::make_tuple(py::handle(error_type),
                                   py::handle(PyExc_KeyError));
  term_not_found_type = PyErr_NewExceptionWithDoc(
      "cooc.TermNotFound",
      "A query term that is not in the database's vocabulary (or does not "
      "normalize to one term). A KeyError.",
      bases.ptr(), nullptr);
  m.add_object("Error", py::handle(error_type));
  m.add_object("DatabaseError", py::handle(database_error_type));
  m.add_object("TermNotFound", py::handle(term_not_found_type));
}

py::object Text(absl::string_view text) {
  PyObject* object = PyUnicode_DecodeUTF8(
      text.data(), static_cast<Py_ssize_t>(text.size()), "surrogateescape");
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(object);
}

py::object Cell(const ReportCell& cell) {
  return std::visit(
      [](const auto& value) -> py::object {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return Text(value);
        } else if constexpr (std::is_same_v<T, UnknownCell>) {
          return py::none();
        } else if constexpr (std::is_same_v<T, BooleanCell>) {
          return py::bool_(value.value);
        } else {
          return py::cast(value);
        }
      },
      cell);
}

py::dict Columns(const Report& report) {
  py::dict columns;
  for (size_t c = 0; c < report.columns().size(); ++c) {
    py::list values;
    for (const std::vector<ReportCell>& row : report.rows()) {
      values.append(Cell(row[c]));
    }
    columns[Text(report.columns()[c])] = values;
  }
  return columns;
}

py::dict Record(const Report& report) {
  py::dict record;
  if (report.rows().empty()) return record;
  for (size_t c = 0; c < report.columns().size(); ++c) {
    record[Text(report.columns()[c])] = Cell(report.rows()[0][c]);
  }
  return record;
}

}  // namespace cooc::python
