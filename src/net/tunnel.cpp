#include "net/tunnel.hpp"

#include "net/response_head.hpp"

namespace automock::net {

namespace {

using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;

// "example.test" or "::1" (no brackets), as the resolver takes it.
std::string bare_host(const std::string& host) {
  if (host.starts_with('[')) return host.substr(1, host.size() - 2);
  return host;
}

}  // namespace

Tunnel::Tunnel(tcp::socket client, std::string already_read, Authority target,
               const ForwardSettings& forward, ConnectionRegistry& registry,
               Clock::duration idle_timeout)
    : client_(std::move(client)),
      host_(client_.get_executor()),
      resolver_(client_.get_executor()),
      connect_timer_(client_.get_executor()),
      pending_(std::move(already_read)),
      target_(std::move(target)),
      forward_(forward),
      options_(forward.upstream),
      registry_(registry),
      idle_timeout_(idle_timeout),
      started_(Clock::now()),
      last_activity_(started_),
      end_{.target = target_.text()} {}

void Tunnel::start() {
  registry_.add(this);
  if (registry_.stopping()) {
    end_ = {.target = target_.text(), .status = 503, .reason = "the server is stopping"};
    return close();
  }
  connect_timer_.expires_after(options_.connect_timeout);
  connect_timer_.async_wait([self = shared_from_this()](const asio::error_code& error) {
    if (error || self->connected_ || self->closed_) return;
    self->timed_out_ = true;
    self->resolver_.cancel();
    asio::error_code ignored;
    self->host_.cancel(ignored);
  });
  const auto port = std::to_string(target_.port);
  const auto mapped = options_.resolve.find(target_.text());
  const auto host = mapped != options_.resolve.end() ? mapped->second : bare_host(target_.host);
  resolver_.async_resolve(
      host, port,
      [self = shared_from_this()](const asio::error_code& error,
                                  const tcp::resolver::results_type& endpoints) {
        if (self->closed_) return;
        if (self->timed_out_) return self->refuse(504, "connecting timed out");
        if (error) return self->refuse(502, "cannot resolve: " + error.message());
        self->connect(endpoints);
      });
}

void Tunnel::connect(const tcp::resolver::results_type& endpoints) {
  asio::async_connect(host_, endpoints,
                      [self = shared_from_this()](const asio::error_code& error, const auto&) {
                        self->on_connected(error);
                      });
}

// The bytes the client sent early go to the host right after the answer's.
void Tunnel::on_connected(const asio::error_code& error) {
  if (closed_) return;
  if (timed_out_) return refuse(504, "connecting timed out");
  if (error) return refuse(502, "cannot connect: " + error.message());
  connected_ = true;
  connect_timer_.cancel();
  asio::error_code ignored;
  host_.set_option(tcp::no_delay(true), ignored);
  client_.set_option(tcp::no_delay(true), ignored);
  asio::async_write(client_, asio::buffer(k_connection_established),
                    [self = shared_from_this()](const asio::error_code& write_error, size_t) {
                      if (write_error || self->closed_) return self->close();
                      asio::async_write(self->host_, asio::buffer(self->pending_),
                                        [self](const asio::error_code& early_error, size_t) {
                                          if (early_error || self->closed_) return self->close();
                                          self->pump(self->upstream_);
                                          self->pump(self->downstream_);
                                        });
                    });
}

void Tunnel::refuse(int status, const std::string& reason) {
  end_.status = status;
  end_.reason = reason;
  const std::string body = "cannot open a tunnel to " + target_.text() + ": " + reason + "\n";
  pending_ = "HTTP/1.1 " + std::to_string(status) + " " + std::string{reason_phrase(status)} +
             "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  asio::async_write(client_, asio::buffer(pending_),
                    [self = shared_from_this()](const asio::error_code&, size_t) {
                      asio::error_code ignored;
                      self->client_.shutdown(tcp::socket::shutdown_send, ignored);
                      self->close();
                    });
}

// Copies one direction until its source closes, then passes the close on.
void Tunnel::pump(Direction& direction) {
  direction.from.async_read_some(
      asio::buffer(direction.buffer),
      [self = shared_from_this(), &direction](const asio::error_code& error, size_t bytes) {
        if (self->closed_) return;
        if (error) {
          asio::error_code ignored;
          direction.to.shutdown(tcp::socket::shutdown_send, ignored);
          if (--self->open_directions_ == 0 || error != asio::error::eof) self->close();
          return;
        }
        self->last_activity_ = Clock::now();
        asio::async_write(direction.to, asio::buffer(direction.buffer.data(), bytes),
                          [self, &direction](const asio::error_code& write_error, size_t) {
                            if (write_error || self->closed_) return self->close();
                            self->pump(direction);
                          });
      });
}

void Tunnel::close_if_expired(Clock::time_point now) {
  if (connected_ && idle_timeout_ > Clock::duration::zero() &&
      now - last_activity_ > idle_timeout_) {
    close();
  }
}

void Tunnel::shut_down() {
  close();
}

void Tunnel::close() {
  if (closed_) return;
  closed_ = true;
  asio::error_code ignored;
  connect_timer_.cancel();
  resolver_.cancel();
  client_.close(ignored);
  host_.close(ignored);
  registry_.remove(this);
  if (!forward_.on_tunnel_end) return;
  end_.elapsed_ms = std::chrono::duration<double, std::milli>(Clock::now() - started_).count();
  forward_.on_tunnel_end(end_);
}

}  // namespace automock::net
