#pragma once
// A real HTTP server on 127.0.0.1 (ephemeral port) answering scripted status
// codes per path: the n-th request to a path gets statuses[n], and requests
// past the end get the last one. Unknown paths get 404.

#include <httplib.h>

#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace automock::test {

class HealthServer {
 public:
  explicit HealthServer(std::map<std::string, std::vector<int>> statuses)
      : statuses_(std::move(statuses)) {
    server_.Get(".*", [this](const httplib::Request& request, httplib::Response& response) {
      response.status = next_status(request.path);
      response.set_content("status", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs, so wait for it.
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~HealthServer() {
    server_.stop();
    thread_.join();
  }
  HealthServer(const HealthServer&) = delete;
  HealthServer& operator=(const HealthServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int hits(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }

 private:
  int next_status(const std::string& path) {
    std::lock_guard lock(mutex_);
    const auto found = statuses_.find(path);
    const int count = hits_[path]++;
    if (found == statuses_.end()) return 404;
    const auto& answers = found->second;
    return answers[std::min<std::size_t>(static_cast<std::size_t>(count), answers.size() - 1)];
  }

  httplib::Server server_;
  std::map<std::string, std::vector<int>> statuses_;
  std::map<std::string, int> hits_;
  std::mutex mutex_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace automock::test
