// Each filter is tested alone: a tokenizer with the database's word break,
// case folding and dictionary but none of its filters (numbers and
// punctuation kept, no minimum length, no stopwords) must make one token of
// the term, and the same tokenizer with one filter of the database put back
// must make none; each filter that passes this test is a reason. Testing
// filters one at a time names every filter that drops the term ("12" with
// neither --keep-numbers nor a short enough --min-length gets both).

#include "dropped_term.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cooc/stopwords.h"
#include "status_macros.h"

namespace cooc {
namespace {

// `options` without any filter.
TokenizerOptions Unfiltered(const TokenizerOptions& options) {
  TokenizerOptions unfiltered = options;
  unfiltered.keep_numbers = true;
  unfiltered.keep_punctuation = true;
  unfiltered.min_length = 0;
  unfiltered.stopwords = nullptr;
  unfiltered.stopwords_name.clear();
  unfiltered.stopwords_checksum = 0;
  return unfiltered;
}

// Whether the tokenizer `options` makes no token of `term`.
absl::StatusOr<bool> DropsTerm(const TokenizerOptions& options,
                               absl::string_view term) {
  COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                        Tokenizer::Create(options));
  std::vector<std::string> tokens;
  tokenizer->Tokenize(term, &tokens);
  return tokens.empty();
}

// The stopword list `options` name, when it can be had: the list itself, or
// the built-in list of that name whose checksum is the stored one.
std::shared_ptr<const StopwordList> StopwordsOf(
    const TokenizerOptions& options) {
  if (options.stopwords != nullptr) return options.stopwords;
  if (options.stopwords_checksum == 0 || options.stopwords_name == "file") {
    return nullptr;
  }
  absl::StatusOr<std::shared_ptr<const StopwordList>> list =
      StopwordList::Builtin(options.stopwords_name);
  if (!list.ok() || (*list)->checksum() != options.stopwords_checksum) {
    return nullptr;
  }
  return *list;
}

}  // namespace

absl::StatusOr<std::string> DroppedTermReason(const TokenizerOptions& options,
                                              absl::string_view term) {
  const TokenizerOptions unfiltered = Unfiltered(options);
  {
    COOC_ASSIGN_OR_RETURN(std::unique_ptr<Tokenizer> tokenizer,
                          Tokenizer::Create(unfiltered));
    std::vector<std::string> tokens;
    tokenizer->Tokenize(term, &tokens);
    if (tokens.size() != 1) return std::string();
  }
  std::vector<std::string> reasons;
  if (options.stopwords_checksum != 0 || options.stopwords != nullptr) {
    std::shared_ptr<const StopwordList> list = StopwordsOf(options);
    if (list == nullptr) {
      // A file list: the database does not hold its words.
      reasons.push_back(
          "this database drops the stopwords of a file given at ingest "
          "(--stopwords FILE), and it may be one of them");
    } else {
      TokenizerOptions with = unfiltered;
      with.stopwords = list;
      COOC_ASSIGN_OR_RETURN(bool dropped, DropsTerm(with, term));
      if (dropped) {
        reasons.push_back(absl::StrCat(
            "it is a stopword of this database (--stopwords ",
            list->name() == "file" ? list->source() : list->name(),
            " at ingest)"));
      }
    }
  }
  if (options.min_length > 1) {
    TokenizerOptions with = unfiltered;
    with.min_length = options.min_length;
    COOC_ASSIGN_OR_RETURN(bool dropped, DropsTerm(with, term));
    if (dropped) {
      reasons.push_back(absl::StrCat(
          "it has fewer characters than this database's --min-length ",
          options.min_length, " (at ingest)"));
    }
  }
  if (!options.keep_numbers) {
    TokenizerOptions with = unfiltered;
    with.keep_numbers = false;
    COOC_ASSIGN_OR_RETURN(bool dropped, DropsTerm(with, term));
    if (dropped) {
      reasons.push_back(
          "it is a number, and this database was built without "
          "--keep-numbers");
    }
  }
  if (!options.keep_punctuation) {
    TokenizerOptions with = unfiltered;
    with.keep_punctuation = false;
    COOC_ASSIGN_OR_RETURN(bool dropped, DropsTerm(with, term));
    if (dropped) {
      reasons.push_back(
          "it is punctuation or a symbol, and this database was built "
          "without --keep-punct");
    }
  }
  return absl::StrJoin(reasons, "; ");
}

}  // namespace cooc
