// The records a database keeps besides its pair counts: corpus totals, the
// counts of each term, and the journal of the inputs it has counted. Count
// parts (count_part.h) carry the same records for the text they counted.

#ifndef COOC_INCLUDE_COOC_STORE_RECORDS_H_
#define COOC_INCLUDE_COOC_STORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cooc {

// Corpus totals, kept up to date by every commit.
struct Totals {
  uint64_t tokens = 0;          // Tokens counted.
  uint64_t lines = 0;           // Lines (documents) read.
  uint64_t pair_events = 0;     // N: every recorded (x,y) event (the
                                // number of units for sentence/line units).
  // Distinct stored (x,y) keys; nullopt when unknown without a scan, which
  // is while some shard has commits not yet merged (CountStore::ReadTotals).
  std::optional<uint64_t> distinct_pairs = 0;
  uint64_t types = 0;           // Vocabulary size (ids are 0..types-1).
  uint64_t invalid_utf8 = 0;    // Invalid UTF-8 sequences replaced.
  uint64_t ingests = 0;         // Committed ingests.
  // Sentence and line units longer than StoreOptions::max_unit_tokens:
  // the cuts made in them (a unit cut into k pieces counts k-1).
  uint64_t unit_cuts = 0;
};

// One input of a committed ingest, kept in the database's journal so that
// the same content is not counted twice.
struct JournalEntry {
  std::string path;            // As given ("-" for standard input).
  uint64_t bytes = 0;
  uint64_t content_hash = 0;   // Of the bytes; 0 for a stream (standard
                               // input, a pipe), which is read once and so
                               // never looked up.
  uint64_t ingest = 0;         // Number of the ingest (1, 2, ...).
  int64_t unix_seconds = 0;    // When that ingest committed.
};

// The document counts of labelled text (StoreOptions::labels): a line is a
// document, and its labels are its classes. A line without labels counts
// for its words only, not here; a line with labels but no words (a
// label-only line) is a document containing no term. A line's label given
// twice counts once.
struct LabelCounts {
  // Documents with at least one label.
  uint64_t documents = 0;
  // The labels and, by label index, each one's documents. A database reads
  // them in byte order of the names; text counted in memory keeps them in
  // order of first appearance.
  std::vector<std::string> labels;
  std::vector<uint64_t> label_documents;
  // By term id: the labelled documents containing the term (at most the
  // sum of its per-label counts, equal to it when no line has two labels).
  std::vector<uint64_t> term_documents;
  // The documents of label `label` (an index of `labels`) containing term
  // `term`, for every pair with a count above 0, sorted by (label, term).
  struct TermLabel {
    uint32_t term = 0;
    uint32_t label = 0;
    uint64_t documents = 0;
  };
  std::vector<TermLabel> term_label_documents;
};

// The counts of one vocabulary term.
struct TermCounts {
  uint64_t frequency = 0;  // f(x): occurrences as a token.
  uint64_t row = 0;        // c(x,*): events with x on the left.
  uint64_t column = 0;     // c(*,x): events with x on the right.
};

}  // namespace cooc

#endif  // COOC_INCLUDE_COOC_STORE_RECORDS_H_
