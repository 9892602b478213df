// UErrorCode -> absl::Status, and buffer-reusing UTF conversions.
//
// UTF-8 -> UTF-16 goes through u_strFromUTF8WithSub, which substitutes
// U+FFFD per maximal invalid subpart and counts the substitutions. It writes
// straight into the UnicodeString's own buffer (getBuffer(capacity) /
// releaseBuffer(length)), sized by the bound "UTF-16 units <= UTF-8 bytes":
// every byte yields at most one unit, except a valid 4-byte sequence, which
// yields two.
//
// UTF-16 -> UTF-8 is written by hand into the reused std::string: ASCII is
// copied in one pass; from the first non-ASCII unit on, one pass measures and
// one encodes. Tokens are short and mostly ASCII, and this avoids both ICU's
// preflight call and a temporary buffer.
//
// FoldCase exploits that case folding is context-free, code point by code
// point: ASCII runs are lowercased inline and only non-ASCII runs go through
// u_strFoldCase (the function behind UnicodeString::foldCase), appended into
// the reused destination buffer, which grows when folding lengthens a run.

#include "icu_util.h"

#include <climits>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "status_macros.h"
#include "unicode/normalizer2.h"
#include "unicode/stringoptions.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/uscript.h"
#include "unicode/ustring.h"
#include "unicode/utf16.h"
#include "unicode/utypes.h"

namespace cooc {

absl::Status IcuStatus(UErrorCode code, absl::string_view what) {
  if (U_SUCCESS(code)) return absl::OkStatus();
  return absl::InternalError(absl::StrCat(what, ": ", u_errorName(code)));
}

absl::Status Utf8ToUnicodeString(absl::string_view utf8,
                                 icu::UnicodeString* out,
                                 int32_t* substitutions) {
  if (utf8.size() > static_cast<size_t>(INT32_MAX)) {
    out->remove();
    return absl::InvalidArgumentError(
        absl::StrCat("text of ", utf8.size(),
                     " bytes is too long for ICU (at most 2^31-1)"));
  }
  const int32_t capacity = utf8.empty() ? 1 : static_cast<int32_t>(utf8.size());
  char16_t* buffer = out->getBuffer(capacity);
  if (buffer == nullptr) {
    out->remove();
    return absl::InternalError(
        absl::StrCat("allocating ", capacity, " UTF-16 units"));
  }
  int32_t length = 0;
  int32_t count = 0;
  UErrorCode code = U_ZERO_ERROR;
  u_strFromUTF8WithSub(buffer, out->getCapacity(), &length, utf8.data(),
                       static_cast<int32_t>(utf8.size()), 0xFFFD, &count,
                       &code);
  if (U_FAILURE(code)) {
    out->releaseBuffer(0);
    return IcuStatus(code, "converting UTF-8 to UTF-16");
  }
  out->releaseBuffer(length);
  if (substitutions != nullptr) *substitutions = count;
  return absl::OkStatus();
}

void Utf16ToUtf8(const char16_t* utf16, int32_t length, std::string* out) {
  // Fast path: copy while the text is ASCII, which UTF-8 needs at least
  // `length` bytes for anyway.
  out->resize(length);
  char* p = out->data();
  int32_t i = 0;
  for (; i < length && utf16[i] < 0x80; ++i) p[i] = static_cast<char>(utf16[i]);
  if (i == length) return;

  // Measure the rest. An unpaired surrogate counts as U+FFFD (3 bytes).
  size_t size = i;
  for (int32_t j = i; j < length; ++j) {
    const char16_t c = utf16[j];
    if (c < 0x80) {
      size += 1;
    } else if (c < 0x800) {
      size += 2;
    } else if (U16_IS_LEAD(c) && j + 1 < length && U16_IS_TRAIL(utf16[j + 1])) {
      size += 4;
      ++j;
    } else {
      size += 3;
    }
  }
  out->resize(size);
  p = out->data() + i;
  for (; i < length; ++i) {
    uint32_t c = utf16[i];
    if (c < 0x80) {
      *p++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *p++ = static_cast<char>(0xC0 | (c >> 6));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (U16_IS_LEAD(c) && i + 1 < length && U16_IS_TRAIL(utf16[i + 1])) {
      c = U16_GET_SUPPLEMENTARY(c, utf16[i + 1]);
      ++i;
      *p++ = static_cast<char>(0xF0 | (c >> 18));
      *p++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      if (U16_IS_SURROGATE(c)) c = 0xFFFD;
      *p++ = static_cast<char>(0xE0 | (c >> 12));
      *p++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *p++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

absl::Status FoldCase(const icu::UnicodeString& src, icu::UnicodeString* dest) {
  // Case folding is context-free and maps each code point on its own, so
  // the text can be folded run by run: ASCII runs here (A-Z -> a-z is all
  // that full folding does to ASCII), non-ASCII runs by u_strFoldCase. Only
  // the latter can grow (up to 3 units per unit, e.g. U+0390).
  const char16_t* in = src.getBuffer();
  const int32_t length = src.length();
  int32_t capacity = length + length / 8 + 16;
  char16_t* out = dest->getBuffer(capacity);
  if (out == nullptr) {
    dest->remove();
    return absl::InternalError("case folding: out of memory");
  }
  capacity = dest->getCapacity();
  int32_t size = 0;  // Units written to `out`.
  int32_t i = 0;     // Units of `in` consumed.
  // Makes room for `needed` more units, keeping what is written, with some
  // slack for the rest of the input.
  auto reserve = [&](int32_t needed) {
    if (capacity - size >= needed) return true;
    dest->releaseBuffer(size);
    out = dest->getBuffer(size + needed + (length - i) / 8 + 16);
    if (out == nullptr) return false;
    capacity = dest->getCapacity();
    return true;
  };
  while (i < length) {
    int32_t run_end = i;
    while (run_end < length && in[run_end] < 0x80) ++run_end;
    if (!reserve(run_end - i)) break;
    for (; i < run_end; ++i) {
      const char16_t c = in[i];
      out[size++] = c + (static_cast<unsigned>(c - u'A') < 26u ? 32 : 0);
    }
    if (i == length) break;
    while (run_end < length && in[run_end] >= 0x80) ++run_end;
    UErrorCode code = U_ZERO_ERROR;
    int32_t folded = u_strFoldCase(out + size, capacity - size, in + i,
                                   run_end - i, U_FOLD_CASE_DEFAULT, &code);
    if (code == U_BUFFER_OVERFLOW_ERROR) {
      if (!reserve(folded)) break;
      code = U_ZERO_ERROR;
      folded = u_strFoldCase(out + size, capacity - size, in + i, run_end - i,
                             U_FOLD_CASE_DEFAULT, &code);
    }
    if (U_FAILURE(code)) {
      if (out != nullptr) dest->releaseBuffer(0);
      dest->remove();
      return IcuStatus(code, "case folding");
    }
    size += folded;
    i = run_end;
  }
  if (out == nullptr) {  // A reserve() failed; the buffer is not open.
    dest->remove();
    return absl::InternalError("case folding: out of memory");
  }
  dest->releaseBuffer(size);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<icu::Transliterator>> NewScriptConverter(
    ScriptConversion conversion) {
  const char* id = nullptr;
  switch (conversion) {
    case ScriptConversion::kTraditionalToSimplified:
      id = "Traditional-Simplified";
      break;
    case ScriptConversion::kSimplifiedToTraditional:
      id = "Simplified-Traditional";
      break;
    case ScriptConversion::kNone:
      return nullptr;
  }
  UErrorCode code = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> converter(
      icu::Transliterator::createInstance(icu::UnicodeString(id, -1, US_INV),
                                          UTRANS_FORWARD, code));
  COOC_RETURN_IF_ERROR(
      IcuStatus(code, absl::StrCat("creating the ", id, " transliterator")));
  if (converter == nullptr) {
    return absl::InternalError(absl::StrCat("ICU has no ", id,
                                            " transliterator"));
  }
  return converter;
}

std::string UnicodeStringToUtf8(const icu::UnicodeString& s) {
  std::string result;
  Utf16ToUtf8(s.getBuffer(), s.length(), &result);
  return result;
}

absl::Status NfkcFold(const icu::Normalizer2& nfkc,
                      const icu::UnicodeString& src,
                      icu::UnicodeString* scratch, icu::UnicodeString* dest) {
  UErrorCode code = U_ZERO_ERROR;
  nfkc.normalize(src, *scratch, code);
  absl::Status status = IcuStatus(code, "NFKC normalization");
  if (status.ok()) status = FoldCase(*scratch, dest);
  // Folding is idempotent, so a folded text that is NFKC is the fixed
  // point; one more round reaches it in practice, the bound guards a loop.
  for (int round = 0; status.ok() && round < 3 &&
                      !nfkc.isNormalized(*dest, code);
       ++round) {
    nfkc.normalize(*dest, *scratch, code);
    status = IcuStatus(code, "NFKC normalization");
    if (status.ok()) status = FoldCase(*scratch, dest);
  }
  if (status.ok()) status = IcuStatus(code, "NFKC check");
  if (!status.ok()) dest->remove();
  return status;
}

absl::StatusOr<std::string> NormalizeUtf8(absl::string_view text, bool fold,
                                          int32_t* substitutions) {
  icu::UnicodeString raw;
  absl::Status converted = Utf8ToUnicodeString(text, &raw, substitutions);
  if (!converted.ok()) return converted;
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(code);
  if (U_FAILURE(code)) return IcuStatus(code, "loading the NFKC normalizer");
  icu::UnicodeString scratch, normalized, visible;
  // As the Tokenizer's Emit: normalize, take out the default-ignorable code
  // points, and normalize what is left again if that changed it.
  for (int round = 0; round < 2; ++round) {
    if (!fold) {
      nfkc->normalize(raw, normalized, code);
      if (U_FAILURE(code)) return IcuStatus(code, "NFKC normalization");
    } else {
      COOC_RETURN_IF_ERROR(NfkcFold(*nfkc, raw, &scratch, &normalized));
    }
    if (round > 0 || !RemoveDefaultIgnorables(normalized.getBuffer(),
                                              normalized.length(), &visible)) {
      break;
    }
    raw = visible;
  }
  return UnicodeStringToUtf8(normalized);
}

namespace {

// Default-ignorable code points are all at U+00AD or above; most text of
// most scripts is checked with one comparison.
bool IsDefaultIgnorable(UChar32 c) {
  return c >= 0xAD && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

// Scripts whose spelling uses ZWNJ or ZWJ between letters.
bool WritesWithJoiners(UChar32 c) {
  UErrorCode code = U_ZERO_ERROR;
  switch (uscript_getScript(c, &code)) {
    case USCRIPT_ARABIC:
    case USCRIPT_SYRIAC:
    case USCRIPT_DEVANAGARI:
    case USCRIPT_BENGALI:
    case USCRIPT_GURMUKHI:
    case USCRIPT_GUJARATI:
    case USCRIPT_ORIYA:
    case USCRIPT_TAMIL:
    case USCRIPT_TELUGU:
    case USCRIPT_KANNADA:
    case USCRIPT_MALAYALAM:
    case USCRIPT_SINHALA:
      return true;
    default:
      return false;
  }
}

bool IsMark(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0; }
bool IsLetter(UChar32 c) { return (U_GET_GC_MASK(c) & U_GC_L_MASK) != 0; }
bool IsPictographic(UChar32 c) {
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC);
}

}  // namespace

bool RemoveDefaultIgnorables(const char16_t* text, int32_t length,
                             icu::UnicodeString* out) {
  int32_t i = 0;
  while (i < length) {  // Most tokens have none: find the first.
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(text, i, length, c);
    if (IsDefaultIgnorable(c)) {
      i = at;
      break;
    }
  }
  if (i == length) return false;
  out->setTo(text, i);
  // The last kept letter that is not a mark (for the joiners of scripts),
  // and the last kept code point that is not an emoji modifier or a tag
  // (for emoji sequences); U_SENTINEL for none.
  UChar32 letter = U_SENTINEL;
  UChar32 emoji_base = U_SENTINEL;
  for (int32_t k = 0; k < i;) {
    UChar32 c;
    U16_NEXT(text, k, i, c);
    if (!IsMark(c)) letter = IsLetter(c) ? c : U_SENTINEL;
    if (!u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) emoji_base = c;
  }
  while (i < length) {
    UChar32 c;
    U16_NEXT(text, i, length, c);
    if (!IsDefaultIgnorable(c)) {
      out->append(c);
      if (!IsMark(c)) letter = IsLetter(c) ? c : U_SENTINEL;
      if (!u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) emoji_base = c;
      continue;
    }
    bool keep = false;
    if (c == 0x200C || c == 0x200D) {
      // The next code point that is not ignorable.
      UChar32 next = U_SENTINEL;
      for (int32_t k = i; k < length;) {
        UChar32 d;
        U16_NEXT(text, k, length, d);
        if (!IsDefaultIgnorable(d)) {
          next = d;
          break;
        }
      }
      if (next != U_SENTINEL) {
        keep = (letter != U_SENTINEL && WritesWithJoiners(letter) &&
                (IsLetter(next) || IsMark(next)) &&
                (IsMark(next) || WritesWithJoiners(next))) ||
               (c == 0x200D && emoji_base != U_SENTINEL &&
                IsPictographic(emoji_base) && IsPictographic(next));
      }
    } else if (c >= 0xE0020 && c <= 0xE007F) {
      keep = emoji_base != U_SENTINEL && IsPictographic(emoji_base);
    }
    if (keep) out->append(c);
  }
  return true;
}

int32_t FindRemovedPictographJoiner(const char16_t* text, int32_t length) {
  UChar32 base = U_SENTINEL;  // The last code point not an emoji modifier.
  for (int32_t i = 0; i < length;) {
    const int32_t at = i;
    UChar32 c;
    U16_NEXT(text, i, length, c);
    if (c == 0x200D && i < length) {
      int32_t k = i;
      UChar32 next;
      U16_NEXT(text, k, length, next);
      if (IsPictographic(next) &&
          !(base != U_SENTINEL && IsPictographic(base))) {
        return at;
      }
    }
    if (!u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) &&
        !IsDefaultIgnorable(c)) {
      base = c;
    }
  }
  return -1;
}

bool IsBlankCodePoint(int32_t c) {
  if (c == ' ') return true;
  if (c < 0x80) return c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
                       c == '\f';
  return u_hasBinaryProperty(c, UCHAR_WHITE_SPACE) ||
         u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT);
}

}  // namespace cooc
