#pragma once
// The fixture of the capture proxy tests: a proxy on a temporary cassette, a
// client for it, what it reported, and real upstreams to point it at.

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <automock/proxy.hpp>
#include <chrono>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/httplib_server.hpp"
#include "support/raw_upstream.hpp"
#include "support/scoped_env.hpp"
#include "support/temp_dir.hpp"

namespace automock::test {

namespace fs = std::filesystem;
using Source = ProxyExchange::Source;

// Answers every method with what it received: method, path, query, body and
// the request's header names and Host, as JSON.
inline void echo(const httplib::Request& request, httplib::Response& response) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [name, value] : request.headers) names.push_back(name);
  const nlohmann::json body = {{"method", request.method},
                               {"path", request.path},
                               {"body", request.body},
                               {"host", request.get_header_value("Host")},
                               {"headers", names}};
  response.set_header("X-Upstream", "echo");
  response.set_content(body.dump(), "application/json");
}

inline std::unique_ptr<httplib::Server> echo_server() {
  auto server = std::make_unique<httplib::Server>();
  const std::string all = "/.*";
  server->Get(all, echo);
  server->Post(all, echo);
  server->Put(all, echo);
  server->Patch(all, echo);
  server->Delete(all, echo);
  server->Options(all, echo);
  return server;
}

class CaptureProxyTest : public ::testing::Test {
 protected:
  CaptureProxy& start(ProxyOptions options) {
    options.cassette = cassette_dir();
    options.on_exchange = [this](const ProxyExchange& exchange) {
      std::lock_guard lock{mutex_};
      reported_.push_back(exchange);
    };
    client_.reset();
    proxy_.reset();
    proxy_ = std::make_unique<CaptureProxy>(std::move(options));
    client_ = std::make_unique<httplib::Client>(proxy_->base_url());
    client_->set_read_timeout(std::chrono::seconds{10});
    return *proxy_;
  }
  CaptureProxy& start_to(const std::string& upstream, Mode mode = Mode::new_episodes) {
    return start(ProxyOptions{.mode = mode, .upstream = upstream});
  }

  // A real upstream that outlives the proxy (the proxy holds connections to it).
  HttplibServer& serve(std::unique_ptr<httplib::Server> routes) {
    upstreams_.push_back(std::make_unique<HttplibServer>(std::move(routes)));
    return *upstreams_.back();
  }
  RawUpstream& serve_raw(std::string answer) {
    raw_upstreams_.push_back(std::make_unique<RawUpstream>(std::move(answer)));
    return *raw_upstreams_.back();
  }

  fs::path cassette_dir() const { return dir_.path() / "cassette"; }

  std::vector<fs::path> files() const {
    std::vector<fs::path> found;
    if (!fs::exists(cassette_dir())) return found;
    for (const auto& entry : fs::directory_iterator(cassette_dir())) found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    return found;
  }

  std::string all_bytes_on_disk() const { return all_bytes_under(dir_.path()); }

  std::vector<ProxyExchange> reported() {
    std::lock_guard lock{mutex_};
    return reported_;
  }

  static nlohmann::json json_of(const httplib::Result& result) {
    return nlohmann::json::parse(result->body);
  }

  TempDir dir_;
  ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  ScopedEnv ci_env_{"CI", std::nullopt};
  std::vector<std::unique_ptr<HttplibServer>> upstreams_;
  std::vector<std::unique_ptr<RawUpstream>> raw_upstreams_;
  std::unique_ptr<CaptureProxy> proxy_;
  std::unique_ptr<httplib::Client> client_;
  std::mutex mutex_;
  std::vector<ProxyExchange> reported_;
};

inline httplib::Result send(httplib::Client& client, const std::string& method,
                            const std::string& path, const std::string& body = "",
                            httplib::Headers headers = {}) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.headers = std::move(headers);
  request.body = body;
  if (!body.empty()) request.set_header("Content-Type", "application/json");
  return client.send(request);
}

}  // namespace automock::test
