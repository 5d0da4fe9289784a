#pragma once
// A todo client on libcurl whose API address is fixed in its code, as many
// production clients' are: https://todo.example.test:9443. Its network
// settings (a proxy, the CA certificates to trust) are configuration, so its
// tests record and replay it through automock's forward proxy without a
// change to the client (tests/todo_curl_client_test.cpp).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace todo {

// Where the client's traffic goes; empty fields keep libcurl's defaults.
struct CurlSettings {
  std::string proxy;    // "http://127.0.0.1:8080", as CURLOPT_PROXY takes it
  std::string ca_file;  // PEM bundle to trust instead of the system's
};

// The request failed on the network or the API answered with an error status.
class CurlClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TodoCurlClient {
 public:
  static constexpr const char* k_base_url = "https://todo.example.test:9443";

  TodoCurlClient(CurlSettings settings, std::string token);
  ~TodoCurlClient();
  TodoCurlClient(const TodoCurlClient&) = delete;
  TodoCurlClient& operator=(const TodoCurlClient&) = delete;

  // POST /v1/todos; the new todo's id.
  int64_t add(const std::string& title);
  // GET /v1/todos; the titles, in the API's order.
  std::vector<std::string> titles();

 private:
  std::string call(const std::string& path, const std::string* body);

  void* curl_;  // CURL*, one handle: its connection is kept alive
  CurlSettings settings_;
  std::string authorization_;
};

}  // namespace todo
