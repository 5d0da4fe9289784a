#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>

#include "core/atomic_file.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const k_valid = R"({
  "automock": 1,
  "key": "9f86d081884c7d65",
  "seq": 0,
  "recorded_at": "2026-11-26T10:44:15Z",
  "request": {"method": "GET", "route": "", "url": "/v1/todos", "headers": [["accept", "*/*"]]},
  "response": {"status": 200, "headers": [], "body_text": "ok", "latency_ms": 1.5}
})";

// The FixtureError that parsing `text` raises.
FixtureError parse_error(const std::string& text) {
  try {
    parse_fixture(text, "fixtures/x.json");
  } catch (const FixtureError& error) {
    return error;
  }
  ADD_FAILURE() << "expected a FixtureError for " << text;
  return FixtureError("", "<none>", "");
}

// Parses the valid fixture changed by `edit` and expects an error at `field`.
void expect_error_at(const std::function<void(nlohmann::ordered_json&)>& edit,
                     const std::string& field, const std::string& message_part = "") {
  nlohmann::ordered_json document = nlohmann::ordered_json::parse(k_valid);
  edit(document);
  const FixtureError error = parse_error(document.dump());
  EXPECT_EQ(error.field(), field) << error.what();
  EXPECT_EQ(error.path(), "fixtures/x.json");
  EXPECT_THAT(error.what(), HasSubstr("fixtures/x.json: "));
  EXPECT_THAT(error.what(), HasSubstr(message_part));
}

TEST(FixtureErrorTest, TheReferenceFixtureIsValid) {
  EXPECT_NO_THROW(parse_fixture(k_valid, "fixtures/x.json"));
}

TEST(FixtureErrorTest, TextThatIsNotJsonNamesLineAndColumn) {
  const FixtureError error = parse_error("{\n  \"automock\": 1,\n  oops\n}");
  EXPECT_EQ(error.field(), "");
  EXPECT_THAT(error.what(), HasSubstr("not valid JSON"));
  EXPECT_THAT(error.what(), HasSubstr("line 3, column 3"));
}

TEST(FixtureErrorTest, NumberBeyondADoubleIsNotJson) {
  std::string text = k_valid;
  text.replace(text.find("1.5"), 3, "1e999");
  const FixtureError error = parse_error(text);
  EXPECT_EQ(error.field(), "");
  EXPECT_THAT(error.what(), HasSubstr("not valid JSON: a number is out of range"));
  EXPECT_THAT(error.what(), Not(HasSubstr("json.exception")));
}

TEST(FixtureErrorTest, SyntaxErrorsAreInOurWordsWithLineAndColumn) {
  const FixtureError error = parse_error("{\n  \"automock\": 1,\n  }\n");
  EXPECT_THAT(error.what(), HasSubstr("not valid JSON at line 3, column 3: unexpected '}'"));
  EXPECT_THAT(error.what(), Not(HasSubstr("parse error")));
}

TEST(FixtureErrorTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(parse_error("[1, 2]").field(), "");
}

TEST(FixtureErrorTest, SchemaVersionIsRequiredAndMustBeOne) {
  expect_error_at([](nlohmann::ordered_json& d) { d.erase("automock"); }, "/automock", "missing");
  expect_error_at([](nlohmann::ordered_json& d) { d["automock"] = 2; }, "/automock",
                  "schema version 2 is not supported, expected 1");
  expect_error_at([](nlohmann::ordered_json& d) { d["automock"] = "1"; }, "/automock");
}

TEST(FixtureErrorTest, AnotherVersionIsReportedBeforeItsUnknownFields) {
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["automock"] = 2;
        d["new_field"] = true;
      },
      "/automock", "schema version 2");
}

TEST(FixtureErrorTest, MetadataFieldsAreChecked) {
  expect_error_at([](nlohmann::ordered_json& d) { d["key"] = "9F86D081884C7D65"; }, "/key",
                  "16 lowercase hex");
  expect_error_at([](nlohmann::ordered_json& d) { d.erase("key"); }, "/key", "missing");
  expect_error_at([](nlohmann::ordered_json& d) { d["seq"] = -1; }, "/seq");
  expect_error_at([](nlohmann::ordered_json& d) { d["seq"] = 1.5; }, "/seq");
  expect_error_at([](nlohmann::ordered_json& d) { d["seq"] = 1ull << 40; }, "/seq");
  expect_error_at([](nlohmann::ordered_json& d) { d["recorded_at"] = "yesterday"; }, "/recorded_at",
                  "ISO 8601");
  expect_error_at([](nlohmann::ordered_json& d) { d["recorded_at"] = "2026-02-30T00:00:00Z"; },
                  "/recorded_at");
}

// Found by fuzz/fixture_fuzzer.cpp: years past 2262 overflowed the
// nanosecond clock (undefined behaviour) instead of being refused.
TEST(FixtureErrorTest, TimesTheClockCannotHoldAreRefused) {
  expect_error_at([](nlohmann::ordered_json& d) { d["recorded_at"] = "4895-11-26T12:02:41Z"; },
                  "/recorded_at");
  expect_error_at([](nlohmann::ordered_json& d) { d["recorded_at"] = "1600-01-01T00:00:00Z"; },
                  "/recorded_at");
  nlohmann::ordered_json document = nlohmann::ordered_json::parse(k_valid);
  document["recorded_at"] = "2262-04-11T00:00:00Z";
  EXPECT_NO_THROW(parse_fixture(document.dump(), "fixtures/x.json"));
}

// Probed in issue 14: 1e15 ms overflowed the replay server's timer and was
// replayed at once.
TEST(FixtureErrorTest, ALatencyBeyondADayIsRefused) {
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["latency_ms"] = 1e15; },
                  "/response/latency_ms", "expected a number from 0 to 86400000");
  nlohmann::ordered_json document = nlohmann::ordered_json::parse(k_valid);
  document["response"]["latency_ms"] = k_max_latency_ms;
  EXPECT_EQ(parse_fixture(document.dump(), "fixtures/x.json").latency_ms, k_max_latency_ms);
}

// The stream fields (chunks, cut) are optional; bad values name their field.
TEST(FixtureErrorTest, StreamFieldsAreChecked) {
  using Json = nlohmann::ordered_json;
  const auto chunks = [](Json list) { return [list](Json& d) { d["response"]["chunks"] = list; }; };
  expect_error_at(chunks(Json::array()), "/response/chunks", "non-empty array");
  expect_error_at(chunks(Json::parse(R"([{"size": 1, "offset_ms": 0}])")), "/response/chunks",
                  "the sizes add up to 1 bytes, the body has 2");
  expect_error_at(
      chunks(Json::parse(R"([{"size": 0, "offset_ms": 0}, {"size": 2, "offset_ms": 0}])")),
      "/response/chunks/0/size");
  expect_error_at(
      chunks(Json::parse(R"([{"size": 1, "offset_ms": -1}, {"size": 1, "offset_ms": 0}])")),
      "/response/chunks/0/offset_ms", "expected a number from 0");
  expect_error_at(
      chunks(Json::parse(R"([{"size": 1, "offset_ms": 5}, {"size": 1, "offset_ms": 4}])")),
      "/response/chunks/1/offset_ms", "earlier than the chunk before it");
  expect_error_at(chunks(Json::parse(R"([{"size": 2, "offset_ms": 0, "x": 1}])")),
                  "/response/chunks/0/x", "unknown field");
  expect_error_at([](Json& d) { d["response"]["cut"] = "bored"; }, "/response/cut",
                  "expected \"time limit\"");
  expect_error_at([](Json& d) { d["response"]["cut"] = ""; }, "/response/cut");
  Json document = Json::parse(k_valid);
  document["response"]["chunks"] =
      Json::parse(R"([{"size": 1, "offset_ms": 0}, {"size": 1, "offset_ms": 2.5}])");
  document["response"]["cut"] = "client closed";
  const auto response = parse_fixture(document.dump(), "fixtures/x.json").response;
  EXPECT_EQ(response.chunks, (std::vector<BodyChunk>{{1, 0}, {1, 2.5}}));
  EXPECT_EQ(response.cut, "client closed");
}

// Probed in issue 14: a header value holding CRLF would, replayed, end the
// header early and send what follows as headers of its own.
TEST(FixtureErrorTest, AHeaderHoldingCrOrLfIsRefused) {
  for (const char* value : {"x\r\nSet-Cookie: stolen=1", "x\ny", "x\ry"}) {
    expect_error_at(
        [&](nlohmann::ordered_json& d) {
          d["response"]["headers"].push_back(nlohmann::ordered_json::array({"X-A", value}));
        },
        "/response/headers/0", "CR, LF or NUL");
  }
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["request"]["headers"].push_back(nlohmann::ordered_json::array({"X-A\nB", "v"}));
      },
      "/request/headers/1", "CR, LF or NUL");
}

TEST(FixtureErrorTest, RequestFieldsAreChecked) {
  expect_error_at([](nlohmann::ordered_json& d) { d.erase("request"); }, "/request", "missing");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"] = "GET /"; }, "/request",
                  "expected a JSON object");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"]["method"] = 5; }, "/request/method",
                  "expected a string");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"]["method"] = ""; },
                  "/request/method");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"].erase("url"); }, "/request/url",
                  "missing");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"].erase("route"); }, "/request/route",
                  "missing");
  expect_error_at(
      [](nlohmann::ordered_json& d) { d["request"]["headers"] = nlohmann::ordered_json::object(); },
      "/request/headers");
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["request"]["headers"][0] = nlohmann::ordered_json::array({"accept"});
      },
      "/request/headers/0", "pair of strings");
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["request"]["headers"].push_back(nlohmann::ordered_json::array({"a", 1}));
      },
      "/request/headers/1");
}

TEST(FixtureErrorTest, ResponseFieldsAreChecked) {
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["status"] = 600; },
                  "/response/status", "expected an integer 100..599");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["status"] = "200"; },
                  "/response/status");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"].erase("status"); },
                  "/response/status", "missing");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["latency_ms"] = "fast"; },
                  "/response/latency_ms");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["latency_ms"] = -1; },
                  "/response/latency_ms");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"].erase("headers"); },
                  "/response/headers", "missing");
}

TEST(FixtureErrorTest, BodyFieldsAreChecked) {
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["body_base64"] = "not base64!"; },
                  "/response/body", "only one of");
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["response"].erase("body_text");
        d["response"]["body_base64"] = "Zm9v!A==";
      },
      "/response/body_base64", "invalid base64");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["body_text"] = 5; },
                  "/response/body_text");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["body_indent"] = 2; },
                  "/response/body_indent", "only allowed together with body");
  expect_error_at(
      [](nlohmann::ordered_json& d) {
        d["request"]["body"] = nlohmann::ordered_json::object();
        d["request"]["body_indent"] = 0;
      },
      "/request/body_indent");
}

TEST(FixtureErrorTest, UnknownFieldsAreErrors) {
  expect_error_at([](nlohmann::ordered_json& d) { d["comment"] = "hi"; }, "/comment",
                  "unknown field");
  expect_error_at([](nlohmann::ordered_json& d) { d["request"]["query"] = "x"; }, "/request/query",
                  "unknown field");
  expect_error_at([](nlohmann::ordered_json& d) { d["response"]["body_json"] = 1; },
                  "/response/body_json");
}

TEST(FixtureErrorTest, DeeplyNestedFixtureIsRejected) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  std::string text = k_valid;
  text.replace(text.find("\"ok\""), 4, deep);
  text.replace(text.find("body_text"), 9, "body");
  EXPECT_EQ(parse_error(text).field(), "");
}

// Whatever the damage, parsing either fails with a FixtureError or gives an
// exchange that writes and reads back unchanged.
TEST(FixtureErrorTest, DamagedFixturesFailCleanlyOrRoundTrip) {
  std::mt19937 random{1126};
  const std::string valid = k_valid;
  int parsed = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string text = valid;
    for (int edits = 1 + static_cast<int>(random() % 3); edits > 0; --edits) {
      const size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = static_cast<char>(random());
          break;
        case 1:
          text.erase(at, 1 + random() % 8);
          break;
        default:
          text.insert(at, 1, "{}[]\",:0aZ\x80"[random() % 12]);
          break;
      }
      if (text.empty()) text = "x";
    }
    try {
      const Exchange exchange = parse_fixture(text, "damaged.json");
      EXPECT_EQ(parse_fixture(serialize_fixture(exchange), "again.json"), exchange) << text;
      ++parsed;
    } catch (const FixtureError&) {
    }
  }
  EXPECT_GT(parsed, 0);
}

TEST(ReadFixtureTest, ReadsAFile) {
  test::TempDir dir;
  const auto file = dir.path() / "GET-v1-todos-9f86d081884c7d65.json";
  ASSERT_TRUE(write_file_atomic(file, k_valid, WriteMode::create_new));
  EXPECT_EQ(read_fixture(file).request.target, "/v1/todos");
}

TEST(ReadFixtureTest, ErrorsNameTheFile) {
  test::TempDir dir;
  const auto file = dir.path() / "bad.json";
  ASSERT_TRUE(write_file_atomic(file, "{}", WriteMode::create_new));
  try {
    read_fixture(file);
    FAIL() << "expected FixtureError";
  } catch (const FixtureError& error) {
    EXPECT_EQ(error.path(), file.string());
    EXPECT_EQ(error.field(), "/automock");
  }
}

TEST(ReadFixtureTest, MissingFileIsAnIoErrorAndADirectoryAFixtureError) {
  test::TempDir dir;
  EXPECT_THROW(read_fixture(dir.path() / "absent.json"), IoError);
  EXPECT_THROW(read_fixture(dir.path()), FixtureError);
}

}  // namespace
}  // namespace automock
