#include "cooc/store_options.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

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
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown unit '", name, "' (valid: window, sentence, line)"));
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
  return absl::OkStatus();
}

}  // namespace cooc
