// ICU glue shared by the units that touch ICU: the one conversion of
// UErrorCode to absl::Status, and UTF-8 <-> UTF-16 conversions that reuse
// their output buffers.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_ICU_UTIL_H_
#define COOC_SRC_ICU_UTIL_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cooc/tokenizer.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"
#include "unicode/utypes.h"

namespace cooc {

// Returns OK if `code` is a success code (warnings included), otherwise
// Internal with the message "`what`: <ICU error name>", e.g.
// "creating the word break iterator: U_MISSING_RESOURCE_ERROR".
absl::Status IcuStatus(UErrorCode code, absl::string_view what);

// Replaces the contents of `*out` with `utf8` converted to UTF-16. Each
// maximal invalid subsequence of `utf8` (ICU's "maximal subpart" rule) becomes
// U+FFFD; on success `*substitutions` (if not null) is set to how many there
// were. `*out` keeps its buffer when it is large enough.
//
// Returns InvalidArgument if `utf8` is longer than INT32_MAX bytes (ICU
// lengths are int32_t), Internal if ICU fails otherwise (out of memory). On
// error `*out` is left empty.
absl::Status Utf8ToUnicodeString(absl::string_view utf8,
                                 icu::UnicodeString* out,
                                 int32_t* substitutions);

// Replaces the contents of `*out` with the UTF-8 encoding of the `length`
// UTF-16 code units at `utf16`. An unpaired surrogate becomes U+FFFD, so the
// result is always valid UTF-8. `*out` keeps its capacity; it allocates only
// if the result does not fit.
void Utf16ToUtf8(const char16_t* utf16, int32_t length, std::string* out);

// Replaces the contents of `*dest` with the full case folding of `src`
// (default options), exactly as `icu::UnicodeString(src).foldCase()`, but
// reusing `*dest`'s buffer and lowercasing ASCII without calling ICU.
// `dest` must not be `&src`. Returns Internal if ICU fails (out of memory);
// `*dest` is then empty.
absl::Status FoldCase(const icu::UnicodeString& src, icu::UnicodeString* dest);

// Replaces the contents of `*dest` with NFKC (by `nfkc`) and then the full
// case folding of `src`, normalized and folded again where folding undid
// NFKC (U+0130 folds to i + U+0307, which must then sort after a combining
// mark of lower class), so that the result is its own normalization: a
// token, tokenized again, is itself. `*scratch` is working space, reused
// by callers in hot loops. Returns Internal if ICU fails; `*dest` is then
// empty.
absl::Status NfkcFold(const icu::Normalizer2& nfkc,
                      const icu::UnicodeString& src,
                      icu::UnicodeString* scratch, icu::UnicodeString* dest);

// Returns ICU's transliterator for `conversion` ("Traditional-Simplified"
// or "Simplified-Traditional"), or null for ScriptConversion::kNone;
// Internal, naming it, if ICU has none. The one place that names them, for
// the tokenizer and for cooc discover.
absl::StatusOr<std::unique_ptr<icu::Transliterator>> NewScriptConverter(
    ScriptConversion conversion);

// Returns `s` as UTF-8 (for messages and tests; not for hot loops).
std::string UnicodeStringToUtf8(const icu::UnicodeString& s);

// Returns the UTF-8 `text` normalized as the Tokenizer normalizes a line:
// NFKC, then full case folding (NfkcFold) if `fold`. Each maximal invalid UTF-8
// subsequence becomes U+FFFD; `*substitutions` (if not null) is set to how
// many there were. Returns InvalidArgument if `text` is too long for ICU,
// Internal if ICU fails. For word lists, not for hot loops.
absl::StatusOr<std::string> NormalizeUtf8(absl::string_view text, bool fold,
                                          int32_t* substitutions);

// Returns true if the code point `c` is White_Space or a default-ignorable
// code point (ZERO WIDTH SPACE, the byte-order mark, joiners...): a
// character that shows no ink and separates nothing a reader would call a
// word or a punctuation mark.
bool IsBlankCodePoint(int32_t c);

// Removes from the `length` UTF-16 units at `text` (a token) every
// default-ignorable code point (Unicode's Default_Ignorable_Code_Point:
// U+00AD soft hyphen, U+200B-U+200F, the bidirectional controls U+202A-
// U+202E and U+2066-U+2069, U+2060-U+2064 word joiner and invisible
// operators, variation selectors, U+FEFF...), as Unicode's NFKC_Casefold
// does, so that a word written with one is the word without it. Kept are
// the joiners a script needs:
//   - ZERO WIDTH JOINER U+200D between two Extended_Pictographic characters
//     (an emoji ZWJ sequence such as man-ZWJ-woman-ZWJ-girl; skin tone
//     modifiers may stand between), and tag characters U+E0020-U+E007F after
//     one (emoji tag sequences such as the flag of Scotland);
//   - ZERO WIDTH NON-JOINER U+200C and ZERO WIDTH JOINER U+200D after a
//     letter (and its marks) of a script that writes with them: Arabic
//     (Persian, Urdu...), Syriac and the Indic scripts (Devanagari, Bengali,
//     Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam,
//     Sinhala), when a letter or mark of such a script follows.
// Writes the result to `*out` and returns true if anything was removed;
// returns false (and leaves `*out` alone) if nothing was.
bool RemoveDefaultIgnorables(const char16_t* text, int32_t length,
                             icu::UnicodeString* out);

// Returns the offset (in [0, length)) of the first ZERO WIDTH JOINER in the
// token at `text` that joins a pictograph to what comes before it (ICU's
// word break rule WB3c glues ZWJ x Extended_Pictographic) but that
// RemoveDefaultIgnorables removes, because no pictograph stands before it;
// -1 if there is none. Without that joiner the text breaks before the
// pictograph, so the token must break there too, or a token would not be
// what its own text tokenizes to.
int32_t FindRemovedPictographJoiner(const char16_t* text, int32_t length);

}  // namespace cooc

#endif  // COOC_SRC_ICU_UTIL_H_
