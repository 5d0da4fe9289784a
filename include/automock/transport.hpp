#pragma once
// Transports: the seam between code under test and the network. Code that
// takes a Transport can be handed an HttpTransport in production and a
// CassetteTransport in tests (no socket at all).

#include <automock/http.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace automock {

class Cassette;

// Receives a response body piece by piece, as it comes.
using ChunkSink = std::function<void(std::string_view piece)>;

class Transport {
 public:
  virtual ~Transport() = default;
  // Sends one request and returns the response. Throws TransportError when the
  // network fails; an HTTP error status is a response, not an exception.
  virtual Response send(const Request& request) = 0;
  // send(), handing the body to `on_chunk` as it comes: one call per piece,
  // in order, on the calling thread, all before stream() returns; the pieces
  // add up to the returned Response's body (which holds it whole too), and
  // an empty body gives no call. The default calls send() and hands the body
  // over in one piece. An exception thrown by `on_chunk` ends the exchange
  // and propagates.
  virtual Response stream(const Request& request, const ChunkSink& on_chunk);
};

struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{30000};
  bool verify_tls = true;
  std::string ca_file;     // extra CA bundle (PEM) for https upstreams
  bool decompress = true;  // store bodies decoded (gzip, deflate, br)
  // A (decoded) answer body larger than this is a TransportError (protocol).
  size_t max_response_bytes = size_t{1} << 30;
  // Addresses to use instead of DNS, as curl's --resolve: "host:port" (host
  // lowercased, an IPv6 host in brackets) -> "address". TLS still checks the
  // certificate against the host's name.
  std::map<std::string, std::string> resolve;
  // Cut a streamed body (chunked or read until the connection closes, and
  // without a Content-Encoding) once this long has passed since its head
  // arrived, or once it reached this many bytes; 0 = no limit. The response
  // then holds the body so far (at most stream_size_limit bytes) and
  // Response::cut says "time limit" or "size limit".
  std::chrono::milliseconds stream_time_limit{0};
  size_t stream_size_limit = 0;
};

// HTTP/1.1, http or https (TLS as HttpOptions says), with keep-alive
// connections: automock's asynchronous client run on an io thread the
// transport owns; send() waits for its exchange. A path target is appended
// to the base URL's path; an absolute target ("https://host:port/path?q")
// goes to the origin it names, with or without a base URL (a cassette
// forwards a request recorded under another origin this way). With an empty
// base URL every request must name its origin (send() throws InputError for
// a path). The constructor
// throws InputError for a malformed base URL or HttpOptions::resolve entry.
// Thread-safe.
class HttpTransport : public Transport {
 public:
  explicit HttpTransport(std::string base_url, HttpOptions options = {});
  ~HttpTransport() override;
  Response send(const Request& request) override;
  // Pieces as they arrive: each HTTP chunk of a chunked body, each read of a
  // close-delimited or Content-Length one; a body with a Content-Encoding in
  // one piece once decoded.
  Response stream(const Request& request, const ChunkSink& on_chunk) override;
  const std::string& base_url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Answers from a cassette or, as its mode says, forwards to `upstream` and
// records. Requests with an absolute target ("http://host/base/x") have the
// cassette's base URL stripped; one for another origin reaches `upstream`
// still absolute. Throws UnmatchedRequest for a request that
// was never recorded in replay mode. Applies the cassette's fault rules
// (Cassette::faults()): a fault becomes its answer, a real wait, or the
// TransportError a network failure gives (reset, timeout). Thread-safe.
//
// stream() hands a replayed response over in its recorded chunks
// (Response::chunks), at once, whatever their offsets; a forwarded one as the
// upstream's stream() gives it, while it arrives.
class CassetteTransport : public Transport {
 public:
  explicit CassetteTransport(std::shared_ptr<Cassette> cassette,
                             std::shared_ptr<Transport> upstream = nullptr);
  Response send(const Request& request) override;
  Response stream(const Request& request, const ChunkSink& on_chunk) override;
  Cassette& cassette() { return *cassette_; }

 private:
  // The answer, forwarding to `upstream` (nullptr: none) when the mode says.
  Response answer(const Request& request, Transport* upstream);
  // answer() when the cassette has fault rules (include/automock/fault.hpp).
  Response answer_with_faults(const Request& request, Transport* upstream);

  std::shared_ptr<Cassette> cassette_;
  std::shared_ptr<Transport> upstream_;
};

}  // namespace automock
