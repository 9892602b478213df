// The split fold of the Python module (cooc.distributed's fold on the
// workers): the SplitFold the client holds from its begin to its commit,
// and the two task functions the workers run (cooc/split_fold.h).

#ifndef COOC_SRC_PYTHON_SPLIT_FOLD_H_
#define COOC_SRC_PYTHON_SPLIT_FOLD_H_

#include <pybind11/pybind11.h>

namespace cooc::python {

namespace py = pybind11;

// Adds the _SplitFold class and the remap_part and write_shard functions
// to `m`.
void DefineSplitFold(py::module_& m);

}  // namespace cooc::python

#endif  // COOC_SRC_PYTHON_SPLIT_FOLD_H_
