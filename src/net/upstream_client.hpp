#pragma once
// UpstreamClient: HTTP/1.1 to one upstream, http or https, run on the
// caller's Asio io thread, so a proxy forwards without a blocked thread per
// request.
//
// Connections are kept alive and pooled per io thread; one the upstream
// closed while it was idle is noticed before reuse. Connect and read
// timeouts, DNS failure, refused connections, resets and malformed answers
// become TransportErrors with the causes HttpTransport reports (plus
// `protocol` for an answer that is not HTTP or a body that does not decode).
// An idempotent request whose pooled connection fails before any byte of the
// answer arrived is sent once more on a new connection. Bodies arrive
// decoded (Content-Encoding gzip, deflate, br) without hop-by-hop fields.
//
// https: TLS 1.2 or later, SNI and certificate verification for the URL's
// host name, against the system's trusted certificates plus
// HttpOptions::ca_file; verify_tls=false turns verification off. A failed
// handshake is a TransportError `tls` naming the host and OpenSSL's reason.
// HttpOptions::resolve (curl's --resolve) replaces DNS for the URL's
// host:port; TLS still uses the host name for SNI and verification.
//
// Streams: a chunked or close-delimited body without a Content-Encoding that
// came in more than one piece has Response::chunks (each piece's size and
// its time after the head arrived). HttpOptions::stream_time_limit and
// stream_size_limit cut such a body: the exchange then succeeds with the
// body so far (no more than the size limit), Response::cut names the limit,
// and the connection is closed. An Observer sees the head and the pieces as
// they arrive.
//
// Thread-safety: send() may be called from any thread running the
// io_context of the executor it is given; the exchange runs there.
// close_idle() closes the pooled sockets: call it before those io_contexts
// are destroyed.

#include <asio/any_io_executor.hpp>
#include <automock/error.hpp>
#include <automock/http.hpp>
#include <automock/transport.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace automock::net {

class UpstreamClient {
 public:
  // The response, or why there is none.
  using Result = std::variant<Response, TransportError>;
  using Done = std::function<void(Result)>;

  // Watches a response arrive: both calls run on the executor's thread,
  // before `done`; either may be empty.
  struct Observer {
    // Once, when the head of the final response is parsed: its status and
    // headers without hop-by-hop fields (Content-Encoding and Content-Length
    // as received: a coded body is decoded only once it ended), no body.
    std::function<void(const Response& head)> on_head;
    // Each piece of body as it arrives: the data of each HTTP chunk of a
    // chunked body (one call per chunk, whatever the reads), else the body
    // bytes of each read. Never called for a body with a Content-Encoding,
    // which is decoded whole at its end. Returning false (the client went
    // away) ends the exchange as a limit does, with cut "client closed".
    std::function<bool(std::string_view piece)> on_piece;
  };

  // Throws InputError for a malformed base URL, one that is neither http nor
  // https, or a malformed HttpOptions::resolve entry (naming it).
  explicit UpstreamClient(const std::string& base_url, HttpOptions options = {});
  ~UpstreamClient();
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  const std::string& base_url() const;
  // Sends `request` (its target appended to the base URL's path, Host set to
  // the upstream's) and calls `done` exactly once, on the executor's thread.
  void send(Request request, const asio::any_io_executor& executor, Done done,
            Observer observer = {});
  // Closes the idle pooled connections.
  void close_idle();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace automock::net
