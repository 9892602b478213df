// libFuzzer target for Tokenizer (include/cooc/tokenizer.h).
//
// Input: one configuration byte, then the text (any bytes, one "line").
// The configuration byte picks the options:
//   bit 0     case: fold (0) or keep (1)
//   bit 1     keep_numbers
//   bit 2     keep_punctuation
//   bits 3-4  stopwords: none, en, zh, none
//   bit 5     a small built-in user dictionary (below)
//   bits 6-7  min_length 0..3
//
// Checked on every input (abort() on a violation, so libFuzzer saves it):
//   - every token is non-empty, valid UTF-8, holds no ASCII white space,
//     and has at least min_length code points;
//   - a token that normalizes as a query term to one term normalizes to
//     itself (so every stored term can be looked up);
//   - invalid_utf8_count() grows exactly when the text is not valid UTF-8;
//   - tokenizing again (into a vector holding other strings) gives the same
//     tokens: no state leaks from one call into the next;
//   - ASCII text gives the same tokens through the ASCII fast path and
//     through the general ICU path (forced by a leading U+3000, which NFKC
//     makes a plain space);
//   - the filters of steps 5 and 6 only filter (tokenizer.h): the tokens
//     are those of the same options without min_length and stopwords,
//     minus the short ones and the stopwords, and a subsequence of the
//     tokens with numbers and punctuation kept.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "cooc/stopwords.h"
#include "cooc/tokenizer.h"
#include "cooc/user_dictionary.h"

namespace cooc {
namespace {

// Words that make the dictionary join and split ICU's segments (see the
// examples in tokenizer.h), with a few Latin entries and a number.
constexpr char kDictionary[] =
    "马克斯\n研究\n生命\n研究生\t3\n自然语言\n处理\n新\n的\n2001年\n"
    "东京\nとうきょう\nnew-york\n";

void Fail(absl::string_view what, absl::string_view detail) {
  std::fprintf(stderr, "tokenizer_fuzz: %.*s: %.*s\n",
               static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void Check(bool ok, absl::string_view what, absl::string_view detail = "") {
  if (!ok) Fail(what, detail);
}

// Returns whether `s` is well-formed UTF-8 (Unicode 3.9, table 3-7: no
// overlong forms, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(absl::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  for (size_t i = 0; i < n;) {
    const unsigned char c = p[i];
    size_t length;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // Bounds of the second byte.
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > n || p[i + 1] < low || p[i + 1] > high) return false;
    for (size_t k = 2; k < length; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// Code points of valid UTF-8 `s`.
int CodePoints(absl::string_view s) {
  int count = 0;
  for (const char c : s) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }
  return count;
}

bool IsAscii(absl::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Render(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& token : tokens) {
    absl::StrAppend(&out, "[", token, "]");
  }
  return out;
}

TokenizerOptions OptionsFor(uint8_t config) {
  static const std::shared_ptr<const UserDictionary> dictionary = [] {
    auto parsed = UserDictionary::Parse(kDictionary, "fuzz dictionary");
    if (!parsed.ok()) Fail("dictionary", parsed.status().ToString());
    return *parsed;
  }();
  TokenizerOptions options;
  options.case_folding = (config & 1) ? CaseFolding::kKeep : CaseFolding::kFold;
  options.keep_numbers = (config & 2) != 0;
  options.keep_punctuation = (config & 4) != 0;
  const int stopwords = (config >> 3) & 3;
  if (stopwords == 1 || stopwords == 2) {
    auto list = StopwordList::Builtin(stopwords == 1 ? "en" : "zh");
    if (!list.ok()) Fail("stopwords", list.status().ToString());
    options.stopwords = *list;
  }
  if (config & 32) options.dictionary = dictionary;
  options.min_length = config >> 6;
  return options;
}

// One tokenizer per configuration, made on first use: ICU's break
// iterators are slow to create.
Tokenizer& TokenizerFor(uint8_t config) {
  static std::array<std::unique_ptr<Tokenizer>, 256> tokenizers;
  std::unique_ptr<Tokenizer>& tokenizer = tokenizers[config];
  if (tokenizer == nullptr) {
    auto created = Tokenizer::Create(OptionsFor(config));
    if (!created.ok()) Fail("Tokenizer::Create", created.status().ToString());
    tokenizer = std::move(*created);
  }
  return *tokenizer;
}

// The configuration `config` without min_length and stopwords.
uint8_t Unfiltered(uint8_t config) { return config & 0x27; }

void CheckTokens(const std::vector<std::string>& tokens,
                 const TokenizerOptions& options) {
  for (const std::string& token : tokens) {
    Check(!token.empty(), "empty token");
    Check(IsValidUtf8(token), "token is not valid UTF-8", token);
    Check(token.find_first_of(" \t\n\r\v\f") == std::string::npos,
          "token holds ASCII white space", token);
    Check(CodePoints(token) >= options.min_length, "token below min_length",
          token);
  }
}

// Step 6 only drops tokens: `tokens` are `unfiltered` minus the short ones
// and (when folding, where the token is its folded form) the stopwords.
void CheckLengthAndStopwordFilters(const std::vector<std::string>& tokens,
                                   const std::vector<std::string>& unfiltered,
                                   const TokenizerOptions& options) {
  if (options.stopwords != nullptr &&
      options.case_folding != CaseFolding::kFold) {
    return;  // Stopwords are matched in folded form, which we lack here.
  }
  std::vector<std::string> expected;
  for (const std::string& token : unfiltered) {
    if (CodePoints(token) < options.min_length) continue;
    if (options.stopwords != nullptr && options.stopwords->Contains(token)) {
      continue;
    }
    expected.push_back(token);
  }
  Check(tokens == expected, "min_length/stopword filter changed tokens",
        absl::StrCat(Render(tokens), " vs ", Render(expected)));
}

bool IsSubsequence(const std::vector<std::string>& sub,
                   const std::vector<std::string>& all) {
  size_t i = 0;
  for (const std::string& token : all) {
    if (i < sub.size() && sub[i] == token) ++i;
  }
  return i == sub.size();
}

void FuzzOne(uint8_t config, absl::string_view text) {
  Tokenizer& tokenizer = TokenizerFor(config);
  const TokenizerOptions& options = tokenizer.options();
  std::vector<std::string> tokens;
  const uint64_t invalid_before = tokenizer.invalid_utf8_count();
  tokenizer.Tokenize(text, &tokens);
  CheckTokens(tokens, options);
  const bool replaced = tokenizer.invalid_utf8_count() != invalid_before;
  for (const std::string& token : tokens) {
    const absl::StatusOr<std::string> term = tokenizer.NormalizeTerm(token);
    Check(!term.ok() || *term == token, "a token is not its own term",
          absl::StrCat(token, " -> ", term.ok() ? *term : ""));
  }
  Check(replaced != IsValidUtf8(text), "invalid_utf8_count disagrees",
        IsValidUtf8(text) ? "valid text, count grew" : "invalid, count same");

  std::vector<std::string> again = {"stale", std::string(100, 'x'), ""};
  tokenizer.Tokenize(text, &again);
  Check(again == tokens, "second Tokenize differs",
        absl::StrCat(Render(tokens), " vs ", Render(again)));

  if (IsAscii(text)) {
    std::vector<std::string> general;
    tokenizer.Tokenize(absl::StrCat("\xE3\x80\x80", text), &general);
    Check(general == tokens, "ASCII fast path differs from the ICU path",
          absl::StrCat(Render(tokens), " vs ", Render(general)));
  }

  std::vector<std::string> unfiltered;
  TokenizerFor(Unfiltered(config)).Tokenize(text, &unfiltered);
  CheckLengthAndStopwordFilters(tokens, unfiltered, options);
  std::vector<std::string> everything;
  TokenizerFor(Unfiltered(config) | 6).Tokenize(text, &everything);
  Check(IsSubsequence(unfiltered, everything),
        "keeping numbers or punctuation moved token boundaries",
        absl::StrCat(Render(unfiltered), " vs ", Render(everything)));
}

}  // namespace
}  // namespace cooc

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  cooc::FuzzOne(
      data[0],
      absl::string_view(reinterpret_cast<const char*>(data) + 1, size - 1));
  return 0;
}
