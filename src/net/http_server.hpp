#pragma once
// An event-driven HTTP/1.1 server on standalone Asio: the core of the replay
// server and of the capture proxy. It parses requests (keep-alive, pipelining,
// Content-Length and chunked bodies, Expect: 100-continue), hands each one to
// a Handler and writes the Response back with Content-Length and Date.
//
// Requests the server cannot accept are answered without calling the handler:
// malformed -> 400, body over max_body_bytes -> 413, header block over
// max_header_bytes -> 431, unknown transfer coding -> 501; the connection is
// then closed. A handler that throws gets a 500 carrying the exception's
// message. Connections idle for idle_timeout (no request in progress, or a
// request or response stalled) are closed.
//
// An AsyncHandler starts the work and returns at once; the answer goes back
// through the Respond it was given (the capture proxy forwards upstream on the
// io threads this way).
//
// Thread-safety: the handler is called concurrently from the io threads (or
// from the blocking workers), so it must be thread-safe. port() and stop()
// may be called from any thread except from inside the handler.

#include <asio/any_io_executor.hpp>
#include <automock/http.hpp>
#include <automock/transport.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace automock::net {

class BodyFeed;

class TlsInterceptor;

// How a forward proxy treats CONNECT host:port (see net/connection.hpp).
// How a spliced CONNECT tunnel ended.
struct TunnelEnd {
  std::string target;       // "host:port", normalised
  int status = 200;         // 200 once connected; 502 or 504 when the host was not reached
  double elapsed_ms = 0.0;  // from the CONNECT to the tunnel's close
  std::string reason;       // why it was not connected; "" otherwise
};

struct ForwardSettings {
  // Whether the tunnel to `host` (lowercased) is intercepted; else spliced.
  std::function<bool(const std::string& host)> intercepts;
  // The certificates of intercepted hosts; outlives the server.
  TlsInterceptor* tls = nullptr;
  // The connect timeout and resolve map of spliced tunnels.
  HttpOptions upstream;
  // Called once per spliced tunnel as it closes, on its io thread; may be empty.
  std::function<void(const TunnelEnd&)> on_tunnel_end;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;                      // 0 = ephemeral
  unsigned threads = 0;                   // io threads, 0 = hardware concurrency
  size_t max_body_bytes = 64 << 20;       // larger -> 413
  size_t max_header_bytes = 64 << 10;     // larger -> 431
  std::chrono::seconds idle_timeout{60};  // 0 = never
  // > 0: handlers run on this many worker threads instead of the io threads
  // (for handlers that block, like a proxy forwarding upstream).
  unsigned blocking_workers = 0;
  // Set: a forward proxy that takes CONNECT.
  std::shared_ptr<const ForwardSettings> forward;
};

// Called once per request. The target is as sent on the request line; the
// body is already decoded (Transfer-Encoding is removed from the headers).
using Handler = std::function<Response(const Request&)>;

// How a response goes on the wire: whole, or broken on purpose (the replay
// server's faults, include/automock/fault.hpp).
//   whole     head and body, as usual
//   reset     `body_bytes` of the body after the head (nothing at all when
//             `head` is false), then a TCP reset (SO_LINGER 0)
//   truncate  the head (its Content-Length the whole body's) and `body_bytes`
//             of the body, then an orderly close
//   hold      nothing: the connection stays open, unanswered, until the
//             client closes it or the server stops
//   throttle  the body at `bytes_per_second`
//   stream    the head at once, then the body as `feed` gives it (chunked, or
//             raw under a Content-Length the response carries, or until the
//             connection closes for HTTP/1.0; net/body_feed.hpp); the
//             response's own body is not sent
struct Delivery {
  enum class Kind { whole, reset, truncate, hold, throttle, stream };
  Kind kind = Kind::whole;
  bool head = true;
  size_t body_bytes = 0;
  size_t bytes_per_second = 0;
  std::shared_ptr<BodyFeed> feed;
};

// A response and how long to hold it back before writing it (the replay
// server's recorded latency). The wait is a timer on the connection's io
// thread: it blocks no thread and delays no other connection.
struct DelayedResponse {
  Response response;
  std::chrono::steady_clock::duration delay{};
  Delivery delivery{};
};
using DelayingHandler = std::function<DelayedResponse(const Request&)>;

// Hands the answer to a request back to its connection. Call it exactly once,
// from any thread; the connection stays open (and the server's stop() waits)
// until it is called or destroyed.
using Respond = std::function<void(DelayedResponse)>;
// Called on the connection's io thread with that thread's executor (for
// asynchronous work that should stay on it). Must not block. It may throw only
// before it has handed `respond` on; the request then gets a 500.
using AsyncHandler = std::function<void(Request, const asio::any_io_executor&, Respond)>;

class HttpServer {
 public:
  // Binds host:port, starts the io threads and accepts connections before
  // returning. Raises the soft RLIMIT_NOFILE to the hard limit. Throws
  // IoError when the address cannot be resolved or bound.
  HttpServer(Handler handler, HttpServerOptions options);
  // The same with a handler that may delay its responses.
  HttpServer(DelayingHandler handler, HttpServerOptions options);
  // The same with a handler that answers asynchronously (blocking_workers
  // is ignored).
  HttpServer(AsyncHandler handler, HttpServerOptions options);
  // Calls stop().
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (the ephemeral one when options.port was 0).
  uint16_t port() const;
  // Graceful: stops accepting, closes idle connections, lets in-flight
  // requests finish (their responses carry Connection: close), then joins the
  // threads. Idempotent; blocks until done.
  void stop();

 private:
  void start();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace automock::net
