// Word-list files: reading, line splitting, FNV-1a.

#include "word_list.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "icu_util.h"
#include "status_macros.h"
#include "unicode/uchar.h"
#include "unicode/utf8.h"

namespace cooc {

uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= UINT64_C(1099511628211);
  }
  return hash;
}

absl::StatusOr<std::string> ReadWordListFile(const std::string& path,
                                             absl::string_view what) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " ", path, " is a directory, not a file"));
  }
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"),
                                             &std::fclose);
  if (file == nullptr) {
    const int error = errno;
    const std::string message = absl::StrCat("cannot open ", what, " ", path,
                                             ": ", std::strerror(error));
    if (error == ENOENT) return absl::NotFoundError(message);
    if (error == EACCES) return absl::PermissionDeniedError(message);
    return absl::UnavailableError(message);
  }
  std::string contents;
  char buffer[1 << 16];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) {
    contents.append(buffer, read);
  }
  if (std::ferror(file.get())) {
    return absl::UnavailableError(absl::StrCat("cannot read ", what, " ", path,
                                               ": ", std::strerror(errno)));
  }
  return contents;
}

absl::Status ForEachWordListLine(
    absl::string_view contents,
    const std::function<absl::Status(int, absl::string_view)>& fn) {
  constexpr absl::string_view kBom = "\xEF\xBB\xBF";
  if (contents.substr(0, kBom.size()) == kBom)
    contents.remove_prefix(kBom.size());
  int line_number = 0;
  while (!contents.empty()) {
    ++line_number;
    const size_t newline = contents.find('\n');
    absl::string_view line = contents.substr(0, newline);
    contents.remove_prefix(newline == absl::string_view::npos ? contents.size()
                                                              : newline + 1);
    // Not '\t', which separates a dictionary word from its frequency.
    const auto is_space = [](char c) {
      return c == ' ' || c == '\r' || c == '\v' || c == '\f';
    };
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    if (line.empty()) continue;
    if (absl::Status status = fn(line_number, line); !status.ok())
      return status;
  }
  return absl::OkStatus();
}

bool ContainsWhitespace(absl::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && u_hasBinaryProperty(c, UCHAR_WHITE_SPACE)) return true;
  }
  return false;
}

absl::StatusOr<std::string> NormalizeListWord(
    absl::string_view word, bool fold, absl::string_view whitespace_hint) {
  int32_t invalid = 0;
  COOC_ASSIGN_OR_RETURN(std::string normalized,
                        NormalizeUtf8(word, fold, &invalid));
  if (invalid > 0) return absl::InvalidArgumentError("invalid UTF-8");
  if (ContainsWhitespace(normalized)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", word, "' contains whitespace", whitespace_hint));
  }
  return normalized;
}

}  // namespace cooc
