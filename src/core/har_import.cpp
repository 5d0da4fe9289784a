// HAR 1.2 import: each entry of log.entries becomes one exchange, recorded
// through a Cassette so that redaction, keys and sequences are the same as
// for exchanges recorded by the capture proxy.

#include <automock/cassette.hpp>
#include <automock/error.hpp>
#include <automock/har.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/base64.hpp"
#include "core/cassette_engine.hpp"
#include "core/config_reader.hpp"
#include "core/fixture_fields.hpp"
#include "core/fixture_stream.hpp"
#include "core/origin.hpp"
#include "core/utc_time.hpp"

namespace automock {

namespace {

using Clock = std::chrono::system_clock;

// A value of the HAR document and its JSON pointer, for problems that name
// where they are: "/log/entries/3/request/url: expected a string".
struct Node {
  const nlohmann::ordered_json& value;
  std::string path;

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError((path.empty() ? "/" : path) + ": " + what);
  }
  bool has(const char* name) const { return value.is_object() && value.contains(name); }
  Node at(const char* name) const {
    if (!value.is_object()) fail("expected an object");
    if (!value.contains(name)) Node{value, child_path(path, name)}.fail("missing");
    return {value.at(name), child_path(path, name)};
  }
  std::string string() const {
    if (!value.is_string()) fail("expected a string");
    return value.get<std::string>();
  }
  std::string string(const char* name) const { return at(name).string(); }
  // The elements of an array.
  std::vector<Node> elements() const {
    if (!value.is_array()) fail("expected an array");
    std::vector<Node> nodes;
    for (size_t index = 0; index < value.size(); ++index) {
      nodes.push_back({value[index], child_path(path, index)});
    }
    return nodes;
  }
};

// "...T12:02:41.123+01:00" -> the instant, to the nanosecond; nullopt when
// it does not have that form.
std::optional<Clock::time_point> parse_started(std::string_view text) {
  constexpr size_t k_max_fraction = 10;  // the dot and nanoseconds
  if (text.size() < 20) return std::nullopt;
  auto rest = text.substr(19);
  std::string_view fraction;
  if (!rest.empty() && rest.front() == '.') {
    const auto end = std::min(rest.find_first_not_of("0123456789", 1), rest.size());
    fraction = rest.substr(0, std::min(end, k_max_fraction));
    rest = rest.substr(end);
  }
  auto time = parse_utc_time(std::string{text.substr(0, 19)} + std::string{fraction} + "Z");
  if (!time) return std::nullopt;
  if (rest == "Z") return time;
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':') return std::nullopt;
  const auto digits = std::string{rest.substr(1, 2)} + std::string{rest.substr(4, 2)};
  if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const auto offset = std::chrono::hours{std::stoi(digits.substr(0, 2))} +
                      std::chrono::minutes{std::stoi(digits.substr(2, 2))};
  return rest[0] == '+' ? *time - offset : *time + offset;
}

// The request target for `url`: below `base_url` when one is given, else
// the absolute URL, whose origin the cassette keys it with. The fragment goes.
std::string target_of(const Node& url_node, const std::string& base_url) {
  auto url = url_node.string();
  url = url.substr(0, url.find('#'));
  if (base_url.empty() && origin_of(url)) return url;
  if (!base_url.empty()) {
    const auto base = base_url.ends_with('/') ? base_url.substr(0, base_url.size() - 1) : base_url;
    const bool under =
        url.starts_with(base) &&
        (url.size() == base.size() || url[base.size()] == '/' || url[base.size()] == '?');
    if (!under) url_node.fail("URL " + url + " is not under the base URL " + base);
    url = url.substr(base.size());
  }
  if (url.empty() || url.front() == '?') url.insert(0, "/");
  if (url.front() != '/') url_node.fail("URL " + url + " has no path");
  return url;
}

Headers headers_of(const Node& message) {
  Headers headers;
  for (const auto& field : message.at("headers").elements()) {
    auto name = field.string("name");
    if (name.starts_with(':')) continue;  // HTTP/2 pseudo-header
    headers.add(std::move(name), field.string("value"));
  }
  return headers;
}

// A HAR body: "text", base64 when "encoding" says so; absent: empty.
std::string body_of(const Node& holder) {
  if (!holder.has("text") || holder.value.at("text").is_null()) return {};
  const auto text = holder.string("text");
  if (!holder.has("encoding")) return text;
  const auto encoding = holder.at("encoding");
  if (encoding.string() != "base64") encoding.fail("'" + encoding.string() + "' is unknown");
  try {
    return base64_decode(text);
  } catch (const InputError& error) {
    holder.at("text").fail(std::string{"not base64: "} + error.what());
  }
}

// postData.text, or its params written as a form body when the text is absent.
std::string request_body(const Node& request) {
  if (!request.has("postData")) return {};
  const auto post = request.at("postData");
  if (post.has("text") || !post.has("params")) return body_of(post);
  std::string body;
  for (const auto& param : post.at("params").elements()) {
    if (!body.empty()) body += '&';
    body += param.string("name") + "=" + (param.has("value") ? param.string("value") : "");
  }
  return body;
}

// The request's headers; without a Content-Type, postData.mimeType gives it,
// so that the body is redacted and keyed as what it is.
Headers request_headers(const Node& request) {
  auto headers = headers_of(request);
  if (headers.contains("Content-Type") || !request.has("postData")) return headers;
  const auto post = request.at("postData");
  if (post.has("mimeType") && !post.string("mimeType").empty()) {
    headers.add("Content-Type", post.string("mimeType"));
  }
  return headers;
}

Request request_of(const Node& entry, const std::string& base_url) {
  const auto json = entry.at("request");
  return {.method = json.string("method"),
          .target = target_of(json.at("url"), base_url),
          .headers = request_headers(json),
          .body = request_body(json)};
}

// A streamed response's "chunks" and "cut", from the entry's "_automock" as
// `automock har export` writes them; read as a fixture's are, and reported
// as the entry's other problems are (its JSON pointer first).
void read_stream_of(const Node& entry, Response& response) {
  if (!entry.has("_automock")) return;
  const auto automock = entry.at("_automock");
  if (!automock.value.is_object()) automock.fail("expected an object");
  const std::string origin = "HAR";
  try {
    read_stream(FixtureFields{automock.value, origin, automock.path}, response);
  } catch (const FixtureError& error) {
    throw InputError(std::string{error.what()}.substr(origin.size() + 2));
  }
}

Response response_of(const Node& entry) {
  const auto json = entry.at("response");
  const auto status = json.at("status");
  if (!status.value.is_number_integer()) status.fail("expected an integer");
  const auto code = status.value.get<int64_t>();
  if (code == 0) status.fail("0: the request got no response");
  if (code < 100 || code > 599) status.fail(std::to_string(code) + " is outside 100..599");
  Response response{.status = static_cast<int>(code), .headers = headers_of(json), .body = {}};
  if (json.has("content")) response.body = body_of(json.at("content"));
  read_stream_of(entry, response);
  for (const char* name : {"Content-Encoding", "Content-Length", "Transfer-Encoding"}) {
    response.headers.remove(name);
  }
  return response;
}

double latency_of(const Node& entry) {
  if (!entry.has("time")) return 0.0;
  const auto& time = entry.value.at("time");
  return time.is_number() && time.get<double>() >= 0 ? time.get<double>() : 0.0;
}

// When the entry started: its startedDateTime, else now.
Clock::time_point started_of(const Node& entry) {
  if (!entry.has("startedDateTime")) return Clock::now();
  return parse_started(entry.string("startedDateTime")).value_or(Clock::now());
}

nlohmann::ordered_json parse_har_json(std::string_view text, const std::string& origin) {
  try {
    return parse_json_as<nlohmann::ordered_json>(text);
  } catch (const InputError& error) {
    throw InputError(origin + ": not a HAR file: " + error.what());
  }
}

std::vector<Node> entries_of(const nlohmann::ordered_json& har, const std::string& origin) {
  const Node document{har, ""};
  try {
    return document.at("log").at("entries").elements();
  } catch (const InputError& error) {
    throw InputError(origin + ": not a HAR file (" + error.what() + ")");
  }
}

}  // namespace

HarImportResult import_har(std::string_view har_text, const std::string& origin,
                           const std::filesystem::path& cassette_directory,
                           const HarImportOptions& options) {
  const auto har = parse_har_json(har_text, origin);
  const auto entries = entries_of(har, origin);

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
      started = started_of(entry);
      result.files.push_back(engine.record(request, response, latency_of(entry)));
    } catch (const InputError& problem) {  // this entry only: report it and go on
      result.problems.push_back({index, problem.what()});
    }
  }
  return result;
}

}  // namespace automock
