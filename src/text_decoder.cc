// A TextDecoder is two ICU converters, the input's encoding and UTF-8,
// joined by ucnv_convertEx through a pivot buffer of UTF-16 that the
// decoder keeps between calls, so that a character cut between two source
// pieces, or a character whose UTF-8 does not fit in the target, carries
// over. The input side's to-Unicode callback writes U+FFFD for every
// invalid or unmapped sequence and counts it (ICU's own substitution would
// write U+001A, a control character, for single-byte code pages).
//
// The UTF-8 check walks the sample with U8_NEXT, which steps over each
// maximal invalid subpart (the same unit the tokenizer replaces), adding
// its bytes to the invalid ones. The charset detector (ucsdet) is asked
// only when the sample fails, to name a guess in the message.
//
// Splitting at 0x0A bytes is decided from what ICU says about the
// converter: its type (the stateless single- and multi-byte kinds only),
// its minimum character size (1: ASCII-compatible) and a probe: 0x0A alone,
// and 0x0A after every byte 0x80-0xFF (a lead byte of any two-byte
// character), must each come out as U+000A.

#include "text_decoder.h"

#include <cstring>
#include <vector>

#include "absl/memory/memory.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/ucnv_cb.h"
#include "unicode/ucsdet.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

// The to-Unicode callback: U+FFFD for each invalid or unmapped sequence,
// counted in the uint64_t that `context` points to.
void SubstituteAndCount(const void* context, UConverterToUnicodeArgs* args,
                        const char* /*code_units*/, int32_t /*length*/,
                        UConverterCallbackReason reason, UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // Reset, close or clone.
  *error = U_ZERO_ERROR;
  static const UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
  ++*static_cast<uint64_t*>(const_cast<void*>(context));
}

// The converter for `name`, or InvalidArgument naming it.
absl::StatusOr<UConverter*> OpenConverter(absl::string_view name) {
  UErrorCode error = U_ZERO_ERROR;
  const std::string copy(name);
  UConverter* converter = ucnv_open(copy.c_str(), &error);
  if (U_FAILURE(error) || converter == nullptr || copy.empty()) {
    if (converter != nullptr) ucnv_close(converter);
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown encoding '", name,
        "' (ICU has no converter of that name; e.g. utf-8, latin1, "
        "gb18030, big5, shift_jis, utf-16le)"));
  }
  return converter;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// `bytes` decoded by `converter` (reset first), as UTF-16.
std::u16string Decode(UConverter* converter, absl::string_view bytes) {
  ucnv_reset(converter);
  std::u16string out(bytes.size() + 8, u'\0');
  UErrorCode error = U_ZERO_ERROR;
  const int32_t length =
      ucnv_toUChars(converter, out.data(), static_cast<int32_t>(out.size()),
                    bytes.data(), static_cast<int32_t>(bytes.size()), &error);
  if (U_FAILURE(error)) return u"";
  out.resize(length);
  return out;
}

}  // namespace

absl::StatusOr<std::string> CanonicalEncodingName(absl::string_view name) {
  COOC_ASSIGN_OR_RETURN(UConverter* const raw, OpenConverter(name));
  ConverterPtr converter(raw);
  UErrorCode error = U_ZERO_ERROR;
  const char* canonical = ucnv_getName(converter.get(), &error);
  COOC_RETURN_IF_ERROR(IcuStatus(error, "naming an encoding"));
  return std::string(canonical);
}

bool IsUtf8Encoding(absl::string_view canonical) {
  return canonical == "UTF-8";
}

absl::string_view EncodingOfByteOrderMark(absl::string_view head) {
  if (absl::StartsWith(head, absl::string_view("\xFF\xFE\0\0", 4))) {
    return "UTF-32LE";
  }
  if (absl::StartsWith(head, absl::string_view("\0\0\xFE\xFF", 4))) {
    return "UTF-32BE";
  }
  if (absl::StartsWith(head, "\xFF\xFE")) return "UTF-16LE";
  if (absl::StartsWith(head, "\xFE\xFF")) return "UTF-16BE";
  return "";
}

std::string GuessEncoding(absl::string_view sample) {
  UErrorCode error = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&error);
  if (U_FAILURE(error)) return "";
  std::string guess;
  ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()),
                 &error);
  int32_t matches = 0;
  const UCharsetMatch** all = ucsdet_detectAll(detector, &matches, &error);
  for (int32_t i = 0; U_SUCCESS(error) && i < matches; ++i) {
    const char* name = ucsdet_getName(all[i], &error);
    if (U_SUCCESS(error) && name != nullptr && !IsUtf8Encoding(name)) {
      guess = name;
      break;
    }
  }
  ucsdet_close(detector);
  return guess;
}

absl::Status CheckLooksLikeUtf8(absl::string_view path,
                                absl::string_view sample, bool complete) {
  if (!complete) {
    // A sequence cut by the sample's end is not invalid: drop its bytes
    // (at most three, ending with its lead byte).
    size_t cut = sample.size();
    for (int back = 0; back < 3 && cut > 0; ++back) {
      const uint8_t byte = static_cast<uint8_t>(sample[cut - 1]);
      if (byte < 0x80) break;
      --cut;
      if (byte >= 0xC0) break;  // The lead byte.
    }
    sample = sample.substr(0, cut);
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(sample.data());
  const int32_t length = static_cast<int32_t>(sample.size());
  uint64_t invalid = 0;
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) invalid += i - start;
  }
  if (invalid * 100 <= sample.size()) return absl::OkStatus();
  const std::string guess = GuessEncoding(sample);
  if (guess.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, " does not look like UTF-8; give --encoding NAME, or "
              "--encoding utf-8 to count it as it is"));
  }
  return absl::InvalidArgumentError(absl::StrCat(
      path, " does not look like UTF-8 (it looks like ", guess,
      "); give --encoding ", guess,
      ", or --encoding utf-8 to count it as it is"));
}

absl::Status CheckSplitsAtLineFeeds(const std::string& encoding,
                                    absl::string_view path) {
  if (IsUtf8Encoding(encoding)) return absl::OkStatus();
  const absl::Status refused = absl::InvalidArgumentError(absl::StrCat(
      path, ": text in ", encoding,
      " cannot be read by byte ranges (a 0x0A byte is not always a line "
      "end in it); count the whole file"));
  COOC_ASSIGN_OR_RETURN(UConverter* const raw, OpenConverter(encoding));
  ConverterPtr converter(raw);
  switch (ucnv_getType(converter.get())) {
    case UCNV_SBCS:
    case UCNV_MBCS:
    case UCNV_LATIN_1:
    case UCNV_US_ASCII:
    case UCNV_UTF8:
      break;
    default:  // UTF-16/32, ISO-2022, HZ, UTF-7, SCSU, EBCDIC_STATEFUL...
      return refused;
  }
  if (ucnv_getMinCharSize(converter.get()) != 1) return refused;
  if (Decode(converter.get(), "\n") != u"\n") return refused;  // EBCDIC.
  char pair[2] = {0, '\n'};
  for (int lead = 0x80; lead <= 0xFF; ++lead) {
    pair[0] = static_cast<char>(lead);
    const std::u16string decoded =
        Decode(converter.get(), absl::string_view(pair, 2));
    if (decoded.empty() || decoded.back() != u'\n') return refused;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<TextDecoder>> TextDecoder::Create(
    const std::string& encoding) {
  auto decoder = absl::WrapUnique(new TextDecoder());
  COOC_ASSIGN_OR_RETURN(decoder->from_, OpenConverter(encoding));
  UErrorCode error = U_ZERO_ERROR;
  decoder->name_ = ucnv_getName(decoder->from_, &error);
  decoder->to_ = ucnv_open("UTF-8", &error);
  COOC_RETURN_IF_ERROR(IcuStatus(error, "opening the UTF-8 converter"));
  ucnv_setToUCallBack(decoder->from_, SubstituteAndCount,
                      &decoder->substitutions_, nullptr, nullptr, &error);
  COOC_RETURN_IF_ERROR(IcuStatus(error, "setting the decoder's callback"));
  return decoder;
}

TextDecoder::~TextDecoder() {
  if (from_ != nullptr) ucnv_close(from_);
  if (to_ != nullptr) ucnv_close(to_);
}

absl::StatusOr<bool> TextDecoder::Convert(const char** source,
                                          const char* source_end,
                                          char** target, char* target_end,
                                          bool flush) {
  UErrorCode error = U_ZERO_ERROR;
  ucnv_convertEx(to_, from_, target, target_end, source, source_end, pivot_,
                 &pivot_source_, &pivot_target_, pivot_ + std::size(pivot_),
                 reset_, flush, &error);
  reset_ = false;
  if (error == U_BUFFER_OVERFLOW_ERROR) return true;
  COOC_RETURN_IF_ERROR(
      IcuStatus(error, absl::StrCat("converting from ", name_)));
  return false;
}

}  // namespace cooc
