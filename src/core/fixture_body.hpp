#pragma once
// The three representations of a body in a fixture (docs/fixture-format.md):
// "body" (embedded JSON, with "body_indent" when the bytes were pretty-printed),
// "body_text" (valid UTF-8) and "body_base64" (anything else). An empty body
// has no field at all.

#include <automock/http.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/fixture_fields.hpp"

namespace automock {

// nlohmann::json prints recursively: bodies nested deeper than this are kept
// as text, and fixtures nested deeper are rejected, so hostile input cannot
// exhaust the stack.
inline constexpr size_t k_max_body_depth = 256;

// Adds the body fields for `body` to `object`. `headers` gives the
// Content-Type, under which any JSON value (not only objects and arrays) is
// embedded.
void write_body(nlohmann::ordered_json& object, std::string_view body, const Headers& headers);

// The exact bytes the body fields of `fields` describe, "" when there are
// none. Throws FixtureError for several body fields, bad base64 or a bad indent.
std::string read_body(const FixtureFields& fields);

}  // namespace automock
