// StopwordList: words dropped from the token stream before windows form.
//
//   text -> [tokens] -> pairs -> ...
//           ICU, dictionary joining, then filters (TokenizerOptions)
//
// A dropped stopword leaves no gap: the tokens on either side of it become
// neighbours, so "cup of tea" with window 1 pairs (cup, tea) once "of" is
// a stopword. Matching is on the case-folded, NFKC-normalized token, also
// when the tokenizer keeps case, so "The" is dropped by a list with "the".
//
// A stopword file is UTF-8 text, one word per line. Blank lines and lines
// starting with "#" are skipped, spaces around a word are trimmed, a
// leading byte-order mark and "\r\n" line ends are accepted. A word with
// whitespace inside is an error (a token never contains whitespace), as is
// invalid UTF-8 or a file without any word.
//
// Two lists are built into the binary: "en" (English function words) and
// "zh" (Chinese function words), written for cooc; their sources are
// src/stopwords/en.txt and src/stopwords/zh.txt, which say what is in them.

#ifndef COOC_INCLUDE_COOC_STOPWORDS_H_
#define COOC_INCLUDE_COOC_STOPWORDS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace cooc {

// An immutable set of stopwords. Thread-safe (it never changes after it is
// made); share it between tokenizers with the shared_ptr.
class StopwordList {
 public:
  // The names of the built-in lists: {"en", "zh"}.
  static std::vector<std::string> BuiltinNames();

  // Returns the built-in list `name`, or InvalidArgument (naming the lists
  // there are) if there is none by that name.
  static absl::StatusOr<std::shared_ptr<const StopwordList>> Builtin(
      absl::string_view name);

  // Reads the stopword file at `path`. Returns NotFound if it does not
  // exist, PermissionDenied if it cannot be read, and InvalidArgument
  // (naming the file and line) if it is a directory or does not parse.
  static absl::StatusOr<std::shared_ptr<const StopwordList>> Load(
      const std::string& path);

  // What --stopwords takes: the built-in list `list` if it is one of
  // BuiltinNames(), else the file at path `list` (so a file called "en"
  // must be given as "./en"). Errors as for Load.
  static absl::StatusOr<std::shared_ptr<const StopwordList>> Open(
      const std::string& list);

  // Parses `contents`, the text of a stopword file, as a list called
  // `name`; `source` names it in error messages. Errors as for Load.
  static absl::StatusOr<std::shared_ptr<const StopwordList>> Parse(
      absl::string_view contents, absl::string_view name,
      absl::string_view source);

  // Not copyable.
  StopwordList(const StopwordList&) = delete;
  StopwordList& operator=(const StopwordList&) = delete;

  // True if `folded_word` (NFKC-normalized and case-folded UTF-8) is a
  // stopword. Does not allocate.
  bool Contains(absl::string_view folded_word) const {
    return set_.contains(folded_word);
  }

  // The words, NFKC-normalized and case-folded, sorted bytewise, each once.
  const std::vector<std::string>& words() const { return words_; }

  // "en" or "zh" for a built-in list, "file" for a list read from a file.
  // Stored in a database's metadata (with the checksum).
  const std::string& name() const { return name_; }

  // The path of a file, or "built-in en".
  const std::string& source() const { return source_; }

  // FNV-1a 64 over "WORD\n" for each word of words(), in order; never 0
  // (which stands for "no stopwords" in a database's metadata).
  uint64_t checksum() const { return checksum_; }

 private:
  StopwordList(std::string name, std::string source,
               std::vector<std::string> words);

  std::string name_;
  std::string source_;
  std::vector<std::string> words_;
  absl::flat_hash_set<std::string> set_;
  uint64_t checksum_ = 0;
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_STOPWORDS_H_
