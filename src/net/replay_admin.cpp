#include "net/replay_admin.hpp"

#include <algorithm>
#include <automock/mode.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/exchange_cache.hpp"
#include "core/text.hpp"

namespace automock::net {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Response json_response(int status, const json& body) {
  return Response{
      status, {{"Content-Type", "application/json"}, {"X-Automock", "admin"}}, body.dump(2) + "\n"};
}

size_t count_fixtures(const fs::path& directory) {
  size_t count = 0;
  std::error_code error;
  for (fs::directory_iterator it{directory, error}, end; !error && it != end; it.increment(error)) {
    if (is_fixture_file_name(it->path().filename().string())) ++count;
  }
  return count;
}

json unused_files(const Cassette& cassette) {
  json files = json::array();
  for (const auto& file : cassette.unused()) files.push_back(file.string());
  return files;
}

Response health(const Cassette& cassette) {
  const size_t exchanges = count_fixtures(cassette.directory());
  const size_t unused = cassette.unused().size();
  return json_response(200, {{"status", "ok"},
                             {"cassette", cassette.directory().string()},
                             {"mode", std::string{to_string(cassette.mode())}},
                             {"exchanges", exchanges},
                             {"used", exchanges - std::min(exchanges, unused)},
                             {"unused", unused},
                             {"misses", cassette.misses().size()},
                             {"misses_dropped", cassette.dropped_misses()}});
}

Response misses(const Cassette& cassette) {
  json list = json::array();
  for (const auto& miss : cassette.misses()) {
    list.push_back({{"method", miss.request().method},
                    {"target", miss.request().target},
                    {"report", miss.what()}});
  }
  return json_response(200, list);
}

Response reset(Cassette& cassette) {
  cassette.reset();
  return json_response(200, {{"status", "reset"}});
}

struct Endpoint {
  std::string_view name;
  std::string_view method;
  Response (*answer)(Cassette&);
};

const Endpoint k_endpoints[] = {
    {"health", "GET", [](Cassette& cassette) { return health(cassette); }},
    {"misses", "GET", [](Cassette& cassette) { return misses(cassette); }},
    {"unused", "GET",
     [](Cassette& cassette) { return json_response(200, unused_files(cassette)); }},
    {"reset", "POST", reset},
    {"forget-usage", "POST",
     [](Cassette& cassette) {
       cassette.forget_usage();
       return json_response(200, {{"status", "usage forgotten"}});
     }},
};

json endpoint_names() {
  json names = json::array();
  for (const auto& endpoint : k_endpoints) names.push_back(endpoint.name);
  return names;
}

// A request a web page cannot send without a CORS preflight, which this
// server never grants: a custom header, or a JSON content type.
bool is_non_simple(const Request& request) {
  if (request.headers.contains(k_admin_header)) return true;
  const auto type = request.headers.get("Content-Type");
  if (!type) return false;
  const auto media_type = trim(std::string_view{*type}.substr(0, type->find(';')));
  return iequals(media_type, "application/json");
}

bool changes_state(const Request& request) {
  return request.method != "GET" && request.method != "HEAD";
}

}  // namespace

std::optional<Response> answer_admin(const Request& request, Cassette& cassette) {
  std::string_view path = request.path();
  if (!path.starts_with(k_admin_prefix)) return std::nullopt;
  path.remove_prefix(k_admin_prefix.size());
  for (const auto& endpoint : k_endpoints) {
    if (path != endpoint.name) continue;
    if (request.method != endpoint.method) {
      auto refused = json_response(405, {{"error", std::string{endpoint.method} + " only"}});
      refused.headers.add("Allow", std::string{endpoint.method});
      return refused;
    }
    if (changes_state(request) && !is_non_simple(request)) {
      return json_response(
          403, {{"error", request.method + " " + std::string{request.path()} +
                              " needs the header " + std::string{k_admin_header} +
                              ": 1 or Content-Type: application/json (a web page cannot send "
                              "either without asking), so nothing changed"}});
    }
    return endpoint.answer(cassette);
  }
  return json_response(404, {{"error", "no admin endpoint " + std::string{request.path()}},
                             {"endpoints", endpoint_names()}});
}

}  // namespace automock::net
