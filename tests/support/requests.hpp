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

}  // namespace automock::test
