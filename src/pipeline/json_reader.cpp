#include "pipeline/json_reader.hpp"

namespace automock::pipeline {

ObjectReader::ObjectReader(const nlohmann::json& value, std::string json_path,
                           const std::string& file, std::initializer_list<std::string_view> allowed)
    : value_(value), path_(std::move(json_path)), file_(file) {
  if (!value_.is_object()) throw ConfigError(file_, path_, "expected an object");
  for (const auto& [key, item] : value_.items()) {
    bool known = false;
    for (auto name : allowed) known = known || name == key;
    if (known) continue;
    std::string expected;
    for (auto name : allowed) expected += (expected.empty() ? "" : ", ") + std::string{name};
    throw ConfigError(file_, path(key), "unknown key (expected one of: " + expected + ")");
  }
}

void ObjectReader::fail(std::string_view key, const std::string& expected) const {
  throw ConfigError(file_, path(key), expected);
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
      throw ConfigError(file_, path(key) + "[" + std::to_string(i) + "]",
                        "expected a non-empty string");
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
    if (!value.is_string()) {
      throw ConfigError(file_, path(key) + "." + name, "expected a string");
    }
    result.emplace(name, value.get<std::string>());
  }
  return result;
}

}  // namespace automock::pipeline
