// HAR 1.2 import: each entry of log.entries becomes one exchange, recorded
// through a Cassette so that redaction, keys and sequences are the same as
// for exchanges recorded by the capture proxy.

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/har.hpp>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/cassette_engine.hpp"
#include "core/utc_time.hpp"

namespace automock {

namespace {

using Clock = std::chrono::system_clock;

const nlohmann::json& member(const nlohmann::json& object, const char* name,
                             const std::string& where) {
  if (!object.is_object() || !object.contains(name)) {
    throw InputError(where + "." + name + " is missing");
  }
  return object.at(name);
}

std::string string_member(const nlohmann::json& object, const char* name,
                          const std::string& where) {
  const auto& value = member(object, name, where);
  if (!value.is_string()) throw InputError(where + "." + name + " is not a string");
  return value.get<std::string>();
}

// "...T12:02:41.123+01:00" -> the instant, whole seconds; nullopt when it
// does not have that form.
std::optional<Clock::time_point> parse_started(std::string_view text) {
  if (text.size() < 20) return std::nullopt;
  auto time = parse_utc_seconds(std::string{text.substr(0, 19)} + "Z");
  if (!time) return std::nullopt;
  auto rest = text.substr(19);
  if (!rest.empty() && rest.front() == '.') {
    const auto end = rest.find_first_not_of("0123456789", 1);
    rest = rest.substr(end == std::string_view::npos ? rest.size() : end);
  }
  if (rest == "Z") return time;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') return std::nullopt;
  const auto digits = std::string{rest.substr(1, 2)} + std::string{rest.substr(4, 2)};
  if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const auto offset = std::chrono::hours{std::stoi(digits.substr(0, 2))} +
                      std::chrono::minutes{std::stoi(digits.substr(2, 2))};
  return rest[0] == '+' ? *time - offset : *time + offset;
}

// The request target for `url`: below `base_url` when one is given, else
// the path and query with the scheme and host dropped. The fragment goes.
std::string target_of(std::string url, const std::string& base_url) {
  url = url.substr(0, url.find('#'));
  if (!base_url.empty()) {
    const auto base = base_url.ends_with('/') ? base_url.substr(0, base_url.size() - 1) : base_url;
    const bool under =
        url.starts_with(base) &&
        (url.size() == base.size() || url[base.size()] == '/' || url[base.size()] == '?');
    if (!under) throw InputError("URL " + url + " is not under the base URL " + base);
    url = url.substr(base.size());
  } else if (const auto scheme = url.find("://"); scheme != std::string::npos) {
    const auto path = url.find_first_of("/?", scheme + 3);
    url = path == std::string::npos ? "" : url.substr(path);
  }
  if (url.empty() || url.front() == '?') url.insert(0, "/");
  if (url.front() != '/') throw InputError("URL " + url + " has no path");
  return url;
}

Headers headers_of(const nlohmann::json& message, const std::string& where) {
  Headers headers;
  const auto& list = member(message, "headers", where);
  if (!list.is_array()) throw InputError(where + ".headers is not an array");
  for (const auto& field : list) {
    auto name = string_member(field, "name", where + ".headers[]");
    if (name.starts_with(':')) continue;  // HTTP/2 pseudo-header
    headers.add(std::move(name), string_member(field, "value", where + ".headers[]"));
  }
  return headers;
}

// A HAR body: "text", base64 when "encoding" says so; absent: empty.
std::string body_of(const nlohmann::json& holder, const std::string& where) {
  if (!holder.contains("text") || holder.at("text").is_null()) return {};
  const auto text = string_member(holder, "text", where);
  if (!holder.contains("encoding")) return text;
  const auto encoding = string_member(holder, "encoding", where);
  if (encoding != "base64") throw InputError(where + ".encoding '" + encoding + "' is unknown");
  try {
    return base64_decode(text);
  } catch (const InputError& error) {
    throw InputError(where + ".text is not base64: " + error.what());
  }
}

// postData.text, or its params written as a form body when the text is absent.
std::string request_body(const nlohmann::json& request) {
  if (!request.contains("postData")) return {};
  const auto& post = request.at("postData");
  if (post.contains("text") || !post.contains("params")) return body_of(post, "request.postData");
  std::string body;
  for (const auto& param : post.at("params")) {
    if (!body.empty()) body += '&';
    body +=
        string_member(param, "name", "request.postData.params[]") + "=" +
        (param.contains("value") ? string_member(param, "value", "request.postData.params[]") : "");
  }
  return body;
}

Request request_of(const nlohmann::json& entry, const std::string& base_url) {
  const auto& json = member(entry, "request", "entry");
  return {.method = string_member(json, "method", "request"),
          .target = target_of(string_member(json, "url", "request"), base_url),
          .headers = headers_of(json, "request"),
          .body = request_body(json)};
}

Response response_of(const nlohmann::json& entry) {
  const auto& json = member(entry, "response", "entry");
  const auto& status = member(json, "status", "response");
  if (!status.is_number_integer()) throw InputError("response.status is not an integer");
  const int code = status.get<int>();
  if (code == 0) throw InputError("response.status is 0: the request got no response");
  if (code < 100 || code > 599) throw InputError("response.status " + std::to_string(code));
  Response response{.status = code, .headers = headers_of(json, "response"), .body = {}};
  if (json.contains("content")) response.body = body_of(json.at("content"), "response.content");
  for (const char* name : {"Content-Encoding", "Content-Length", "Transfer-Encoding"}) {
    response.headers.remove(name);
  }
  return response;
}

double latency_of(const nlohmann::json& entry) {
  const auto time = entry.value("time", nlohmann::json{});
  return time.is_number() && time.get<double>() >= 0 ? time.get<double>() : 0.0;
}

const nlohmann::json& entries_of(const nlohmann::json& har, const std::string& origin) {
  if (!har.is_object() || !har.contains("log") || !har.at("log").is_object()) {
    throw InputError(origin + ": not a HAR file (no \"log\" object)");
  }
  const auto& log = har.at("log");
  if (!log.contains("entries") || !log.at("entries").is_array()) {
    throw InputError(origin + ": not a HAR file (no \"log.entries\" array)");
  }
  return log.at("entries");
}

}  // namespace

HarImportResult import_har(std::string_view har_text, const std::string& origin,
                           const std::filesystem::path& cassette_directory,
                           const HarImportOptions& options) {
  const auto har = nlohmann::json::parse(har_text, nullptr, false);
  if (har.is_discarded()) throw InputError(origin + ": not JSON, so not a HAR file");
  const auto& entries = entries_of(har, origin);

  auto started = Clock::now();
  Cassette cassette{cassette_directory,
                    {.mode = Mode::new_episodes,
                     .config = options.config,
                     .allow_network_in_ci = true,  // an import writes files, reaches no network
                     .clock = [&started] { return started; }}};
  CassetteEngine engine{cassette};
  HarImportResult result;
  for (size_t index = 0; index < entries.size(); ++index) {
    const auto& entry = entries[index];
    try {
      auto request = request_of(entry, options.base_url);
      auto response = response_of(entry);
      started = parse_started(entry.value("startedDateTime", std::string{})).value_or(Clock::now());
      result.files.push_back(engine.record(request, response, latency_of(entry)));
    } catch (const InputError& problem) {  // this entry only: report it and go on
      result.problems.push_back({index, problem.what()});
    } catch (const nlohmann::json::exception& problem) {
      result.problems.push_back({index, std::string{"malformed entry: "} + problem.what()});
    }
  }
  return result;
}

}  // namespace automock
