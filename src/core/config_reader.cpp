#include "core/config_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/files.hpp"

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

// The byte at fault, shown on its own: never more of the text, which may
// hold a credential.
std::string describe_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte > 0x20 && byte < 0x7f) return std::string{"'"} + c + "'";
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", byte);
  return std::string{"byte "} + hex;
}

// What is wrong at `offset`, in our words; nlohmann's message (which quotes
// the text read) is only used to tell the kinds of mistake apart.
std::string syntax_error_reason(const nlohmann::json::parse_error& error, std::string_view text,
                                size_t offset) {
  const std::string_view what = error.what();
  const auto says = [&what](std::string_view words) {
    return what.find(words) != std::string_view::npos;
  };
  if (offset >= text.size() || says("end of input")) return "the text ends too early";
  if (says("invalid string")) {
    return "a string holds a control character, a bad escape or a lone surrogate";
  }
  if (says("invalid number")) return "invalid number";
  // A literal cut short ("tru]") is read up to the byte after its letters.
  const bool after_letter =
      offset > 0 && std::isalpha(static_cast<unsigned char>(text[offset - 1]));
  if (says("invalid literal") && after_letter) return "invalid word (expected true, false or null)";
  return "unexpected " + describe_byte(text[offset]);
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

void throw_json_error(const nlohmann::json::exception& error, std::string_view text) {
  if (const auto* syntax = dynamic_cast<const nlohmann::json::parse_error*>(&error)) {
    // byte is the 1-based offset of the last byte read.
    const size_t offset = syntax->byte == 0 ? 0 : syntax->byte - 1;
    const auto [line, column] = line_and_column(text, offset);
    throw InputError("not valid JSON at line " + std::to_string(line) + ", column " +
                     std::to_string(column) + ": " + syntax_error_reason(*syntax, text, offset));
  }
  // out_of_range: a number too large for a double ("1e999"), valid syntax
  // nlohmann cannot hold.
  throw InputError("not valid JSON: a number is out of range");
}

nlohmann::json parse_json(std::string_view text) {
  return parse_json_as<nlohmann::json>(text);
}

nlohmann::json parse_config_json(std::string_view text, const std::string& origin) {
  try {
    return parse_json(text);
  } catch (const InputError& error) {
    throw ConfigError(origin, "/", error.what());
  }
}

nlohmann::json load_config_json(const std::filesystem::path& file) {
  return parse_config_json(read_file(file), file.string());
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

ObjectReader::ObjectReader(const ConfigReader& reader, const nlohmann::json& value,
                           std::string path, std::initializer_list<std::string_view> allowed)
    : reader_(reader), value_(value), path_(std::move(path)) {
  reader_.expect_object(value_, path_, allowed);
}

ObjectReader ObjectReader::object(std::string_view key,
                                  std::initializer_list<std::string_view> allowed) const {
  return ObjectReader(reader_, at(key), path(key), allowed);
}

void ObjectReader::fail(std::string_view key, const std::string& expected) const {
  reader_.fail(path(key), expected);
}

std::string ObjectReader::string(std::string_view key) const {
  if (!has(key)) fail(key, "missing, expected a string");
  const auto& item = at(key);
  if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
    fail(key, "expected a non-empty string");
  }
  return item.get<std::string>();
}

std::optional<std::string> ObjectReader::optional_string(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return string(key);
}

double ObjectReader::number(std::string_view key, double fallback, double minimum) const {
  if (!has(key)) return fallback;
  const auto& item = at(key);
  if (!item.is_number() || item.get<double>() < minimum) {
    fail(key, "expected a number >= " + nlohmann::json(minimum).dump());
  }
  return item.get<double>();
}

int ObjectReader::integer(std::string_view key, int fallback, int minimum) const {
  if (!has(key)) return fallback;
  const auto& item = at(key);
  if (!item.is_number_integer() || item.get<long long>() < minimum ||
      item.get<long long>() > 1'000'000'000) {
    fail(key, "expected an integer >= " + std::to_string(minimum));
  }
  return item.get<int>();
}

std::vector<std::string> ObjectReader::strings(std::string_view key) const {
  if (!has(key)) fail(key, "missing, expected an array of strings");
  const auto& item = at(key);
  if (!item.is_array() || item.empty()) fail(key, "expected a non-empty array of strings");
  std::vector<std::string> result;
  for (std::size_t i = 0; i < item.size(); ++i) {
    if (!item[i].is_string() || item[i].get_ref<const std::string&>().empty()) {
      reader_.fail(child_path(path(key), i), "expected a non-empty string");
    }
    result.push_back(item[i].get<std::string>());
  }
  return result;
}

std::map<std::string, std::string> ObjectReader::string_map(std::string_view key) const {
  std::map<std::string, std::string> result;
  if (!has(key)) return result;
  const auto& item = at(key);
  if (!item.is_object()) fail(key, "expected an object of strings");
  for (const auto& [name, value] : item.items()) {
    result.emplace(name, reader_.string(value, child_path(path(key), name)));
  }
  return result;
}

}  // namespace automock
