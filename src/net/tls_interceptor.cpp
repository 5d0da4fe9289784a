#include "net/tls_interceptor.hpp"

#include <openssl/ssl.h>

#include <automock/error.hpp>

namespace automock::net {

namespace {

// The servername callback: switches the connection to the certificate of the
// name the client asked for. Without SNI, or when no certificate can be made
// for the name, the CONNECT host's stays.
int on_server_name(SSL* ssl, int*, void* interceptor) {
  const char* name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  if (name == nullptr) return SSL_TLSEXT_ERR_OK;
  try {
    auto& context = static_cast<TlsInterceptor*>(interceptor)->context_for(name);
    SSL_set_SSL_CTX(ssl, context.native_handle());
  } catch (const Error&) {
  }
  return SSL_TLSEXT_ERR_OK;
}

std::unique_ptr<asio::ssl::context> make_context(const LeafCertificate& leaf,
                                                 TlsInterceptor& interceptor) {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
  context->use_certificate_chain(asio::buffer(leaf.certificate_pem));
  context->use_private_key(asio::buffer(leaf.private_key_pem), asio::ssl::context::pem);
  SSL_CTX_set_tlsext_servername_callback(context->native_handle(), on_server_name);
  SSL_CTX_set_tlsext_servername_arg(context->native_handle(), &interceptor);
  return context;
}

}  // namespace

TlsInterceptor::TlsInterceptor(CertificateAuthority authority) : authority_(std::move(authority)) {}

TlsInterceptor::~TlsInterceptor() = default;

asio::ssl::context& TlsInterceptor::context_for(const std::string& host) {
  const auto leaf = authority_.leaf_for(host);
  std::lock_guard lock{mutex_};
  auto& context = contexts_[leaf.certificate_pem];
  if (!context) context = make_context(leaf, *this);
  return *context;
}

const std::filesystem::path& TlsInterceptor::certificate_file() const {
  return authority_.certificate_file();
}

}  // namespace automock::net
