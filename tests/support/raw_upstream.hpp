#pragma once
// Raw TCP upstreams on 127.0.0.1 for answers a real server would not send (a
// body cut short, header values that are not UTF-8, a dropped keep-alive
// connection). They read request heads only, so use them with bodiless
// requests.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace automock::test {

// Listens on an ephemeral port of 127.0.0.1 and hands each accepted
// connection to `serve_one`, one at a time on its own thread, which closes
// it afterwards. Stops accepting on destruction.
class LoopbackAcceptor {
 public:
  explicit LoopbackAcceptor(std::function<void(int client)> serve_one)
      : serve_one_(std::move(serve_one)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      throw std::runtime_error("LoopbackAcceptor cannot listen");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread{[this] { accept_all(); }};
  }
  ~LoopbackAcceptor() {
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
  }
  LoopbackAcceptor(const LoopbackAcceptor&) = delete;
  LoopbackAcceptor& operator=(const LoopbackAcceptor&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void accept_all() {
    while (true) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) return;
      serve_one_(client);
      ::close(client);
    }
  }

  std::function<void(int)> serve_one_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

// Reads up to the end of a request head; false when the peer closed first.
inline bool read_request_head(int client) {
  std::string head;
  char buffer[4096];
  while (head.find("\r\n\r\n") == std::string::npos) {
    const auto received = ::recv(client, buffer, sizeof buffer, 0);
    if (received <= 0) return false;
    head.append(buffer, static_cast<size_t>(received));
  }
  return true;
}

// Answers every request with the same bytes, then closes the connection.
class RawUpstream {
 public:
  explicit RawUpstream(std::string answer)
      : answer_(std::move(answer)), acceptor_([this](int client) {
          read_request_head(client);
          ::send(client, answer_.data(), answer_.size(), MSG_NOSIGNAL);
          ::shutdown(client, SHUT_RDWR);
        }) {}

  std::string url() const { return acceptor_.url(); }

 private:
  std::string answer_;
  LoopbackAcceptor acceptor_;
};

}  // namespace automock::test
