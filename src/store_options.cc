#include "cooc/store_options.h"

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cooc/close_words.h"

namespace cooc {

absl::string_view PairModeName(PairMode mode) {
  return mode == PairMode::kOrdered ? "ordered" : "symmetric";
}

absl::string_view CountingUnitName(CountingUnit unit) {
  switch (unit) {
    case CountingUnit::kWindow: return "window";
    case CountingUnit::kSentence: return "sentence";
    case CountingUnit::kLine: return "line";
  }
  return "window";
}

absl::StatusOr<CountingUnit> ParseCountingUnit(absl::string_view name) {
  for (CountingUnit unit : {CountingUnit::kWindow, CountingUnit::kSentence,
                            CountingUnit::kLine}) {
    if (name == CountingUnitName(unit)) return unit;
  }
  return UnknownNameError("unit", name, {"window", "sentence", "line"});
}

absl::Status ValidateStoreOptions(const StoreOptions& options) {
  if (options.unit != CountingUnit::kWindow &&
      options.mode != PairMode::kSymmetric) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a ", CountingUnitName(options.unit),
        " unit counts unordered pairs: it cannot be --ordered"));
  }
  if (options.window < 1 || options.window > 1000) {
    return absl::InvalidArgumentError(absl::StrCat(
        "window must be between 1 and 1000, not ", options.window));
  }
  if (options.shards < 1 || options.shards > 1024) {
    return absl::InvalidArgumentError(absl::StrCat(
        "shards must be between 1 and 1024, not ", options.shards));
  }
  if (options.max_unit_tokens != 0 &&
      (options.max_unit_tokens < 2 ||
       options.max_unit_tokens > kMaxUnitTokensLimit)) {
    return absl::InvalidArgumentError(
        absl::StrCat("max-unit-tokens must be between 2 and ",
                     kMaxUnitTokensLimit, ", not ", options.max_unit_tokens));
  }
  if (options.right_index && options.mode != PairMode::kOrdered) {
    return absl::InvalidArgumentError(
        "a right index is kept only by ordered databases");
  }
  return absl::OkStatus();
}

namespace {

// A field in which two definitions differ: its name and the two values.
struct Difference {
  std::string field;
  std::string database;  // The value of the definition counts are added to.
  std::string counts;
};

// The first tokenization field (tokenizer_version, then TokenizerOptions)
// in which `database` and `counts` differ, or nullopt.
std::optional<Difference> TokenizationDifference(const StoreOptions& database,
                                                 const StoreOptions& counts) {
  const TokenizerOptions& a = database.tokenizer;
  const TokenizerOptions& b = counts.tokenizer;
  const auto flag = [](bool v) { return std::string(v ? "on" : "off"); };
  const auto hex = [](uint64_t v) {
    return v == 0 ? std::string("none") : absl::StrFormat("%016x", v);
  };
  const auto stopwords = [&](const TokenizerOptions& t) {
    return t.stopwords_checksum == 0
               ? std::string("none")
               : absl::StrCat(t.stopwords_name, ":", hex(t.stopwords_checksum));
  };
  if (database.tokenizer_version != counts.tokenizer_version) {
    return Difference{"tokenizer version",
                      absl::StrCat(database.tokenizer_version),
                      absl::StrCat(counts.tokenizer_version)};
  }
  if (a.case_folding != b.case_folding) {
    return Difference{"case folding", flag(a.case_folding == CaseFolding::kFold),
                      flag(b.case_folding == CaseFolding::kFold)};
  }
  if (a.keep_numbers != b.keep_numbers) {
    return Difference{"keep-numbers", flag(a.keep_numbers),
                      flag(b.keep_numbers)};
  }
  if (a.keep_punctuation != b.keep_punctuation) {
    return Difference{"keep-punct", flag(a.keep_punctuation),
                      flag(b.keep_punctuation)};
  }
  if (a.segmentation != b.segmentation) {
    return Difference{"pretokenized",
                      flag(a.segmentation == Segmentation::kPretokenized),
                      flag(b.segmentation == Segmentation::kPretokenized)};
  }
  if (a.script_conversion != b.script_conversion) {
    return Difference{"convert",
                      std::string(ScriptConversionName(a.script_conversion)),
                      std::string(ScriptConversionName(b.script_conversion))};
  }
  if (a.min_length != b.min_length) {
    return Difference{"min-length", absl::StrCat(a.min_length),
                      absl::StrCat(b.min_length)};
  }
  if (a.dictionary_checksum != b.dictionary_checksum) {
    return Difference{"user dictionary", hex(a.dictionary_checksum),
                      hex(b.dictionary_checksum)};
  }
  if (a.stopwords_checksum != b.stopwords_checksum) {
    return Difference{"stopwords", stopwords(a), stopwords(b)};
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckSameDefinition(const StoreOptions& database,
                                 const StoreOptions& counts,
                                 absl::string_view what) {
  const auto differs = [&](absl::string_view field, const std::string& ours,
                           const std::string& theirs) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": ", field, " ", theirs, ", but the database has ", field, " ",
        ours, "; counts of different definitions cannot be added (use "
        "another --db)"));
  };
  if (database.unit != counts.unit) {
    return differs("unit", std::string(CountingUnitName(database.unit)),
                   std::string(CountingUnitName(counts.unit)));
  }
  if (database.unit == CountingUnit::kWindow &&
      database.window != counts.window) {
    return differs("window", absl::StrCat(database.window),
                   absl::StrCat(counts.window));
  }
  if (database.unit != CountingUnit::kWindow &&
      database.max_unit_tokens != counts.max_unit_tokens) {
    const auto bound = [](int tokens) {
      return tokens == 0 ? std::string("none") : absl::StrCat(tokens);
    };
    return differs("max-unit-tokens", bound(database.max_unit_tokens),
                   bound(counts.max_unit_tokens));
  }
  if (database.mode != counts.mode) {
    return differs("mode", std::string(PairModeName(database.mode)),
                   std::string(PairModeName(counts.mode)));
  }
  if (database.labels != counts.labels) {
    return differs("labels", std::string(LabelModeName(database.labels)),
                   std::string(LabelModeName(counts.labels)));
  }
  if (database.tokenizer_version != counts.tokenizer_version) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": tokenizer version ", counts.tokenizer_version,
        ", but the database has tokenizer version ", database.tokenizer_version,
        database.tokenizer_version < counts.tokenizer_version
            ? " (made by an older cooc, which kept invisible characters "
              "inside words); it still answers queries, but counts made now "
              "cannot be added to it: ingest its texts (cooc sources lists "
              "them) into a new database"
            : "; counts of different definitions cannot be added"));
  }
  if (database.shards != counts.shards) {
    return differs("shards", absl::StrCat(database.shards),
                   absl::StrCat(counts.shards));
  }
  if (std::optional<Difference> d = TokenizationDifference(database, counts)) {
    return differs(d->field, d->database, d->counts);
  }
  return absl::OkStatus();
}

absl::Status CheckSameTokenization(const StoreOptions& first,
                                   const StoreOptions& second,
                                   absl::string_view what) {
  if (std::optional<Difference> d = TokenizationDifference(first, second)) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ": ", d->field, " ", d->counts, ", but ", d->field, " ",
        d->database, " in the other; terms tokenized differently cannot be "
        "compared (make both with the same tokenizer settings)"));
  }
  return absl::OkStatus();
}

absl::string_view LabelModeName(LabelMode mode) {
  switch (mode) {
    case LabelMode::kNone: return "none";
    case LabelMode::kPrefix: return "prefix";
    case LabelMode::kTsv: return "tsv";
  }
  return "none";
}

absl::StatusOr<LabelMode> ParseLabelMode(absl::string_view name) {
  for (LabelMode mode : {LabelMode::kNone, LabelMode::kPrefix, LabelMode::kTsv}) {
    if (name == LabelModeName(mode)) return mode;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown label mode '", name, "' (valid: prefix, tsv, none)"));
}

}  // namespace cooc
