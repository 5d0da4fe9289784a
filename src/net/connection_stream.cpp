// The streamed delivery of a Connection (Delivery::Kind::stream in
// net/http_server.hpp): the head at once, then each piece its BodyFeed gives,
// when it is due, then the end of the body.

#include <array>
#include <charconv>
#include <string_view>

#include "net/connection.hpp"

namespace automock::net {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view k_crlf = "\r\n";
constexpr std::string_view k_last_chunk = "0\r\n\r\n";

// A stream keeps the Content-Length it was given; else it is chunked, or for
// an HTTP/1.0 client ends when the connection closes.
BodyEnd streamed_body_end(const Response& response, const Framing& framing) {
  if (response.headers.contains("Content-Length")) return BodyEnd::given_length;
  return framing.version_minor >= 1 ? BodyEnd::chunked : BodyEnd::close;
}

std::string chunk_size_line(size_t size) {
  std::array<char, 20> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), size, 16).ptr;
  return std::string{digits.data(), end} + std::string{k_crlf};
}

}  // namespace

void Connection::start_stream() {
  feed_ = delivery_.feed;
  framing_.body_end = streamed_body_end(response_, framing_);
  if (framing_.body_end == BodyEnd::close) framing_.persistence = Persistence::close;
  head_ = serialize_head(response_, framing_);
  phase_ = Phase::streaming;
  last_activity_ = Clock::now();
  stream_.async_write(asio::buffer(head_),
                      [self = shared_from_this()](const asio::error_code& error, size_t) {
                        self->on_stream_head_written(error);
                      });
}

// From now on each push to the feed schedules a pump on this io thread. The
// feed keeps the connection alive while it waits for pieces (no read or
// write holds it then) until finish_stream() or close() detaches it.
void Connection::on_stream_head_written(const asio::error_code& error) {
  if (error || phase_ == Phase::closed) return close();
  head_written_ = Clock::now();
  piece_in_flight_ = false;
  feed_->attach([self = shared_from_this()] {
    asio::post(self->stream_.get_executor(), [self] { self->pump(); });
  });
}

// Writes the next piece when it is due (a stopping server writes it at
// once), or the end of the body once the feed ended and gave everything.
void Connection::pump() {
  if (phase_ != Phase::streaming || piece_in_flight_) return;
  const bool ended = feed_->ended();
  auto piece = feed_->take();
  if (!piece) {
    if (ended) finish_stream();
    return;
  }
  piece_in_flight_ = true;
  const auto due = head_written_ + piece->after_head;
  if (due <= Clock::now() || registry_.stopping()) return write_piece(std::move(piece->bytes));
  delay_timer_.expires_at(due);
  delay_timer_.async_wait([self = shared_from_this(),
                           bytes = std::move(piece->bytes)](const asio::error_code&) mutable {
    if (self->phase_ == Phase::streaming) self->write_piece(std::move(bytes));
  });
}

void Connection::write_piece(std::string bytes) {
  if (!sends_body(response_, framing_)) return on_piece_written({});
  piece_ = std::move(bytes);
  const bool chunked = framing_.body_end == BodyEnd::chunked;
  piece_frame_ = chunked ? chunk_size_line(piece_.size()) : std::string{};
  const std::array<asio::const_buffer, 3> buffers = {
      asio::buffer(piece_frame_), asio::buffer(piece_),
      chunked ? asio::buffer(k_crlf) : asio::const_buffer{}};
  stream_.async_write(buffers, [self = shared_from_this()](const asio::error_code& error, size_t) {
    self->on_piece_written(error);
  });
}

void Connection::on_piece_written(const asio::error_code& error) {
  if (error || phase_ == Phase::closed) return close();
  last_activity_ = Clock::now();
  piece_in_flight_ = false;
  pump();
}

// A complete body ends as its framing says and the connection goes on as
// after any response; a broken one closes the connection without that end,
// so the client sees the body incomplete.
void Connection::finish_stream() {
  piece_in_flight_ = true;
  const bool complete = feed_->complete();
  feed_->detach();
  feed_.reset();
  if (!complete) return close();
  if (framing_.body_end != BodyEnd::chunked || !sends_body(response_, framing_)) {
    return on_written({});
  }
  phase_ = Phase::writing;
  stream_.async_write(asio::buffer(k_last_chunk),
                      [self = shared_from_this()](const asio::error_code& error, size_t) {
                        self->on_written(error);
                      });
}

}  // namespace automock::net
