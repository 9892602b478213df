// Reading word-list files (user dictionaries, stopword lists, segeval's
// training words): the file itself, its lines, and the stable checksum
// stored in databases.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_WORD_LIST_H_
#define COOC_SRC_WORD_LIST_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// FNV's 64-bit offset basis.
inline constexpr uint64_t kFnv64Basis = UINT64_C(14695981039346656037);

// The FNV-1a 64-bit hash of `bytes`, continuing from `hash` (start with
// kFnv64Basis), so that a hash can be computed piece by piece. Stable across
// platforms and releases: checksums made with it are stored in databases.
uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash = kFnv64Basis);

// Returns the contents of the file at `path`; `what` ("dictionary",
// "stopword list", ...) names it in messages. Returns NotFound for a
// missing file, PermissionDenied for an unreadable one, InvalidArgument for
// a directory and the I/O error otherwise, each naming the file.
absl::StatusOr<std::string> ReadWordListFile(const std::string& path,
                                             absl::string_view what);

// Calls `fn(line_number, line)` for each line of `contents` (numbered from
// 1) with a leading byte-order mark, the line end ("\n" or "\r\n") and
// surrounding spaces removed (tabs are kept: they separate fields); lines
// that are then empty are skipped. Stops at
// and returns the first error `fn` returns.
absl::Status ForEachWordListLine(
    absl::string_view contents,
    const std::function<absl::Status(int line_number, absl::string_view line)>&
        fn);

// True if `text` contains a Unicode White_Space character.
bool ContainsWhitespace(absl::string_view text);

// Normalizes one word of a list as the tokenizer normalizes text: NFKC,
// then case folding if `fold` (an empty result is returned as is). Returns
// InvalidArgument "invalid UTF-8", or "'<word>' contains whitespace" followed
// by `whitespace_hint`; the caller adds the file and line.
absl::StatusOr<std::string> NormalizeListWord(absl::string_view word,
                                              bool fold,
                                              absl::string_view whitespace_hint);

}  // namespace cooc

#endif  // COOC_SRC_WORD_LIST_H_
