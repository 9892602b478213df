// A whole database read as a CountPart, so that `cooc merge` folds
// databases into a new one exactly as `cooc ingest --parts` folds parts.
// Its vocabulary is the database's in id order (its order of first
// appearance), its journal the database's, with the ingests it counted.

#ifndef COOC_SRC_DATABASE_PART_H_
#define COOC_SRC_DATABASE_PART_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "count_part.h"

namespace cooc {

// Opens the database at `path` for writing (its lock keeps any writer out
// while it is read; nothing is written to it) and reads everything but its
// pairs. Errors as CountStore::Open (FailedPrecondition "in use" while
// another process writes it), and DataLoss for a vocabulary whose ids are
// not exactly 0..types-1.
absl::StatusOr<std::unique_ptr<CountPart>> OpenDatabasePart(
    const std::string& path);

}  // namespace cooc

#endif  // COOC_SRC_DATABASE_PART_H_
