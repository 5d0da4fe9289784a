// CassetteTransport::stream(): a client receives a streamed body in the
// chunks it was recorded in, live while recording, from the fixture after.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <automock/cassette.hpp>
#include <automock/fixture.hpp>
#include <automock/transport.hpp>
#include <string>
#include <vector>

#include "support/cassette_test_base.hpp"

namespace automock {
namespace {

// An upstream that streams three server-sent events; it notes what the
// client had received when each piece went out.
class EventUpstream : public Transport {
 public:
  Response send(const Request& request) override {
    return stream(request, [](auto) {});
  }
  Response stream(const Request&, const ChunkSink& on_chunk) override {
    Response response{200, {{"Content-Type", "text/event-stream"}}, ""};
    double offset = 0;
    for (const std::string piece : {"data: 1\n\n", "data: two\n\n", "data: 3\n\n"}) {
      on_chunk(piece);
      response.body += piece;
      response.chunks.push_back({piece.size(), offset});
      offset += 20;
    }
    return response;
  }
};

class CassetteStreamTest : public test::CassetteTestBase {
 protected:
  // The pieces `transport.stream()` hands over for GET /events.
  static std::vector<std::string> pieces_of(Transport& transport) {
    std::vector<std::string> pieces;
    const auto response = transport.stream(
        get("/events"), [&](std::string_view piece) { pieces.emplace_back(piece); });
    std::string joined;
    for (const auto& piece : pieces) joined += piece;
    EXPECT_EQ(joined, response.body);
    return pieces;
  }

  const std::vector<std::string> k_events = {"data: 1\n\n", "data: two\n\n", "data: 3\n\n"};
};

TEST_F(CassetteStreamTest, ChunksArriveLiveWhileRecordingAndFromTheFixtureAfter) {
  auto upstream = std::make_shared<EventUpstream>();
  CassetteTransport recorder{open(Mode::new_episodes), upstream};
  EXPECT_EQ(pieces_of(recorder), k_events);

  ASSERT_EQ(files().size(), 1u);
  const auto stored = read_fixture(files().front()).response;
  EXPECT_EQ(stored.chunks, (std::vector<BodyChunk>{{9, 0}, {11, 20}, {9, 40}}));

  CassetteTransport replayer{open(Mode::replay)};
  EXPECT_EQ(pieces_of(replayer), k_events);
}

TEST_F(CassetteStreamTest, ABodyWithoutChunksIsHandedOverInOnePiece) {
  CassetteTransport recorder{open(Mode::new_episodes), std::make_shared<test::FakeUpstream>()};
  const auto pieces = pieces_of(recorder);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_THAT(pieces.front(), ::testing::HasSubstr("/events"));
  CassetteTransport replayer{open(Mode::replay)};
  EXPECT_EQ(pieces_of(replayer), pieces);
}

// A secret found by its shape is replaced by a shorter text: the chunks
// still describe the body, so the fixture reads back.
TEST_F(CassetteStreamTest, ABodyRedactedToAnotherSizeKeepsChunksThatAddUp) {
  test::FakeUpstream leaky{[](const Request&) {
    const std::string token = "ghp_" + std::string(36, 'a');
    Response response{200, {{"Content-Type", "text/event-stream"}}, ""};
    for (const std::string& piece : {"data: " + token + "\n\n", std::string{"data: end\n\n"}}) {
      response.body += piece;
      response.chunks.push_back({piece.size(), 0});
    }
    return response;
  }};
  auto cassette = open(Mode::new_episodes);
  cassette->handle(get("/events"), &leaky);
  const auto stored = read_fixture(files().front()).response;
  EXPECT_THAT(stored.body, ::testing::HasSubstr("<REDACTED>"));
  ASSERT_EQ(stored.chunks.size(), 2u);
  EXPECT_EQ(stored.chunks[0].size + stored.chunks[1].size, stored.body.size());
}

}  // namespace
}  // namespace automock
