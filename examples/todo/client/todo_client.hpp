#pragma once
// A small client for the example todo API. It takes an automock::Transport,
// so production code hands it an HttpTransport and tests a CassetteTransport.

#include <automock/transport.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace todo {

struct Todo {
  int64_t id = 0;
  std::string title;
  bool done = false;
  std::vector<std::string> tags;
  friend bool operator==(const Todo&, const Todo&) = default;
};

// The API answered with an error status.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, const std::string& message) : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

class TodoClient {
 public:
  TodoClient(std::shared_ptr<automock::Transport> transport, std::string token);
  // A client over HTTP to `base_url` ("http://127.0.0.1:8080"). A call that
  // gets no answer in k_read_timeout fails with TransportError (timeout):
  // the todo API answers in milliseconds, and a caller must not hang on it
  // (`automock sweep` reports a client without a timeout as hung).
  static TodoClient connect(const std::string& base_url, std::string token);
  static constexpr std::chrono::milliseconds k_connect_timeout{1000};
  static constexpr std::chrono::milliseconds k_read_timeout{2000};

  Todo create(const std::string& title, const std::vector<std::string>& tags = {});
  std::vector<Todo> list(std::optional<bool> done = std::nullopt,
                         std::optional<std::string> tag = std::nullopt);
  std::optional<Todo> find(int64_t id);
  Todo complete(int64_t id);
  Todo rename(int64_t id, const std::string& title);
  void remove(int64_t id);

 private:
  automock::Response call(std::string method, std::string target, std::string body = {});

  std::shared_ptr<automock::Transport> transport_;
  std::string token_;
};

}  // namespace todo
