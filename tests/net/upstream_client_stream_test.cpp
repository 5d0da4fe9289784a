// UpstreamClient's streaming: the observer's head and pieces, the timing of
// Response::chunks, and the limits and the observer cutting a stream short,
// against raw loopback upstreams that send their bodies piece by piece.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "net/upstream_client.hpp"
#include "net/upstream_client_fixture.hpp"
#include "support/raw_upstream.hpp"
#include "support/zlib_compress.hpp"

namespace automock::net {
namespace {

using namespace std::chrono_literals;
using test::gzip;
using test::LoopbackAcceptor;
using test::read_request_head;
using ::testing::ElementsAre;

// Sends `bytes`; false once the client is gone.
bool send_bytes(int client, const std::string& bytes) {
  return ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
         static_cast<ssize_t>(bytes.size());
}

// Answers each connection with `writes`, `gap` apart, then closes it.
class PacedUpstream {
 public:
  PacedUpstream(std::vector<std::string> writes, std::chrono::milliseconds gap)
      : writes_(std::move(writes)), acceptor_([this, gap](int client) {
          read_request_head(client);
          for (const auto& bytes : writes_) {
            send_bytes(client, bytes);
            std::this_thread::sleep_for(gap);
          }
        }) {}
  std::string url() const { return acceptor_.url(); }

 private:
  std::vector<std::string> writes_;
  LoopbackAcceptor acceptor_;
};

// Sends a chunked body without end, a 4-byte chunk every 10 ms, until the
// client closes the connection; `closed` is then set.
class EndlessUpstream {
 public:
  ~EndlessUpstream() { stop_ = true; }
  std::string url() const { return acceptor_.url(); }
  std::future<void> closed() { return closed_.get_future(); }

 private:
  void serve(int client) {
    read_request_head(client);
    bool open = send_bytes(client, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
    while (open && !stop_) {
      open = send_bytes(client, "4\r\ndata\r\n");
      std::this_thread::sleep_for(10ms);
    }
    if (!open) closed_.set_value();
  }

  std::atomic<bool> stop_{false};
  std::promise<void> closed_;
  LoopbackAcceptor acceptor_{[this](int client) { serve(client); }};
};

// What an observer saw, in order.
struct Seen {
  std::vector<std::string> events;  // "head", then each piece
  int status = 0;
  bool content_length_seen = false;
};

class StreamTest : public UpstreamClientTest {
 protected:
  // Sends from the io thread with an observer that records into seen_ and
  // stops once it has seen `stop_after` pieces (0: never).
  UpstreamClient::Result stream(UpstreamClient& client, size_t stop_after = 0) {
    std::promise<UpstreamClient::Result> promise;
    UpstreamClient::Observer observer{.on_head =
                                          [this](const Response& head) {
                                            seen_.events.push_back("head");
                                            seen_.status = head.status;
                                          },
                                      .on_piece =
                                          [this, stop_after](std::string_view piece) {
                                            seen_.events.emplace_back(piece);
                                            return stop_after == 0 ||
                                                   seen_.events.size() - 1 < stop_after;
                                          }};
    asio::post(io_, [&] {
      client.send(
          get("/stream"), io_.get_executor(),
          [&](UpstreamClient::Result result) { promise.set_value(std::move(result)); },
          std::move(observer));
    });
    return promise.get_future().get();
  }

  static std::vector<size_t> sizes(const std::vector<BodyChunk>& chunks) {
    std::vector<size_t> out;
    for (const auto& chunk : chunks) out.push_back(chunk.size);
    return out;
  }

  Seen seen_;
};

const std::string k_chunked_head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

TEST_F(StreamTest, AChunkedBodyIsSeenChunkByChunkAfterItsHeadAndTimed) {
  // The second chunk spans two writes; it is still one piece.
  PacedUpstream upstream{
      {k_chunked_head + "3\r\none\r\n", "5\r\ntw", "o-2\r\n", "4\r\nfour\r\n", "0\r\n\r\n"}, 50ms};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client));
  EXPECT_THAT(seen_.events, ElementsAre("head", "one", "two-2", "four"));
  EXPECT_EQ(seen_.status, 200);
  EXPECT_EQ(response.body, "onetwo-2four");
  EXPECT_EQ(response.cut, "");
  ASSERT_THAT(sizes(response.chunks), ElementsAre(3u, 5u, 4u));
  // Sent 100 ms apart (the second chunk ends with the third write).
  EXPECT_GE(response.chunks[1].offset_ms - response.chunks[0].offset_ms, 40.0);
  EXPECT_GE(response.chunks[2].offset_ms - response.chunks[1].offset_ms, 25.0);
  EXPECT_GE(response.chunks[0].offset_ms, 0.0);
}

TEST_F(StreamTest, ACloseDelimitedBodyIsSeenReadByReadAndTimed) {
  PacedUpstream upstream{{"HTTP/1.0 200 OK\r\n\r\n", "alpha", "beta", "gamma"}, 50ms};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client));
  EXPECT_THAT(seen_.events, ElementsAre("head", "alpha", "beta", "gamma"));
  EXPECT_EQ(response.body, "alphabetagamma");
  ASSERT_THAT(sizes(response.chunks), ElementsAre(5u, 4u, 5u));
  EXPECT_GE(response.chunks[1].offset_ms - response.chunks[0].offset_ms, 25.0);
  EXPECT_GE(response.chunks[2].offset_ms - response.chunks[1].offset_ms, 25.0);
}

TEST_F(StreamTest, AContentLengthBodyIsSeenButHasNoChunks) {
  PacedUpstream upstream{{"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nfirst", "-end"}, 50ms};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client));
  EXPECT_THAT(seen_.events, ElementsAre("head", "first", "-end"));
  EXPECT_EQ(response.body, "first-end");
  EXPECT_TRUE(response.chunks.empty());
}

TEST_F(StreamTest, ABodyInOnePieceHasNoChunks) {
  PacedUpstream upstream{{k_chunked_head + "3\r\none\r\n0\r\n\r\n"}, 0ms};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client));
  EXPECT_THAT(seen_.events, ElementsAre("head", "one"));
  EXPECT_TRUE(response.chunks.empty());
}

TEST_F(StreamTest, ACodedBodyIsNotSeenPieceByPieceAndArrivesDecoded) {
  const auto body = gzip("decoded at the end");
  const auto half = body.size() / 2;
  PacedUpstream upstream{
      {"HTTP/1.0 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + body.substr(0, half),
       body.substr(half)},
      50ms};
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client));
  EXPECT_THAT(seen_.events, ElementsAre("head"));
  EXPECT_EQ(response.body, "decoded at the end");
  EXPECT_TRUE(response.chunks.empty());
}

TEST_F(StreamTest, TheTimeLimitCutsAnEndlessStreamAndClosesItsConnection) {
  EndlessUpstream upstream;
  auto closed = upstream.closed();
  UpstreamClient client{upstream.url(), HttpOptions{.stream_time_limit = 200ms}};
  const auto started = std::chrono::steady_clock::now();
  const auto response = response_of(stream(client));
  EXPECT_EQ(response.cut, "time limit");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_FALSE(response.body.empty());
  EXPECT_EQ(response.body.size(), seen_.events.size() * 4 - 4);  // the pieces seen, no more
  size_t total = 0;
  for (const auto& chunk : response.chunks) total += chunk.size;
  EXPECT_EQ(total, response.body.size());
  EXPECT_EQ(closed.wait_for(5s), std::future_status::ready);
}

TEST_F(StreamTest, TheSizeLimitCutsAnEndlessStreamAtTheLimit) {
  EndlessUpstream upstream;
  auto closed = upstream.closed();
  UpstreamClient client{upstream.url(), HttpOptions{.stream_size_limit = 10}};
  const auto response = response_of(stream(client));
  EXPECT_EQ(response.cut, "size limit");
  EXPECT_EQ(response.body, "datadatada");
  EXPECT_THAT(sizes(response.chunks), ElementsAre(4u, 4u, 2u));
  EXPECT_THAT(seen_.events, ElementsAre("head", "data", "data", "da"));
  EXPECT_EQ(closed.wait_for(5s), std::future_status::ready);
}

TEST_F(StreamTest, AnObserverThatStopsEndsTheStreamAsTheClientClosed) {
  EndlessUpstream upstream;
  auto closed = upstream.closed();
  UpstreamClient client{upstream.url()};
  const auto response = response_of(stream(client, 2));
  EXPECT_EQ(response.cut, "client closed");
  EXPECT_EQ(response.body, "datadata");
  EXPECT_EQ(closed.wait_for(5s), std::future_status::ready);
}

TEST_F(StreamTest, TheHeadIsSeenWithoutHopByHopFields) {
  PacedUpstream upstream{
      {"HTTP/1.1 201 Created\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\nX-Kept: yes\r\n\r\n"
       "ok"},
      0ms};
  UpstreamClient client{upstream.url()};
  std::promise<Response> head;
  std::promise<UpstreamClient::Result> done;
  asio::post(io_, [&] {
    client.send(get("/x"), io_.get_executor(),
                [&](UpstreamClient::Result result) { done.set_value(std::move(result)); },
                {.on_head = [&](const Response& seen) { head.set_value(seen); }});
  });
  EXPECT_EQ(response_of(done.get_future().get()).body, "ok");
  const auto seen = head.get_future().get();
  EXPECT_EQ(seen.status, 201);
  EXPECT_EQ(seen.headers.get("X-Kept"), "yes");
  EXPECT_FALSE(seen.headers.contains("Keep-Alive"));
  EXPECT_EQ(seen.body, "");
  client.close_idle();
}

}  // namespace
}  // namespace automock::net
