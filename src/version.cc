#include "cooc/version.h"

#include "absl/strings/str_cat.h"
#include "rocksdb/version.h"
#include "unicode/uversion.h"

namespace cooc {

std::string Version() { return COOC_VERSION; }

std::string VersionReport() {
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_text);
  return absl::StrCat("cooc ", Version(), "\nRocksDB ",
                      rocksdb::GetRocksVersionAsString(), "\nICU ", icu_text,
                      "\n");
}

}  // namespace cooc
