#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <cerrno>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "core/config_reader.hpp"
#include "core/files.hpp"
#include "core/fixture_body.hpp"
#include "core/fixture_fields.hpp"
#include "core/fixture_file.hpp"
#include "core/fixture_key.hpp"
#include "core/fixture_layout.hpp"
#include "core/fixture_stream.hpp"
#include "core/json_edit.hpp"
#include "core/text.hpp"
#include "core/utc_time.hpp"

namespace automock {

namespace {
using Json = nlohmann::ordered_json;

// Top level, request or response, then the body's own brackets.
constexpr size_t k_max_fixture_depth = k_max_body_depth + 2;

void require_utf8(std::string_view text, std::string_view what) {
  if (!is_valid_utf8(text)) {
    throw InputError("cannot write a fixture: " + std::string{what} + " is not valid UTF-8");
  }
}

// CR, LF or NUL in a header would end it early when replayed: the rest could
// smuggle headers of its own.
bool breaks_header_line(std::string_view text) {
  return text.find_first_of(std::string_view{"\r\n\0", 3}) != std::string_view::npos;
}

Json headers_to_json(const Headers& headers) {
  Json list = Json::array();
  for (const auto& [name, value] : headers) {
    require_utf8(name, "header name \"" + name + "\"");
    require_utf8(value, "the value of header " + name);
    if (breaks_header_line(name) || breaks_header_line(value)) {
      throw InputError("cannot write a fixture: a header name or value holds CR, LF or NUL");
    }
    list.push_back(Json::array({name, value}));
  }
  return list;
}

Json request_to_json(const Exchange& exchange) {
  const Request& request = exchange.request;
  if (request.method.empty()) throw InputError("cannot write a fixture: the method is empty");
  require_utf8(request.method, "the method");
  require_utf8(exchange.route, "the route");
  require_utf8(request.target, "the url");
  Json object = Json::object();
  object["method"] = request.method;
  object["route"] = exchange.route;
  object["url"] = request.target;
  object["headers"] = headers_to_json(request.headers);
  write_body(object, request.body, request.headers);
  return object;
}

Json response_to_json(const Exchange& exchange) {
  const Response& response = exchange.response;
  if (response.status < 100 || response.status > 599) {
    throw InputError("cannot write a fixture: status " + std::to_string(response.status) +
                     " is outside 100..599");
  }
  if (!(exchange.latency_ms >= 0 && exchange.latency_ms <= k_max_latency_ms)) {
    throw InputError("cannot write a fixture: latency_ms must be a number from 0 to " +
                     std::to_string(static_cast<int64_t>(k_max_latency_ms)));
  }
  Json object = Json::object();
  object["status"] = response.status;
  object["headers"] = headers_to_json(response.headers);
  write_body(object, response.body, response.headers);
  object["latency_ms"] = exchange.latency_ms;
  write_stream(object, response);
  return object;
}

// The fixture's JSON, through the one strict reader: its errors give the line
// and column in our own words; a FixtureError names the file.
Json parse_fixture_json(std::string_view text, const std::string& origin) {
  if (!json_nesting_within(text, k_max_fixture_depth)) {
    throw FixtureError(origin, "",
                       "nested deeper than " + std::to_string(k_max_fixture_depth) + " levels");
  }
  try {
    return parse_json_as<Json>(text);
  } catch (const InputError& error) {
    throw FixtureError(origin, "", error.what());
  }
}

void check_schema_version(const FixtureFields& top) {
  const Json& version = top.required("automock");
  if (!version.is_number_integer()) top.fail("automock", "expected the schema version 1");
  if (version.get<int64_t>() != k_fixture_schema_version) {
    top.fail("automock", "schema version " + version.dump() + " is not supported, expected " +
                             std::to_string(k_fixture_schema_version));
  }
}

Headers read_headers(const FixtureFields& fields) {
  const Json& list = fields.required("headers");
  if (!list.is_array()) fields.fail("headers", "expected an array of [name, value] pairs");
  Headers headers;
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& pair = list[i];
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      throw FixtureError(fields.origin(), child_path(fields.field("headers"), i),
                         "expected a [name, value] pair of strings");
    }
    if (breaks_header_line(pair[0].get_ref<const std::string&>()) ||
        breaks_header_line(pair[1].get_ref<const std::string&>())) {
      throw FixtureError(fields.origin(), child_path(fields.field("headers"), i),
                         "a header name or value holds CR, LF or NUL, which replayed would "
                         "split it into forged headers");
    }
    headers.add(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return headers;
}

void read_request(const FixtureFields& top, Exchange& exchange) {
  const FixtureFields fields{top.required("request"), top.origin(), top.field("request")};
  fields.reject_unknown(
      {"method", "route", "url", "headers", "body", "body_indent", "body_text", "body_base64"});
  exchange.request.method = fields.string("method");
  if (exchange.request.method.empty()) fields.fail("method", "expected a non-empty string");
  exchange.route = fields.string("route");
  exchange.request.target = fields.string("url");
  exchange.request.headers = read_headers(fields);
  exchange.request.body = read_body(fields);
}

void read_response(const FixtureFields& top, Exchange& exchange) {
  const FixtureFields fields{top.required("response"), top.origin(), top.field("response")};
  fields.reject_unknown({"status", "headers", "body", "body_indent", "body_text", "body_base64",
                         "latency_ms", "chunks", "cut"});
  exchange.response.status = static_cast<int>(fields.integer("status", 100, 599));
  exchange.response.headers = read_headers(fields);
  exchange.response.body = read_body(fields);
  exchange.latency_ms = fields.number_up_to("latency_ms", k_max_latency_ms);
  read_stream(fields, exchange.response);
}

void read_metadata(const FixtureFields& top, Exchange& exchange) {
  exchange.key = top.string("key");
  if (!is_fixture_key(exchange.key)) top.fail("key", "expected 16 lowercase hex digits");
  exchange.seq = static_cast<int>(top.integer("seq", 0, std::numeric_limits<int>::max()));
  const auto recorded_at = parse_utc_time(top.string("recorded_at"));
  if (!recorded_at) {
    top.fail("recorded_at", "expected an ISO 8601 UTC time such as \"2026-11-26T10:44:15Z\"");
  }
  exchange.recorded_at = *recorded_at;
}

}  // namespace

std::string serialize_fixture(const Exchange& exchange) {
  if (!is_fixture_key(exchange.key)) {
    throw InputError("cannot write a fixture: key must be 16 lowercase hex digits");
  }
  if (exchange.seq < 0) throw InputError("cannot write a fixture: seq must be 0 or more");
  Json top = Json::object();
  top["automock"] = k_fixture_schema_version;
  top["key"] = exchange.key;
  top["seq"] = exchange.seq;
  top["recorded_at"] = format_utc_micros(exchange.recorded_at);
  top["request"] = request_to_json(exchange);
  top["response"] = response_to_json(exchange);
  return print_fixture_json(top);
}

Exchange parse_fixture(std::string_view text, const std::string& origin) {
  const Json document = parse_fixture_json(text, origin);
  const FixtureFields top{document, origin, ""};
  check_schema_version(top);
  top.reject_unknown({"automock", "key", "seq", "recorded_at", "request", "response"});
  Exchange exchange;
  read_metadata(top, exchange);
  read_request(top, exchange);
  read_response(top, exchange);
  return exchange;
}

Exchange read_fixture(const std::filesystem::path& file, std::uint64_t max_bytes) {
  const auto text = read_fixture_bytes(file, max_bytes);
  if (!text) throw_io_error(file, "open", ENOENT);
  return parse_fixture(*text, file.string());
}

}  // namespace automock
