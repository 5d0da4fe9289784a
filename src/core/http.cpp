#include <algorithm>
#include <automock/http.hpp>

#include "core/text.hpp"

namespace automock {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return to_lower(x) == to_lower(y);
         });
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [field_name, value] : fields_) {
    if (iequals(field_name, name)) return value;
  }
  return std::nullopt;
}

void Headers::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::set(std::string name, std::string value) {
  auto found = std::find_if(fields_.begin(), fields_.end(),
                            [&](const Field& field) { return iequals(field.first, name); });
  if (found == fields_.end()) {
    add(std::move(name), std::move(value));
    return;
  }
  found->second = std::move(value);
  fields_.erase(std::remove_if(std::next(found), fields_.end(),
                               [&](const Field& field) { return iequals(field.first, name); }),
                fields_.end());
}

size_t Headers::remove(std::string_view name) {
  return std::erase_if(fields_, [&](const Field& field) { return iequals(field.first, name); });
}

std::string_view Request::path() const {
  std::string_view view = target;
  return view.substr(0, view.find('?'));
}

std::string_view Request::query() const {
  std::string_view view = target;
  const auto mark = view.find('?');
  return mark == std::string_view::npos ? std::string_view{} : view.substr(mark + 1);
}

std::string media_type(std::string_view content_type) {
  return to_lower(trim(content_type.substr(0, content_type.find(';'))));
}

std::optional<std::string> content_type_param(std::string_view content_type,
                                              std::string_view name) {
  size_t start = content_type.find(';');
  while (start != std::string_view::npos) {
    const size_t end = content_type.find(';', start + 1);
    const auto part = trim(content_type.substr(start + 1, end - start - 1));
    const auto equals = part.find('=');
    if (equals != std::string_view::npos && iequals(trim(part.substr(0, equals)), name)) {
      auto value = trim(part.substr(equals + 1));
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string{value};
    }
    start = end;
  }
  return std::nullopt;
}

}  // namespace automock
