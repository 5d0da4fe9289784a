#pragma once
// Loopback helpers shared by the network tests: a port nothing listens on and
// a self-signed certificate.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace automock::test {

// A port nothing listens on: bound, then closed.
inline int closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t size = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Writes a one-day self-signed EC certificate for `host`, an IPv4 address or
// a DNS name (subjectAltName included, so verification can succeed against
// it), with the openssl CLI. Returns false when openssl failed.
inline bool make_self_signed_certificate(const std::filesystem::path& key,
                                         const std::filesystem::path& cert,
                                         const std::string& host = "127.0.0.1") {
  in_addr ignored{};
  const bool is_ipv4 = ::inet_pton(AF_INET, host.c_str(), &ignored) == 1;
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
      " -subj /CN=" +
      host + " -addext subjectAltName=" + (is_ipv4 ? "IP:" : "DNS:") + host + " -keyout " +
      key.string() + " -out " + cert.string() + " 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

}  // namespace automock::test
