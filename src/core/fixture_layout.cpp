#include "core/fixture_layout.hpp"

namespace automock {

namespace {
using Json = nlohmann::ordered_json;

constexpr int k_indent = 2;

std::string padding(int depth) {
  return std::string(static_cast<size_t>(depth * k_indent), ' ');
}

// `value` printed with nlohmann's pretty layout, its inner lines shifted to `depth`.
std::string indented(const Json& value, int depth) {
  const std::string text = value.dump(k_indent);
  std::string shifted;
  for (char c : text) {
    shifted += c;
    if (c == '\n') shifted += padding(depth);
  }
  return shifted;
}

std::string header_list(const Json& headers, int depth) {
  if (headers.empty()) return "[]";
  std::string text = "[";
  for (size_t i = 0; i < headers.size(); ++i) {
    text += (i == 0 ? "\n" : ",\n") + padding(depth + 1);
    text += "[" + headers[i][0].dump() + ", " + headers[i][1].dump() + "]";
  }
  return text + "\n" + padding(depth) + "]";
}

// One chunk a line: {"size": 12, "offset_ms": 0.5}.
std::string chunk_list(const Json& chunks, int depth) {
  std::string text = "[";
  for (size_t i = 0; i < chunks.size(); ++i) {
    text += (i == 0 ? "\n" : ",\n") + padding(depth + 1);
    text += "{\"size\": " + chunks[i]["size"].dump() +
            ", \"offset_ms\": " + chunks[i]["offset_ms"].dump() + "}";
  }
  return text + "\n" + padding(depth) + "]";
}

// Prints the top level and the request and response objects member by
// member; every other value (bodies included) keeps nlohmann's layout.
std::string object_text(const Json& object, int depth) {
  std::string text = "{";
  bool first = true;
  for (const auto& [name, value] : object.items()) {
    text += (first ? "\n" : ",\n") + padding(depth + 1) + Json(name).dump() + ": ";
    first = false;
    if (depth == 0 && value.is_object()) {
      text += object_text(value, depth + 1);
    } else if (name == "headers") {
      text += header_list(value, depth + 1);
    } else if (name == "chunks") {
      text += chunk_list(value, depth + 1);
    } else {
      text += indented(value, depth + 1);
    }
  }
  return text + "\n" + padding(depth) + "}";
}
}  // namespace

std::string print_fixture_json(const Json& document) {
  return object_text(document, 0) + "\n";
}

}  // namespace automock
