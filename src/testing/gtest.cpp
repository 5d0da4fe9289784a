#include <automock/gtest.hpp>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/json_edit.hpp"
#include "core/percent.hpp"
#include "core/test_cassette.hpp"

namespace automock::testing {

namespace {

namespace fs = std::filesystem;

std::mutex root_mutex;

// One embedded replay server for every replaying test of the binary, and one
// forward proxy: starting and stopping a server per test would cost more
// than the test itself.
std::mutex shared_servers_mutex;
std::unique_ptr<ReplayServer> shared_server;
std::unique_ptr<ReplayServer> shared_proxy;

// Stops the shared servers before static objects (asio's error categories
// among them) are destroyed: registered after the first server's
// construction, so it runs before their destructors.
void stop_shared_servers() {
  std::lock_guard lock{shared_servers_mutex};
  shared_server.reset();
  shared_proxy.reset();
}

// The shared server in `slot`, made with `options` on first use, now serving
// `cassette`.
ReplayServer& serve_from_shared(std::unique_ptr<ReplayServer>& slot, ServerOptions options,
                                std::shared_ptr<Cassette> cassette) {
  static std::once_flag registered;
  std::lock_guard lock{shared_servers_mutex};
  if (!slot) {
    slot = std::make_unique<ReplayServer>(std::move(cassette), std::move(options));
    std::call_once(registered, [] { std::atexit(stop_shared_servers); });
  } else {
    slot->serve(std::move(cassette));
  }
  return *slot;
}
fs::path configured_root = "fixtures";

}  // namespace

void set_fixture_root(fs::path root) {
  std::lock_guard lock{root_mutex};
  configured_root = std::move(root);
}

fs::path fixture_root() {
  if (const char* root = std::getenv("AUTOMOCK_FIXTURES"); root != nullptr && *root != '\0') {
    return root;
  }
  std::lock_guard lock{root_mutex};
  return configured_root;
}

fs::path cassette_path_for_current_test() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  if (info == nullptr) throw InputError("cassette_path_for_current_test() outside a running test");
  return test_cassette_path(fixture_root(), info->test_suite_name(), info->name());
}

void CassetteTest::SetUp() {
  cassette_ = std::make_shared<Cassette>(cassette_path_for_current_test(), cassette_options());
  transport_ = std::make_shared<CassetteTransport>(cassette_, upstream());
}

void CassetteTest::TearDown() {
  if (server_) server_->stop();
  if (proxy_) proxy_->stop();
  if (cassette_) expect_cassette_clean(*cassette_, fail_on_unused());
}

std::string CassetteTest::base_url() {
  if (!base_url_.empty()) return base_url_;
  if (auto forward_to = upstream()) {
    server_ = std::make_unique<ReplayServer>(cassette_, ServerOptions{}, std::move(forward_to));
    base_url_ = server_->base_url();
  } else {
    base_url_ = serve_from_shared(shared_server, ServerOptions{.threads = 1}, cassette_).base_url();
  }
  return base_url_;
}

std::string CassetteTest::proxy_url() {
  if (!proxy_url_.empty()) return proxy_url_;
  const ServerOptions options{.threads = 1, .forward = true};
  if (auto forward_to = upstream()) {
    proxy_ = std::make_unique<ReplayServer>(cassette_, options, std::move(forward_to));
    proxy_url_ = proxy_->base_url();
    ca_file_ = proxy_->ca_file();
  } else {
    auto& proxy = serve_from_shared(shared_proxy, options, cassette_);
    proxy_url_ = proxy.base_url();
    ca_file_ = proxy.ca_file();
  }
  return proxy_url_;
}

std::filesystem::path CassetteTest::ca_file() {
  proxy_url();
  return ca_file_;
}

void expect_cassette_clean(const Cassette& cassette, bool fail_on_unused) {
  for (const auto& miss : cassette.misses()) ADD_FAILURE() << miss.what();
  if (!fail_on_unused) return;
  for (const auto& file : cassette.unused()) {
    ADD_FAILURE() << "automock: recorded exchange " << file.string()
                  << " was never played; remove it or the test lost a request";
  }
}

MockTransport::MockTransport(std::shared_ptr<Cassette> cassette,
                             std::shared_ptr<Transport> upstream)
    : replay_(std::move(cassette), std::move(upstream)) {
  ON_CALL(*this, send).WillByDefault([this](const Request& request) {
    return replay_.send(request);
  });
}

::testing::Matcher<const Request&> RequestMethod(std::string method) {
  return ::testing::Field("method", &Request::method, ::testing::StrEq(std::move(method)));
}

::testing::Matcher<const Request&> RequestPath(std::string path) {
  return ::testing::ResultOf(
      "path", [](const Request& request) { return std::string{request.path()}; },
      ::testing::StrEq(std::move(path)));
}

::testing::Matcher<const Request&> QueryParam(std::string name, std::string value) {
  using Pair = std::pair<std::string, std::string>;
  return ::testing::ResultOf(
      "query parameters", [](const Request& request) { return decode_form(request.query()); },
      ::testing::Contains(Pair{std::move(name), std::move(value)}));
}

::testing::Matcher<const Request&> JsonBodyField(std::string pointer, std::string json_value) {
  const auto expected = nlohmann::json::parse(json_value);
  return ::testing::ResultOf(
      "JSON body at " + pointer,
      [pointer](const Request& request) -> std::string {
        const auto body = parse_json_within(request.body);
        const nlohmann::json::json_pointer where{pointer};
        if (!body || !body->contains(where)) return "(absent)";
        return body->at(where).dump();
      },
      ::testing::StrEq(expected.dump()));
}

}  // namespace automock::testing
