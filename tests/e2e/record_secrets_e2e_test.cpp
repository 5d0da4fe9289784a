// `automock record` with no configuration at all in front of a real API on
// loopback that hands out and echoes secrets in every usual place: none of
// the secret byte strings reaches any file of the cassette, plain or
// base64-decoded, and the recording still replays.

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/record_e2e_support.hpp"

namespace automock::test {
namespace {

const std::string k_bearer = "caller-token-7d1e5b9a";
const std::string k_session = "session-cookie-4c2f8e61";
const std::string k_password = "hunter2-correct-horse";
const std::string k_access = "access-9f3b7c2d1e";
const std::string k_refresh = "refresh-2a6d0e8c4b";
const std::string k_id_token =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbm4iLCJhdWQiOiJlMmUifQ.aWQtdG9rZW4tc2lnbmF0dXJl";
const std::string k_redirect_jwt =
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZWRpcmVjdGVkIn0.cmVkaXJlY3Qtc2lnbmF0dXJl";
const std::string k_aws_key = "AKIAIOSFODNN7SECRET1";
const std::string k_signature = "5f2e9d8c7b6a5f4e3d2c1b0a5f2e9d8c7b6a5f4e3d2c1b0a5f2e9d8c7b6a5f4e";

std::vector<std::string> every_secret() {
  return {k_bearer,   k_session,      k_password, k_access,   k_refresh,
          k_id_token, k_redirect_jwt, k_aws_key,  k_signature};
}

bool has_bearer(const httplib::Request& request) {
  return request.get_header_value("Authorization") == "Bearer " + k_bearer;
}

std::unique_ptr<httplib::Server> secret_api() {
  auto server = std::make_unique<httplib::Server>();
  server->Post("/oauth/token", [](const httplib::Request& request, httplib::Response& response) {
    const bool good = request.get_param_value("password") == k_password;
    response.status = good ? 200 : 401;
    const nlohmann::json answer = {{"access_token", k_access},
                                   {"refresh_token", k_refresh},
                                   {"id_token", k_id_token},
                                   {"token_type", "Bearer"}};
    response.set_header("Set-Cookie", "session=" + k_session + "; HttpOnly");
    response.set_content(answer.dump(), "application/json");
  });
  server->Get("/me", [](const httplib::Request& request, httplib::Response& response) {
    if (!has_bearer(request)) {
      response.status = 401;
      return;
    }
    const nlohmann::json answer = {{"user", "ann"},
                                   {"debug",
                                    {{"received", request.get_header_value("Authorization")},
                                     {"cookie", request.get_header_value("Cookie")}}}};
    response.set_content(answer.dump(), "application/json");
  });
  server->Get("/authorize", [](const httplib::Request& request, httplib::Response& response) {
    response.status = has_bearer(request) ? 302 : 401;
    response.set_header("Location", "https://app.test/cb#id_token=" + k_redirect_jwt + "&state=s1");
  });
  server->Get("/reports/latest", [](const httplib::Request& request, httplib::Response& response) {
    if (!has_bearer(request)) {
      response.status = 401;
      return;
    }
    const std::string url =
        "https://reports.s3.test/latest.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" +
        k_aws_key + "%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Expires=300" +
        "&X-Amz-Signature=" + k_signature;
    response.set_content(nlohmann::json{{"download_url", url}}.dump(), "application/json");
  });
  return server;
}

// Every byte of every file of `dir`, with each body_base64 body decoded too.
std::string bytes_with_decoded_bodies(const fs::path& dir) {
  std::string text = all_bytes_under(dir);
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const auto exchange = read_fixture(entry.path());
    text += exchange.request.body + exchange.response.body;
  }
  return text;
}

class RecordSecretsE2eTest : public RecordE2eTest {};

TEST_F(RecordSecretsE2eTest, WithNoRedactionConfigNoSecretReachesTheCassette) {
  HttplibServer api{secret_api()};
  int record_port = 0;
  auto recorder = start_record({"--upstream", api.url()}, record_port);
  httplib::Client client{"127.0.0.1", record_port};
  const auto token =
      client.Post("/oauth/token", "grant_type=password&username=ann&password=" + k_password,
                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(token);
  ASSERT_EQ(token->status, 200);
  const httplib::Headers auth{{"Authorization", "Bearer " + k_bearer},
                              {"Cookie", "session=" + k_session}};
  for (const std::string path : {"/me", "/authorize", "/reports/latest"}) {
    const auto answer = client.Get(path, auth);
    ASSERT_TRUE(answer) << path;
    EXPECT_EQ(answer->status, path == "/authorize" ? 302 : 200) << path;
  }
  interrupt(*recorder);

  ASSERT_EQ(fixtures().size(), 4u);
  const auto on_disk = bytes_with_decoded_bodies(cassette());
  for (const auto& secret : every_secret()) {
    EXPECT_EQ(on_disk.find(secret), std::string::npos) << secret << " was written";
  }

  int serve_port = 0;
  auto server = start_serve({}, serve_port);
  httplib::Client replay{"127.0.0.1", serve_port};
  const auto me = replay.Get("/me", {{"Authorization", "Bearer another-token-entirely"}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200) << me->body;
  EXPECT_NE(me->body.find("\"user\":\"ann\""), std::string::npos) << me->body;
}

TEST_F(RecordSecretsE2eTest, ScanPolicyFailAnswersTheClientWritesNothingAndExitsOne) {
  const std::string github_token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
  auto server = std::make_unique<httplib::Server>();
  server->Get("/settings", [&](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"ci":")" + github_token + R"("})", "application/json");
  });
  HttplibServer api{std::move(server)};
  const auto config = dir_ / "automock.json";
  std::ofstream(config) << R"({"redact": {"scan": "fail"}})";
  int port = 0;
  auto recorder = start_record({"--upstream", api.url(), "--config", config.string()}, port);
  httplib::Client client{"127.0.0.1", port};
  const auto answer = client.Get("/settings");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_NE(answer->body.find(github_token), std::string::npos) << "the client gets its answer";
  recorder->send_signal(SIGINT);
  const auto output = recorder->read_rest();
  EXPECT_EQ(recorder->wait(), 1) << recorder->stderr_text();
  EXPECT_NE(output.find("GET /settings 200 "), std::string::npos) << output;
  EXPECT_NE(output.find("refused: automock: "), std::string::npos) << output;
  EXPECT_NE(output.find("GitHub token in response body"), std::string::npos) << output;
  EXPECT_EQ((output + recorder->stderr_text()).find(github_token), std::string::npos) << output;
  EXPECT_TRUE(fixtures().empty());
}

}  // namespace
}  // namespace automock::test
