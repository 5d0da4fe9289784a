#include "net/upstream_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <asio.hpp>
#include <asio/ssl.hpp>
#include <cerrno>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/origin.hpp"
#include "core/text.hpp"
#include "net/base_url.hpp"
#include "net/content_decoding.hpp"
#include "net/hop_by_hop.hpp"
#include "net/http_syntax.hpp"
#include "net/idempotent.hpp"
#include "net/response_parser.hpp"

namespace automock::net {

namespace {

using Clock = std::chrono::steady_clock;
using tcp = asio::ip::tcp;
using Cause = TransportError::Cause;
using PlainStream = tcp::socket;
using TlsStream = asio::ssl::stream<tcp::socket>;

// `target = std::move(source)`. Asio 1.24's ssl::stream move assignment takes
// the source's SSL without freeing the target's (a leak LeakSanitizer
// reports), so a TLS stream is destroyed and move-constructed instead.
template <typename Stream>
void replace(Stream& target, Stream&& source) {
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    target.~Stream();
    new (&target) Stream(std::move(source));
  } else {
    target = std::move(source);
  }
}

constexpr size_t k_read_chunk = 16 << 10;
constexpr size_t k_max_response_head = 64 << 10;
constexpr size_t k_max_idle_per_thread = 1024;

const void* context_of(const asio::any_io_executor& executor) {
  return &asio::query(executor, asio::execution::context);
}

// The TCP socket under a connection.
tcp::socket& tcp_of(PlainStream& stream) {
  return stream;
}
tcp::socket& tcp_of(TlsStream& stream) {
  return stream.next_layer();
}

// Whether an idle keep-alive connection is unusable: the upstream closed it,
// reset it or sent bytes nobody asked for (a TLS alert included).
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

bool is_ip_address(const std::string& host) {
  asio::error_code not_address;
  asio::ip::make_address(host, not_address);
  return !not_address;
}

// An entry of HttpOptions::resolve, "host:port" -> "address", checked: the
// key it is looked up by (Authority::text()) and the address.
std::pair<std::string, asio::ip::address> checked_resolve_entry(const std::string& name,
                                                                const std::string& address) {
  const auto refuse = [&](const std::string& why) {
    return InputError("resolve entry \"" + name + "\" -> \"" + address + "\": " + why);
  };
  const auto authority = parse_connect_authority(name);
  if (!authority) {
    throw refuse("expected host:port, a port up to 65535 and an IPv6 host in brackets");
  }
  const bool bracketed = address.size() > 2 && address.front() == '[' && address.back() == ']';
  asio::error_code not_address;
  const auto parsed = asio::ip::make_address(
      bracketed ? address.substr(1, address.size() - 2) : address, not_address);
  if (not_address) throw refuse("not an IP address");
  return {authority->text(), parsed};
}

// The address `resolve` gives for the URL's host and port, if any. Throws
// InputError for a malformed entry, whichever host it names.
std::optional<asio::ip::address> resolved_address(const std::map<std::string, std::string>& resolve,
                                                  const BaseUrl& url) {
  const bool is_ipv6 = url.host.find(':') != std::string::npos;
  const auto port = parse_decimal(url.port).value_or(0);
  const Authority authority{.host = to_lower(is_ipv6 ? "[" + url.host + "]" : url.host),
                            .port = static_cast<uint16_t>(port <= 65535 ? port : 0)};
  std::optional<asio::ip::address> found;
  for (const auto& [name, address] : resolve) {
    auto [key, entry_address] = checked_resolve_entry(name, address);
    if (key == authority.text()) found = entry_address;
  }
  return found;
}

// Why a TLS handshake failed: OpenSSL's verdict on the certificate when it
// refused it, else the error.
std::string tls_reason(TlsStream& stream, const asio::error_code& error) {
  const long verdict = SSL_get_verify_result(stream.native_handle());
  if (verdict != X509_V_OK) {
    return std::string{"certificate verify failed: "} + X509_verify_cert_error_string(verdict);
  }
  return error.message();
}

// The client's TLS settings: TLS 1.2 or later, the system's trusted
// certificates plus `ca_file`. Returns why `ca_file` could not be loaded,
// or "".
std::string configure_tls(asio::ssl::context& context, const HttpOptions& options) {
  SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
  if (!options.verify_tls) {
    context.set_verify_mode(asio::ssl::verify_none);
    return "";
  }
  context.set_verify_mode(asio::ssl::verify_peer);
  asio::error_code error;
  context.set_default_verify_paths(error);
  if (!options.ca_file.empty()) context.load_verify_file(options.ca_file, error);
  return error ? "cannot load CA file " + options.ca_file + ": " + error.message() : "";
}

}  // namespace

struct UpstreamClient::Impl {
  // Idle keep-alive connections, by the io_context they belong to.
  template <typename Stream>
  class IdlePool {
   public:
    std::optional<Stream> take(const asio::any_io_executor& executor) {
      std::lock_guard lock{mutex_};
      auto& streams = idle_[context_of(executor)];
      while (!streams.empty()) {
        Stream stream = std::move(streams.back());
        streams.pop_back();
        if (!unusable(tcp_of(stream))) return stream;
      }
      return std::nullopt;
    }

    void put(Stream stream) {
      std::lock_guard lock{mutex_};
      auto& streams = idle_[context_of(tcp_of(stream).get_executor())];
      if (streams.size() < k_max_idle_per_thread) streams.push_back(std::move(stream));
    }

    void clear() {
      std::lock_guard lock{mutex_};
      idle_.clear();
    }

   private:
    std::mutex mutex_;
    std::unordered_map<const void*, std::vector<Stream>> idle_;  // guarded by mutex_
  };

  std::string base_url;
  BaseUrl url;
  HttpOptions options;
  // Where to connect without asking DNS: the host is an IP address, or
  // HttpOptions::resolve names it.
  std::optional<tcp::endpoint> literal;
  std::optional<asio::ssl::context> tls;  // https only
  std::string tls_setup_error;            // why the CA file could not be loaded, or ""
  std::tuple<IdlePool<PlainStream>, IdlePool<TlsStream>> idle;

  template <typename Stream>
  IdlePool<Stream>& idle_pool() {
    return std::get<IdlePool<Stream>>(idle);
  }
};

namespace {

// One request and its response over a plain or a TLS stream, sent again once
// on a new connection when a pooled one turns out to be stale.
template <typename Stream>
class Exchange : public std::enable_shared_from_this<Exchange<Stream>> {
 public:
  Exchange(std::shared_ptr<UpstreamClient::Impl> client, Request request,
           const asio::any_io_executor& executor, UpstreamClient::Done done,
           UpstreamClient::Observer observer)
      : client_(std::move(client)),
        request_(std::move(request)),
        head_(serialize_head(request_, client_->url)),
        resolver_(executor),
        stream_(new_stream(executor)),
        timer_(executor),
        stream_timer_(executor),
        parser_(ParseLimits{k_max_response_head, client_->options.max_response_bytes}),
        buffer_(k_read_chunk),
        done_(std::move(done)),
        observer_(std::move(observer)) {
    // The parser is a member: it never outlives this.
    parser_.listen_to_body([this](std::string_view piece) { on_body_piece(piece); });
  }

  void start() {
    parser_.start(request_.method);
    if (!client_->tls_setup_error.empty()) return fail(Cause::tls, client_->tls_setup_error);
    if (auto pooled = client_->idle_pool<Stream>().take(executor())) {
      replace(stream_, std::move(*pooled));
      reused_ = true;
      return write();
    }
    connect();
  }

 private:
  static constexpr bool k_tls = std::is_same_v<Stream, TlsStream>;
  enum class Reuse { pool, discard };

  Stream new_stream(const asio::any_io_executor& executor) {
    if constexpr (k_tls) {
      return Stream{executor, *client_->tls};
    } else {
      return Stream{executor};
    }
  }

  tcp::socket& socket() { return tcp_of(stream_); }
  asio::any_io_executor executor() { return socket().get_executor(); }

  void connect() {
    reused_ = false;
    arm(client_->options.connect_timeout);
    if (client_->literal) {
      return socket().async_connect(
          *client_->literal, [self = this->shared_from_this()](const asio::error_code& error) {
            self->on_connected(error);
          });
    }
    resolver_.async_resolve(
        client_->url.host, client_->url.port,
        [self = this->shared_from_this()](const asio::error_code& error,
                                          const tcp::resolver::results_type& found) {
          self->on_resolved(error, found);
        });
  }

  void on_resolved(const asio::error_code& error, const tcp::resolver::results_type& found) {
    if (timed_out_) return fail(Cause::timeout, "connect timed out");
    if (error) {
      return fail(Cause::dns, "cannot resolve " + client_->url.host + ": " + error.message());
    }
    asio::async_connect(socket(), found,
                        [self = this->shared_from_this()](const asio::error_code& connect_error,
                                                          const tcp::endpoint&) {
                          self->on_connected(connect_error);
                        });
  }

  void on_connected(const asio::error_code& error) {
    if (timed_out_) return fail(Cause::timeout, "connect timed out");
    if (error) {
      return fail(Cause::connect, "cannot connect (refused or unreachable): " + error.message());
    }
    asio::error_code ignored;
    socket().set_option(tcp::no_delay(true), ignored);
    if constexpr (k_tls) {
      handshake();
    } else {
      write();
    }
  }

  // SNI and the certificate's check are for the URL's host name (SNI only
  // when it is a name, RFC 6066 3).
  void handshake() {
    const std::string& host = client_->url.host;
    if (!is_ip_address(host)) SSL_set_tlsext_host_name(stream_.native_handle(), host.c_str());
    if (client_->options.verify_tls) {
      stream_.set_verify_callback([check = asio::ssl::host_name_verification{host}](
                                      bool preverified, asio::ssl::verify_context& context) {
        const bool verified = check(preverified, context);
        if (preverified && !verified) {
          X509_STORE_CTX_set_error(context.native_handle(), X509_V_ERR_HOSTNAME_MISMATCH);
        }
        return verified;
      });
    }
    stream_.async_handshake(asio::ssl::stream_base::client,
                            [self = this->shared_from_this()](const asio::error_code& error) {
                              self->on_handshake(error);
                            });
  }

  void on_handshake(const asio::error_code& error) {
    if (timed_out_) return fail(Cause::timeout, "TLS handshake timed out");
    if (error) {
      return fail(Cause::tls,
                  "TLS with " + client_->url.host + " failed: " + tls_reason(stream_, error));
    }
    write();
  }

  void write() {
    arm(client_->options.read_timeout);
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_),
                                                       asio::buffer(request_.body)};
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this()](const asio::error_code& error, size_t) {
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
    stream_.async_read_some(
        asio::buffer(buffer_),
        [self = this->shared_from_this()](const asio::error_code& error, size_t bytes) {
          self->on_read(error, bytes);
        });
  }

  // A cut (a limit, the observer) ends the exchange with the body so far.
  void on_read(const asio::error_code& error, size_t bytes) {
    if (!cut_.empty()) return finish_cut();
    if (timed_out_) return fail(Cause::timeout, "read timed out");
    if (error) return on_closed(error);
    arm(client_->options.read_timeout);
    const bool leftover = feed({buffer_.data(), bytes});
    announce_head();
    if (!refusal_.empty()) return fail(Cause::protocol, refusal_);
    if (!cut_.empty()) return finish_cut();
    switch (parser_.state()) {
      case ResponseParser::State::failed:
        return fail(Cause::protocol,
                    "the upstream's answer is not valid HTTP: " + parser_.error().reason);
      case ResponseParser::State::done:
        return succeed(parser_.take_response(), leftover ? Reuse::discard : Reuse::pool);
      default:
        return read();
    }
  }

  // Tells the observer about the head of the final response once it is
  // parsed (before its first piece of body) and starts the stream's clock.
  // The parser undoes only "chunked"; any other transfer coding would leave a
  // coded body that nothing describes once hop-by-hop fields go.
  void announce_head() {
    if (head_announced_ || !parser_.head_complete()) return;
    head_announced_ = true;
    head_arrived_ = Clock::now();
    const Response& head = parser_.head();
    if (const auto coding = head.headers.get("Transfer-Encoding")) {
      refusal_ = "transfer coding not supported: " + *coding;
      return;
    }
    observing_ = !head.headers.contains("Content-Encoding");
    const auto framing = parser_.framing();
    streamed_ = framing == ResponseParser::Framing::chunked ||
                framing == ResponseParser::Framing::until_close;
    if (streamed_ && observing_) arm_stream_time_limit();
    if (observer_.on_head) {
      Response shown{.status = head.status, .headers = head.headers};
      remove_hop_by_hop(shown.headers);
      observer_.on_head(shown);
    }
  }

  // A piece of body the parser decoded: kept within the size limit, timed
  // for Response::chunks and shown to the observer.
  void on_body_piece(std::string_view piece) {
    announce_head();
    if (!refusal_.empty() || !cut_.empty() || !observing_) return;
    const std::string_view kept = within_size_limit(piece);
    if (kept.empty()) return;
    delivered_ += kept.size();
    if (streamed_) {
      const std::chrono::duration<double, std::milli> offset = Clock::now() - head_arrived_;
      chunks_.push_back(BodyChunk{kept.size(), offset.count()});
    }
    if (observer_.on_piece && !observer_.on_piece(kept) && cut_.empty()) cut_ = "client closed";
  }

  // The part of `piece` within the size limit of a streamed body; cuts the
  // body when the limit is passed.
  std::string_view within_size_limit(std::string_view piece) {
    const size_t limit = client_->options.stream_size_limit;
    if (!streamed_ || limit == 0 || delivered_ + piece.size() <= limit) return piece;
    cut_ = "size limit";
    return piece.substr(0, limit - delivered_);
  }

  void arm_stream_time_limit() {
    const auto limit = client_->options.stream_time_limit;
    if (limit.count() <= 0) return;
    stream_timer_.expires_after(limit);
    stream_timer_.async_wait([self = this->shared_from_this()](const asio::error_code& error) {
      if (error || self->finished_) return;
      if (self->cut_.empty()) self->cut_ = "time limit";
      asio::error_code ignored;
      self->socket().cancel(ignored);
    });
  }

  // The response with the body the observer saw; the rest is dropped.
  void finish_cut() {
    ParsedResponse parsed = parser_.take_partial_response();
    parsed.response.body.resize(delivered_);
    succeed(std::move(parsed), Reuse::discard);
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

  // A TLS upstream that closes without close_notify ends a body read until
  // close as a plain one does.
  void on_closed(const asio::error_code& error) {
    if (parser_.at_start()) {
      return retry_or_fail("connection closed or reset before the response");
    }
    if (error == asio::error::eof || error == asio::ssl::error::stream_truncated) {
      parser_.end_of_input();
    }
    if (parser_.state() == ResponseParser::State::done) {
      return succeed(parser_.take_response(), Reuse::discard);
    }
    fail(Cause::reset, "connection closed or reset while reading the response");
  }

  void retry_or_fail(const std::string& what) {
    if (!reused_ || retried_ || !is_idempotent(request_.method)) return fail(Cause::reset, what);
    retried_ = true;
    asio::error_code ignored;
    socket().close(ignored);
    replace(stream_, new_stream(executor()));
    pending_.clear();
    parser_.start(request_.method);
    connect();
  }

  void succeed(ParsedResponse parsed, Reuse reuse) {
    try {
      if (client_->options.decompress) {
        decode_content(parsed.response, client_->options.max_response_bytes);
      }
    } catch (const ContentDecodingError& error) {
      return fail(Cause::protocol, error.what());
    }
    remove_hop_by_hop(parsed.response.headers);
    if (chunks_.size() > 1) parsed.response.chunks = std::move(chunks_);
    parsed.response.cut = cut_;
    finish();
    if (parsed.keep_alive && reuse == Reuse::pool && cut_.empty()) {
      client_->idle_pool<Stream>().put(std::move(stream_));
    } else {
      asio::error_code ignored;
      socket().close(ignored);
    }
    done_(std::move(parsed.response));
  }

  void fail(Cause cause, const std::string& what) {
    finish();
    asio::error_code ignored;
    socket().close(ignored);
    // The query is left out: it may carry credentials.
    const std::string url = client_->base_url + std::string{request_.path()};
    done_(TransportError(cause, request_.method + " " + url + ": " + what));
  }

  void finish() {
    finished_ = true;
    timer_.cancel();
    stream_timer_.cancel();
  }

  // (Re)starts the deadline of the current step. A wait that a later arm()
  // replaced sees a future expiry and does nothing.
  void arm(Clock::duration timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = this->shared_from_this()](const asio::error_code& error) {
      if (error || self->finished_ || self->timer_.expiry() > Clock::now()) return;
      self->timed_out_ = true;
      asio::error_code ignored;
      self->resolver_.cancel();
      self->socket().cancel(ignored);
    });
  }

  std::shared_ptr<UpstreamClient::Impl> client_;
  Request request_;
  std::string head_;
  tcp::resolver resolver_;
  Stream stream_;
  asio::steady_timer timer_;
  asio::steady_timer stream_timer_;  // stream_time_limit, from the head's arrival
  ResponseParser parser_;
  std::vector<char> buffer_;
  std::string pending_;  // bytes the parser has not consumed yet
  UpstreamClient::Done done_;
  UpstreamClient::Observer observer_;
  Clock::time_point head_arrived_;
  bool head_announced_ = false;
  bool observing_ = false;  // the body has no Content-Encoding: its pieces are seen
  bool streamed_ = false;   // chunked or read until close: timed and limited
  size_t delivered_ = 0;    // bytes of body seen and kept
  std::vector<BodyChunk> chunks_;
  std::string cut_;      // why the body was cut short, or ""
  std::string refusal_;  // why the head cannot be used, or ""
  bool reused_ = false;
  bool retried_ = false;
  bool timed_out_ = false;
  bool finished_ = false;
};

}  // namespace

UpstreamClient::UpstreamClient(const std::string& base_url, HttpOptions options)
    : impl_(std::make_shared<Impl>()) {
  impl_->url = parse_base_url(base_url);
  impl_->base_url = base_url;
  while (!impl_->base_url.empty() && impl_->base_url.back() == '/') impl_->base_url.pop_back();
  impl_->options = std::move(options);
  if (impl_->url.scheme == "https") {
    impl_->tls.emplace(asio::ssl::context::tls_client);
    impl_->tls_setup_error = configure_tls(*impl_->tls, impl_->options);
  }
  auto address = resolved_address(impl_->options.resolve, impl_->url);
  asio::error_code not_literal;
  if (!address) address = asio::ip::make_address(impl_->url.host, not_literal);
  const auto port = parse_decimal(impl_->url.port).value_or(0);
  if (!not_literal && port > 0 && port <= 65535) {
    impl_->literal = tcp::endpoint{*address, static_cast<uint16_t>(port)};
  }
}

UpstreamClient::~UpstreamClient() = default;

const std::string& UpstreamClient::base_url() const {
  return impl_->base_url;
}

void UpstreamClient::send(Request request, const asio::any_io_executor& executor, Done done,
                          Observer observer) {
  if (impl_->tls) {
    return std::make_shared<Exchange<TlsStream>>(impl_, std::move(request), executor,
                                                 std::move(done), std::move(observer))
        ->start();
  }
  std::make_shared<Exchange<PlainStream>>(impl_, std::move(request), executor, std::move(done),
                                          std::move(observer))
      ->start();
}

void UpstreamClient::close_idle() {
  impl_->idle_pool<PlainStream>().clear();
  impl_->idle_pool<TlsStream>().clear();
}

}  // namespace automock::net
