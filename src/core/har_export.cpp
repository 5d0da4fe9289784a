// HAR 1.2 export: one entry per fixture file, for browser tools and HAR viewers.

#include <algorithm>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <automock/har.hpp>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/fixture_stream.hpp"
#include "core/origin.hpp"
#include "core/percent.hpp"
#include "core/text.hpp"
#include "core/utc_time.hpp"

namespace automock {

namespace {

using Json = nlohmann::ordered_json;
namespace fs = std::filesystem;

std::vector<Exchange> read_cassette(const fs::path& directory) {
  std::error_code error;
  std::vector<Exchange> exchanges;
  for (fs::directory_iterator it{directory, error}, end; !error && it != end; it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".json") {
      exchanges.push_back(read_fixture(it->path()));
    }
  }
  if (error)
    throw IoError("cannot read the cassette " + directory.string() + ": " + error.message());
  std::sort(exchanges.begin(), exchanges.end(), [](const Exchange& a, const Exchange& b) {
    return std::tie(a.recorded_at, a.key, a.seq) < std::tie(b.recorded_at, b.key, b.seq);
  });
  return exchanges;
}

Json name_values(const std::vector<std::pair<std::string, std::string>>& pairs) {
  auto list = Json::array();
  for (const auto& [name, value] : pairs) list.push_back({{"name", name}, {"value", value}});
  return list;
}

std::string mime_type(const Headers& headers) {
  return headers.get("Content-Type").value_or("");
}

// HAR content or postData: the text, base64 when the bytes are not UTF-8.
void add_body(Json& holder, const std::string& body) {
  if (is_valid_utf8(body)) {
    holder["text"] = body;
  } else {
    holder["text"] = base64_encode(body);
    holder["encoding"] = "base64";
  }
}

Json request_json(const Request& request, const std::string& base_url) {
  Json json{{"method", request.method},
            {"url", base_url + request.target},
            {"httpVersion", "HTTP/1.1"},
            {"cookies", Json::array()},
            {"headers", name_values(request.headers.fields())},
            {"queryString", name_values(decode_form(request.query()))},
            {"headersSize", -1},
            {"bodySize", request.body.size()}};
  if (!request.body.empty()) {
    Json post{{"mimeType", mime_type(request.headers)}};
    add_body(post, request.body);
    json["postData"] = std::move(post);
  }
  return json;
}

Json response_json(const Response& response) {
  Json content{{"size", response.body.size()}, {"mimeType", mime_type(response.headers)}};
  add_body(content, response.body);
  return {{"status", response.status},
          {"statusText", ""},
          {"httpVersion", "HTTP/1.1"},
          {"cookies", Json::array()},
          {"headers", name_values(response.headers.fields())},
          {"content", std::move(content)},
          {"redirectURL", response.headers.get("Location").value_or("")},
          {"headersSize", -1},
          {"bodySize", response.body.size()}};
}

// automock's own fields of an entry: the key, and a stream's chunks and cut
// as a fixture holds them.
Json automock_json(const Exchange& exchange) {
  Json fields{{"key", exchange.key}, {"seq", exchange.seq}, {"route", exchange.route}};
  write_stream(fields, exchange.response);
  return fields;
}

Json entry_json(const Exchange& exchange, const std::string& base_url) {
  return {{"startedDateTime", format_utc_micros(exchange.recorded_at)},
          {"time", exchange.latency_ms},
          {"request", request_json(exchange.request,
                                   is_origin_route(exchange.route) ? exchange.route : base_url)},
          {"response", response_json(exchange.response)},
          {"cache", Json::object()},
          {"timings", {{"send", 0}, {"wait", exchange.latency_ms}, {"receive", 0}}},
          {"_automock", automock_json(exchange)}};
}

}  // namespace

std::string export_har(const fs::path& cassette_directory, const HarExportOptions& options) {
  const auto base_url = options.base_url.ends_with('/')
                            ? options.base_url.substr(0, options.base_url.size() - 1)
                            : options.base_url;
  auto entries = Json::array();
  for (const auto& exchange : read_cassette(cassette_directory)) {
    entries.push_back(entry_json(exchange, base_url));
  }
  const Json har{{"log",
                  {{"version", "1.2"},
                   {"creator", {{"name", "automock"}, {"version", "1"}}},
                   {"pages", Json::array()},
                   {"entries", std::move(entries)}}}};
  return har.dump(2) + "\n";
}

}  // namespace automock
