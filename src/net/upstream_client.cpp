#include "net/upstream_client.hpp"

#include <sys/socket.h>

#include <asio.hpp>
#include <cerrno>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "net/base_url.hpp"
#include "net/content_decoding.hpp"
#include "net/hop_by_hop.hpp"
#include "net/idempotent.hpp"
#include "net/response_parser.hpp"

namespace automock::net {

namespace {

using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;
using Cause = TransportError::Cause;

constexpr size_t k_read_chunk = 16 << 10;
constexpr size_t k_max_response_head = 64 << 10;
constexpr size_t k_max_idle_per_thread = 1024;

const void* context_of(const asio::any_io_executor& executor) {
  return &asio::query(executor, asio::execution::context);
}

// Whether an idle keep-alive connection is unusable: the upstream closed it,
// reset it or sent bytes nobody asked for.
bool unusable(tcp::socket& socket) {
  char byte = 0;
  const auto peeked = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return !(peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

bool sends_length(const Request& request) {
  return !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

// The request line and header block; the body follows it on the wire.
std::string serialize_head(const Request& request, const BaseUrl& url) {
  Headers headers = request.headers;
  remove_hop_by_hop(headers);
  std::string head = request.method + ' ' + url.path + request.target + " HTTP/1.1\r\n";
  head += "Host: " + url.authority + "\r\n";
  for (const auto& [name, value] : headers) {
    if (iequals(name, "Host") || iequals(name, "Content-Length")) continue;
    head += name + ": " + value + "\r\n";
  }
  if (sends_length(request))
    head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  head += "\r\n";
  return head;
}

}  // namespace

struct UpstreamClient::Impl {
  std::string base_url;
  BaseUrl url;
  HttpOptions options;
  std::optional<tcp::endpoint> literal;  // the host is an IP address: nothing to resolve
  std::mutex mutex;
  std::unordered_map<const void*, std::vector<tcp::socket>> idle;  // by io_context; guarded

  std::optional<tcp::socket> take_idle(const asio::any_io_executor& executor);
  void put_idle(tcp::socket socket);
};

std::optional<tcp::socket> UpstreamClient::Impl::take_idle(const asio::any_io_executor& executor) {
  std::lock_guard lock{mutex};
  auto& sockets = idle[context_of(executor)];
  while (!sockets.empty()) {
    tcp::socket socket = std::move(sockets.back());
    sockets.pop_back();
    if (!unusable(socket)) return socket;
  }
  return std::nullopt;
}

void UpstreamClient::Impl::put_idle(tcp::socket socket) {
  std::lock_guard lock{mutex};
  auto& sockets = idle[context_of(socket.get_executor())];
  if (sockets.size() < k_max_idle_per_thread) sockets.push_back(std::move(socket));
}

namespace {

// One request and its response, sent again once on a new connection when a
// pooled one turns out to be stale.
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(std::shared_ptr<UpstreamClient::Impl> client, Request request,
           const asio::any_io_executor& executor, UpstreamClient::Done done)
      : client_(std::move(client)),
        request_(std::move(request)),
        head_(serialize_head(request_, client_->url)),
        resolver_(executor),
        socket_(executor),
        timer_(executor),
        parser_(ParseLimits{k_max_response_head, client_->options.max_response_bytes}),
        buffer_(k_read_chunk),
        done_(std::move(done)) {}

  void start() {
    parser_.start(request_.method);
    if (auto pooled = client_->take_idle(socket_.get_executor())) {
      socket_ = std::move(*pooled);
      reused_ = true;
      return write();
    }
    connect();
  }

 private:
  enum class Reuse { pool, discard };

  void connect() {
    reused_ = false;
    arm(client_->options.connect_timeout);
    if (client_->literal) {
      return socket_.async_connect(*client_->literal,
                                   [self = shared_from_this()](const asio::error_code& error) {
                                     self->on_connected(error);
                                   });
    }
    resolver_.async_resolve(client_->url.host, client_->url.port,
                            [self = shared_from_this()](const asio::error_code& error,
                                                        const tcp::resolver::results_type& found) {
                              self->on_resolved(error, found);
                            });
  }

  void on_resolved(const asio::error_code& error, const tcp::resolver::results_type& found) {
    if (timed_out_) return fail(Cause::timeout, "connect timed out");
    if (error) {
      return fail(Cause::dns, "cannot resolve " + client_->url.host + ": " + error.message());
    }
    asio::async_connect(
        socket_, found,
        [self = shared_from_this()](const asio::error_code& connect_error, const tcp::endpoint&) {
          self->on_connected(connect_error);
        });
  }

  void on_connected(const asio::error_code& error) {
    if (timed_out_) return fail(Cause::timeout, "connect timed out");
    if (error) {
      return fail(Cause::connect, "cannot connect (refused or unreachable): " + error.message());
    }
    asio::error_code ignored;
    socket_.set_option(tcp::no_delay(true), ignored);
    write();
  }

  void write() {
    arm(client_->options.read_timeout);
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_),
                                                       asio::buffer(request_.body)};
    asio::async_write(socket_, buffers,
                      [self = shared_from_this()](const asio::error_code& error, size_t) {
                        self->on_written(error);
                      });
  }

  void on_written(const asio::error_code& error) {
    if (timed_out_) return fail(Cause::timeout, "timed out sending the request");
    if (error) {
      return retry_or_fail("connection closed or reset while sending the request");
    }
    read();
  }

  void read() {
    socket_.async_read_some(
        asio::buffer(buffer_),
        [self = shared_from_this()](const asio::error_code& error, size_t bytes) {
          self->on_read(error, bytes);
        });
  }

  void on_read(const asio::error_code& error, size_t bytes) {
    if (timed_out_) return fail(Cause::timeout, "read timed out");
    if (error) return on_closed(error);
    arm(client_->options.read_timeout);
    const bool leftover = feed({buffer_.data(), bytes});
    switch (parser_.state()) {
      case ResponseParser::State::failed:
        return fail(Cause::protocol,
                    "the upstream's answer is not valid HTTP: " + parser_.error().reason);
      case ResponseParser::State::done:
        return succeed(leftover ? Reuse::discard : Reuse::pool);
      default:
        return read();
    }
  }

  // Feeds the parser what arrived after what it left unconsumed; true when
  // bytes remain after a complete response (the connection is then unusable).
  bool feed(std::string_view arrived) {
    if (pending_.empty()) {
      const size_t used = parser_.feed(arrived);
      pending_.assign(arrived.substr(used));
    } else {
      pending_.append(arrived);
      pending_.erase(0, parser_.feed(pending_));
    }
    return parser_.state() == ResponseParser::State::done && !pending_.empty();
  }

  void on_closed(const asio::error_code& error) {
    if (parser_.at_start()) {
      return retry_or_fail("connection closed or reset before the response");
    }
    if (error == asio::error::eof) parser_.end_of_input();
    if (parser_.state() == ResponseParser::State::done) return succeed(Reuse::discard);
    fail(Cause::reset, "connection closed or reset while reading the response");
  }

  void retry_or_fail(const std::string& what) {
    if (!reused_ || retried_ || !is_idempotent(request_.method)) return fail(Cause::reset, what);
    retried_ = true;
    asio::error_code ignored;
    socket_.close(ignored);
    socket_ = tcp::socket{socket_.get_executor()};
    pending_.clear();
    parser_.start(request_.method);
    connect();
  }

  void succeed(Reuse reuse) {
    ParsedResponse parsed = parser_.take_response();
    // The parser undoes only "chunked"; any other transfer coding would
    // leave a coded body that nothing describes once hop-by-hop fields go.
    if (const auto coding = parsed.response.headers.get("Transfer-Encoding")) {
      return fail(Cause::protocol, "transfer coding not supported: " + *coding);
    }
    try {
      if (client_->options.decompress) {
        decode_content(parsed.response, client_->options.max_response_bytes);
      }
    } catch (const ContentDecodingError& error) {
      return fail(Cause::protocol, error.what());
    }
    remove_hop_by_hop(parsed.response.headers);
    finished_ = true;
    timer_.cancel();
    if (parsed.keep_alive && reuse == Reuse::pool) {
      client_->put_idle(std::move(socket_));
    }
    done_(std::move(parsed.response));
  }

  void fail(Cause cause, const std::string& what) {
    finished_ = true;
    timer_.cancel();
    asio::error_code ignored;
    socket_.close(ignored);
    // The query is left out: it may carry credentials.
    const std::string url = client_->base_url + std::string{request_.path()};
    done_(TransportError(cause, request_.method + " " + url + ": " + what));
  }

  // (Re)starts the deadline of the current step. A wait that a later arm()
  // replaced sees a future expiry and does nothing.
  void arm(Clock::duration timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](const asio::error_code& error) {
      if (error || self->finished_ || self->timer_.expiry() > Clock::now()) return;
      self->timed_out_ = true;
      asio::error_code ignored;
      self->resolver_.cancel();
      self->socket_.cancel(ignored);
    });
  }

  std::shared_ptr<UpstreamClient::Impl> client_;
  Request request_;
  std::string head_;
  tcp::resolver resolver_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  ResponseParser parser_;
  std::vector<char> buffer_;
  std::string pending_;  // bytes the parser has not consumed yet
  UpstreamClient::Done done_;
  bool reused_ = false;
  bool retried_ = false;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

UpstreamClient::UpstreamClient(const std::string& base_url, HttpOptions options)
    : impl_(std::make_shared<Impl>()) {
  impl_->url = parse_base_url(base_url);
  if (impl_->url.scheme != "http") {
    throw InputError("the asynchronous client speaks plain http only: " + base_url);
  }
  impl_->base_url = base_url;
  while (!impl_->base_url.empty() && impl_->base_url.back() == '/') impl_->base_url.pop_back();
  impl_->options = std::move(options);
  asio::error_code not_literal;
  const auto address = asio::ip::make_address(impl_->url.host, not_literal);
  const auto port = std::strtoul(impl_->url.port.c_str(), nullptr, 10);
  if (!not_literal && port > 0 && port <= 65535) {
    impl_->literal = tcp::endpoint{address, static_cast<uint16_t>(port)};
  }
}

UpstreamClient::~UpstreamClient() = default;

const std::string& UpstreamClient::base_url() const {
  return impl_->base_url;
}

void UpstreamClient::send(Request request, const asio::any_io_executor& executor, Done done) {
  std::make_shared<Exchange>(impl_, std::move(request), executor, std::move(done))->start();
}

void UpstreamClient::close_idle() {
  std::lock_guard lock{impl_->mutex};
  impl_->idle.clear();
}

}  // namespace automock::net
