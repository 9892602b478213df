// DiscoverWords (the method is in cooc/discover.h): the inputs are read
// line by line into one array of 16-bit symbol ids, Han characters as
// their (NFKC) code points, each number as a placeholder (after a 0: it
// starts a run) and a 0 wherever a run ends. TextBuilder finds the numbers
// as ICU's word break does (Word_Break=Numeric digits, one MidNum,
// MidNumLet or Single_Quote separator between two digits, and no letter
// next to them; ICU makes x37 one token, so it is no number), keeping each
// number's NFKC text. Then the numbers seen min_count times get ids of
// their own, from the code points that are not Han ids, and every other
// number becomes a run end (it can be in no frequent n-gram). NgramCounter
// (ngram_counter.h) counts the array; then each frequent n-gram's
// entropies and cohesion are computed from the counts, the thresholds
// applied, and the survivors that ICU's word break returns whole (or
// splits otherwise than `pieces` asks) are dropped. A number is always
// first in its run, so it is the first symbol of any n-gram it is in; only
// the 2-grams of a number and a Han character are candidates.

#include "cooc/discover.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "ascii.h"
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

// What a code point is to the reader of the text (ReadText).
enum class CharKind : uint8_t {
  kOther,      // Ends a run.
  kHan,        // A Han character: its id.
  kDigit,      // Word_Break=Numeric: part of a number.
  kSeparator,  // Word_Break=MidNum, MidNumLet or Single_Quote: inside a
               // number between two digits (3.5, 1,000).
  kLetter,     // Word_Break=ALetter, Hebrew_Letter or ExtendNumLet: ICU
               // makes one token of it and an adjacent number (3G, a3).
  kExtend,     // Word_Break=Extend, Format or ZWJ: belongs to the code
               // point before it.
};

CharKind KindOf(UChar32 c) {
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_NUMERIC:
      return CharKind::kDigit;
    case U_WB_MIDNUM:
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return CharKind::kSeparator;
    case U_WB_ALETTER:
    case U_WB_HEBREW_LETTER:
    case U_WB_EXTENDNUMLET:
      return CharKind::kLetter;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
    case U_WB_ZWJ:
      return CharKind::kExtend;
    default:
      return CharKind::kOther;
  }
}

// For each BMP code point, its character id: the code point if it is a Han
// character (Ideographic), its NFKC form for a compatibility ideograph,
// else 0; and its kind.
struct CharTable {
  std::vector<uint16_t> ids;
  std::vector<CharKind> kinds;
};

absl::StatusOr<CharTable> MakeCharTable() {
  UErrorCode code = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(code);
  COOC_RETURN_IF_ERROR(IcuStatus(code, "loading the NFKC normalizer"));
  CharTable table;
  table.ids.assign(1 << 16, 0);
  table.kinds.assign(1 << 16, CharKind::kOther);
  for (UChar32 c = 1; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c)) continue;
    if (!u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
      table.kinds[c] = KindOf(c);
      continue;
    }
    icu::UnicodeString decomposition;
    if (!nfkc->getDecomposition(c, decomposition)) {
      table.ids[c] = static_cast<uint16_t>(c);
    } else if (decomposition.length() == 1 &&
               u_hasBinaryProperty(decomposition.charAt(0),
                                   UCHAR_IDEOGRAPHIC)) {
      table.ids[c] = decomposition.charAt(0);
    }
    if (table.ids[c] != 0) table.kinds[c] = CharKind::kHan;
  }
  return table;
}

// The id that stands for a number in the text until the numbers are
// counted (not a Han character's id).
constexpr uint16_t kNumberPlaceholder = 0xFFFF;

// The text as ReadText makes it: character ids, a 0 wherever a run ends,
// and kNumberPlaceholder for each number, always at the start of a run;
// `numbers` has the index (into `number_texts`) of each placeholder's
// number, in order.
struct Text {
  std::vector<uint16_t> ids;
  std::vector<uint32_t> numbers;
  std::vector<std::string> number_texts;  // NFKC.
  std::vector<uint64_t> number_counts;
};

// Turns code points into Text, one at a time, across the pieces of a line.
class TextBuilder {
 public:
  TextBuilder(const CharTable& table, Text* text)
      : table_(table), text_(*text) {
    text_.ids.push_back(0);
  }

  absl::Status Add(UChar32 c) {
    const CharKind kind = c >= 0 && c < 0x10000 ? table_.kinds[c]
                          : c >= 0x10000        ? KindOf(c)
                                                : CharKind::kOther;
    if (kind == CharKind::kExtend && !number_.empty() && separator_ == 0) {
      attached_ = true;  // ICU keeps it with the digit before it.
      return absl::OkStatus();
    }
    if (!number_.empty()) {
      if (kind == CharKind::kDigit) {
        if (separator_ != 0) AppendUtf8(separator_);
        AppendUtf8(c);
        separator_ = 0;
        return absl::OkStatus();
      }
      if (kind == CharKind::kSeparator && separator_ == 0) {
        separator_ = c;
        return absl::OkStatus();
      }
      // The number ends. A letter right after its last digit makes one ICU
      // token with it; after a separator, the separator ends it.
      if (kind == CharKind::kLetter && separator_ == 0) attached_ = true;
      COOC_RETURN_IF_ERROR(EndNumber());
    } else if (kind == CharKind::kDigit) {
      AppendUtf8(c);
      attached_ = after_letter_;
      after_letter_ = false;
      return absl::OkStatus();
    }
    // A mark after a letter leaves it a letter (ICU's rule WB4).
    if (kind != CharKind::kExtend) after_letter_ = kind == CharKind::kLetter;
    const uint16_t id = kind == CharKind::kHan ? table_.ids[c] : 0;
    if (id != 0 || text_.ids.back() != 0) text_.ids.push_back(id);
    return absl::OkStatus();
  }

  // A line ends: so does the run.
  absl::Status EndLine() {
    if (!number_.empty()) COOC_RETURN_IF_ERROR(EndNumber());
    after_letter_ = false;
    if (text_.ids.back() != 0) text_.ids.push_back(0);
    return absl::OkStatus();
  }

 private:
  void AppendUtf8(UChar32 c) {
    char buffer[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, c);
    number_.append(buffer, length);
  }

  // Adds the number read, or ends the run if ICU would not make a token of
  // it alone (a letter is attached).
  absl::Status EndNumber() {
    // A separator after the last digit is not part of the number: it ends
    // the run.
    const bool separator_after = separator_ != 0;
    separator_ = 0;
    if (attached_) {
      if (text_.ids.back() != 0) text_.ids.push_back(0);
    } else {
      bool ascii = true;
      for (const char byte : number_) ascii &= (byte & 0x80) == 0;
      if (!ascii) {
        COOC_ASSIGN_OR_RETURN(number_, NormalizeUtf8(number_, false, nullptr));
      }
      auto [it, inserted] = index_.try_emplace(
          number_, static_cast<uint32_t>(text_.number_texts.size()));
      if (inserted) {
        text_.number_texts.push_back(number_);
        text_.number_counts.push_back(0);
      }
      ++text_.number_counts[it->second];
      text_.numbers.push_back(it->second);
      if (text_.ids.back() != 0) text_.ids.push_back(0);
      text_.ids.push_back(kNumberPlaceholder);
      if (separator_after) text_.ids.push_back(0);
    }
    number_.clear();
    attached_ = false;
    return absl::OkStatus();
  }

  const CharTable& table_;
  Text& text_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::string number_;         // The number being read (UTF-8), or empty.
  UChar32 separator_ = 0;      // A separator after its last digit, or 0.
  bool attached_ = false;      // A letter is attached to the number.
  bool after_letter_ = false;  // The last code point was a letter.
};

// Reads `inputs` into `*text`, each line piece converted by `convert`
// first (after NFKC, as the tokenizer converts) unless it is null.
absl::Status ReadText(const std::vector<std::string>& inputs,
                      const std::string& encoding, const CharTable& table,
                      icu::Transliterator* convert, Text* text) {
  TextBuilder builder(table, text);
  icu::UnicodeString converted;
  for (const std::string& input : inputs) {
    COOC_ASSIGN_OR_RETURN(
        std::unique_ptr<LineReader> reader,
        LineReader::Open(input, 1 << 20, ByteRange(), encoding));
    LinePiece piece;
    while (true) {
      COOC_ASSIGN_OR_RETURN(const bool more, reader->Next(&piece));
      if (!more) break;
      if (convert != nullptr && !IsAscii(piece.text)) {
        COOC_ASSIGN_OR_RETURN(const std::string normalized,
                              NormalizeUtf8(piece.text, false, nullptr));
        converted = icu::UnicodeString::fromUTF8(normalized);
        convert->transliterate(converted);
        for (int32_t i = 0; i < converted.length();) {
          const UChar32 c = converted.char32At(i);
          i += U16_LENGTH(c);
          COOC_RETURN_IF_ERROR(builder.Add(c));
        }
      } else {
        const auto* bytes =
            reinterpret_cast<const uint8_t*>(piece.text.data());
        const int32_t length = static_cast<int32_t>(piece.text.size());
        for (int32_t i = 0; i < length;) {
          UChar32 c;
          U8_NEXT(bytes, i, length, c);
          COOC_RETURN_IF_ERROR(builder.Add(c));
        }
      }
      if (piece.ends_line) COOC_RETURN_IF_ERROR(builder.EndLine());
    }
  }
  return builder.EndLine();
}

// Gives the numbers of `*text` seen at least `min_count` times ids of their
// own, the most frequent first, from the code points that are not Han ids
// (the rarest go without if there are more of them than such ids), and
// stores their texts by id in `*number_of_id`; every other number becomes a
// run end. Returns the occurrences of the numbers that got an id.
uint64_t AssignNumberIds(
    uint64_t min_count, Text* text,
    absl::flat_hash_map<uint16_t, std::string>* number_of_id) {
  std::vector<uint32_t> order;
  for (uint32_t i = 0; i < text->number_counts.size(); ++i) {
    if (text->number_counts[i] >= min_count) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return text->number_counts[a] != text->number_counts[b]
               ? text->number_counts[a] > text->number_counts[b]
               : text->number_texts[a] < text->number_texts[b];
  });
  std::vector<uint16_t> id_of(text->number_counts.size(), 0);
  uint32_t next = 1;
  for (const uint32_t number : order) {
    while (next < kNumberPlaceholder &&
           u_hasBinaryProperty(next, UCHAR_IDEOGRAPHIC)) {
      ++next;
    }
    if (next >= kNumberPlaceholder) break;
    id_of[number] = static_cast<uint16_t>(next);
    (*number_of_id)[static_cast<uint16_t>(next)] = text->number_texts[number];
    ++next;
  }
  // Replace the placeholders in place, dropping a 0 that would follow a 0.
  uint64_t counted = 0;
  size_t out = 0;
  size_t k = 0;
  for (size_t i = 0; i < text->ids.size(); ++i) {
    uint16_t id = text->ids[i];
    if (id == kNumberPlaceholder) {
      id = id_of[text->numbers[k++]];
      counted += id != 0;
    }
    if (id == 0 && out > 0 && text->ids[out - 1] == 0) continue;
    text->ids[out++] = id;
  }
  text->ids.resize(out);
  return counted;
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

// True if `tokens`, the base segmentation of a candidate whose first
// symbol is the number `number` (empty if it is a Han character), is a
// split that `pieces` keeps (one token never is). A single symbol is one
// Han character or that number.
bool KeepsSplit(const std::vector<std::string>& tokens, DiscoverPieces pieces,
                absl::string_view number) {
  if (tokens.size() < 2) return false;
  const auto single = [number](const std::string& token) {
    // One BMP Han character is three bytes of UTF-8.
    return token.size() == 3 || (!number.empty() && token == number);
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
  COOC_ASSIGN_OR_RETURN(const CharTable table, MakeCharTable());
  Text text;
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<icu::Transliterator> convert,
                        NewScriptConverter(options.script_conversion));
  COOC_RETURN_IF_ERROR(
      ReadText(inputs, options.encoding, table, convert.get(), &text));
  absl::flat_hash_map<uint16_t, std::string> number_of_id;
  const uint64_t numbers =
      AssignNumberIds(options.min_count, &text, &number_of_id);
  std::vector<uint32_t>().swap(text.numbers);
  std::vector<std::string>().swap(text.number_texts);

  NgramCounter::Options counting;
  counting.min_count = options.min_count;
  counting.max_length = options.max_length;
  counting.threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  counting.memory_bytes = options.memory_mb << 20;
  const NgramCounter counts(text.ids, counting);
  text = Text();

  Discovery discovery;
  discovery.han_characters = counts.characters() - numbers;
  discovery.numbers = numbers;
  discovery.extra_scans = counts.extra_scans();
  // The base segmentation is the one segeval scores.
  TokenizerOptions base = SegmentationTokenizerOptions(options.dictionary);
  base.script_conversion = options.script_conversion;
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> icu,
                        Tokenizer::Create(base));
  std::vector<std::string> tokens;
  for (int n = 2; n <= options.max_length; ++n) {
    for (const auto& [key, entry] : counts.level(n)) {
      const auto number = number_of_id.find(
          static_cast<uint16_t>(absl::Uint128Low64(key >> (16 * (n - 1)))));
      // A number takes one character (its unit: 2000年, 3万, 5个); what
      // follows the unit is another word (1日 电, 3个 月).
      if (number != number_of_id.end() && n > 2) continue;
      const double left = Entropy(entry.count, entry.left_sum);
      const double right = Entropy(entry.count, entry.right_sum);
      if (left < options.min_entropy || right < options.min_entropy) continue;
      const double cohesion =
          Cohesion(counts, key, n, entry.count, counts.characters() - numbers);
      if (cohesion < options.min_cohesion) continue;
      std::vector<uint16_t> chars = NgramCounter::Characters(key, n);
      absl::string_view number_text;
      std::string word;
      if (number != number_of_id.end()) {
        number_text = number->second;
        word = number->second;
        chars.erase(chars.begin());
      }
      word += Utf8(chars);
      icu->Tokenize(word, &tokens);
      if (tokens.size() == 1) {
        ++discovery.icu_words_dropped;
        continue;
      }
      if (!KeepsSplit(tokens, options.pieces, number_text)) {
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
