#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include "support/httplib_server.hpp"
#include "support/loopback.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;
using Cause = TransportError::Cause;

using TestServer = test::HttplibServer;

// Echoes what the server received as response headers and body.
void echo(const httplib::Request& request, httplib::Response& response) {
  response.set_header("X-Method", request.method);
  response.set_header("X-Path", request.path);
  response.set_header("X-Query", request.has_param("q") ? request.get_param_value("q") : "");
  response.set_header("X-Host", request.get_header_value("Host"));
  response.set_header("X-Custom", request.get_header_value("X-Custom"));
  response.set_header("X-Remote-Port", std::to_string(request.remote_port));
  response.set_content(request.body, "text/plain");
}

std::unique_ptr<httplib::Server> echo_server() {
  auto server = std::make_unique<httplib::Server>();
  const std::string pattern = R"(/.*)";
  server->Get(pattern, echo);
  server->Post(pattern, echo);
  server->Put(pattern, echo);
  server->Patch(pattern, echo);
  server->Delete(pattern, echo);
  server->Options(pattern, echo);
  return server;
}

Request make_request(std::string method, std::string target, std::string body = "") {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.body = std::move(body);
  return request;
}

TEST(HttpTransportTest, ForwardsMethodTargetHeadersAndBody) {
  TestServer server{echo_server()};
  HttpTransport transport{server.url()};
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    SCOPED_TRACE(method);
    // cpp-httplib's server reads no body for GET and OPTIONS.
    const bool has_body = method != std::string{"GET"} && method != std::string{"OPTIONS"};
    auto request = make_request(method, "/items/7?q=a+b,c", has_body ? "body" : "");
    request.headers = {{"X-Custom", "value"}, {"Host", "elsewhere"}, {"Connection", "close"}};
    const auto response = transport.send(request);
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.get("X-Method"), method);
    EXPECT_EQ(response.headers.get("X-Path"), "/items/7");
    EXPECT_EQ(response.headers.get("X-Query"), "a b,c");
    EXPECT_EQ(response.headers.get("X-Custom"), "value");
    EXPECT_EQ(response.headers.get("X-Host"), "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(response.body, request.body);
  }
}

TEST(HttpTransportTest, AppendsTheTargetToTheBasePath) {
  TestServer server{echo_server()};
  HttpTransport transport{server.url() + "/api/v2/"};
  const auto response = transport.send(make_request("GET", "/todos?q=1"));
  EXPECT_EQ(response.headers.get("X-Path"), "/api/v2/todos");
  EXPECT_EQ(response.headers.get("X-Query"), "1");
  EXPECT_EQ(transport.base_url(), server.url() + "/api/v2");
}

TEST(HttpTransportTest, ErrorStatusIsAResponse) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/missing", [](const httplib::Request&, httplib::Response& response) {
    response.status = 404;
    response.set_content("nope", "text/plain");
  });
  TestServer server{std::move(routes)};
  const auto response = HttpTransport{server.url()}.send(make_request("GET", "/missing"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body, "nope");
}

TEST(HttpTransportTest, ReusesTheConnectionAcrossRequests) {
  TestServer server{echo_server()};
  HttpTransport transport{server.url()};
  const auto first = transport.send(make_request("GET", "/1")).headers.get("X-Remote-Port");
  const auto second = transport.send(make_request("GET", "/2")).headers.get("X-Remote-Port");
  EXPECT_EQ(first, second);
}

TEST(HttpTransportTest, ConcurrentSendsFromSeveralThreadsAllSucceed) {
  TestServer server{echo_server()};
  HttpTransport transport{server.url()};
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const auto body = std::to_string(t) + "-" + std::to_string(i);
        if (transport.send(make_request("POST", "/c", body)).body == body) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded, 40);
}

const std::string k_text(2000, 'z');

std::unique_ptr<httplib::Server> compressing_server() {
  auto server = std::make_unique<httplib::Server>();
  server->Get("/text", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(k_text, "text/plain");
  });
  return server;
}

TEST(HttpTransportTest, GzipResponseIsStoredDecoded) {
  TestServer server{compressing_server()};
  auto request = make_request("GET", "/text");
  request.headers.add("Accept-Encoding", "gzip");
  const auto response = HttpTransport{server.url()}.send(request);
  EXPECT_EQ(response.body, k_text);
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
  EXPECT_EQ(response.headers.get("Content-Length").value_or(std::to_string(k_text.size())),
            std::to_string(k_text.size()));
}

TEST(HttpTransportTest, WithoutDecompressTheBodyStaysEncoded) {
  TestServer server{compressing_server()};
  auto request = make_request("GET", "/text");
  request.headers.add("Accept-Encoding", "gzip");
  HttpOptions options;
  options.decompress = false;
  const auto response = HttpTransport{server.url(), options}.send(request);
  EXPECT_EQ(response.headers.get("Content-Encoding"), "gzip");
  EXPECT_LT(response.body.size(), k_text.size());
}

Cause cause_of_sending(HttpTransport& transport, std::string* message = nullptr) {
  try {
    transport.send(make_request("GET", "/x?token=secret"));
  } catch (const TransportError& error) {
    if (message != nullptr) *message = error.what();
    return error.cause();
  }
  ADD_FAILURE() << "send did not throw";
  return Cause::other;
}

TEST(HttpTransportTest, RefusedConnectionIsAConnectError) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::closed_port());
  HttpTransport transport{url};
  std::string message;
  EXPECT_EQ(cause_of_sending(transport, &message), Cause::connect);
  EXPECT_NE(message.find(url + "/x"), std::string::npos) << message;
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
}

TEST(HttpTransportTest, UnknownHostIsADnsError) {
  HttpTransport transport{"http://no-such-host.invalid"};
  EXPECT_EQ(cause_of_sending(transport), Cause::dns);
}

TEST(HttpTransportTest, SlowServerIsATimeout) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/x", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(std::chrono::milliseconds{400});
    response.set_content("late", "text/plain");
  });
  TestServer server{std::move(routes)};
  HttpOptions options;
  options.read_timeout = std::chrono::milliseconds{100};
  HttpTransport transport{server.url(), options};
  EXPECT_EQ(cause_of_sending(transport), Cause::timeout);
}

TEST(HttpTransportTest, BaseUrlWithoutHttpSchemeIsRejected) {
  EXPECT_THROW(HttpTransport{"ftp://127.0.0.1/"}, InputError);
  EXPECT_THROW(HttpTransport{"127.0.0.1:80"}, InputError);
}

// A self-signed certificate for 127.0.0.1 in a temporary directory.
class HttpsTransportTest : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("automock-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    ASSERT_TRUE(test::make_self_signed_certificate(key(), cert()));
    auto routes = std::make_unique<httplib::SSLServer>(cert().c_str(), key().c_str());
    routes->Get("/secure", [](const httplib::Request&, httplib::Response& response) {
      response.set_content("secret data", "text/plain");
    });
    server_ = std::make_unique<TestServer>(std::move(routes));
  }
  void TearDown() override {
    server_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }
  fs::path cert() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }
  std::string url() const { return server_->url("https"); }

  fs::path dir_;
  std::unique_ptr<TestServer> server_;
};

TEST_F(HttpsTransportTest, UntrustedCertificateIsATlsError) {
  HttpTransport transport{url()};
  EXPECT_EQ(cause_of_sending(transport), Cause::tls);
}

TEST_F(HttpsTransportTest, DisabledVerificationAcceptsTheCertificate) {
  HttpOptions options;
  options.verify_tls = false;
  EXPECT_EQ(HttpTransport(url(), options).send(make_request("GET", "/secure")).body, "secret data");
}

TEST_F(HttpsTransportTest, CaFileTrustsTheCertificate) {
  HttpOptions options;
  options.ca_file = cert().string();
  EXPECT_EQ(HttpTransport(url(), options).send(make_request("GET", "/secure")).body, "secret data");
}

}  // namespace
}  // namespace automock
