#pragma once
// TlsInterceptor: the server side of the forward proxy's HTTPS interception.
// For each host a client CONNECTs to, a TLS context whose certificate
// automock's CA minted for that host (CertificateAuthority::leaf_for). A
// client that sends SNI for another name than the CONNECT host gets that
// name's certificate.
//
// Thread-safety: context_for() may be called from any thread; contexts live
// as long as the interceptor.

#include <asio/ssl/context.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "net/certificate_authority.hpp"

namespace automock::net {

class TlsInterceptor {
 public:
  explicit TlsInterceptor(CertificateAuthority authority);
  ~TlsInterceptor();
  TlsInterceptor(const TlsInterceptor&) = delete;
  TlsInterceptor& operator=(const TlsInterceptor&) = delete;

  // The context presenting a certificate for `host` (a DNS name or an IP
  // address). Throws InputError for a host that is neither.
  asio::ssl::context& context_for(const std::string& host);
  const std::filesystem::path& certificate_file() const;

 private:
  CertificateAuthority authority_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<asio::ssl::context>> contexts_;  // guarded
};

}  // namespace automock::net
