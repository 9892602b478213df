// Loading a user dictionary: parse "WORD[<TAB>FREQUENCY]" lines, normalize
// each word to NFKC (as the Tokenizer normalizes text), merge duplicates
// (highest frequency wins), sort, and fingerprint the result with FNV-1a so
// that a database can tell whether it is given the same dictionary again.

#include "cooc/user_dictionary.h"

#include <algorithm>
#include <optional>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "icu_util.h"
#include "status_macros.h"
#include "word_list.h"

namespace cooc {

UserDictionary::UserDictionary(std::string source, std::vector<Entry> entries)
    : source_(std::move(source)), entries_(std::move(entries)) {
  uint64_t hash = kFnv64Basis;
  for (const Entry& entry : entries_) {
    total_frequency_ += entry.frequency;
    hash = Fnv1a64(entry.word, hash);
    hash = Fnv1a64(absl::StrCat("\t", entry.frequency, "\n"), hash);
  }
  checksum_ = hash == 0 ? 1 : hash;
}

absl::StatusOr<std::shared_ptr<const UserDictionary>> UserDictionary::Load(
    const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::string contents,
                        ReadWordListFile(path, "dictionary"));
  return Parse(contents, path);
}

absl::StatusOr<std::shared_ptr<const UserDictionary>> UserDictionary::Parse(
    absl::string_view contents, absl::string_view name) {
  absl::flat_hash_map<std::string, uint64_t> frequencies;
  const auto error = [name](int line_number, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("dictionary ", name, ":", line_number, ": ", why,
                     " (each line is WORD, WORD<TAB>FREQUENCY or jieba's "
                     "WORD FREQUENCY [TAG])"));
  };
  COOC_RETURN_IF_ERROR(ForEachWordListLine(
      contents, [&](int line_number, absl::string_view line) -> absl::Status {
        absl::string_view word = line;
        std::optional<absl::string_view> number;
        const size_t tab = line.find('\t');
        if (tab != absl::string_view::npos) {  // WORD<TAB>FREQUENCY
          word = line.substr(0, tab);
          number = line.substr(tab + 1);
          while (!number->empty() && number->front() == ' ') {
            number->remove_prefix(1);
          }
          if (number->find('\t') != absl::string_view::npos) {
            return error(line_number, "more than one tab");
          }
          while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
          if (word.empty()) return error(line_number, "no word before the tab");
        } else if (line.find(' ') != absl::string_view::npos) {
          // jieba's WORD FREQUENCY [TAG], fields separated by spaces; the
          // part-of-speech tag is accepted and ignored.
          const std::vector<absl::string_view> fields =
              absl::StrSplit(line, ' ', absl::SkipEmpty());
          if (fields.size() > 3) {
            return error(line_number,
                         "more than three fields separated by spaces");
          }
          word = fields[0];
          number = fields[1];
        }
        uint64_t frequency = 1;
        if (number.has_value() &&
            (!absl::SimpleAtoi(*number, &frequency) || frequency == 0 ||
             number->front() == '+' || number->front() == '-')) {
          return error(line_number, absl::StrCat("frequency '", *number,
                                                 "' is not a whole number >= 1"));
        }
        absl::StatusOr<std::string> normalized = NormalizeListWord(
            word, /*fold=*/false, ", which a word never does");
        if (!normalized.ok()) {
          return error(line_number, normalized.status().message());
        }
        if (normalized->empty()) {
          return error(line_number, "the word is empty after NFKC");
        }
        uint64_t& stored = frequencies[*normalized];
        stored = std::max(stored, frequency);
        return absl::OkStatus();
      }));
  if (frequencies.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("dictionary ", name, " has no words"));
  }
  std::vector<Entry> entries;
  entries.reserve(frequencies.size());
  for (auto& [word, frequency] : frequencies) {
    entries.push_back({word, frequency});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.word < b.word; });
  return std::shared_ptr<const UserDictionary>(
      new UserDictionary(std::string(name), std::move(entries)));
}

}  // namespace cooc
