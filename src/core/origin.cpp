#include "core/origin.hpp"

#include <algorithm>

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

}  // namespace

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
