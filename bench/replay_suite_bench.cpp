// A GoogleTest binary of 2,000 generated tests, each with its own cassette
// and embedded loopback replay server (automock::testing::CassetteTest),
// sending one request over HTTP and checking the answer. Its whole wall time
// is the figure (bench/run-core.sh times it).
//   replay_suite_bench --generate DIR   writes the 2,000 cassettes
//   AUTOMOCK_FIXTURES=DIR replay_suite_bench   runs the suite

#include <automock/gtest.hpp>
#include <cstring>
#include <iostream>

#include "core/cassette_engine.hpp"

namespace {

constexpr int k_tests = 2000;

std::string test_name(int i) {
  return "Replays" + std::to_string(i);
}

automock::Request request_for(int i) {
  return automock::Request{
      "GET", "/v1/items/" + std::to_string(i) + "?view=full", {{"Accept", "application/json"}}, ""};
}

std::string body_for(int i) {
  return "{\"id\":" + std::to_string(i) + ",\"ok\":true}";
}

class GeneratedReplayTest : public automock::testing::CassetteTest {
 public:
  explicit GeneratedReplayTest(int index) : index_(index) {}
  void TestBody() override {
    automock::HttpTransport http{base_url()};
    const auto response = http.send(request_for(index_));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, body_for(index_));
  }

 private:
  int index_;
};

void generate(const std::string& root) {
  for (int i = 0; i < k_tests; ++i) {
    automock::Cassette cassette{
        std::filesystem::path{root} / "Generated" / test_name(i),
        automock::CassetteOptions{.mode = automock::Mode::record, .allow_network_in_ci = true}};
    automock::CassetteEngine{cassette}.record(
        request_for(i),
        automock::Response{200, {{"Content-Type", "application/json"}}, body_for(i)}, 1.0);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--generate") == 0) {
    generate(argv[2]);
    return 0;
  }
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 0; i < k_tests; ++i) {
    ::testing::RegisterTest("Generated", test_name(i).c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [i]() -> ::testing::Test* { return new GeneratedReplayTest(i); });
  }
  return RUN_ALL_TESTS();
}
