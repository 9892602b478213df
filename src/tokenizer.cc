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
//   scratch NFKC of `raw`, when case folding follows;
//   text    the final text, NFKC and then (FoldCase in icu_util) folded;
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
// number word, or none (spaces, punctuation, symbols, emoji, U+FFFD). Kept
// segments are written as UTF-8 straight into the caller's strings, which
// keep their capacity, so a steady-state call allocates nothing.
//
// Text longer than kMaxChunkBytes is handed to ICU in chunks cut after the
// last ASCII whitespace (word breaks always fall on both sides of it, so the
// tokens are unchanged); only a run of kMaxChunkBytes without any ASCII
// whitespace is cut at a code point boundary, which may split one word. This
// bounds the UTF-16 buffers and keeps every length within ICU's int32_t.
//
// NormalizeTerm runs the same Tokenize, so query terms are normalized exactly
// as corpus text; invalid UTF-8 in a term is counted in invalid_utf8_count()
// like any other input to this tokenizer.

#include "cooc/tokenizer.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/normalizer2.h"
#include "unicode/ubrk.h"
#include "unicode/unistr.h"
#include "unicode/ustring.h"
#include "unicode/utypes.h"

namespace cooc {
namespace {

// Largest piece of text handed to ICU at once (see the top comment).
constexpr size_t kMaxChunkBytes = size_t{1} << 22;  // 4 MiB

bool IsAscii(absl::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t high = 0;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    high |= word;
  }
  for (; n > 0; ++p, --n) high |= static_cast<unsigned char>(*p);
  return (high & UINT64_C(0x8080808080808080)) == 0;
}

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

bool InRange(int32_t status, int32_t begin, int32_t limit) {
  return status >= begin && status < limit;
}

}  // namespace

struct Tokenizer::Icu {
  // Prepares `text` (and points `words` at it) from the UTF-8 `chunk`,
  // folding case if `fold`. Returns the number of invalid UTF-8 sequences
  // replaced.
  int32_t Prepare(absl::string_view chunk, bool fold);

  // Appends the kept tokens of `text` to `*tokens`, starting at index
  // `count` and reusing the strings already there. Returns the new count.
  size_t Segment(bool keep_numbers, std::vector<std::string>* tokens,
                 size_t count);

  void PrepareAscii(absl::string_view chunk, bool fold);
  int32_t PrepareUnicode(absl::string_view chunk, bool fold);

  const icu::Normalizer2* nfkc = nullptr;  // Owned by ICU.
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
  // Output of Tokenize for NormalizeTerm.
  std::vector<std::string> term_tokens;
};

int32_t Tokenizer::Icu::Prepare(absl::string_view chunk, bool fold) {
  int32_t substitutions = 0;
  if (IsAscii(chunk)) {
    PrepareAscii(chunk, fold);
  } else {
    substitutions = PrepareUnicode(chunk, fold);
  }
  words->setText(text);
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

  UErrorCode code = U_ZERO_ERROR;
  if (!fold) {
    nfkc->normalize(raw, text, code);
    if (U_FAILURE(code)) text.remove();
    return substitutions;
  }
  nfkc->normalize(raw, scratch, code);
  if (U_FAILURE(code)) {
    text.remove();
    return substitutions;
  }
  if (!FoldCase(scratch, &text).ok()) text.remove();
  return substitutions;
}

size_t Tokenizer::Icu::Segment(bool keep_numbers,
                               std::vector<std::string>* tokens, size_t count) {
  const char16_t* chars = text.getBuffer();
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next()) {
    const int32_t status = words->getRuleStatus();
    const bool keep =
        InRange(status, UBRK_WORD_LETTER, UBRK_WORD_LETTER_LIMIT) ||
        InRange(status, UBRK_WORD_KANA, UBRK_WORD_KANA_LIMIT) ||
        InRange(status, UBRK_WORD_IDEO, UBRK_WORD_IDEO_LIMIT) ||
        (keep_numbers &&
         InRange(status, UBRK_WORD_NUMBER, UBRK_WORD_NUMBER_LIMIT));
    if (!keep) continue;
    std::string* token =
        count < tokens->size() ? &(*tokens)[count] : &tokens->emplace_back();
    ++count;
    if (ascii_utf8 != nullptr) {
      token->assign(ascii_utf8 + start, end - start);
    } else {
      Utf16ToUtf8(chars + start, end - start, token);
    }
  }
  return count;
}

absl::StatusOr<std::unique_ptr<Tokenizer>> Tokenizer::Create(
    const TokenizerOptions& options) {
  auto icu = std::make_unique<Icu>();
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
  return std::unique_ptr<Tokenizer>(new Tokenizer(options, std::move(icu)));
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
    count = icu_->Segment(options_.keep_numbers, tokens, count);
  }
  tokens->resize(count);
}

absl::StatusOr<std::string> Tokenizer::NormalizeTerm(absl::string_view term) {
  std::vector<std::string>& tokens = icu_->term_tokens;
  Tokenize(term, &tokens);
  if (tokens.size() == 1) return tokens[0];
  if (tokens.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "term \"", term,
        "\" yields no word token (spaces, punctuation and symbols are not "
        "words",
        options_.keep_numbers ? ""
                              : "; numbers are words only with keep_numbers",
        ")"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("term \"", term, "\" splits into ", tokens.size(),
                   " tokens: ", absl::StrJoin(tokens, " ")));
}

}  // namespace cooc
