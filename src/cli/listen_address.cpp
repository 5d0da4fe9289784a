#include "cli/listen_address.hpp"

#include <automock/error.hpp>
#include <charconv>

#include "net/browser_guard.hpp"

namespace automock::cli {

namespace {

uint16_t parse_port(std::string_view text, std::string_view whole) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value > 65535) {
    throw InputError("--listen: '" + std::string{whole} + "' has no valid port (0-65535)");
  }
  return static_cast<uint16_t>(value);
}

}  // namespace

ListenAddress parse_listen_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return {"127.0.0.1", parse_port(text, text)};
  std::string host{text.substr(0, colon)};
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "127.0.0.1";
  return {host, parse_port(text.substr(colon + 1), text)};
}

std::string bound_url(const ListenAddress& address, uint16_t port) {
  const bool ipv6 = address.host.find(':') != std::string::npos;
  const std::string host = ipv6 ? "[" + address.host + "]" : address.host;
  return "http://" + host + ":" + std::to_string(port);
}

std::string exposure_warning(const ListenAddress& address, uint16_t port) {
  if (net::is_loopback_host(address.host)) return "";
  return "warning: listening on " + bound_url(address, port) +
         ", which other machines can reach; requests that name this server by anything but "
         "loopback or " +
         address.host + " (in Host or Origin) are refused unless allowed with --allow-host NAME";
}

}  // namespace automock::cli
