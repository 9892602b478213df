// UserDictionary: words the tokenizer keeps whole, on top of ICU.
//
//   text -> [tokens] -> pairs -> ...
//           ICU word break, then dictionary joining (TokenizerOptions)
//
// A dictionary file is UTF-8 text with one entry per line:
//
//   WORD
//   WORD<TAB>FREQUENCY
//   WORD FREQUENCY [TAG]      (jieba's format: fields separated by spaces;
//                              the part-of-speech TAG is ignored)
//
// FREQUENCY is a whole number >= 1 (1 when left out); relative frequencies
// decide between segmentations that need the same number of words (see
// tokenizer.h for the rule). Blank lines are skipped, a leading byte-order
// mark and "\r\n" line ends are accepted, and spaces around WORD are
// trimmed. There is no comment syntax: "#" is a word like any other. A word
// cannot contain whitespace (the tokenizer never joins across a space): a
// line with spaces and no tab is read in jieba's format, and a word with
// other whitespace (U+3000, ...) is an error, as is a line with more than
// one tab or more than three space-separated fields, a bad frequency,
// invalid UTF-8 or a file without any word.
//
// Words are stored NFKC-normalized (full-width "２００１年" is "2001年"), as
// text is; a tokenizer that folds case also folds the words. A word listed
// twice (or two spellings that NFKC makes equal) keeps its highest
// frequency.

#ifndef COOC_INCLUDE_COOC_USER_DICTIONARY_H_
#define COOC_INCLUDE_COOC_USER_DICTIONARY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace cooc {

class DictionaryTrie;  // Private: src/dictionary_segmenter.h.

// An immutable word list with frequencies. Thread-safe; share it between
// tokenizers with the shared_ptr: they also share the lookup structure the
// first of them compiles from it.
class UserDictionary {
 public:
  struct Entry {
    std::string word;        // NFKC-normalized UTF-8, not case folded.
    uint64_t frequency = 1;  // >= 1.
  };

  // Reads the dictionary file at `path`. Returns NotFound if it does not
  // exist, PermissionDenied if it cannot be read, and InvalidArgument
  // (naming the file and line) if it is a directory or does not parse.
  static absl::StatusOr<std::shared_ptr<const UserDictionary>> Load(
      const std::string& path);

  // Parses `contents`, the text of a dictionary file; `name` is used in
  // error messages ("name:line: ..."). Errors as for Load.
  static absl::StatusOr<std::shared_ptr<const UserDictionary>> Parse(
      absl::string_view contents, absl::string_view name);

  // Not copyable.
  UserDictionary(const UserDictionary&) = delete;
  UserDictionary& operator=(const UserDictionary&) = delete;

  // The entries, sorted by word (bytewise), each word once.
  const std::vector<Entry>& entries() const { return entries_; }

  // Sum of the entries' frequencies.
  uint64_t total_frequency() const { return total_frequency_; }

  // A 64-bit fingerprint of the entries: FNV-1a over "WORD\tFREQUENCY\n" for
  // each entry in order. Files that list the same words with the same
  // frequencies (in any order, with duplicates, blank lines, CRLF or a
  // byte-order mark) have the same checksum. Never 0, which stands for "no
  // dictionary" in a database's metadata.
  uint64_t checksum() const { return checksum_; }

  // Where the dictionary came from (the path, or Parse's `name`).
  const std::string& source() const { return source_; }

 private:
  UserDictionary(std::string source, std::vector<Entry> entries);

  friend class DictionaryTrie;

  std::string source_;
  std::vector<Entry> entries_;
  uint64_t total_frequency_ = 0;
  uint64_t checksum_ = 0;
  // The compiled words for tokenizers that keep case [0] and fold it [1],
  // made on first use by DictionaryTrie::Get.
  mutable absl::Mutex mu_;
  mutable std::shared_ptr<const DictionaryTrie> tries_[2] ABSL_GUARDED_BY(mu_);
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_USER_DICTIONARY_H_
