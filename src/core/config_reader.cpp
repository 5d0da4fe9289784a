#include "core/config_reader.hpp"

#include <algorithm>

namespace automock {

namespace {
std::string joined(std::initializer_list<std::string_view> names) {
  std::string out;
  for (const auto name : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// 1-based line and column of byte `offset` in `text`.
std::pair<size_t, size_t> line_and_column(std::string_view text, size_t offset) {
  const auto before = text.substr(0, std::min(offset, text.size()));
  const size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  const auto last_newline = before.rfind('\n');
  const size_t column =
      last_newline == std::string_view::npos ? before.size() + 1 : before.size() - last_newline;
  return {line, column};
}

// nlohmann's reason without its "[json.exception...] parse error at ...: " prefix.
std::string parse_error_reason(const nlohmann::json::parse_error& error) {
  const std::string what = error.what();
  const auto colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}
}  // namespace

std::string child_path(const std::string& path, std::string_view key) {
  std::string out = path + "/";
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child_path(const std::string& path, size_t index) {
  return path + "/" + std::to_string(index);
}

nlohmann::json parse_config_json(std::string_view text, const std::string& origin) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    // error.byte is the 1-based offset of the last byte read.
    const auto [line, column] = line_and_column(text, error.byte == 0 ? 0 : error.byte - 1);
    throw ConfigError(origin, "/",
                      "not valid JSON at line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ": " + parse_error_reason(error));
  } catch (const nlohmann::json::out_of_range& error) {
    // A number too large for a double ("1e999"): valid syntax nlohmann cannot hold.
    throw ConfigError(origin, "/", std::string{"not valid JSON: "} + error.what());
  }
}

void ConfigReader::fail(const std::string& path, const std::string& what) const {
  throw ConfigError(origin_, path.empty() ? "/" : path, what);
}

void ConfigReader::expect_object(const nlohmann::json& node, const std::string& path,
                                 std::initializer_list<std::string_view> allowed) const {
  if (!node.is_object()) fail(path, "expected an object with keys " + joined(allowed));
  for (const auto& [key, value] : node.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(child_path(path, key), "unknown key (expected one of " + joined(allowed) + ")");
    }
  }
}

std::string ConfigReader::string(const nlohmann::json& node, const std::string& path) const {
  if (!node.is_string()) fail(path, "expected a string");
  return node.get<std::string>();
}

std::vector<std::string> ConfigReader::strings(const nlohmann::json& node,
                                               const std::string& path) const {
  if (!node.is_array()) fail(path, "expected an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < node.size(); ++i) out.push_back(string(node[i], child_path(path, i)));
  return out;
}

bool ConfigReader::boolean(const nlohmann::json& node, const std::string& path) const {
  if (!node.is_boolean()) fail(path, "expected true or false");
  return node.get<bool>();
}

double ConfigReader::number(const nlohmann::json& node, const std::string& path) const {
  if (!node.is_number()) fail(path, "expected a number");
  return node.get<double>();
}

const nlohmann::json* ConfigReader::member(const nlohmann::json& node, std::string_view key) {
  const auto found = node.find(key);
  return found == node.end() ? nullptr : &*found;
}

const nlohmann::json& ConfigReader::required(const nlohmann::json& node, const std::string& path,
                                             std::string_view key) const {
  const auto* value = member(node, key);
  if (value == nullptr) fail(child_path(path, key), "required key missing");
  return *value;
}

}  // namespace automock
