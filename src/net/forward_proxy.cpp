#include "net/forward_proxy.hpp"

#include <algorithm>
#include <automock/error.hpp>

#include "core/origin.hpp"
#include "core/text.hpp"

namespace automock::net {

ForwardProxy make_forward_proxy(const std::filesystem::path& ca_directory,
                                const std::vector<std::string>& intercept, HttpOptions upstream,
                                std::function<void(const TunnelEnd&)> on_tunnel_end) {
  std::vector<std::string> globs;
  for (const auto& glob : intercept) {
    if (glob.empty()) throw InputError("an --intercept glob is empty");
    globs.push_back(to_lower(glob));
  }
  const auto directory = ca_directory.empty() ? net::ca_directory() : ca_directory;
  ForwardProxy proxy;
  proxy.tls = std::make_unique<TlsInterceptor>(CertificateAuthority::open_or_create(directory));
  auto settings = std::make_shared<ForwardSettings>();
  settings->tls = proxy.tls.get();
  settings->upstream = std::move(upstream);
  settings->on_tunnel_end = std::move(on_tunnel_end);
  settings->intercepts = [globs = std::move(globs)](const std::string& host) {
    if (globs.empty()) return true;
    return std::any_of(globs.begin(), globs.end(),
                       [&](const std::string& glob) { return glob_matches(glob, host); });
  };
  proxy.settings = std::move(settings);
  return proxy;
}

bool is_proxied(const Request& request) {
  return origin_of(request.target).has_value();
}

}  // namespace automock::net
