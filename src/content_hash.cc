#include "content_hash.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace cooc {
namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;

uint64_t Mix(uint64_t state, uint64_t word) {
  state = (state ^ word) * kMultiplier;
  return state ^ (state >> 29);
}

uint64_t LoadWord(const char* p) {
  uint64_t word = 0;
  for (int i = 7; i >= 0; --i) word = (word << 8) | static_cast<unsigned char>(p[i]);
  return word;
}

}  // namespace

void ContentHasher::Update(absl::string_view bytes) {
  bytes_ += bytes.size();
  const char* p = bytes.data();
  size_t n = bytes.size();
  while (tail_size_ > 0 && tail_size_ < 8 && n > 0) {
    tail_[tail_size_++] = *p++;
    --n;
  }
  if (tail_size_ == 8) {
    state_ = Mix(state_, LoadWord(tail_));
    tail_size_ = 0;
  }
  for (; n >= 8; p += 8, n -= 8) state_ = Mix(state_, LoadWord(p));
  for (; n > 0; --n) tail_[tail_size_++] = *p++;
}

uint64_t ContentHasher::Finish() const {
  uint64_t state = state_;
  uint64_t last = 0;
  for (size_t i = tail_size_; i > 0; --i) {
    last = (last << 8) | static_cast<unsigned char>(tail_[i - 1]);
  }
  state = Mix(state, last);
  return Mix(state, bytes_);
}

absl::StatusOr<FileFingerprint> FingerprintFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  }
  ContentHasher hasher;
  std::vector<char> buffer(1 << 20);
  size_t got;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file)) > 0) {
    hasher.Update(absl::string_view(buffer.data(), got));
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    return absl::InternalError(absl::StrCat(path, ": cannot read"));
  }
  return FileFingerprint{hasher.bytes(), hasher.Finish()};
}

}  // namespace cooc
