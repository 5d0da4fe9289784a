#pragma once
// Strict reading of JSON configuration objects: every error is a ConfigError
// naming the file, the JSON path ($.stages[1].deploy.run) and what was expected.

#include <automock/error.hpp>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock::pipeline {

// A view of one JSON object at a known path. The referenced json and the
// file name must outlive the reader.
class ObjectReader {
 public:
  // Throws ConfigError unless `value` is an object whose keys are all in `allowed`.
  ObjectReader(const nlohmann::json& value, std::string json_path, const std::string& file,
               std::initializer_list<std::string_view> allowed);

  bool has(std::string_view key) const { return value_.contains(key); }
  std::string path(std::string_view key) const { return path_ + "." + std::string{key}; }
  const nlohmann::json& at(std::string_view key) const { return value_.at(key); }
  const std::string& file() const { return file_; }

  std::string string(std::string_view key) const;  // required, non-empty
  std::optional<std::string> optional_string(std::string_view key) const;
  double number(std::string_view key, double fallback, double minimum) const;
  int integer(std::string_view key, int fallback, int minimum) const;
  // Required, non-empty array of non-empty strings.
  std::vector<std::string> strings(std::string_view key) const;
  // Optional object of string values.
  std::map<std::string, std::string> string_map(std::string_view key) const;

  [[noreturn]] void fail(std::string_view key, const std::string& expected) const;

 private:
  const nlohmann::json& value_;
  std::string path_;
  const std::string& file_;
};

}  // namespace automock::pipeline
