// The HAR that Chromium saved while a page used the example todo_service
// (fixtures/har/README.md): imported, checked for the bearer token, and
// replayed entry by entry through a Cassette.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/har.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/cassette_engine.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using Json = nlohmann::json;

const std::string k_har_file = AUTOMOCK_SOURCE_DIR "/fixtures/har/todo-chromium.har";
const std::string k_token = "har-demo-token-5f1c";

std::string read(const std::filesystem::path& file) {
  std::ifstream in{file, std::ios::binary};
  return {std::istreambuf_iterator<char>(in), {}};
}

// The request of a HAR entry as the page sent it, to the service's absolute URL.
Request request_of(const Json& entry) {
  const auto& har = entry["request"];
  Request request{.method = har["method"], .target = har["url"].get<std::string>()};
  for (const auto& header : har["headers"]) {
    if (!header["name"].get<std::string>().starts_with(':'))
      request.headers.add(header["name"], header["value"]);
  }
  if (har.contains("postData")) request.body = har["postData"]["text"];
  return request;
}

class HarChromiumTest : public ::testing::Test {
 protected:
  test::ScopedEnv no_mode_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
  std::string har_text_ = read(k_har_file);
  Json entries_ = Json::parse(har_text_)["log"]["entries"];
};

TEST_F(HarChromiumTest, TheBrowserSentTheTokenAndTheFixturesDoNotHaveIt) {
  ASSERT_THAT(har_text_, HasSubstr("Bearer " + k_token));
  const auto result = import_har(har_text_, k_har_file, dir_ / "cassette");
  EXPECT_THAT(result.problems, IsEmpty());
  ASSERT_EQ(result.files.size(), entries_.size());
  int redacted = 0;
  for (const auto& file : result.files) {
    const auto text = read(file);
    EXPECT_THAT(text, Not(HasSubstr(k_token))) << file;
    redacted += text.find(R"(["Authorization", "Bearer <REDACTED>"])") != std::string::npos;
  }
  EXPECT_EQ(redacted, 6);  // every API call; the page itself was loaded without a token
}

TEST_F(HarChromiumTest, EveryEntryReplaysInTheOrderTheBrowserSawIt) {
  import_har(har_text_, k_har_file, dir_ / "cassette");
  Cassette cassette{dir_ / "cassette", {.strict_sequences = true}};
  int api_calls = 0;
  for (const auto& entry : entries_) {
    const auto request = request_of(entry);
    const auto exchange = CassetteEngine{cassette}.play(request);
    ASSERT_TRUE(exchange) << request.method << ' ' << request.target;
    EXPECT_EQ(exchange->response.status, entry["response"]["status"]) << request.target;
    EXPECT_EQ(exchange->response.body, entry["response"]["content"].value("text", ""))
        << request.target;
    api_calls += request.target.find("/v1/todos") != std::string::npos;
  }
  EXPECT_EQ(api_calls, 6);
  EXPECT_THAT(cassette.unused(), IsEmpty());
}

}  // namespace
}  // namespace automock
