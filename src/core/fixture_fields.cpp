#include "core/fixture_fields.hpp"

#include <algorithm>
#include <automock/error.hpp>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/config_reader.hpp"

namespace automock {

FixtureFields::FixtureFields(const nlohmann::ordered_json& object, const std::string& origin,
                             std::string path)
    : object_(object), origin_(origin), path_(std::move(path)) {
  if (!object_.is_object()) throw FixtureError(origin_, path_, "expected a JSON object");
}

void FixtureFields::reject_unknown(std::initializer_list<std::string_view> known) const {
  for (const auto& [name, value] : object_.items()) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      fail(name, "unknown field (schema version 1 has no such field)");
    }
  }
}

const nlohmann::ordered_json& FixtureFields::required(std::string_view name) const {
  const auto found = object_.find(name);
  if (found == object_.end()) fail(name, "missing");
  return *found;
}

std::string FixtureFields::string(std::string_view name) const {
  const auto& value = required(name);
  if (!value.is_string()) fail(name, "expected a string");
  return value.get<std::string>();
}

int64_t FixtureFields::integer(std::string_view name, int64_t min, int64_t max) const {
  const auto& value = required(name);
  const std::string expected =
      "expected an integer " + std::to_string(min) + ".." + std::to_string(max);
  if (!value.is_number_integer()) fail(name, expected);
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    fail(name, expected);
  }
  const auto number = value.get<int64_t>();
  if (number < min || number > max) fail(name, expected);
  return number;
}

double FixtureFields::number_up_to(std::string_view name, double max) const {
  const auto& value = required(name);
  if (!value.is_number()) fail(name, "expected a number");
  const auto number = value.get<double>();
  if (!std::isfinite(number) || number < 0 || number > max) {
    std::ostringstream expected;
    expected << "expected a number from 0 to " << std::fixed << std::setprecision(0) << max;
    fail(name, expected.str());
  }
  return number;
}

std::string FixtureFields::field(std::string_view name) const {
  return child_path(path_, name);
}

void FixtureFields::fail(std::string_view name, const std::string& what) const {
  throw FixtureError(origin_, field(name), what);
}

}  // namespace automock
