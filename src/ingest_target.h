// IngestTarget: the database an ingest, a fold of count parts or a merge
// writes to. Opening checks the requested definition against the stored one
// before taking the write lock, so a contradiction changes nothing; a
// database the call created is removed again unless the call succeeds.

#ifndef COOC_SRC_INGEST_TARGET_H_
#define COOC_SRC_INGEST_TARGET_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cooc/count_store.h"
#include "cooc/store_options.h"
#include "fold.h"

namespace cooc {

// True if `path` exists and is not an empty directory.
bool HoldsDatabase(const std::string& path);

// Not thread-safe.
class IngestTarget {
 public:
  // Returns the definition to use given the stored one (null for a database
  // to be created), or an error that leaves the database unchanged.
  using Definition =
      std::function<absl::StatusOr<StoreOptions>(const StoreOptions* stored)>;

  // Opens the database at `path` for writing, or creates it if `path` is
  // absent or an empty directory (with the definition `definition(nullptr)`
  // returns). An existing database's stored definition is read without the
  // write lock and passed to `definition`, whose error is returned before
  // anything is written. Errors as CountStore::Open and Create.
  static absl::StatusOr<std::unique_ptr<IngestTarget>> Open(
      const std::string& path, const Definition& definition);

  // Removes the database if this call created it and Keep() was not called.
  ~IngestTarget();
  IngestTarget(const IngestTarget&) = delete;
  IngestTarget& operator=(const IngestTarget&) = delete;

  CountStore& store() { return *store_; }
  bool created() const { return created_; }
  // The definition `definition` returned (with the dictionary and stopword
  // list that counting text needs, which the stored one lacks).
  const StoreOptions& definition() const { return definition_; }
  // The path of `name` inside the database directory (held locked, so
  // scratch files there cannot collide with another process's).
  std::string Inside(const char* name) const;
  // The call succeeded: keep a database it created.
  void Keep() { kept_ = true; }

  // Folds `parts` into the database (FoldParts, with `options` and the
  // re-sorted pairs spilled inside the database directory) and, if that
  // succeeds, keeps the database.
  absl::StatusOr<FoldSummary> Fold(absl::Span<CountPart* const> parts,
                                   FoldOptions options);

  // The summary of an ingest of `parts` (whose fold gave `fold`) that began
  // at `start`, after its commit.
  absl::StatusOr<IngestSummary> Summarize(absl::Span<CountPart* const> parts,
                                          const FoldSummary& fold,
                                          absl::Time start);

 private:
  explicit IngestTarget(std::string path) : path_(std::move(path)) {}

  std::string path_;
  std::unique_ptr<CountStore> store_;
  StoreOptions definition_;
  bool created_ = false;
  bool directory_existed_ = true;
  bool kept_ = false;
};

}  // namespace cooc

#endif  // COOC_SRC_INGEST_TARGET_H_
