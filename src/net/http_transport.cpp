// HttpTransport over cpp-httplib: a small pool of keep-alive clients, one per
// concurrent caller, and the mapping of httplib's errors to TransportError.
#include <httplib.h>
#include <netdb.h>
#include <openssl/x509.h>

#include <array>
#include <automock/error.hpp>
#include <automock/transport.hpp>
#include <mutex>
#include <vector>

#include "net/base_url.hpp"
#include "net/content_decoding.hpp"
#include "net/hop_by_hop.hpp"
#include "net/idempotent.hpp"

namespace automock {

namespace {

using Clock = std::chrono::steady_clock;

// Fields that describe one connection, not the message (RFC 9110 7.6.1), and
// those httplib computes itself.
bool is_connection_field(std::string_view name) {
  return net::is_hop_by_hop(name) || iequals(name, "Host") || iequals(name, "Content-Length");
}

bool host_resolves(const std::string& host) {
  addrinfo* results = nullptr;
  const int status = getaddrinfo(host.c_str(), nullptr, nullptr, &results);
  if (results != nullptr) freeaddrinfo(results);
  return status == 0;
}

bool is_stale_connection(httplib::Error error, Clock::duration elapsed,
                         const HttpOptions& options) {
  const bool failed_on_socket = error == httplib::Error::Read || error == httplib::Error::Write;
  return failed_on_socket && elapsed < options.read_timeout;
}

}  // namespace

struct HttpTransport::Impl {
  std::string base_url;
  net::BaseUrl parsed;
  HttpOptions options;
  std::mutex mutex;
  std::vector<std::unique_ptr<httplib::Client>> idle;  // guarded by mutex

  struct Lease {
    std::unique_ptr<httplib::Client> client;
    bool reused = false;  // from the pool: its connection may have gone stale
  };

  Lease acquire();
  void release(std::unique_ptr<httplib::Client> client);
  std::unique_ptr<httplib::Client> make_client() const;
  X509_STORE* make_ca_store() const;
  httplib::Request to_httplib(const Request& request) const;
  Response from_httplib(const httplib::Response& response) const;
  TransportError error_for(httplib::Error error, Clock::duration elapsed,
                           const Request& request) const;
  TransportError failure(TransportError::Cause cause, const std::string& what,
                         const Request& request) const;
};

HttpTransport::Impl::Lease HttpTransport::Impl::acquire() {
  {
    std::lock_guard lock{mutex};
    if (!idle.empty()) {
      auto client = std::move(idle.back());
      idle.pop_back();
      return Lease{std::move(client), true};
    }
  }
  return Lease{make_client(), false};
}

void HttpTransport::Impl::release(std::unique_ptr<httplib::Client> client) {
  std::lock_guard lock{mutex};
  idle.push_back(std::move(client));
}

std::unique_ptr<httplib::Client> HttpTransport::Impl::make_client() const {
  auto client = std::make_unique<httplib::Client>(parsed.scheme_host_port);
  client->set_connection_timeout(options.connect_timeout);
  client->set_read_timeout(options.read_timeout);
  client->set_write_timeout(options.read_timeout);
  client->set_keep_alive(true);
  client->set_tcp_nodelay(true);
  client->set_url_encode(false);
  client->set_decompress(false);  // decoded here, by decode_content
  if (parsed.scheme == "https") {
    client->enable_server_certificate_verification(options.verify_tls);
    if (!options.ca_file.empty()) client->set_ca_cert_store(make_ca_store());
  }
  return client;
}

// The system's trusted certificates plus those of ca_file. httplib takes
// ownership of the store and adds the system's default paths to it.
X509_STORE* HttpTransport::Impl::make_ca_store() const {
  X509_STORE* store = X509_STORE_new();
  if (store == nullptr || X509_STORE_load_file(store, options.ca_file.c_str()) != 1) {
    X509_STORE_free(store);
    throw TransportError(TransportError::Cause::tls, "cannot load CA file " + options.ca_file);
  }
  return store;
}

httplib::Request HttpTransport::Impl::to_httplib(const Request& request) const {
  httplib::Request out;
  out.method = request.method;
  out.path = parsed.path + request.target;
  for (const auto& [name, value] : request.headers) {
    if (!is_connection_field(name)) out.headers.emplace(name, value);
  }
  out.body = request.body;
  return out;
}

Response HttpTransport::Impl::from_httplib(const httplib::Response& response) const {
  Response out;
  out.status = response.status;
  for (const auto& [name, value] : response.headers) out.headers.add(name, value);
  net::remove_hop_by_hop(out.headers);
  out.body = response.body;
  if (options.decompress) net::decode_content(out, options.max_response_bytes);
  return out;
}

// The query is left out: it may carry credentials.
TransportError HttpTransport::Impl::failure(TransportError::Cause cause, const std::string& what,
                                            const Request& request) const {
  return TransportError(
      cause, request.method + " " + base_url + std::string{request.path()} + ": " + what);
}

TransportError HttpTransport::Impl::error_for(httplib::Error error, Clock::duration elapsed,
                                              const Request& request) const {
  using Cause = TransportError::Cause;
  const auto fail = [&](Cause cause, const std::string& what) {
    return failure(cause, what, request);
  };
  switch (error) {
    case httplib::Error::Connection:
      if (!host_resolves(parsed.host)) return fail(Cause::dns, "cannot resolve " + parsed.host);
      return fail(Cause::connect, "cannot connect (refused or unreachable)");
    case httplib::Error::ConnectionTimeout:
      return fail(Cause::timeout, "connect timed out");
    case httplib::Error::Read:
      if (elapsed >= options.read_timeout) return fail(Cause::timeout, "read timed out");
      return fail(Cause::reset, "connection closed or reset while reading the response");
    case httplib::Error::Write:
      return fail(Cause::reset, "connection closed or reset while sending the request");
    case httplib::Error::SSLConnection:
      return fail(Cause::tls, "TLS failed: the handshake did not complete");
    case httplib::Error::SSLLoadingCerts:
      return fail(Cause::tls, "TLS failed: the trusted certificates could not be loaded");
    case httplib::Error::SSLServerVerification:
      return fail(Cause::tls, "TLS failed: the server's certificate could not be verified");
    default:
      return fail(Cause::other, httplib::to_string(error));
  }
}

HttpTransport::HttpTransport(std::string base_url, HttpOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->parsed = net::parse_base_url(base_url);
  impl_->base_url = std::move(base_url);
  while (!impl_->base_url.empty() && impl_->base_url.back() == '/') impl_->base_url.pop_back();
  impl_->options = std::move(options);
}

HttpTransport::~HttpTransport() = default;

const std::string& HttpTransport::base_url() const {
  return impl_->base_url;
}

Response HttpTransport::send(const Request& request) {
  const httplib::Request out = impl_->to_httplib(request);
  auto lease = impl_->acquire();
  auto started = Clock::now();
  auto result = lease.client->send(out);
  // A pooled connection that the server closed meanwhile fails at once:
  // resend once on a new connection when that is safe.
  if (!result && lease.reused && net::is_idempotent(request.method) &&
      is_stale_connection(result.error(), Clock::now() - started, impl_->options)) {
    lease = Impl::Lease{impl_->make_client(), false};
    started = Clock::now();
    result = lease.client->send(out);
  }
  if (!result) throw impl_->error_for(result.error(), Clock::now() - started, request);
  impl_->release(std::move(lease.client));
  try {
    return impl_->from_httplib(result.value());
  } catch (const net::ContentDecodingError& error) {
    throw impl_->failure(TransportError::Cause::protocol, error.what(), request);
  }
}

}  // namespace automock
