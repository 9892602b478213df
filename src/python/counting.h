// The counting calls of the Python module: tokenize, ingest, count (of
// files or of a byte range), ingest_parts, merge, and the fingerprints and
// definitions a distributed ingest needs. Each runs its C++ work without
// the GIL; while one counts on the main thread, Ctrl-C (SIGINT) sets its
// stop flag (IngestOptions::stop), so it stops cleanly at the library's
// next check (the database unchanged), and KeyboardInterrupt is raised
// when the call returns.

#ifndef COOC_SRC_PYTHON_COUNTING_H_
#define COOC_SRC_PYTHON_COUNTING_H_

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "cooc/store_records.h"

namespace cooc::python {

namespace py = pybind11;

// A file's journal entry as Python passes it: (path, bytes, content hash).
using FileEntry = std::tuple<std::string, uint64_t, uint64_t>;

// The journal entries (IngestOptions::journal) of `files`.
std::vector<JournalEntry> JournalOf(const std::vector<FileEntry>& files);

// Adds tokenize_lines, ingest, ingest_parts, count, count_range, merge,
// fingerprint, resolve_definition and measure_names to `m`, and the
// _CountingArguments class the package fills from keyword arguments.
void DefineCounting(py::module_& m);

}  // namespace cooc::python

#endif  // COOC_SRC_PYTHON_COUNTING_H_
