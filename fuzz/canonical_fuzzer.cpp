// The canonical request and its key, on random requests with bodies of every
// content type. Properties: the key is a pure function; reordering the query
// parameters or a JSON body's object keys (re-serialised by nlohmann) keeps
// the key; redact_request() keeps the key.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <automock/error.hpp>
#include <automock/match.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/body_kind.hpp"
#include "fuzz_support.hpp"

namespace {

using automock::MatchContext;
using automock::Request;
using automock::request_key;
using automock::fuzz::check;

constexpr const char* k_content_types[] = {
    "application/json",
    "application/problem+json; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=XyZ",
    "text/plain",
    "application/octet-stream",
};

std::vector<std::string> some_names(FuzzedDataProvider& input) {
  std::vector<std::string> names(input.ConsumeIntegralInRange<size_t>(0, 3));
  for (auto& name : names) name = input.ConsumeRandomLengthString(12);
  return names;
}

MatchContext make_context(FuzzedDataProvider& input) {
  MatchContext context;
  context.match.ignore_query = some_names(input);
  context.match.headers = some_names(input);
  context.match.ignore_json = some_names(input);
  context.match.ignore_headers = some_names(input);
  if (input.ConsumeBool()) {
    context.match.path_patterns = {*automock::builtin_path_pattern("uuid"),
                                   *automock::builtin_path_pattern("timestamp"),
                                   *automock::builtin_path_pattern("epoch")};
  }
  context.redact.headers = some_names(input);
  context.redact.query = some_names(input);
  context.redact.json = some_names(input);
  context.route = input.ConsumeRandomLengthString(8);
  return context;
}

Request make_request(FuzzedDataProvider& input) {
  Request request;
  request.method = input.ConsumeRandomLengthString(10);
  request.target = input.ConsumeRandomLengthString(64);
  const auto header_count = input.ConsumeIntegralInRange<size_t>(0, 4);
  for (size_t i = 0; i < header_count; ++i) {
    request.headers.add(input.ConsumeRandomLengthString(16), input.ConsumeRandomLengthString(32));
  }
  if (input.ConsumeBool()) {
    const auto pick = input.ConsumeIntegralInRange<size_t>(0, std::size(k_content_types) - 1);
    request.headers.add("Content-Type", k_content_types[pick]);
  }
  request.body = input.ConsumeRemainingBytesAsString();
  return request;
}

// The target with its query's '&'-separated parts in reverse order.
std::string with_query_reversed(const Request& request) {
  const auto query = std::string{request.query()};
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const auto end = query.find('&', start);
    parts.push_back(query.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::reverse(parts.begin(), parts.end());
  std::string target{request.path()};
  target += '?';
  for (size_t i = 0; i < parts.size(); ++i) target += (i ? "&" : "") + parts[i];
  return target;
}

// Every object's members in reverse order of appearance.
void reverse_members(nlohmann::ordered_json& value) {
  if (value.is_object()) {
    nlohmann::ordered_json reversed = nlohmann::ordered_json::object();
    auto items = std::vector<std::pair<std::string, nlohmann::ordered_json>>{};
    for (auto& [key, member] : value.items()) items.emplace_back(key, member);
    std::reverse(items.begin(), items.end());
    for (auto& [key, member] : items) {
      reverse_members(member);
      reversed[key] = std::move(member);
    }
    value = std::move(reversed);
  } else if (value.is_array()) {
    for (auto& element : value) reverse_members(element);
  }
}

// The body re-serialised by nlohmann with object keys reordered, when it is
// JSON whose value survives that (not NaN or infinity, valid UTF-8) and holds
// no NUL byte (nlohmann would read the text before it; automock reads none).
std::optional<std::string> reordered_json(const std::string& body) {
  if (body.find('\0') != std::string::npos) return std::nullopt;
  try {
    const auto original = nlohmann::json::parse(body);
    auto ordered = nlohmann::ordered_json::parse(body);
    reverse_members(ordered);
    auto text = ordered.dump(2);
    if (nlohmann::json::parse(text) != original) return std::nullopt;
    return text;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

void check_properties(const Request& request, const MatchContext& context) {
  const auto key = request_key(request, context);
  check(automock::canonical_request(request, context) ==
            automock::canonical_request(request, context),
        "canonical_request is pure");
  check(request_key(request, context) == key, "request_key is pure");
  check(key.size() == 16, "a key is 16 hex digits");

  if (request.target.find('?') != std::string::npos) {
    Request reordered = request;
    reordered.target = with_query_reversed(request);
    check(request_key(reordered, context) == key, "query order does not change the key");
  }
  const auto json = automock::body_kind(request.headers) == automock::BodyKind::json
                        ? reordered_json(request.body)
                        : std::nullopt;
  if (json) {
    Request reordered = request;
    reordered.body = *json;
    check(request_key(reordered, context) == key, "JSON key order does not change the key");
  }
  check(request_key(automock::redact_request(request, context.redact), context) == key,
        "redaction does not change the key");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input{data, size};
  const auto context = make_context(input);
  const auto request = make_request(input);
  try {
    check_properties(request, context);
  } catch (const automock::Error&) {
  }
  return 0;
}
