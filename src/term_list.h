// TermList: terms by dense index (a vocabulary's, a count part's), their
// bytes packed in large blocks.
//
// A std::vector<std::string> takes 32 bytes a term before its bytes, and a
// vocabulary of millions of types is mostly those objects: a count part of
// 4.6M distinct tokens held 148 MB of them while it was folded. A TermList
// takes 8 bytes a term (its block and end) besides the bytes themselves,
// grows in fixed-size pieces (no copy of the whole list as it grows, so no
// moment holding it twice), and never moves a term: views stay valid until
// the list is cleared or destroyed.

#ifndef COOC_SRC_TERM_LIST_H_
#define COOC_SRC_TERM_LIST_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace cooc {

// Movable, not copyable. Not thread-safe for writing; concurrent reads are.
class TermList {
 public:
  TermList() = default;
  // A moved-from list is empty.
  TermList(TermList&& other) noexcept;
  TermList& operator=(TermList&& other) noexcept;
  TermList(const TermList&) = delete;
  TermList& operator=(const TermList&) = delete;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // The term at `index`. REQUIRES: index < size().
  absl::string_view operator[](size_t index) const {
    const uint64_t entry = Entry(index);
    const uint32_t block = static_cast<uint32_t>(entry >> 32);
    const uint32_t end = static_cast<uint32_t>(entry);
    uint32_t start = 0;
    if (index > 0) {
      const uint64_t before = Entry(index - 1);
      if (static_cast<uint32_t>(before >> 32) == block) {
        start = static_cast<uint32_t>(before);
      }
    }
    return absl::string_view(blocks_[block].bytes.get() + start, end - start);
  }

  // Appends a copy of `term` at index size().
  // REQUIRES: term.size() < 4 GiB.
  void push_back(absl::string_view term);

  // Makes room for `terms` indices without growing again (their bytes still
  // grow block by block).
  void reserve(size_t terms);

  // Empties the list and gives back its memory.
  void clear() { *this = TermList(); }

  // The bytes the list holds (its blocks and its index), for memory budgets.
  uint64_t MemoryBytes() const;

  // Forward iteration over the terms in index order, as views.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = absl::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = absl::string_view;

    const_iterator(const TermList* list, size_t index)
        : list_(list), index_(index) {}
    absl::string_view operator*() const { return (*list_)[index_]; }
    const_iterator& operator++() {
      ++index_;
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++index_;
      return before;
    }
    bool operator==(const const_iterator& other) const {
      return index_ == other.index_;
    }
    bool operator!=(const const_iterator& other) const {
      return index_ != other.index_;
    }

   private:
    const TermList* list_;
    size_t index_;
  };
  const_iterator begin() const { return const_iterator(this, 0); }
  const_iterator end() const { return const_iterator(this, size_); }

 private:
  // Indices come in pieces of 2^16 entries (512 KiB), the first of which
  // grows to that size by doubling; bytes in blocks that double from 4 KiB
  // to 1 MiB (a longer term gets a block of its own size). A small list
  // stays small, a large one is never copied whole.
  static constexpr int kPieceBits = 16;
  static constexpr size_t kPieceEntries = size_t{1} << kPieceBits;
  static constexpr size_t kFirstBlockBytes = size_t{1} << 12;
  static constexpr size_t kBlockBytes = size_t{1} << 20;

  struct Block {
    std::unique_ptr<char[]> bytes;
    size_t capacity = 0;
    size_t used = 0;
  };

  // (block << 32) | end of the term within its block; a term starts where
  // the one before it ends if that one is in the same block, else at 0.
  uint64_t Entry(size_t index) const {
    return pieces_[index >> kPieceBits][index & (kPieceEntries - 1)];
  }

  std::vector<std::unique_ptr<uint64_t[]>> pieces_;
  size_t first_piece_entries_ = 0;  // Capacity of pieces_[0].
  std::vector<Block> blocks_;
  size_t size_ = 0;
};

// A list of copies of `terms`, in order.
TermList ToTermList(const std::vector<std::string>& terms);

}  // namespace cooc

#endif  // COOC_SRC_TERM_LIST_H_
