// HttpTransport against upstreams that misbehave in ways real ones do: a
// keep-alive connection dropped as it is reused, hop-by-hop fields, chunked
// and brotli answers; and the errors a user's configuration can cause.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <string>

#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"

namespace automock {
namespace {

using Cause = TransportError::Cause;
using ::testing::HasSubstr;
using ::testing::Not;

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

Request request_of(std::string method, std::string target = "/x") {
  return Request{.method = std::move(method), .target = std::move(target)};
}

TEST(HttpTransportEdgeTest, AnIdempotentRequestOnADroppedKeepAliveConnectionIsResentOnce) {
  DroppingUpstream upstream;
  HttpTransport transport{upstream.url()};
  EXPECT_EQ(transport.send(request_of("GET")).body, "connection 1");
  EXPECT_EQ(transport.send(request_of("GET")).body, "connection 2");
  EXPECT_EQ(transport.send(request_of("DELETE")).body, "connection 3");
  EXPECT_EQ(upstream.connections(), 3);
}

TEST(HttpTransportEdgeTest, APostOnADroppedKeepAliveConnectionIsNotResent) {
  DroppingUpstream upstream;
  HttpTransport transport{upstream.url()};
  EXPECT_EQ(transport.send(request_of("POST")).body, "connection 1");
  try {
    transport.send(request_of("POST"));
    ADD_FAILURE() << "a POST was resent";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::reset) << error.what();
  }
  EXPECT_EQ(upstream.connections(), 1);
}

TEST(HttpTransportEdgeTest, HopByHopFieldsOfTheAnswerAreDropped) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\n"
      "Keep-Alive: timeout=5\r\nX-End: 2\r\n\r\nok"};
  const auto response = HttpTransport{upstream.url()}.send(request_of("GET"));
  EXPECT_EQ(response.body, "ok");
  EXPECT_FALSE(response.headers.contains("Connection"));
  EXPECT_FALSE(response.headers.contains("X-Hop"));
  EXPECT_FALSE(response.headers.contains("Keep-Alive"));
  EXPECT_EQ(response.headers.get("X-End"), "2");
}

TEST(HttpTransportEdgeTest, AChunkedAnswerIsStoredWholeWithoutItsTransferCoding) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"};
  const auto response = HttpTransport{upstream.url()}.send(request_of("GET"));
  EXPECT_EQ(response.body, "abcdefg");
  EXPECT_FALSE(response.headers.contains("Transfer-Encoding"));
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
  const auto response = HttpTransport{upstream.url()}.send(request_of("GET"));
  EXPECT_EQ(response.body, R"({"title":"brotli body","done":false})");
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
  EXPECT_EQ(response.headers.get("Content-Length"), std::to_string(response.body.size()));
}

TEST(HttpTransportEdgeTest, AnUnknownContentEncodingIsKeptAsSent) {
  test::RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 4\r\n\r\n\x28\xb5\x2f\xfd"};
  const auto response = HttpTransport{upstream.url()}.send(request_of("GET"));
  EXPECT_EQ(response.headers.get("Content-Encoding"), "zstd");
  EXPECT_EQ(response.body, "\x28\xb5\x2f\xfd");
}

TEST(HttpTransportEdgeTest, AnAnswerCutShortIsAResetNotAResponse) {
  test::RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this"};
  try {
    HttpTransport{upstream.url()}.send(request_of("GET"));
    ADD_FAILURE() << "a truncated body was accepted";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::reset);
  }
}

TEST(HttpTransportEdgeTest, AnUnreadableCaFileIsATlsErrorNamingTheFile) {
  HttpOptions options;
  options.ca_file = "/nonexistent/automock-ca.pem";
  HttpTransport transport{"https://127.0.0.1:" + std::to_string(test::closed_port()), options};
  try {
    transport.send(request_of("GET"));
    ADD_FAILURE() << "send did not throw";
  } catch (const TransportError& error) {
    EXPECT_EQ(error.cause(), Cause::tls);
    EXPECT_NE(std::string{error.what()}.find("/nonexistent/automock-ca.pem"), std::string::npos);
  }
}

TEST(HttpTransportEdgeTest, ABaseUrlWithoutAHostIsRejected) {
  EXPECT_THROW(HttpTransport{"http://"}, InputError);
  EXPECT_THROW(HttpTransport{"https:///v1"}, InputError);
}

TEST(HttpTransportEdgeTest, TrailingSlashesOfTheBaseUrlAreDropped) {
  EXPECT_EQ(HttpTransport{"http://127.0.0.1:8080///"}.base_url(), "http://127.0.0.1:8080");
  EXPECT_EQ(HttpTransport{"https://[::1]:8443/api/"}.base_url(), "https://[::1]:8443/api");
}

TEST(HttpTransportEdgeTest, AConnectErrorNamesTheMethodAndTheBasePathButNotTheQuery) {
  const std::string url = "http://127.0.0.1:" + std::to_string(test::closed_port()) + "/base";
  HttpTransport transport{url};
  try {
    transport.send(request_of("PUT", "/items/1?api_key=hunter2"));
    ADD_FAILURE() << "send did not throw";
  } catch (const TransportError& error) {
    const std::string message = error.what();
    EXPECT_TRUE(message.starts_with("PUT " + url + "/items/1: ")) << message;
    EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace automock
