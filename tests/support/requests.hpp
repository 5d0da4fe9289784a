#pragma once
// Requests that many tests build.
#include <automock/http.hpp>
#include <string>
#include <utility>

namespace automock::test {

// A GET of `target` without fields or body.
inline Request get(std::string target) {
  return Request{.method = "GET", .target = std::move(target)};
}

// JSON arrays nested `depth` deep ("[[...]]"): valid JSON that code recursing
// over a parsed document cannot survive at a depth of a million.
inline std::string deeply_nested_json(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

// A POST of `body` as application/json.
inline Request post_json(std::string target, std::string body) {
  return Request{.method = "POST",
                 .target = std::move(target),
                 .headers = {{"Content-Type", "application/json"}},
                 .body = std::move(body)};
}

}  // namespace automock::test
