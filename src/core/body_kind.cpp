#include "core/body_kind.hpp"

#include <algorithm>

namespace automock {

namespace {
bool is_json_media_type(std::string_view type) {
  return type == "application/json" ||
         (type.find('/') != std::string_view::npos && type.ends_with("+json"));
}

bool contains_ignoring_case(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& candidate) { return iequals(candidate, name); });
}
}  // namespace

BodyKind body_kind(const Headers& headers) {
  const auto content_type = headers.get("content-type");
  if (!content_type) return BodyKind::raw;
  const auto type = media_type(*content_type);
  if (is_json_media_type(type)) return BodyKind::json;
  if (type == "application/x-www-form-urlencoded") return BodyKind::form;
  if (type.starts_with("multipart/") && !multipart_boundary(headers).empty()) {
    return BodyKind::multipart;
  }
  return BodyKind::raw;
}

std::string multipart_boundary(const Headers& headers) {
  const auto content_type = headers.get("content-type");
  if (!content_type) return {};
  return content_type_param(*content_type, "boundary").value_or("");
}

bool is_redacted_header(std::string_view name, const RedactRules& rules) {
  return contains_ignoring_case(default_redacted_headers(), name) ||
         contains_ignoring_case(rules.headers, name);
}

}  // namespace automock
