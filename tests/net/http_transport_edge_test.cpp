// HttpTransport against upstreams that misbehave in ways real ones do: a
// keep-alive connection dropped as it is reused, hop-by-hop fields, chunked
// and brotli answers; and the errors a user's configuration can cause.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"

namespace automock {
namespace {

using Cause = TransportError::Cause;

// Answers the first request of each connection with keep-alive, then closes
// the connection without answering when the next request arrives: a server
// dropping an idle keep-alive connection just as the client reuses it.
// Serves one connection at a time.
class DroppingUpstream {
 public:
  DroppingUpstream() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("DroppingUpstream cannot listen");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread{[this] { serve(); }};
  }
  ~DroppingUpstream() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  DroppingUpstream(const DroppingUpstream&) = delete;
  DroppingUpstream& operator=(const DroppingUpstream&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (true) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      const int number = ++connections_;
      if (read_head(client)) {
        const std::string body = "connection " + std::to_string(number);
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
        ::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
        read_head(client);
      }
      ::close(client);
    }
  }

  static bool read_head(int client) {
    std::string head;
    char buffer[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const auto received = ::recv(client, buffer, sizeof buffer, 0);
      if (received <= 0) return false;
      head.append(buffer, static_cast<size_t>(received));
    }
    return true;
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
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
