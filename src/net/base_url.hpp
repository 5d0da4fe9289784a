#pragma once
// The parts of an upstream base URL ("https://api.example.com:8443/v1") that
// the HTTP clients need.

#include <cstdint>
#include <string>

namespace automock::net {

struct BaseUrl {
  std::string scheme;            // "http" or "https"
  std::string host;              // without brackets for IPv6
  std::string port;              // as written, or the scheme's default ("80", "443")
  std::string authority;         // host[:port] as written, for the Host field
  std::string scheme_host_port;  // "http://host:port" as written
  std::string path;              // "" or "/base" (never a trailing '/')
};

// Throws InputError for a URL without a scheme or host, or a scheme other
// than http and https.
BaseUrl parse_base_url(const std::string& url);

// The URL a local client reaches a server listening on host:port at
// ("http://127.0.0.1:8080"): a wildcard address is reached through loopback,
// an IPv6 host is bracketed.
std::string listening_url(const std::string& host, uint16_t port);

}  // namespace automock::net
