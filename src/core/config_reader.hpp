#pragma once
// Reading a parsed JSON configuration with errors that name the file, the
// JSON path and what was expected (ConfigError).

#include <automock/error.hpp>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace automock {

// The JSON path of a member or element below `path` ("" is the document).
std::string child_path(const std::string& path, std::string_view key);
std::string child_path(const std::string& path, size_t index);

// Parses `text`; throws ConfigError naming the line and column when it is not JSON.
nlohmann::json parse_config_json(std::string_view text, const std::string& origin);

class ConfigReader {
 public:
  explicit ConfigReader(std::string origin) : origin_(std::move(origin)) {}

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

}  // namespace automock
