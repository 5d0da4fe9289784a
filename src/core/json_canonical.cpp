#include "core/json_canonical.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <string_view>

namespace automock {

namespace {
constexpr std::string_view k_hex_digits = "0123456789abcdef";

void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += k_hex_digits[byte >> 4];
          out += k_hex_digits[byte & 0x0f];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

template <class Number>
void append_integer(std::string& out, Number number) {
  std::array<char, 24> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  out.append(buffer.data(), result.ptr);
}

bool append_double(std::string& out, double number) {
  if (!std::isfinite(number)) return false;
  // Shortest round-trip digits; to_chars picks fixed or exponent form,
  // whichever is shorter (fixed on a tie), exponents as "e+05".
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
  const std::string_view text{buffer.data(), static_cast<size_t>(result.ptr - buffer.data())};
  out += text;
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
  return true;
}

bool append_value(std::string& out, const nlohmann::json& value);

bool append_object(std::string& out, const nlohmann::json& object) {
  out += '{';
  bool first = true;
  // nlohmann::json keeps members in a std::map<std::string, ...>, whose
  // order is bytewise (char_traits<char> compares as unsigned char).
  for (const auto& [key, member] : object.items()) {
    if (!first) out += ',';
    first = false;
    append_string(out, key);
    out += ':';
    if (!append_value(out, member)) return false;
  }
  out += '}';
  return true;
}

bool append_array(std::string& out, const nlohmann::json& array) {
  out += '[';
  bool first = true;
  for (const auto& element : array) {
    if (!first) out += ',';
    first = false;
    if (!append_value(out, element)) return false;
  }
  out += ']';
  return true;
}

bool append_value(std::string& out, const nlohmann::json& value) {
  using Type = nlohmann::json::value_t;
  switch (value.type()) {
    case Type::object:
      return append_object(out, value);
    case Type::array:
      return append_array(out, value);
    case Type::string:
      append_string(out, value.get_ref<const std::string&>());
      return true;
    case Type::boolean:
      out += value.get<bool>() ? "true" : "false";
      return true;
    case Type::number_integer:
      append_integer(out, value.get<int64_t>());
      return true;
    case Type::number_unsigned:
      append_integer(out, value.get<uint64_t>());
      return true;
    case Type::number_float:
      return append_double(out, value.get<double>());
    case Type::null:
      out += "null";
      return true;
    case Type::binary:
    case Type::discarded:
      return false;
  }
  return false;
}
}  // namespace

std::optional<std::string> canonical_json(const nlohmann::json& value) {
  std::string out;
  if (!append_value(out, value)) return std::nullopt;
  return out;
}

}  // namespace automock
