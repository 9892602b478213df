#include "cooc/report.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "test_util.h"

namespace cooc {
namespace {

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
  PairTable pair{"x", "y", {10, 20, 40, 100}};
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

}  // namespace
}  // namespace cooc
