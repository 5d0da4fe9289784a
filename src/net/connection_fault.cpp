// The faulty deliveries of a Connection (Delivery in net/http_server.hpp):
// what the replay server's fault rules put on the wire.

#include <algorithm>
#include <array>

#include "net/connection.hpp"

namespace automock::net {

namespace {

// A throttled body goes out in pieces of a twentieth of a second's worth.
constexpr size_t k_throttle_slices_per_second = 20;

}  // namespace

// True when the delivery is handled here; false for a whole one.
bool Connection::deliver_faulty() {
  switch (delivery_.kind) {
    case Delivery::Kind::whole:
    case Delivery::Kind::stream:
      return false;
    case Delivery::Kind::hold:
      hold();
      return true;
    case Delivery::Kind::reset:
      if (!delivery_.head) {
        reset_now();
        return true;
      }
      [[fallthrough]];
    case Delivery::Kind::truncate:
      framing_.persistence = Persistence::close;
      write_head_and(std::min(delivery_.body_bytes, response_.body.size()));
      return true;
    case Delivery::Kind::throttle:
      if (delivery_.bytes_per_second == 0 || !sends_body(response_, framing_)) return false;
      write_head_and(0);
      return true;
  }
  return false;
}

void Connection::write_head_and(size_t body_bytes) {
  head_ = serialize_head(response_, framing_);
  const std::array<asio::const_buffer, 2> buffers = {
      asio::buffer(head_), asio::buffer(response_.body.data(), body_bytes)};
  phase_ = Phase::writing;
  last_activity_ = std::chrono::steady_clock::now();
  stream_.async_write(buffers, [self = shared_from_this()](const asio::error_code& error, size_t) {
    self->on_faulty_written(error);
  });
}

void Connection::on_faulty_written(const asio::error_code& error) {
  if (error || phase_ == Phase::closed) return close();
  switch (delivery_.kind) {
    case Delivery::Kind::reset:
      return reset_now();
    case Delivery::Kind::throttle:
      return write_slowly(0);
    default:
      // Truncated: an orderly close after fewer bytes than Content-Length.
      return linger();
  }
}

// The connection stays open without an answer; reading on notices when the
// client leaves. A stopping server closes it (shut_down()).
void Connection::hold() {
  phase_ = Phase::holding;
  discard_input();
}

void Connection::write_slowly(size_t offset) {
  const auto& body = response_.body;
  if (offset >= body.size()) return on_written({});
  const size_t slice =
      std::max<size_t>(1, delivery_.bytes_per_second / k_throttle_slices_per_second);
  // A stopping server sends the rest at once.
  const size_t bytes =
      registry_.stopping() ? body.size() - offset : std::min(slice, body.size() - offset);
  const std::chrono::duration<double> wait{
      registry_.stopping()
          ? 0.0
          : static_cast<double>(bytes) / static_cast<double>(delivery_.bytes_per_second)};
  delay_timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(wait));
  delay_timer_.async_wait([self = shared_from_this(), offset, bytes](const asio::error_code&) {
    if (self->phase_ == Phase::closed) return;
    self->stream_.async_write(asio::buffer(self->response_.body.data() + offset, bytes),
                              [self, next = offset + bytes](const asio::error_code& error, size_t) {
                                if (error || self->phase_ == Phase::closed) return self->close();
                                self->last_activity_ = std::chrono::steady_clock::now();
                                self->write_slowly(next);
                              });
  });
}

// Closing with SO_LINGER 0 sends a TCP RST instead of a FIN.
void Connection::reset_now() {
  asio::error_code ignored;
  stream_.socket().set_option(asio::socket_base::linger(true, 0), ignored);
  close();
}

}  // namespace automock::net
