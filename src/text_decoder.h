// TextDecoder: input text in another encoding (GB18030, Big5, Shift_JIS,
// Latin-1, UTF-16...) converted to UTF-8 as it is read, and the checks that
// decide how an input is read when no encoding is given: a byte-order mark
// says UTF-16 or UTF-32, and a sample that is not UTF-8 is refused with
// ICU's charset detector's guess.
//
// The encoding is a way of reading one input, not part of a database's
// definition: the journal fingerprints an input's raw bytes (content_hash),
// so a file is recognised again whatever encoding it was read in.
//
// Private header: only src/ and tests/ include it.

#ifndef COOC_SRC_TEXT_DECODER_H_
#define COOC_SRC_TEXT_DECODER_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "unicode/ucnv.h"

namespace cooc {

// How much of an input's start is checked for being UTF-8 when no encoding
// is given (a stream: what its first read returns, at most this).
inline constexpr size_t kEncodingSampleBytes = 64 << 10;

// Returns ICU's canonical name of the encoding `name` (case and punctuation
// do not matter: "latin1" and "ISO_8859-1" give "ISO-8859-1", "utf8"
// gives "UTF-8"), or InvalidArgument naming `name` if ICU has no converter
// of that name.
absl::StatusOr<std::string> CanonicalEncodingName(absl::string_view name);

// True if `canonical` (a CanonicalEncodingName) is UTF-8, which is read as
// it is, without a converter.
bool IsUtf8Encoding(absl::string_view canonical);

// The encoding that a byte-order mark at the start of `head` announces:
// "UTF-32LE" (FF FE 00 00), "UTF-32BE" (00 00 FE FF), "UTF-16LE" (FF FE) or
// "UTF-16BE" (FE FF); "" for none (UTF-8's EF BB BF too: that is UTF-8,
// and its mark is skipped by the reader).
absl::string_view EncodingOfByteOrderMark(absl::string_view head);

// ICU's charset detector's best guess for `sample` other than UTF-8 (such
// as "ISO-8859-1", "GB18030", "Big5", "UTF-16LE"), or "" if it has none.
std::string GuessEncoding(absl::string_view sample);

// Returns OK if at most 1% of the bytes of `sample` (the first bytes of the
// input `path`; `complete` if that is all of it, else a sequence cut at its
// end is not counted) are in invalid UTF-8 sequences. Otherwise returns
// InvalidArgument: "<path> does not look like UTF-8 (it looks like X); give
// --encoding X, or --encoding utf-8 to count it as it is".
absl::Status CheckLooksLikeUtf8(absl::string_view path,
                                absl::string_view sample, bool complete);

// Returns OK if text in `encoding` (a CanonicalEncodingName) may be cut
// just after any 0x0A byte, as byte ranges (ByteRange) are: the encoding
// is stateless, ASCII-compatible, and a 0x0A byte is always U+000A, never
// part of a multi-byte character. True of UTF-8, the ISO-8859 and Windows
// code pages, GB18030 (and GBK), Big5, Shift_JIS, EUC-JP and EUC-KR, whose
// trail bytes are all 0x30 or above (checked with ICU on each call, and
// for GB18030's four-byte forms in text_decoder_test). Returns
// InvalidArgument naming `encoding` and `path` otherwise: UTF-16 and
// UTF-32 (a 0x0A byte is half of a character), ISO-2022 and other
// stateful encodings (a range would start in an unknown shift state),
// EBCDIC.
absl::Status CheckSplitsAtLineFeeds(const std::string& encoding,
                                    absl::string_view path);

// Converts text in one encoding to UTF-8, in pieces, keeping the state of
// a character cut between pieces. A byte sequence that is invalid or
// unmapped in the encoding becomes U+FFFD and is counted.
//
// Not thread-safe.
class TextDecoder {
 public:
  // Returns a decoder from `encoding` (any name CanonicalEncodingName
  // takes), or InvalidArgument naming it if ICU has no such converter.
  static absl::StatusOr<std::unique_ptr<TextDecoder>> Create(
      const std::string& encoding);

  ~TextDecoder();
  // Not copyable.
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;

  // Converts bytes from [`*source`, `source_end`) to UTF-8 written from
  // `*target` up to `target_end`, advancing both pointers past what was
  // read and written. `flush` says that the source ends the input (a cut
  // character at its end is then U+FFFD). Returns true if it stopped because
  // the target is full (call again, with more room, and the rest of the
  // source), false once the whole source is converted. Returns Internal if
  // ICU fails.
  absl::StatusOr<bool> Convert(const char** source, const char* source_end,
                               char** target, char* target_end, bool flush);

  // Byte sequences replaced by U+FFFD so far.
  uint64_t substitutions() const { return substitutions_; }
  // The encoding's canonical name.
  const std::string& name() const { return name_; }

 private:
  TextDecoder() = default;

  std::string name_;
  UConverter* from_ = nullptr;  // The input's encoding.
  UConverter* to_ = nullptr;    // UTF-8.
  UChar pivot_[1024];
  UChar* pivot_source_ = pivot_;
  UChar* pivot_target_ = pivot_;
  bool reset_ = true;
  uint64_t substitutions_ = 0;
};

}  // namespace cooc

#endif  // COOC_SRC_TEXT_DECODER_H_
