#pragma once
// The one strict reader of automock's JSON configuration files
// (automock.json, coverage.json, pipeline.json). Every error is a ConfigError
// naming the file, the JSON pointer (RFC 6901) of the value at fault
// ("/stages/1/deploy/run"; "/" is the document itself) and what was expected,
// in our own words: "pipeline.json: /stages/1/deploy/run: expected a non-empty
// string".

#include <automock/error.hpp>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// The JSON pointer of a member or element below `path` ("" is the document).
// The one place that escapes a reference token: '~' becomes "~0", '/' "~1".
std::string child_path(const std::string& path, std::string_view key);
std::string child_path(const std::string& path, size_t index);

// Throws the InputError for a JSON library `error` while parsing `text`:
// "not valid JSON at line L, column C: reason", in our own words.
[[noreturn]] void throw_json_error(const nlohmann::json::exception& error, std::string_view text);

// Parses `text` (any JSON input, configuration or data) as `JsonType`
// (nlohmann::ordered_json keeps the members' order); throws InputError
// "not valid JSON at line L, column C: reason" when it is not JSON.
template <typename JsonType>
JsonType parse_json_as(std::string_view text) {
  try {
    return JsonType::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw_json_error(error, text);
  }
}
nlohmann::json parse_json(std::string_view text);

// parse_json() for a configuration file: throws ConfigError(origin, "/", ...).
nlohmann::json parse_config_json(std::string_view text, const std::string& origin);

// Reads (read_file: IoError naming the file) and parses `file`.
nlohmann::json load_config_json(const std::filesystem::path& file);

// Typed access to the values of one file; each call names the value's pointer.
class ConfigReader {
 public:
  explicit ConfigReader(std::string origin) : origin_(std::move(origin)) {}

  const std::string& origin() const { return origin_; }

  // Throws ConfigError(origin, path, what); the document itself is "/".
  [[noreturn]] void fail(const std::string& path, const std::string& what) const;

  // Checks that `node` is an object whose keys are all in `allowed`.
  void expect_object(const nlohmann::json& node, const std::string& path,
                     std::initializer_list<std::string_view> allowed) const;
  std::string string(const nlohmann::json& node, const std::string& path) const;
  std::vector<std::string> strings(const nlohmann::json& node, const std::string& path) const;
  bool boolean(const nlohmann::json& node, const std::string& path) const;
  double number(const nlohmann::json& node, const std::string& path) const;
  // The member `key` of the object `node`, or nullptr when it is absent.
  static const nlohmann::json* member(const nlohmann::json& node, std::string_view key);
  // Like member(), but a missing member is an error.
  const nlohmann::json& required(const nlohmann::json& node, const std::string& path,
                                 std::string_view key) const;

 private:
  std::string origin_;
};

// A view of one JSON object at a known pointer, for readers that go member by
// member. The referenced json and reader must outlive it.
class ObjectReader {
 public:
  // Throws ConfigError unless `value` is an object whose keys are all in `allowed`.
  ObjectReader(const ConfigReader& reader, const nlohmann::json& value, std::string path,
               std::initializer_list<std::string_view> allowed);

  bool has(std::string_view key) const { return value_.contains(key); }
  std::string path(std::string_view key) const { return child_path(path_, key); }
  const nlohmann::json& at(std::string_view key) const { return value_.at(key); }
  // The object member `key`, read with the same reader.
  ObjectReader object(std::string_view key, std::initializer_list<std::string_view> allowed) const;

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
  const ConfigReader& reader_;
  const nlohmann::json& value_;
  std::string path_;
};

}  // namespace automock
