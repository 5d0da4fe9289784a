#include "net/base_url.hpp"

#include <automock/error.hpp>

namespace automock::net {

BaseUrl parse_base_url(const std::string& url) {
  BaseUrl parsed;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) throw InputError("base URL without a scheme: " + url);
  parsed.scheme = url.substr(0, scheme_end);
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    throw InputError("base URL scheme must be http or https: " + url);
  }
  const auto authority_start = scheme_end + 3;
  const auto path_start = url.find('/', authority_start);
  parsed.authority = url.substr(authority_start, path_start - authority_start);
  const auto& authority = parsed.authority;
  if (authority.empty()) throw InputError("base URL without a host: " + url);
  parsed.scheme_host_port = parsed.scheme + "://" + authority;
  const bool bracketed = authority.front() == '[';
  const auto host_end = bracketed ? authority.find(']') : authority.find(':');
  if (bracketed && host_end == std::string::npos) {
    throw InputError("base URL with an unclosed '[': " + url);
  }
  parsed.host = authority.substr(bracketed ? 1 : 0, bracketed ? host_end - 1 : host_end);
  const auto port_colon = authority.find(':', bracketed ? host_end : 0);
  parsed.port = port_colon == std::string::npos ? (parsed.scheme == "https" ? "443" : "80")
                                                : authority.substr(port_colon + 1);
  if (parsed.host.empty() || parsed.port.empty())
    throw InputError("base URL without a host: " + url);
  if (path_start != std::string::npos) parsed.path = url.substr(path_start);
  while (!parsed.path.empty() && parsed.path.back() == '/') parsed.path.pop_back();
  return parsed;
}

std::string listening_url(const std::string& host, uint16_t port) {
  std::string reached = host;
  if (reached == "0.0.0.0" || reached.empty()) reached = "127.0.0.1";
  if (reached == "::") reached = "::1";
  if (reached.find(':') != std::string::npos) reached = "[" + reached + "]";
  return "http://" + reached + ":" + std::to_string(port);
}

}  // namespace automock::net
