// cooc.Database's C++ side (_cooc._Database): a read-only Query behind a
// lock (a Query is not thread-safe, and Python threads may share a
// Database), whose answers leave as the CLI's reports turned into columns,
// and the vocabulary and the co-occurrence matrix as numpy arrays filled
// without a Python object per entry (the matrix: the shards read on all
// cores, about 24 bytes per stored pair at the peak). Every read runs
// without the GIL.

#ifndef COOC_SRC_PYTHON_DATABASE_H_
#define COOC_SRC_PYTHON_DATABASE_H_

#include <pybind11/pybind11.h>

namespace cooc::python {

namespace py = pybind11;

// Adds the _Database class to `m`.
void DefineDatabase(py::module_& m);

}  // namespace cooc::python

#endif  // COOC_SRC_PYTHON_DATABASE_H_
