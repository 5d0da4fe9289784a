#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/httplib_server.hpp"
#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"

namespace automock {
namespace {

namespace fs = std::filesystem;
using Cause = TransportError::Cause;
using ::testing::HasSubstr;
using ::testing::Not;

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

Request make_request(std::string method, std::string target = "/x", std::string body = "") {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.body = std::move(body);
  return request;
}

// Answers the first request of each connection with keep-alive, then closes
// the connection without answering when the next request arrives: a server
// dropping an idle keep-alive connection just as the client reuses it.
// Serves one connection at a time.
class DroppingUpstream {
 public:
  std::string url() const { return acceptor_.url(); }
  int connections() const { return connections_; }

 private:
  void serve_one(int client) {
    const int number = ++connections_;
    if (!test::read_request_head(client)) return;
    const std::string body = "connection " + std::to_string(number);
    const std::string answer =
        "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
    test::read_request_head(client);
  }

  std::atomic<int> connections_{0};
  test::LoopbackAcceptor acceptor_{[this](int client) { serve_one(client); }};
};

// What is forwarded, and where.

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

TEST(HttpTransportEdgeTest, TrailingSlashesOfTheBaseUrlAreDropped) {
  EXPECT_EQ(HttpTransport{"http://127.0.0.1:8080///"}.base_url(), "http://127.0.0.1:8080");
  EXPECT_EQ(HttpTransport{"https://[::1]:8443/api/"}.base_url(), "https://[::1]:8443/api");
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

TEST(HttpTransportTest, WithoutABaseUrlEachRequestGoesToTheOriginItNames) {
  TestServer first{echo_server()};
  TestServer second{echo_server()};
  HttpTransport transport{""};
  const auto a = transport.send(make_request("GET", first.url() + "/a?q=1"));
  EXPECT_EQ(a.headers.get("X-Path"), "/a");
  EXPECT_EQ(a.headers.get("X-Query"), "1");
  EXPECT_EQ(a.headers.get("X-Host"), "127.0.0.1:" + std::to_string(first.port()));
  const auto b = transport.send(make_request("POST", second.url() + "?q=2", "body"));
  EXPECT_EQ(b.headers.get("X-Path"), "/");
  EXPECT_EQ(b.headers.get("X-Query"), "2");
  EXPECT_EQ(b.headers.get("X-Host"), "127.0.0.1:" + std::to_string(second.port()));
  EXPECT_EQ(b.body, "body");
  EXPECT_EQ(transport.base_url(), "");
}

TEST(HttpTransportTest, WithoutABaseUrlARelativeTargetIsAnInputError) {
  HttpTransport transport{""};
  try {
    transport.send(make_request("GET", "/x?token=secret"));
    ADD_FAILURE() << "a relative target was sent";
  } catch (const InputError& error) {
    EXPECT_THAT(error.what(), HasSubstr("absolute target"));
    EXPECT_THAT(error.what(), Not(HasSubstr("secret")));
  }
}

// Connections.

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

TEST(HttpTransportEdgeTest, AnIdempotentRequestOnADroppedKeepAliveConnectionIsResentOnce) {
  DroppingUpstream upstream;
  HttpTransport transport{upstream.url()};
  EXPECT_EQ(transport.send(make_request("GET")).body, "connection 1");
  EXPECT_EQ(transport.send(make_request("GET")).body, "connection 2");
  EXPECT_EQ(transport.send(make_request("DELETE")).body, "connection 3");
  EXPECT_EQ(upstream.connections(), 3);
}

TEST(HttpTransportEdgeTest, APostOnADroppedKeepAliveConnectionIsNotResent) {
  DroppingUpstream upstream;
  HttpTransport transport{upstream.url()};
  EXPECT_EQ(transport.send(make_request("POST")).body, "connection 1");
  try {
    transport.send(make_request("POST"));
    ADD_FAILURE() << "a POST was resent";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::reset) << error.what();
  }
  EXPECT_EQ(upstream.connections(), 1);
}

// The answer's framing and coding.

TEST(HttpTransportEdgeTest, HopByHopFieldsOfTheAnswerAreDropped) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\n"
      "Keep-Alive: timeout=5\r\nX-End: 2\r\n\r\nok"};
  const auto response = HttpTransport{upstream.url()}.send(make_request("GET"));
  EXPECT_EQ(response.body, "ok");
  EXPECT_FALSE(response.headers.contains("Connection"));
  EXPECT_FALSE(response.headers.contains("X-Hop"));
  EXPECT_FALSE(response.headers.contains("Keep-Alive"));
  EXPECT_EQ(response.headers.get("X-End"), "2");
}

TEST(HttpTransportEdgeTest, AChunkedAnswerIsStoredWholeWithoutItsTransferCoding) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"};
  const auto response = HttpTransport{upstream.url()}.send(make_request("GET"));
  EXPECT_EQ(response.body, "abcdefg");
  EXPECT_FALSE(response.headers.contains("Transfer-Encoding"));
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

// {"title":"brotli body","done":false} as a brotli stream.
const std::string k_brotli_body{
    "\x8b\x11\x80\x7b\x22\x74\x69\x74\x6c\x65\x22\x3a\x22\x62\x72\x6f\x74\x6c\x69\x20\x62\x6f"
    "\x64\x79\x22\x2c\x22\x64\x6f\x6e\x65\x22\x3a\x66\x61\x6c\x73\x65\x7d\x03",
    40};

// cpp-httplib alone turned this into an empty 200.
TEST(HttpTransportEdgeTest, ACorruptBrotliAnswerIsAProtocolError) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 12\r\n\r\nnot brotli!!"};
  HttpTransport transport{upstream.url()};
  try {
    transport.send(Request{.method = "GET", .target = "/x?key=secret"});
    FAIL() << "expected a TransportError";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::protocol);
    EXPECT_THAT(error.what(), HasSubstr("GET " + upstream.url() + "/x: br body is corrupt"));
    EXPECT_THAT(error.what(), Not(HasSubstr("secret")));
  }
}

TEST(HttpTransportEdgeTest, ABrotliAnswerIsStoredDecodedWithItsLengthFixed) {
  test::RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: " +
                             std::to_string(k_brotli_body.size()) + "\r\n\r\n" + k_brotli_body};
  const auto response = HttpTransport{upstream.url()}.send(make_request("GET"));
  EXPECT_EQ(response.body, R"({"title":"brotli body","done":false})");
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
  EXPECT_EQ(response.headers.get("Content-Length"), std::to_string(response.body.size()));
}

TEST(HttpTransportEdgeTest, AnUnknownContentEncodingIsKeptAsSent) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 4\r\n\r\n\x28\xb5\x2f\xfd"};
  const auto response = HttpTransport{upstream.url()}.send(make_request("GET"));
  EXPECT_EQ(response.headers.get("Content-Encoding"), "zstd");
  EXPECT_EQ(response.body, "\x28\xb5\x2f\xfd");
}

// Errors.

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

TEST(HttpTransportEdgeTest, AnAnswerCutShortIsAResetNotAResponse) {
  test::RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"};
  try {
    HttpTransport{upstream.url()}.send(make_request("GET"));
    ADD_FAILURE() << "a truncated body was accepted";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::reset);
  }
}

TEST(HttpTransportEdgeTest, AConnectErrorNamesTheMethodAndTheBasePathButNotTheQuery) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::closed_port()) + "/base";
  HttpTransport transport{url};
  try {
    transport.send(make_request("PUT", "/items/1?api_key=hunter2"));
    ADD_FAILURE() << "send did not throw";
  } catch (const TransportError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(message.starts_with("PUT " + url + "/items/1: ")) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

TEST(HttpTransportTest, BaseUrlWithoutHttpSchemeIsRejected) {
  EXPECT_THROW(HttpTransport{"ftp://127.0.0.1/"}, InputError);
  EXPECT_THROW(HttpTransport{"127.0.0.1:80"}, InputError);
}

TEST(HttpTransportEdgeTest, ABaseUrlWithoutAHostIsRejected) {
  EXPECT_THROW(HttpTransport{"http://"}, InputError);
  EXPECT_THROW(HttpTransport{"https:///v1"}, InputError);
}

// HTTPS.

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

TEST(HttpTransportEdgeTest, AnUnreadableCaFileIsATlsErrorNamingTheFile) {
  HttpOptions options;
  options.ca_file = "/nonexistent/automock-ca.pem";
  HttpTransport transport{"https://127.0.0.1:" + std::to_string(test::closed_port()), options};
  try {
    transport.send(make_request("GET"));
    ADD_FAILURE() << "send did not throw";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::tls);
    EXPECT_NE(std::string{error.what()}.find("/nonexistent/automock-ca.pem"), std::string::npos);
  }
}

}  // namespace
}  // namespace automock
