#include "todo_routes.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

namespace todo {

namespace {

using nlohmann::json;

json to_json(const Item& item, const ServiceOptions& options) {
  json todo{
      {"id", item.id}, {options.title_field, item.title}, {"done", item.done}, {"tags", item.tags}};
  if (!options.added_field.empty()) todo[options.added_field] = nullptr;
  return todo;
}

void reply(httplib::Response& response, int status, const json& body) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

void error(httplib::Response& response, int status, const std::string& message) {
  reply(response, status, json{{"error", message}});
}

// The user a request acts for, or "" (and a 401 answer) without a bearer token.
std::string user_of(const httplib::Request& request, httplib::Response& response) {
  const auto header = request.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.rfind(prefix, 0) != 0 || header.size() == prefix.size()) {
    error(response, 401, "missing bearer token");
    return "";
  }
  return header.substr(prefix.size());
}

std::optional<json> body_of(const httplib::Request& request, httplib::Response& response) {
  auto body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    error(response, 400, "body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

Filter filter_of(const httplib::Request& request) {
  Filter filter;
  if (request.has_param("done")) filter.done = request.get_param_value("done") == "true";
  if (request.has_param("tag")) filter.tag = request.get_param_value("tag");
  if (request.has_param("q")) filter.text = request.get_param_value("q");
  return filter;
}

void list(Store& store, const httplib::Request& request, httplib::Response& response,
          const ServiceOptions& options) {
  const auto user = user_of(request, response);
  if (user.empty()) return;
  json items = json::array();
  for (const auto& item : store.list(user, filter_of(request)))
    items.push_back(to_json(item, options));
  reply(response, 200, items);
}

void create(Store& store, const httplib::Request& request, httplib::Response& response,
            const ServiceOptions& options) {
  const auto user = user_of(request, response);
  if (user.empty()) return;
  const auto body = body_of(request, response);
  if (!body) return;
  if (!body->contains("title") || !(*body)["title"].is_string() ||
      (*body)["title"].get<std::string>().empty()) {
    return error(response, 400, "title is required");
  }
  auto tags = body->value("tags", std::vector<std::string>{});
  reply(response, 201, to_json(store.add(user, (*body)["title"], std::move(tags)), options));
}

void show(Store& store, const httplib::Request& request, httplib::Response& response,
          const ServiceOptions& options) {
  const auto user = user_of(request, response);
  if (user.empty()) return;
  const auto item = store.find(user, std::stoll(request.matches[1]));
  if (!item) return error(response, 404, "no such todo");
  reply(response, 200, to_json(*item, options));
}

void update(Store& store, const httplib::Request& request, httplib::Response& response,
            const ServiceOptions& options) {
  const auto user = user_of(request, response);
  if (user.empty()) return;
  const auto body = body_of(request, response);
  if (!body) return;
  Change change;
  if (body->contains("title")) change.title = (*body)["title"].get<std::string>();
  if (body->contains("done")) change.done = (*body)["done"].get<bool>();
  const auto item = store.update(user, std::stoll(request.matches[1]), change);
  if (!item) return error(response, 404, "no such todo");
  reply(response, 200, to_json(*item, options));
}

void remove(Store& store, const httplib::Request& request, httplib::Response& response) {
  const auto user = user_of(request, response);
  if (user.empty()) return;
  if (!store.remove(user, std::stoll(request.matches[1]))) {
    return error(response, 404, "no such todo");
  }
  response.status = 204;
}

// Requests answered, by method. Thread-safe.
class RequestCounts {
 public:
  void count(const std::string& method) {
    std::lock_guard lock{mutex_};
    ++counts_[method];
  }
  json snapshot() const {
    std::lock_guard lock{mutex_};
    return json{{"requests", counts_}};
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int64_t> counts_;
};

}  // namespace

void install_routes(httplib::Server& server, Store& store, const ServiceOptions& options) {
  auto counts = std::make_shared<RequestCounts>();
  server.set_pre_routing_handler([counts](const httplib::Request& request, httplib::Response&) {
    if (request.path != "/stats") counts->count(request.method);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/stats", [counts](const httplib::Request&, httplib::Response& response) {
    reply(response, 200, counts->snapshot());
  });
  server.Get("/health", [options](const httplib::Request&, httplib::Response& response) {
    reply(response, options.healthy ? 200 : 503,
          json{{"status", options.healthy ? "ok" : "failing"}, {"version", options.version}});
  });
  server.Get("/v1/todos",
             [&store, options](const auto& rq, auto& rs) { list(store, rq, rs, options); });
  server.Post("/v1/todos",
              [&store, options](const auto& rq, auto& rs) { create(store, rq, rs, options); });
  server.Get(R"(/v1/todos/(\d+))",
             [&store, options](const auto& rq, auto& rs) { show(store, rq, rs, options); });
  server.Patch(R"(/v1/todos/(\d+))",
               [&store, options](const auto& rq, auto& rs) { update(store, rq, rs, options); });
  server.Delete(R"(/v1/todos/(\d+))",
                [&store](const auto& rq, auto& rs) { remove(store, rq, rs); });
  server.set_exception_handler([](const auto&, auto& response, std::exception_ptr) {
    error(response, 400, "malformed request");
  });
}

}  // namespace todo
