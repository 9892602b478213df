#include "cooc/report.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

// The pair (x, y) with the table (o11, r1, c1, n).
PairTable MakePair(double o11, double r1, double c1, double n) {
  PairTable pair;
  pair.x = "x";
  pair.y = "y";
  pair.table.o11 = o11;
  pair.table.r1 = r1;
  pair.table.c1 = c1;
  pair.table.n = n;
  return pair;
}

TEST(Report, JsonQuoteEscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuote(std::string("\n\t\x01\x7f", 4)), "\"\\n\\t\\u0001\\u007f\"");
  EXPECT_EQ(JsonQuote("天气"), "\"天气\"");
}

TEST(Report, ShortestDoubleRoundTrips) {
  EXPECT_EQ(ShortestDouble(0.1), "0.1");
  EXPECT_EQ(ShortestDouble(-INFINITY), "-inf");
  for (double value : {1.0 / 3, 2.0 / 3e-12, 123456789.123456789, 5e-324}) {
    EXPECT_EQ(std::strtod(ShortestDouble(value).c_str(), nullptr), value);
  }
}

TEST(Report, RendersTsvWithAHeaderAndJsonLines) {
  Report report({"x", "count", "score"});
  report.AddRow({std::string("a\"b"), uint64_t{3}, 0.25});
  report.AddRow({std::string("c"), uint64_t{1}, -INFINITY});
  EXPECT_EQ(report.Render(OutputFormat::kTsv),
            "x\tcount\tscore\na\"b\t3\t0.25\nc\t1\t-inf\n");
  EXPECT_EQ(report.Render(OutputFormat::kJson),
            "{\"x\":\"a\\\"b\",\"count\":3,\"score\":0.25}\n"
            "{\"x\":\"c\",\"count\":1,\"score\":null}\n");
}

TEST(Report, TableAlignsWideCharactersByDisplayWidth) {
  Report report({"x", "n"});
  report.AddRow({std::string("天气"), uint64_t{12}});
  report.AddRow({std::string("abc"), uint64_t{3}});
  // "天气" is 4 columns wide, "abc" 3: numbers right-aligned under "n".
  EXPECT_EQ(report.Render(OutputFormat::kTable),
            "x      n\n"
            "天气  12\n"
            "abc    3\n");
}

TEST(Report, RecordLayoutPrintsOneFieldPerLineInTables) {
  Report report({"tokens", "mode"}, Report::Layout::kRecord);
  report.AddRow({uint64_t{9}, std::string("symmetric")});
  EXPECT_EQ(report.Render(OutputFormat::kTable),
            "tokens  9\nmode    symmetric\n");
  EXPECT_EQ(report.Render(OutputFormat::kTsv), "tokens\tmode\n9\tsymmetric\n");
}

TEST(Report, FullPairReportHasTheTableAndEveryMeasure) {
  PairTable pair = MakePair(10, 20, 40, 100);
  const std::string json = FullPairReport(pair, LogBase::kTwo)
                               .Render(OutputFormat::kJson);
  for (const char* field : {"\"x\":\"x\"", "\"o11\":10", "\"r1\":20",
                            "\"c1\":40", "\"n\":100"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
  for (Measure measure : AllMeasures()) {
    EXPECT_NE(json.find(absl::StrCat("\"", MeasureName(measure), "\":")),
              std::string::npos)
        << MeasureName(measure);
  }
}

TEST(Report, ParsesOutputFormats) {
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_STATUS_CODE(ParseOutputFormat("xml"),
                     absl::StatusCode::kInvalidArgument);
}

// Issue 3: an unseen pair (O11 = 0) has pmi = -inf, printed "-inf" in
// table and TSV and null in JSON; mi2, mi3 and logdice likewise.
TEST(Report, UnseenPairPrintsMinusInfinityAndJsonNull) {
  PairTable pair = MakePair(0, 20, 40, 100);
  const Report report = FullPairReport(pair, LogBase::kTwo);
  const std::string table = report.Render(OutputFormat::kTable);
  EXPECT_NE(table.find("\npmi               -inf\n"), std::string::npos)
      << table;
  const std::string tsv = report.Render(OutputFormat::kTsv);
  const std::string header = tsv.substr(0, tsv.find('\n'));
  const std::string values = tsv.substr(tsv.find('\n') + 1);
  std::vector<std::string> names = absl::StrSplit(header, '\t');
  std::vector<std::string> cells =
      absl::StrSplit(absl::StripSuffix(values, "\n"), '\t');
  ASSERT_EQ(names.size(), cells.size());
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == "pmi" || names[i] == "mi2" || names[i] == "mi3" ||
        names[i] == "logdice") {
      EXPECT_EQ(cells[i], "-inf") << names[i];
    }
    if (names[i] == "count" || names[i] == "o11") {
      EXPECT_EQ(cells[i], "0");
    }
    if (names[i] == "fisher") {
      EXPECT_EQ(cells[i], "1");
    }
  }
  const std::string json = report.Render(OutputFormat::kJson);
  for (const char* field :
       {"\"pmi\":null", "\"mi2\":null", "\"mi3\":null", "\"logdice\":null",
        "\"npmi\":-1", "\"ppmi\":0", "\"o11\":0"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
}

TEST(Report, FractionalCountsAndSmoothedColumnsPrintAsReals) {
  // Unigram marginals with W = 2 and context-distribution smoothing.
  PairTable pair = MakePair(1.5, 20, 40, 100);
  pair.table.cds_c1 = 37.25;
  const std::string json =
      FullPairReport(pair, LogBase::kTwo).Render(OutputFormat::kJson);
  EXPECT_NE(json.find("\"o11\":1.5,\"r1\":20,\"c1\":40,\"n\":100,"
                      "\"fx\":0,\"fy\":0,\"c1_cds\":37.25,"),
            std::string::npos)
      << json;
  const std::string tsv =
      PairReport({ScoredPair{pair, 0.5}}, Measure::kPmi)
          .Render(OutputFormat::kTsv);
  EXPECT_EQ(tsv,
            "x\ty\to11\tr1\tc1\tn\tfx\tfy\tc1_cds\tpmi\n"
            "x\ty\t1.5\t20\t40\t100\t0\t0\t37.25\t0.5\n");
  // Without smoothing there is no c1_cds column.
  pair.table.cds_c1.reset();
  EXPECT_EQ(PairReport({ScoredPair{pair, 0.5}}, Measure::kPmi)
                .Render(OutputFormat::kTsv),
            "x\ty\to11\tr1\tc1\tn\tfx\tfy\tpmi\n"
            "x\ty\t1.5\t20\t40\t100\t0\t0\t0.5\n");
}

TEST(Report, StatsReportHasTheInformationOfThePairEvents) {
  CorpusStats stats;
  stats.base = LogBase::kE;
  stats.information.emplace();
  stats.information->h_left = 1.25;
  stats.information->mutual_information = 0.5;
  const std::string json = StatsReport(stats).Render(OutputFormat::kJson);
  for (const char* field :
       {"\"base\":\"e\"", "\"h_left\":1.25", "\"h_right\":0", "\"h_joint\":0",
        "\"h_left_given_right\":0", "\"h_right_given_left\":0",
        "\"mi_left_right\":0.5", "\"nmi_left_right\":0"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
}

TEST(Report, StatsReportWithoutTheInformationHasNoInformationColumns) {
  CorpusStats stats;
  const std::string json = StatsReport(stats).Render(OutputFormat::kJson);
  EXPECT_EQ(json.find("h_left"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"base\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"distinct_pairs\":0"), std::string::npos) << json;
}

TEST(Report, UnknownDistinctPairsPrintAsTextUnknownAndNull) {
  CorpusStats stats;
  stats.totals.distinct_pairs.reset();
  const Report report = StatsReport(stats);
  EXPECT_NE(report.Render(OutputFormat::kJson).find("\"distinct_pairs\":null"),
            std::string::npos);
  // Its line, whatever the padding the widest column name gives.
  const std::string table = report.Render(OutputFormat::kTable);
  const size_t line = table.find("\ndistinct_pairs ");
  ASSERT_NE(line, std::string::npos) << table;
  const std::string cell = "unknown until compaction (cooc compact)\n";
  EXPECT_EQ(table.find_first_not_of(' ', line + 15),
            table.find(cell, line)) << table;
  const std::string tsv = report.Render(OutputFormat::kTsv);
  EXPECT_NE(tsv.find("\tunknown\t"), std::string::npos) << tsv;
}

TEST(Report, Issue10DisplayEscapeWritesEveryTerminalControlVisibly) {
  EXPECT_EQ(DisplayEscape("plain 文字 é"), "plain 文字 é");
  EXPECT_EQ(DisplayEscape("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
  EXPECT_EQ(DisplayEscape(std::string("\x00\x1b\x7f", 3)), "\\x00\\x1b\\x7f");
  EXPECT_EQ(DisplayEscape("\xc2\x85\xc2\x9b"), "\\u0085\\u009b");  // C1
  EXPECT_EQ(DisplayEscape("x\xe2\x80\xaey\xe2\x81\xa6z\xd8\x9c"),
            "x\\u202ey\\u2066z\\u061c");  // Bidi_Control
  EXPECT_EQ(DisplayEscape("\xff\xc0\xaf"), "\\xff\\xc0\\xaf");  // Not UTF-8.
  // In a TSV cell, a tab or a line break would make another cell or row.
  Report report({"path"});
  report.AddRow({std::string("a\tb\nc")});
  EXPECT_EQ(report.Render(OutputFormat::kTsv), "path\na\\tb\\nc\n");
  EXPECT_EQ(report.Render(OutputFormat::kJson), "{\"path\":\"a\\tb\\nc\"}\n");
}


// Issue 12: the words' token frequencies fx and fy follow n, before the
// measures, in every pair report.
TEST(Report, Issue12PairReportsPrintTheWordFrequenciesAfterN) {
  PairTable pair = MakePair(3, 7, 6, 24);
  pair.fx = 3;
  pair.fy = 2;
  EXPECT_EQ(PairReport({ScoredPair{pair, 3}}, Measure::kCount)
                .Render(OutputFormat::kTsv),
            "x\ty\to11\tr1\tc1\tn\tfx\tfy\tcount\n"
            "x\ty\t3\t7\t6\t24\t3\t2\t3\n");
  EXPECT_EQ(BatchPairReport({{"X", {ScoredPair{pair, 3}}}}, Measure::kCount)
                .Render(OutputFormat::kTsv),
            "term\tx\ty\to11\tr1\tc1\tn\tfx\tfy\tcount\n"
            "X\tx\ty\t3\t7\t6\t24\t3\t2\t3\n");
  const std::string json =
      FullPairReport(pair, LogBase::kTwo).Render(OutputFormat::kJson);
  EXPECT_NE(json.find("\"n\":24,\"fx\":3,\"fy\":2,\"expected\":"),
            std::string::npos)
      << json;
}

TEST(Report, Issue12ParsesCsvAndSuggestsTheClosestFormat) {
  EXPECT_EQ(*ParseOutputFormat("csv"), OutputFormat::kCsv);
  const absl::StatusOr<OutputFormat> typo = ParseOutputFormat("cvs");
  EXPECT_STATUS_CODE(typo, absl::StatusCode::kInvalidArgument);
  EXPECT_NE(typo.status().message().find("did you mean 'csv'?"),
            std::string::npos)
      << typo.status();
  // Nothing close: no suggestion, still the list.
  const absl::StatusOr<OutputFormat> far = ParseOutputFormat("xmlish");
  EXPECT_EQ(far.status().message().find("did you mean"), std::string::npos);
  EXPECT_NE(far.status().message().find("table, tsv, json, csv"),
            std::string::npos);
}

TEST(Report, Issue12CsvFieldsAreQuotedOnlyWhenRfc4180NeedsIt) {
  struct Case {
    const char* text;
    const char* field;
  } cases[] = {
      {"plain", "plain"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"cr\rhere", "\"cr\rhere\""},
      {"tab\tstays", "tab\tstays"},
      {"back\\slash", "back\\slash"},
      {"\x1b[31m", "\x1b[31m"},  // Carried as stored: CSV is for files.
      {"伦敦", "伦敦"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CsvField(c.text), c.field) << DisplayEscape(c.text);
  }
}

TEST(Report, Issue12CsvHasAHeaderLineAndOneRecordPerRow) {
  Report report({"term", "count", "real", "flag", "unknown", "undefined",
                 "infinite"});
  report.AddRow({std::string("a,\"b\""), uint64_t{7}, 0.1, BooleanCell{true},
                 UnknownCell{"unknown until compaction"},
                 std::nan(""), -INFINITY});
  report.AddRow({std::string("two\nlines"), uint64_t{0}, 2.5,
                 OnOffCell(false), uint64_t{3}, 1.0, INFINITY});
  EXPECT_EQ(report.Render(OutputFormat::kCsv),
            "term,count,real,flag,unknown,undefined,infinite\n"
            "\"a,\"\"b\"\"\",7,0.1,true,,,-inf\n"
            "\"two\nlines\",0,2.5,false,3,1,inf\n");
  // A record (stats) renders as one header line and one row, as in TSV.
  Report record({"tokens", "mode"}, Report::Layout::kRecord);
  record.AddRow({uint64_t{29}, std::string("symmetric")});
  EXPECT_EQ(record.Render(OutputFormat::kCsv), "tokens,mode\n29,symmetric\n");
  // No rows: the header line only.
  EXPECT_EQ(Report({"x", "y"}).Render(OutputFormat::kCsv), "x,y\n");
}

}  // namespace
}  // namespace cooc
