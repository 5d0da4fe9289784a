#pragma once
// The bytes of one connection: a TCP socket, or TLS over it once start_tls()
// switched it (the forward proxy's intercepted CONNECT tunnels). Reads and
// writes look the same either way, so one HTTP loop serves both.
//
// Thread-safety: as the socket's; only the thread running its io_context.

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <string_view>
#include <utility>
#include <variant>

namespace automock::net {

class ByteStream {
 public:
  using Socket = asio::ip::tcp::socket;
  using Tls = asio::ssl::stream<Socket>;

  explicit ByteStream(Socket socket) : stream_(std::move(socket)) {}

  // The TCP socket underneath (for options, shutdown, close).
  Socket& socket() {
    if (auto* tls = std::get_if<Tls>(&stream_)) return tls->next_layer();
    return std::get<Socket>(stream_);
  }
  auto get_executor() { return socket().get_executor(); }
  bool is_tls() const { return std::holds_alternative<Tls>(stream_); }

  template <typename Buffers, typename Handler>
  void async_read_some(const Buffers& buffers, Handler&& handler) {
    std::visit(
        [&](auto& stream) { stream.async_read_some(buffers, std::forward<Handler>(handler)); },
        stream_);
  }

  // Writes all of `buffers` (asio::async_write).
  template <typename Buffers, typename Handler>
  void async_write(const Buffers& buffers, Handler&& handler) {
    std::visit(
        [&](auto& stream) { asio::async_write(stream, buffers, std::forward<Handler>(handler)); },
        stream_);
  }

  // Switches a plain stream to TLS as the server, with `context`'s
  // certificate, and runs the handshake; `already_read` is what arrived after
  // the CONNECT request (it must live until `done` is called).
  template <typename Handler>
  void start_tls(asio::ssl::context& context, std::string_view already_read, Handler&& done) {
    Socket socket = std::move(std::get<Socket>(stream_));
    auto& tls = stream_.emplace<Tls>(std::move(socket), context);
    tls.async_handshake(asio::ssl::stream_base::server,
                        asio::buffer(already_read.data(), already_read.size()),
                        [done = std::forward<Handler>(done)](const asio::error_code& error,
                                                             size_t) mutable { done(error); });
  }

  // Hands the socket over (a spliced tunnel); this stream is closed after.
  Socket release() { return std::move(socket()); }

 private:
  std::variant<Socket, Tls> stream_;
};

}  // namespace automock::net
