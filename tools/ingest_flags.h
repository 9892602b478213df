// The flags of `cooc ingest` and `cooc count`, which count text the same
// way: the definition (window, mode, unit, shards, tokenizer and filters),
// threads, memory, force and progress; and the messages both print.

#ifndef COOC_TOOLS_INGEST_FLAGS_H_
#define COOC_TOOLS_INGEST_FLAGS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "command_line.h"
#include "cooc/ingest.h"
#include "cooc/report.h"

namespace cooc {

// --window, --ordered, --unit, --shards and the tokenizer and filter flags.
std::vector<FlagSpec> DefinitionFlags();
// --threads, --memory, --force, --quiet, --progress.
std::vector<FlagSpec> CountingFlags();

// True if any of DefinitionFlags() is given.
bool AnyDefinitionFlag(const CommandLine& command_line);

// Fills `*options` from the flags given. Returns nullopt on success;
// otherwise prints the error and returns the exit status to end with.
std::optional<int> IngestOptionsFromFlags(const CommandLine& command_line,
                                          IngestOptions* options);

// Parses --format into `*format` and the counting flags into `*options`
// (IngestOptionsFromFlags). Returns nullopt on success, else the exit status
// to end with (after printing the error).
std::optional<int> CountingCommandOptions(const CommandLine& command_line,
                                          OutputFormat* format,
                                          IngestOptions* options);

// If `status` is the stop that SIGINT or SIGTERM asked for (interrupts.h),
// prints "interrupted; <what>" and returns 128 + the signal's number;
// otherwise nullopt.
std::optional<int> InterruptedExit(const absl::Status& status,
                                   absl::string_view what);

// After a call that succeeded: if an interrupt came when it was too late to
// stop (during the commit), says that the work was completed.
void NoteLateInterrupt();

// Rewrites one progress line on stderr.
void PrintProgress(const IngestProgress& progress);

// On stderr, when the vocabulary (never spilled) of the counted text, or
// of the parts or databases folded, outgrew what --memory `memory_mb`
// leaves it (a `memory_needed_mb` above 0): that memory use went past the
// budget, and the --memory that would have held it.
void PrintMemoryNote(uint64_t vocabulary_bytes, uint64_t memory_needed_mb,
                     uint64_t memory_mb);

// On stderr: one message per input skipped because its content was counted
// before, the number of invalid UTF-8 sequences replaced, if any, and the
// number of cuts of units longer than `definition`'s max_unit_tokens, if any.
void PrintInputNotes(
    const std::vector<std::pair<std::string, JournalEntry>>& skipped,
    uint64_t invalid_utf8, uint64_t unit_cuts, const StoreOptions& definition);

}  // namespace cooc

#endif  // COOC_TOOLS_INGEST_FLAGS_H_
