// Micro-benchmarks (Google Benchmark) of the hot paths of an ingest and a
// query: tokenizing a line, counting window pairs, and scoring a table.
// Run: build/cooc_micro_bench (see tools/bench/bench.sh).

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "cooc/measures.h"
#include "cooc/tokenizer.h"
#include "count_table.h"
#include "pair_counter.h"

namespace cooc {
namespace {

constexpr char kEnglish[] =
    "It is a truth universally acknowledged, that a single man in possession "
    "of a good fortune, must be in want of a wife.";
constexpr char kChinese[] =
    "革命成功之后，国术国技国花国医闹得乌烟瘴气之时，日本人汤本求真做的译本也将乘时出版了。";

void Tokenize(benchmark::State& state, const char* text) {
  auto tokenizer = Tokenizer::Create(TokenizerOptions());
  std::vector<std::string> tokens;
  const std::string line(text);
  size_t count = 0;
  for (auto _ : state) {
    (*tokenizer)->Tokenize(line, &tokens);
    count += tokens.size();
  }
  state.SetBytesProcessed(state.iterations() * line.size());
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}

void BM_TokenizeEnglish(benchmark::State& state) { Tokenize(state, kEnglish); }
void BM_TokenizeChinese(benchmark::State& state) { Tokenize(state, kChinese); }
BENCHMARK(BM_TokenizeEnglish);
BENCHMARK(BM_TokenizeChinese);

// Token ids with a Zipf-like distribution, as in text.
std::vector<uint32_t> ZipfIds(size_t n, uint32_t vocabulary) {
  std::mt19937 random(7);
  std::vector<double> weights(vocabulary);
  for (uint32_t i = 0; i < vocabulary; ++i) weights[i] = 1.0 / (i + 1);
  std::discrete_distribution<uint32_t> pick(weights.begin(), weights.end());
  std::vector<uint32_t> ids(n);
  for (uint32_t& id : ids) id = pick(random);
  return ids;
}

void BM_PairCounterWindow5(benchmark::State& state) {
  const std::vector<uint32_t> ids = ZipfIds(1 << 20, 50000);
  StoreOptions options;  // W = 5, symmetric.
  for (auto _ : state) {
    PairCounter counter(options, size_t{1} << 30);
    for (size_t i = 0; i < ids.size(); ++i) {
      counter.Add(ids[i]);
      if (i % 20 == 19) counter.EndLine();
    }
    benchmark::DoNotOptimize(counter.pair_events());
  }
  state.counters["tokens/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * ids.size()),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PairCounterWindow5)->Unit(benchmark::kMillisecond);

void BM_CountTableIncrement(benchmark::State& state) {
  const std::vector<uint32_t> ids = ZipfIds(1 << 20, 50000);
  for (auto _ : state) {
    CountTable table;
    for (size_t i = 1; i < ids.size(); ++i) {
      table.Increment((uint64_t{ids[i - 1]} << 32) | ids[i]);
    }
    benchmark::DoNotOptimize(table.size());
  }
  state.counters["increments/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * (ids.size() - 1)),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CountTableIncrement)->Unit(benchmark::kMillisecond);

void BM_Score(benchmark::State& state) {
  const Measure measure = AllMeasures()[state.range(0)];
  state.SetLabel(std::string(MeasureName(measure)));
  ContingencyTable table;
  table.o11 = 62;
  table.r1 = 1048;
  table.c1 = 621;
  table.n = 513062;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Score(measure, table, LogBase::kTwo));
    table.o11 = table.o11 == 62 ? 63 : 62;  // Defeat constant folding.
  }
}
BENCHMARK(BM_Score)->DenseRange(0, static_cast<int>(AllMeasures().size()) - 1);

}  // namespace
}  // namespace cooc

BENCHMARK_MAIN();
