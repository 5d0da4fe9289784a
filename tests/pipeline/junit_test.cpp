#include "pipeline/junit.hpp"

#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <pugixml.hpp>

#include "core/text.hpp"
#include "pipeline/support.hpp"

namespace automock::test {
namespace {

using namespace pipeline;
using std::chrono::milliseconds;

RunRecord record_of(std::vector<StageRecord> stages) {
  RunRecord record;
  record.started_at = *parse_utc("2026-11-26T10:44:15Z");
  record.pipeline = "ci/pipeline.json";
  record.result = RunResult::failed;
  record.duration = milliseconds{5240};
  record.stages = std::move(stages);
  return record;
}

StageRecord stage(std::string name, StageResult result, long ms = 1000) {
  return {std::move(name), StageKind::run, result, milliseconds{ms}};
}

pugi::xml_node suite_of(const pugi::xml_document& document) {
  return document.child("testsuites").child("testsuite");
}

TEST(JunitTest, CountsEachKindOfOutcomeOnBothLevels) {
  const auto xml =
      junit_xml(record_of({stage("a", StageResult::passed), stage("b", StageResult::failed),
                           stage("c", StageResult::timed_out), stage("d", StageResult::interrupted),
                           stage("e", StageResult::skipped)}),
                {});
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  for (const auto& node : {document.child("testsuites"), suite_of(document)}) {
    EXPECT_EQ(node.attribute("tests").as_int(), 5);
    EXPECT_EQ(node.attribute("failures").as_int(), 2);
    EXPECT_EQ(node.attribute("errors").as_int(), 1);
    EXPECT_EQ(node.attribute("skipped").as_int(), 1);
    EXPECT_STREQ(node.attribute("time").value(), "5.240");
  }
  EXPECT_STREQ(suite_of(document).attribute("name").value(), "ci/pipeline.json");
  EXPECT_STREQ(suite_of(document).attribute("timestamp").value(), "2026-11-26T10:44:15Z");
}

TEST(JunitTest, EachOutcomeHasItsElement) {
  const auto xml =
      junit_xml(record_of({stage("a", StageResult::passed), stage("b", StageResult::timed_out),
                           stage("c", StageResult::interrupted), stage("d", StageResult::skipped)}),
                {"", "slow\n", "stopped\n", ""});
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  std::vector<pugi::xml_node> cases;
  for (auto node : suite_of(document).children("testcase")) cases.push_back(node);
  ASSERT_EQ(cases.size(), 4u);
  EXPECT_TRUE(cases[0].first_child().empty());
  EXPECT_STREQ(cases[1].child("failure").attribute("message").value(), "timed_out");
  EXPECT_STREQ(cases[1].child("failure").text().get(), "slow\n");
  EXPECT_STREQ(cases[2].child("error").attribute("message").value(), "interrupted");
  EXPECT_STREQ(cases[2].child("error").text().get(), "stopped\n");
  EXPECT_FALSE(cases[3].child("skipped").empty());
  for (const auto& node : cases) {
    EXPECT_STREQ(node.attribute("classname").value(), "automock.pipeline");
  }
}

TEST(JunitTest, StageTimesAreSecondsWithMilliseconds) {
  const auto xml = junit_xml(record_of({stage("quick", StageResult::passed, 7),
                                        stage("long", StageResult::passed, 61234)}),
                             {});
  EXPECT_NE(xml.find(R"(name="quick" time="0.007")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(name="long" time="61.234")"), std::string::npos) << xml;
}

TEST(JunitTest, MarkupInNamesAndOutputIsEscaped) {
  auto record = record_of({stage(R"(it's <"quoted"> & more)", StageResult::failed)});
  record.pipeline = "a&b.json";
  const auto xml = junit_xml(record, {"<b>bold</b> & 'x' \"y\"\n"});
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  const auto testcase = suite_of(document).child("testcase");
  EXPECT_STREQ(testcase.attribute("name").value(), R"(it's <"quoted"> & more)");
  EXPECT_STREQ(testcase.child("failure").text().get(), "<b>bold</b> & 'x' \"y\"\n");
  EXPECT_STREQ(suite_of(document).attribute("name").value(), "a&b.json");
}

TEST(JunitTest, ControlCharactersXmlForbidsBecomeQuestionMarks) {
  const auto xml = junit_xml(record_of({stage("s", StageResult::failed)}),
                             {std::string{"bell\a esc\x1b[31m nul"} + '\0' + " tab\tcr\r\n"});
  EXPECT_NE(xml.find("bell? esc?[31m nul? tab\tcr\r\n"), std::string::npos) << xml;
}

TEST(JunitTest, OutputThatIsNotUtf8StillGivesAUtf8Report) {
  const std::string output =
      "caf\xc3\xa9 ok, then \xff\xfe binary \xe2\x82 cut, \xed\xa0\x80 end\n";
  const auto xml = junit_xml(record_of({stage("s", StageResult::failed)}), {output});
  EXPECT_TRUE(is_valid_utf8(xml));
  EXPECT_NE(xml.find("caf\xc3\xa9 ok, then "), std::string::npos) << xml;
  EXPECT_NE(xml.find(" binary "), std::string::npos) << xml;
  EXPECT_NE(xml.find(" end\n"), std::string::npos) << xml;
}

TEST(JunitTest, StagesWithoutAnOutputGetAnEmptyElement) {
  const auto xml = junit_xml(record_of({stage("a", StageResult::failed)}), {});
  EXPECT_NE(xml.find(R"(<failure message="failed"></failure>)"), std::string::npos) << xml;
}

TEST(JunitTest, WritingCreatesTheParentDirectories) {
  TempDir dir;
  const auto file = dir / "reports/nested/junit.xml";
  write_junit(file, record_of({stage("a", StageResult::passed)}), {});
  pugi::xml_document document;
  EXPECT_TRUE(document.load_file(file.c_str()));
}

TEST(JunitTest, AnUnwritablePathIsAnIoError) {
  TempDir dir;
  write_file(dir / "file", "x");
  EXPECT_THROW(write_junit(dir / "file" / "junit.xml", record_of({}), {}), IoError);
  std::filesystem::create_directories(dir / "a-directory");
  EXPECT_THROW(write_junit(dir / "a-directory", record_of({}), {}), IoError);
}

}  // namespace
}  // namespace automock::test
