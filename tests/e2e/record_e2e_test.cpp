// End-to-end: the built `automock record` between real clients and real
// upstreams (the example todo_service, cpp-httplib servers), then
// `automock serve` replaying what it wrote.
#include <nlohmann/json.hpp>

#include "e2e/record_e2e_support.hpp"

namespace automock::test {
namespace {

std::unique_ptr<httplib::Server> static_server(const fs::path& root) {
  auto server = std::make_unique<httplib::Server>();
  server->set_mount_point("/", root.string());
  server->Put("/upload", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    response.set_content("stored " + std::to_string(request.body.size()) + " bytes", "text/plain");
  });
  server->Options("/.*", [](const httplib::Request&, httplib::Response& response) {
    response.set_header("Allow", "GET, HEAD, PUT, OPTIONS");
    response.status = 204;
  });
  return server;
}

std::vector<Call> every_method_calls(int64_t id) {
  const auto item = "/todo/v1/todos/" + std::to_string(id);
  return {{"GET", "/todo/v1/todos", ""},
          {"GET", item, ""},
          {"PATCH", item, R"({"done":true})"},
          {"PUT", item, R"({"title":"put is not served"})"},
          {"HEAD", "/todo/v1/todos", ""},
          {"OPTIONS", "/todo/v1/todos", ""},
          {"DELETE", item, ""},
          {"GET", item, ""},
          {"GET", "/static/hello.txt", ""},
          {"HEAD", "/static/hello.txt", ""},
          {"PUT", "/static/upload", R"({"bytes":"abc"})"},
          {"OPTIONS", "/static/hello.txt", ""}};
}

TEST_F(RecordE2eTest, RecordedExchangesOfEveryMethodReplayByteForByte) {
  int todo_port = 0;
  auto todo = start_todo_service(todo_port);
  dir_.write("www/hello.txt", "hello from a static file\n");
  auto static_upstream = std::make_unique<HttplibServer>(static_server(dir_ / "www"));
  const nlohmann::json config = {
      {"routes",
       {{{"name", "todo"},
         {"prefix", "/todo"},
         {"upstream", "http://127.0.0.1:" + std::to_string(todo_port)}},
        {{"name", "static"}, {"prefix", "/static"}, {"upstream", static_upstream->url()}}}}};
  const auto config_file = dir_.write("automock.json", config.dump(2));

  int record_port = 0;
  auto recorder = start_record({"--config", config_file.string()}, record_port);
  httplib::Client through_proxy{"127.0.0.1", record_port};
  const auto created = call(through_proxy, {"POST", "/todo/v1/todos", R"({"title":"e2e"})"});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto calls = every_method_calls(nlohmann::json::parse(created.body)["id"]);
  std::vector<Answer> recorded{created};
  for (const auto& what : calls) recorded.push_back(call(through_proxy, what));
  const auto output = interrupt(*recorder);
  EXPECT_NE(output.find("POST /todo/v1/todos 201"), std::string::npos) << output;
  EXPECT_NE(output.find("stopped; 13 new, 0 replayed, 0 forwarded, 0 failed"), std::string::npos)
      << output;
  EXPECT_EQ(fixtures().size(), 13u);
  EXPECT_EQ(all_bytes_on_disk().find("e2e-secret-token"), std::string::npos);

  todo->send_signal(SIGTERM);
  todo->wait();
  static_upstream.reset();
  int serve_port = 0;
  auto server = start_serve({"--config", config_file.string()}, serve_port);
  httplib::Client replay{"127.0.0.1", serve_port};
  std::vector<Answer> replayed{call(replay, {"POST", "/todo/v1/todos", R"({"title":"e2e"})"})};
  for (const auto& what : calls) replayed.push_back(call(replay, what));
  for (size_t i = 0; i < recorded.size(); ++i) {
    SCOPED_TRACE(i == 0 ? "POST" : calls[i - 1].method + " " + calls[i - 1].path);
    EXPECT_EQ(replayed[i], recorded[i]);
  }
}

TEST_F(RecordE2eTest, RecordingUnderCiNeedsTheExplicitAllowance) {
  ChildProcess refused{{AUTOMOCK_CLI_PATH, "record", "--upstream", "http://127.0.0.1:9", "--listen",
                        "127.0.0.1:0", "--cassette", cassette().string()},
                       dir_ / "stderr.txt",
                       {{"CI", "true"}, {"AUTOMOCK_ALLOW_NETWORK_IN_CI", std::nullopt}}};
  EXPECT_EQ(refused.read_rest(), "");
  EXPECT_EQ(refused.wait(), 2);
  EXPECT_NE(refused.stderr_text().find("AUTOMOCK_ALLOW_NETWORK_IN_CI=1"), std::string::npos)
      << refused.stderr_text();
}

TEST_F(RecordE2eTest, WithoutAnUpstreamItIsBadUsage) {
  ChildProcess refused{{AUTOMOCK_CLI_PATH, "record", "--cassette", cassette().string()},
                       dir_ / "stderr.txt"};
  EXPECT_EQ(refused.read_rest(), "");
  EXPECT_EQ(refused.wait(), 2);
  EXPECT_NE(refused.stderr_text().find("give --upstream URL"), std::string::npos)
      << refused.stderr_text();
}

}  // namespace
}  // namespace automock::test
