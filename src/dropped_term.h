// DroppedTermReason: why a query term is not in a database's vocabulary
// when the database's own token filters dropped it at ingest.
//
//   query term -> [which filter of the database drops it?] -> message
//
// A linguist who asks for "the" in a database built with --stopwords en
// should be told that it is a stopword there, not that it is unknown (or
// that it looks like "see"). The filters are those of TokenizerOptions:
// stopwords, min_length, keep_numbers and keep_punctuation. Options read
// back from a database name their stopword list but do not hold it; a
// built-in list is found by its name (and checked by its checksum), a file
// list cannot be, so for it the reason says only that the term may be one.

#ifndef COOC_SRC_DROPPED_TERM_H_
#define COOC_SRC_DROPPED_TERM_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/tokenizer.h"

namespace cooc {

// Returns why the tokenizer `options` (a database's) drops `term`, as a
// clause to follow "'term' is not in the vocabulary: ", such as "it is a
// stopword of this database (--stopwords en at ingest)", several joined by
// "; ". Returns "" when no filter of `options` drops it (the term is simply
// not in the text, or it is not one token even without the filters).
// Errors: Internal if ICU cannot create a tokenizer.
//
// Creates up to five tokenizers, so it is for the error path only.
absl::StatusOr<std::string> DroppedTermReason(const TokenizerOptions& options,
                                              absl::string_view term);

}  // namespace cooc

#endif  // COOC_SRC_DROPPED_TERM_H_
