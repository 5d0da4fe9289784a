#pragma once
// What the capture proxy and the replay server share as forward proxies:
// automock's CA and the choice of the CONNECT hosts to intercept.

#include <automock/http.hpp>
#include <automock/transport.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/http_server.hpp"
#include "net/tls_interceptor.hpp"

namespace automock::net {

struct ForwardProxy {
  std::unique_ptr<TlsInterceptor> tls;
  std::shared_ptr<const ForwardSettings> settings;
};

// Opens (or creates) the CA in `ca_directory` (empty: ca_directory()).
// Intercepts the hosts matching one of the `intercept` globs (lowercased;
// empty: every host); spliced tunnels connect with `upstream`'s timeout and
// resolve map, and `on_tunnel_end` hears how each ended. Throws InputError
// for a bad CA or glob.
ForwardProxy make_forward_proxy(const std::filesystem::path& ca_directory,
                                const std::vector<std::string>& intercept, HttpOptions upstream,
                                std::function<void(const TunnelEnd&)> on_tunnel_end = {});

// Whether `request` came through the proxy (its target names an origin) rather
// than to the server itself: browser-facing checks of Host and Origin do not
// apply to it, since a page cannot make a browser send an absolute-form target.
bool is_proxied(const Request& request);

}  // namespace automock::net
