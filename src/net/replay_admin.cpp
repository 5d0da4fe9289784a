#include "net/replay_admin.hpp"

#include <algorithm>
#include <automock/fault.hpp>
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

Response reset(AdminState& state) {
  state.cassette.reset();
  state.journal.clear();
  return json_response(200, {{"status", "reset"}});
}

Response fault_list(Cassette& cassette) {
  return json_response(200, json::parse(fault_rules_json(cassette.faults().rules())));
}

// Adds the rules in the body (an array of rules, or one rule); 400 naming
// the field at fault, and nothing added, when they cannot be read.
Response add_faults(const Request& request, AdminState& state) {
  const std::string origin = "POST " + std::string{request.path()};
  const auto trimmed = trim(request.body);
  const std::string body =
      trimmed.starts_with('{') ? "[" + std::string{trimmed} + "]" : std::string{trimmed};
  try {
    auto rules = parse_fault_rules(body, origin);
    const size_t added = rules.size();
    state.cassette.faults().add(std::move(rules));
    return json_response(200,
                         {{"added", added}, {"rules", state.cassette.faults().rules().size()}});
  } catch (const InputError& error) {
    return json_response(400, {{"error", error.what()}});
  }
}

json journal_entry(const JournalEntry& entry) {
  json item = {{"method", entry.method},
               {"target", entry.target},
               {"status", entry.status},
               {"answered", name_of(entry.answered)}};
  if (!entry.fixture.empty()) item["fixture"] = entry.fixture;
  return item;
}

Response requests(const RequestJournal& journal) {
  const auto snapshot = journal.snapshot();
  json entries = json::array();
  for (const auto& entry : snapshot.entries) entries.push_back(journal_entry(entry));
  return json_response(200, {{"requests", entries},
                             {"dropped", snapshot.dropped},
                             {"fixture_calls", snapshot.fixture_calls},
                             {"answered", snapshot.answered}});
}

struct Endpoint {
  std::string_view name;
  std::string_view method;
  Response (*answer)(const Request&, AdminState&);
};

const Endpoint k_endpoints[] = {
    {"health", "GET", [](const Request&, AdminState& state) { return health(state.cassette); }},
    {"misses", "GET", [](const Request&, AdminState& state) { return misses(state.cassette); }},
    {"unused", "GET",
     [](const Request&, AdminState& state) {
       return json_response(200, unused_files(state.cassette));
     }},
    {"reset", "POST", [](const Request&, AdminState& state) { return reset(state); }},
    {"forget-usage", "POST",
     [](const Request&, AdminState& state) {
       state.cassette.forget_usage();
       return json_response(200, {{"status", "usage forgotten"}});
     }},
    {"requests", "GET", [](const Request&, AdminState& state) { return requests(state.journal); }},
    {"faults", "GET", [](const Request&, AdminState& state) { return fault_list(state.cassette); }},
    {"faults", "POST", add_faults},
    {"faults", "DELETE",
     [](const Request&, AdminState& state) {
       state.cassette.faults().clear();
       return json_response(200, {{"status", "faults cleared"}});
     }},
};

json endpoint_names() {
  json names = json::array();
  for (const auto& endpoint : k_endpoints) {
    if (names.empty() || names.back() != endpoint.name) names.push_back(endpoint.name);
  }
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

// The methods the endpoint `name` answers ("GET, POST"), or "" when there is
// no such endpoint.
std::string methods_of(std::string_view name) {
  std::string methods;
  for (const auto& endpoint : k_endpoints) {
    if (endpoint.name != name) continue;
    if (!methods.empty()) methods += ", ";
    methods += endpoint.method;
  }
  return methods;
}

}  // namespace

std::optional<Response> answer_admin(const Request& request, AdminState state) {
  std::string_view path = request.path();
  if (!path.starts_with(k_admin_prefix)) return std::nullopt;
  path.remove_prefix(k_admin_prefix.size());
  const auto endpoint =
      std::find_if(std::begin(k_endpoints), std::end(k_endpoints), [&](const Endpoint& candidate) {
        return candidate.name == path && candidate.method == request.method;
      });
  if (endpoint == std::end(k_endpoints)) {
    const auto methods = methods_of(path);
    if (methods.empty()) {
      return json_response(404, {{"error", "no admin endpoint " + std::string{request.path()}},
                                 {"endpoints", endpoint_names()}});
    }
    auto refused = json_response(405, {{"error", methods + " only"}});
    refused.headers.add("Allow", methods);
    return refused;
  }
  if (changes_state(request) && !is_non_simple(request)) {
    return json_response(
        403, {{"error", request.method + " " + std::string{request.path()} + " needs the header " +
                            std::string{k_admin_header} +
                            ": 1 or Content-Type: application/json (a web page cannot send "
                            "either without asking), so nothing changed"}});
  }
  return endpoint->answer(request, state);
}

}  // namespace automock::net
