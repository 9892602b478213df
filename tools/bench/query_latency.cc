// cooc_query_latency: query latencies measured inside one process, so
// process start-up and database opening are excluded.
//
//   cooc_query_latency DB [QUERIES] [SEED]
//
// Picks QUERIES (default 1000) random vocabulary terms (seeded, default 1)
// among those seen at least 5 times, and times for each `assoc` top-50 by
// pmi (min count 5) and one `pair` lookup (the term with a random partner).
// Prints p50, p90, p99 and max in milliseconds for each kind of query.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "cooc/query.h"

namespace {

struct Latencies {
  std::vector<double> ms;

  void Print(const char* name) {
    std::sort(ms.begin(), ms.end());
    const auto at = [this](double q) {
      return ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
    };
    std::printf("%-28s n=%zu  p50=%.3f ms  p90=%.3f ms  p99=%.3f ms  max=%.3f ms\n",
                name, ms.size(), at(0.50), at(0.90), at(0.99), ms.back());
  }
};

template <typename Fn>
double TimeMs(Fn fn) {
  const auto start = std::chrono::steady_clock::now();
  fn();
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DB [QUERIES] [SEED]\n", argv[0]);
    return 2;
  }
  const int queries = argc > 2 ? std::atoi(argv[2]) : 1000;
  const unsigned seed = argc > 3 ? std::atoi(argv[3]) : 1;
  auto query = cooc::Query::Open(argv[1]);
  if (!query.ok()) {
    std::fprintf(stderr, "%s\n", std::string(query.status().message()).c_str());
    return 1;
  }
  const cooc::CountStore& store = (*query)->store();
  auto counts = store.AllCounts();
  if (!counts.ok()) return 1;
  std::vector<std::string> terms;
  cooc::TermCursor cursor = store.Terms();
  std::vector<cooc::TermEntry> batch(1024);
  while (true) {
    auto n = cursor.Read(absl::MakeSpan(batch));
    if (!n.ok()) return 1;
    if (*n == 0) break;
    for (size_t i = 0; i < *n; ++i) {
      if ((*counts)[batch[i].id].frequency >= 5) terms.push_back(batch[i].term);
    }
  }
  if (terms.empty()) return 1;
  std::sort(terms.begin(), terms.end());
  std::mt19937 random(seed);
  std::uniform_int_distribution<size_t> pick(0, terms.size() - 1);

  cooc::QueryOptions options;
  options.top = 50;
  options.min_count = 5;
  Latencies assoc, pair;
  size_t results = 0;
  for (int i = 0; i < queries; ++i) {
    const std::string& term = terms[pick(random)];
    const std::string& partner = terms[pick(random)];
    assoc.ms.push_back(TimeMs([&] {
      auto best = (*query)->Associates(term, options);
      if (best.ok()) results += best->size();
    }));
    pair.ms.push_back(TimeMs([&] { (void)(*query)->Pair(term, partner); }));
  }
  std::printf("%zu terms with f >= 5; %d queries; %zu associates returned\n",
              terms.size(), queries, results);
  assoc.Print("assoc top-50 (pmi, min 5)");
  pair.Print("pair");
  return 0;
}
