// Stopword lists: parse one word per line ("#" comments), normalize each to
// NFKC and case fold it (tokens are matched in folded form), sort, dedupe
// and fingerprint. The built-in lists come from stopword_data.h.

#include "cooc/stopwords.h"

#include <algorithm>
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
#include "stopword_data.h"
#include "word_list.h"

namespace cooc {

StopwordList::StopwordList(std::string name, std::string source,
                           std::vector<std::string> words)
    : name_(std::move(name)),
      source_(std::move(source)),
      words_(std::move(words)),
      set_(words_.begin(), words_.end()) {
  uint64_t hash = kFnv64Basis;
  for (const std::string& word : words_) {
    hash = Fnv1a64(word, hash);
    hash = Fnv1a64("\n", hash);
  }
  checksum_ = hash == 0 ? 1 : hash;
}

std::vector<std::string> StopwordList::BuiltinNames() { return {"en", "zh"}; }

absl::StatusOr<std::shared_ptr<const StopwordList>> StopwordList::Builtin(
    absl::string_view name) {
  const absl::string_view text = BuiltinStopwordText(name);
  if (text.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "there is no built-in stopword list '", name,
        "' (built-in lists: ", absl::StrJoin(BuiltinNames(), ", "), ")"));
  }
  return Parse(text, name, absl::StrCat("built-in ", name));
}

absl::StatusOr<std::shared_ptr<const StopwordList>> StopwordList::Load(
    const std::string& path) {
  COOC_ASSIGN_OR_RETURN(std::string contents,
                        ReadWordListFile(path, "stopword list"));
  return Parse(contents, "file", path);
}

absl::StatusOr<std::shared_ptr<const StopwordList>> StopwordList::Open(
    const std::string& list) {
  for (const std::string& name : BuiltinNames()) {
    if (list == name) return Builtin(name);
  }
  absl::StatusOr<std::shared_ptr<const StopwordList>> loaded = Load(list);
  if (loaded.status().code() == absl::StatusCode::kNotFound) {
    return absl::NotFoundError(absl::StrCat(
        loaded.status().message(),
        " (built-in lists: ", absl::StrJoin(BuiltinNames(), ", "), ")"));
  }
  return loaded;
}

absl::StatusOr<std::shared_ptr<const StopwordList>> StopwordList::Parse(
    absl::string_view contents, absl::string_view name,
    absl::string_view source) {
  std::vector<std::string> words;
  const auto error = [source](int line_number, absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("stopword list ", source, ":", line_number, ": ", why));
  };
  COOC_RETURN_IF_ERROR(ForEachWordListLine(
      contents, [&](int line_number, absl::string_view line) -> absl::Status {
        if (line.front() == '#') return absl::OkStatus();
        absl::StatusOr<std::string> word = NormalizeListWord(
            line, /*fold=*/true, "; a stopword is one token, one per line");
        if (!word.ok()) return error(line_number, word.status().message());
        if (!word->empty()) words.push_back(*std::move(word));
        return absl::OkStatus();
      }));
  if (words.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("stopword list ", source, " has no words"));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return std::shared_ptr<const StopwordList>(new StopwordList(
      std::string(name), std::string(source), std::move(words)));
}

}  // namespace cooc
