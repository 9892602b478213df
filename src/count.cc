// CountToPart: the inputs checked and selected, counted into a part in
// memory (ingest_steps.h), and the part written to its file (part_file.h).

#include "cooc/count.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "ingest_steps.h"
#include "line_reader.h"
#include "part_file.h"
#include "status_macros.h"
#include "stop_request.h"

namespace cooc {

namespace {

// Checks the options and `part_path`; the definition of the new part.
absl::StatusOr<StoreOptions> PartDefinition(const std::string& part_path,
                                            const IngestOptions& options) {
  COOC_RETURN_IF_ERROR(ValidateIngestOptions(options));
  std::error_code error;
  if (std::filesystem::is_directory(part_path, error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(part_path, " is a directory; --out names a file"));
  }
  StoreOptions definition = NewStoreOptions(options);
  COOC_RETURN_IF_ERROR(ValidateStoreOptions(definition));
  return definition;
}

// Counts `to_count` (with `journal`, or `range` of the single input) into
// the part file `part_path`, filling the rest of `*summary`.
absl::Status CountAndWrite(const std::string& part_path,
                           const std::vector<std::string>& to_count,
                           std::vector<JournalEntry> journal,
                           const IngestOptions& options, absl::Time start,
                           const ByteRange& range, CountSummary* summary) {
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<CountedText> part,
      CountSelected(to_count, std::move(journal), summary->definition, options,
                    absl::StrCat(part_path, ".spill-", getpid()), start,
                    absl::ToUnixSeconds(absl::Now()), range));
  // The last check of a stop: writing the part file, once begun, completes.
  if (StopRequested(options.stop)) return StoppedError();
  COOC_ASSIGN_OR_RETURN(summary->part_bytes, WritePartFile(part_path, *part));
  const PartHeader& header = part->header();
  summary->bytes = part->bytes();
  summary->lines = header.lines;
  summary->tokens = header.tokens;
  summary->pair_events = header.pair_events;
  summary->types = header.terms.size();
  summary->invalid_utf8 = header.invalid_utf8;
  summary->unit_cuts = header.unit_cuts;
  summary->spilled_bytes = part->spilled_bytes();
  summary->vocabulary_bytes = part->vocabulary_bytes();
  summary->memory_needed_mb = part->memory_needed_mb();
  summary->threads = ThreadCount(options.threads);
  summary->seconds = absl::ToDoubleSeconds(absl::Now() - start);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CountSummary> CountToPart(const std::string& part_path,
                                         const std::vector<std::string>& inputs,
                                         const IngestOptions& options) {
  CountSummary summary;
  COOC_ASSIGN_OR_RETURN(summary.definition, PartDefinition(part_path, options));
  COOC_RETURN_IF_ERROR(CheckInputs(inputs));
  const absl::Time start = absl::Now();
  std::vector<JournalEntry> journal;
  COOC_ASSIGN_OR_RETURN(std::vector<std::string> to_count,
                        SelectInputs(nullptr, inputs, options.force, &journal,
                                     &summary.skipped));
  COOC_RETURN_IF_ERROR(CountAndWrite(part_path, to_count, std::move(journal),
                                     options, start, ByteRange(), &summary));
  return summary;
}

absl::StatusOr<CountSummary> CountRangeToPart(const std::string& part_path,
                                              const std::string& path,
                                              uint64_t begin, uint64_t end,
                                              const IngestOptions& options) {
  CountSummary summary;
  COOC_ASSIGN_OR_RETURN(summary.definition, PartDefinition(part_path, options));
  COOC_ASSIGN_OR_RETURN(const LineReader::Kind kind, LineReader::Inspect(path));
  if (kind.stream) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " is a stream; only a regular file is counted by byte ranges"));
  }
  if (begin > end) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": byte range [", begin, ", ", end, ") is empty"));
  }
  JournalEntry piece;
  piece.path = path;
  piece.bytes = std::min(end, kind.size) - std::min(begin, kind.size);
  piece.content_hash = 0;  // A piece: not a content the journal knows.
  COOC_RETURN_IF_ERROR(CountAndWrite(part_path, {path}, {piece}, options,
                                     absl::Now(), ByteRange{begin, end},
                                     &summary));
  return summary;
}

}  // namespace cooc
