// cooc._cooc: the C++ side of the Python module.
//
//   Python (src/python/cooc/__init__.py) -> [this binding] -> include/cooc/
//
// A thin layer over the public headers only: options arrive as keyword
// arguments with the CLI's defaults, answers leave as the CLI's reports
// (report.h) turned into columns (dict of lists) or, for the vocabulary and
// the co-occurrence matrix, numpy arrays filled without a Python object per
// entry. The Python package wraps them into pandas DataFrames and scipy
// matrices and carries the documentation.
//
// Every call that reads or writes a database or text runs without the GIL.
// Ctrl-C during an ingest (or count, or fold) sets its stop flag
// (IngestOptions::stop), so it stops cleanly: the database is unchanged and
// KeyboardInterrupt is raised when the C++ call has returned.
//
// The parts: python_values (statuses as exceptions, reports as columns),
// counting (tokenize, ingest, count, parts, merge, fingerprints),
// database (cooc.Database's reads, the matrix), split_fold (the fold of a
// distributed ingest, on the workers).

#include <pybind11/pybind11.h>

#include "counting.h"
#include "database.h"
#include "python_values.h"
#include "split_fold.h"

PYBIND11_MODULE(_cooc, m) {
  m.doc() = "The C++ side of cooc; use the cooc package, not this module.";
  cooc::python::MakeExceptions(m);
  cooc::python::DefineCounting(m);
  cooc::python::DefineDatabase(m);
  cooc::python::DefineSplitFold(m);
}
