#include "core/test_cassette.hpp"

#include <cctype>
#include <string>

namespace automock {

namespace {

std::string safe_part(std::string_view name) {
  std::string safe{name};
  for (char& c : safe) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') c = '_';
  }
  return safe;
}

}  // namespace

std::filesystem::path test_cassette_path(const std::filesystem::path& root, std::string_view suite,
                                         std::string_view test) {
  return root / safe_part(suite) / safe_part(test);
}

}  // namespace automock
