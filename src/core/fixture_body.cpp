#include "core/fixture_body.hpp"

#include <array>
#include <automock/error.hpp>
#include <automock/fixture.hpp>
#include <optional>

#include "core/base64.hpp"
#include "core/json_edit.hpp"
#include "core/text.hpp"

namespace automock {

namespace {
using Json = nlohmann::ordered_json;

constexpr int k_compact = -1;
// The layouts tried, in order: compact, then the common pretty indents.
constexpr std::array<int, 3> k_layouts{k_compact, 2, 4};
constexpr int k_max_indent = 16;

struct JsonBody {
  Json value;
  int indent = k_compact;
};

bool is_json_media_type(const Headers& headers) {
  const auto content_type = headers.get("content-type");
  if (!content_type) return false;
  const std::string type = media_type(*content_type);
  return type == "application/json" || type.ends_with("+json");
}

// The body as a JSON value and layout that print back to exactly its bytes.
std::optional<JsonBody> exact_json(std::string_view body, bool json_media_type) {
  auto parsed = parse_json_within<Json>(body, k_max_body_depth);
  if (!parsed) return std::nullopt;
  Json& value = *parsed;
  if (!json_media_type && !value.is_object() && !value.is_array()) return std::nullopt;
  for (int indent : k_layouts) {
    if (value.dump(indent) == body) return JsonBody{std::move(value), indent};
  }
  return std::nullopt;
}

int count_body_fields(const FixtureFields& fields) {
  return static_cast<int>(fields.has("body")) + static_cast<int>(fields.has("body_text")) +
         static_cast<int>(fields.has("body_base64"));
}

std::string read_json_body(const FixtureFields& fields) {
  const int indent = fields.has("body_indent")
                         ? static_cast<int>(fields.integer("body_indent", 1, k_max_indent))
                         : k_compact;
  return fields.required("body").dump(indent);
}

std::string read_base64_body(const FixtureFields& fields) {
  const std::string text = fields.string("body_base64");
  try {
    return base64_decode(text);
  } catch (const InputError& error) {
    fields.fail("body_base64", error.what());
  }
}
}  // namespace

void write_body(Json& object, std::string_view body, const Headers& headers) {
  if (body.empty()) return;
  if (auto json = exact_json(body, is_json_media_type(headers))) {
    object["body"] = std::move(json->value);
    if (json->indent != k_compact) object["body_indent"] = json->indent;
  } else if (is_valid_utf8(body)) {
    object["body_text"] = std::string{body};
  } else {
    object["body_base64"] = base64_encode(body);
  }
}

std::string read_body(const FixtureFields& fields) {
  if (count_body_fields(fields) > 1) {
    fields.fail("body", "only one of body, body_text and body_base64 may be present");
  }
  if (fields.has("body_indent") && !fields.has("body")) {
    fields.fail("body_indent", "only allowed together with body");
  }
  if (fields.has("body")) return read_json_body(fields);
  if (fields.has("body_text")) return fields.string("body_text");
  if (fields.has("body_base64")) return read_base64_body(fields);
  return {};
}

}  // namespace automock
