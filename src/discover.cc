// DiscoverWords (the method is in cooc/discover.h): the inputs are read
// line by line into one array of 16-bit character ids, Han characters as
// their (NFKC) code points and a 0 wherever a run ends; NgramCounter
// (ngram_counter.h) counts it; then each frequent n-gram's entropies and
// cohesion are computed from the counts, the thresholds applied, and the
// survivors that ICU's word break returns whole are dropped.

#include "cooc/discover.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "cooc/segeval.h"
#include "cooc/tokenizer.h"
#include "icu_util.h"
#include "line_reader.h"
#include "ngram_counter.h"
#include "status_macros.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"
#include "unicode/utf8.h"

namespace cooc {
namespace {

// For each BMP code point, its character id: the code point if it is a Han
// character (Ideographic), its NFKC form for a compatibility ideograph,
// else 0 (it ends a run).
absl::StatusOr<std::vector<uint16_t>> HanIds() {
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(code);
  COOC_RETURN_IF_ERROR(IcuStatus(code, "loading the NFKC normalizer"));
  std::vector<uint16_t> ids(1 << 16, 0);
  for (UChar32 c = 1; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c) || !u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
      continue;
    }
    icu::UnicodeString decomposition;
    if (!nfkc->getDecomposition(c, decomposition)) {
      ids[c] = static_cast<uint16_t>(c);
    } else if (decomposition.length() == 1 &&
               u_hasBinaryProperty(decomposition.charAt(0),
                                   UCHAR_IDEOGRAPHIC)) {
      ids[c] = decomposition.charAt(0);
    }
  }
  return ids;
}

// Appends the character ids of `inputs` to `*text`, a 0 after every run.
absl::Status ReadText(const std::vector<std::string>& inputs,
                      const std::string& encoding,
                      const std::vector<uint16_t>& ids,
                      std::vector<uint16_t>* text) {
  text->push_back(0);
  for (const std::string& input : inputs) {
    COOC_ASSIGN_OR_RETURN(
        std::unique_ptr<LineReader> reader,
        LineReader::Open(input, 1 << 20, ByteRange(), encoding));
    LinePiece piece;
    while (true) {
      COOC_ASSIGN_OR_RETURN(const bool more, reader->Next(&piece));
      if (!more) break;
      const auto* bytes = reinterpret_cast<const uint8_t*>(piece.text.data());
      const int32_t length = static_cast<int32_t>(piece.text.size());
      for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        const uint16_t id = c > 0 && c < 0x10000 ? ids[c] : 0;
        if (id != 0 || text->back() != 0) text->push_back(id);
      }
      if (piece.ends_line && text->back() != 0) text->push_back(0);
    }
  }
  if (text->back() != 0) text->push_back(0);
  return absl::OkStatus();
}

std::string Utf8(const std::vector<uint16_t>& chars) {
  std::u16string utf16(chars.begin(), chars.end());
  std::string out;
  Utf16ToUtf8(utf16.data(), static_cast<int32_t>(utf16.size()), &out);
  return out;
}

// The entropy of the neighbours of an n-gram seen `count` times whose
// extensions on that side sum to `clogc` (sum of c log2 c); occurrences
// without a Han neighbour count as neighbours seen once each (0 in the sum).
double Entropy(uint64_t count, double clogc) {
  const double n = static_cast<double>(count);
  return std::max(0.0, std::log2(n) - clogc / n);
}

// The smallest PMI (bits) over the split points of `key`, `length`
// characters seen `count` times, in a text of `total` characters.
double Cohesion(const NgramCounter& counts, NgramCounter::Key key, int length,
                uint64_t count, uint64_t total) {
  double cohesion = INFINITY;
  for (int left = 1; left < length; ++left) {
    const int right = length - left;
    const NgramCounter::Key prefix = key >> (16 * right);
    const NgramCounter::Key suffix =
        key & ((NgramCounter::Key(1) << (16 * right)) - 1);
    const double parts = static_cast<double>(counts.Count(prefix, left)) *
                         static_cast<double>(counts.Count(suffix, right));
    cohesion = std::min(
        cohesion, std::log2(static_cast<double>(count) *
                            static_cast<double>(total) / parts));
  }
  return cohesion;
}

// True if `tokens`, the base segmentation of a candidate, is a split that
// `pieces` keeps (one token never is).
bool KeepsSplit(const std::vector<std::string>& tokens, DiscoverPieces pieces) {
  if (tokens.size() < 2) return false;
  const auto single = [](const std::string& token) {
    // One BMP Han character is three bytes of UTF-8.
    return token.size() == 3;
  };
  switch (pieces) {
    case DiscoverPieces::kAny:
      return true;
    case DiscoverPieces::kCharacters:
      return std::all_of(tokens.begin(), tokens.end(), single);
    case DiscoverPieces::kWordThenCharacters:
      return std::all_of(tokens.begin() + 1, tokens.end(), single);
  }
  return true;
}

absl::Status Validate(const DiscoverOptions& options) {
  if (options.min_count < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("min-count must be at least 2, not ", options.min_count));
  }
  if (options.max_length < 2 || options.max_length > 7) {
    return absl::InvalidArgumentError(absl::StrCat(
        "max-length must be from 2 to 7, not ", options.max_length));
  }
  if (!std::isfinite(options.min_cohesion) ||
      !std::isfinite(options.min_entropy)) {
    return absl::InvalidArgumentError(
        "min-cohesion and min-entropy must be finite numbers");
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view DiscoverPiecesName(DiscoverPieces pieces) {
  switch (pieces) {
    case DiscoverPieces::kAny: return "any";
    case DiscoverPieces::kCharacters: return "chars";
    case DiscoverPieces::kWordThenCharacters: break;
  }
  return "word-chars";
}

absl::StatusOr<DiscoverPieces> ParseDiscoverPieces(absl::string_view name) {
  for (DiscoverPieces pieces :
       {DiscoverPieces::kAny, DiscoverPieces::kCharacters,
        DiscoverPieces::kWordThenCharacters}) {
    if (name == DiscoverPiecesName(pieces)) return pieces;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown pieces rule '", name, "' (valid: word-chars, chars, any)"));
}

absl::StatusOr<Discovery> DiscoverWords(const std::vector<std::string>& inputs,
                                        const DiscoverOptions& options) {
  COOC_RETURN_IF_ERROR(Validate(options));
  if (inputs.empty()) {
    return absl::InvalidArgumentError("no input files (use - for stdin)");
  }
  COOC_ASSIGN_OR_RETURN(const std::vector<uint16_t> ids, HanIds());
  std::vector<uint16_t> text;
  COOC_RETURN_IF_ERROR(ReadText(inputs, options.encoding, ids, &text));

  NgramCounter::Options counting;
  counting.min_count = options.min_count;
  counting.max_length = options.max_length;
  counting.threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  counting.memory_bytes = options.memory_mb << 20;
  const NgramCounter counts(text, counting);
  std::vector<uint16_t>().swap(text);

  Discovery discovery;
  discovery.han_characters = counts.characters();
  discovery.extra_scans = counts.extra_scans();
  // The base segmentation is the one segeval scores.
  COOC_ASSIGN_OR_RETURN(
      std::unique_ptr<Tokenizer> icu,
      Tokenizer::Create(SegmentationTokenizerOptions(options.dictionary)));
  std::vector<std::string> tokens;
  for (int n = 2; n <= options.max_length; ++n) {
    for (const auto& [key, entry] : counts.level(n)) {
      const double left = Entropy(entry.count, entry.left_sum);
      const double right = Entropy(entry.count, entry.right_sum);
      if (left < options.min_entropy || right < options.min_entropy) continue;
      const double cohesion =
          Cohesion(counts, key, n, entry.count, counts.characters());
      if (cohesion < options.min_cohesion) continue;
      std::string word = Utf8(NgramCounter::Characters(key, n));
      icu->Tokenize(word, &tokens);
      if (tokens.size() == 1) {
        ++discovery.icu_words_dropped;
        continue;
      }
      if (!KeepsSplit(tokens, options.pieces)) {
        ++discovery.split_dropped;
        continue;
      }
      discovery.words.push_back(
          {std::move(word), entry.count, cohesion, left, right});
    }
  }
  std::sort(discovery.words.begin(), discovery.words.end(),
            [](const DiscoveredWord& a, const DiscoveredWord& b) {
              return a.count != b.count ? a.count > b.count : a.word < b.word;
            });
  if (options.top > 0 && discovery.words.size() > options.top) {
    discovery.words.resize(options.top);
  }
  return discovery;
}

}  // namespace cooc
