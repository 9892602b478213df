// CountToPart: the inputs checked and selected, counted into a part in
// memory (ingest_steps.h), and the part written to its file (part_file.h).

#include "cooc/count.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ingest_steps.h"
#include "part_file.h"
#include "status_macros.h"

namespace cooc {

absl::StatusOr<CountSummary> CountToPart(const std::string& part_path,
                                         const std::vector<std::string>& inputs,
                                         const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  std::error_code error;
  if (std::filesystem::is_directory(part_path, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(part_path, " is a directory; --out names a file"));
  }
  CountSummary summary;
  summary.definition = NewStoreOptions(options);
  COOC_RETURN_IF_ERROR(ValidateStoreOptions(summary.definition));
  const absl::Time start = absl::Now();
  std::vector<JournalEntry> journal;
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> to_count,
                        SelectInputs(nullptr, inputs, options.force, &journal,
                                     &summary.skipped));
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<CountedText> part,
      CountSelected(to_count, std::move(journal), summary.definition, options,
                    absl::StrCat(part_path, ".spill-", getpid()), start,
                    absl::ToUnixSeconds(absl::Now())));
  // The last check of a stop: writing the part file, once begun, completes.
  if (options.stop != nullptr && options.stop->load()) return StoppedError();
  COOC_ASSIGN_OR_RETURN(summary.part_bytes, WritePartFile(part_path, *part));
  const PartHeader& header = part->header();
  summary.bytes = part->bytes();
  summary.lines = header.lines;
  summary.tokens = header.tokens;
  summary.pair_events = header.pair_events;
  summary.types = header.terms.size();
  summary.invalid_utf8 = header.invalid_utf8;
  summary.unit_cuts = header.unit_cuts;
  summary.spilled_bytes = part->spilled_bytes();
  summary.threads = ThreadCount(options.threads);
  summary.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return summary;
}

}  // namespace cooc
