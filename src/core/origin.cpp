#include "core/origin.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "core/text.hpp"

namespace automock {

namespace {

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  return std::stoul(std::string{port}) <= 65535;
}

// Splits "host[:port]" ("[::1]:8080" included); nullopt when malformed.
std::optional<std::pair<std::string_view, std::string_view>> split_authority(
    std::string_view authority) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    if (!rest.empty()) port = rest.substr(1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty() || host == "[]" || (!port.empty() && !is_port(port))) return std::nullopt;
  if (authority.ends_with(':')) return std::nullopt;
  return std::pair{host, port};
}

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

bool is_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

bool is_connect_host(std::string_view host) {
  if (host.starts_with('[')) {
    const auto inside = host.substr(1, host.size() - 2);
    return host.ends_with(']') && inside.find(':') != std::string_view::npos &&
           std::all_of(inside.begin(), inside.end(), is_ipv6_char);
  }
  return std::all_of(host.begin(), host.end(), is_name_char);
}

}  // namespace

std::optional<Authority> parse_connect_authority(std::string_view target) {
  const auto parts = split_authority(target);
  if (!parts || parts->second.empty() || !is_connect_host(parts->first)) return std::nullopt;
  const auto port = std::stoul(std::string{parts->second});
  if (port == 0) return std::nullopt;
  return Authority{to_lower(parts->first), static_cast<uint16_t>(port)};
}

std::optional<std::pair<std::string, std::string>> parse_resolve_entry(std::string_view entry) {
  const size_t host_end = entry.starts_with('[') ? entry.find(']') : entry.find(':');
  if (host_end == std::string_view::npos) return std::nullopt;
  const size_t port_end = entry.find(':', entry.find(':', host_end) + 1);
  if (port_end == std::string_view::npos) return std::nullopt;
  const auto authority = parse_connect_authority(entry.substr(0, port_end));
  std::string address{entry.substr(port_end + 1)};
  if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
    address = address.substr(1, address.size() - 2);
  }
  std::array<unsigned char, sizeof(in6_addr)> bytes{};
  const bool is_address = inet_pton(AF_INET, address.c_str(), bytes.data()) == 1 ||
                          inet_pton(AF_INET6, address.c_str(), bytes.data()) == 1;
  if (!authority || !is_address) return std::nullopt;
  return std::pair{authority->text(), address};
}

std::optional<std::string> origin_of(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) return std::nullopt;
  const std::string scheme = to_lower(url.substr(0, separator));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  auto authority = url.substr(separator + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority.remove_prefix(at + 1);
  }
  const auto parts = split_authority(authority);
  if (!parts) return std::nullopt;
  const auto [host, port] = *parts;
  if (!is_connect_host(host)) return std::nullopt;
  std::string origin = scheme + "://" + to_lower(host);
  const std::string_view default_port = scheme == "http" ? "80" : "443";
  if (!port.empty() && std::stoul(std::string{port}) != std::stoul(std::string{default_port})) {
    origin += ":" + std::to_string(std::stoul(std::string{port}));
  }
  return origin;
}

bool is_origin_route(std::string_view route) {
  return route.find("://") != std::string_view::npos;
}

}  // namespace automock
