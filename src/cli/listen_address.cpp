#include "cli/listen_address.hpp"

#include <automock/error.hpp>
#include <charconv>

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

}  // namespace automock::cli
