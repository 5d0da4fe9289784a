#include "net/browser_guard.hpp"

#include <algorithm>
#include <asio/ip/address.hpp>

#include "core/text.hpp"
#include "net/http_syntax.hpp"

namespace automock::net {

namespace {

// The host of an authority "name[:port]" or "[v6][:port]", or nullopt when it
// is malformed (no host, an unclosed bracket, a port that is not a number).
std::optional<std::string_view> host_of_authority(std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  const bool bracketed = authority.starts_with('[');
  const auto host_end = bracketed ? authority.find(']') : authority.find(':');
  if (bracketed && host_end == std::string_view::npos) return std::nullopt;
  if (host_end != std::string_view::npos) {
    host = authority.substr(0, bracketed ? host_end + 1 : host_end);
    const auto rest = authority.substr(host.size());
    if (!rest.empty() && rest.front() != ':') return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
  }
  if (host.empty() || (!port.empty() && !parse_decimal(port))) return std::nullopt;
  return host;
}

}  // namespace

std::string bare_host_name(std::string_view name) {
  if (name.size() >= 2 && name.front() == '[' && name.back() == ']') {
    name = name.substr(1, name.size() - 2);
  }
  return to_lower(name);
}

bool is_loopback_host(std::string_view name) {
  const auto bare = bare_host_name(name);
  if (bare == "localhost" || bare.ends_with(".localhost")) return true;
  asio::error_code error;
  const auto address = asio::ip::make_address(bare, error);
  return !error && address.is_loopback();
}

BrowserGuard::BrowserGuard(std::string_view bound_host,
                           const std::vector<std::string>& allowed_hosts) {
  accepted_.push_back(bare_host_name(bound_host));
  for (const auto& host : allowed_hosts) accepted_.push_back(bare_host_name(host));
}

bool BrowserGuard::accepts_name(std::string_view name) const {
  return is_loopback_host(name) ||
         std::ranges::find(accepted_, bare_host_name(name)) != accepted_.end();
}

bool BrowserGuard::accepts_host(std::string_view host_field) const {
  const auto host = host_of_authority(trim(host_field));
  return host && accepts_name(*host);
}

bool BrowserGuard::accepts_origin(std::string_view origin) const {
  origin = trim(origin);
  for (const std::string_view scheme : {"http://", "https://"}) {
    if (!origin.starts_with(scheme)) continue;
    const auto authority = origin.substr(scheme.size());
    return authority.find('/') == std::string_view::npos && accepts_host(authority);
  }
  return false;
}

std::optional<std::string> BrowserGuard::refusal(const Request& request) const {
  for (const auto& host : values_of(request.headers, "Host")) {
    if (!accepts_host(host)) {
      return "Host '" + host +
             "' is not a loopback name, the listen address or an allowed host (a page "
             "reaching this server by DNS rebinding, or a remote client that needs "
             "--allow-host)";
    }
  }
  const auto origins = values_of(request.headers, "Origin");
  for (const auto& origin : origins) {
    if (!accepts_origin(origin)) {
      return "Origin '" + origin +
             "' is foreign: only pages on loopback or an allowed host may call this server";
    }
  }
  const auto sites = values_of(request.headers, "Sec-Fetch-Site");
  if (origins.empty() && std::ranges::any_of(sites, [](const std::string& site) {
        return iequals(trim(site), "cross-site");
      })) {
    return "a cross-site request from a web page (Sec-Fetch-Site: cross-site) with no allowed "
           "Origin";
  }
  return std::nullopt;
}

}  // namespace automock::net
