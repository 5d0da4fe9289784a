#pragma once
// A blocking TCP client for tests that need to send exact bytes: malformed
// requests, pipelining, keep-alive checks. Reads time out after 5 seconds.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace automock::test_support {

class RawSocket {
 public:
  // An unconnected socket.
  RawSocket() : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error("socket() failed");
    timeval timeout{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  // A socket connected to 127.0.0.1:port; throws if that fails.
  explicit RawSocket(uint16_t port) : RawSocket() {
    if (!connect(port)) {
      close();
      throw std::runtime_error("connect() failed");
    }
  }
  ~RawSocket() { close(); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool connect(uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) throw std::runtime_error("send() failed");
      bytes.remove_prefix(static_cast<size_t>(sent));
    }
  }

  // One response: the head and, unless `head_request`, a Content-Length body.
  // Returns what was read so far if the peer closes or the read times out.
  std::string read_response(bool head_request = false) {
    size_t head_end = 0;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
      if (!read_some()) return take(pending_.size());
    }
    const size_t head_size = head_end + 4;
    const size_t body_size = head_request ? 0 : content_length(pending_.substr(0, head_size));
    while (pending_.size() < head_size + body_size) {
      if (!read_some()) break;
    }
    return take(std::min(pending_.size(), head_size + body_size));
  }

  // Reads until `size` bytes arrived in all (kept for the reads after);
  // false when the peer closed or the read timed out first.
  bool wait_for(size_t size) {
    while (pending_.size() < size) {
      if (!read_some()) return false;
    }
    return true;
  }

  // Everything until the peer closes; false as `closed` if the read timed out.
  std::string read_until_closed(bool* closed = nullptr) {
    bool eof = false;
    while (true) {
      const auto result = read_chunk();
      if (result <= 0) {
        eof = result == 0;
        break;
      }
    }
    if (closed != nullptr) *closed = eof;
    return take(pending_.size());
  }

  // Whether a read gave up waiting (the peer neither answered nor closed).
  bool timed_out() const { return timed_out_; }

  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  static size_t content_length(std::string head) {
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto field = head.find("\r\ncontent-length:");
    if (field == std::string::npos) return 0;
    return std::stoul(head.substr(field + 17));
  }

  // Bytes read (> 0), 0 at end of stream, < 0 on error or timeout.
  long read_chunk() {
    char buffer[16384];
    const auto received = ::recv(fd_, buffer, sizeof buffer, 0);
    if (received > 0) pending_.append(buffer, static_cast<size_t>(received));
    if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) timed_out_ = true;
    return received;
  }

  bool read_some() { return read_chunk() > 0; }

  std::string take(size_t size) {
    std::string taken = pending_.substr(0, size);
    pending_.erase(0, size);
    return taken;
  }

  int fd_;
  std::string pending_;
  bool timed_out_ = false;
};

inline int status_of(std::string_view response) {
  if (response.size() < 12 || !response.starts_with("HTTP/1.")) return 0;
  return std::stoi(std::string{response.substr(9, 3)});
}

inline std::string body_of(std::string_view response) {
  const auto head_end = response.find("\r\n\r\n");
  return head_end == std::string_view::npos ? "" : std::string{response.substr(head_end + 4)};
}

}  // namespace automock::test_support
