// UpstreamClient against real loopback upstreams: what goes on the wire,
// keep-alive reuse, stale pooled connections, response framings, decoding,
// and each failure with its cause.
#include "net/upstream_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <asio.hpp>
#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <sstream>

#include "net/upstream_client_fixture.hpp"
#include "support/httplib_server.hpp"
#include "support/loopback.hpp"
#include "support/raw_upstream.hpp"
#include "support/zlib_compress.hpp"

namespace automock::net {
namespace {

using test::gzip;
using test::HttplibServer;
using test::LoopbackAcceptor;
using test::RawUpstream;
using test::read_request_head;
using ::testing::HasSubstr;
using Cause = TransportError::Cause;

void send_text(int client, const std::string& bytes) {
  ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
}

// Answers `answers` requests per connection with `answer`, then closes it;
// counts connections.
class CountingUpstream {
 public:
  CountingUpstream(std::string answer, int answers)
      : answer_(std::move(answer)), acceptor_([this, answers](int client) {
          ++connections_;
          for (int i = 0; i < answers && read_request_head(client); ++i) send_text(client, answer_);
        }) {}
  std::string url() const { return acceptor_.url(); }
  int connections() const { return connections_; }

 private:
  std::string answer_;
  std::atomic<int> connections_{0};
  LoopbackAcceptor acceptor_;
};

TEST_F(UpstreamClientTest, SendsMethodBasePathTargetHeadersAndBodyWithTheUpstreamsHost) {
  auto routes = std::make_unique<httplib::Server>();
  routes->Post("/base/items", [](const httplib::Request& request, httplib::Response& response) {
    response.status = 201;
    response.set_header("X-Seen-Host", request.get_header_value("Host"));
    response.set_header("X-Seen-Query", request.get_param_value("page"));
    response.set_header("X-Seen-Custom", request.get_header_value("X-Custom"));
    response.set_content("got " + request.body, "text/plain");
  });
  HttplibServer upstream{std::move(routes)};
  UpstreamClient client{upstream.url() + "/base/"};
  Request request{"POST", "/items?page=3", {{"Host", "client.test"}, {"X-Custom", "yes"}}, "{}"};
  const auto response = response_of(send(client, request));
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, "got {}");
  EXPECT_EQ(response.headers.get("X-Seen-Host"), "127.0.0.1:" + std::to_string(upstream.port()));
  EXPECT_EQ(response.headers.get("X-Seen-Query"), "3");
  EXPECT_EQ(response.headers.get("X-Seen-Custom"), "yes");
}

TEST_F(UpstreamClientTest, KeepAliveConnectionsAreReusedOnTheSameThread) {
  CountingUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 100};
  UpstreamClient client{upstream.url()};
  for (int i = 0; i < 5; ++i) EXPECT_EQ(response_of(send(client, get("/x"))).body, "ok");
  EXPECT_EQ(upstream.connections(), 1);
  client.close_idle();
}

TEST_F(UpstreamClientTest, AConnectionTheUpstreamClosedWhileIdleIsNotReusedEvenForAPost) {
  CountingUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(response_of(send(client, get("/x"))).body, "ok");
  std::this_thread::sleep_for(std::chrono::milliseconds{50});  // the upstream closes meanwhile
  const auto post = send(client, Request{"POST", "/x", {}, "payload"});
  EXPECT_EQ(response_of(post).body, "ok");
  EXPECT_EQ(upstream.connections(), 2);
}

TEST_F(UpstreamClientTest, AnIdempotentRequestIsSentAgainWhenItsPooledConnectionDropsIt) {
  // Each connection answers its first request and drops the second unanswered.
  std::atomic<int> connections{0};
  LoopbackAcceptor upstream{[&](int client) {
    ++connections;
    if (!read_request_head(client)) return;
    send_text(client, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    read_request_head(client);
  }};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(response_of(send(client, get("/first"))).body, "ok");
  EXPECT_EQ(response_of(send(client, get("/again"))).body, "ok");
  EXPECT_EQ(connections, 2);
  const auto post = send(client, Request{"POST", "/x", {}, "once"});
  EXPECT_EQ(error_of(post).cause(), Cause::reset);
}

TEST_F(UpstreamClientTest, AnAnswerArrivingInPiecesIsPutTogether) {
  LoopbackAcceptor upstream{[](int client) {
    read_request_head(client);
    for (std::string piece : {"HTTP/1.1 200 OK\r\nContent-Le", "ngth: 5\r\n\r", "\nwh", "ole"}) {
      send_text(client, piece);
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
  }};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(response_of(send(client, get("/x"))).body, "whole");
}

TEST_F(UpstreamClientTest, WithoutDecompressionTheCodedBodyAndItsHeaderStay) {
  RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!"};
  UpstreamClient client{upstream.url(), HttpOptions{.decompress = false}};
  const auto response = response_of(send(client, get("/x")));
  EXPECT_EQ(response.body, "not gzip!");
  EXPECT_EQ(response.headers.get("Content-Encoding"), "gzip");
}

TEST_F(UpstreamClientTest, ChunkedBodiesArriveDecodedWithoutTransferEncoding) {
  RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n "
      "world\r\n0\r\n\r\n"};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(send(client, get("/x")));
  EXPECT_EQ(response.body, "hello world");
  EXPECT_FALSE(response.headers.contains("Transfer-Encoding"));
}

TEST_F(UpstreamClientTest, ATransferCodingOtherThanChunkedIsAProtocolError) {
  const auto body = gzip("coded");
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n" +
                       (std::ostringstream{} << std::hex << body.size()).str() + "\r\n" + body +
                       "\r\n0\r\n\r\n"};
  UpstreamClient client{upstream.url()};
  const auto result = send(client, get("/x"));
  EXPECT_EQ(error_of(result).cause(), Cause::protocol);
  EXPECT_THAT(error_of(result).what(), HasSubstr("transfer coding not supported: gzip"));
}

TEST_F(UpstreamClientTest, ABodyDelimitedByTheConnectionClosingIsReadToTheEnd) {
  RawUpstream upstream{"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it"};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(response_of(send(client, get("/x"))).body, "all of it");
}

TEST_F(UpstreamClientTest, AHeadAnswerHasNoBodyAndKeepsItsLengthAndConnection) {
  CountingUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 100};
  UpstreamClient client{upstream.url()};
  for (int i = 0; i < 2; ++i) {
    const auto response = response_of(send(client, Request{.method = "HEAD", .target = "/x"}));
    EXPECT_EQ(response.body, "");
    EXPECT_EQ(response.headers.get("Content-Length"), "1234");
  }
  EXPECT_EQ(upstream.connections(), 1);
  client.close_idle();
}

TEST_F(UpstreamClientTest, InterimAnswersAreSkipped) {
  RawUpstream upstream{
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone"};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(response_of(send(client, get("/x"))).body, "done");
}

TEST_F(UpstreamClientTest, GzipBodiesArriveDecoded) {
  const auto body = gzip(std::string(3000, 'z'));
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n" + body};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(send(client, get("/x")));
  EXPECT_EQ(response.body, std::string(3000, 'z'));
  EXPECT_FALSE(response.headers.contains("Content-Encoding"));
}

TEST_F(UpstreamClientTest, ACorruptGzipBodyIsAProtocolError) {
  RawUpstream upstream{
      "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 9\r\n\r\nnot gzip!"};
  UpstreamClient client{upstream.url()};
  const auto result = send(client, get("/x"));
  EXPECT_EQ(error_of(result).cause(), Cause::protocol);
  EXPECT_THAT(error_of(result).what(), HasSubstr("gzip"));
}

TEST_F(UpstreamClientTest, AnAnswerThatIsNotHttpIsAProtocolError) {
  RawUpstream upstream{"SSH-2.0-OpenSSH_9.2\r\n\r\n"};
  UpstreamClient client{upstream.url()};
  const auto result = send(client, get("/x?token=secret"));
  EXPECT_EQ(error_of(result).cause(), Cause::protocol);
  EXPECT_THAT(error_of(result).what(), HasSubstr("GET " + upstream.url() + "/x: "));
  EXPECT_THAT(error_of(result).what(), ::testing::Not(HasSubstr("secret")));
}

TEST_F(UpstreamClientTest, ABodyCutShortIsAReset) {
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(50, 'x')};
  UpstreamClient client{upstream.url()};
  EXPECT_EQ(error_of(send(client, get("/x"))).cause(), Cause::reset);
}

TEST_F(UpstreamClientTest, AnAnswerOverTheLimitIsRefused) {
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'x')};
  UpstreamClient client{upstream.url(), HttpOptions{.max_response_bytes = 4096}};
  EXPECT_EQ(error_of(send(client, get("/x"))).cause(), Cause::protocol);
}

TEST_F(UpstreamClientTest, ARefusedConnectionIsAConnectError) {
  UpstreamClient client{"http://127.0.0.1:" + std::to_string(test::closed_port())};
  EXPECT_EQ(error_of(send(client, get("/x"))).cause(), Cause::connect);
}

TEST_F(UpstreamClientTest, AHostNameIsResolvedAndEachAddressTried) {
  RawUpstream upstream{"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nnamed"};
  const auto port = upstream.url().substr(upstream.url().rfind(':'));
  UpstreamClient client{"http://localhost" + port};
  EXPECT_EQ(response_of(send(client, get("/x"))).body, "named");
}

TEST_F(UpstreamClientTest, AnUnresolvableHostIsADnsError) {
  UpstreamClient client{"http://nohost.invalid"};
  EXPECT_EQ(error_of(send(client, get("/x"))).cause(), Cause::dns);
}

TEST_F(UpstreamClientTest, AnUpstreamThatNeverAnswersTimesOut) {
  std::promise<void> release;
  auto released = release.get_future().share();
  LoopbackAcceptor upstream{[released](int client) {
    read_request_head(client);
    released.wait();
  }};
  UpstreamClient client{upstream.url(),
                        HttpOptions{.read_timeout = std::chrono::milliseconds{100}}};
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(error_of(send(client, get("/x"))).cause(), Cause::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds{5});
  release.set_value();
}

// A listener whose accept queue is full drops new SYNs: connecting hangs.
TEST_F(UpstreamClientTest, AConnectThatHangsTimesOut) {
  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), size), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ASSERT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &size), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 2; ++i) {
    fillers.push_back(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0));
    ::connect(fillers.back(), reinterpret_cast<sockaddr*>(&address), size);
  }
  UpstreamClient client{"http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)),
                        HttpOptions{.connect_timeout = std::chrono::milliseconds{200}}};
  const auto result = send(client, get("/x"));
  EXPECT_EQ(error_of(result).cause(), Cause::timeout);
  EXPECT_THAT(error_of(result).what(), HasSubstr("connect timed out"));
  for (int filler : fillers) ::close(filler);
  ::close(listener);
}

TEST_F(UpstreamClientTest, EachIoThreadKeepsItsOwnConnections) {
  std::mutex mutex;
  std::set<int> ports;
  auto routes = std::make_unique<httplib::Server>();
  routes->Get("/x", [&](const httplib::Request& request, httplib::Response& response) {
    std::lock_guard lock{mutex};
    ports.insert(request.remote_port);
    response.set_content("ok", "text/plain");
  });
  HttplibServer upstream{std::move(routes)};
  UpstreamClient client{upstream.url()};
  asio::io_context other;
  auto guard = asio::make_work_guard(other);
  std::thread other_thread{[&] { other.run(); }};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(response_of(send(client, get("/x"))).body, "ok");
    EXPECT_EQ(response_of(send(client, get("/x"), other)).body, "ok");
  }
  client.close_idle();
  guard.reset();
  other_thread.join();
  EXPECT_EQ(ports.size(), 2u);
}

TEST_F(UpstreamClientTest, OnlyHttpAndHttpsAreAccepted) {
  EXPECT_THROW(UpstreamClient("ftp://127.0.0.1:1"), InputError);
  EXPECT_THROW(UpstreamClient("127.0.0.1:1"), InputError);
}

}  // namespace
}  // namespace automock::net
