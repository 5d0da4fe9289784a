#pragma once
// A cpp-httplib server on 127.0.0.1 and an ephemeral port, serving from a
// thread until destroyed: a real upstream for proxy and transport tests.
// Routes must be set before it is constructed.

#include <httplib.h>

#include <memory>
#include <string>
#include <string_view>
#include <thread>

namespace automock::test {

class HttplibServer {
 public:
  explicit HttplibServer(std::unique_ptr<httplib::Server> server) : server_(std::move(server)) {
    server_->set_tcp_nodelay(true);
    port_ = server_->bind_to_any_port("127.0.0.1");
    thread_ = std::thread{[this] { server_->listen_after_bind(); }};
    while (!server_->is_running()) std::this_thread::yield();
  }
  ~HttplibServer() {
    server_->stop();
    thread_.join();
  }
  HttplibServer(const HttplibServer&) = delete;
  HttplibServer& operator=(const HttplibServer&) = delete;

  int port() const { return port_; }
  std::string url(std::string_view scheme = "http") const {
    return std::string{scheme} + "://127.0.0.1:" + std::to_string(port_);
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace automock::test
