#pragma once
// BrowserGuard: keeps web pages the developer has open away from a local
// server (the capture proxy, the replay server). A page can make the browser
// send requests to 127.0.0.1 (a cross-origin "simple" request) or, by DNS
// rebinding, under a name of its own that resolves to 127.0.0.1; the guard
// refuses both by the fields a browser always sets:
//   Host            must name a loopback host (localhost, *.localhost,
//                   127.0.0.0/8, [::1]), the address the server is bound to,
//                   or an allowed host; any port. A request without Host
//                   (HTTP/1.0, raw clients) passes: no browser sends one.
//   Origin          when present, must be http(s) on such a host ("null" and
//                   other schemes are foreign).
//   Sec-Fetch-Site  without Origin, "cross-site" is refused (a page's <img>
//                   or no-cors GET, which carries no Origin).
// Immutable after construction: safe from any thread.

#include <automock/http.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::net {

class BrowserGuard {
 public:
  // `bound_host`: the listen address as given ("127.0.0.1", "0.0.0.0",
  // "::1"). `allowed_hosts`: more host names or addresses (brackets optional
  // for IPv6, no port) accepted in Host and Origin, for deliberate remote use.
  BrowserGuard(std::string_view bound_host, const std::vector<std::string>& allowed_hosts);

  // Why `request` is refused ("Host 'evil.test:8080' is not ..."), or nullopt
  // when it may be served.
  std::optional<std::string> refusal(const Request& request) const;

  // Whether the host of a Host field value ("name[:port]", "[v6]:port") is
  // accepted.
  bool accepts_host(std::string_view host_field) const;
  // Whether an Origin field value ("http://localhost:3000") is accepted.
  bool accepts_origin(std::string_view origin) const;

 private:
  bool accepts_name(std::string_view name) const;

  std::vector<std::string> accepted_;  // lowered, without brackets
};

// `name` (no port) lowered and without IPv6 brackets: "[::1]" -> "::1".
std::string bare_host_name(std::string_view name);

// Whether `name` (no port, brackets optional) is a loopback host:
// localhost, *.localhost, an IPv4 address in 127.0.0.0/8, or ::1.
bool is_loopback_host(std::string_view name);

}  // namespace automock::net
