// Tokenizer: UTF-8 line -> UTF-16 -> NFKC -> case fold -> ICU word breaks ->
// kept tokens back in UTF-8.
//
// How it works. Each Tokenizer owns one Icu struct holding everything that is
// expensive to make or to allocate: the NFKC Normalizer2 (a singleton owned
// by ICU), one word BreakIterator for the root locale (its dictionary engines
// segment Chinese and Japanese), and three UnicodeStrings whose buffers are
// reused from line to line:
//
//   raw     the line in UTF-16, invalid UTF-8 replaced by U+FFFD
//           (u_strFromUTF8WithSub, which also counts the replacements),
//           '\r' and '\n' replaced by spaces;
//   scratch working space of NfkcFold (folding a line, or a segment to
//           match stopwords when case is kept);
//   text    the final text, NFKC and then folded (NfkcFold in icu_util);
//           the BreakIterator walks it (setText aliases it, no copy).
//
// Pure-ASCII input (most lines of an English corpus) skips all that: NFKC is
// the identity on ASCII, and full case folding of ASCII is exactly A-Z ->
// a-z, so the bytes are widened (and lowercased) straight into `text`. The
// UTF-8 of `text` is then the input itself (or its lowercased copy), so kept
// tokens are copied from it with one memcpy instead of being re-encoded.
// The results are identical to the general path; the test
// MatchesThePlainIcuPipeline checks this against a plain ICU pipeline.
//
// Each boundary pair [start, end) from the iterator is a segment; its rule
// status (getRuleStatus) says whether it is a letter, kana, ideographic or
// number word, or none, which Classify splits into blank (whitespace and
// default-ignorable characters) and punctuation (everything else: marks,
// symbols, emoji, U+FFFD). Without a dictionary each segment is filtered
// (Emit) at once. With one, non-blank segments are collected into a run
// until a blank segment or the end of the chunk; a run with an ideographic
// or kana segment goes through the DictionarySegmenter
// (dictionary_segmenter.h), any other run is emitted segment by segment, as
// without a dictionary. A run longer than kMaxRunUnits is cut between two
// segments. Emit takes the default-ignorable code points out of a non-ASCII
// token (RemoveDefaultIgnorables in icu_util.h: a ZWJ or a bidirectional
// control inside a word; the joiners of emoji and of Arabic-script and
// Indic words stay), normalizing what is left again when it did, so the
// token is still its own query term; segments stay ICU's (a zero width
// space still breaks words). Emit applies the filters (kind, min_length,
// stopwords). Kept tokens
// are written as UTF-8 straight into the caller's strings, which keep their
// capacity, and the run buffers are reused, so a steady-state call
// allocates nothing.
//
// Stopwords are matched in folded form: when the tokenizer folds, that is
// the token itself; when it keeps case, the segment is folded into a
// scratch buffer first (only then, and only with a stopword list).
//
// Text longer than kMaxChunkBytes is handed to ICU in chunks cut after the
// last ASCII whitespace (word breaks always fall on both sides of it, so the
// tokens are unchanged); only a run of kMaxChunkBytes without any ASCII
// whitespace is cut at a code point boundary, which may split one word. This
// bounds the UTF-16 buffers and keeps every length within ICU's int32_t.
//
// Script conversion (TokenizerOptions::script_conversion) runs ICU's
// transliterator in place on `text` after NFKC and folding, on non-ASCII
// chunks only (ASCII has no Han characters), before the break iterator is
// given the text.
//
// Pretokenized text (Segmentation::kPretokenized) never reaches the break
// iterator: SplitAtWhiteSpace walks `text` code point by code point, and
// each piece between White_Space code points goes through Emit whole, with
// the greatest kind of its code points (CodePointKind).
//
// NormalizeTerm runs the same Tokenize, so query terms are normalized exactly
// as corpus text; invalid UTF-8 in a term is counted in invalid_utf8_count()
// like any other input to this tokenizer.

#include "cooc/tokenizer.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "ascii.h"
#include "cooc/stopwords.h"
#include "cooc/user_dictionary.h"
#include "dictionary_segmenter.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/translit.h"
#include "unicode/ubrk.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"
#include "unicode/ustring.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"
#include "unicode/utypes.h"

namespace cooc {
namespace {

// Largest piece of text handed to ICU at once (see the top comment).
constexpr size_t kMaxChunkBytes = size_t{1} << 22;  // 4 MiB

// Longest run (in UTF-16 units) handed to the dictionary at once: a longer
// run of text without spaces is cut between two segments, which bounds the
// segmenter's memory (about 21 bytes per unit).
constexpr int32_t kMaxRunUnits = int32_t{1} << 16;

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Returns the length of the first chunk of `text`: all of it if it fits in
// kMaxChunkBytes, else up to and including the last ASCII whitespace within
// the limit, else up to a UTF-8 lead byte near the limit.
size_t ChunkLength(absl::string_view text) {
  if (text.size() <= kMaxChunkBytes) return text.size();
  for (size_t i = kMaxChunkBytes; i > 0; --i) {
    if (IsAsciiSpace(text[i - 1])) return i;
  }
  // No whitespace: cut before a byte that is not a continuation byte
  // (10xxxxxx), so no valid character is split. If the four bytes up to the
  // limit are all continuation bytes, the one at the limit belongs to no
  // sequence (a lead byte takes at most three), so cutting there changes
  // neither the tokens nor the invalid-sequence count.
  for (size_t i = kMaxChunkBytes; i > kMaxChunkBytes - 4; --i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) return i;
  }
  return kMaxChunkBytes;
}

// What a segment is, in increasing order of precedence: a token joined
// from several segments has the greatest kind among them.
enum class Kind : uint8_t {
  kBlank,        // Whitespace and default-ignorable characters.
  kPunctuation,  // Any other segment of rule status "none".
  kNumber,
  kLetter,
  kKana,
  kIdeographic,
};

bool IsWord(Kind kind) { return kind >= Kind::kLetter; }

// Returns the number of code points in the `length` UTF-16 units at `s`.
int32_t CodePoints(const char16_t* s, int32_t length) {
  int32_t count = 0;
  for (int32_t i = 0; i < length; ++i) count += !U16_IS_TRAIL(s[i]);
  return count;
}

// The kind of the segment `chars[start, end)` whose rule status is `status`.
Kind Classify(int32_t status, const char16_t* chars, int32_t start,
              int32_t end) {
  if (status >= UBRK_WORD_IDEO && status < UBRK_WORD_IDEO_LIMIT) {
    return Kind::kIdeographic;
  }
  if (status >= UBRK_WORD_KANA && status < UBRK_WORD_KANA_LIMIT) {
    return Kind::kKana;
  }
  if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_LETTER_LIMIT) {
    return Kind::kLetter;
  }
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) {
    return Kind::kNumber;
  }
  // A segment that starts with white space is blank even when combining
  // marks follow (ICU attaches them to it, and NFKC turns the spacing accent
  // U+00B4 into a space and U+0301): no token holds white space.
  if (chars[start] == u' ') return Kind::kBlank;  // The common case.
  int32_t after_first = start;
  UChar32 first;
  U16_NEXT(chars, after_first, end, first);
  if (u_isUWhiteSpace(first)) return Kind::kBlank;
  for (int32_t i = start; i < end;) {
    UChar32 c;
    U16_NEXT(chars, i, end, c);
    if (!IsBlankCodePoint(c)) return Kind::kPunctuation;
  }
  return Kind::kBlank;
}

// The kind of the code point `c` in pretokenized text, where a piece's kind
// is the greatest of its code points' kinds (see tokenizer.h).
Kind CodePointKind(UChar32 c) {
  if (c < 0x80) {  // The common case, and ASCII has no blank but spaces.
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return Kind::kLetter;
    if (c >= '0' && c <= '9') return Kind::kNumber;
    return Kind::kPunctuation;  // ASCII white space never gets here.
  }
  if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) return Kind::kIdeographic;
  UErrorCode code = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &code);
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) {
    return Kind::kKana;
  }
  if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC)) return Kind::kLetter;
  if (u_isdigit(c)) return Kind::kNumber;
  return IsBlankCodePoint(c) ? Kind::kBlank : Kind::kPunctuation;
}


}  // namespace

absl::string_view ScriptConversionName(ScriptConversion conversion) {
  switch (conversion) {
    case ScriptConversion::kTraditionalToSimplified: return "t2s";
    case ScriptConversion::kSimplifiedToTraditional: return "s2t";
    case ScriptConversion::kNone: break;
  }
  return "none";
}

absl::StatusOr<ScriptConversion> ParseScriptConversion(absl::string_view name) {
  for (ScriptConversion conversion :
       {ScriptConversion::kNone, ScriptConversion::kTraditionalToSimplified,
        ScriptConversion::kSimplifiedToTraditional}) {
    if (name == ScriptConversionName(conversion)) return conversion;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown script conversion '", name,
      "' (valid: t2s, Traditional to Simplified; s2t, Simplified to "
      "Traditional; none)"));
}

struct Tokenizer::Icu {
  // Prepares `text` (and points `words` at it) from the UTF-8 `chunk`,
  // folding case if `fold`. Returns the number of invalid UTF-8 sequences
  // replaced.
  int32_t Prepare(absl::string_view chunk, bool fold);

  // Appends the kept tokens of `text` to `*tokens`, starting at index
  // `count` and reusing the strings already there. Returns the new count.
  size_t Segment(std::vector<std::string>* tokens, size_t count);
  // Segment for pretokenized text: the pieces between white space.
  size_t SplitAtWhiteSpace(std::vector<std::string>* tokens, size_t count);

  void PrepareAscii(absl::string_view chunk, bool fold);
  int32_t PrepareUnicode(absl::string_view chunk, bool fold);
  // The normalization of PrepareUnicode: `src` in NFKC, folded if `fold`,
  // into `*dest` (empty on an ICU error).
  void Normalize(const icu::UnicodeString& src, bool fold,
                 icu::UnicodeString* dest);

  // Turns the spans of tokens [first, spans->size()) from positions in
  // `text` into bytes of the whole text given to Tokenize, of which `chunk`
  // (just segmented) starts at byte `offset`. Returns false if the
  // positions could not be mapped back (see Tokenize).
  bool MapSpans(absl::string_view chunk, size_t offset, size_t first,
                bool fold);

  // Emits the collected run (through the dictionary if it has ideographs
  // or kana) and empties it.
  size_t FlushRun(const char16_t* chars, std::vector<std::string>* tokens,
                  size_t count);
  // Stores `chars[start, end)` of kind `kind` as token `count` if the
  // filters keep it; returns the new count.
  size_t Emit(const char16_t* chars, int32_t start, int32_t end, Kind kind,
              std::vector<std::string>* tokens, size_t count);
  bool IsStopword(const char16_t* chars, int32_t start, int32_t end,
                  const std::string& token);

  // The options' filters, copied here for the inner loop.
  bool fold = true;
  bool keep_numbers = false;
  bool keep_punctuation = false;
  bool pretokenized = false;
  int32_t min_length = 0;
  const StopwordList* stopwords = nullptr;         // Owned by the options.
  std::unique_ptr<DictionarySegmenter> segmenter;  // Null: no dictionary.

  const icu::Normalizer2* nfkc = nullptr;  // Owned by ICU.
  std::unique_ptr<icu::Transliterator> convert;  // Null: no conversion.
  icu::UnicodeString raw;
  icu::UnicodeString scratch;
  icu::UnicodeString text;
  // For ASCII input: `text` in UTF-8 (before the '\r' and '\n' -> ' '
  // mapping, which no token contains), else null. It points into the chunk
  // being tokenized or into `lowered`, so it is valid only within Tokenize.
  const char* ascii_utf8 = nullptr;
  std::string lowered;
  // Declared after `text`, which it aliases, so it is destroyed first.
  std::unique_ptr<icu::BreakIterator> words;
  // The run being collected for the dictionary, and its segments' kinds.
  std::vector<DictionarySegmenter::Piece> run;
  std::vector<Kind> run_kinds;
  bool run_has_cjk = false;
  std::vector<int32_t> run_ends;
  // A token without its default-ignorable code points, and normalized again
  // (Emit).
  icu::UnicodeString visible;
  icu::UnicodeString visible_normal;
  // Stopword matching when case is kept: the folded segment.
  icu::UnicodeString stop_folded;
  std::string stop_utf8;
  // Output of Tokenize for NormalizeTerm.
  std::vector<std::string> term_tokens;

  // Tokenize with spans: where Emit records each kept token's segment (in
  // positions of `text` until MapSpans turns them into bytes), else null.
  std::vector<TokenSpan>* spans = nullptr;
  // MapSpans' working space: the byte of each UTF-16 unit of `raw` (and the
  // chunk's end), and the pieces of `raw` that normalize on their own.
  std::vector<size_t> raw_bytes;
  std::vector<int32_t> piece_raw;   // Where each piece starts in `raw`.
  std::vector<int32_t> piece_text;  // Where its normalization starts in `text`.
  icu::UnicodeString piece_src;
  icu::UnicodeString piece_out;
  icu::UnicodeString rebuilt;
};

int32_t Tokenizer::Icu::Prepare(absl::string_view chunk, bool fold) {
  int32_t substitutions = 0;
  if (IsAscii(chunk)) {
    PrepareAscii(chunk, fold);
  } else {
    substitutions = PrepareUnicode(chunk, fold);
    if (convert != nullptr) convert->transliterate(text);
  }
  if (!pretokenized) words->setText(text);
  return substitutions;
}

void Tokenizer::Icu::PrepareAscii(absl::string_view chunk, bool fold) {
  const int32_t length = static_cast<int32_t>(chunk.size());
  char16_t* out = text.getBuffer(length > 0 ? length : 1);
  if (out == nullptr) {  // Out of memory: tokenize nothing rather than crash.
    text.remove();
    ascii_utf8 = nullptr;
    return;
  }
  const unsigned char* in =
      reinterpret_cast<const unsigned char*>(chunk.data());
  // Written without branches so that the compiler can vectorize the loops.
  if (fold) {
    lowered.resize(chunk.size());
    char* low = lowered.data();
    for (int32_t i = 0; i < length; ++i) {
      const unsigned char c = in[i];
      const unsigned char l =
          c + (static_cast<unsigned>(c - 'A') < 26u ? 'a' - 'A' : 0);
      low[i] = static_cast<char>(l);
      out[i] = (l == '\n' || l == '\r') ? u' ' : l;
    }
    ascii_utf8 = low;
  } else {
    for (int32_t i = 0; i < length; ++i) {
      const unsigned char c = in[i];
      out[i] = (c == '\n' || c == '\r') ? u' ' : c;
    }
    ascii_utf8 = chunk.data();
  }
  text.releaseBuffer(length);
}

int32_t Tokenizer::Icu::PrepareUnicode(absl::string_view chunk, bool fold) {
  ascii_utf8 = nullptr;
  int32_t substitutions = 0;
  if (!Utf8ToUnicodeString(chunk, &raw, &substitutions).ok()) {
    // Only out of memory gets here (chunks are short enough for ICU).
    text.remove();
    return 0;
  }
  if (std::memchr(chunk.data(), '\n', chunk.size()) != nullptr ||
      std::memchr(chunk.data(), '\r', chunk.size()) != nullptr) {
    const int32_t length = raw.length();
    char16_t* p = raw.getBuffer(length);
    if (p != nullptr) {
      for (int32_t i = 0; i < length; ++i) {
        if (p[i] == '\n' || p[i] == '\r') p[i] = ' ';
      }
      raw.releaseBuffer(length);
    }
  }

  Normalize(raw, fold, &text);
  return substitutions;
}

void Tokenizer::Icu::Normalize(const icu::UnicodeString& src, bool fold,
                               icu::UnicodeString* dest) {
  if (!fold) {
    UErrorCode code = U_ZERO_ERROR;
    nfkc->normalize(src, *dest, code);
    if (U_FAILURE(code)) dest->remove();
    return;
  }
  NfkcFold(*nfkc, src, &scratch, dest).IgnoreError();  // Empty on error.
}

// How it works. The normalization of a text is the concatenation of the
// normalizations of its pieces when each piece starts at a normalization
// boundary (Normalizer2::hasBoundaryBefore: nothing before it composes or
// reorders with it; case folding maps each code point on its own). So the
// pieces of `raw` between boundaries (a character and its combining marks)
// are normalized one by one, which says where each piece's normalization
// starts in `text`; a token's span runs from the start of the piece its
// first position falls in to the end of the piece of its last. The UTF-8
// is decoded again, with the substitution u_strFromUTF8WithSub made, to
// know each UTF-16 unit's byte. A script conversion is applied to each
// piece too. The rebuilt text is compared with `text`: only if they are
// equal is the mapping known.
bool Tokenizer::Icu::MapSpans(absl::string_view chunk, size_t offset,
                              size_t first, bool fold) {
  if (first == spans->size()) return true;
  if (ascii_utf8 != nullptr) {  // `text` is the chunk, unit for byte.
    for (size_t i = first; i < spans->size(); ++i) {
      (*spans)[i].begin += offset;
      (*spans)[i].end += offset;
    }
    return true;
  }
  raw_bytes.clear();
  const uint8_t* bytes = reinterpret_cast<const uint8_t*>(chunk.data());
  const int32_t size = static_cast<int32_t>(chunk.size());
  for (int32_t i = 0; i < size;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT_OR_FFFD(bytes, i, size, c);
    raw_bytes.push_back(start);
    if (U16_LENGTH(c) == 2) raw_bytes.push_back(start);
  }
  raw_bytes.push_back(chunk.size());
  const int32_t raw_length = raw.length();
  bool known = static_cast<int32_t>(raw_bytes.size()) == raw_length + 1;

  piece_raw.clear();
  piece_text.clear();
  rebuilt.remove();
  for (int32_t begin = 0; known && begin < raw_length;) {
    int32_t end = begin + U16_LENGTH(raw.char32At(begin));
    while (end < raw_length && !nfkc->hasBoundaryBefore(raw.char32At(end))) {
      end += U16_LENGTH(raw.char32At(end));
    }
    piece_raw.push_back(begin);
    piece_text.push_back(rebuilt.length());
    const UChar32 first = raw.char32At(begin);
    if (end == begin + 1 && first < 0x80) {
      // An ASCII character on its own: NFKC keeps it, folding lowers it.
      rebuilt.append(static_cast<char16_t>(
          fold && first >= 'A' && first <= 'Z' ? first + ('a' - 'A') : first));
    } else if (convert == nullptr && end == begin + U16_LENGTH(first) &&
               nfkc->isInert(first) &&
               !(fold && u_hasBinaryProperty(first,
                                             UCHAR_CHANGES_WHEN_CASEFOLDED))) {
      // A character that neither normalization nor folding changes (curly
      // quotes, dashes, most letters of most scripts): itself.
      rebuilt.append(first);
    } else {
      piece_src.setTo(raw, begin, end - begin);
      Normalize(piece_src, fold, &piece_out);
      if (convert != nullptr) convert->transliterate(piece_out);
      rebuilt.append(piece_out);
    }
    begin = end;
  }
  piece_raw.push_back(raw_length);
  piece_text.push_back(rebuilt.length());
  known = known && rebuilt == text;

  for (size_t i = first; i < spans->size(); ++i) {
    TokenSpan& span = (*spans)[i];
    if (!known) {
      span.begin = span.end = offset;
      continue;
    }
    // The piece holding text position `begin`, and the one holding `end-1`.
    const auto piece_of = [this](size_t position) {
      return std::upper_bound(piece_text.begin(), piece_text.end(),
                              static_cast<int32_t>(position)) -
             piece_text.begin() - 1;
    };
    const size_t first_piece = piece_of(span.begin);
    const size_t last_piece = piece_of(span.end - 1);
    span.begin = offset + raw_bytes[piece_raw[first_piece]];
    span.end = offset + raw_bytes[piece_raw[last_piece + 1]];
  }
  return known;
}

size_t Tokenizer::Icu::SplitAtWhiteSpace(std::vector<std::string>* tokens,
                                          size_t count) {
  const char16_t* chars = text.getBuffer();
  const int32_t length = text.length();
  int32_t start = -1;  // Of the piece being read; -1 between pieces.
  Kind kind = Kind::kBlank;
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(chars, i, length, c);
    if (c == ' ' || u_isUWhiteSpace(c)) {
      if (start >= 0) count = Emit(chars, start, at, kind, tokens, count);
      start = -1;
      continue;
    }
    if (start < 0) {
      start = at;
      kind = Kind::kBlank;
    }
    kind = std::max(kind, CodePointKind(c));
  }
  if (start >= 0) count = Emit(chars, start, length, kind, tokens, count);
  return count;
}

size_t Tokenizer::Icu::Segment(std::vector<std::string>* tokens, size_t count) {
  if (pretokenized) return SplitAtWhiteSpace(tokens, count);
  const char16_t* chars = text.getBuffer();
  int32_t start = words->first();
  if (segmenter == nullptr) {
    for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
         start = end, end = words->next()) {
      const int32_t status = words->getRuleStatus();
      // Status "none" is blank or punctuation: skip it unless kept.
      if (status < UBRK_WORD_NONE_LIMIT && !keep_punctuation) continue;
      count = Emit(chars, start, end, Classify(status, chars, start, end),
                   tokens, count);
    }
    return count;
  }
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const Kind kind = Classify(words->getRuleStatus(), chars, start, end);
    if (kind == Kind::kBlank) {
      count = FlushRun(chars, tokens, count);
      continue;
    }
    if (!run.empty() && end - run.front().begin > kMaxRunUnits) {
      count = FlushRun(chars, tokens, count);
    }
    const bool cjk = kind == Kind::kKana || kind == Kind::kIdeographic;
    run.push_back({start, end, cjk});
    run_kinds.push_back(kind);
    run_has_cjk |= cjk;
  }
  return FlushRun(chars, tokens, count);
}

size_t Tokenizer::Icu::FlushRun(const char16_t* chars,
                                std::vector<std::string>* tokens,
                                size_t count) {
  if (run.empty()) return count;
  if (!run_has_cjk) {
    for (size_t i = 0; i < run.size(); ++i) {
      count =
          Emit(chars, run[i].begin, run[i].end, run_kinds[i], tokens, count);
    }
  } else {
    segmenter->Segment(chars, run, &run_ends);
    size_t piece = 0;  // The first piece that the next word overlaps.
    int32_t start = run.front().begin;
    for (const int32_t end : run_ends) {
      while (run[piece].end <= start) ++piece;
      Kind kind = run_kinds[piece];
      for (size_t p = piece + 1; p < run.size() && run[p].begin < end; ++p) {
        kind = std::max(kind, run_kinds[p]);
      }
      count = Emit(chars, start, end, kind, tokens, count);
      start = end;
    }
  }
  run.clear();
  run_kinds.clear();
  run_has_cjk = false;
  return count;
}

size_t Tokenizer::Icu::Emit(const char16_t* chars, int32_t start, int32_t end,
                            Kind kind, std::vector<std::string>* tokens,
                            size_t count) {
  const bool keep = IsWord(kind) || (kind == Kind::kNumber && keep_numbers) ||
                    (kind == Kind::kPunctuation && keep_punctuation);
  if (!keep) return count;
  if (ascii_utf8 == nullptr && !pretokenized) {
    // A joiner that goes would leave a pictograph that the text without it
    // breaks off: break it off here too (the pictograph is a symbol).
    const int32_t joiner =
        FindRemovedPictographJoiner(chars + start, end - start);
    if (joiner > 0) {
      count = Emit(chars, start, start + joiner, kind, tokens, count);
      return Emit(chars, start + joiner + 1, end, Kind::kPunctuation, tokens,
                  count);
    }
  }
  // Default-ignorable code points inside the token go (ASCII has none).
  // Taking one out can leave text that is not normalized (a CGJ kept a mark
  // from composing), so what is left is normalized again.
  const char16_t* token_chars = chars + start;
  int32_t token_length = end - start;
  if (ascii_utf8 == nullptr &&
      RemoveDefaultIgnorables(token_chars, token_length, &visible)) {
    UErrorCode code = U_ZERO_ERROR;
    if (fold) {
      if (!NfkcFold(*nfkc, visible, &scratch, &visible_normal).ok()) {
        return count;
      }
    } else {
      nfkc->normalize(visible, visible_normal, code);
      if (U_FAILURE(code)) return count;
    }
    // Marks that an invisible code point carried (U+FFA0 then a combining
    // mark is one ICU word) would start the token: the text without that
    // code point breaks them off as a segment of their own, so they go.
    int32_t marks = 0;
    while (marks < visible_normal.length()) {
      const UChar32 c = visible_normal.char32At(marks);
      if ((U_GET_GC_MASK(c) & U_GC_M_MASK) == 0) break;
      marks += U16_LENGTH(c);
    }
    if (marks > 0) visible_normal.remove(0, marks);
    if (visible_normal.isEmpty()) return count;
    token_chars = visible_normal.getBuffer();
    token_length = visible_normal.length();
  }
  if (min_length > 1 &&
      (ascii_utf8 != nullptr ? token_length
                             : CodePoints(token_chars, token_length)) <
          min_length) {
    return count;
  }
  std::string* token =
      count < tokens->size() ? &(*tokens)[count] : &tokens->emplace_back();
  if (ascii_utf8 != nullptr) {
    token->assign(ascii_utf8 + start, end - start);
  } else {
    Utf16ToUtf8(token_chars, token_length, token);
  }
  // A stopword leaves its string in place, to be overwritten by the next
  // token (Tokenize trims the vector to the count at the end).
  if (stopwords != nullptr &&
      IsStopword(token_chars, 0, token_length, *token)) {
    return count;
  }
  if (spans != nullptr) {
    const TokenSpan span{static_cast<size_t>(start), static_cast<size_t>(end)};
    if (count < spans->size()) {
      (*spans)[count] = span;
    } else {
      spans->push_back(span);
    }
  }
  return count + 1;
}

bool Tokenizer::Icu::IsStopword(const char16_t* chars, int32_t start,
                                int32_t end, const std::string& token) {
  if (fold) return stopwords->Contains(token);
  // Fold a read-only alias of the segment (no copy of the input), as the
  // stopwords were.
  const icu::UnicodeString segment(false, chars + start, end - start);
  if (!NfkcFold(*nfkc, segment, &scratch, &stop_folded).ok()) return false;
  Utf16ToUtf8(stop_folded.getBuffer(), stop_folded.length(), &stop_utf8);
  return stopwords->Contains(stop_utf8);
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create(
    const TokenizerOptions& options) {
  TokenizerOptions filled = options;
  if (filled.min_length < 0 || filled.min_length > 1000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "min_length must be from 0 to 1000, not ", filled.min_length));
  }
  if (filled.dictionary != nullptr) {
    const uint64_t checksum = filled.dictionary->checksum();
    if (filled.dictionary_checksum != 0 &&
        filled.dictionary_checksum != checksum) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "dictionary_checksum %016x does not match the checksum %016x of "
          "dictionary %s",
          filled.dictionary_checksum, checksum, filled.dictionary->source()));
    }
    filled.dictionary_checksum = checksum;
  }
  if (filled.stopwords != nullptr) {
    const StopwordList& list = *filled.stopwords;
    if ((filled.stopwords_checksum != 0 &&
         filled.stopwords_checksum != list.checksum()) ||
        (!filled.stopwords_name.empty() &&
         filled.stopwords_name != list.name())) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "stopwords %s/%016x do not match the stopword list %s (%s/%016x)",
          filled.stopwords_name, filled.stopwords_checksum, list.source(),
          list.name(), list.checksum()));
    }
    filled.stopwords_name = list.name();
    filled.stopwords_checksum = list.checksum();
  }
  if (filled.segmentation == Segmentation::kPretokenized &&
      (filled.dictionary != nullptr || filled.dictionary_checksum != 0)) {
    return absl::InvalidArgumentError(
        "pretokenized text is not segmented again: a user dictionary cannot "
        "be used with it");
  }

  auto icu = std::make_unique<Icu>();
  icu->fold = filled.case_folding == CaseFolding::kFold;
  icu->keep_numbers = filled.keep_numbers;
  icu->keep_punctuation = filled.keep_punctuation;
  icu->min_length = filled.min_length;
  icu->pretokenized = filled.segmentation == Segmentation::kPretokenized;
  COOC_ASSIGN_OR_RETURN(icu->convert,
                        NewScriptConverter(filled.script_conversion));
  icu->stopwords = filled.stopwords.get();
  if (filled.dictionary != nullptr) {
    COOC_ASSIGN_OR_RETURN(icu->segmenter, DictionarySegmenter::Create(
                                              *filled.dictionary, icu->fold));
  }
  UErrorCode code = U_ZERO_ERROR;
  icu->nfkc = icu::Normalizer2::getNFKCInstance(code);
  COOC_RETURN_IF_ERROR(IcuStatus(code, "loading the NFKC normalizer"));
  code = U_ZERO_ERROR;
  icu->words.reset(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), code));
  COOC_RETURN_IF_ERROR(IcuStatus(code, "creating the word break iterator"));
  if (icu->nfkc == nullptr || icu->words == nullptr) {
    return absl::InternalError("ICU returned no normalizer or break iterator");
  }
  return std::unique_ptr<Tokenizer>(new Tokenizer(filled, std::move(icu)));
}

Tokenizer::Tokenizer(const TokenizerOptions& options, std::unique_ptr<Icu> icu)
    : options_(options), icu_(std::move(icu)) {}

Tokenizer::~Tokenizer() = default;

void Tokenizer::Tokenize(absl::string_view text,
                         std::vector<std::string>* tokens) {
  const bool fold = options_.case_folding == CaseFolding::kFold;
  size_t count = 0;
  while (!text.empty()) {
    const absl::string_view chunk = text.substr(0, ChunkLength(text));
    text.remove_prefix(chunk.size());
    invalid_utf8_count_ += icu_->Prepare(chunk, fold);
    count = icu_->Segment(tokens, count);
  }
  tokens->resize(count);
}

bool Tokenizer::Tokenize(absl::string_view text,
                         std::vector<std::string>* tokens,
                         std::vector<TokenSpan>* spans) {
  const bool fold = options_.case_folding == CaseFolding::kFold;
  spans->clear();
  icu_->spans = spans;
  bool known = true;
  size_t count = 0;
  for (size_t offset = 0; offset < text.size();) {
    const absl::string_view chunk =
        text.substr(offset, ChunkLength(text.substr(offset)));
    invalid_utf8_count_ += icu_->Prepare(chunk, fold);
    const size_t first = count;
    count = icu_->Segment(tokens, count);
    spans->resize(count);
    known &= icu_->MapSpans(chunk, offset, first, fold);
    offset += chunk.size();
  }
  icu_->spans = nullptr;
  tokens->resize(count);
  return known;
}

absl::StatusOr<std::string> Tokenizer::NormalizeTerm(absl::string_view term) {
  std::vector<std::string>& tokens = icu_->term_tokens;
  Tokenize(term, &tokens);
  if (tokens.size() == 1) return tokens[0];
  if (tokens.empty()) {
    std::string why = "spaces, punctuation and symbols are not words";
    if (!options_.keep_numbers) {
      absl::StrAppend(&why, "; numbers are words only with keep_numbers");
    }
    if (options_.stopwords != nullptr) {
      absl::StrAppend(&why, "; stopwords (", options_.stopwords->source(),
                      ") are dropped");
    }
    if (options_.min_length > 1) {
      absl::StrAppend(&why, "; tokens shorter than ", options_.min_length,
                      " characters are dropped");
    }
    return absl::InvalidArgumentError(
        absl::StrCat("term \"", term, "\" yields no word token (", why, ")"));
  }
  if (options_.dictionary_checksum != 0 && options_.dictionary == nullptr) {
    // Without the dictionary, assume that it joined the pieces of a term
    // from which nothing was dropped (no space, no punctuation): one whose
    // normalized text is exactly the concatenation of its tokens.
    std::string joined = absl::StrJoin(tokens, "");
    absl::StatusOr<std::string> normalized = NormalizeUtf8(
        term, options_.case_folding == CaseFolding::kFold, nullptr);
    if (normalized.ok() && icu_->convert != nullptr) {  // As the tokens were.
      icu::UnicodeString converted = icu::UnicodeString::fromUTF8(
          icu::StringPiece(normalized->data(),
                           static_cast<int32_t>(normalized->size())));
      icu_->convert->transliterate(converted);
      normalized = UnicodeStringToUtf8(converted);
    }
    if (normalized.ok() && *normalized == joined) return joined;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("term \"", term, "\" splits into ", tokens.size(),
                   " tokens: ", absl::StrJoin(tokens, " ")));
}

}  // namespace cooc
