#pragma once
// An in-process upstream for cassette tests: answers with a function of the
// request and counts the requests it saw. Thread-safe.

#include <atomic>
#include <automock/transport.hpp>
#include <functional>
#include <mutex>
#include <vector>

namespace automock::test {

class FakeUpstream : public Transport {
 public:
  using Answer = std::function<Response(const Request&)>;
  explicit FakeUpstream(Answer answer = echo) : answer_(std::move(answer)) {}

  Response send(const Request& request) override {
    std::lock_guard lock{mutex_};
    seen_.push_back(request);
    return answer_(request);
  }
  size_t calls() const {
    std::lock_guard lock{mutex_};
    return seen_.size();
  }
  std::vector<Request> seen() const {
    std::lock_guard lock{mutex_};
    return seen_;
  }

  // 200 with a JSON body naming the method, target and call number.
  static Response echo(const Request& request) {
    static std::atomic<int> counter{0};
    return Response{200,
                    {{"Content-Type", "application/json"}},
                    R"({"method":")" + request.method + R"(","target":")" + request.target +
                        R"(","n":)" + std::to_string(counter++) + "}"};
  }

 private:
  Answer answer_;
  mutable std::mutex mutex_;
  std::vector<Request> seen_;
};

}  // namespace automock::test
