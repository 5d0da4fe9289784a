// Chained auth with named secrets: a login answer's token is used by later
// calls. Recorded with a named secret, the cassette replays offline, verifies
// with 0 drifts against the live service once AUTOMOCK_SECRET_* are set, and
// holds neither the password nor any token.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <automock/cassette.hpp>
#include <automock/config.hpp>
#include <automock/transport.hpp>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>

#include "core/files.hpp"
#include "support/httplib_server.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"
#include "tooling/drift_check.hpp"

namespace automock::tooling {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* k_password = "pw-correct-horse-battery";

// POST /login {"user","password"} -> {"token"} (a new token each time);
// GET /me and GET /todos need "Authorization: Bearer <a token it issued>".
class AuthService {
 public:
  AuthService() : server_{routes()} {}
  std::string url() const { return server_.url(); }
  std::set<std::string> issued() const {
    std::lock_guard lock{state_->mutex};
    return state_->tokens;
  }

 private:
  struct State {
    std::mutex mutex;
    std::set<std::string> tokens;
    std::atomic<int> next{0};
  };

  std::unique_ptr<httplib::Server> routes() {
    auto server = std::make_unique<httplib::Server>();
    server->Post(
        "/login", [state = state_](const httplib::Request& request, httplib::Response& response) {
          const auto body = json::parse(request.body, nullptr, false);
          if (!body.is_object() || body.value("password", "") != k_password) {
            response.status = 401;
            return response.set_content(R"({"error":"bad password"})", "application/json");
          }
          const auto token = "tok-" + std::to_string(state->next++) + "-s3cr3t-abcdef0123";
          std::lock_guard lock{state->mutex};
          state->tokens.insert(token);
          response.set_content(json{{"token", token}, {"user", "ann"}}.dump(), "application/json");
        });
    const auto authorized = [state = state_](const httplib::Request& request) {
      const auto header = request.get_header_value("Authorization");
      std::lock_guard lock{state->mutex};
      return header.starts_with("Bearer ") && state->tokens.contains(header.substr(7));
    };
    server->Get("/me", [authorized](const httplib::Request& request, httplib::Response& response) {
      if (!authorized(request)) response.status = 401;
      response.set_content(
          authorized(request) ? R"({"user":"ann","todos":2})" : R"({"error":"no"})",
          "application/json");
    });
    return server;
  }

  std::shared_ptr<State> state_ = std::make_shared<State>();
  test::HttplibServer server_;
};

Config secret_config() {
  return parse_config(R"({"redact": {"secrets": [
      {"name": "session-token", "json": ["token"], "headers": ["Authorization"]},
      {"name": "password", "json": ["/password"]}]}})",
                      "automock.json");
}

// The client under test: logs in, then uses the token it got.
json who_am_i(Transport& transport) {
  const Request login{"POST",
                      "/login",
                      {{"Content-Type", "application/json"}},
                      json{{"user", "ann"}, {"password", k_password}}.dump()};
  const auto token = json::parse(transport.send(login).body).at("token").get<std::string>();
  const auto me = transport.send(Request{"GET", "/me", {{"Authorization", "Bearer " + token}}, ""});
  EXPECT_EQ(me.status, 200) << me.body;
  return json::parse(me.body);
}

class NamedSecretVerifyTest : public ::testing::Test {
 protected:
  std::filesystem::path cassette() const { return dir_ / "AuthClientTest" / "WhoAmI"; }

  void record() {
    auto recording =
        std::make_shared<Cassette>(cassette(), CassetteOptions{.mode = Mode::record,
                                                               .config = secret_config(),
                                                               .allow_network_in_ci = true});
    CassetteTransport transport{recording, std::make_shared<HttpTransport>(service_.url())};
    EXPECT_EQ(who_am_i(transport)["user"], "ann");
  }

  std::string every_file() const {
    std::string text;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
      if (entry.is_regular_file()) text += read_file(entry.path());
    }
    return text;
  }

  test::ScopedEnv mode_{"AUTOMOCK_MODE", std::nullopt};
  test::TempDir dir_;
  AuthService service_;
};

TEST_F(NamedSecretVerifyTest, TheCassetteHoldsPlaceholdersAndNoSecret) {
  record();
  const auto text = every_file();
  EXPECT_THAT(text, HasSubstr("<SECRET:session-token>"));
  EXPECT_THAT(text, HasSubstr("Bearer <SECRET:session-token>"));
  EXPECT_THAT(text, HasSubstr("<SECRET:password>"));
  EXPECT_THAT(text, Not(HasSubstr(k_password)));
  for (const auto& token : service_.issued()) EXPECT_THAT(text, Not(HasSubstr(token)));
}

TEST_F(NamedSecretVerifyTest, TheCassetteReplaysOffline) {
  record();
  auto replay = std::make_shared<Cassette>(
      cassette(), CassetteOptions{.mode = Mode::replay, .config = secret_config()});
  CassetteTransport offline{replay};
  EXPECT_EQ(who_am_i(offline)["todos"], 2);
}

TEST_F(NamedSecretVerifyTest, VerifyWithTheSecretsSetReportsNoDrift) {
  record();
  HttpTransport live{service_.url()};
  const auto token = json::parse(live.send(Request{"POST",
                                                   "/login",
                                                   {{"Content-Type", "application/json"}},
                                                   json{{"password", k_password}}.dump()})
                                     .body)["token"]
                         .get<std::string>();
  test::ScopedEnv password{"AUTOMOCK_SECRET_PASSWORD", k_password};
  test::ScopedEnv session{"AUTOMOCK_SECRET_SESSION_TOKEN", token};
  const auto report = check_drift(dir_.path(), live, {.unsafe = UnsafeMethods::send});
  EXPECT_EQ(report.sent, 2u);
  EXPECT_THAT(report.unsent, IsEmpty());
  EXPECT_THAT(report.drifts, IsEmpty()) << report.drifts.front().file;
  EXPECT_THAT(every_file(), Not(HasSubstr(token)));
}

TEST_F(NamedSecretVerifyTest, WithoutTheSecretsTheExchangesAreListedNotDrifted) {
  record();
  test::ScopedEnv password{"AUTOMOCK_SECRET_PASSWORD", std::nullopt};
  test::ScopedEnv session{"AUTOMOCK_SECRET_SESSION_TOKEN", std::nullopt};
  HttpTransport live{service_.url()};
  const auto report = check_drift(dir_.path(), live, {.unsafe = UnsafeMethods::send});
  EXPECT_EQ(report.sent, 0u);
  EXPECT_THAT(report.drifts, IsEmpty());
  ASSERT_EQ(report.unsent.size(), 2u);
  EXPECT_EQ(report.unsent[0].reason, "needs AUTOMOCK_SECRET_PASSWORD");
  EXPECT_EQ(report.unsent[1].reason, "needs AUTOMOCK_SECRET_SESSION_TOKEN");
}

}  // namespace
}  // namespace automock::tooling
