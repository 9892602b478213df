// The version of cooc and of the libraries it was built with, for
// `cooc --version` and `cooc.__version__`.

#ifndef COOC_INCLUDE_COOC_VERSION_H_
#define COOC_INCLUDE_COOC_VERSION_H_

#include <string>

namespace cooc {

// cooc's version, from the project's CMakeLists.txt ("0.1.0").
std::string Version();

// "cooc 0.1.0\nRocksDB 7.8.3\nICU 72.1\n": cooc's version and those of the
// RocksDB and ICU libraries it runs with.
std::string VersionReport();

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_VERSION_H_
