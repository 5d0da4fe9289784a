// Streams end to end (issue 15): an SSE upstream on loopback recorded through
// the capture proxy as it arrives, its chunks and their timing kept in the
// fixture, replayed over HTTP (at once or at the recorded offsets) and in
// process; endless streams cut at a limit or when the client leaves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/fixture.hpp>
#include <automock/proxy.hpp>
#include <automock/server.hpp>
#include <automock/transport.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "net/raw_socket.hpp"
#include "support/scoped_env.hpp"
#include "support/sse.hpp"
#include "support/temp_dir.hpp"

namespace automock {
namespace {

using namespace std::chrono_literals;
using test::ChunkedRead;
using test::ChunkedReader;
using test::sse_event;
using test::SseUpstream;

constexpr auto k_gap = 60ms;

class StreamingTest : public ::testing::Test {
 protected:
  // Records GET /events from `upstream` through a capture proxy; returns what
  // the client read and the exchange as the proxy reported it.
  ChunkedRead record(const SseUpstream& upstream, ProxyOptions options = {},
                     size_t max_chunks = SIZE_MAX) {
    std::promise<ProxyExchange> reported;
    options.cassette = dir_.path();
    options.upstream = upstream.url();
    options.mode = Mode::new_episodes;
    options.on_exchange = [&](const ProxyExchange& exchange) { reported.set_value(exchange); };
    CaptureProxy proxy{options};
    ChunkedRead read;
    {
      ChunkedReader client{proxy.port()};
      read = client.get("/events", max_chunks);
    }
    exchange_ = reported.get_future().get();
    return read;
  }

  Exchange fixture() const {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      files.push_back(entry.path());
    }
    EXPECT_EQ(files.size(), 1u);
    return read_fixture(files.at(0));
  }

  ChunkedRead replay(Latency latency = Latency::none) {
    auto cassette = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
    ReplayServer server{cassette, ServerOptions{.latency = latency}};
    ChunkedReader client{server.port()};
    return client.get("/events");
  }

  static std::vector<std::string> events(int count) {
    std::vector<std::string> list;
    for (int i = 0; i < count; ++i) list.push_back(sse_event(i));
    return list;
  }

  test::ScopedEnv mode_env_{"AUTOMOCK_MODE", std::nullopt};
  test::ScopedEnv ci_env_{"CI", std::nullopt};
  test::TempDir dir_;
  ProxyExchange exchange_;
};

TEST_F(StreamingTest, EventsReachTheClientAsTheyArriveAndKeepTheirChunksInTheFixture) {
  const SseUpstream upstream{3, k_gap};
  const auto read = record(upstream);
  EXPECT_TRUE(read.complete);
  EXPECT_EQ(read.chunks, events(3));
  // Streamed, not buffered: the first event came a gap before the last.
  EXPECT_LT(read.offsets_ms.front() + 30, read.offsets_ms.back());
  EXPECT_THAT(read.head, ::testing::HasSubstr("Transfer-Encoding: chunked"));

  const auto stored = fixture().response;
  EXPECT_EQ(stored.body, read.body());
  ASSERT_EQ(stored.chunks.size(), 3u);
  EXPECT_EQ(stored.chunks[1].size, sse_event(1).size());
  EXPECT_GE(stored.chunks[2].offset_ms - stored.chunks[0].offset_ms, 100);
  EXPECT_EQ(stored.cut, "");
}

TEST_F(StreamingTest, ChunkBoundariesSurviveReplayOverHttpAndInProcess) {
  const SseUpstream upstream{3, k_gap};
  record(upstream);
  const auto replayed = replay();
  EXPECT_TRUE(replayed.complete);
  EXPECT_EQ(replayed.chunks, events(3));

  CassetteTransport transport{
      std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay})};
  std::vector<std::string> pieces;
  transport.stream(Request{.target = "/events"},
                   [&](std::string_view piece) { pieces.emplace_back(piece); });
  EXPECT_EQ(pieces, events(3));
}

TEST_F(StreamingTest, ReplayAtOnceSendsEveryChunkWithoutTheRecordedGaps) {
  const SseUpstream upstream{3, k_gap};
  record(upstream);
  const auto replayed = replay();
  ASSERT_EQ(replayed.offsets_ms.size(), 3u);
  EXPECT_LT(replayed.offsets_ms.back(), 60);
}

TEST_F(StreamingTest, AnHttp10ClientGetsTheChunksUntilTheConnectionCloses) {
  const SseUpstream upstream{3, k_gap};
  record(upstream);
  auto cassette = std::make_shared<Cassette>(dir_.path(), CassetteOptions{.mode = Mode::replay});
  ReplayServer server{cassette, ServerOptions{}};
  test_support::RawSocket client{server.port()};
  client.send("GET /events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  bool closed = false;
  const auto response = client.read_until_closed(&closed);
  EXPECT_TRUE(closed);
  EXPECT_THAT(response, ::testing::Not(::testing::HasSubstr("Transfer-Encoding")));
  EXPECT_THAT(response, ::testing::Not(::testing::HasSubstr("Content-Length")));
  EXPECT_EQ(test_support::body_of(response), sse_event(0) + sse_event(1) + sse_event(2));
}

// Issue 15 asks for the offsets within 10 ms; the assertion leaves room for
// sanitizers on a loaded machine, and the figure is printed. The client times
// each chunk from the moment it read the head, so a client thread that got the
// head a few ms late sees every chunk that much "early" (3.6 ms seen on a
// loaded machine): early is allowed up to the 10 ms, well under the
// gap that a replay ignoring the offsets would show.
TEST_F(StreamingTest, RecordedLatencyReplaysEachChunkAtItsOffset) {
  const SseUpstream upstream{4, k_gap};
  record(upstream);
  const auto stored = fixture().response;
  const auto replayed = replay(Latency::recorded);
  ASSERT_EQ(replayed.offsets_ms.size(), stored.chunks.size());
  double worst = 0;
  for (size_t i = 0; i < stored.chunks.size(); ++i) {
    const double late = replayed.offsets_ms[i] - stored.chunks[i].offset_ms;
    EXPECT_GT(late, -10.0) << "chunk " << i << " came early";
    worst = std::max(worst, std::abs(late));
  }
  EXPECT_LT(worst, 40.0);
  std::cout << "recorded offsets reproduced within " << worst << " ms\n";
}

TEST_F(StreamingTest, AnEndlessStreamIsCutAtTheTimeLimitAndReplays) {
  const SseUpstream endless{0, 20ms};
  const auto read = record(endless, ProxyOptions{.stream_time_limit = 300ms});
  EXPECT_TRUE(read.complete);
  EXPECT_GE(read.chunks.size(), 3u);
  const auto stored = fixture().response;
  EXPECT_EQ(stored.cut, "time limit");
  EXPECT_EQ(stored.body, read.body());
  EXPECT_EQ(stored.chunks.size(), read.chunks.size());

  const auto replayed = replay();
  EXPECT_TRUE(replayed.complete);
  EXPECT_EQ(replayed.chunks, read.chunks);
}

TEST_F(StreamingTest, AnEndlessStreamIsCutAtTheSizeLimit) {
  const SseUpstream endless{0, 5ms};
  record(endless, ProxyOptions{.stream_size_limit = 100});
  const auto stored = fixture().response;
  EXPECT_EQ(stored.cut, "size limit");
  EXPECT_LE(stored.body.size(), 100u);
  EXPECT_GT(stored.body.size(), 50u);
}

TEST_F(StreamingTest, AClientThatLeavesCutsTheRecording) {
  const SseUpstream endless{0, 20ms};
  const auto read = record(endless, ProxyOptions{.stream_time_limit = 0ms}, 2);
  EXPECT_EQ(read.chunks, events(2));
  EXPECT_EQ(exchange_.source, ProxyExchange::Source::recorded);
  const auto stored = fixture().response;
  EXPECT_EQ(stored.cut, "client closed");
  EXPECT_TRUE(stored.body.starts_with(sse_event(0) + sse_event(1)));
}

// Answers each request with a body of `size` bytes and its Content-Length:
// the first half at once, the rest once released (or never, the connection
// closing, when `cut`). One connection at a time.
class KnownLengthUpstream {
 public:
  KnownLengthUpstream(size_t size, bool cut = false)
      : size_(size), cut_(cut), acceptor_([this](int client) { serve(client); }) {}
  ~KnownLengthUpstream() { release(); }
  std::string url() const { return acceptor_.url(); }
  void release() {
    std::call_once(released_once_, [this] { released_.set_value(); });
  }
  std::string body() const {
    std::string bytes(size_, '\0');
    for (size_t i = 0; i < size_; ++i) bytes[i] = static_cast<char>('a' + i % 26);
    return bytes;
  }

 private:
  static void send_all(int client, std::string_view bytes) {
    ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  void serve(int client) {
    if (!test::read_request_head(client)) return;
    const auto bytes = body();
    send_all(client,
             "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
             "Content-Length: " +
                 std::to_string(size_) + "\r\n\r\n");
    send_all(client, std::string_view{bytes}.substr(0, size_ / 2));
    released_future_.wait_for(10s);
    if (!cut_) send_all(client, std::string_view{bytes}.substr(size_ / 2));
  }

  size_t size_;
  bool cut_;
  std::promise<void> released_;
  std::shared_future<void> released_future_ = released_.get_future().share();
  std::once_flag released_once_;
  test::LoopbackAcceptor acceptor_;
};

class KnownLengthRelayTest : public StreamingTest {
 protected:
  static constexpr size_t k_size = size_t{2} << 20;  // over the 1 MiB the proxy buffers
  static constexpr size_t k_head_and_some_body = 256 << 10;

  std::unique_ptr<CaptureProxy> proxy(const KnownLengthUpstream& upstream) {
    ProxyOptions options;
    options.cassette = dir_.path();
    options.upstream = upstream.url();
    options.mode = Mode::new_episodes;
    options.on_exchange = [this](const ProxyExchange& exchange) { reported_.set_value(exchange); };
    return std::make_unique<CaptureProxy>(options);
  }
  std::promise<ProxyExchange> reported_;
};

// The client has the first half while the upstream holds the second: relayed,
// not buffered. It has the whole body only once the fixture is on disk.
TEST_F(KnownLengthRelayTest, ALargeBodyOfKnownLengthReachesTheClientAsItArrives) {
  KnownLengthUpstream upstream{k_size};
  const auto recorder = proxy(upstream);
  test_support::RawSocket client{recorder->port()};
  client.send("GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(client.wait_for(k_head_and_some_body)) << "nothing before the upstream's end";
  upstream.release();
  const auto response = client.read_response();
  ASSERT_TRUE(response.starts_with("HTTP/1.1 200")) << response.substr(0, 200);
  EXPECT_THAT(response, ::testing::HasSubstr("Content-Length: " + std::to_string(k_size)));
  EXPECT_EQ(test_support::body_of(response), upstream.body());
  const auto stored = fixture().response;  // on disk before the last byte left
  EXPECT_EQ(stored.body, upstream.body());
  EXPECT_TRUE(stored.chunks.empty()) << "a known length's pieces are the network's, not kept";
  EXPECT_EQ(reported_.get_future().get().source, ProxyExchange::Source::recorded);
}

TEST_F(KnownLengthRelayTest, AnUpstreamThatStopsMidBodyLeavesTheClientsBodyShortAndRecordsNothing) {
  KnownLengthUpstream upstream{k_size, /*cut=*/true};
  const auto recorder = proxy(upstream);
  test_support::RawSocket client{recorder->port()};
  client.send("GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(client.wait_for(k_head_and_some_body));
  upstream.release();
  bool closed = false;
  const auto response = client.read_until_closed(&closed);
  EXPECT_TRUE(closed);
  EXPECT_LT(test_support::body_of(response).size(), k_size);
  const auto reported = reported_.get_future().get();
  EXPECT_EQ(reported.source, ProxyExchange::Source::failed);
  EXPECT_TRUE(std::filesystem::is_empty(dir_.path()));
}

// An answer whose fixture cannot be written once its head went out (the
// cassette is no directory any more) ends short for its client, without the
// withheld last byte, as a 502 would have told it.
TEST_F(KnownLengthRelayTest, AnAnswerThatCannotBeRecordedEndsShortForItsClient) {
  KnownLengthUpstream upstream{k_size};
  const auto recorder = proxy(upstream);
  test_support::RawSocket client{recorder->port()};
  client.send("GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  ASSERT_TRUE(client.wait_for(k_head_and_some_body));
  std::filesystem::remove_all(dir_.path());
  std::ofstream{dir_.path()} << "not a directory";
  upstream.release();
  bool closed = false;
  const auto response = client.read_until_closed(&closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(test_support::body_of(response), upstream.body().substr(0, k_size - 1));
  EXPECT_EQ(reported_.get_future().get().source, ProxyExchange::Source::failed);
}

// In process: HttpTransport hands each event over as it arrives, on the
// calling thread, before the response is complete.
TEST(HttpTransportStreamTest, HandsEachChunkOverAsItArrives) {
  const SseUpstream upstream{3, k_gap};
  HttpTransport transport{upstream.url()};
  std::vector<std::string> pieces;
  std::vector<double> at_ms;
  const auto start = std::chrono::steady_clock::now();
  const auto caller = std::this_thread::get_id();
  const auto response = transport.stream(Request{.target = "/events"}, [&](std::string_view piece) {
    EXPECT_EQ(std::this_thread::get_id(), caller);
    pieces.emplace_back(piece);
    at_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  });
  std::vector<std::string> expected;
  for (int i = 0; i < 3; ++i) expected.push_back(sse_event(i));
  EXPECT_EQ(pieces, expected);
  EXPECT_LT(at_ms.front() + 30, at_ms.back()) << "streamed, not handed over at the end";
  EXPECT_EQ(response.body, expected[0] + expected[1] + expected[2]);
  EXPECT_EQ(response.chunks.size(), 3u);
}

TEST(HttpTransportStreamTest, AThrowingSinkEndsTheExchangeAndPropagates) {
  const SseUpstream upstream{0, k_gap};  // endless
  HttpTransport transport{upstream.url()};
  EXPECT_THROW(transport.stream(Request{.target = "/events"},
                                [](std::string_view) { throw std::runtime_error("enough"); }),
               std::runtime_error);
}

}  // namespace
}  // namespace automock
