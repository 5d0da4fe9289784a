#include "net/connection.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <exception>
#include <string_view>

namespace automock::net {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t k_initial_buffer = 16 << 10;
constexpr size_t k_min_read = 4 << 10;
// How long a closing connection keeps draining input so that the peer reads
// the response before a reset.
constexpr Clock::duration k_linger_timeout = std::chrono::seconds{2};
constexpr std::string_view k_continue = "HTTP/1.1 100 Continue\r\n\r\n";

Clock::duration sweep_period(Clock::duration idle_timeout) {
  if (idle_timeout == Clock::duration::zero()) return std::chrono::seconds{1};
  return std::clamp<Clock::duration>(idle_timeout / 4, std::chrono::milliseconds{50},
                                     std::chrono::seconds{1});
}

}  // namespace

ConnectionRegistry::ConnectionRegistry(asio::io_context& context, Clock::duration idle_timeout)
    : timer_(context), period_(sweep_period(idle_timeout)) {}

void ConnectionRegistry::add(Registered* connection) {
  open_.insert(connection);
}

void ConnectionRegistry::remove(Registered* connection) {
  open_.erase(connection);
  if (stopping_ && open_.empty()) timer_.cancel();
}

void ConnectionRegistry::start_sweeping() {
  schedule_sweep();
}

void ConnectionRegistry::begin_shutdown() {
  stopping_ = true;
  for (Registered* connection : snapshot()) connection->shut_down();
  if (open_.empty()) timer_.cancel();
}

void ConnectionRegistry::schedule_sweep() {
  timer_.expires_after(period_);
  timer_.async_wait([this](const asio::error_code& error) {
    if (error) return;
    sweep();
    if (!(stopping_ && open_.empty())) schedule_sweep();
  });
}

void ConnectionRegistry::sweep() {
  const auto now = Clock::now();
  for (Registered* connection : snapshot()) connection->close_if_expired(now);
}

// Closing a connection removes it from open_, so callers iterate a copy.
std::vector<Registered*> ConnectionRegistry::snapshot() const {
  return {open_.begin(), open_.end()};
}

Connection::Connection(asio::ip::tcp::socket socket, const ConnectionSettings& settings,
                       ConnectionRegistry& registry)
    : stream_(std::move(socket)),
      delay_timer_(stream_.get_executor()),
      settings_(settings),
      registry_(registry),
      parser_(settings.limits),
      buffer_(k_initial_buffer) {}

void Connection::start() {
  registry_.add(this);
  if (registry_.stopping()) return close();
  asio::error_code ignored;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
  last_activity_ = Clock::now();
  read_more();
}

void Connection::close_if_expired(Clock::time_point now) {
  switch (phase_) {
    case Phase::handling:
    case Phase::streaming:
    case Phase::holding:
    case Phase::closed:
      return;
    case Phase::lingering:
      if (now - last_activity_ > k_linger_timeout) close();
      return;
    case Phase::reading:
    case Phase::writing:
      if (settings_.idle_timeout > Clock::duration::zero() &&
          now - last_activity_ > settings_.idle_timeout) {
        close();
      }
      return;
  }
}

void Connection::shut_down() {
  // A stream's producer stops; what it already gave is still written.
  // A stream's producer stops and the pieces waiting for their time go out
  // at once; what the producer gave is still written.
  if (phase_ == Phase::streaming) {
    feed_->abandon();
    delay_timer_.cancel();
  }
  if (phase_ == Phase::lingering || phase_ == Phase::holding ||
      (phase_ == Phase::reading && between_requests())) {
    close();
  }
}

bool Connection::between_requests() const {
  return parser_.at_start() && begin_ == end_;
}

void Connection::read_more() {
  make_room();
  phase_ = Phase::reading;
  stream_.async_read_some(asio::buffer(buffer_.data() + end_, buffer_.size() - end_),
                          [self = shared_from_this()](const asio::error_code& error, size_t bytes) {
                            self->on_read(error, bytes);
                          });
}

void Connection::make_room() {
  if (begin_ == end_) begin_ = end_ = 0;
  if (buffer_.size() - end_ >= k_min_read) return;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < k_min_read) buffer_.resize(buffer_.size() * 2);
}

void Connection::on_read(const asio::error_code& error, size_t bytes) {
  if (phase_ == Phase::closed) return;
  if (error) return close();
  end_ += bytes;
  last_activity_ = Clock::now();
  process_input();
}

// Parses what is buffered and acts on it. Pipelined requests wait in the
// buffer until the response before them is written, so answers keep order.
void Connection::process_input() {
  begin_ += parser_.feed({buffer_.data() + begin_, end_ - begin_});
  switch (parser_.state()) {
    case RequestParser::State::failed:
      return reject(parser_.error());
    case RequestParser::State::done:
      return dispatch(parser_.take_request());
    case RequestParser::State::body:
      if (parser_.request().expects_continue && !continue_sent_) return send_continue();
      break;
    case RequestParser::State::head:
      if (registry_.stopping() && between_requests()) return close();
      break;
  }
  read_more();
}

void Connection::dispatch(ParsedRequest parsed) {
  phase_ = Phase::handling;
  framing_ = Framing{parsed.version_minor, parsed.request.method == "HEAD",
                     parsed.keep_alive ? Persistence::keep_alive : Persistence::close};
  if (parsed.request.method == "CONNECT") return open_tunnel(parsed.request.target);
  if (!origin_.empty() && parsed.request.target.starts_with('/')) {
    parsed.request.target.insert(0, origin_);
  }
  if (settings_.async_handler) return dispatch_async(std::move(parsed.request));
  respond_after(settings_.handler(parsed.request));
}

// The Respond holds a work guard: the io thread keeps running until the
// response is posted back, even when it comes from another thread.
void Connection::dispatch_async(Request request) {
  const auto executor = stream_.get_executor();
  Respond respond = [self = shared_from_this(),
                     guard = asio::make_work_guard(executor)](DelayedResponse reply) mutable {
    const auto target = self->stream_.get_executor();
    asio::dispatch(target, [self = std::move(self), reply = std::move(reply)]() mutable {
      self->respond_after(std::move(reply));
    });
  };
  try {
    settings_.async_handler(std::move(request), executor, respond);
  } catch (const std::exception& error) {
    respond({plain_response(500, std::string{"handler failed: "} + error.what()), {}});
  } catch (...) {
    respond({plain_response(500, "handler failed"), {}});
  }
}

// The connection stays in the handling phase while it waits, so neither the
// idle sweep nor a stopping server closes it before its response.
void Connection::respond_after(DelayedResponse reply) {
  delivery_ = reply.delivery;
  if (reply.delay <= Clock::duration::zero()) return respond(std::move(reply.response));
  delay_timer_.expires_after(reply.delay);
  delay_timer_.async_wait([self = shared_from_this(),
                           response = std::move(reply.response)](const asio::error_code&) mutable {
    self->respond(std::move(response));
  });
}

void Connection::respond(Response response) {
  if (phase_ == Phase::closed) return;
  if (registry_.stopping()) framing_.persistence = Persistence::close;
  response_ = std::move(response);
  if (delivery_.kind == Delivery::Kind::stream) return start_stream();
  if (delivery_.kind != Delivery::Kind::whole && deliver_faulty()) return;
  head_ = serialize_head(response_, framing_);
  const std::array<asio::const_buffer, 2> buffers = {
      asio::buffer(head_),
      sends_body(response_, framing_) ? asio::buffer(response_.body) : asio::const_buffer{}};
  phase_ = Phase::writing;
  last_activity_ = Clock::now();
  stream_.async_write(buffers, [self = shared_from_this()](const asio::error_code& error, size_t) {
    self->on_written(error);
  });
}

void Connection::on_written(const asio::error_code& error) {
  if (error || phase_ == Phase::closed) return close();
  last_activity_ = Clock::now();
  if (framing_.persistence == Persistence::close || registry_.stopping()) return linger();
  continue_sent_ = false;
  phase_ = Phase::reading;
  process_input();
}

void Connection::send_continue() {
  continue_sent_ = true;
  phase_ = Phase::writing;
  stream_.async_write(asio::buffer(k_continue),
                      [self = shared_from_this()](const asio::error_code& error, size_t) {
                        if (error || self->phase_ == Phase::closed) return self->close();
                        self->phase_ = Phase::reading;
                        self->process_input();
                      });
}

void Connection::reject(const ParseError& error) {
  phase_ = Phase::handling;
  framing_ = Framing{1, false, Persistence::close};
  refuse(error.status, error.reason);
}

// Answers without the handler and closes after.
void Connection::refuse(int status, const std::string& reason) {
  framing_.persistence = Persistence::close;
  delivery_ = {};
  respond(plain_response(status, reason));
}

// Half-closes and drains the peer's input until it closes too: closing with
// unread input would reset the connection and could destroy the response.
// A stopping server does not wait for the peer.
void Connection::linger() {
  phase_ = Phase::lingering;
  asio::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  if (registry_.stopping()) return close();
  discard_input();
}

void Connection::discard_input() {
  stream_.async_read_some(asio::buffer(buffer_),
                          [self = shared_from_this()](const asio::error_code& error, size_t) {
                            if (error || self->phase_ == Phase::closed) return self->close();
                            self->discard_input();
                          });
}

void Connection::close() {
  if (phase_ == Phase::closed) return;
  phase_ = Phase::closed;
  if (feed_) {
    feed_->abandon();
    feed_->detach();
  }
  asio::error_code ignored;
  stream_.socket().close(ignored);
  registry_.remove(this);
}

}  // namespace automock::net
