#include "todo_client.hpp"

#include <nlohmann/json.hpp>

namespace todo {

namespace {

using nlohmann::json;

Todo from_json(const json& item) {
  return Todo{item.at("id").get<int64_t>(), item.at("title").get<std::string>(),
              item.at("done").get<bool>(), item.value("tags", std::vector<std::string>{})};
}

std::string url_encode(const std::string& text) {
  static const char* k_hex = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += {'%', k_hex[c >> 4], k_hex[c & 15]};
    }
  }
  return encoded;
}

void expect_status(const automock::Response& response, int expected) {
  if (response.status == expected) return;
  const auto body = json::parse(response.body, nullptr, false);
  const auto message = body.is_object() ? body.value("error", response.body) : response.body;
  throw ApiError(response.status, message);
}

}  // namespace

TodoClient::TodoClient(std::shared_ptr<automock::Transport> transport, std::string token)
    : transport_(std::move(transport)), token_(std::move(token)) {}

TodoClient TodoClient::connect(const std::string& base_url, std::string token) {
  automock::HttpOptions options;
  options.connect_timeout = k_connect_timeout;
  options.read_timeout = k_read_timeout;
  return TodoClient{std::make_shared<automock::HttpTransport>(base_url, options), std::move(token)};
}

automock::Response TodoClient::call(std::string method, std::string target, std::string body) {
  automock::Request request{std::move(method), std::move(target), {}, std::move(body)};
  request.headers.add("Authorization", "Bearer " + token_);
  request.headers.add("Accept", "application/json");
  if (!request.body.empty()) request.headers.add("Content-Type", "application/json");
  return transport_->send(request);
}

Todo TodoClient::create(const std::string& title, const std::vector<std::string>& tags) {
  json body{{"title", title}};
  if (!tags.empty()) body["tags"] = tags;
  const auto response = call("POST", "/v1/todos", body.dump());
  expect_status(response, 201);
  return from_json(json::parse(response.body));
}

std::vector<Todo> TodoClient::list(std::optional<bool> done, std::optional<std::string> tag) {
  std::string query;
  if (done) query += "&done=" + std::string{*done ? "true" : "false"};
  if (tag) query += "&tag=" + url_encode(*tag);
  if (!query.empty()) query[0] = '?';
  const auto response = call("GET", "/v1/todos" + query);
  expect_status(response, 200);
  std::vector<Todo> todos;
  for (const auto& item : json::parse(response.body)) todos.push_back(from_json(item));
  return todos;
}

std::optional<Todo> TodoClient::find(int64_t id) {
  const auto response = call("GET", "/v1/todos/" + std::to_string(id));
  if (response.status == 404) return std::nullopt;
  expect_status(response, 200);
  return from_json(json::parse(response.body));
}

Todo TodoClient::complete(int64_t id) {
  const auto response = call("PATCH", "/v1/todos/" + std::to_string(id), R"({"done":true})");
  expect_status(response, 200);
  return from_json(json::parse(response.body));
}

Todo TodoClient::rename(int64_t id, const std::string& title) {
  const auto response =
      call("PATCH", "/v1/todos/" + std::to_string(id), json{{"title", title}}.dump());
  expect_status(response, 200);
  return from_json(json::parse(response.body));
}

void TodoClient::remove(int64_t id) {
  expect_status(call("DELETE", "/v1/todos/" + std::to_string(id)), 204);
}

}  // namespace todo
