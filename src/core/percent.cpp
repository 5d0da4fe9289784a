#include "core/percent.hpp"

#include <algorithm>
#include <automock/match.hpp>
#include <optional>
#include <utility>

#include "core/secret_names.hpp"
#include "core/text.hpp"

namespace automock {

namespace {
constexpr std::string_view k_upper_hex_digits = "0123456789ABCDEF";

// The byte of the escape starting at text[at] ('%'), or nullopt if it is not
// a valid escape.
std::optional<unsigned char> escape_at(std::string_view text, size_t at) {
  if (at + 2 >= text.size()) return std::nullopt;
  const auto high = hex_digit_value(text[at + 1]);
  const auto low = hex_digit_value(text[at + 2]);
  if (!high || !low) return std::nullopt;
  return static_cast<unsigned char>(*high * 16 + *low);
}

void append_escape(std::string& out, unsigned char byte) {
  out += '%';
  out += k_upper_hex_digits[byte >> 4];
  out += k_upper_hex_digits[byte & 0x0f];
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
}  // namespace

bool is_unreserved(unsigned char byte) {
  return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
         (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' || byte == '~';
}

std::string percent_decode(std::string_view text, PlusIs plus) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      if (const auto byte = escape_at(text, i)) {
        out += static_cast<char>(*byte);
        i += 2;
        continue;
      }
    }
    out += (text[i] == '+' && plus == PlusIs::space) ? ' ' : text[i];
  }
  return out;
}

std::string percent_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (is_unreserved(byte)) {
      out += c;
    } else {
      append_escape(out, byte);
    }
  }
  return out;
}

std::string normalize_path(std::string_view path) {
  if (path.empty()) return "/";
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    const auto byte = path[i] == '%' ? escape_at(path, i) : std::nullopt;
    if (!byte) {
      out += path[i];
    } else if (is_unreserved(*byte)) {
      out += static_cast<char>(*byte);
      i += 2;
    } else {
      append_escape(out, *byte);
      i += 2;
    }
  }
  return out;
}

std::vector<FormPart> split_form(std::string_view text) {
  std::vector<FormPart> parts;
  size_t start = 0;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('&', start), text.size());
    const auto raw = text.substr(start, end - start);
    if (!raw.empty()) {
      const size_t equals = raw.find('=');
      const bool has_value = equals != std::string_view::npos;
      parts.push_back({raw, raw.substr(0, equals),
                       has_value ? raw.substr(equals + 1) : std::string_view{}, has_value});
    }
    start = end + 1;
  }
  return parts;
}

std::string canonical_form(std::string_view text, const FormRules& rules) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& part : split_form(text)) {
    const auto name = percent_decode(part.raw_name, PlusIs::space);
    if (contains(rules.ignored, name)) continue;
    auto value = is_secret_name(name, rules.redacted, rules.default_names)
                     ? std::string{k_redacted}
                     : percent_encode(percent_decode(part.raw_value, PlusIs::space));
    pairs.emplace_back(percent_encode(name), std::move(value));
  }
  // On the re-encoded text; std::string compares as unsigned bytes, so this is bytewise.
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) out += '&';
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

std::string redact_form(std::string_view text, const std::vector<std::string>& redacted,
                        bool default_names) {
  std::string out;
  size_t written = 0;
  for (const auto& part : split_form(text)) {
    if (!is_secret_name(percent_decode(part.raw_name, PlusIs::space), redacted, default_names)) {
      continue;
    }
    const size_t part_start = static_cast<size_t>(part.raw.data() - text.data());
    out.append(text.substr(written, part_start - written));
    out.append(part.raw_name);
    out += '=';
    out.append(k_redacted);
    written = part_start + part.raw.size();
  }
  out.append(text.substr(written));
  return out;
}

std::vector<std::pair<std::string, std::string>> decode_form(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& part : split_form(text)) {
    pairs.emplace_back(percent_decode(part.raw_name, PlusIs::space),
                       percent_decode(part.raw_value, PlusIs::space));
  }
  return pairs;
}

}  // namespace automock
