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
#include <variant>

namespace automock::net {

class UpstreamClient {
 public:
  // The response, or why there is none.
  using Result = std::variant<Response, TransportError>;
  using Done = std::function<void(Result)>;

  // Throws InputError for a malformed base URL, one that is neither http nor
  // https, or a malformed HttpOptions::resolve entry (naming it).
  explicit UpstreamClient(const std::string& base_url, HttpOptions options = {});
  ~UpstreamClient();
  UpstreamClient(const UpstreamClient&) = delete;
  UpstreamClient& operator=(const UpstreamClient&) = delete;

  const std::string& base_url() const;
  // Sends `request` (its target appended to the base URL's path, Host set to
  // the upstream's) and calls `done` exactly once, on the executor's thread.
  void send(Request request, const asio::any_io_executor& executor, Done done);
  // Closes the idle pooled connections.
  void close_idle();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace automock::net
