#include "net/base_url.hpp"

#include <algorithm>
#include <automock/error.hpp>

namespace automock::net {

namespace {

// Where the authority of `url` ends (its path, query or fragment starts).
size_t authority_end(const std::string& url, size_t authority_start) {
  return std::min(url.find_first_of("/?#", authority_start), url.size());
}

// `url` as an error may show it: user information (a password) left out.
std::string shown_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  const auto start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto at = url.substr(start, authority_end(url, start) - start).rfind('@');
  if (at == std::string::npos) return url;
  return url.substr(0, start) + "<user information left out>@" + url.substr(start + at + 1);
}

bool is_port(const std::string& port) {
  return !port.empty() &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

BaseUrl parse_base_url(const std::string& url) {
  BaseUrl parsed;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    throw InputError("base URL without a scheme: " + shown_url(url));
  }
  parsed.scheme = url.substr(0, scheme_end);
  if (parsed.scheme != "http" && parsed.scheme != "https") {
    throw InputError("base URL scheme must be http or https: " + shown_url(url));
  }
  const auto authority_start = scheme_end + 3;
  const auto path_start = url.find('/', authority_start);
  if (url.substr(authority_start, authority_end(url, authority_start) - authority_start)
          .find('@') != std::string::npos) {
    throw InputError("base URL " + shown_url(url) +
                     " carries a user name or password: refused, so that it is never sent, "
                     "printed or stored; give credentials as a header (Authorization) instead");
  }
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
  if (!is_port(parsed.port)) {
    // Not shown: in "http://user:pass/word@host" the "port" is a password.
    throw InputError("base URL " + parsed.scheme + "://" + parsed.host +
                     ":...: the port is not a number");
  }
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
