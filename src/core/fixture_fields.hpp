#pragma once
// Typed, strict access to the fields of one JSON object in a fixture. Every
// failure throws FixtureError naming the file and the field's JSON pointer
// ("/response/status"). Not thread-safe; borrows the object and the strings.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace automock {

class FixtureFields {
 public:
  // `path` is the object's own JSON pointer, "" for the top level.
  FixtureFields(const nlohmann::ordered_json& object, const std::string& origin, std::string path);

  // Throws when the object holds a key outside `known`.
  void reject_unknown(std::initializer_list<std::string_view> known) const;

  bool has(std::string_view name) const { return object_.contains(name); }
  const nlohmann::ordered_json& required(std::string_view name) const;
  std::string string(std::string_view name) const;
  int64_t integer(std::string_view name, int64_t min, int64_t max) const;
  // A finite number from 0 to `max`.
  double number_up_to(std::string_view name, double max) const;

  // The JSON pointer of a field of this object.
  std::string field(std::string_view name) const;
  [[noreturn]] void fail(std::string_view name, const std::string& what) const;
  const std::string& origin() const { return origin_; }

 private:
  const nlohmann::ordered_json& object_;
  const std::string& origin_;
  std::string path_;
};

}  // namespace automock
