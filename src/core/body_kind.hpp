#pragma once
// How the canonical request and redaction treat a body, from its Content-Type.

#include <automock/http.hpp>
#include <automock/match.hpp>
#include <string>
#include <string_view>

namespace automock {

enum class BodyKind {
  json,       // application/json or */*+json
  form,       // application/x-www-form-urlencoded
  multipart,  // multipart/* with a boundary parameter
  raw,        // anything else
};

BodyKind body_kind(const Headers& headers);

// The boundary parameter of a multipart Content-Type ("" when there is none).
std::string multipart_boundary(const Headers& headers);

// True for the default redacted headers and the ones `rules` names (any case).
bool is_redacted_header(std::string_view name, const RedactRules& rules);

}  // namespace automock
