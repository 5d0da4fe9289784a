// A Connection's CONNECT requests (net/connection.hpp): intercepted with TLS,
// spliced through a Tunnel, or refused.

#include <automock/error.hpp>

#include "net/connection.hpp"
#include "net/tls_interceptor.hpp"
#include "net/tunnel.hpp"

namespace automock::net {

void Connection::open_tunnel(const std::string& target) {
  const auto* forward = settings_.forward.get();
  if (forward == nullptr) {
    return refuse(405, "this server is not a forward proxy: CONNECT needs --forward");
  }
  if (stream_.is_tls()) return refuse(400, "CONNECT inside a tunnel is not supported");
  const auto authority = parse_connect_authority(target);
  if (!authority) return refuse(400, "CONNECT needs host:port as its target");
  if (!forward->intercepts(authority->host)) return splice(*authority);
  intercept(*authority);
}

void Connection::intercept(const Authority& authority) {
  asio::ssl::context* context = nullptr;
  try {
    context = &settings_.forward->tls->context_for(authority.host);
  } catch (const Error& error) {
    return refuse(400, error.what());
  }
  origin_ = origin_of("https://" + authority.text()).value_or("");
  phase_ = Phase::writing;
  last_activity_ = std::chrono::steady_clock::now();
  stream_.async_write(asio::buffer(k_connection_established),
                      [self = shared_from_this(), context](const asio::error_code& error, size_t) {
                        if (error || self->phase_ == Phase::closed) return self->close();
                        self->handshake(*context);
                      });
}

// The idle timeout covers a handshake that stalls, as it covers a request.
void Connection::handshake(asio::ssl::context& context) {
  phase_ = Phase::reading;
  stream_.start_tls(context, {buffer_.data() + begin_, end_ - begin_},
                    [self = shared_from_this()](const asio::error_code& error) {
                      if (error || self->phase_ == Phase::closed) return self->close();
                      self->begin_ = self->end_ = 0;
                      self->last_activity_ = std::chrono::steady_clock::now();
                      self->read_more();
                    });
}

// The socket becomes the tunnel's; this connection is done.
void Connection::splice(const Authority& authority) {
  std::string already_read{buffer_.data() + begin_, end_ - begin_};
  begin_ = end_ = 0;
  auto tunnel = std::make_shared<Tunnel>(stream_.release(), std::move(already_read), authority,
                                         *settings_.forward, registry_, settings_.idle_timeout);
  close();
  tunnel->start();
}

}  // namespace automock::net
